"""Entities and actors: who is named in a story and who they are in event-data terms."""
