"""The app's callbacks and page layouts as plain functions, on the fixture warehouse (no browser)."""
import io
import json
from urllib.parse import parse_qsl, quote

import duckdb
import pandas as pd
import plotly
import pytest

from dashboard import charts, downloads, evidence, geo, text, urlstate, warehouse
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


# -- URL state --------------------------------------------------------------------------------

def test_url_state_round_trip_and_problems(pages):
    params = pages["compare"].PARAMS
    state = {"body": "npc_sc", "metric": "sessions", "places": ["220800", "name:某区"], "from": 2020, "to": None,
             "per_year": True}
    query = urlstate.write(state, params)
    assert query.startswith("?") and "body" not in query   # defaults stay out of the link
    parsed = dict(parse_qsl(query[1:]))   # as Dash Pages hands the query to a layout
    back, problems = urlstate.read(parsed, params)
    assert back == state and problems == []
    back, problems = urlstate.read({"from": "abc", "per_year": "maybe", "zoom": "3", "places": "12"}, params)
    assert back["from"] is None and back["per_year"] is False and back["places"] == []
    assert len(problems) == 4 and any("zoom" in p for p in problems)


def test_every_page_lays_out_with_and_without_bad_links(pages):
    for name, page in pages.items():
        if name == "place":
            continue
        assert "url-problems" not in strings(page.layout())
        laid_out = strings(page.layout(body="nonsense", metric="zzz", year="19x", province="火星省"))
        assert "url-problems" in laid_out, name


# -- compare ----------------------------------------------------------------------------------

def test_compare_draws_chosen_places_and_marks_not_reported(pages):
    figure, note, query = pages["compare"].update("npc_sc", "sessions", ["220800", "130600", "220100"],
                                                  None, None, False)
    labels = [y for t in bars(figure) for y in t.y]
    assert sorted(labels) == ["保定市", "白城市"]
    at_least = next(t for t in bars(figure) if t.name == text.QUALIFIERS["at_least"])
    assert list(at_least.text) == ["≥9"] and at_least.marker.pattern.shape == "/"
    not_reported = [t for t in figure.data if t.type == "scatter"]
    assert list(not_reported[0].y) == ["长春市"] and text.NOT_REPORTED in not_reported[0].text[0]
    assert "2 / 3" in note and query == "?metric=sessions&places=220800,130600,220100"


def test_compare_per_year_divides_term_reviews(pages):
    figure, _, _ = pages["compare"].update("npc_sc", "sessions", ["110000"], None, None, True)
    (bar,) = bars(figure)
    assert list(bar.x) == [8.0] and "per year" in figure.layout.xaxis.title.text


def test_compare_without_places_shows_all_reporting(pages):
    figure, note, _ = pages["compare"].update("npc_sc", "sessions", [], None, None, False)
    assert sum(len(t.y) for t in bars(figure)) == 4 and note.split(": ")[1].startswith("4 ")


def test_compare_empty_and_inverted_years_say_so(pages):
    figure, _, _ = pages["compare"].update("npc_sc", "sessions", [], 2023, 2021, False)
    assert "after" in figure.layout.annotations[0].text
    figure, _, _ = pages["compare"].update("npc_sc", "oath_takers", [], None, None, False)
    assert "no figures" in figure.layout.annotations[0].text


def test_body_change_keeps_a_metric_both_bodies_have(pages):
    options, metric, places = pages["compare"].body_changed("cppcc_sc", "surveys")
    assert metric == "surveys" and {o["value"] for o in options} >= {"proposals_submitted", "surveys"}
    assert [p["label"].split(" · ")[0] for p in places] == ["长春市"]
    _, metric, _ = pages["compare"].body_changed("cppcc_sc", "sessions")
    assert metric == "proposals_submitted"


def test_clicking_a_bar_shows_every_source_sentence(pages):
    figure, _, _ = pages["compare"].update("npc_sc", "sessions", ["220800"], None, None, False)
    click = {"points": [{"customdata": list(bars(figure)[0].customdata[0])}]}
    panel = strings(evidence.evidence_for_click(click, "npc_sc", "sessions"))
    assert "a.txt:2" in panel and "b.txt:1" in panel and "evidence-mark" in panel
    assert "/place/220800" in panel


