"""Downloads from the real server's HTTP routes (dashboard/download_routes.py) on the fixture warehouse:
the figures and facts of the Data page's filters, and the figures each chart shows."""
import io
import json
import urllib.error
import urllib.request

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard import warehouse


@pytest.fixture(scope="module")
def pages(fixture_db):
    warehouse.configure(fixture_db)
    from dashboard.pages import compare, focus, map, methods, place, rankings
    return dict(compare=compare, focus=focus, map=map, methods=methods, place=place, rankings=rankings)


def get(url: str) -> tuple[bytes, dict]:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.read(), dict(answer.headers)


def csv_frame(content: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", dtype={"adcode": str, "place_key": str})


def test_figures_csv_has_one_row_per_figure_a_unit_column_and_text_adcodes(fixture_url):
    content, headers = get(fixture_url + "/download/figures.csv?body=npc_sc&metric=sessions")
    assert content.startswith(b"\xef\xbb\xbf") and headers["Content-Type"].startswith("text/csv")
    assert "attachment; filename*=UTF-8''congress_figures_sessions_china_" in headers["Content-Disposition"]
    frame = csv_frame(content)
    # 白城 2022 (two sources, one figure), 保定, 北京 ×3 (2018–2022, 2021, 2023), 某区, 新安县
    assert len(frame) == 7 and set(frame.unit) == {"次"}
    assert sorted(frame.place) == sorted(["保定市", "北京市", "北京市", "北京市", "新安县", "白城市", "某区"])
    baicheng = frame[frame.place == "白城市"].iloc[0]
    assert baicheng.sources == "a.txt; b.txt" and baicheng.period_kind == "annual"
    assert pd.isna(frame.set_index("place").loc["某区", "adcode"])   # a place without an adcode
    # adcodes are quoted text in the file itself (a spreadsheet keeps them as codes)
    assert '"220800"' in content.decode("utf-8-sig") and frame.adcode.dropna().str.fullmatch(r"\d{6}").all()


def test_facts_csv_has_one_row_per_source(fixture_url):
    frame = csv_frame(get(fixture_url + "/download/facts.csv?rows=facts&body=npc_sc&metric=sessions")[0])
    assert len(frame) == 8 and sorted(frame[frame.place == "白城市"].source) == ["a.txt", "b.txt"]
    assert {"evidence", "line_start", "unit", "period_kind"} <= set(frame.columns)


def test_xlsx_has_a_frozen_header_an_autofilter_and_text_adcodes(fixture_url):
    content, _ = get(fixture_url + "/download/figures.xlsx?metric=sessions")
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["figures", "about"]
    sheet = book["figures"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}8"
    header = [c.value for c in sheet[1]]
    adcodes = [row[header.index("adcode")] for row in sheet.iter_rows(min_row=2)]
    assert {c.data_type for c in adcodes if c.value} == {"s"} and "220800" in {c.value for c in adcodes}
    about = pd.read_excel(io.BytesIO(content), sheet_name="about")
    assert set(about[about.section == "column"].name) == set(header)
    assert set(about[about.section == "source"].name) == {"a.txt", "b.txt", "c.txt", "d.txt"}


def test_parquet_describes_its_columns(fixture_url):
    content, _ = get(fixture_url + "/download/figures.parquet?metric=sessions&province=%E5%90%89%E6%9E%97%E7%9C%81")
    table = pq.read_table(io.BytesIO(content))
    assert table.num_rows == 1 and table.column("sources").to_pylist() == [["a.txt", "b.txt"]]
    description = table.schema.field("period_kind").metadata[b"description"].decode()
    assert description.startswith("期别 · annual") and table.schema.field("adcode").type == "string"
    about = json.loads(table.schema.metadata[b"about"])
    assert about["filters"]["province"] == "吉林省"


def test_a_download_with_filters_it_cannot_read_is_refused_in_words(fixture_url):
    with pytest.raises(urllib.error.HTTPError) as refused:
        get(fixture_url + "/download/figures.csv?kind=often")
    assert refused.value.code == 400 and "kind='often'" in refused.value.read().decode()
    with pytest.raises(urllib.error.HTTPError) as unknown:
        get(fixture_url + "/download/secrets.csv")
    assert unknown.value.code == 404


def bar_figures(figure) -> set[tuple]:
    """(place key, first year, last year, value) of every bar a chart draws."""
    return {(d[0], int(d[1]), int(d[2]), int(x)) for t in figure.data if t.type == "bar"
            for d, x in zip(t.customdata, t.x)}


def csv_figures(frame: pd.DataFrame) -> set[tuple]:
    return set(zip(frame.place_key, frame.period_start, frame.period_end, frame.value))


@pytest.mark.parametrize("view", [
    dict(places=[], kind=None, period=None), dict(places=["220800", "110000", "220100"], kind="mixed", period=None),
    dict(places=[], kind="term", period=None), dict(places=[], kind="annual", period="2021")])
def test_the_chart_csv_has_exactly_one_row_per_figure_the_chart_draws(fixture_url, pages, view):
    figure, *_, csv, _address = pages["compare"].update("npc_sc", "sessions", view["places"], "bars", view["kind"],
                                              view["period"], None, None)
    frame = csv_frame(get(fixture_url + csv)[0])
    assert len(frame) == len(bar_figures(figure)) > 0 and csv_figures(frame) == bar_figures(figure)
    assert set(frame.unit) == {"次"} and set(frame.metric) == {"sessions"}


def test_the_over_time_csv_has_each_point_and_segment(fixture_url, pages):
    figure, *_, csv, _address = pages["compare"].update("npc_sc", "sessions", ["110000"], "time", None, None, None, None)
    drawn = {(d[0], d[1], d[2]) for t in figure.data for d in t.customdata if d[0]}
    frame = csv_frame(get(fixture_url + csv)[0])
    assert set(zip(frame.place_key, frame.period_start, frame.period_end)) == drawn and len(frame) == 3


def test_the_ranking_map_and_place_csvs_hold_what_they_draw(fixture_url, pages):
    figure, *_, csv, _address = pages["rankings"].update("npc_sc", "sessions", None, None, None, None)
    rows = pages["rankings"].grid_block({"startRow": 0, "endRow": 100}, "npc_sc", "sessions", None, None, None,
                                        None)["rowData"]
    frame = csv_frame(get(fixture_url + csv)[0])
    assert csv_figures(frame) == bar_figures(figure) and list(frame["rank"]) == [r["rank"] for r in rows]
    figure, *_, csv, _address = pages["map"].update("npc_sc", "sessions", "prefecture", None, None)
    coloured = {loc for t in figure.data if t.type == "choropleth" and t.geo == "geo" and t.coloraxis
                for loc in t.locations}
    assert set(csv_frame(get(fixture_url + csv)[0]).adcode) == coloured == {"220800", "130600"}
    frame = csv_frame(get(fixture_url + "/download/chart/place.csv?place=110000&metric=npc_sc/sessions")[0])
    assert sorted(zip(frame.period_start, frame.period_end, frame.value)) == [(2018, 2022, 40), (2021, 2021, 9),
                                                                             (2023, 2023, 8)]
    assert set(frame.adcode) == {"110000"}


def test_the_focus_and_coverage_csvs_hold_what_they_draw(fixture_url, pages):
    figure, *_, csv = pages["focus"].update("npc_sc", ["220800", "130600"], None, None, "chosen")
    drawn = {(t.name, y, round(x, 6)) for t in figure.data if t.type == "bar" for y, x in zip(t.y, t.x)}
    frame = csv_frame(get(fixture_url + csv)[0])
    assert len(frame) == len(drawn) == 4
    assert {(p, f"{z} · {e}", round(100 * s, 6)) for p, z, e, s in
            zip(frame.place, frame.label_zh, frame.label_en, frame.share)} == drawn
    figure, _, _, _, csv = pages["methods"].update("npc_sc", None)
    frame = csv_frame(get(fixture_url + csv)[0])
    assert len(frame) == len(figure.data[0].y) * len(figure.data[0].x) and set(frame.unit) >= {"次", "人次"}
