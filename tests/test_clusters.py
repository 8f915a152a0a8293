"""Cross-document clustering: the coreference scores, the MEANTIME evaluation and stable cluster ids."""

import datetime as dt
import json

import pytest
from paths_helpers import FIXTURES
from store_helpers import meeting_report
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.entities.kb import load_yaml
from eventwire.eval.clusters import (
    b_cubed,
    best_assignment,
    ceaf_e,
    muc,
    read_corpus,
    score,
)
from eventwire.events.participants import argument_heads
from eventwire.store.clusters import RULE_FILE, Clusterer, MergeRule, cluster_mentions, rebuild
from eventwire.store.schema import open_store
from eventwire.store.writer import Writer

KEY = [frozenset("abc"), frozenset("d")]
RESPONSE = [frozenset("ab"), frozenset("cd")]
MEANTIME = FIXTURES / "clusters"


@pytest.fixture
def db(tmp_path):
    return tmp_path / "store.duckdb"


def test_muc_counts_links():
    assert muc(KEY, RESPONSE) == {"precision": 0.5, "recall": 0.5, "f1": 0.5}


def test_b_cubed_averages_over_mentions():
    assert b_cubed(KEY, RESPONSE) == {"precision": 0.75, "recall": 0.6667, "f1": 0.7059}


def test_ceaf_e_aligns_clusters_one_to_one():
    # abc-ab: 2*2/5 = 0.8, d-cd: 2*1/3; the other alignment (abc-cd 0.4, d-ab 0) is worse
    assert ceaf_e(KEY, RESPONSE)["f1"] == pytest.approx((0.8 + 2 / 3) / 2, abs=1e-4)
    assert best_assignment([[0.1, 0.9], [0.8, 0.2], [0.5, 0.5]]) == pytest.approx(1.7)


def test_a_perfect_response_scores_one_and_conll_is_the_mean():
    perfect = score(KEY, KEY)
    assert perfect["conll_f1"] == 1.0
    mixed = score(KEY, RESPONSE)
    assert mixed["conll_f1"] == round((mixed["muc"]["f1"] + mixed["b_cubed"]["f1"] + mixed["ceaf_e"]["f1"]) / 3, 4)


def test_meantime_files_give_instance_linked_mentions_with_offsets():
    documents = read_corpus(MEANTIME)
    first = documents[0]
    assert str(first.published) == "2009-03-02"
    assert [m.text for m in first.mentions] == ["recalled", "recall", "said", "recall"]
    assert {m.instance for m in first.mentions} == {"INST1", "INST2"}
    assert all(first.text[m.start:m.end] == m.text for m in first.mentions)