def test_sentence_is_cut_at_sentence_ends():
    head, ev, tail = evidence.sentence_parts("上一句。本句开始，召开", "常委会会议5次", "，任免60人。下一句")
    assert (head, tail) == ("本句开始，召开", "，任免60人。")
    marked = strings(evidence.marked("常委会会议5次和十二次"))
    assert '"5"' in marked and '"十二"' in marked


# -- rankings, map -----------------------------------------------------------------------------

def test_rankings_table_ties_and_coverage(pages):
    rows, figure, note, _ = pages["rankings"].update("npc_sc", "sessions", None, None, 2022, False)
    assert [(r["place"], r["rank"], r["tied"]) for r in rows] == [
        ("北京市", 1, False), ("保定市", 2, True), ("某区", 2, True), ("白城市", 4, False)]
    assert {r["reporting"] for r in rows} == {4} and "4 places report it" in note
    assert rows[1]["shown"] == "≥9" and rows[0]["place_key"] == "110000"
    rows, _, _, _ = pages["rankings"].update("npc_sc", "sessions", "吉林省", None, None, False)
    assert [(r["place"], r["rank"], r["reporting"]) for r in rows] == [("白城市", 1, 1)]


def test_map_colours_reporting_regions_and_greys_the_rest(pages):
    figure, note, query = pages["map"].update("npc_sc", "sessions", "prefecture", None, False)
    grey, coloured = figure.data
    assert set(coloured.locations) == {"220800", "130600", "110000"}
    assert len(grey.locations) + 3 == len(geo.shapes("prefecture")["features"])
    assert note.startswith(text.metric_label("常委会会议", "Standing committee sessions") + ": 3 /")
    figure, _, query = pages["map"].update("npc_sc", "sessions", "provincial", None, False)
    assert list(figure.data[1].locations) == ["110000"] and "level=provincial" in query


def test_shapes_are_valid_geojson_with_adcodes():
    for level in ("provincial", "prefecture"):
        features = geo.shapes(level)["features"]
        assert all(len(f["properties"]["adcode"]) == 6 for f in features)
        assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in features)
    assert len(geo.shapes("provincial")["features"]) == 34


# -- data and downloads ------------------------------------------------------------------------

def test_data_grid_count_and_filters(pages):
    rows, note, query = pages["data"].update("all", None, None, None, None, None)
    assert len(rows) == 7 and note.startswith("7 ")
    rows, note, query = pages["data"].update("npc_sc", "sessions", "吉林省", None, None, None)
    assert len(rows) == 2 and {r["source"] for r in rows} == {"a.txt", "b.txt"}
    assert query == "?body=npc_sc&metric=sessions&province=%E5%90%89%E6%9E%97%E7%9C%81"
    rows, note, _ = pages["data"].update("all", "cppcc_sc/proposals_submitted", None, None, None, None)
    assert [r["value"] for r in rows] == [300]


