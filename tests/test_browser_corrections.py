"""Corrections from the app (dashboard/correcting.py), in headless Chromium on the real server: a value
corrected in an evidence panel changes its figure and marks it, and a rebuild from the command line
keeps it; a missed count is added by selecting its words; a server beyond this machine without an
editor token offers no correction and refuses one sent by hand. Each test serves its own warehouse,
built from a short report written here, with its corrections file beside it."""
import json
import subprocess
import sys
import urllib.request

import duckdb
import pytest

from conftest import ROOT
from dashboard.testing import chromium, chromium_missing, served, wait_for_chart
from etl import corrections

sys.path.insert(0, str(ROOT / "benchmarks"))
import tampered_callbacks  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.skipif(chromium_missing() is not None, reason=str(chromium_missing()))]
MISSED = "开展立法调研论证十余轮"   # a count the extractor does not read
REPORT = ("信阳市人民代表大会常务委员会工作报告\n各位代表：\n2022年工作回顾\n"
          f"2022年，常委会召开常委会会议7次，{MISSED}，任免国家机关工作人员80人次。\n")
VIEW = "/?metric={metric}&places=411500&kind=annual&period=2022&show=411500&show_period=2022"


@pytest.fixture
def warehouse(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "信阳.txt").write_text(REPORT, encoding="utf-8")
    db = tmp_path / "w.duckdb"
    etl_build(tmp_path, db)
    return db


def etl_build(tmp_path, db) -> str:
    """`python -m etl build` of the test's reports, as a user runs it; what it prints."""
    done = subprocess.run([sys.executable, "-m", "etl", "build", str(tmp_path / "reports"), "--db", str(db),
                           "--workers", "1"], cwd=ROOT, check=True, capture_output=True, text=True)
    return done.stdout


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def figure(db, metric):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT value, qualifier, corrected, original_value FROM figures WHERE metric = ?",
                           [metric]).fetchone()
    finally:
        con.close()


def bar_texts(page) -> list[str]:
    return page.eval_on_selector("#compare-graph .js-plotly-plot",
                                 "el => el.data.filter(t => t.type === 'bar').flatMap(t => t.text)")


def open_evidence(page, url, metric):
    page.goto(url + VIEW.format(metric=metric))
    wait_for_chart(page)
    page.wait_for_selector(".evidence-panel .evidence-card", timeout=20_000)


def test_a_value_corrected_in_the_panel_changes_the_figure_marks_it_and_survives_a_command_line_build(
        warehouse, page, tmp_path):
    with served(warehouse) as url:
        open_evidence(page, url, "sessions")
        assert bar_texts(page) == ["7 · 2022"]
        page.click(".evidence-card .correction-open")
        form = page.locator(".evidence-card .correction-form")
        form.get_by_placeholder("新值 · new reading").fill("8")
        form.get_by_placeholder("理由 · why (required)").fill("the printed report says 8")
        form.get_by_placeholder("你的名字 · who").fill("ana")
        form.get_by_text("保存更正 · save the correction").click()
        # the page reloads from the rebuilt warehouse: the figure changed and is marked
        page.wait_for_function("() => { const g = document.querySelector('#compare-graph .js-plotly-plot');"
                               " return g && g.data && g.data.some(t => (t.text || []).some(x => String(x).includes('8')))}",
                               timeout=30_000)
        assert bar_texts(page) == ["✎ 8 · 2022"]
        hover = page.eval_on_selector("#compare-graph .js-plotly-plot", "el => el.data[0].hovertext[0]")
        assert "extractor read: 7" in hover
        shown = page.wait_for_selector(".correction-shown", timeout=20_000).inner_text()
        assert "7 → 8" in shown and "ana" in shown and "the printed report says 8" in shown and "read: 7" in shown
        assert figure(warehouse, "sessions") == (8, "exact", True, 7)
        (line,) = corrections.path_for(warehouse).read_text(encoding="utf-8").splitlines()
        assert json.loads(line)["evidence"] == "常委会会议7次"

        printed = etl_build(tmp_path, warehouse)   # the command line, from the same folder
        assert "1 applied, 0 stale" in printed
        open_evidence(page, url, "sessions")
        assert bar_texts(page) == ["✎ 8 · 2022"] and page.errors == []


def select_text(page, within: str, words: str) -> None:
    """Select `words` inside the first element matching `within`, as a user's drag would."""
    found = page.evaluate("""([within, words]) => {
        const root = document.querySelector(within);
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(words);
            if (at >= 0) {
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + words.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                return true;
            }
        }
        return false;
    }""", [within, words])
    assert found


def choose(page, dropdown: str, label: str) -> None:
    page.click(dropdown)
    page.get_by_role("option").filter(has_text=label).first.click()


