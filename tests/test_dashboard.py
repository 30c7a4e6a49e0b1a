"""The app's callbacks and page layouts as plain functions, on the fixture warehouse (no browser)."""
import io
import json
from urllib.parse import parse_qsl, quote

import duckdb
import pandas as pd
import plotly
import pytest

from dashboard import charts, components, downloads, evidence, geo, gridblocks, text, urlstate, warehouse
from fixture_warehouse import fill_fixture_warehouse, fixture_warehouse_file


@pytest.fixture(scope="module", autouse=True)
def fixture_db(tmp_path_factory):
    path = fixture_warehouse_file(tmp_path_factory.mktemp("app") / "fixture.duckdb")
    warehouse.configure(path)
    return path


@pytest.fixture(scope="module")
def pages():
    from dashboard.pages import compare, data, focus, map, methods, place, rankings
    return dict(compare=compare, data=data, focus=focus, map=map, methods=methods, place=place, rankings=rankings)


def strings(component) -> str:
    """Every text of a component tree, joined (what a reader would see)."""
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def bars(figure):
    return [t for t in figure.data if t.type == "bar"]


def ranking_rows(pages, *filters, start=0, end=100, sort=None) -> list[dict]:
    """The Rankings grid's rows as the browser asks for a block of them (filters as for update())."""
    request = {"startRow": start, "endRow": end, "sortModel": sort or [], "filterModel": {}}
    answer = pages["rankings"].grid_block(request, *filters)
    assert answer["rowCount"] >= len(answer["rowData"])
    return answer["rowData"]


# -- URL state --------------------------------------------------------------------------------

def test_url_state_round_trip_and_problems(pages):
    params = pages["compare"].PARAMS
    state = {"body": "npc_sc", "metric": "sessions", "places": ["220800", "name:某区"], "view": "time",
             "kind": "term", "period": "2018-2022", "from": 2020, "to": None, "show": ["220800"],
             "show_period": "2022"}
    query = urlstate.write(state, params)
    assert query.startswith("?") and "body" not in query   # defaults stay out of the link
    parsed = dict(parse_qsl(query[1:]))   # as Dash Pages hands the query to a layout
    back, problems = urlstate.read(parsed, params)
    assert back == state and problems == []
    back, problems = urlstate.read({"from": "abc", "kind": "maybe", "zoom": "3", "places": "12",
                                    "period": "2022-2018"}, params)
    assert back["from"] is None and back["kind"] == "annual" and back["places"] == [] and back["period"] is None
    assert len(problems) == 5 and any("zoom" in p for p in problems)


def test_every_page_lays_out_with_and_without_bad_links(pages):
    for name, page in pages.items():
        if name == "place":
            continue
        assert "url-problems" not in strings(page.layout())
        laid_out = strings(page.layout(body="nonsense", metric="zzz", year="19x", province="火星省"))
        assert "url-problems" in laid_out, name


# -- compare ----------------------------------------------------------------------------------

def compare(pages, places=(), view="bars", kind=None, period=None, year_from=None, year_to=None,
            metric="sessions", body="npc_sc"):
    """Compare's update() as the browser calls it: (figure, note, period options, placeholder, bar
    controls' style, time controls' style, export meta, CSV address, the view's query string)."""
    return pages["compare"].update(body, metric, list(places), view, kind, period, year_from, year_to)


def test_compare_draws_chosen_places_and_marks_not_reported(pages):
    figure, note, *_ = compare(pages, ["220800", "130600", "220100"])
    labels = [y for t in bars(figure) for y in t.y]
    assert sorted(labels) == ["保定市", "白城市"]
    at_least = next(t for t in bars(figure) if t.name == text.QUALIFIERS["at_least"])
    assert list(at_least.text) == ["≥9 · 2022"] and at_least.marker.pattern.shape == "/"
    not_reported = [t for t in figure.data if t.type == "scatter"]
    assert list(not_reported[0].y) == ["长春市"] and text.NOT_REPORTED in not_reported[0].text[0]
    assert "2 / 3" in note and "annual reports of 2022" in note
    *_, csv, query = compare(pages, ["220800", "130600", "220100"], kind="annual")
    assert query == "?metric=sessions&places=220800,130600,220100" and csv == "/download/chart/compare.csv" + query


def test_compare_by_default_sets_annual_figures_of_one_year_side_by_side(pages):
    figure, note, options, placeholder, *_ = compare(pages)
    shown = sorted((y, t) for trace in bars(figure) for y, t in zip(trace.y, trace.text))
    # 北京's term review (40 in 2018–2022) and its annual figures of 2021 and 2023 are other periods
    assert shown == [("保定市", "≥9 · 2022"), ("新安县", "6 · 2022"), ("某区", "9 · 2022*"), ("白城市", "5 · 2022")]
    assert "annual reports of 2022" in note and "by default the period most places report: 4" in note
    assert text.INFERRED_NOTE in note and placeholder == "默认 · default: 2022"
    # the picker offers every year a period covers, 2018 included, each with how many places report it
    assert [o["value"] for o in options] == ["2023", "2022", "2021", "2020", "2019", "2018"]
    assert options[1]["label"] == "2022 · 4 个地区 places" and options[5]["label"] == "2018"