def test_eval_clusters_scores_the_system_and_both_baselines_in_one_run():
    result = CliRunner().invoke(app, ["eval", "clusters", "--meantime", str(MEANTIME)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["documents"], report["mentions"], report["gold_cross_document_clusters"]) == (2, 7, 1)
    assert report["baselines"]["singletons"]["muc"]["f1"] == 0.0
    # 'said' twice is two statements: the lemma baseline merges them, the rule (speech lemmas) does not
    assert report["system"]["conll_f1"] > report["baselines"]["lemma_3_days"]["conll_f1"]


def test_eval_clusters_names_a_folder_without_meantime_files(tmp_path):
    result = CliRunner().invoke(app, ["eval", "clusters", "--meantime", str(tmp_path)])
    assert result.exit_code == 1 and "no MEANTIME .xml files" in result.stderr


def test_cluster_ids_survive_a_rebuild_that_keeps_their_mentions(db):
    with Writer(db) as writer:
        writer.write(meeting_report("a", "2024-10-29", "Reuters", "2024-10-28"))
        writer.write(meeting_report("b", "2024-10-30", "AP", "2024-10-29"))
        writer.write(meeting_report("c", "2024-11-20", "AFP", "2024-11-19"))
        con = writer.con
        before = dict(con.execute("SELECT doc_id, cluster_id FROM events").fetchall())
        rebuild(con, MergeRule.load())
        assert dict(con.execute("SELECT doc_id, cluster_id FROM events").fetchall()) == before
        rebuild(con, MergeRule.load(window_days=30))  # c joins a+b: a new membership, a new id
        after = dict(con.execute("SELECT doc_id, cluster_id FROM events").fetchall())
        assert after["a"] == after["b"] == after["c"] > max(before.values())


def uncoded(doc_id: str, lemma: str, day: str, participants: list[str]) -> dict:
    """An events row as the evaluation gives an uncoded gold mention: a trigger lemma, a day, named participants."""
    return {"doc_id": doc_id, "doc_published": dt.date.fromisoformat(day), "doc_source": None, "family": None,
            "cameo": None, "plover": None, "trigger_lemma": lemma, "day": dt.date.fromisoformat(day),
            "negated": False, "hypothetical": False, "goldstein": None, "source_codes": [], "target_codes": [],
            "source_actors": [], "target_actors": [], "source_actor": None, "target_actor": None,
            "source_country": None, "target_country": None, "participants": participants,
            **{name: None for name in ("location_name", "location_country", "lat", "lon", "location_geonames_id",
                                       "location_admin1", "location_admin1_code", "location_feature")}}


def test_synonyms_and_nominalisations_share_a_block():
    rule = MergeRule.load()
    assert rule.lemma_key("acquisition") == rule.lemma_key("purchase") == rule.lemma_key("buy") == "lemma:buy"
    assert rule.lemma_key("lawsuit") == rule.lemma_key("sue")
    assert rule.lemma_key("fall") != rule.lemma_key("drop")  # changes of a quantity: no class (clustering.yaml)


def test_a_synonym_with_a_shared_participant_joins_across_documents():
    rule = MergeRule.load()
    mentions = [uncoded("a", "sue", "2006-03-28", ["org:apple corps"]),
                uncoded("b", "lawsuit", "2006-03-29", ["org:apple corps", "org:apple computer"]),
                uncoded("c", "lawsuit", "2006-03-29", ["org:emi"])]
    first, second, third = cluster_mentions(mentions, rule)
    assert first == second != third


def test_synonym_classes_are_disjoint_and_hold_no_speech_or_light_verb():
    data = load_yaml(RULE_FILE)
    words = [word for head, members in data["synonyms"].items() for word in [head, *members]]
    assert len(words) == len(set(words))
    assert not set(words) & set(data["speech"] + data["light"])


def test_a_stored_cluster_is_found_by_a_synonym_of_its_lemma_in_a_later_batch(db):
    rule = MergeRule.load()
    assert {"acquire", "acquisition", "buy", "purchase"} <= set(rule.same_words({"purchase"}))
    con = open_store(db)
    coded = {**uncoded("a", "acquire", "2007-06-09", ["org:aer lingus"]), "family": "ACQUIRE"}
    first = Clusterer(con, rule)
    [cluster_id] = cluster_mentions([coded], rule, first)
    first.flush()
    later = Clusterer(con, rule)  # a new batch: only what `load` reads from the store
    purchase = uncoded("b", "purchase", "2007-06-10", ["org:aer lingus"])
    later.load([purchase])
    assert cluster_mentions([purchase], rule, later) == [cluster_id]


def test_argument_heads_are_the_names_and_amounts_of_the_triggers_own_arguments(pipeline):
    def heads(text: str, trigger: str) -> list[str]:
        doc = pipeline.nlp(text)
        return argument_heads(next(t for t in doc if t.text == trigger))

    assert heads("The Dow Jones index fell on Monday.", "fell") == ["subject:dow", "subject:jones"]
    assert heads("Apple launched the iPhone.", "launched") == ["object:iphone", "subject:apple"]
    assert "of:apple" in heads("The launch of Apple's new phone surprised analysts.", "launch")
    assert heads("It fell sharply after the company warned.", "fell") == []  # a pronoun or common noun: unknown


def test_same_word_mentions_of_one_document_about_different_names_stay_apart():
    rule = MergeRule.load()
    assert rule.distinct_arguments
    dow, nikkei, unnamed, index = (
        {**uncoded("a", "fall", "2008-09-29", []), "arguments": arguments}
        for arguments in (["subject:dow"], ["subject:nikkei"], [], ["object:nikkei", "subject:dow"]))
    first, second, third = cluster_mentions([dow, nikkei, unnamed], rule)
    assert first != second and third in (first, second)  # "the fall" names nothing that contradicts
    assert len(set(cluster_mentions([dow, index], rule))) == 1  # a name in common, whatever its role
    off = MergeRule.load(distinct_arguments=False)
    assert len(set(cluster_mentions([dow, nikkei], off))) == 1


def test_within_one_document_only_days_the_text_gives_are_compared():
    rule = MergeRule.load()
    dated = {**uncoded("a", "deliver", "2006-05-23", []), "date_source": "text", "date_granularity": "day"}
    again = uncoded("a", "delivery", "2006-05-29", [])  # "the delivery", dated by its report only
    other = {**dated, "day": dt.date(2006, 5, 10)}  # a delivery the text dates two weeks earlier
    first, second, third = cluster_mentions([dated, again, other], rule)
    assert first == second != third
    named = {**dated, "participants": ["org:boeing"]}
    elsewhere = {**again, "doc_id": "b", "participants": ["org:boeing"]}  # across documents every day is compared
    assert len(set(cluster_mentions([named, elsewhere], rule))) == 2
    assert len(set(cluster_mentions([named, {**elsewhere, "day": dt.date(2006, 5, 24)}], rule))) == 1


class EveryClusterOfTheBlock(Clusterer):
    """The reference: compares a mention with every cluster of its blocks, as before the evidence index."""

    def _find(self, keys, mention, clusters_of_doc):
        blocked = {c["id"]: c for c in self.indexed.values() if set(keys) & set(self.rule.cluster_keys(c))}
        candidates = [c for c in blocked.values() if self.rule.accepts(c, mention, c["id"] in clusters_of_doc)]
        return min(candidates, key=lambda c: (abs((c["first_day"] - mention["day"]).days), c["id"]), default=None)


def random_mentions(count: int, seed: int) -> list[dict]:
    """Mentions drawn from small pools, so that blocks, dyads, names, places and days collide often."""
    import random

    draw = random.Random(seed)
    rows = []
    for n in range(count):
        actors = ["USA", "RUS", "PRK", "KOR", "UKR"]
        row = uncoded(f"doc{n // 3}", draw.choice(["meet", "visit", "talk", "buy", "purchase", "say", "attack"]),
                      f"2024-10-{draw.randint(1, 12):02d}", draw.sample(["p:a", "p:b", "p:c", "p:d"], draw.randint(0, 2)))
        row.update(family=draw.choice([None, "CONSULT", "ASSAULT", "ACQUIRE"]),
                   source_codes=draw.sample(actors, draw.randint(0, 2)), target_codes=draw.sample(actors, draw.randint(0, 1)),
                   location_name=draw.choice([None, None, "Geneva", "Seoul"]), negated=draw.random() < 0.05)
        rows.append(row)
    return rows


def test_the_evidence_index_finds_the_clusters_a_comparison_with_every_cluster_finds(db):
    rule = MergeRule.load()
    for seed in range(5):
        mentions = random_mentions(300, seed)
        expected = cluster_mentions(mentions, rule, EveryClusterOfTheBlock(None, rule))
        assert cluster_mentions(mentions, rule) == expected
        assert len(set(expected)) < len(expected) - 30  # the draw does merge
    # through the store, a batch at a time: `load` reads from cluster_evidence only the stored clusters sharing
    # evidence with the batch; the days come in any order, so clusters stored earlier gain earlier first days
    con = open_store(db)
    for seed in (7, 8, 9):
        con.execute("DELETE FROM clusters")
        con.execute("DELETE FROM cluster_evidence")
        clusterer, found, mentions = Clusterer(con, rule), [], random_mentions(300, seed)
        for start in range(0, len(mentions), 30):
            batch = mentions[start:start + 30]
            clusterer.load(batch)
            found += cluster_mentions(batch, rule, clusterer)
            clusterer.flush()
        assert found == cluster_mentions(mentions, rule, EveryClusterOfTheBlock(None, rule))
        moved = con.execute("SELECT count(DISTINCT e.cluster_id) FROM cluster_evidence e JOIN clusters c "
                            "ON c.id = e.cluster_id WHERE e.first_day > c.first_day").fetchone()[0]
        assert moved > 0  # clusters a later batch gave an earlier first day are found under it too


def store_in_batches(con, rule: MergeRule, mentions: list[dict]) -> None:
    """Cluster the mentions into the store 30 at a time, as the writer does a batch at a time."""
    clusterer = Clusterer(con, rule)
    for start in range(0, len(mentions), 30):
        clusterer.load(mentions[start:start + 30])
        cluster_mentions(mentions[start:start + 30], rule, clusterer)
        clusterer.flush()


def test_a_migrated_store_finds_its_clusters_by_the_evidence_the_writer_stores(db):
    """Version 5's migration writes for an older store's clusters the evidence the writer would have written."""
    rule, con = MergeRule.load(), open_store(db)
    store_in_batches(con, rule, random_mentions(150, 3))
    written = set(con.execute("SELECT pair, cluster_id FROM cluster_evidence").fetchall())
    assert len(written) > 150
    con.execute("DROP TABLE cluster_evidence")
    con.execute("DELETE FROM schema_version WHERE version = 5")
    con.close()
    con = open_store(db)
    assert set(con.execute("SELECT pair, cluster_id FROM cluster_evidence").fetchall()) == written


def test_a_batch_reads_each_mention_s_candidates_within_its_own_days(db):
    """A batch with a mention of the 1st and one of the 12th reads the clusters near each day, not every cluster
    of the days between (a story's background dated years back would otherwise bring years of clusters)."""
    rule, con, mentions = MergeRule.load(), open_store(db), random_mentions(300, 11)
    store_in_batches(con, rule, mentions)
    first, last = (next(m for m in mentions if m["day"] == day and rule.lookups(m))
                   for day in (dt.date(2024, 10, 1), dt.date(2024, 10, 12)))
    reader = Clusterer(con, rule)
    reader.load([{**first, "doc_id": "new1"}, {**last, "doc_id": "new2"}])
    days = {c["first_day"] for c in reader.indexed.values()}
    window = dt.timedelta(days=rule.window_days)
    assert days and all(d <= first["day"] + window or d >= last["day"] - window for d in days)
    stored_days = {row[0] for row in con.execute("SELECT DISTINCT first_day FROM clusters").fetchall()}
    assert stored_days - days  # the days between were stored, and not read
