"""Property tests of the extraction entry point: any text up to 20,000 characters is extracted without an error,
into output valid against the JSON schema, with every offset inside the text.

CI runs a few examples of each strategy; `make fuzz` (EVENTWIRE_FUZZ=1) runs many more and saves any input that
fails, or costs more than SLOW_FACTOR times ordinary news per character, to tests/data/adversarial/ (which
bench/adversarial.py and `test_saved_adversarial_inputs` then read). Time is not asserted here: it is measured
by bench/adversarial.py.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import time
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire import schema
from eventwire.fuzzing import GENERATORS, PUNCTUATION, URLS, WORDS
from eventwire.ingest.reading import InputError, RawArticle

FUZZ = os.environ.get("EVENTWIRE_FUZZ") == "1"
SAVED = Path(__file__).resolve().parent / "data" / "adversarial"
LONGEST = 20_000
SLOW_FACTOR = 3.0
"""An input costing more than this times the example article's time per character is saved (with `make fuzz`)."""
SHORTEST_TIMED = 2_000
"""Shorter inputs are not timed: a document's fixed cost (a few milliseconds) dominates their time per character."""
settings.register_profile("ci", max_examples=8, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("fuzz", max_examples=int(os.environ.get("EVENTWIRE_FUZZ_EXAMPLES", "300")), deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("fuzz" if FUZZ else "ci")

TEXT_CHARACTERS = st.characters(exclude_categories=("Cs",))  # what a decoded file can hold: no lone surrogates
pieces = st.one_of(
    st.sampled_from(WORDS).map(lambda w: w + " "),
    st.sampled_from(list(PUNCTUATION)),
    st.text(alphabet=st.sampled_from(list("\"'“”‘’„«»")), min_size=1, max_size=50),
    st.text(alphabet=st.sampled_from(list("()[]{}<>")), min_size=1, max_size=50),
    st.text(alphabet=st.sampled_from(list("-–—‐―")), min_size=1, max_size=50),
    st.integers(-10**12, 10**12).map(lambda n: f"{n:,} "),
    st.sampled_from(URLS),
    st.sampled_from(WORDS).flatmap(lambda w: st.integers(1, 300).map(lambda n: (w + " ") * n)),
    st.text(alphabet=st.sampled_from("abcXYZé0"), min_size=100, max_size=3000),  # very long tokens
    st.sampled_from(["\n", "\n\n", "\t", "  ", "\r\n", "\u00a0", "\u200b", "\ufeff"]),
)
biased_text = st.lists(pieces, max_size=400).map("".join).map(lambda text: text[:LONGEST])
generated_text = st.tuples(st.sampled_from(sorted(GENERATORS)), st.integers(0, LONGEST), st.integers(0, 2**16)).map(
    lambda args: GENERATORS[args[0]](args[1], args[2]))


@pytest.fixture(scope="module")
def unchecked(pipeline):
    """The pipeline without its language check: a generated text is rarely English, and what is wanted here is
    that every stage copes with it."""
    other = copy.copy(pipeline)
    other.lang = "off"
    return other


@pytest.fixture(scope="module")
def news_seconds_per_char(unchecked):
    from paths_helpers import EXAMPLE

    text = EXAMPLE.read_text(encoding="utf-8")
    unchecked.extract(RawArticle(id="warm", text=text, origin="warm"))
    started = time.process_time()
    unchecked.extract(RawArticle(id="news", text=text, origin="news"))
    return (time.process_time() - started) / len(text)


def spans(value, path="$"):
    """Every {"start", "end"} span of a record, with where it is."""
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
            yield path, value["start"], value["end"]
        for key, item in value.items():
            yield from spans(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from spans(item, f"{path}[{index}]")


def check(pipeline, text: str, news_per_char: float | None = None) -> None:
    started = time.process_time()  # CPU time of the extraction alone: wall time on a busy machine saved noise
    try:
        result = pipeline.extract(RawArticle(id="fuzz", text=text, origin="<fuzz>"))
        elapsed = time.process_time() - started
        assert not isinstance(result, InputError), result
        record = json.loads(result.to_json())
        jsonschema.validate(record, schema.load_schema())
        assert record["document"]["text"] == text or len(record["document"]["text"]) == len(text)
        for path, start, end in spans({k: v for k, v in record.items() if k != "schema"}):
            assert 0 <= start <= end <= len(text), f"{path}: [{start}, {end}) outside a text of {len(text)}"
        for entity in result.entities:
            for mention in entity.mentions:
                assert result.document.text[mention.start:mention.end] == mention.text
    except BaseException:
        if FUZZ:
            save(text, "failing")
        raise
    if FUZZ and news_per_char and len(text) >= SHORTEST_TIMED and elapsed / len(text) > SLOW_FACTOR * news_per_char:
        save(text, "slow")


def save(text: str, why: str) -> None:
    SAVED.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    (SAVED / f"fuzz-{why}-{digest}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")


@given(text=st.text(alphabet=TEXT_CHARACTERS, max_size=LONGEST))
def test_any_unicode_text(unchecked, news_seconds_per_char, text):
    check(unchecked, text, news_seconds_per_char)


@given(text=biased_text)
def test_text_biased_to_marks_numbers_urls_and_repeats(unchecked, news_seconds_per_char, text):
    check(unchecked, text, news_seconds_per_char)


@given(text=generated_text)
def test_generated_hostile_text(unchecked, news_seconds_per_char, text):
    check(unchecked, text, news_seconds_per_char)


@pytest.mark.parametrize("path", sorted(SAVED.glob("*.txt")), ids=lambda p: p.name)
def test_saved_adversarial_inputs(unchecked, path):
    check(unchecked, path.read_text(encoding="utf-8"))