def test_compare_term_reviews_and_mixed_kinds(pages):
    figure, note, options, *_ = compare(pages, kind="term")
    (bar,) = bars(figure)
    assert list(bar.y) == ["北京市"] and list(bar.text) == ["40 · 2018–2022*"] and "term reviews of 2018–2022" in note
    assert [o["label"] for o in options] == ["2018–2022 · 1 个地区 places"]
    figure, note, *_ = compare(pages, ["110000"], kind="mixed")
    shown = sorted((y, t) for trace in bars(figure) for y, t in zip(trace.y, trace.text))
    assert shown == [("北京市 2018–2022", "40 · 2018–2022* 届"), ("北京市 2021", "9 · 2021 年度"),
                     ("北京市 2023", "8 · 2023* 年度")]
    figure, _, *_ = compare(pages, kind="annual", period="2021")
    assert [y for t in bars(figure) for y in t.y] == ["北京市"]


def test_compare_hover_gives_the_evidence_of_an_inferred_period(pages):
    figure, *_ = compare(pages, ["name:某区"])
    (bar,) = bars(figure)
    assert "2022*" in bar.hovertext[0] and "the year before the report: dated 2023-01-10" in bar.hovertext[0]


def test_compare_period_that_does_not_fit_the_kind_is_said(pages):
    _, note, *_ = compare(pages, kind="annual", period="2018-2022")
    assert "url-problems" in strings(note) and "an annual report covers one year" in strings(note)


def test_compare_over_time_draws_annual_points_and_term_segments(pages):
    figure, note, _, _, bar_style, time_style, meta, _, _ = compare(pages, ["110000", "220800"], view="time")
    assert bar_style == {"display": "none"} and time_style is None
    beijing = [t for t in figure.data if t.legendgroup == "北京市"]
    points = next(t for t in beijing if t.mode == "lines+markers")
    segment = next(t for t in beijing if t.mode == "lines+text")
    # 2021 and 2023 with a break between them (no report of 2022), the 2023 one inferred: an open marker
    assert list(points.x) == [2021, None, 2023] and list(points.y) == [9, None, 8]
    assert list(points.marker.symbol) == ["circle", 0, "circle-open"]
    # the term review across 2018–2022 at its yearly average (40 / 5), labelled with the total
    assert list(segment.x) == [2018, 2020, 2022] and list(segment.y) == [8.0, 8.0, 8.0]
    assert "合计 · total 40" in segment.text[1] and segment.line.dash == "dot"   # inferred
    assert "over time" in meta["subtitle"] and "c.txt" in meta["source"] and "d.txt" in meta["source"]
    figure, *_ = compare(pages, ["110000"], view="time", year_from=2022)
    assert [list(t.x) for t in figure.data] == [[2023], [2018, 2020, 2022]]   # the term review overlaps 2022


def test_compare_over_time_without_places_shows_those_with_the_most_periods(pages):
    figure, note, *_ = compare(pages, view="time")
    assert figure.data[0].legendgroup == "北京市" and "the 5 with the most periods" in note


def test_compare_without_places_shows_all_reporting(pages):
    figure, note, *_ = compare(pages)
    assert sum(len(t.y) for t in bars(figure)) == 4 and "; 4 个数字" in note


def test_compare_empty_and_inverted_years_say_so(pages):
    figure, *_ = compare(pages, view="time", year_from=2023, year_to=2021)
    assert "after" in figure.layout.annotations[0].text
    figure, *_ = compare(pages, metric="oath_takers")
    assert "no figures of this kind" in figure.layout.annotations[0].text


def find(component, id: str):
    """The component of a layout with this id."""
    if getattr(component, "id", None) == id:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children] if children is not None else []:
        if (found := find(child, id)) is not None:
            return found
    return None


@pytest.mark.parametrize("page, picker", [("compare", "compare-places"), ("focus", "focus-places")])
def test_a_place_picker_holds_only_the_chosen_places_and_its_store_every_place_offered(pages, page, picker):
    laid_out = pages[page].layout(places="220800,110101")   # 东城区 has no report
    held = find(laid_out, picker).options
    assert [o["value"] for o in held] == ["220800", "110101"] and held[1]["label"] == "东城区"
    offered = find(laid_out, components.places_store(picker)).data
    assert [o["value"] for o in offered] == ["110000", "220800", "name:某区", "130600", "410323", "411600"]
    assert all(set(o) == {"label", "value"} for o in offered)   # the adcode is the value: nothing else to search


def test_body_change_keeps_a_metric_both_bodies_have(pages):
    options, metric, places = pages["compare"].body_changed("cppcc_sc", "surveys")
    assert metric == "surveys" and {o["value"] for o in options} >= {"proposals_submitted", "surveys"}
    assert [p["label"].split(" · ")[0] for p in places] == ["长春市"]
    _, metric, _ = pages["compare"].body_changed("cppcc_sc", "sessions")
    assert metric == "proposals_submitted"


