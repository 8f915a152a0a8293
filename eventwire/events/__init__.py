"""Event coding: CAMEO and PLOVER events with their actors, time, place and provenance."""
