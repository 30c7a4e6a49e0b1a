"""The real app, served from a warehouse built from the bundled corpus, in headless Chromium."""
import io
import re
import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from conftest import CORPUS, ROOT
from dashboard.testing import chromium, chromium_missing, served, wait_for_chart

# without a browser these are skipped, saying why; `make test` installs Debian's when it can
pytestmark = [pytest.mark.browser, pytest.mark.skipif(chromium_missing() is not None, reason=str(chromium_missing()))]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "warehouse.duckdb"
    subprocess.run([sys.executable, "-m", "etl", "build", str(CORPUS), "--db", str(db)], cwd=ROOT, check=True,
                   capture_output=True)
    with served(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.errors, page.csp = [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    # what the Content-Security-Policy blocked: the app must need nothing it forbids
    page.on("console", lambda m: page.csp.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()


def bar_labels(page, graph: str) -> list[str]:
    return page.eval_on_selector(f"#{graph} .js-plotly-plot", "el => el.data.filter(t => t.type === 'bar').flatMap(t => t.y)")


@pytest.mark.parametrize("path, expect", [
    ("/", "#compare-graph .bars"), ("/rankings", "#rankings-table .ag-row"), ("/map", "#map-graph .choroplethlayer"),
    ("/data", "#data-grid .ag-row"), ("/methods", "#methods-coverage .heatmaplayer"),
    ("/place/410100", "#place-figures .evidence-mark"), ("/focus", "#focus-themes .bars"),
    ("/sql", "#sql-grid .ag-row")])
def test_every_page_opens(app_url, page, path, expect):
    page.goto(app_url + path)
    page.wait_for_selector(expect, timeout=20_000)
    assert page.errors == [] and page.csp == []
    assert "Traceback" not in page.content()


def test_an_unknown_address_gets_a_page_not_found(app_url, page):
    page.goto(app_url + "/no/such/page")
    page.wait_for_selector("text=Page not found")


def test_changing_a_filter_changes_the_chart_and_the_url(app_url, page):
    page.goto(app_url + "/?places=410100,110000,411100,500000")
    wait_for_chart(page)
    before = page.eval_on_selector("#compare-graph .js-plotly-plot", "el => el.data.map(t => t.x)")
    page.click("label[for=compare-per-year]")
    page.wait_for_function("() => location.search.includes('per_year=1')")
    wait_for_chart(page)
    after = page.eval_on_selector("#compare-graph .js-plotly-plot", "el => el.data.map(t => t.x)")
    assert after != before
    assert "per year" in page.eval_on_selector("#compare-graph .js-plotly-plot", "el => el.layout.xaxis.title.text")


def test_picking_a_metric_from_the_dropdown_reranks(app_url, page):
    page.goto(app_url + "/rankings")
    wait_for_chart(page)
    first = page.inner_text("#rankings-note")
    page.click("#rankings-metric")
    page.click("[role=option]:has-text('任免人员')")
    page.wait_for_function("() => location.search.includes('metric=appointments')")
    wait_for_chart(page)
    assert page.inner_text("#rankings-note") != first and "任免人员" in page.inner_text("#rankings-note")
    reporting = int(re.search(r"(\d+) places report it", page.inner_text("#rankings-note")).group(1))
    first_row = page.inner_text("#rankings-table .ag-row[row-index='0']")
    assert f"1st of {reporting}" in first_row and "/place/" in page.inner_html("#rankings-table .ag-row[row-index='0']")


def test_clicking_a_bar_shows_its_evidence(app_url, page):
    page.goto(app_url + "/?metric=appointments&places=410100")
    wait_for_chart(page)
    box = page.locator("#compare-graph .bars .point path").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    panel = page.wait_for_selector(".evidence-panel", timeout=10_000)
    assert "郑州市" in panel.inner_text()
    sources = page.locator(".evidence-source").all_inner_texts()
    assert sources and all(re.fullmatch(r".+\.txt:\d+", s) for s in sources)
    assert "767" in page.locator(".evidence-mark").first.inner_text()


def test_a_shared_link_restores_the_view(app_url, page):
    page.goto(app_url + "/?metric=deputy_suggestions&places=410100,110000&per_year=1")
    wait_for_chart(page)
    assert sorted(bar_labels(page, "compare-graph")) == ["北京市", "郑州市"]
    assert page.is_checked("#compare-per-year")
    assert "代表建议" in page.inner_text("#compare-metric")
    page.goto(app_url + "/map?level=provincial&body=cppcc_sc")
    wait_for_chart(page)
    assert page.is_checked("input[value=cppcc_sc]")


def test_a_bad_link_gets_a_message_not_a_traceback(app_url, page):
    page.goto(app_url + "/rankings?year=abc&metric=zzz&colour=red")
    wait_for_chart(page)
    problems = page.inner_text(".url-problems")
    assert "year='abc'" in problems and "metric='zzz'" in problems and "colour" in problems
    assert page.locator("#rankings-table .ag-row").count() > 0
    assert page.errors == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_downloads_hold_what_is_filtered(app_url, page, fmt):
    page.goto(app_url + "/data?body=npc_sc&metric=sessions")
    page.wait_for_selector("#data-grid .ag-row")
    stated = int(re.match(r"([\d,]+) 行", page.inner_text("#data-count")).group(1).replace(",", ""))
    with page.expect_download() as download:
        page.click(f"#data-download-{fmt}")
    content = open(download.value.path(), "rb").read()
    assert download.value.suggested_filename.endswith("." + fmt)
    if fmt == "csv":
        assert content.startswith(b"\xef\xbb\xbf")
        frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    elif fmt == "xlsx":
        sheets = pd.read_excel(io.BytesIO(content), sheet_name=None)
        assert list(sheets) == ["facts", "about"]
        frame = sheets["facts"]
    else:
        frame = pd.read_parquet(io.BytesIO(content))
    assert len(frame) == stated > 0
    assert set(frame.metric) == {"sessions"} and set(frame.body) == {"npc_sc"}
    assert frame.evidence.str.len().gt(0).all() and frame.source.str.endswith(".txt").all()


def test_the_url_keeps_the_data_filters(app_url, page):
    page.goto(app_url + "/data")
    page.wait_for_selector("#data-grid .ag-row")
    page.click("label:has-text('政协常委会')")
    page.wait_for_function("() => location.search.includes('body=cppcc_sc')")
    query = parse_qs(urlparse(page.url).query)
    assert query == {"body": ["cppcc_sc"]}


def test_focus_word_click_lists_its_sentences_and_lands_in_the_url(app_url, page):
    page.goto(app_url + "/focus?places=410100,110000")
    wait_for_chart(page)
    assert sorted(page.eval_on_selector("#focus-themes .js-plotly-plot", "el => el.data.map(t => t.name)")) == \
        ["北京市", "郑州市"]
    button = page.locator(".focus-keyword").first
    button.wait_for(timeout=20_000)
    word = button.get_attribute("id")
    term = re.search(r'"term":"([^"]+)"', word).group(1)
    button.click()
    panel = page.wait_for_selector(".focus-sentences", timeout=10_000)
    assert term in panel.inner_text()
    marks = page.locator(".focus-sentences .evidence-mark").all_inner_texts()
    assert marks and set(marks) == {term}
    sources = page.locator(".focus-sentences .evidence-source").all_inner_texts()
    assert sources and all(re.fullmatch(r".+\.txt:\d+", s) for s in sources)
    page.wait_for_function("() => location.search.includes('term=')")
    query = parse_qs(urlparse(page.url).query)
    assert query["term"] == [term] and query["places"] == ["410100,110000"]
    page.goto(page.url)   # the link, shared, opens on the same sentences
    page.wait_for_selector(".focus-sentences .evidence-mark", timeout=20_000)
    assert set(page.locator(".focus-sentences .evidence-mark").all_inner_texts()) == {term}
    assert page.errors == []


def test_focus_theme_bar_click_lists_the_theme_s_sentences(app_url, page):
    page.goto(app_url + "/focus?places=410100")
    wait_for_chart(page)
    box = page.locator("#focus-themes .bars .point path").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
    panel = page.wait_for_selector(".focus-sentences", timeout=10_000)
    assert "营商环境" in panel.inner_text() and "郑州市" in panel.inner_text()
    page.wait_for_function("() => location.search.includes('theme=business_environment')")


def test_an_unlocated_place_is_drawn_and_its_page_opens(fixture_url, page):
    page.goto(fixture_url + "/?places=name:某区,220800")
    wait_for_chart(page)
    assert sorted(bar_labels(page, "compare-graph")) == ["某区", "白城市"]
    page.goto(fixture_url + "/place/name:某区")   # the browser sends the path percent-encoded
    page.wait_for_selector("#place-figures .evidence-mark", timeout=20_000)
    assert "No such place" not in page.content() and "c.txt:1" in page.inner_text("#place-figures")
    assert page.errors == []


def test_the_sql_page_runs_a_statement_and_refuses_a_file_read(app_url, page):
    page.goto(app_url + "/sql")
    page.wait_for_selector("#sql-grid .ag-row", timeout=20_000)
    page.fill("#sql-text", "SELECT metric, count(*) AS n FROM facts GROUP BY metric ORDER BY n DESC LIMIT 3")
    page.click("#sql-run")
    page.wait_for_function("() => document.querySelector('#sql-note').innerText.startsWith('3 ')")
    assert page.locator("#sql-grid .ag-row").count() == 3
    assert "sql=SELECT" in page.url   # the statement is in the link
    page.fill("#sql-text", "SELECT * FROM read_csv('/etc/passwd')")
    page.click("#sql-run")
    page.wait_for_selector(".sql-refused", timeout=10_000)
    assert "only the public tables" in page.inner_text(".sql-refused") and "root:x:0:0" not in page.content()
    assert page.errors == []