def test_clicking_a_bar_shows_every_source_sentence_and_lands_in_the_url(pages):
    figure, *_ = compare(pages, ["220800"])
    place, start, end = list(bars(figure)[0].customdata[0])[:3]
    selection = {"place": place, "start": start, "end": end}   # what a click selects (evidence.SELECT, in the browser)
    panel = strings(evidence.evidence_for(selection, "npc_sc", "sessions"))
    assert "a.txt:2" in panel and "b.txt:1" in panel and "evidence-mark" in panel
    assert "/place/220800" in panel
    # why each source counts for this place and period: the extractor's evidence, per source
    assert "heading names 2022" in panel and "review opens on 2022" in panel and "file name: 白城" in panel
    *_, query = compare(pages, ["220800"])
    shown, part = evidence.shown(selection, "npc_sc", "sessions")   # the panel and its part of the address
    assert strings(shown) == panel and part == "show=220800&show_period=2022"
    query += "&" + part   # as the browser joins them (assets/urlstate.js)
    assert query == "?metric=sessions&places=220800&show=220800&show_period=2022"
    laid_out = pages["compare"].layout(**dict(parse_qsl(query[1:])))   # the link opens the same evidence
    store, kept, drawn = (next(c for c in laid_out.children if getattr(c, "id", None) == f"compare-{name}")
                          for name in ("selected", "shown", "evidence"))
    assert store.data == {"place": "220800", "start": 2022, "end": 2022} and "url-problems" not in strings(laid_out)
    assert kept.data == part and "a.txt:2" in strings(drawn)   # drawn with the page: no callback on load


def test_export_meta_names_the_metric_body_period_kind_and_sources(pages):
    *_, meta, csv, _ = compare(pages)
    assert meta["title"] == text.metric_label("常委会会议", "Standing committee sessions")
    assert text.BODIES["npc_sc"] in meta["subtitle"] and "annual reports of 2022" in meta["subtitle"]
    assert meta["source"].startswith("来源 · Sources: 4 份报告") and "a.txt, b.txt, c.txt, d.txt" in meta["source"]
    assert csv == "/download/chart/compare.csv?metric=sessions"


def test_sentence_is_cut_at_sentence_ends():
    head, ev, tail = evidence.sentence_parts("上一句。本句开始，召开", "常委会会议5次", "，任免60人。下一句")
    assert (head, tail) == ("本句开始，召开", "，任免60人。")
    marked = strings(evidence.marked("常委会会议5次和十二次"))
    assert '"5"' in marked and '"十二"' in marked


# -- rankings, map -----------------------------------------------------------------------------

def test_rankings_rank_one_kind_and_period_with_ties_and_coverage(pages):
    figure, note, options, *_, csv, query = pages["rankings"].update("npc_sc", "sessions", None, None, None, None)
    assert query == "?metric=sessions" and csv == "/download/chart/rankings.csv" + query
    *_, query = pages["rankings"].update("npc_sc", "sessions", "term", None, None, "county")
    assert query == "?metric=sessions&kind=term&level=county"
    rows = ranking_rows(pages, "npc_sc", "sessions", None, None, None, None)
    assert [(r["place"], r["rank"], r["tied"], r["period"]) for r in rows] == [
        ("保定市", 1, True, "2022"), ("某区", 1, True, "2022*"), ("新安县", 3, False, "2022"),
        ("白城市", 4, False, "2022")]
    assert {r["reporting"] for r in rows} == {4} and "4 places report it" in note and "annual reports of 2022" in note
    assert rows[0]["shown"] == "≥9" and rows[1]["period_evidence"] == "the year before the report: dated 2023-01-10"
    assert all(t.split(" · ")[1].startswith("2022") for trace in bars(figure) for t in trace.text)
    rows = ranking_rows(pages, "npc_sc", "sessions", "term", None, None, None)
    assert [(r["place"], r["period"], r["kind"]) for r in rows] == [("北京市", "2018–2022*", "届内总结")]
    rows = ranking_rows(pages, "npc_sc", "sessions", None, None, "吉林省", None)
    assert [(r["place"], r["rank"], r["reporting"]) for r in rows] == [("白城市", 1, 1)]


def test_the_rankings_grid_gets_a_block_of_rows_at_a_time_sorted_on_the_server(pages):
    filters = ("npc_sc", "sessions", None, None, None, None)
    every = ranking_rows(pages, *filters)
    block = ranking_rows(pages, *filters, start=1, end=3)
    assert [r["place"] for r in block] == ["某区", "新安县"] == [r["place"] for r in every[1:3]]
    assert block[0]["tied"] and not block[1]["tied"]   # tied with 保定市, which is not in the block
    ascending = ranking_rows(pages, *filters, sort=[{"colId": "shown", "sort": "asc"}])
    assert [r["place"] for r in ascending] == ["白城市", "新安县", "保定市", "某区"]   # by the figure, ties in rank order
    assert [r["place"] for r in ranking_rows(pages, *filters, sort=[{"colId": "place", "sort": "desc"}])] == \
        sorted((r["place"] for r in every), reverse=True)
    crafted = pages["rankings"].grid_block({"startRow": -5, "endRow": "x", "sortModel": [{"colId": "__class__",
                                                                                       "sort": "up"}]}, *filters)
    assert [r["place"] for r in crafted["rowData"]] == [r["place"] for r in every] and crafted["rowCount"] == 4
    assert gridblocks.block_of({"startRow": 0, "endRow": 10 ** 9}) == (0, gridblocks.BLOCK_ROWS)