def test_downloads_hold_exactly_the_filtered_rows(pages):
    filters = pages["data"].filters_of(pages["data"].controls("npc_sc", "sessions", None, None, None, None)[0])
    expected = warehouse.current().count("facts_filtered", **filters)
    content, name = pages["data"].download_file("csv", filters)
    assert content.startswith("\ufeff".encode()) and name.endswith(".csv")
    assert len(pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")) == expected
    content, name = pages["data"].download_file("xlsx", filters)
    sheets = pd.read_excel(io.BytesIO(content), sheet_name=None)
    assert list(sheets) == ["facts", "about"] and len(sheets["facts"]) == expected
    about = sheets["about"]
    assert set(about.section) == {"column", "metric", "filter", "source"}
    assert set(about[about.section == "column"].name) == set(sheets["facts"].columns)
    content, name = pages["data"].download_file("parquet", filters)
    assert len(pd.read_parquet(io.BytesIO(content))) == expected


def test_xlsx_refuses_more_rows_than_excel_holds():
    too_many = pd.DataFrame({"place": ["x"] * (downloads.EXCEL_MAX_ROWS + 1)})
    with pytest.raises(ValueError, match="Excel"):
        downloads.xlsx_bytes(too_many, pd.DataFrame(), {})


# -- place profile, methods --------------------------------------------------------------------

def test_place_profile_lists_figures_with_evidence(pages):
    laid_out = strings(pages["place"].layout(place_key="220800"))
    assert "白城市" in laid_out and "a.txt:2" in laid_out and "b.txt:1" in laid_out
    assert "吉林省" in laid_out and "任免人员" in laid_out and "\"60\"" in laid_out   # the grid of figures
    unplaced = strings(pages["place"].layout(place_key="name:某区"))
    assert "c.txt:1" in unplaced and "未定位" in unplaced


def test_place_profile_of_unknown_or_silent_places(pages):
    assert "No such place" in strings(pages["place"].layout(place_key="999999"))
    silent = strings(pages["place"].layout(place_key="330100"))   # a real city with no reports here
    assert "杭州市" in silent and "no reports" in silent


def test_methods_coverage_matrix(pages):
    figure, note, query = pages["methods"].update("npc_sc", None)
    heatmap = figure.data[0]
    assert set(heatmap.y) == {"白城市", "保定市", "北京市", "某区"} and len(heatmap.x) == 15
    figure, _, query = pages["methods"].update("cppcc_sc", None)
    assert list(figure.data[0].y) == ["长春市"] and query == "?body=cppcc_sc"


# -- charts ------------------------------------------------------------------------------------

def test_conflicting_sources_are_drawn_as_such():
    rows = pd.DataFrame({"place_key": ["1", "2"], "place": ["甲市", "乙市"], "period_start": [2022, 2022],
                         "period_end": [2022, 2022], "value": [10, 7], "value_per_year": [10.0, 7.0],
                         "qualifier": [None, "about"], "conflict": [True, False]})
    figure = charts.bar_figure(rows, "次")
    kinds = {t.name: list(t.text) for t in bars(figure)}
    assert kinds == {text.QUALIFIERS["conflict"]: ["≠10"], text.QUALIFIERS["about"]: ["≈7"]}


def test_a_place_with_two_periods_gets_two_labelled_bars():
    rows = pd.DataFrame({"place_key": ["500000", "500000"], "place": ["重庆市"] * 2, "period_start": [2022, 2018],
                         "period_end": [2022, 2022], "value": [8, 40], "value_per_year": [8.0, 8.0],
                         "qualifier": ["exact"] * 2, "conflict": [False] * 2})
    assert sorted(charts.bar_label(rows)) == ["重庆市 2018–2022", "重庆市 2022"]


def test_app_refuses_a_missing_warehouse(tmp_path):
    with pytest.raises(warehouse.WarehouseMissing, match="python -m etl build"):
        warehouse.Warehouse(tmp_path / "none.duckdb")


def test_app_asks_to_rebuild_a_warehouse_of_an_older_version(tmp_path):
    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    fill_fixture_warehouse(con)
    con.execute("DROP TABLE unit_themes")
    con.close()
    with pytest.raises(warehouse.WarehouseMissing, match="unit_themes.*rebuild"):
        warehouse.Warehouse(old)


# -- focus ------------------------------------------------------------------------------------

def test_focus_draws_themes_side_by_side_and_distinctive_words(pages):
    figure, keywords, note = pages["focus"].update("npc_sc", ["220800", "130600"], None, None, "chosen")
    names = [t.name for t in bars(figure)]
    assert names == ["白城市", "保定市"]
    baicheng = bars(figure)[0]
    assert list(baicheng.x) == [20.0, 0.0] and list(baicheng.customdata[0]) == ["220800", "ecology"]
    shown = strings(keywords)
    assert shown.index("生态环境") < shown.index("养老")   # 白城's card comes first
    assert '"term": "养老"' in shown and "2 个地区" in note


def test_focus_without_places_shows_those_with_the_most_text(pages):
    figure, _, note = pages["focus"].update("npc_sc", [], None, None, "chosen")
    assert {t.name for t in bars(figure)} >= {"白城市", "保定市"}
    assert "no places chosen" in note


def test_focus_one_place_is_set_against_all(pages):
    _, keywords, note = pages["focus"].update("npc_sc", ["130600"], None, None, "chosen")
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
    figure, note, _ = pages["compare"].update("npc_sc", "sessions", ["name:某区", "220800"], None, None, False)
    assert sorted(y for t in bars(figure) for y in t.y) == ["某区", "白城市"]
    assert not [t for t in figure.data if t.type == "scatter"] and "2 / 2" in note   # nothing "not reported"
    laid_out = strings(pages["place"].layout(place_key=quote("name:某区")))   # the path as the browser sends it
    assert "No such place" not in laid_out and "c.txt:1" in laid_out and "未定位" in laid_out
    assert quote("name:某区", safe=":") in strings(evidence.figure_link("name:某区"))


def test_rankings_and_map_say_how_many_figures_are_unlocated(pages):
    _, _, note, _ = pages["rankings"].update("npc_sc", "sessions", None, None, 2022, False)
    assert "4 places report it" in note and "1 of them unlocated" in note
    _, _, note, _ = pages["rankings"].update("npc_sc", "sessions", "吉林省", None, None, False)
    assert "1 unlocated place left out by the filters" in note
    _, note, _ = pages["map"].update("npc_sc", "sessions", "prefecture", None, False)
    assert "1 figure of an unlocated place not drawn" in note


# -- callbacks sent what no browser would send ------------------------------------------------

def test_tampered_callback_inputs_get_the_warning_a_bad_link_gets(pages):
    figure, note, query = pages["compare"].update("npc_sc", ["sessions"], "220800", "abc", 10 ** 30, "maybe")
    shown = strings(note)
    assert "url-problems" in shown and "from='abc'" in shown and "to=1000000000000000000000000000000" in shown
    assert "per_year='maybe'" in shown and bars(figure)   # defaults drawn instead
    _, _, note, _ = pages["rankings"].update("x' OR '1'='1", "sessions", {"a": 1}, "county", 2022.5, True)
    assert "body=\\\"x' OR '1'='1\\\"" in strings(note) and "year=2022.5" in strings(note)
    _, note, _ = pages["map"].update("npc_sc", "sessions", "../../etc", [None], 0)
    assert "level='../../etc'" in strings(note) and "year=[None]" in strings(note)
    _, note, _ = pages["data"].update("all", "$metric", None, None, -1, [1, 2])
    assert "metric='$metric'" in strings(note) and "from=-1" in strings(note)
    _, _, note = pages["focus"].update("npc_sc", ["220800", {"x": 1}], None, None, "everyone")
    assert "places=" in strings(note) and "against='everyone'" in strings(note)
    _, note, _ = pages["methods"].update("npc_sc", ["吉林省", "火星"])
    assert "province='吉林省,火星'" in strings(note)


def test_tampered_clicks_and_selections_are_refused_in_words(pages):
    panel = strings(evidence.evidence_for_click({"points": [{"customdata": ["' OR 1 --", "x", None]}]},
                                                "npc_sc", "sessions"))
    assert "url-problems" in panel and "place=\\\"' OR 1 --\\\"" in panel and "start='x'" in panel
    assert evidence.evidence_for_click({"points": "x"}, "npc_sc", "sessions") is evidence.no_update
    shown = strings(pages["focus"].show_sentences({"place": "220800", "theme": "astrology"}, "npc_sc", None, None))
    assert "theme='astrology'" in shown
    shown = strings(pages["focus"].show_sentences({"place": 5, "term": "会议" * 50}, "npc_sc", None, None))
    assert "show=5" in shown


def test_kept_answers_follow_the_file_and_callers_cannot_change_them(tmp_path):
    import os

    from etl.warehouse import refresh_figures

    path = fixture_warehouse_file(tmp_path / "w.duckdb")
    wh = warehouse.Warehouse(path)
    filters = dict(metric=None, body="npc_sc", province=None, level=None, year_from=None, year_to=None)
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
