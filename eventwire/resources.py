"""Everything the stages know, loaded once per pipeline from one data directory chain.

`Resources(data)` holds everything eventwire reads from data: the actor knowledge base, the gazetteer and its
place resolver, the named regions, the entity recogniser's word lists, the time lexicon, the quote cue lexicon,
the quantity lexicon, the CAMEO table, the event coder (patterns, argument rules), the merge settings and
magnitude kinds, the admin1 codes, the language identifier and the spaCy model. Each is built on first use and
kept: a `Pipeline` builds one `Resources` and passes it to every stage in its `Context`; the store, the CLI and
worker processes get theirs the same way. `data` is the data directory chain of `eventwire.datapath` (the
shipped data, `$EVENTWIRE_DATA`, then `data`), so a user's `my-data/actors/*.yaml` adds actors and
`my-data/quotes/cues.yaml` replaces the shipped cue list.

No loader keeps what it read in a module-level cache: what one `Resources` parsed is its own, so a user's data
reaches the pipelines built over it and no other. Pipelines that should share what was read share one
`Resources` (`Pipeline(resources=...)`). The slow parts (the knowledge base, the gazetteer, the language
identifier, the compiled openings of the time rules) are cached on disk by `eventwire.datacache`, keyed by the
files they come from.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.datapath import DataPath

if TYPE_CHECKING:
    from spacy.language import Language

    from eventwire.entities.kb import KnowledgeBase
    from eventwire.entities.recognize import Recognizer
    from eventwire.entities.resolve import EntityResolver
    from eventwire.entities.wordlists import NameWords
    from eventwire.events.arguments import ArgumentRules
    from eventwire.events.coder import Coder
    from eventwire.events.location import Admin1Codes
    from eventwire.events.magnitude import Kind
    from eventwire.events.merge import MergeSettings
    from eventwire.events.ontology import CameoCode
    from eventwire.ingest.reading import LanguageDetector
    from eventwire.places.gazetteer import Gazetteer
    from eventwire.places.resolve import PlaceResolver
    from eventwire.quantities.lexicon import QuantityLexicon
    from eventwire.quotes.attribution import AttributionFinder
    from eventwire.quotes.cues import CueLexicon
    from eventwire.times.lexicon import TimeLexicon

DataArgument = DataPath | str | Path | Iterable[str | Path] | None


class Resources:
    """The knowledge of one data directory chain, each part loaded on first use."""

    def __init__(self, data: DataArgument = None):
        self.path = data if isinstance(data, DataPath) else DataPath.chain(data)

    def __repr__(self) -> str:
        return f"Resources({', '.join(str(d) for d in self.path.dirs)})"

    @cached_property
    def kb(self) -> KnowledgeBase:
        """Countries, capitals, IGOs, media, organisations, regions, roles, agents (`actors/*.yaml`)."""
        from eventwire.entities.kb import knowledge_base

        return knowledge_base(self.path.folders("actors"))

    @cached_property
    def gazetteer(self) -> Gazetteer:
        """GeoNames places with the `places/*.yaml` additions and the knowledge base's country names."""
        from eventwire.places.gazetteer import load_gazetteer

        user_actor_files = tuple(p for d in self.path.user_dirs for p in sorted((d / "actors").glob("*.yaml")))
        return load_gazetteer(tuple(d / "places" for d in self.path.user_dirs if (d / "places").is_dir()),
                              kb=self.kb, actor_files=user_actor_files)

    @cached_property
    def places(self) -> PlaceResolver:
        """The place resolver over the gazetteer (it memoises look-ups, so one per pipeline)."""
        from eventwire.places.resolve import PlaceResolver

        return PlaceResolver(self.gazetteer)

    @cached_property
    def regions(self) -> dict[str, list[str]]:
        """Knowledge-base key of each named region ("region:Baltics") -> its countries."""
        from eventwire.places.stage import region_countries

        return region_countries([p for p in self.path.files("actors") if p.name == "regions.yaml"])

    @cached_property
    def times(self) -> TimeLexicon:
        """The words and rules of time expressions (`times/lexicon.yaml`, `times/patterns.yaml`)."""
        from eventwire.times.lexicon import load_times

        return load_times(self.path.file("times/lexicon.yaml"), self.path.file("times/patterns.yaml"))

    @cached_property
    def cues(self) -> CueLexicon:
        """Which words report speech or thought (`quotes/cues.yaml`)."""
        from eventwire.quotes.cues import load_cues

        return load_cues(self.path.file("quotes/cues.yaml"))

    @cached_property
    def attributions(self) -> AttributionFinder:
        """The quote attribution finder; its look-up tables depend only on the cue lexicon."""
        from eventwire.quotes.attribution import AttributionFinder

        return AttributionFinder(self.cues)

    @cached_property
    def quantities(self) -> QuantityLexicon:
        """Scales, currencies, units and context words of the quantities stage (`quantities/*.yaml`)."""
        from eventwire.quantities.lexicon import load_quantities

        return load_quantities(self.path.file("quantities/units.yaml"), self.path.file("quantities/context.yaml"))

    @cached_property
    def cameo(self) -> dict[str, CameoCode]:
        """The CAMEO code table: names, PLOVER types, Goldstein weights (`events/cameo.tsv`)."""
        from eventwire.events.ontology import cameo_table

        return cameo_table(self.path.file("events/cameo.tsv"))

    @cached_property
    def argument_rules(self) -> ArgumentRules:
        """The word lists that find events' source and target actors (`events/arguments.yaml`)."""
        from eventwire.events.arguments import load_rules

        return load_rules(self.path.file("events/arguments.yaml"))

    @cached_property
    def coder(self) -> Coder:
        """The event coder with the patterns of `events/patterns.yaml`, the argument rules, the CAMEO table and
        the knowledge base's unnamed agents."""
        from eventwire.events.coder import Coder
        from eventwire.events.patterns import load_lexicon

        return Coder(load_lexicon(self.path.file("events/patterns.yaml"), self.cameo), agents=self.kb.agents,
                     rules=self.argument_rules, table=self.cameo)

    @cached_property
    def merge_settings(self) -> MergeSettings:
        """When two mentions of a document report one happening (`events/records.yaml`, `merge`, `joint`)."""
        from eventwire.events.merge import load_settings

        return load_settings(self.path.file("events/records.yaml"))

    @cached_property
    def magnitude_kinds(self) -> tuple[Kind, ...]:
        """Which quantities measure which events (`events/records.yaml`, `magnitude`; money in the quantity
        lexicon's currencies)."""
        from eventwire.events.magnitude import load_kinds

        lexicon = self.quantities
        return load_kinds(self.path.file("events/records.yaml"),
                          {*lexicon.currency_symbols.values(), *lexicon.currency_names.values()})

    @cached_property
    def admin1_codes(self) -> Admin1Codes:
        """(country, first-level division name) -> its GeoNames admin1 code, for events' GDELT-style places (read
        on the first look-up)."""
        from eventwire.events.location import Admin1Codes

        return Admin1Codes()

    @cached_property
    def languages(self) -> LanguageDetector:
        """The language check of the pipeline's input (its n-gram identifier is loaded when a text needs it)."""
        from eventwire.ingest.reading import LanguageDetector

        return LanguageDetector()

    @cached_property
    def nlp(self) -> Language:
        """The spaCy pipeline (en_core_web_sm 3.8.0 with eventwire's components)."""
        from eventwire import nlp

        return nlp.load_model()

    @cached_property
    def entity_matchers(self) -> tuple[Recognizer, EntityResolver]:
        """The entity stage's recogniser and resolver, built over the knowledge base and the model's vocabulary.
        `Pipeline` builds them before its first memory zone, so the vocabulary entries of the knowledge base's
        names stay when a zone's are freed."""
        from eventwire.entities.recognize import Recognizer
        from eventwire.entities.resolve import EntityResolver

        return Recognizer(self.kb, self.nlp, self.name_words), EntityResolver(self.kb)

    @cached_property
    def name_words(self) -> NameWords:
        """The word lists of the entity recogniser's corrections (`ner/names.yaml`, `ner/sports.yaml`)."""
        from eventwire.entities.wordlists import load_name_words

        return load_name_words(self.path.file("ner/names.yaml"), self.path.file("ner/sports.yaml"))
