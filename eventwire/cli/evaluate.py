"""`eventwire eval ...`: score each stage on a public gold set and print the scores as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from eventwire.cli.app import app, fail, limit_option

eval_app = typer.Typer(help="Score eventwire's stages on public gold sets (prints JSON).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("html")
def eval_html(
    benchmark: Annotated[Path, typer.Option(help="The article-extraction-benchmark folder (html/*.html.gz, ground-truth.json).")],
    limit: limit_option("Score only the first N pages.") = None,
) -> None:
    """Main-text precision, recall and F1 of the HTML reader against hand-written article bodies.

    The benchmark's own measure: 4-word shingles, per page precision and recall, averaged over pages.
    """
    from eventwire.eval.html import evaluate

    print(json.dumps(evaluate(benchmark, limit=limit), indent=2))


@eval_app.command("ner")
def eval_ner(
    conll: Annotated[Path, typer.Option(help="A CoNLL-2003 file in BIO form, e.g. ../shared/data/conll2003/bio/dev.txt")],
    limit: limit_option("Score only the first N documents.") = None,
    baseline: Annotated[bool, typer.Option(help="Also score plain en_core_web_sm with the same type mapping.")] = False,
) -> None:
    """Span-level precision, recall and F1 of the entity recogniser on CoNLL-2003 (PER/ORG/LOC/MISC).

    Types map PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC, NORP/EVENT/WORK_OF_ART/PRODUCT/LAW/LANGUAGE->MISC;
    a prediction counts only when its span and type match the gold exactly. Tune on train/dev, report test.
    """
    from eventwire.eval.ner import evaluate

    print(json.dumps(evaluate(conll, limit=limit, baseline=baseline), indent=2))


@eval_app.command("events")
def eval_events(
    case2021: Annotated[Optional[Path], typer.Option(
        help="CASE 2021 Task 2 TSV (id, EventSnippet, SubType), e.g. "
             "../shared/data/case2021/task2/test_dataset/test_set_final_release_with_labels.tsv")] = None,
    petrarch: Annotated[Optional[Path], typer.Option(
        help="PETRARCH validation XML with CAMEO gold codings, e.g. "
             "../shared/data/petrarch_validation/PETR2_GSR_validation.xml")] = None,
    limit: limit_option("Score only the first N snippets or records.") = None,
) -> None:
    """Score the event coder on a gold set: give exactly one of --case2021 or --petrarch.

    --case2021: each snippet's gold ACLED-style type is mapped to a PLOVER type and mode
    (eventwire/data/events/case2021.yaml); types with no PLOVER counterpart (disasters,
    crime, ...) are left out and counted as `unmapped`. Prints type_accuracy,
    type_mode_accuracy, macro_f1 over PLOVER types, and the counts per gold type.

    --petrarch: each record's main event is compared with its CAMEO gold codings. Prints
    root_accuracy (CAMEO root of the main event), root_recall_any_event (any event has a gold
    root), plover_type_accuracy, and how many `noevents` records stayed without an event.
    Records coded with non-CAMEO test codes (the UnitTest file's toy dictionary) are skipped.
    """
    from eventwire.eval.events import evaluate, evaluate_petrarch

    if (case2021 is None) == (petrarch is None):
        raise typer.BadParameter("give exactly one of --case2021 or --petrarch")
    report = evaluate(case2021, limit=limit) if case2021 is not None else evaluate_petrarch(petrarch, limit=limit)
    print(json.dumps(report, indent=2))


@eval_app.command("clusters")
def eval_clusters(
    meantime: Annotated[Path, typer.Option(
        help="MEANTIME's corpus-level annotation (or one corpus_* folder of it), e.g. "
             "../shared/data/meantime/intra_cross-doc_annotation")],
    limit: limit_option("Score only the first N documents.") = None,
    window_days: Annotated[Optional[int], typer.Option(min=0, help="Override clustering.yaml's window_days.")] = None,
) -> None:
    """Score the cross-document event clustering: MUC, B-cubed, CEAF-e and their CoNLL average.

    Gold: the event mentions tied to a corpus-level event instance. Each document is extracted, each gold mention
    gets the features of the eventwire event at its trigger (else of its token), and the store's clustering rule
    (eventwire/data/store/clustering.yaml) groups them. Two baselines are scored in the same run: singletons
    (every mention alone) and lemma_3_days (same trigger lemma, report dates at most 3 days apart).
    """
    from eventwire.cli.app import fail
    from eventwire.eval.clusters import evaluate
    from eventwire.store.clusters import MergeRule

    try:
        report = evaluate(meantime, limit=limit, rule=MergeRule.load(window_days=window_days))
    except (OSError, ValueError) as err:
        fail(str(err))
    print(json.dumps(report, indent=2))


@eval_app.command("timex")
def eval_timex(
    tempeval: Annotated[
        Path, typer.Option(help="A directory of TimeML files, e.g. ../shared/data/tempeval3/Evaluation/te3-platinum")
    ],
    limit: limit_option("Score only the first N files (sorted by name).") = None,
    errors: Annotated[
        Optional[Path], typer.Option(help="Write every miss, false alarm and wrong value here, one JSON a line.")
    ] = None,
) -> None:
    """TempEval-3 (task A) scores of the times stage on TimeML files.

    strict: spans identical to the gold ones; relaxed: spans that overlap them.
    value F1: relaxed matches whose TimeML value is right, over all found and all gold expressions.
    type accuracy: relaxed matches with the right type (DATE, TIME, DURATION, SET).

    Each file's document creation time (DCT) is its publication date; only the TEXT element is scored.
    Spans are compared by characters (the official TempEval-3 scorer uses tokens).

    [bold]Example[/bold]

      eventwire eval timex --tempeval ../shared/data/tempeval3/Training/TBAQ-cleaned --errors /tmp/timex-errors.jsonl
    """
    from eventwire.eval.timex import evaluate

    print(json.dumps(evaluate(tempeval, limit=limit, errors_path=errors), indent=2))


@eval_app.command("places")
def eval_places(
    paths: Annotated[list[Path], typer.Argument(
        help="Gold sets from ../shared/data/geoparsing/: GWN.xml (GeoWebNews), TR-News.xml, lgl.xml, GeoVirus.xml.")],
    corpus: Annotated[Optional[list[str]], typer.Option(
        help="A name for each PATH, in order (repeatable); the file name when left out.")] = None,
    limit: limit_option("Score only the first N articles of each set.") = None,
    recognition: Annotated[bool, typer.Option(help="Also run the whole pipeline and score toponym recognition.")] = True,
) -> None:
    """Place resolution given the gold names (acc_161km, exact_geonames) and end-to-end toponym F1.

    Resolution: each gold toponym with coordinates is resolved with the other gold names of its article as
    evidence; acc_161km is the share within 161 km of the gold point, exact_geonames the share with the gold
    GeoNames id. Recognition runs the whole pipeline and matches place mention spans with the gold spans.

    [bold]Examples[/bold]

      eventwire eval places --corpus GeoWebNews ../shared/data/geoparsing/GWN.xml

      eventwire eval places --corpus TR-News --corpus LGL ../shared/data/geoparsing/TR-News.xml ../shared/data/geoparsing/lgl.xml
    """
    from eventwire.eval.places import evaluate

    names = list(corpus or [])
    corpora = [(names[i] if i < len(names) else path.stem, path) for i, path in enumerate(paths)]
    print(json.dumps(evaluate(corpora, limit=limit, recognition=recognition), indent=2))


@eval_app.command("quotes")
def eval_quotes(
    polnear: Annotated[Path, typer.Option(help="A PolNeAR split directory with text/ and attributions/, "
                                               "e.g. ../shared/data/polnear/dev")],
    limit: limit_option("Score only the first N articles (by file name).") = None,
) -> None:
    """Precision, recall and F1 of quote and attribution spans (source, cue, content) on PolNeAR.

    Spans match when they share a letter or digit (one-to-one); exact_* needs equal
    boundaries. attribution_recall is the share of gold attributions whose content and
    source are both found by one predicted attribution. Articles annotated several
    times count once (their scores are averaged over the annotations).

    [bold]Example[/bold]

      eventwire eval quotes --polnear ../shared/data/polnear/dev --limit 20
    """
    from eventwire.eval.quotes import evaluate

    print(json.dumps(evaluate(polnear, limit=limit), indent=2))


@eval_app.command("arguments")
def eval_arguments(
    conflibert: Annotated[Optional[Path], typer.Option(
        help="ConfliBERT cameo_ner BIO file, e.g. ../shared/data/conflibert/cameo_ner/train.txt")] = None,
    meantime: Annotated[Optional[Path], typer.Option(
        help="A MEANTIME folder of NewsReader XML, e.g. ../shared/data/meantime/intra-doc_annotation")] = None,
    rams: Annotated[Optional[Path], typer.Option(help="RAMS jsonlines, e.g. ../shared/data/rams/dev.jsonlines")] = None,
    petrarch: Annotated[Optional[Path], typer.Option(
        help="PETRARCH validation XML, e.g. ../shared/data/petrarch_validation/PETR2_GSR_validation.xml")] = None,
    glocon: Annotated[Optional[Path], typer.Option(
        help="GLOCON token-level FoLiA folder, e.g. ../shared/data/glocon_gold_sample/token")] = None,
    limit: limit_option("Score only the first N documents of each set.") = None,
    errors: Annotated[Optional[Path], typer.Option(help="Write each gold event not got right here (JSON lines).")] = None,
) -> None:
    """Source and target precision and recall, both-actors-right and role swaps, with the positional baseline.

    Give one or more gold sets. Spans match when they overlap; PETRARCH codes when their country
    (or IGO) part matches. See eventwire/eval/arguments.py and docs/arguments.md.

    [bold]Example[/bold]

      eventwire eval arguments --conflibert ../shared/data/conflibert/cameo_ner/train.txt --limit 200
    """
    from eventwire.eval.arguments import evaluate

    sets = [(name, path) for name, path in (("conflibert", conflibert), ("meantime", meantime), ("rams", rams),
                                            ("petrarch", petrarch), ("glocon", glocon)) if path is not None]
    if not sets:
        raise typer.BadParameter("give at least one gold set (--conflibert, --meantime, --rams, --petrarch, --glocon)")
    for _, path in sets:
        if not path.exists():
            fail(f"{path}: no such file or folder")
    try:
        report = evaluate(sets, limit=limit, errors_path=errors)
    except ValueError as err:
        fail(str(err))
    print(json.dumps(report, indent=2))