def test_the_rankings_grid_writes_each_rank_with_its_ties_and_coverage(pages):
    rows = ranking_rows(pages, "npc_sc", "sessions", None, None, None, None)
    assert [r["rank_text"] for r in rows] == ["第1名（并列） / 4 · 1st (tied) of 4", "第1名（并列） / 4 · 1st (tied) of 4",
                                              "第3名 / 4 · 3rd of 4", "第4名 / 4 · 4th of 4"]
    rank_text = pages["rankings"].rank_text
    assert [rank_text(n, False, 200) for n in (2, 11, 12, 13, 21, 22, 101, 111, 112)] == [
        f"第{n}名 / 200 · {n}{s} of 200" for n, s in ((2, "nd"), (11, "th"), (12, "th"), (13, "th"), (21, "st"),
                                                      (22, "nd"), (101, "st"), (111, "th"), (112, "th"))]


@pytest.mark.parametrize("page, grid, query, places", [
    ("rankings", "rankings-table", {"metric": "sessions"}, ["保定市", "某区", "新安县", "白城市"]),
    ("rankings", "rankings-table", {"metric": "sessions", "province": "吉林省"}, ["白城市"]),
    ("data", "data-grid", {"body": "npc_sc", "metric": "sessions", "province": "吉林省"}, ["白城市"])])
def test_a_grid_page_s_layout_holds_its_grid_s_first_block_for_its_filters(pages, page, grid, query, places):
    first = find(pages[page].layout(**query), f"{grid}-first").data
    assert [r["place"] for r in first["rowData"]] == places and first["rowCount"] == len(places)


def test_rankings_of_mixed_kinds_take_each_place_s_latest_and_label_them(pages):
    figure, *_ = pages["rankings"].update("npc_sc", "sessions", "mixed", None, None, None)
    rows = ranking_rows(pages, "npc_sc", "sessions", "mixed", None, None, None)
    assert ("北京市", "2023*", 8) in [(r["place"], r["period"], int(r["shown"])) for r in rows if r["shown"].isdigit()]
    assert "8 · 2023* 年度" in [t for trace in bars(figure) for t in trace.text]


def test_map_colours_reporting_regions_greys_the_rest_and_shows_the_south_china_sea(pages):
    figure, note, options, placeholder, meta, csv, query = pages["map"].update("npc_sc", "sessions", "prefecture", None,
                                                                                None)
    assert csv == "/download/chart/map.csv" + query and query == "?metric=sessions"
    main = [t for t in figure.data if t.geo == "geo" and t.type == "choropleth"]
    grey, coloured = main
    assert set(coloured.locations) == {"220800", "130600"}   # 北京 reports no annual figure of 2022
    assert len(grey.locations) + 2 == len(geo.shapes("prefecture")["features"])
    assert note.startswith(text.metric_label("常委会会议", "Standing committee sessions") + ": 2022年度报告")
    assert "2 / 375" in note and "places of other levels are not drawn" in note
    assert any("2022" in h for h in coloured.hovertext)
    # the inset: the South China Sea down to 曾母暗沙 (3.8°N), with 三沙市 and the dash line
    assert figure.layout.geo2.lataxis.range[0] < 3.8 and figure.layout.geo2.domain.x[0] > 0.5
    inset = [t for t in figure.data if t.geo == "geo2"]
    assert "460300" in {loc for t in inset if t.type == "choropleth" for loc in t.locations}
    (line,) = [t for t in inset if t.type == "scattergeo" and t.mode == "lines"]
    assert min(v for v in line.lat if v is not None) < 4 and list(line.lat).count(None) == 10   # ten dashes
    (islands,) = [t for t in inset if t.type == "scattergeo" and t.mode == "markers"]
    assert len(islands.lat) > 300 and min(islands.lat) < 4   # a dot on each island, 曾母暗沙 the southernmost
    figure, _, _, _, _, csv, _ = pages["map"].update("npc_sc", "sessions", "county", None, None)
    assert set(next(t for t in figure.data if t.type == "choropleth" and t.coloraxis).locations) == {"410323"}
    assert csv == "/download/chart/map.csv?metric=sessions&level=county"


def test_map_s_lowest_colour_is_far_from_the_grey_of_not_reported():
    from dashboard import mapchart

    def lab(hex_colour):   # CIE L*a*b* (D65) of an sRGB colour
        rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in rgb]
        xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, \
            (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
        f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz]
        return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])

    lowest, grey = lab(mapchart.SCALE[0][1]), lab(mapchart.NOT_REPORTED_COLOUR)
    assert sum((a - b) ** 2 for a, b in zip(lowest, grey)) ** 0.5 > 20   # ΔE*ab: 2.3 is just noticeable


