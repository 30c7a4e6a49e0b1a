"""Adding and removing reports in the real app (headless Chromium, the real server), on a warehouse built
from the bundled corpus in a temporary folder; and the same app served beyond this machine refusing both."""
import json
import urllib.error
import urllib.request

import duckdb
import pytest

from conftest import CORPUS
from dashboard.testing import chromium_missing, served, wait_for_chart
from documents import write_docx, write_pdf
from etl.inputs import collect
from etl.warehouse import build
from test_browser import bar_labels, browser, grid_column, page  # noqa: F401 (browser: the fixture page uses)

pytestmark = [pytest.mark.browser, pytest.mark.skipif(chromium_missing() is not None, reason=str(chromium_missing()))]
XINAN = "3f648ec25651891eb2ad3a71d5a72af5bbb937b8c9011c51196c341ea7da3efd"   # 003_…txt: 新安县's report


def report(place: str) -> list[str]:
    return [f"{place}人大常委会工作报告", f"——2024年1月20日在{place}第十八届人民代表大会第三次会议上", "各位代表：",
            f"2023年，{place}人大常委会召开常委会会议8次，审议通过地方性法规3件，任免国家机关工作人员45人次，开展执法检查6次。"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("writes") / "warehouse.duckdb"
    build(collect([str(CORPUS)]), path, workers=2, say=lambda _: None)
    return path


@pytest.fixture(scope="module")
def app_url(db):
    with served(db) as url:
        yield url


def documents(db) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT file_name FROM documents ORDER BY file_name").fetchall()]


def post(url: str, data: bytes = b"", headers: dict | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers or {}), timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_upload_a_docx_and_a_pdf_preview_add_and_find_them_on_compare_and_rankings(app_url, db, page, tmp_path):
    docx = write_docx(report("潍坊市"), tmp_path / "潍坊市人大常委会工作报告.docx")
    pdf = write_pdf(report("绵阳市"), tmp_path / "绵阳市人大常委会工作报告.pdf")
    before = documents(db)
    page.goto(f"{app_url}/upload")
    page.set_input_files("#upload-files input[type=file]", [str(docx), str(pdf)])
    page.wait_for_selector(".upload-file >> nth=1", timeout=30_000)
    preview = page.inner_text("#upload-preview-view")
    for words in ("潍坊市", "绵阳市", "常委会会议", "任免国家机关工作人员45人次", "2023"):
        assert words in preview
    counts = page.locator("#upload-preview-view .upload-count")
    assert counts.count() >= 7 and page.locator(".upload-count .evidence-mark strong").count() == counts.count(), \
        counts.all_inner_texts()   # every count with its sentence, its number marked
    assert documents(db) == before                          # a preview stores nothing
    # dcc.Upload lists the files in the order they finish reading, so the card is found by its file's name
    weifang = page.locator("#upload-preview-view .upload-file", has_text=docx.name)
    weifang.locator("input >> nth=1").fill("潍坊市人大常委会")
    weifang.locator("input >> nth=2").fill("2024-01")
    page.click("#upload-add")
    page.wait_for_selector("#upload-added", timeout=60_000)
    assert "2 loaded" in page.inner_text("#upload-added")
    added = sorted(set(documents(db)) - set(before))
    assert [name.split("/", 1)[1] for name in added] == sorted([docx.name, pdf.name])
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT publisher, published_on::VARCHAR FROM documents WHERE file_name LIKE '%潍坊%'"
                           ).fetchone() == ("潍坊市人大常委会", "2024-01-01")
    # no restart: every worker reopens the replaced file (sequential requests reach both workers)
    for _ in range(8):
        with urllib.request.urlopen(f"{app_url}/api/place_reports.json?place_key=370700", timeout=30) as answer:
            assert json.loads(answer.read())["rows"]
    page.goto(f"{app_url}/?metric=sessions&places=370700,510700&kind=annual&period=2023")
    wait_for_chart(page)
    assert {"潍坊市", "绵阳市"} <= {label.split(" ")[0] for label in bar_labels(page, "compare-graph")}
    page.goto(f"{app_url}/rankings?metric=sessions&kind=annual&period=2023")
    page.wait_for_selector("#rankings-table .ag-row:not(.ag-row-loading)")
    assert {"潍坊市", "绵阳市"} <= set(grid_column(page, "rankings-table", "place"))


