"""The document page and the evidence panel's links to it, as plain functions on the fixture warehouse."""
import json
from urllib.parse import parse_qsl, urlsplit

import duckdb
import plotly
import pytest

from dashboard import editing, evidence, warehouse
from fixture_warehouse import DOCUMENTS, fixture_warehouse_file

LONG_TEXT = "\n".join(f"第{n}行。召开常委会会议{n % 9 + 1}次。" for n in range(1, 1001))


@pytest.fixture(scope="module", autouse=True)
def fixture_db(tmp_path_factory):
    path = fixture_warehouse_file(tmp_path_factory.mktemp("document") / "fixture.duckdb")
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE documents SET source_url = 'https://example.gov.cn/d', publisher = '某市人大常委会', "
                    "published_on = DATE '2024-01-20', note = 'scanned' WHERE document_id = 'd4'")
        con.execute("INSERT INTO documents (document_id, file_name, size_bytes, encoding, loaded_at, text) "
                    "VALUES ('long', 'long.txt', 1, 'utf-8', now(), ?)", [LONG_TEXT])
    warehouse.configure(path)
    return path


@pytest.fixture(scope="module")
def document():
    from dashboard.pages import document
    return document


def walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children] if children is not None else []:
        if hasattr(child, "to_plotly_json"):
            yield from walk(child)


def shown(component) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def test_the_whole_text_line_by_line_with_each_count_linked_to_its_figure(document):
    page = document.layout("d4")
    (text,) = [c for c in walk(page) if getattr(c, "id", None) == "document-text"]
    assert getattr(text, "data-document-id") == "d4"
    lines = [c for c in walk(text) if getattr(c, "className", None) == "document-line"]
    assert [getattr(line, "data-line") for line in lines] == [1, 2, 3]
    counts = [c for c in walk(text) if getattr(c, "className", None) == "document-count"]
    assert len(counts) == 4 and all(c.href.startswith("/?") for c in counts)
    query = dict(parse_qsl(urlsplit(counts[-1].href).query))   # line 3's second count: 任免30人次 of 保定市, 2019–2020
    assert (query["places"], query["show"], query["show_period"], query["metric"], query["kind"]) == (
        "130600", "130600", "2019-2020", "appointments", "span")
    assert '["任免", {"props": {"children": "30"}, "type": "Strong"' in shown(counts[-1])   # the number in bold
    words = shown(page)
    for piece in ("https://example.gov.cn/d", "某市人大常委会", "2024-01-20", "scanned", "d.txt", "lines 1–3 of 3",
                  "the clause writes 2019-2020", "新安县"):
        assert piece in words


def test_a_long_document_is_shown_a_window_at_a_time(document):
    page = document.layout("long", **{"from": "401"})
    lines = [getattr(c, "data-line") for c in walk(page) if getattr(c, "className", None) == "document-line"]
    assert lines == list(range(401, 401 + document.WINDOW_LINES))
    assert "lines 401–600 of 1,000" in shown(page)
    hrefs = [c.href for c in walk(page) if getattr(c, "href", "").startswith("/document/long")]
    assert "/document/long?from=201" in hrefs and "/document/long?from=601" in hrefs
    past = document.layout("long", **{"from": "5000"})
    assert "the document has 1,000 lines" in shown(past) and "lines 801–1,000 of 1,000" in shown(past)


def test_an_unknown_or_malformed_document_id_says_so(document):
    assert "No such document" in shown(document.layout("nope"))
    assert "No such document" in shown(document.layout("../etc/passwd"))


def test_the_remove_action_is_offered_only_where_writing_is(document):
    editing.configure("0.0.0.0")
    assert "document-remove" not in shown(document.layout("d4"))
    editing.configure("127.0.0.1")
    assert "document-remove" in shown(document.layout("d4"))
    editing.configure("0.0.0.0")


def test_evidence_cards_link_their_file_to_the_document_page_and_say_where_it_was_published():
    rows = warehouse.current().query("evidence", place_key="110000", body="npc_sc", metric="sessions",
                                     period_start=2021, period_end=2021)
    card = evidence.evidence_cards(rows)
    links = [c.href for c in walk(card) if getattr(c, "href", None)]
    assert "/document/d4" in links and "https://example.gov.cn/d" in links
    assert "某市人大常委会" in shown(card) and "2024-01-20" in shown(card)
    assert DOCUMENTS["d4"][0] in shown(card)