def test_a_missed_count_is_added_by_selecting_its_words(warehouse, page):
    with served(warehouse) as url:
        open_evidence(page, url, "sessions")
        page.click(".missed-open")
        select_text(page, ".evidence-sentence", MISSED)
        page.wait_for_timeout(200)   # selectionchange is delivered after the script
        page.click("#missed-use")
        page.wait_for_selector(f"#missed-chosen mark:has-text('{MISSED}')", timeout=10_000)
        choose(page, "#missed-metric", "调研视察")
        page.fill("#missed-value", "10")
        choose(page, "#missed-qualifier", "至少")
        page.fill("#missed-why", "十余轮: at least ten")
        page.click("#missed-save")
        page.wait_for_selector(".evidence-panel .evidence-card", timeout=30_000)
        page.wait_for_function("() => performance.getEntriesByType('navigation')[0].type === 'reload'",
                               timeout=30_000)
        assert figure(warehouse, "surveys") == (10, "at_least", True, None)
        (line,) = corrections.path_for(warehouse).read_text(encoding="utf-8").splitlines()
        record = json.loads(line)
        text_line = REPORT.split("\n")[record["line"] - 1]
        assert (record["what"], text_line[record["start"]:record["end"]]) == ("missed", MISSED)
        open_evidence(page, url, "surveys")
        assert bar_texts(page) == ["✎ ≥10 · 2022"]
        assert "did not read this count" in page.locator(".correction-shown").inner_text()
        assert page.errors == []


def test_beyond_this_machine_without_a_token_nothing_can_be_corrected(warehouse, page):
    with served(warehouse, args=["--host", "0.0.0.0"], log_path=warehouse.with_suffix(".log")) as url:
        open_evidence(page, url, "sessions")
        assert page.locator(".correction-open").count() == 0 and page.locator("#missed-use").count() == 0
        # the callback sent by hand, for a fact and a correction that would apply: refused
        con = duckdb.connect(str(warehouse), read_only=True)
        (unit_id,) = con.execute("SELECT unit_id FROM facts WHERE metric = 'sessions'").fetchone()
        con.close()
        status, answer = tampered_callbacks.post(url, save_request(url, f"{unit_id}|sessions",
                                                                   ["value", "8", "typo", "eve"]))
        assert status == 200 and "this server does not accept changes" in answer, answer
        assert not corrections.path_for(warehouse).exists()
        assert figure(warehouse, "sessions") == (7, "exact", False, None)
    with served(warehouse) as url:   # the same request to a server on this machine is the correction
        status, answer = tampered_callbacks.post(url, save_request(url, f"{unit_id}|sessions",
                                                                   ["value", "8", "typo", "eve"]))
        assert status == 200 and "corrected (correction " in answer, answer
    assert figure(warehouse, "sessions") == (8, "exact", True, 7)


def save_request(url, key: str, values: list) -> dict:
    """The update request the save button of the fact `key` sends, with its fields holding `values`."""
    with urllib.request.urlopen(url + "/_dash-dependencies", timeout=30) as r:
        dependency = next(d for d in json.load(r) if '"fix-result"' in d["output"])
    output = dependency["output"]   # as the renderer sends it: the pattern, its ids in `outputs`
    fields = iter([1, {"key": key, "type": "fix-save"}, *values])

    def filled(entry):
        pattern = json.loads(entry["id"])
        return {"id": {**pattern, "key": key}, "property": entry["property"], "value": next(fields)}
    outputs = [{"id": {"key": key, "type": kind}, "property": prop}
               for kind, prop in (("fix-result", "children"), ("fix-done", "data"))]
    return {"output": output, "outputs": outputs,
            "inputs": [filled(i) for i in dependency["inputs"]], "state": [filled(s) for s in dependency["state"]],
            "changedPropIds": [json.dumps({"key": key, "type": "fix-save"}, separators=(",", ":")) + ".n_clicks"]}


def test_a_missed_count_is_added_from_the_document_page(warehouse, page, tmp_path):
    import hashlib

    document_id = hashlib.sha256((tmp_path / "reports" / "信阳.txt").read_bytes()).hexdigest()
    with served(warehouse) as url:
        page.goto(f"{url}/document/{document_id}")
        page.wait_for_selector("#document-text [data-line]")
        page.click(".missed-open")
        select_text(page, "#document-text", MISSED)
        page.wait_for_timeout(200)
        page.click("#missed-use")
        page.wait_for_selector(f"#missed-chosen mark:has-text('{MISSED}')", timeout=10_000)
        choose(page, "#missed-metric", "调研视察")
        page.fill("#missed-value", "10")
        page.fill("#missed-why", "十余轮")
        page.click("#missed-save")
        page.wait_for_function("() => performance.getEntriesByType('navigation')[0].type === 'reload'",
                               timeout=30_000)
        # the line's numbers are not its text: the column found is the count's own
        record = json.loads(corrections.path_for(warehouse).read_text(encoding="utf-8"))
        text_line = REPORT.split("\n")[record["line"] - 1]
        assert text_line[record["start"]:record["end"]] == MISSED
        assert figure(warehouse, "surveys") == (10, "exact", True, None) and page.errors == []
