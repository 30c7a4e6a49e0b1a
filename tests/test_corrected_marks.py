"""Corrected figures are marked wherever figures are shown: bars, points over time, map tooltips, the
Rankings and Data grids, and downloads (a `corrected` column and the extractor's value). The fixture
warehouse (tests/fixture_warehouse.py) with one correction of its corrections file applied, as a
build applies it: 保定市's 2022 sessions (≥9) corrected to 12."""
import io
import json
import shutil
import urllib.request

import duckdb
import pandas as pd
import pytest

import queries
from dashboard import charts, mapchart, timecharts
from dashboard.pages import data, rankings
from dashboard.testing import served
from dashboard.warehouse import records
from etl import corrections
from etl.warehouse import refresh_figures


@pytest.fixture(scope="module")
def corrected_db(fixture_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("corrected") / "w.duckdb"
    shutil.copy(fixture_db, db)
    con = duckdb.connect(str(db))
    fact = queries.run("correctable_facts", con, unit_ids=["u3"], metric="sessions").iloc[0].to_dict()
    corrections.append_correction(corrections.path_for(db), corrections.fact_record(fact, "value", 12, "typo", "ana"))
    report = corrections.apply_corrections(con, corrections.path_for(db))
    refresh_figures(con)
    con.close()
    assert report.applied == 1
    return db


def run(db, name, **params):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return queries.run(name, con, **params)
    finally:
        con.close()


def test_the_bar_says_corrected_and_the_hover_the_extractors_value(corrected_db):
    rows = run(corrected_db, "compare", metric="sessions", body="npc_sc", places=["130600", "220800"], kind="annual",
               period_start=2022, period_end=2022)
    fig = charts.bar_figure(rows, "次")
    texts = {t for trace in fig.data for t in trace.text}
    assert texts == {"✎ ≥12 · 2022", "5 · 2022"}
    hover = [h for trace in fig.data for h in trace.hovertext if "≥12" in h]
    assert hover and "extractor read: 9" in hover[0]


def test_points_over_time_and_map_tooltips_say_corrected(corrected_db):
    rows = run(corrected_db, "over_time", metric="sessions", body="npc_sc", places=["130600"], year_from=None,
               year_to=None)
    chart = timecharts.over_time(records(rows), "次", ["130600"], {"130600": "保定市"}, 400)
    hovers = [h for trace in chart["data"] for h in trace.get("hovertext", []) if h]
    assert any("✎" in h and "read: 9" in h for h in hovers)
    ranked = run(corrected_db, "ranking", metric="sessions", body="npc_sc", province=None, level=None, kind="annual",
                 period_start=2022, period_end=2022)
    tips = mapchart.hover_lines(ranked, "次")
    assert [("✎" in t) for t in tips] == [p == "保定市" for p in ranked.place]


def test_grids_mark_the_corrected_figure(corrected_db):
    ranked = run(corrected_db, "ranking", metric="sessions", body="npc_sc", province=None, level=None, kind="annual",
                 period_start=2022, period_end=2022)
    shown = {r["place"]: (r["shown"], r["corrected"]) for r in rankings.table_rows(ranked)}
    assert shown["保定市"][0] == "✎ ≥12" and "read: 9" in shown["保定市"][1]
    assert shown["白城市"] == ("5", "")
    figures = run(corrected_db, "figures_filtered", metric="sessions", body="npc_sc", province=None, level=None,
                  kind=None, year_from=None, year_to=None)
    grid = {(r["place"], r["period"]): (r["corrected"], r["correction"]) for r in data.grid_rows(figures, "figures")}
    assert grid[("保定市", "2022")][0] == "✎" and grid[("白城市", "2022")] == ("", "")


def test_downloads_carry_corrected_and_the_original_value(corrected_db):
    with served(corrected_db) as url:
        with urllib.request.urlopen(url + "/download/figures.csv?body=npc_sc&metric=sessions", timeout=30) as r:
            figures = pd.read_csv(io.BytesIO(r.read()), encoding="utf-8-sig")
        with urllib.request.urlopen(url + "/download/facts.csv?body=npc_sc&metric=sessions", timeout=30) as r:
            facts = pd.read_csv(io.BytesIO(r.read()), encoding="utf-8-sig")
    baoding = figures[(figures.place == "保定市") & (figures.period_end == 2022)].iloc[0]
    assert (baoding.value, bool(baoding.corrected), baoding.original_value) == (12, True, 9)
    assert not figures[figures.place == "白城市"].corrected.any()
    fact = facts[(facts.evidence == "常委会会议9次") & (facts.place == "保定市")].iloc[0]
    assert (fact.value, bool(fact.corrected), fact.original_value) == (12, True, 9)


def test_the_corrections_file_is_plain_json_lines(corrected_db):
    (line,) = corrections.path_for(corrected_db).read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert {k: record[k] for k in ("what", "metric", "line", "start", "end", "evidence", "old", "new", "why", "who")} == {
        "what": "value", "metric": "sessions", "line": 2, "start": 2, "end": 9, "evidence": "常委会会议9次",
        "old": 9, "new": 12, "why": "typo", "who": "ana"}
    assert record["document"] == "d2" and record["when"] and record["id"]
