"""How often the language check refuses English and accepts other languages, by the length of the text.

    python bench/language_check.py

English: CoNLL-2003 dev sentences (tokens joined, the shared copy's bio/dev.txt), Reuters-21578 headlines (the
first --headlines titles with a body, in the capitals they were sent in) and MEANTIME sentences (Wikinews, all
four corpora), each text alone, and runs of 2 and 3 consecutive CoNLL sentences. Other languages: the example
sentences spaCy ships for each of its languages (`spacy.lang.XX.examples`, news-like headlines and sentences in
about 40 languages; those in the check's NEWS_LANGUAGES and the rest), each alone and joined 2 and 3 at a time.
Every text goes through `eventwire.ingest.reading.LanguageDetector.verdict`: the detected language, its probability
among NEWS_LANGUAGES and the number of words. Reported per length bin (words): the share of English texts the
detector calls another language (what a strict check would refuse), the share of other texts it calls English
(what it would let through), and the same for the rule `LanguageDetector.check` applies in `--lang auto`: refuse only from
RELIABLE_WORDS words and a probability of at least SURE.
Prints a Markdown table.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_reuters import REUTERS, SHARED, tag

BINS = [(1, 3), (4, 5), (6, 7), (8, 9), (10, 12), (13, 15), (16, 20), (21, 30), (31, 10_000)]
DETOKENIZE = [(re.compile(r" ([.,;:!?%)\]'])"), r"\1"), (re.compile(r"([(\[$]) "), r"\1"), (re.compile(r" n't"), "n't")]


def joined(tokens: list[str]) -> str:
    text = " ".join(tokens)
    for pattern, replacement in DETOKENIZE:
        text = pattern.sub(replacement, text)
    return text


def conll_sentences() -> list[str]:
    sentences, tokens = [], []
    for line in (SHARED / "data" / "conll2003" / "bio" / "dev.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("-DOCSTART-"):
            if tokens:
                sentences.append(joined(tokens))
            tokens = []
            continue
        tokens.append(line.split()[0])
    return sentences


def headlines(limit: int) -> list[str]:
    found = []
    for path in sorted(REUTERS.glob("reut2-*.sgm")):
        for block in re.findall(r"<REUTERS.*?</REUTERS>", path.read_text(encoding="latin-1"), re.DOTALL):
            title = tag(block, "TITLE")
            if title and tag(block, "BODY"):
                found.append(" ".join(title.split()))
            if len(found) == limit:
                return found
    return found


def meantime_sentences() -> list[str]:
    found = []
    for path in sorted((SHARED / "data" / "meantime").rglob("*.xml")):
        sentences: dict[str, list[str]] = {}
        for number, token in re.findall(r'<token [^>]*sentence="(\d+)"[^>]*>([^<]*)</token>', path.read_text("utf-8")):
            sentences.setdefault(number, []).append(token)
        found.extend(joined(tokens) for tokens in sentences.values())
    return found


def foreign_sentences() -> dict[str, list[str]]:
    import spacy

    found = {}
    for folder in sorted((Path(spacy.__file__).parent / "lang").iterdir()):
        if folder.name in ("en", "xx") or not (folder / "examples.py").exists():
            continue
        sentences = getattr(importlib.import_module(f"spacy.lang.{folder.name}.examples"), "sentences", [])
        if sentences:
            found[folder.name] = list(sentences)
    return found


def runs(texts: list[str], size: int) -> list[str]:
    return [" ".join(texts[i:i + size]) for i in range(0, len(texts) - size + 1, size)]


def main() -> None:
    from eventwire.ingest.reading import RELIABLE_WORDS, SURE, LanguageDetector

    detector = LanguageDetector()
    english = conll_sentences() + headlines(2000) + meantime_sentences()
    conll = conll_sentences()
    english += runs(conll, 2) + runs(conll, 3)
    foreign = [text for texts in foreign_sentences().values() for size in (1, 2, 3) for text in runs(texts, size)]
    table = {bin_: {"en": [0, 0, 0], "xx": [0, 0, 0]} for bin_ in BINS}  # texts, called other/English, by the rule
    for kind, texts in (("en", english), ("xx", foreign)):
        for text in texts:
            language, probability, words = detector.verdict(text)
            bin_ = next((b for b in BINS if b[0] <= words <= b[1]), None)
            if bin_ is None:
                continue
            row = table[bin_][kind]
            row[0] += 1
            wrong = (language != "en") if kind == "en" else (language == "en")
            refused = language != "en" and words >= RELIABLE_WORDS and probability >= SURE
            row[1] += wrong
            row[2] += refused if kind == "en" else not refused
    print(f"English texts: {len(english)}; other languages: {len(foreign)} "
          f"(RELIABLE_WORDS {RELIABLE_WORDS}, SURE {SURE})\n")
    print("| words | English texts | called other (strict refusal) | refused by --lang auto | other texts "
          "| called English (strict acceptance) | accepted by --lang auto |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    def share(part: int, whole: int) -> str:
        return f"{100 * part / whole:.1f} %" if whole else "-"

    for (low, high), row in table.items():
        en, xx = row["en"], row["xx"]
        print(f"| {low}-{high if high < 10_000 else ''} | {en[0]} | {share(en[1], en[0])} | {share(en[2], en[0])} "
              f"| {xx[0]} | {share(xx[1], xx[0])} | {share(xx[2], xx[0])} |")


if __name__ == "__main__":
    main()