def test_shapes_are_valid_geojson_with_adcodes_and_the_south_china_sea():
    for level in geo.LEVELS:
        features = geo.shapes(level)["features"]
        assert all(len(f["properties"]["adcode"]) == 6 for f in features)
        assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in features)
    assert len(geo.shapes("provincial")["features"]) == 34 and len(geo.shapes("county")["features"]) > 2800
    # the islands of the South China Sea: part of 海南省, and of 三沙市 at the prefecture level
    assert geo.bounds("provincial")["460000"][1] < 4 and geo.bounds("prefecture")["460300"][1] < 4
    lons, lats = geo.dash_line()
    assert lats.count(None) == 10 and 108 < min(x for x in lons if x) < 110 and max(y for y in lats if y) > 24
    lons, lats = geo.islands()
    west, south, east, north = geo.bounds("prefecture")["460300"]
    assert all(south <= y <= north and west <= x <= east for x, y in zip(lons, lats)) and min(lats) < 4


def test_neighbours_share_their_borders(pages):
    """Simplified together, two regions meet along one border: what overlaps is rounding, not land."""
    import shapely
    from shapely.geometry import shape

    for level in ("provincial", "prefecture"):
        outlines = [shape(f["geometry"]) for f in geo.shapes(level)["features"]]
        tree = shapely.STRtree(outlines)
        pairs = [(a, b) for a, b in zip(*tree.query(outlines, predicate="intersects")) if a < b]
        overlap = sum(outlines[a].intersection(outlines[b]).area for a, b in pairs)
        assert len(pairs) > len(outlines)   # neighbours touch: no gaps between them
        assert overlap < 1e-5 * sum(o.area for o in outlines), level


# -- data and downloads ------------------------------------------------------------------------

def data(pages, rows="figures", body="all", metric=None, province=None, level=None, kind=None, year_from=None,
         year_to=None):
    """The Data page as the browser asks it: (the grid's first block of rows, its columns, then what
    update() answers: the note, query, and the href and title of each download)."""
    filters = (rows, body, metric, province, level, kind, year_from, year_to)
    block = pages["data"].grid_block({"startRow": 0, "endRow": 100, "sortModel": []}, *filters)
    return (block["rowData"], pages["data"].columns(rows), *pages["data"].update(*filters))


def test_data_grid_shows_figures_or_facts_with_their_counts(pages):
    rows, columns, note, *_ = data(pages)
    assert len(rows) == 10 and note.startswith("10 个数字")
    rows, columns, note, *_ = data(pages, "facts")
    assert len(rows) == 11 and note.startswith("11 行来源")
    rows, _, _, query, *_ = data(pages, body="npc_sc", metric="sessions", province="吉林省")
    assert [(r["place"], r["period"], r["value"], r["unit"], r["sources"]) for r in rows] == [
        ("白城市", "2022", 5, "次", "a.txt, b.txt")]
    assert query == "?body=npc_sc&metric=sessions&province=%E5%90%89%E6%9E%97%E7%9C%81"
    rows, *_ = data(pages, "facts", body="npc_sc", metric="sessions", province="吉林省")
    assert len(rows) == 2 and {r["source"] for r in rows} == {"a.txt", "b.txt"}
    rows, *_ = data(pages, metric="cppcc_sc/proposals_submitted")
    assert [r["value"] for r in rows] == [300]
    rows, *_ = data(pages, kind="span")
    assert [(r["place"], r["period"], r["kind"]) for r in rows] == [("保定市", "2019–2020", "跨年")]


def test_the_data_grid_sorts_its_rows_on_the_server_by_their_values(pages):
    filters = ("figures", "all", None, None, None, None, None, None)
    every = pages["data"].grid_block({"startRow": 0, "endRow": 100}, *filters)["rowData"]
    by_value = pages["data"].grid_block({"startRow": 0, "endRow": 100, "sortModel": [{"colId": "value", "sort": "desc"}]},
                                        *filters)["rowData"]
    assert [r["value"] for r in by_value] == sorted((r["value"] for r in every), reverse=True)   # numbers, not text
    second = pages["data"].grid_block({"startRow": 1, "endRow": 3, "sortModel": [{"colId": "value", "sort": "desc"}]},
                                      *filters)["rowData"]
    assert second == by_value[1:3]


def test_the_data_page_offers_each_body_s_metrics(pages):
    choices = pages["data"].metric_choices(warehouse.current())
    assert set(choices) == {"all", "npc_sc", "cppcc_sc"}
    assert "sessions" in [o["value"] for o in choices["npc_sc"]] and "npc_sc/sessions" in [o["value"] for o in choices["all"]]
    assert "proposals_submitted" not in [o["value"] for o in choices["npc_sc"]]


def test_data_downloads_are_links_with_the_filters(pages):
    *_, csv, csv_title, xlsx, _, parquet, _ = data(pages, "facts", body="npc_sc", metric="sessions")
    assert csv == "/download/facts.csv?rows=facts&body=npc_sc&metric=sessions" and csv_title == "8 rows"
    assert xlsx.startswith("/download/facts.xlsx?") and parquet.startswith("/download/facts.parquet?")
    assert pages["data"].download_links({**pages["data"].checked(warehouse.current(), {})[0]},
                                        downloads.EXCEL_MAX_ROWS + 1)[2] is None   # XLSX: too many rows


# -- place profile, methods --------------------------------------------------------------------

