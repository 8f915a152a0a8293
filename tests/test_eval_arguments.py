"""`eventwire eval arguments`: the five gold readers on tiny fixture files, span and code matching, the scores."""

from __future__ import annotations

import json

import pytest
from paths_helpers import FIXTURES
from typer.testing import CliRunner

from eventwire.eval import arguments as ev

HERE = FIXTURES / "arguments"


def texts(document, spans):
    return [document.text[s:e] for s, e in spans]


def test_tokens_are_joined_as_news_writes_them():
    tokens = "Baghdad ’ s forces took the rebel - held town ( NAF ) , officials said .".split()
    text, spans = ev.join_tokens([tokens])
    assert text == "Baghdad’s forces took the rebel-held town (NAF), officials said."
    assert [text[s:e] for s, e in spans[0]] == tokens
    text, _ = ev.join_tokens([["They", "do", "n’t", "know", "and", "we", "’re", "sure", "."]])
    assert text == "They don’t know and we’re sure."  # curly clitics too: 'n’t' read as a name made it an actor


def test_conflibert_spans_and_joint_actors():
    first, second = ev.read_conflibert(HERE / "conflibert.txt")
    event, = first.events
    assert texts(first, event.sources) == ["Russian troops"] and texts(first, event.targets) == ["the town of Avdiivka"]
    assert texts(second, second.events[0].joint) == ["France", "Germany"]


def test_conflibert_bad_line_names_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("Russia B-X\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.txt:1: expected 'token TAG'"):
        ev.read_conflibert(bad)


def test_meantime_arg0_is_the_source_arg1_the_target():
    document, = ev.read_meantime(HERE / "meantime")
    event, = document.events
    assert document.title == "Troops attack"
    assert document.text[event.trigger[0]:event.trigger[1]] == "attacked"
    assert texts(document, event.sources) == ["Russian troops"] and texts(document, event.targets) == ["Ukrainian soldiers"]


def test_rams_roles_map_to_sides_and_places_are_left_out():
    document, = ev.read_rams(HERE / "rams.jsonlines")
    event, = document.events
    assert texts(document, event.sources) == ["Russian troops"] and texts(document, event.targets) == ["Ukrainian soldiers"]
    assert document.text[event.region[0]:event.region[1]] == "Russian troops attacked Ukrainian soldiers near Bakhmut."


def test_petrarch_codes_on_both_sides_are_joint():
    first, second = ev.read_petrarch_actors(HERE / "petrarch.xml")
    assert (first.events[0].sources, first.events[0].targets, first.published) == (["RUSMIL"], ["UKR"], "2008-08-06")
    assert second.events[0].joint == ["FRA", "DEU"] and not second.events[0].sources


def test_glocon_layers_of_one_participant_are_one_span():
    document, = ev.read_glocon(HERE / "glocon")
    event, = document.events
    assert texts(document, event.sources) == ["Farmers"] and texts(document, event.targets) == ["the government"]


def test_matching_rules():
    assert ev.spans_match((0, 5), (3, 9)) and not ev.spans_match((0, 3), (3, 9))
    assert ev.spans_match(((20, 22), (0, 5)), (0, 9))  # a pronoun matched by its antecedent's span
    assert ev.codes_match("USAGOV", "USA") and ev.codes_match("USA", "USAGOV") and not ev.codes_match("RUS", "USA")
    assert ev.codes_match("KENLEG", "---LEG") and ev.codes_match("UN", "IGOUNO") and not ev.codes_match("EU", "IGOUNO")


def test_scores_count_recall_precision_both_right_and_swaps():
    event = ev.GoldEvent(region=(0, 50), sources=[(0, 5)], targets=[(10, 15)])
    tally = ev.ArgumentTally()
    tally.add(event, ev.Predicted([(0, 5)], [(10, 15)]))  # right
    tally.add(event, ev.Predicted([(10, 15)], [(0, 5)]))  # swapped
    tally.add(ev.GoldEvent(region=(0, 50), sources=[(0, 5)]), ev.Predicted([(0, 5)], [(30, 35)]))  # no gold target
    report = tally.report()
    assert report["source"] == {"precision": 0.6667, "recall": 0.6667, "precision_all": 0.6667, "gold": 3,
                                "predicted": 3, "unscored": 0}
    assert report["target"]["precision"] == 0.5 and report["target"]["precision_all"] == 0.3333
    assert report["target"]["unscored"] == 1
    assert (report["both_right"], report["swaps"]) == (0.6667, 0.3333)


def test_evaluate_scores_eventwire_and_the_baseline_on_each_set(tmp_path):
    errors = tmp_path / "errors.jsonl"
    report = ev.evaluate([("conflibert", HERE / "conflibert.txt"), ("petrarch", HERE / "petrarch.xml")],
                         errors_path=errors)
    conflibert = report["conflibert"]
    assert (conflibert["documents"], conflibert["events"], conflibert["failed"]) == (2, 2, 0)
    assert conflibert["eventwire"]["source"]["recall"] == 1.0 and conflibert["eventwire"]["both_right"] == 1.0
    assert set(conflibert["baseline"]) == set(conflibert["eventwire"])
    assert report["petrarch"]["eventwire"]["source"]["recall"] == 1.0
    for line in errors.read_text(encoding="utf-8").splitlines():
        assert {"set", "sentence", "gold", "eventwire", "baseline"} <= set(json.loads(line))


def test_cli_prints_json_and_rejects_a_missing_file(tmp_path):
    from eventwire.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["eval", "arguments", "--rams", str(HERE / "rams.jsonlines")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rams"]["events"] == 1
    missing = runner.invoke(app, ["eval", "arguments", "--glocon", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "no such file" in missing.output


def test_a_coded_report_is_the_news_of_its_sentence_not_the_clause_it_reports(tmp_path):
    """'Russia says Israel must end attacks': the sentence's news is Russia's demand (coded at 'says'), so the
    stretch's arguments are its own; a plain 'X said (that) ...' still gives the reported clause's event."""
    gold = tmp_path / "conflibert.txt"
    gold.write_text("Russia B-S\nsays O\nIsrael B-T\nmust O\nend O\nattacks O\non O\nSyria O\n. O\n\n"
                    "Officials O\nsaid O\nRussia B-S\nattacked O\nUkraine B-T\n. O\n", encoding="utf-8")
    report = ev.evaluate([("conflibert", gold)])["conflibert"]
    assert report["eventwire"]["both_right"] == 1.0 and report["eventwire"]["swaps"] == 0
