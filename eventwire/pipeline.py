"""The extraction pipeline: spaCy parse, then each stage in turn over one `Extraction`.

`Pipeline(data=..., stages=...)` builds the `Resources` of a data directory chain once and checks the stage
contracts (`eventwire.stages`) when it is built. `STAGES` lists the stages in their default order.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence

from spacy.tokens import Doc

from eventwire import limits, nlp
from eventwire.document import Document, Extraction
from eventwire.entities import stage as entities
from eventwire.errors import EventwireError, ExtractionError, InputError
from eventwire.events import stage as events
from eventwire.gcpause import collection_paused
from eventwire.ingest.layout import analyse
from eventwire.ingest.reading import LANG_CHECKS, RawArticle, iso_date
from eventwire.inputs import Source, as_article
from eventwire.parallel import extract_in_processes
from eventwire.places import stage as places
from eventwire.quantities import stage as quantities
from eventwire.quotes import stage as quotes
from eventwire.resources import DataArgument, Resources
from eventwire.stages import Context, Stage, check_order
from eventwire.suggest import did_you_mean
from eventwire.times import stage as times

log = logging.getLogger(__name__)
BATCH_CHARACTERS = 8_000
"""Most characters parsed together in one spaCy batch (a longer document is parsed alone). spaCy's networks hold
arrays for every token of a batch at once, so a batch's memory grows with its text: 16 long Reuters stories
(40,655 characters) take 114 MB more while they are parsed, the same 16 taken 4 at a time 33 MB. A Reuters story
has 880 characters on average, so a batch holds about nine. That costs a 1-process ingest 2-5 % of its time (16,000
characters: 1.5-3 %), and a long corpus, which holds longer runs of long stories, no longer raises the peak
(bench/RESULTS.md, "Memory as the corpus grows")."""

STAGES: tuple[Stage, ...] = (entities.STAGE, places.STAGE, times.STAGE, quotes.STAGE, quantities.STAGE, events.STAGE)
"""Every stage, in the default order."""
STAGE_NAMES = tuple(stage.name for stage in STAGES)


def select_stages(stages: Sequence[str | Stage] | str | None) -> tuple[Stage, ...]:
    """Stages by name ("entities,times" or a list; a `Stage` is taken as it is), in the order given, checked."""
    if stages is None:
        return STAGES
    if isinstance(stages, str):
        stages = [name.strip() for name in stages.split(",") if name.strip()]
    by_name = {stage.name: stage for stage in STAGES}
    chosen = []
    for stage in stages:
        if isinstance(stage, Stage):
            chosen.append(stage)
        elif stage in by_name:
            chosen.append(by_name[stage])
        else:
            raise EventwireError(f"unknown stage {stage!r}{did_you_mean(stage, by_name)}; "
                                 f"stages: {', '.join(STAGE_NAMES)}")
    check_order(chosen)
    return tuple(chosen)


class Pipeline:
    """Load once, extract many.

        nlp = eventwire.Pipeline()                       # the shipped data, every stage
        nlp = eventwire.Pipeline(data="my-data/")        # my-data/actors/*.yaml etc. overlay the shipped files
        nlp = eventwire.Pipeline(stages=["entities", "times"])
        result = nlp.extract("SEOUL (Reuters) - ...", published="2024-10-29")
        for result in nlp.extract_many(texts_or_dicts, workers=2): ...

    `data` is a data directory (or several) after the shipped data and `$EVENTWIRE_DATA`
    (see `eventwire.datapath`); `resources` reuses another pipeline's `Resources` instead.
    """

    def __init__(self, data: DataArgument = None, stages: Sequence[str | Stage] | str | None = None,
                 resources: Resources | None = None, max_chars: int = limits.MAX_CHARS, on_long: str = "split",
                 doc_timeout: float | None = None, lang: str = "auto"):
        """`max_chars`: longer documents are split at paragraph boundaries and extracted in parts (`on_long`
        "split") or refused ("refuse"); `doc_timeout`: seconds a document may take before it becomes an error;
        `lang`: the language check (`eventwire.ingest.reading.LANG_CHECKS`). See docs/reliability.md."""
        if on_long not in limits.ON_LONG:
            raise EventwireError(f"on_long must be one of {', '.join(limits.ON_LONG)}, not {on_long!r}")
        if lang not in LANG_CHECKS:
            raise EventwireError(f"lang must be one of {', '.join(LANG_CHECKS)}, not {lang!r}")
        if max_chars < 1:
            raise EventwireError(f"max_chars must be positive, not {max_chars}")
        self.max_chars, self.on_long, self.doc_timeout, self.lang = max_chars, on_long, doc_timeout, lang
        self.stages = select_stages(stages)
        self.resources = resources or Resources(data)
        with collection_paused():
            self.nlp = self.resources.nlp
            if any(stage.name == "entities" for stage in self.stages):
                self.resources.entity_matchers  # noqa: B018 - built before the first memory zone (see Resources)
        self.nlp.max_length = max(self.nlp.max_length, max_chars + 1)

    @property
    def limits(self) -> dict:
        """The keyword arguments that give another pipeline (a worker process's) the same limits."""
        return {"max_chars": self.max_chars, "on_long": self.on_long, "doc_timeout": self.doc_timeout,
                "lang": self.lang}

    @property
    def stage_names(self) -> tuple[str, ...]:
        return tuple(stage.name for stage in self.stages)

    def extract(self, source: Source, published: str | None = None) -> Extraction:
        """One article (a `RawArticle`, a str of text or HTML, a dict, a Path) -> its `Extraction`.
        Raises `InputError` for input it refuses, `ExtractionError` when a stage fails."""
        result = next(self.extract_many([as_article(source)], published))
        if isinstance(result, EventwireError):
            raise result
        return result

    def extract_many(self, items: Iterable[Source | InputError], published: str | None = None, batch_size: int = 16,
                     workers: int = 1) -> Iterator[Extraction | InputError | ExtractionError]:
        """Extract in input order. An item that cannot be read comes out as its `InputError`, a document a stage
        failed on as its `ExtractionError` (both are exceptions: raise them to stop). Documents are parsed
        `batch_size` at a time, fewer when they would exceed BATCH_CHARACTERS together; one at a time under a
        `doc_timeout` (a document's time is then its own). Each document is first checked (`_admitted`): its
        language, its length. With `workers` > 1 the documents are parsed in that many processes (each loads its
        own pipeline over the same data, with the same limits)."""
        articles = (item if isinstance(item, InputError) else readable(item, number)
                    for number, item in enumerate(items, start=1))
        if workers > 1:
            if any(stage not in STAGES for stage in self.stages):
                raise EventwireError("extract_many(workers > 1) runs eventwire's own stages only; use workers=1")
            yield from extract_in_processes(articles, workers, published, self)
            return
        pending: list[RawArticle | InputError] = []
        characters = 0
        batch_size = 1 if self.doc_timeout else batch_size
        for item in map(self._admitted, articles):
            size = len(item.text) if isinstance(item, RawArticle) else 0
            if pending and (len(pending) >= batch_size or characters + size > BATCH_CHARACTERS
                            or size > self.max_chars):
                yield from self._timed(pending, published)
                pending, characters = [], 0
            if size > self.max_chars:
                yield self._extract_long(item, published)
                continue
            pending.append(item)
            characters += size
        if pending:
            yield from self._timed(pending, published)

    def _admitted(self, item: RawArticle | InputError) -> RawArticle | InputError:
        """The item, or the InputError that refuses it: a language the check is sure is not English, a length
        above `max_chars` when such documents are refused. A short text the check cannot be sure of is
        accepted, with a warning when it looks like another language."""
        if not isinstance(item, RawArticle):
            return item
        if self.on_long == "refuse" and len(item.text) > self.max_chars:
            return InputError(item.origin, f"too long ({len(item.text):,} characters, limit {self.max_chars:,}); "
                                           "split it, or let eventwire extract it in parts (--on-long split)")
        try:
            doubt = self.resources.languages.check(item.text, item.origin, self.lang)
        except InputError as err:
            return err
        if doubt:
            log.warning("%s", doubt)
        return item

    def _timed(self, items: list[RawArticle | InputError],
               published: str | None) -> Iterator[Extraction | InputError | ExtractionError]:
        """`_run_batch`, under the time budget when there is one (then `items` is one document)."""
        if not self.doc_timeout:
            yield from self._run_batch(items, published)
            return
        try:
            with limits.time_budget(self.doc_timeout):
                results = list(self._run_batch(items, published))
        except limits.DocumentTimeout:
            results = [item if isinstance(item, InputError) else InputError(
                item.origin, f"took longer than {self.doc_timeout:g} s (the time budget, --doc-timeout); skipped")
                for item in items]
        yield from results

    def _extract_long(self, item: RawArticle, published: str | None) -> Extraction | InputError | ExtractionError:
        """A document above `max_chars`, extracted in parts cut at paragraph boundaries and put back together
        (`eventwire.limits`); the time budget, if any, is for the whole."""
        whole = analyse(item, published=iso_date(item.published) or published)
        parts = limits.parts(whole.text, self.max_chars)
        done: list[tuple[int, Extraction]] = []
        try:
            with limits.time_budget(self.doc_timeout):
                for index, (start, end) in enumerate(parts):
                    document = limits.part_document(whole, start, end, index)
                    with self.nlp.memory_zone():
                        doc = nlp.parsed_from(self.nlp(document.text), document.text)
                        done.append((start, self._run_stages(document, doc)))
        except limits.DocumentTimeout:
            return InputError(item.origin, f"took longer than {self.doc_timeout:g} s (the time budget, "
                                           f"--doc-timeout) in part {len(done) + 1} of {len(parts)}; skipped")
        except Exception as err:  # as in a batch: one bad document must not stop the run
            log.exception("failed on %s", item.origin)
            return ExtractionError(item.origin, f"internal error while extracting part {len(done) + 1} of "
                                                f"{len(parts)} ({type(err).__name__}: {err})")
        return limits.merge(whole, done)

    def _run_batch(self, items: list[RawArticle | InputError],
                   published: str | None) -> Iterator[Extraction | InputError | ExtractionError]:
        """Parse and extract one batch inside a spaCy memory zone: the strings and vocabulary entries its words
        added are freed when the batch is done (an `Extraction` holds no spaCy object), so a long ingest does not
        grow with every new word it meets, as spaCy alone does."""
        documents = [analyse(item, published=iso_date(item.published) or published)
                     for item in items if isinstance(item, RawArticle)]
        with self.nlp.memory_zone():
            docs = iter(self.nlp.pipe([document.text for document in documents]))
            results = iter(documents)
            for item in items:
                if isinstance(item, InputError):
                    yield item
                    continue
                document = next(results)
                doc = nlp.parsed_from(next(docs), document.text)
                try:
                    yield self._run_stages(document, doc)
                except Exception as err:  # one bad document must not stop a batch
                    log.exception("failed on %s", item.origin)
                    yield ExtractionError(item.origin, f"internal error while extracting ({type(err).__name__}: {err})")

    def _run_stages(self, document: Document, doc: Doc) -> Extraction:
        ctx = Context(doc=doc, result=Extraction(document=document), resources=self.resources)
        timing = log.isEnabledFor(logging.DEBUG)
        for stage in self.stages:
            started = time.perf_counter() if timing else 0.0
            stage.run(ctx)
            if timing:
                log.debug("%s: %s %.1f ms", document.origin, stage.name, 1000 * (time.perf_counter() - started))
        return ctx.result


def readable(item: Source, number: int) -> RawArticle | InputError:
    """An item of `extract_many` as an article, or the error that refuses it (named by its place in the input)."""
    try:
        return as_article(item, origin=f"<item {number}>")
    except InputError as err:
        return err