def test_place_profile_lists_figures_with_evidence(pages):
    laid_out = strings(pages["place"].layout(place_key="220800"))
    assert "白城市" in laid_out and "a.txt:2" in laid_out and "b.txt:1" in laid_out
    assert "吉林省" in laid_out and "任免人员" in laid_out and "\"60 人次\"" in laid_out   # the grid of figures
    unplaced = strings(pages["place"].layout(place_key="name:某区"))
    assert "c.txt:1" in unplaced and "未定位" in unplaced and "2022*" in unplaced
    # each report says what decided its place and period
    assert "several places bear this name" in unplaced and "dated 2023-01-10" in unplaced


def test_place_profile_draws_each_metric_over_time(pages):
    laid_out = pages["place"].layout(place_key="110000")
    # each chart waits in its slot, as its component's JSON, until the browser draws it near the screen
    slots = [c for c in walk(laid_out) if getattr(c, "className", None) == components.LAZY_CLASS]
    graphs = [json.loads(getattr(slot, "data-component")) for slot in slots]
    assert [(g["type"], g["namespace"], g["props"]["id"]) for g in graphs] == [
        ("Graph", "dash_core_components", "place-npc_sc-sessions"), ("Table", "dash_bootstrap_components",
                                                                     "place-reports")]   # the reports, at the bottom
    assert [slot.id for slot in slots] == ["place-npc_sc-sessions-slot", "place-reports-slot"]
    assert all(slot.children is None for slot in slots)
    traces = graphs[0]["props"]["figure"]["data"]
    assert [t["x"] for t in traces] == [[2021, None, 2023], [2018, 2020, 2022]]
    shown = strings(laid_out)
    assert "/download/chart/place.csv?place=110000&metric=npc_sc%2Fsessions" in shown
    assert '"title": "北京市 · 常委会会议' in shown   # the chart's export


def walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children] if children is not None else []:
        if hasattr(child, "to_plotly_json"):
            yield from walk(child)


def test_place_profile_of_unknown_silent_or_figureless_places(pages):
    assert "No such place" in strings(pages["place"].layout(place_key="999999"))
    silent = strings(pages["place"].layout(place_key="330100"))   # a real city with no reports here
    assert "杭州市" in silent and "no reports" in silent
    figureless = strings(pages["place"].layout(place_key="411600"))   # 周口市: a report without figures
    assert "no reports" not in figureless and "1 report in 1 file, no figure read from it" in figureless
    assert "e.txt" in figureless and "dated 2023-01-08" in figureless


def test_methods_coverage_matrix(pages):
    figure, note, query, meta, csv = pages["methods"].update("npc_sc", None)
    heatmap = figure.data[0]
    assert set(heatmap.y) == {"白城市", "保定市", "北京市", "某区", "新安县"} and len(heatmap.x) == 15
    figure, _, query, *_ = pages["methods"].update("cppcc_sc", None)
    assert list(figure.data[0].y) == ["长春市"] and query == "?body=cppcc_sc"


# -- charts ------------------------------------------------------------------------------------

def figure_rows(**columns) -> pd.DataFrame:
    n = len(columns["value"])
    base = dict(period_start=[2022] * n, period_end=[2022] * n, period_kind=["annual"] * n,
                period_inferred=[False] * n, period_evidence=[["heading names 2022"]] * n,
                qualifier=["exact"] * n, conflict=[False] * n)
    return pd.DataFrame({**base, **columns})


def test_conflicting_sources_are_drawn_as_such():
    rows = figure_rows(place_key=["1", "2"], place=["甲市", "乙市"], value=[10, 7], qualifier=[None, "about"],
                       conflict=[True, False])
    figure = charts.bar_figure(rows, "次")
    kinds = {t.name: list(t.text) for t in bars(figure)}
    assert kinds == {text.QUALIFIERS["conflict"]: ["≠10 · 2022"], text.QUALIFIERS["about"]: ["≈7 · 2022"]}


def test_a_place_with_two_periods_gets_two_labelled_bars():
    rows = figure_rows(place_key=["500000", "500000"], place=["重庆市"] * 2, period_start=[2022, 2018],
                       value=[8, 40])
    assert sorted(charts.bar_label(rows)) == ["重庆市 2018–2022", "重庆市 2022"]


def test_the_source_line_names_a_few_reports_and_counts_the_rest():
    line = components.source_line([["a.txt", "b.txt"], ["b.txt"], ["c.txt", "d.txt", "e.txt", "f.txt"]])
    assert line.startswith("来源 · Sources: 6 份报告") and "a.txt, b.txt, c.txt, d.txt … (+2)" in line


def test_app_refuses_a_missing_warehouse(tmp_path):
    with pytest.raises(warehouse.WarehouseMissing, match="python -m etl build"):
        warehouse.Warehouse(tmp_path / "none.duckdb")


@pytest.mark.parametrize("change, missing", [
    ("DROP TABLE unit_themes", "unit_themes"),
    ("CREATE OR REPLACE TABLE figures AS SELECT * EXCLUDE (period_kind, period_evidence) FROM facts_resolved",
     "figures.period_evidence, figures.period_kind"),
    ("CREATE OR REPLACE TABLE figures AS SELECT * EXCLUDE (corrected, original_value, original_qualifier) "
     "FROM facts_resolved", "figures.corrected, figures.original_value")])
