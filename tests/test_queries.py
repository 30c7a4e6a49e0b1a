"""Every query of queries/ on a small fixture warehouse made from SQL here."""
import duckdb
import pytest

import queries
from etl.warehouse import create_schema, refresh_figures

DOCUMENTS = {"d1": ("a.txt", "标题\n召开常委会会议5次,任免工作人员60人次。"),
             "d2": ("b.txt", "召开常委会会议5次。\n召开常委会会议9次。"),
             "d3": ("c.txt", "五年来召开常委会会议40次。")}
UNITS = """
INSERT INTO units VALUES
  ('u1', 'd1', 1, 2, '白城市', '220800', 'npc_sc', 2022, 2022, false),
  ('u2', 'd2', 1, 1, '白城市', '220800', 'npc_sc', 2022, 2022, false),
  ('u3', 'd2', 2, 2, '保定市', '130600', 'npc_sc', 2022, 2022, false),
  ('u4', 'd3', 1, 1, '北京市', '110000', 'npc_sc', 2018, 2022, true),
  ('u5', 'd3', 1, 1, '某区', NULL, 'npc_sc', 2022, 2022, true);
"""
# (unit, metric, value, qualifier, document, evidence); offsets are found in the document's text
FACTS = [("u1", "sessions", 5, "exact", "d1", "常委会会议5次"),
         ("u1", "appointments", 60, "exact", "d1", "任免工作人员60人次"),
         ("u2", "sessions", 5, "exact", "d2", "常委会会议5次"),
         ("u3", "sessions", 9, "at_least", "d2", "常委会会议9次"),
         ("u4", "sessions", 40, "exact", "d3", "常委会会议40次"),
         ("u5", "sessions", 9, "exact", "d3", "常委会会议40次")]


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect(":memory:")
    create_schema(connection)
    for doc, (name, text) in DOCUMENTS.items():
        connection.execute("INSERT INTO documents VALUES (?, ?, 10, 'utf-8', now(), ?)", [doc, name, text])
    connection.execute(UNITS)
    for unit, metric, value, qualifier, doc, evidence in FACTS:
        start = DOCUMENTS[doc][1].index(evidence)
        connection.execute("INSERT INTO facts VALUES (?, ?, 'npc_sc', ?, ?, 'stated', NULL, ?, ?, ?)",
                           [unit, metric, value, qualifier, evidence, start, start + len(evidence)])
    refresh_figures(connection)
    yield connection
    connection.close()


def test_every_query_is_tested():
    assert set(queries.names()) == {"compare", "ranking", "place_profile", "facts_filtered", "evidence", "coverage"}


def test_compare_one_figure_per_place_with_sources(con):
    df = queries.run("compare", con, metric="sessions", body="npc_sc", places=["220800", "130600"],
                     year_from=None, year_to=None)
    assert list(df.place) == ["保定市", "白城市"]
    baicheng = df[df.place == "白城市"].iloc[0]
    assert baicheng.value == 5 and not baicheng.conflict and list(baicheng.sources) == ["a.txt", "b.txt"]
    assert df[df.place == "保定市"].iloc[0].qualifier == "at_least"


def test_compare_year_bounds_and_per_year(con):
    df = queries.run("compare", con, metric="sessions", body="npc_sc", places=None, year_from=2018, year_to=2022)
    beijing = df[df.adcode == "110000"].iloc[0]
    assert (beijing.years, beijing.value_per_year) == (5, 8.0)
    df = queries.run("compare", con, metric="sessions", body="npc_sc", places=None, year_from=2020, year_to=None)
    assert "110000" not in set(df.adcode)


def test_ranking_ties_and_coverage(con):
    df = queries.run("ranking", con, metric="sessions", body="npc_sc", province=None, level=None, year=2022,
                     per_year=False)
    assert list(zip(df.place, df["rank"], strict=True)) == [("北京市", 1), ("保定市", 2), ("某区", 2), ("白城市", 4)]
    assert set(df.reporting) == {4}
    per_year = queries.run("ranking", con, metric="sessions", body="npc_sc", province=None, level=None, year=2022,
                           per_year=True)
    assert per_year.iloc[0].place in ("保定市", "某区") and per_year.iloc[-1].place == "白城市"


def test_ranking_filters(con):
    df = queries.run("ranking", con, metric="sessions", body="npc_sc", province="吉林省", level=None, year=None,
                     per_year=False)
    assert list(df.place) == ["白城市"] and list(df.reporting) == [1]
    df = queries.run("ranking", con, metric="sessions", body="npc_sc", province=None, level="provincial",
                     year=None, per_year=False)
    assert list(df.place) == ["北京市"]


def test_place_profile(con):
    df = queries.run("place_profile", con, place_key="220800")
    assert set(df.metric) == {"sessions", "appointments"}
    assert set(df.label_zh) == {"常委会会议", "任免人员"}
    assert queries.run("place_profile", con, place_key="name:某区").value.tolist() == [9]


def test_facts_filtered_for_download(con):
    df = queries.run("facts_filtered", con, metric=None, body="npc_sc", province="吉林省", level=None,
                     year_from=None, year_to=None)
    assert len(df) == 3 and set(df.source) == {"a.txt", "b.txt"}
    assert {"evidence", "source", "line_start", "label_en", "qualifier"} <= set(df.columns)
    none = queries.run("facts_filtered", con, metric="oath_takers", body=None, province=None, level=None,
                       year_from=None, year_to=None)
    assert none.empty


def test_evidence_lines_and_context(con):
    df = queries.run("evidence", con, place_key="220800", body="npc_sc", period_start=2022, period_end=2022,
                     metric="sessions")
    assert list(df.source) == ["a.txt", "b.txt"]
    assert list(df.line) == [2, 1]
    assert df.iloc[0].context_before.endswith("召开") and df.iloc[0].context_after.startswith(",任免")


def test_coverage_matrix_counts_and_zeros(con):
    df = queries.run("coverage", con, body="npc_sc", province=None)
    assert df[(df.place == "白城市") & (df.metric == "sessions")].periods.item() == 1
    assert df[(df.place == "北京市") & (df.metric == "sessions")].periods.item() == 1
    assert df[(df.place == "白城市") & (df.metric == "oath_takers")].periods.item() == 0
    assert df.metric.nunique() == 15
    jilin = queries.run("coverage", con, body="npc_sc", province="吉林省")
    assert set(jilin.place) == {"白城市"}


def test_parameters_are_checked(con):
    with pytest.raises(TypeError, match="missing"):
        queries.run("compare", con, metric="sessions")
    with pytest.raises(KeyError):
        queries.run("no_such_query", con)


def test_parameters_are_bound_not_formatted(con):
    df = queries.run("place_profile", con, place_key="x' OR '1'='1")
    assert df.empty
