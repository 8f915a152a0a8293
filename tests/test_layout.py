from eventwire.ingest.layout import analyse
from eventwire.ingest.reading import RawArticle


def doc(text):
    return analyse(RawArticle(id="t", text=text, origin="<test>"), published="2024-10-29")


def test_reference_article_parts(example):
    document = example.document
    assert document.title == "North Korea’s Foreign Minister Leaves for Russia amid Troop Dispatch"
    assert document.dateline == "SEOUL"
    assert document.source == "Reuters"
    assert document.credit == "Sputnik/Artem Geodakyan/Pool via REUTERS/File Photo"
    assert document.caption.startswith("North Korean Foreign Minister Choe Son Hui attends a meeting")
    assert document.published == "2024-10-29"
    body = next(s for s in document.sections if s.kind == "body")
    assert document.text[body.start:].startswith("North Korea’s foreign minister, Choe Son Hui")
    assert document.section_at(document.text.index("Artem")) == "credit"
    assert document.section_at(document.text.index("attends")) == "caption"


def test_dateline_with_date_and_ap():
    document = doc("Strike hits port\n\nKYIV, Ukraine, Oct 29 (AP) — Russian drones hit the port of Odesa overnight.")
    assert document.dateline == "KYIV"
    assert document.source == "AP"
    assert document.credit is None and document.caption is None


def test_plain_text_without_title():
    document = doc("Russian drones hit the port of Odesa overnight, officials said. Two people were hurt.")
    assert document.title is None
    assert document.dateline is None
    assert [s.kind for s in document.sections] == ["body"]


def test_hard_wrapped_wire_copy_is_unwrapped_in_place():
    raw = ("CANADA SETS GRANT FOR RESEARCH\n\nThe federal government said Calmos\nSystems Inc will be given 3,075,000 "
           "Canadian dlrs to join the\nEuropean consortium Eureka in a research project involving\nintegrated circuit "
           "boards and other equipment.\n    The Kanata, Ontario based microchip manufacturer was the\nfirst company "
           "to qualify under the fund, officials said.\n")
    document = doc(raw)
    assert len(document.text) == len(raw)
    assert "Calmos Systems Inc" in document.text
    assert document.title == "CANADA SETS GRANT FOR RESEARCH"
    assert "\n    The Kanata" in document.text


def test_a_text_of_whitespace_has_an_empty_body_inside_it():
    """Found by the property tests: a lone line break gave a body section ending before it started."""
    for text in ("\n", " \n\t", "\n\n  "):
        [body] = analyse(RawArticle(id="w", text=text, origin="w")).sections
        assert 0 <= body.start <= body.end <= len(text)