def test_app_asks_to_rebuild_a_warehouse_of_an_older_version(tmp_path, change, missing):
    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    fill_fixture_warehouse(con)
    con.execute(change)   # what a warehouse built by an older version lacks
    con.close()
    with pytest.raises(warehouse.WarehouseMissing, match=f"{missing}.*rebuild"):
        warehouse.Warehouse(old)


# -- focus ------------------------------------------------------------------------------------

def test_focus_draws_themes_side_by_side_and_distinctive_words(pages):
    figure, keywords, note, *_ = pages["focus"].update("npc_sc", ["220800", "130600"], None, None, "chosen")
    names = [t.name for t in bars(figure)]
    assert names == ["白城市", "保定市"]
    baicheng = bars(figure)[0]
    assert list(baicheng.x) == [20.0, 0.0] and list(baicheng.customdata[0]) == ["220800", "ecology"]
    shown = strings(keywords)
    assert shown.index("生态环境") < shown.index("养老")   # 白城's card comes first
    assert '"term": "养老"' in shown and "2 个地区" in note


def test_focus_without_places_shows_those_with_the_most_text(pages):
    figure, _, note, *_ = pages["focus"].update("npc_sc", [], None, None, "chosen")
    assert {t.name for t in bars(figure)} >= {"白城市", "保定市"}
    assert "no places chosen" in note


def test_focus_one_place_is_set_against_all(pages):
    _, keywords, note, *_ = pages["focus"].update("npc_sc", ["130600"], None, None, "chosen")
    assert "every place" in note and "养老" in strings(keywords)


def test_focus_clicks_select_sentences(pages):
    focus = pages["focus"]
    keyword = {"type": "focus-keyword", "place": "220800", "term": "河长制"}
    assert focus.selection_for(keyword, 1, None) == {"place": "220800", "term": "河长制"}
    assert focus.selection_for(keyword, None, None) is focus.no_update   # buttons drawn, not clicked
    click = {"points": [{"customdata": ["130600", "elderly_care"]}]}
    assert focus.selection_for("focus-themes", None, click) == {"place": "130600", "theme": "elderly_care"}


def test_focus_sentences_mark_the_words(pages):
    panel = pages["focus"].show_sentences({"place": "220800", "term": "河长制"}, "npc_sc", None, None)
    shown = strings(panel)
    assert "b.txt:1" in shown and "白城市" in shown and "1 句" in shown
    marks = [c for c in panel.children[1].children[1].children if getattr(c, "className", "") == "evidence-mark"]
    assert [m.children for m in marks] == ["河长制"]
    theme = strings(pages["focus"].show_sentences({"place": "130600", "theme": "elderly_care"}, "npc_sc", None, None))
    assert "养老服务 · Elderly care" in theme and "b.txt:2" in theme


def test_methods_lists_the_themes_and_their_words(pages):
    shown = strings(pages["methods"].layout())
    assert "养老服务 · Elderly care" in shown and "河长制" in shown


def test_focus_url_holds_the_selection(pages):
    focus = pages["focus"]
    query = focus.query_string("npc_sc", ["220800"], 2022, None, "all", {"place": "220800", "theme": "ecology"})
    assert query == "?places=220800&from=2022&against=all&show=220800&theme=ecology"
    laid_out = focus.layout(**dict(parse_qsl(query[1:])))
    assert "url-problems" not in strings(laid_out)
    store = next(c for c in laid_out.children if getattr(c, "id", None) == "focus-selection")
    assert store.data == {"place": "220800", "theme": "ecology"}
    assert "url-problems" in strings(focus.layout(show="220800", theme="astrology"))


# -- places without an adcode ------------------------------------------------------------------

def test_an_unlocated_place_is_compared_and_has_a_page(pages):
    figure, note, *_ = compare(pages, ["name:某区", "220800"])
    assert sorted(y for t in bars(figure) for y in t.y) == ["某区", "白城市"]
    assert not [t for t in figure.data if t.type == "scatter"] and "2 / 2" in note   # nothing "not reported"
    laid_out = strings(pages["place"].layout(place_key=quote("name:某区")))   # the path as the browser sends it
    assert "No such place" not in laid_out and "c.txt:1" in laid_out and "未定位" in laid_out
    assert quote("name:某区", safe=":") in strings(evidence.figure_link("name:某区"))


def test_rankings_and_map_say_how_many_figures_are_unlocated(pages):
    _, note, *_ = pages["rankings"].update("npc_sc", "sessions", None, None, None, None)
    assert "4 places report it" in note and "1 of them unlocated" in note
    _, note, *_ = pages["rankings"].update("npc_sc", "sessions", None, None, "吉林省", None)
    assert "1 unlocated place left out by the filters" in note
    _, note, *_ = pages["map"].update("npc_sc", "sessions", "prefecture", None, None)
    assert "1 figure of an unlocated place not drawn" in note


# -- callbacks sent what no browser would send ------------------------------------------------

