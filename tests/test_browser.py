"""The real app, served from a warehouse built from the bundled corpus, in headless Chromium."""
import base64
import io
import json
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
PHONE = {"width": 390, "height": 844}
# the bundled corpus: annual reports of 2022 (and one of 2023), term reviews of 2018–2022; 重庆 has both
# an annual report of 2022 and a term review of 2018–2022
PAGES = {"/": "#compare-graph .bars", "/rankings": "#rankings-table .ag-row:not(.ag-row-loading)", "/map": "#map-graph .choroplethlayer",
         "/data": "#data-grid .ag-row:not(.ag-row-loading)", "/methods": "#methods-coverage .heatmaplayer",
         "/place/410100": "#place-figures .evidence-mark", "/focus": "#focus-themes .bars",
         "/sql": "#sql-grid .ag-row"}


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


def new_page(browser, viewport):
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    page = context.new_page()
    page.errors, page.csp = [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    # what the Content-Security-Policy blocked: the app must need nothing it forbids
    page.on("console", lambda m: page.csp.append(m.text) if "Content Security Policy" in m.text else None)
    return context, page


@pytest.fixture
def page(browser):
    context, page = new_page(browser, {"width": 1400, "height": 1000})
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context, page = new_page(browser, PHONE)
    yield page
    context.close()


def traces(page, graph: str) -> list[dict]:
    return page.eval_on_selector(f"#{graph} .js-plotly-plot", "el => el.data.map(t => ({type: t.type, mode: t.mode, "
                                 "name: t.name, x: t.x, y: t.y, text: t.text, customdata: t.customdata, geo: t.geo}))")


def bar_labels(page, graph: str) -> list[str]:
    return [y for t in traces(page, graph) if t["type"] == "bar" for y in t["y"]]


def bar_texts(page, graph: str) -> list[str]:
    return [x for t in traces(page, graph) if t["type"] == "bar" for x in t["text"]]


def grid_column(page, grid: str, column: str) -> list[str]:
    """The texts of a grid's column once each of its cells is drawn (a row can stand before its
    block's values fill it; the columns read here are never empty in a filled row)."""
    cells = f"#{grid} .ag-center-cols-container [col-id='{column}']"
    page.wait_for_function("""cells => { const all = [...document.querySelectorAll(cells)];
        return all.length > 0 && all.every(cell => cell.innerText.trim() !== ""); }""", arg=cells, timeout=20_000)
    return page.locator(cells).all_inner_texts()


def settle(page, graph: str = "compare-graph"):
    wait_for_chart(page, f"#{graph} .js-plotly-plot .main-svg")


@pytest.mark.parametrize("path, expect", PAGES.items())
def test_every_page_opens(app_url, page, path, expect):
    page.goto(app_url + path)
    page.wait_for_selector(expect, timeout=20_000)
    assert page.errors == [] and page.csp == []
    assert "Traceback" not in page.content()


def test_an_unknown_address_gets_a_page_not_found(app_url, page):
    page.goto(app_url + "/no/such/page")
    page.wait_for_selector("text=Page not found")


def test_default_rankings_rank_annual_figures_of_one_year_and_term_reviews_change_the_set(app_url, page):
    page.goto(app_url + "/rankings?metric=laws_enacted")
    settle(page, "rankings-graph")
    note = page.inner_text("#rankings-note")
    assert "annual reports of 2022" in note and "by default the period most places report" in note
    periods = grid_column(page, "rankings-table", "period")
    assert periods and set(p.rstrip("*") for p in periods) == {"2022"}   # every row states its period
    assert bar_texts(page, "rankings-graph") and all(re.search(r" · 2022\*?$", t) for t in bar_texts(page, "rankings-graph"))
    annual = set(grid_column(page, "rankings-table", "place"))
    page.click("label:has-text('届 · term reviews')")
    page.wait_for_function("() => location.search.includes('kind=term')")
    page.wait_for_function("() => document.querySelector('#rankings-note').innerText.includes('term reviews of')")
    settle(page, "rankings-graph")
    terms = set(grid_column(page, "rankings-table", "place"))
    assert terms and terms != annual and {"北京市", "郑州市", "重庆市"} <= terms
    assert set(grid_column(page, "rankings-table", "period")) <= {"2018–2022", "2018–2022*"}
    assert all("2018–2022" in t for t in bar_texts(page, "rankings-graph"))


def test_default_compare_sets_one_kind_and_year_side_by_side_and_says_so(app_url, page):
    page.goto(app_url + "/?metric=laws_enacted")
    settle(page)
    assert "annual reports of 2022" in page.inner_text("#compare-note")
    texts = bar_texts(page, "compare-graph")
    assert texts and all(re.search(r" · 2022\*?$", t) for t in texts)   # every bar says its period
    # 北京's 37 of 2018–2022 is a term review: not among annual figures
    assert "北京市" not in bar_labels(page, "compare-graph")
    page.click("label:has-text('混合 · mixed kinds')")
    page.wait_for_function("() => location.search.includes('kind=mixed')")
    page.wait_for_function("() => document.querySelector('#compare-note').innerText.includes('mixed kinds')")
    settle(page)
    mixed = bar_texts(page, "compare-graph")
    assert any(t.endswith("届") for t in mixed) and any(t.endswith("年度") for t in mixed)


def test_bar_labels_fit_in_the_margin_set_for_them(app_url, page):
    """The left margin is reckoned from the labels' characters (charts.label_margin), not by plotly:
    the page's own chart, and one of long labels in Chinese, Latin and digits drawn by its plotly."""
    from dashboard import charts
    page.goto(app_url + "/?kind=mixed")
    settle(page)
    rows = pd.DataFrame({"place": ["新巴尔虎右旗", "新巴尔虎右旗", "Qamdo 昌都市"], "place_key": ["150727", "150727", "540300"],
                         "period_start": [2018, 2022, 2021], "period_end": [2022, 2022, 2021], "value": [5, 9, 12],
                         "qualifier": ["exact", "at_least", "about"], "conflict": [False, False, True],
                         "period_inferred": [False, True, False], "period_kind": ["term", "annual", "annual"],
                         "period_evidence": [None, "2022年", None]})
    page.evaluate("f => { const div = document.createElement('div'); div.id = 'label-test'; div.style.width = '900px';"
                  " document.body.prepend(div); return Plotly.newPlot(div, f.data, f.layout); }",
                  json.loads(charts.bar_figure(rows, "次").to_json()))
    for graph in ("compare-graph", "label-test"):
        chart = page.eval_on_selector(f"#{graph} .main-svg", "s => s.getBoundingClientRect().left")
        labels = page.eval_on_selector_all(f"#{graph} .ytick text", "ts => ts.map(t => [t.textContent, "
                                           "t.getBoundingClientRect().left])")
        assert labels and all(left >= chart for _, left in labels), labels
    assert any("2018–2022" in text for text, _ in labels)


def test_the_line_chart_draws_annual_points_and_term_segments(app_url, page):
    page.goto(app_url + "/?metric=laws_enacted&places=500000&view=time")
    settle(page)
    drawn = traces(page, "compare-graph")
    points = [t for t in drawn if t["mode"] == "lines+markers"]
    segments = [t for t in drawn if t["mode"] == "lines+text"]
    assert [p["x"] for p in points] == [[2022]] and [p["y"] for p in points] == [[20]]
    assert [s["x"] for s in segments] == [[2018, 2020, 2022]] and segments[0]["y"] == [42 / 5] * 3
    assert "合计 · total 42" in segments[0]["text"][1]
    assert page.locator("#compare-graph .scatterlayer .trace").count() >= 2


def test_a_year_before_the_first_period_end_can_be_chosen(app_url, page):
    page.goto(app_url + "/?metric=laws_enacted&places=500000,410100&view=time")
    settle(page)
    page.click("#compare-from")
    page.wait_for_selector("[role=option]")
    options = page.locator("[role=option]").all_inner_texts()
    assert "2018" in options and "2021" in options   # the first period of the corpus ends in 2022
    page.get_by_role("option", name="2019", exact=True).click()
    page.wait_for_function("() => location.search.includes('from=2019')")
    settle(page)
    # the term reviews of 2018–2022 overlap 2019 on: they stay in the chart
    assert any(t["x"] == [2018, 2020, 2022] for t in traces(page, "compare-graph") if t["mode"] == "lines+text")


def test_the_metric_and_places_survive_a_page_change(app_url, page):
    page.goto(app_url + "/?places=410100,110000")
    settle(page)
    page.click("#compare-metric")
    page.click("[role=option]:has-text('任免人员')")
    page.wait_for_function("() => location.search.includes('metric=appointments')")
    settle(page)
    page.click("#nav-rankings")
    page.wait_for_selector("#rankings-table .ag-row:not(.ag-row-loading)")
    assert "metric=appointments" in page.url and "任免人员" in page.inner_text("#rankings-note")
    page.click("#nav-focus")
    page.wait_for_selector("#focus-themes .bars")
    assert parse_qs(urlparse(page.url).query)["places"] == ["410100,110000"]
    page.click("#nav-compare")
    settle(page)
    query = parse_qs(urlparse(page.url).query)
    assert query["metric"] == ["appointments"] and query["places"] == ["410100,110000"]
    assert "任免人员" in page.inner_text("#compare-metric")


def place_options_shown(page) -> list[str]:
    return page.locator("[role=option]").all_inner_texts()


def test_the_place_picker_finds_places_by_name_and_by_adcode_and_keeps_those_chosen(app_url, page):
    page.goto(app_url + "/?places=110000")
    settle(page)
    page.click("#compare-places")
    page.fill(".dash-dropdown-search", "郑州")
    page.wait_for_function("() => [...document.querySelectorAll('[role=option]')].length === 2")
    assert any(o.startswith("郑州市 · 河南省") for o in place_options_shown(page))   # and the chosen 北京
    page.click("[role=option]:has-text('郑州市')")
    page.wait_for_function("() => location.search.includes('places=110000,410100')")
    page.fill(".dash-dropdown-search", "2208")   # an adcode's digits
    page.wait_for_selector("[role=option]:has-text('吉林省')")
    assert all("吉林省" in o or o.split(" · ")[0] in ("北京市", "郑州市") for o in place_options_shown(page))
    page.fill(".dash-dropdown-search", "")
    page.keyboard.press("Escape")
    settle(page)
    drawn = {y for t in traces(page, "compare-graph") for y in t["y"]}   # a bar, or "not reported"
    assert {"北京市", "郑州市"} <= drawn and "郑州市 · 河南省" in page.inner_text("#compare-places")
    assert parse_qs(urlparse(page.url).query)["places"] == ["110000,410100"]
    assert page.errors == []


def test_ag_grid_is_loaded_by_the_first_grid_page_reached_and_only_once(app_url, page):
    page.goto(app_url + "/")
    settle(page)
    assert page.evaluate("() => window.dash_ag_grid === undefined")   # Compare draws no grid
    for name, grid in (("rankings", "rankings-table"), ("map", None), ("data", "data-grid")):
        page.click(f"#nav-{name}")
        if grid:
            page.wait_for_selector(f"#{grid} .ag-row:not(.ag-row-loading)")
        else:
            settle(page, "map-graph")
    assert page.evaluate("() => document.querySelectorAll('script[src*=\"/dash_ag_grid/\"]').length") == 1
    assert page.errors == [] and page.csp == []


def test_the_first_page_comes_with_the_layout_and_a_link_goes_through_the_router(app_url, page):
    sent = []
    page.on("request", lambda r: sent.append(r.url.split("?")[0].rsplit("/", 1)[-1] if r.method == "GET"
                                             else r.post_data_json.get("output", "")))
    page.goto(app_url + "/rankings?kind=term")
    page.wait_for_selector(PAGES["/rankings"])
    assert page.input_value("#rankings-kind input[value=term]") == "term" and page.is_checked(
        "#rankings-kind input[value=term]")
    assert sent.count("_dash-layout") == 1 and sent.count("_dash-dependencies") == 1   # the preloads answered
    assert sent.count("async-dropdown.js") == 1 and sent.count("async-community.js") == 1   # the chunks' too
    assert not any("_pages_content" in s for s in sent)                             # no router call
    assert page.title().startswith("排名")
    page.click("#nav-data")   # a grid page after a grid page: ag-grid is not loaded again
    page.wait_for_selector(PAGES["/data"])
    assert sum("_pages_content" in s for s in sent) == 1
    assert page.evaluate("() => document.querySelectorAll('script[src*=\"/dash_ag_grid/\"]').length") == 1
    page.go_back()
    page.wait_for_selector(PAGES["/rankings"])
    assert page.errors == [] and page.csp == []


def callbacks_sent(page) -> list[str]:
    """The outputs of each callback request the page sends from now on."""
    sent = []
    page.on("request", lambda r: sent.append(r.post_data_json.get("output", ""))
            if "/_dash-update-component" in r.url else None)
    return sent


@pytest.mark.parametrize("path, graph", [("/?kind=term", "compare-graph"), ("/?view=time", "compare-graph"),
                                         ("/map?kind=term", "map-graph"), ("/methods?body=cppcc_sc", "methods-coverage")])
def test_a_chart_page_comes_drawn_and_sends_no_callback_as_it_loads(app_url, page, path, graph):
    sent = callbacks_sent(page)
    page.goto(app_url + path)
    settle(page, graph)
    assert sent == []   # the chart came with the layout (dashboard/firstview.drawn)
    if "kind=term" in path:   # the address is carried to the other pages' links as it is drawn
        page.wait_for_function("() => document.querySelector('#nav-rankings').href.includes('kind=term')")
    assert page.errors == []


def test_a_link_to_a_chart_page_draws_its_chart_with_the_router_s_call_alone(app_url, page):
    page.goto(app_url + "/rankings?kind=term")
    page.wait_for_selector(PAGES["/rankings"])
    sent = callbacks_sent(page)
    for name, ready in (("map", PAGES["/map"]), ("methods", PAGES["/methods"]), ("compare", PAGES["/"])):
        sent.clear()
        page.click(f"#nav-{name}")
        wait_for_chart(page, ready)
        assert len(sent) == 1 and "_pages_content" in sent[0], (name, sent)
    assert page.is_checked("#compare-kind input[value=term]") and "term reviews of" in page.inner_text("#compare-note")
    page.click("#compare-kind input[value=annual] + label")   # and its filters redraw it
    page.wait_for_function("() => document.querySelector('#compare-note').innerText.includes('annual reports of')")
    page.wait_for_function("() => !location.search.includes('kind=')")
    assert page.errors == []


def downloaded(page, selector: str) -> tuple[bytes, str]:
    with page.expect_download() as download:
        page.click(selector)
    return open(download.value.path(), "rb").read(), download.value.suggested_filename


def test_svg_and_png_downloads_hold_the_title_subtitle_sources_and_address(app_url, page):
    page.goto(app_url + "/?metric=laws_enacted")
    settle(page)
    svg, name = downloaded(page, "button:has-text('SVG')")
    text = svg.decode("utf-8")
    assert name == "compare_laws_enacted.svg" and text.lstrip().startswith("<svg")
    assert "制定法规 · Regulations enacted" in text   # the title: the metric
    assert "annual reports of 2022" in text and "来源 · Sources:" in text and ".txt" in text
    assert app_url + "/?metric=laws_enacted" in text.replace("&amp;", "&")
    png, name = downloaded(page, "button:has-text('PNG')")
    assert name == "compare_laws_enacted.png" and png.startswith(b"\x89PNG") and len(png) > 20_000
    # against the same figure drawn without the words: the title band and the footer differ, the rest not
    diff = page.evaluate("""async (annotated) => {
        const meta = window.chartExport.last['compare-graph'];
        const bare = await window.chartExport.image('compare-graph', meta, 'png', false);
        const load = src => new Promise(ok => { const i = new Image(); i.onload = () => ok(i); i.src = src; });
        const [a, b] = await Promise.all([load('data:image/png;base64,' + annotated), load(bare)]);
        const pixels = img => { const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
            const g = c.getContext('2d'); g.drawImage(img, 0, 0); return g.getImageData(0, 0, c.width, c.height).data; };
        const pa = pixels(a), pb = pixels(b), w = a.width, h = a.height;
        const differing = (y0, y1) => { let n = 0; for (let y = y0; y < y1; y++) for (let x = 0; x < w; x++) {
            const i = (y * w + x) * 4; if (Math.abs(pa[i] - pb[i]) + Math.abs(pa[i+1] - pb[i+1]) + Math.abs(pa[i+2] - pb[i+2]) > 60) n++; }
            return n; };
        return {size: [w, h, b.width, b.height], top: differing(0, 120), middle: differing(Math.floor(h / 3), Math.floor(h / 2))};
    }""", base64.b64encode(png).decode())
    assert diff["size"][:2] == diff["size"][2:]
    assert diff["top"] > 1000 and diff["middle"] < diff["top"] / 20, diff


def test_the_chart_csv_holds_exactly_the_figures_the_chart_draws(app_url, page):
    page.goto(app_url + "/?metric=deputy_suggestions&places=410100,110000,500000,130600&kind=mixed")
    settle(page)
    drawn = sorted((d[0], int(d[1]), int(d[2])) for t in traces(page, "compare-graph") if t["type"] == "bar"
                   for d in t["customdata"])
    content, name = downloaded(page, "a:has-text('CSV · 图中数据')")
    frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", dtype={"place_key": str, "adcode": str})
    assert name.startswith("compare_bars_deputy_suggestions") and name.endswith(".csv")
    assert sorted(zip(frame.place_key, frame.period_start, frame.period_end)) == drawn and len(drawn) >= 5
    assert set(frame.unit) == {"件"} and '"410100"' in content.decode("utf-8-sig")


def test_the_map_has_the_south_china_sea_islands_and_dash_line(app_url, page):
    page.goto(app_url + "/map")
    wait_for_chart(page, "#map-graph .choroplethlayer")
    inset = page.eval_on_selector("#map-graph .js-plotly-plot", """el => ({
        geos: Object.keys(el._fullLayout).filter(k => /^geo\\d*$/.test(k)),
        lat: el._fullLayout.geo2.lataxis.range,
        lines: el.data.filter(t => t.type === 'scattergeo' && t.geo === 'geo2' && t.mode === 'lines')
                      .map(t => t.lat.filter(v => v === null).length),
        islands: el.data.filter(t => t.type === 'scattergeo' && t.mode === 'markers').map(t => Math.min(...t.lat)),
        sansha: el.data.some(t => t.geo === 'geo2' && t.type === 'choropleth' && t.locations.includes('460300'))})""")
    assert inset["geos"] == ["geo", "geo2"] and inset["lat"][0] < 4 and inset["lines"] == [10] and inset["sansha"]
    assert len(inset["islands"]) == 1 and inset["islands"][0] < 4   # the islands' dots reach 曾母暗沙
    assert page.locator("#map-graph .geo").count() == 2 and page.locator("#map-graph .scattergeo path").count() >= 1
    assert page.errors == [] and page.csp == []


@pytest.mark.parametrize("path", list(PAGES) + ["/?view=time", "/data?rows=facts"])
def test_no_page_is_wider_than_a_phone(app_url, phone, path):
    phone.goto(app_url + path)
    phone.wait_for_selector(PAGES.get(path, "#compare-graph .js-plotly-plot, #data-grid .ag-row:not(.ag-row-loading)"), timeout=20_000,
                            state="attached")   # drawn, if perhaps scrolled out of sight in its grid
    phone.wait_for_timeout(500)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_changing_a_filter_changes_the_chart_and_the_url(app_url, page):
    page.goto(app_url + "/?places=410100,110000,411100,500000")
    settle(page)
    before = page.eval_on_selector("#compare-graph .js-plotly-plot", "el => el.data.map(t => t.x)")
    page.click("label:has-text('届 · term reviews')")
    page.wait_for_function("() => location.search.includes('kind=term')")
    page.wait_for_function("() => document.querySelector('#compare-note').innerText.includes('term reviews of')")
    settle(page)
    after = page.eval_on_selector("#compare-graph .js-plotly-plot", "el => el.data.map(t => t.x)")
    assert after != before


def test_clicking_a_bar_shows_its_evidence_and_the_link_opens_it_again(app_url, page):
    page.goto(app_url + "/?metric=appointments&places=410100&kind=term")
    settle(page)
    box = page.locator("#compare-graph .bars .point path").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    panel = page.wait_for_selector(".evidence-panel", timeout=10_000)
    assert "郑州市" in panel.inner_text()
    sources = page.locator(".evidence-source").all_inner_texts()
    assert sources and all(re.fullmatch(r".+\.txt:\d+", s) for s in sources)
    assert "767" in page.locator(".evidence-mark").first.inner_text()
    page.wait_for_function("() => location.search.includes('show=410100')")
    assert "show_period=2018-2022" in page.url
    page.goto(page.url)   # the link, shared, opens on the same evidence
    page.wait_for_selector(".evidence-panel .evidence-mark", timeout=20_000)
    assert "767" in page.locator(".evidence-mark").first.inner_text() and page.errors == []
    page.click("#compare-kind input[value=annual] + label")   # another filter closes it, and the link forgets it
    page.wait_for_function("() => !location.search.includes('show=') && !document.querySelector('.evidence-panel')")
    settle(page)
    assert "kind=" not in page.url and page.errors == []


def test_a_shared_link_restores_the_view(app_url, page):
    page.goto(app_url + "/?metric=deputy_suggestions&places=410100,110000&kind=term")
    settle(page)
    assert sorted(bar_labels(page, "compare-graph")) == ["北京市", "郑州市"]
    assert page.is_checked("#compare-kind input[value=term]")
    assert "代表建议" in page.inner_text("#compare-metric")
    page.goto(app_url + "/map?level=provincial&body=cppcc_sc")
    wait_for_chart(page, "#map-graph .choroplethlayer")
    assert page.is_checked("#map-body input[value=cppcc_sc]")


def test_a_bad_link_gets_a_message_not_a_traceback(app_url, page):
    page.goto(app_url + "/rankings?period=abc&metric=zzz&colour=red")
    settle(page, "rankings-graph")
    problems = page.inner_text(".url-problems")
    assert "period='abc'" in problems and "metric='zzz'" in problems and "colour" in problems
    assert page.locator("#rankings-table .ag-row:not(.ag-row-loading)").count() > 0
    assert page.errors == []


@pytest.mark.parametrize("table, fmt", [("figures", "csv"), ("figures", "xlsx"), ("facts", "parquet")])
def test_data_downloads_hold_what_is_filtered(app_url, page, table, fmt):
    page.goto(app_url + f"/data?rows={table}&body=npc_sc&metric=sessions")
    page.wait_for_selector("#data-grid .ag-row:not(.ag-row-loading)")
    stated = int(re.match(r"([\d,]+) ", page.inner_text("#data-count")).group(1).replace(",", ""))
    content, name = downloaded(page, f"#data-download-{fmt}")
    assert name.endswith("." + fmt) and f"congress_{table}_sessions" in name
    if fmt == "csv":
        assert content.startswith(b"\xef\xbb\xbf")
        frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    elif fmt == "xlsx":
        sheets = pd.read_excel(io.BytesIO(content), sheet_name=None)
        assert list(sheets) == [table, "about"]
        frame = sheets[table]
    else:
        frame = pd.read_parquet(io.BytesIO(content))
    assert len(frame) == stated > 0 and "unit" in frame
    assert set(frame.metric) == {"sessions"} and set(frame.body) == {"npc_sc"}
    if table == "figures":   # one row per figure: 郑州's 2018–2022, read from two reports, once
        assert not frame.duplicated(["place", "period_start", "period_end"]).any()


def test_the_url_keeps_the_data_filters(app_url, page):
    page.goto(app_url + "/data")
    page.wait_for_selector("#data-grid .ag-row:not(.ag-row-loading)")
    page.click("label:has-text('政协常委会')")
    page.wait_for_function("() => location.search.includes('body=cppcc_sc')")
    query = parse_qs(urlparse(page.url).query)
    assert query == {"body": ["cppcc_sc"]}
    assert "body=cppcc_sc" in page.get_attribute("#data-download-csv", "href")


def test_the_place_page_draws_each_metric_over_time_and_lists_its_reports(app_url, page):
    page.set_viewport_size({"width": 1400, "height": 500})
    page.goto(app_url + "/place/500000")
    page.wait_for_selector("#place-charts .js-plotly-plot")
    slots = page.locator("#place-charts .lazy-section").count()
    assert slots >= 9 and page.locator("#place-charts .js-plotly-plot").count() < slots   # the rest wait below
    assert page.locator("#place-reports").count() == 0   # the reports too, at the bottom
    page.locator("#place-charts .lazy-section").last.scroll_into_view_if_needed()
    page.wait_for_function(f"() => document.querySelectorAll('#place-charts .js-plotly-plot').length === {slots}")
    assert page.errors == []
    page.locator("#place-reports-slot").scroll_into_view_if_needed()
    page.wait_for_selector("#place-reports tbody tr")
    assert page.locator("#place-reports tbody tr").count() == 2
    page.goto(app_url + "/place/411600")   # 周口市: its report has no figures
    page.wait_for_selector("#place-reports")
    assert "no reports" not in page.content() and page.locator("#place-reports tbody tr").count() == 1


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
    settle(page)
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


def test_the_rankings_grid_sorts_on_the_server_when_a_column_is_clicked(app_url, page):
    page.goto(app_url + "/rankings?metric=sessions")
    settle(page, "rankings-graph")
    figures = [int(re.sub(r"\D", "", v)) for v in grid_column(page, "rankings-table", "shown")]
    assert figures == sorted(figures, reverse=True)   # in rank order
    page.click("#rankings-table .ag-header-cell[col-id='shown']")   # ascending: asks the server again
    page.wait_for_function("(last) => { const c = document.querySelector(\"#rankings-table .ag-center-cols-container "
                           ".ag-row:not(.ag-row-loading)[row-index='0'] [col-id='shown']\"); "
                           "return c && c.innerText.replace(/\\D/g, '') === String(last); }", arg=figures[-1])
    assert [int(re.sub(r"\D", "", v)) for v in grid_column(page, "rankings-table", "shown")] == sorted(figures)
    assert page.errors == []


def test_the_rankings_grid_s_first_rows_come_with_the_page_and_a_sort_asks_the_server(app_url, page):
    asked = []   # the grid's requests the server answers
    page.on("request", lambda r: asked.append(r) if "_dash-update-component" in r.url
            and "getRowsResponse" in r.post_data_json.get("output", "") else None)
    page.goto(app_url + "/rankings?metric=sessions")
    settle(page, "rankings-graph")
    assert grid_column(page, "rankings-table", "rank")[:4] == [
        "第1名 / 12 · 1st of 12", "第2名 / 12 · 2nd of 12", *["第3名（并列） / 12 · 3rd (tied) of 12"] * 2]
    assert grid_column(page, "rankings-table", "place")[:2] == ["岳阳市", "保定市"] and asked == []
    place = page.locator("#rankings-table .ag-center-cols-container [row-index='0'] [col-id='place'] a")
    assert place.get_attribute("href") == "/place/430600" and place.inner_text() == "岳阳市"
    page.click("#rankings-table .ag-header-cell[col-id='place']")
    page.wait_for_function("() => document.querySelector(\"#rankings-table .ag-center-cols-container "
                           ".ag-row:not(.ag-row-loading)[row-index='0'] [col-id='place']\").innerText === '三明市'")
    assert len(asked) == 1
    assert page.errors == [] and page.csp == []


@pytest.mark.parametrize("path, grid, note, words", [
    ("/rankings?kind=term", "rankings-table", "rankings-note", "term reviews of"),
    ("/data?body=npc_sc", "data-grid", "data-count", "个数字 · figures")])
def test_a_grid_page_comes_drawn_and_a_link_to_it_asks_the_router_alone(app_url, page, path, grid, note, words):
    sent = []   # the outputs of each callback request
    page.on("request", lambda r: sent.append(r.post_data_json.get("output", ""))
            if "/_dash-update-component" in r.url else None)
    page.goto(app_url + path)
    page.wait_for_selector(f"#{grid} .ag-row:not(.ag-row-loading)")
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
    assert words in page.inner_text(f"#{note}") and sent == []   # its note, chart and rows came with the layout
    carried = path.split("?")[1]   # and its address is carried to the other pages' links as it is drawn
    page.wait_for_function("(q) => document.querySelector('#nav-compare').href.includes(q)", arg=carried)
    page.click("#nav-compare")
    settle(page)
    sent.clear()
    page.click(f"#nav-{path[1:].split('?')[0]}")
    page.wait_for_selector(f"#{grid} .ag-row:not(.ag-row-loading)")
    page.wait_for_function("([note, words]) => document.getElementById(note).innerText.includes(words)",
                           arg=[note, words])
    assert len(sent) == 1 and "_pages_content" in sent[0], sent
    assert page.errors == [] and page.csp == []


def test_a_change_of_body_on_data_drops_a_metric_it_lacks_and_refills_the_grid(app_url, page):
    every_row_of = ("(body) => { const cells = [...document.querySelectorAll(\"#data-grid .ag-center-cols-container "
                    ".ag-row:not(.ag-row-loading) [col-id='body']\")]; "
                    "return cells.length > 0 && cells.every(c => c.innerText === body); }")
    page.goto(app_url + "/data?body=npc_sc&metric=laws_enacted")
    page.wait_for_function(every_row_of, arg="npc_sc")
    page.click("label:has-text('政协常委会')")
    page.wait_for_function("() => location.search.includes('body=cppcc_sc') && !location.search.includes('metric=')")
    page.wait_for_function(every_row_of, arg="cppcc_sc")
    assert page.errors == []