def test_a_binary_and_an_empty_file_are_refused_with_their_reasons_and_nothing_is_stored(app_url, db, page, tmp_path):
    binary, empty = tmp_path / "scan.txt", tmp_path / "blank.docx"
    binary.write_bytes(bytes(range(256)) * 64)
    empty.write_bytes(b"")
    before, uploads = documents(db), sorted((db.parent / "uploads").rglob("*"))
    page.goto(f"{app_url}/upload")
    page.set_input_files("#upload-files input[type=file]", [str(binary), str(empty)])
    page.wait_for_selector(".upload-rejected >> nth=1", timeout=30_000)
    refused = page.locator(".upload-rejected").all_inner_texts()
    assert any("scan.txt" in r and "binary file?" in r for r in refused)
    assert any("blank.docx" in r and "the file is empty" in r for r in refused)
    assert page.is_disabled("#upload-add")
    assert documents(db) == before and sorted((db.parent / "uploads").rglob("*")) == uploads


def test_remove_a_document_from_its_page_and_its_figures_are_gone_from_compare(app_url, db, page):
    compare = f"{app_url}/?metric=appointments&places=410323&kind=annual&period=2023"
    page.goto(compare)
    wait_for_chart(page)
    assert any(label.startswith("新安县") for label in bar_labels(page, "compare-graph"))
    page.goto(f"{app_url}/document/{XINAN}")
    page.wait_for_selector("#document-text [data-line]")
    assert page.locator("#document-text .document-count").count() > 0
    page.click("#document-remove-panel summary")
    page.fill("#document-remove-why", "a test removes it")
    page.click("#document-remove")
    page.wait_for_selector("#document-removed-note", timeout=60_000)
    assert "003_d17878162788fd1b.txt" not in documents(db)
    record = (db.parent / (db.name + ".removals.csv")).read_text(encoding="utf-8")
    assert XINAN in record and "a test removes it" in record
    page.goto(compare)
    wait_for_chart(page)
    assert not any(label.startswith("新安县") for label in bar_labels(page, "compare-graph"))


def test_served_beyond_this_machine_without_a_token_the_write_actions_are_absent_and_refuse(db, page, tmp_path):
    with served(db, args=["--host", "0.0.0.0"]) as url:
        page.goto(f"{url}/upload")
        page.wait_for_selector("#upload-off")
        assert page.locator("#upload-files").count() == 0
        assert page.locator("a.nav-link[href='/upload']").count() == 0
        with duckdb.connect(str(db), read_only=True) as con:
            document_id = con.execute("SELECT document_id FROM documents LIMIT 1").fetchone()[0]
        page.goto(f"{url}/document/{document_id}")
        page.wait_for_selector("#document-text [data-line]")
        assert page.locator("#document-remove-panel").count() == 0
        boundary = "b0undary"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"index\"\r\n\r\n0\r\n--{boundary}\r\n"
                f"Content-Disposition: form-data; name=\"file\"; filename=\"r.txt\"\r\n\r\n"
                f"{chr(10).join(report('潍坊市'))}\r\n--{boundary}--\r\n").encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "X-Upload": "1"}
        for route in ("/upload/preview", "/upload/add"):
            status, answer = post(url + route, body, headers)
            assert status == 403 and "does not accept changes" in answer
        callback = {"output": "document-removed.children", "outputs": {"id": "document-removed", "property": "children"},
                    "inputs": [{"id": "document-remove", "property": "n_clicks", "value": 1}],
                    "changedPropIds": ["document-remove.n_clicks"],
                    "state": [{"id": "document-id", "property": "data", "value": document_id},
                              {"id": "document-remove-who", "property": "value", "value": None},
                              {"id": "document-remove-why", "property": "value", "value": None}]}
        status, answer = post(f"{url}/_dash-update-component", json.dumps(callback).encode(),
                              {"Content-Type": "application/json"})
        assert status == 200 and "does not accept changes" in answer
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents WHERE document_id = ?", [document_id]).fetchone()[0] == 1