def test_tampered_callback_inputs_get_the_warning_a_bad_link_gets(pages):
    figure, note, *_ = pages["compare"].update("npc_sc", ["sessions"], "220800", "pie", "maybe", "2022-abc", "abc",
                                               10 ** 30)
    shown = strings(note)
    assert "url-problems" in shown and "from='abc'" in shown and "to=1000000000000000000000000000000" in shown
    assert "kind='maybe'" in shown and "view='pie'" in shown and "period='2022-abc'" in shown and bars(figure)
    _, note, *_ = pages["rankings"].update("x' OR '1'='1", "sessions", {"a": 1}, 2022.5, "county", True)
    assert "body=\\\"x' OR '1'='1\\\"" in strings(note) and "period=2022.5" in strings(note)
    _, note, *_ = pages["map"].update("npc_sc", "sessions", "../../etc", [None], 0)
    assert "level='../../etc'" in strings(note) and "kind=[None]" in strings(note)
    note, *_ = pages["data"].update("everything", "all", "$metric", None, None, None, -1, [1, 2])
    assert "metric='$metric'" in strings(note) and "from=-1" in strings(note) and "rows='everything'" in strings(note)
    _, _, note, *_ = pages["focus"].update("npc_sc", ["220800", {"x": 1}], None, None, "everyone")
    assert "places=" in strings(note) and "against='everyone'" in strings(note)
    _, note, *_ = pages["methods"].update("npc_sc", ["吉林省", "火星"])
    assert "province='吉林省,火星'" in strings(note)


def test_tampered_clicks_and_selections_are_refused_in_words(pages):
    selection = {"place": "' OR 1 --", "start": "x", "end": None}   # a tampered click's selection
    panel = strings(evidence.evidence_for(selection, "npc_sc", "sessions"))
    assert "url-problems" in panel and "place=\\\"' OR 1 --\\\"" in panel and "start='x'" in panel
    assert evidence.evidence_for("x", "npc_sc", "sessions") is None and evidence.evidence_for(None, "npc_sc", "sessions") is None
    assert evidence.selection_query({"place": "' OR 1 --", "start": 1, "end": 2}) == ""   # left out of the address
    shown = strings(pages["focus"].show_sentences({"place": "220800", "theme": "astrology"}, "npc_sc", None, None))
    assert "theme='astrology'" in shown
    shown = strings(pages["focus"].show_sentences({"place": 5, "term": "会议" * 50}, "npc_sc", None, None))
    assert "show=5" in shown


# -- periods ----------------------------------------------------------------------------------

def test_a_period_fits_its_kind_and_the_default_is_the_first_periods_reported_gives():
    """periods_reported sorts the most places first, the latest of a tie (tested in test_queries)."""
    from dashboard import periods

    reported = pd.DataFrame({"period_kind": ["annual", "annual", "annual", "term"],
                             "period_start": [2022, 2021, 2020, 2017], "period_end": [2022, 2021, 2020, 2021],
                             "places": [7, 7, 3, 2]}).sort_values(["period_kind", "places", "period_end"],
                                                                  ascending=[True, False, False])
    problems = []
    assert periods.choose(reported, "annual", None, problems) == periods.Choice("annual", "2022", True, 7)
    assert periods.choose(reported, "term", None, problems).period == "2017-2021"
    assert periods.choose(reported, "span", None, problems).empty and problems == []
    assert periods.choose(reported, "mixed", "2021", problems).query == dict(kind=None, period_start=None,
                                                                             period_end=2021)
    assert periods.choose(reported, "term", "2021", problems).period == "2017-2021" and len(problems) == 1
    for bad in ("2022-2018", "20x2", "1800"):
        with pytest.raises(ValueError):
            periods.parse_period(bad)


def test_kept_answers_follow_the_file_and_callers_cannot_change_them(tmp_path):
    import os

    from etl.warehouse import refresh_figures

    path = fixture_warehouse_file(tmp_path / "w.duckdb")
    wh = warehouse.Warehouse(path)
    filters = dict(metric=None, body="npc_sc", province=None, level=None, kind=None, year_from=None, year_to=None)
    before = wh.count("facts_filtered", **filters)
    first = wh.query("facts_filtered", **filters)
    first.loc[:, "value"] = -1   # a caller's copy
    assert (wh.query("facts_filtered", **filters).value >= 0).all()
    rebuilt = fixture_warehouse_file(tmp_path / "rebuilt.duckdb")
    con = duckdb.connect(str(rebuilt))
    con.execute("DELETE FROM facts WHERE unit_id = 'u1' AND metric = 'sessions'")
    refresh_figures(con)
    con.close()
    os.replace(rebuilt, path)   # as a build does
    assert wh.count("facts_filtered", **filters) == before - 1


def test_a_first_view_stopped_for_its_time_says_so_in_the_page():
    """A page's layout draws its first view: a query of it stopped at its time limit gives a page
    saying so with a link to the page's default view, not an empty page."""
    from dashboard.app import stopped_said

    def asks_too_much(**query):
        return warehouse.current().timed(lambda c: c.execute("SELECT count(*) FROM range(1000000000000)").fetchall(),
                                         seconds=1)
    shown = strings(stopped_said(asks_too_much, "/map")(places="220800"))
    assert "longer than 1 s" in shown and '"href": "/map"' in shown and "reference" in shown
    assert stopped_said(lambda **query: query, "/map")(body="cppcc") == {"body": "cppcc"}
