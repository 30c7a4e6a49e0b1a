"""Every query of queries/ on the small fixture warehouse of tests/fixture_warehouse.py."""
import sys

import duckdb
import pandas as pd
import pytest

import queries
from conftest import ROOT
from fixture_warehouse import DOCUMENTS
from fixture_warehouse import FACTS as FACT_ROWS
from fixture_warehouse import fill_fixture_warehouse


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect(":memory:")
    fill_fixture_warehouse(connection)
    yield connection
    connection.close()


def test_every_query_is_tested():
    tested = {"compare", "ranking", "place_profile", "facts_filtered", "evidence", "coverage", "place_options",
              "period_years", "metric_catalogue", "place_reports", "provinces", "focus_themes", "focus_keywords",
              "term_sentences", "theme_catalogue", "topic_places", "periods_reported", "over_time", "most_periods",
              "figures_filtered", "public_tables", "document", "document_units", "document_lines", "document_facts",
              "correctable_facts"}
    assert set(queries.names()) == tested


ANY_PERIOD = dict(kind=None, period_start=None, period_end=None)


def test_compare_one_figure_per_place_with_sources(con):
    df = queries.run("compare", con, metric="sessions", body="npc_sc", places=["220800", "130600"], **ANY_PERIOD)
    assert list(df.place) == ["保定市", "白城市"]
    baicheng = df[df.place == "白城市"].iloc[0]
    assert baicheng.value == 5 and not baicheng.conflict and list(baicheng.sources) == ["a.txt", "b.txt"]
    assert df[df.place == "保定市"].iloc[0].qualifier == "at_least"


def test_compare_like_with_like(con):
    def compare(kind, start, end):
        df = queries.run("compare", con, metric="sessions", body="npc_sc", places=None, kind=kind,
                         period_start=start, period_end=end)
        return sorted(zip(df.place, df.period_start, df.period_end, df.period_kind))
    # annual figures of 2022 only: 北京's term review (40 in five years) is not set beside them
    assert compare("annual", 2022, 2022) == [("保定市", 2022, 2022, "annual"), ("新安县", 2022, 2022, "annual"),
                                             ("某区", 2022, 2022, "annual"), ("白城市", 2022, 2022, "annual")]
    assert compare("term", 2018, 2022) == [("北京市", 2018, 2022, "term")]
    # mixed, periods ending in 2022: both kinds, each with its period
    assert ("北京市", 2018, 2022, "term") in compare(None, None, 2022) and len(compare(None, None, 2022)) == 5
    assert len(compare(None, None, None)) == 7
    beijing = queries.run("compare", con, metric="sessions", body="npc_sc", places=["110000"], kind="term",
                          period_start=2018, period_end=2022).iloc[0]
    assert (beijing.years, beijing.value_per_year, beijing.period_inferred) == (5, 8.0, True)
    assert list(beijing.period_evidence) == ["五年来 (5 years) ending 2022: report plan for 2023"]


def test_ranking_ties_and_coverage(con):
    df = queries.run("ranking", con, metric="sessions", body="npc_sc", province=None, level=None, kind="annual",
                     period_start=2022, period_end=2022)
    assert list(zip(df.place, df["rank"], strict=True)) == [("保定市", 1), ("某区", 1), ("新安县", 3), ("白城市", 4)]
    assert set(df.reporting) == {4} and set(df.period_kind) == {"annual"}
    terms = queries.run("ranking", con, metric="sessions", body="npc_sc", province=None, level=None, kind="term",
                        period_start=2018, period_end=2022)
    assert list(zip(terms.place, terms.value)) == [("北京市", 40)]


def test_ranking_filters(con):
    df = queries.run("ranking", con, metric="sessions", body="npc_sc", province="吉林省", level=None, **ANY_PERIOD)
    assert list(df.place) == ["白城市"] and list(df.reporting) == [1]
    df = queries.run("ranking", con, metric="sessions", body="npc_sc", province=None, level="provincial",
                     **ANY_PERIOD)
    # mixed kinds: a place's latest figure (北京's annual 2023, after its term review)
    assert list(zip(df.place, df.period_end, df.value)) == [("北京市", 2023, 8)]


def test_place_profile(con):
    df = queries.run("place_profile", con, place_key="220800")
    assert set(df.metric) == {"sessions", "appointments"}
    assert set(df.label_zh) == {"常委会会议", "任免人员"}
    assert queries.run("place_profile", con, place_key="name:某区").value.tolist() == [9]


def test_facts_filtered_for_download(con):
    df = queries.run("facts_filtered", con, metric=None, body="npc_sc", province="吉林省", level=None, kind=None,
                     year_from=None, year_to=None)
    assert len(df) == 3 and set(df.source) == {"a.txt", "b.txt"}
    assert {"evidence", "source", "line_start", "label_en", "qualifier", "unit", "period_kind"} <= set(df.columns)
    none = queries.run("facts_filtered", con, metric="oath_takers", body=None, province=None, level=None, kind=None,
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
    assert df[(df.place == "北京市") & (df.metric == "sessions")].periods.item() == 3   # 2018–2022, 2021, 2023
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



def test_a_statement_parsed_once_answers_each_call_with_its_own_parameters(con):
    # the parsed statement is shared by every call, connection and thread: each gets what its own
    # parameters ask, as the text run afresh gives it
    from concurrent.futures import ThreadPoolExecutor

    asks = [dict(metric=metric, body="npc_sc", places=places, **ANY_PERIOD)
            for metric in ("sessions", "appointments") for places in (["220800"], ["130600", "220800"], None)] * 4

    def one(params):
        cursor = con.cursor()
        try:
            return queries.run("compare", cursor, **params), cursor.execute(queries.sql("compare"), params).df()
        finally:
            cursor.close()

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(one, asks))
    for got, expected in answers:
        pd.testing.assert_frame_equal(got, expected)
    assert len({len(got) for got, _ in answers}) > 1   # the asks differ in what they find

def test_evidence_of_a_whole_place(con):
    df = queries.run("evidence", con, place_key="220800", body=None, period_start=None, period_end=None, metric=None)
    assert sorted(df.metric) == ["appointments", "sessions", "sessions"]
    assert set(df.source) == {"a.txt", "b.txt"}


def test_place_options_by_body(con):
    df = queries.run("place_options", con, body="npc_sc")
    # 周口市's report has no figure: it is offered all the same, with 0 figures
    assert set(df.place) == {"白城市", "保定市", "北京市", "某区", "新安县", "周口市"}
    assert df.set_index("place").loc["周口市", ["figures", "reports"]].tolist() == [0, 1]
    assert df.set_index("place").loc["白城市", "province"] == "吉林省"
    assert df.set_index("place").loc["某区", "province"].startswith("未定位")
    assert set(queries.run("place_options", con, body="cppcc_sc").place) == {"长春市"}
    assert len(queries.run("place_options", con, body=None)) == 7


def test_period_years_and_catalogue(con):
    # every year a period covers: the term review 2018–2022 offers 2018, before any period ends
    assert queries.run("period_years", con, body=None).year.tolist() == [2023, 2022, 2021, 2020, 2019, 2018]
    assert queries.run("period_years", con, body="cppcc_sc").year.tolist() == [2022]
    catalogue = queries.run("metric_catalogue", con)
    assert len(catalogue) == 21 and catalogue.iloc[0].metric == "sessions"
    assert catalogue.iloc[-1].body == "cppcc_sc"
    provinces = queries.run("provinces", con).province.tolist()
    assert len(provinces) == 34 and provinces[0] == "北京市" and "吉林省" in provinces


def test_place_reports(con):
    df = queries.run("place_reports", con, place_key="220800")
    assert sorted(df.source) == ["a.txt", "b.txt"]
    assert df.set_index("source").loc["a.txt", "facts"] == 2


def test_limit_and_count(con):
    params = dict(metric=None, body=None, province=None, level=None, kind=None, year_from=None, year_to=None)
    assert queries.count("facts_filtered", con, **params) == len(FACT_ROWS)
    assert len(queries.run("facts_filtered", con, limit=2, **params)) == 2


def test_every_query_counts_and_limits_as_it_runs(con):
    """count and limit wrap a query as a subquery: each answers as the whole query does."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import national_warehouse
    for name, asked in national_warehouse.parameter_sets(con, runs=1).items():
        whole = queries.run(name, con, **asked[0])
        assert queries.count(name, con, **asked[0]) == len(whole), name
        assert values(queries.run(name, con, limit=2, **asked[0])) == values(whole.head(2)), name


def values(frame: pd.DataFrame) -> list[list]:
    """A frame's cells with None for a missing one (a column all NULL in two rows is typed apart)."""
    def value(cell):
        if hasattr(cell, "__len__") and not isinstance(cell, str):
            return list(cell)
        return None if pd.isna(cell) else cell
    return [[value(cell) for cell in row] for row in frame.itertuples(index=False)]


def test_a_statement_s_closing_comment_stays_outside_its_subquery():
    text = "SELECT 1 AS one -- a note\nORDER BY one;  -- the tie-break\n-- another note\n"
    assert queries._body(text) == "SELECT 1 AS one -- a note\nORDER BY one"


# -- topics -----------------------------------------------------------------------------------
BOTH = ["220800", "130600"]   # 白城市 (ecology), 保定市 (elderly care)


def test_focus_themes_sum_sentences_over_a_place_s_units(con):
    df = queries.run("focus_themes", con, body="npc_sc", places=BOTH, year_from=None, year_to=None)
    shares = {(r.place, r.theme): (r.sentences, r.sentences_total, r.share) for r in df.itertuples()}
    assert shares[("白城市", "ecology")] == (1, 5, 0.2)        # u1 (0 of 3) and u2 (1 of 2)
    assert shares[("保定市", "elderly_care")] == (1, 2, 0.5)
    assert list(df.theme) == ["ecology"] * 2 + ["elderly_care"] * 2   # themes.toml's order, then the places'
    assert list(df.place_key[:2]) == BOTH
    assert queries.run("focus_themes", con, body="npc_sc", places=BOTH, year_from=2023, year_to=None).empty


@pytest.mark.parametrize("against", ["chosen", "all"])
def test_focus_keywords_are_what_a_place_says_more(con, against):
    df = queries.run("focus_keywords", con, body="npc_sc", places=BOTH, year_from=None, year_to=None,
                     against=against, min_count=2, top=5)
    words = {key: list(part.term) for key, part in df.groupby("place_key")}
    assert set(words["220800"][:2]) == {"生态环境", "河长制"}
    assert words["130600"][0] == "养老"
    assert "任免" not in words["220800"]          # used once: under min_count
    assert (df.z > 0).all() and (df.uses >= 2).all()
    row = df[(df.place_key == "130600") & (df.term == "养老")].iloc[0]
    assert (row.uses, row.uses_elsewhere) == (4, 0) and row.place_words == 6


def test_focus_keywords_compare_against_the_chosen_or_all(con):
    args = dict(body="npc_sc", places=BOTH, year_from=None, year_to=None, min_count=1, top=10)
    chosen = queries.run("focus_keywords", con, against="chosen", **args)
    everyone = queries.run("focus_keywords", con, against="all", **args)
    # 会议 against 保定 alone vs against every place (北京 uses it five times, 某区 once)
    rest = {a: df[(df.place_key == "220800")].set_index("term").rest_words.iloc[0]
            for a, df in (("chosen", chosen), ("all", everyone))}
    assert rest == {"chosen": 6, "all": 6 + 5 + 1}


def test_term_sentences_find_the_lines_that_use_a_term(con):
    df = queries.run("term_sentences", con, place_key="220800", body="npc_sc", year_from=None, year_to=None,
                     terms=["河长制", "生态环境"])
    assert list(zip(df.file_name, df.line)) == [("b.txt", 1)]
    assert df.sentence[0] == "加强生态环境保护,落实河长制。" and sorted(df.terms_used[0]) == ["河长制", "生态环境"]
    none = queries.run("term_sentences", con, place_key="130600", body="npc_sc", year_from=None, year_to=None,
                       terms=["河长制"])
    assert none.empty   # 保定's unit is line 2 only


def test_theme_catalogue_and_topic_places(con):
    assert list(queries.run("theme_catalogue", con).theme) == ["ecology", "elderly_care"]
    df = queries.run("topic_places", con, body="npc_sc")
    assert df.place_key[0] == "220800" and df.sentences[0] == 5


def test_every_query_that_takes_a_place_takes_an_unlocated_one(con):
    unlocated = "name:某区"   # a place the extractor could not give an adcode
    compare = queries.run("compare", con, metric="sessions", body="npc_sc", places=[unlocated, "220800"],
                          **ANY_PERIOD)
    assert sorted(compare.place_key) == ["220800", unlocated] and set(compare.place) == {"某区", "白城市"}
    single = dict(place_key=unlocated)
    assert queries.run("place_profile", con, **single).value.tolist() == [9]
    assert queries.run("place_reports", con, **single).source.tolist() == ["c.txt"]
    assert len(queries.run("evidence", con, body=None, metric=None, period_start=None, period_end=None, **single)) == 1
    assert queries.run("focus_themes", con, body="npc_sc", places=[unlocated], year_from=None,
                       year_to=None).place.unique().tolist() == ["某区"]
    assert len(queries.run("term_sentences", con, body="npc_sc", year_from=None, year_to=None, terms=["会议"],
                           **single)) == 1


# -- period kinds -----------------------------------------------------------------------------

def test_figures_carry_their_period_kind_and_evidence(con):
    rows = con.execute("SELECT place_key, period_start, period_end, period_kind, period_inferred, period_evidence "
                       "FROM figures WHERE metric = 'sessions' AND place_key IN ('110000', '220800') "
                       "ORDER BY place_key, period_start").fetchall()
    assert rows == [
        ("110000", 2018, 2022, "term", True, ["五年来 (5 years) ending 2022: report plan for 2023"]),
        ("110000", 2021, 2021, "annual", False, ["the clause writes 2021"]),
        ("110000", 2023, 2023, "annual", True, ["the year before the report: dated 2024-01-15"]),
        ("220800", 2022, 2022, "annual", False, ["heading names 2022", "review opens on 2022"])]


def test_a_figure_whose_sources_disagree_on_its_kind_is_a_term_review():
    from etl.warehouse import refresh_figures
    connection = duckdb.connect(":memory:")
    fill_fixture_warehouse(connection)
    # a second report writes 北京's 2018–2022 out as a span; the first read it as a term review
    connection.execute("INSERT INTO documents (document_id, file_name, size_bytes, encoding, loaded_at, text) VALUES ('d9', 'z.txt', 1, 'utf-8', now(), '2018-2022年召开会议40次')")
    connection.execute("INSERT INTO units VALUES ('u90', 'd9', 1, 1, '北京市', '110000', 'npc_sc', 2018, 2022, false, "
                       "'span', 'title', 'title', 'the clause writes 2018-2022')")
    # units read by an extractor before kinds were kept: one year is annual, several a span
    connection.execute("INSERT INTO units VALUES ('u91', 'd9', 1, 1, '保定市', '130600', 'npc_sc', 2016, 2016, false, "
                       "NULL, NULL, NULL, NULL), ('u92', 'd9', 1, 1, '保定市', '130600', 'npc_sc', 2016, 2017, false, "
                       "NULL, NULL, NULL, NULL)")
    for unit in ("u90", "u91", "u92"):
        connection.execute("INSERT INTO facts VALUES (?, 'sessions', 'npc_sc', 40, 'exact', 'stated', NULL, "
                           "'召开会议40次', 10, 17)", [unit])
    refresh_figures(connection)
    rows = connection.execute("SELECT place_key, period_start, period_end, period_kind, sources, period_evidence "
                              "FROM figures WHERE metric = 'sessions' AND place_key IN ('110000', '130600') "
                              "AND period_end <> 2021 AND period_end <> 2023 ORDER BY place_key, period_start, "
                              "period_end").fetchall()
    assert rows == [
        ("110000", 2018, 2022, "term", ["c.txt", "z.txt"],
         ["the clause writes 2018-2022", "五年来 (5 years) ending 2022: report plan for 2023"]),
        ("130600", 2016, 2016, "annual", ["z.txt"], []),
        ("130600", 2016, 2017, "span", ["z.txt"], []),
        ("130600", 2022, 2022, "annual", ["b.txt"], ["heading names 2022"])]
    connection.close()


def test_most_periods_ranks_places_by_their_periods_of_the_metric(con):
    # 北京: its term review of 2018–2022 and its annual figures of 2021 and 2023; the others one 2022 figure each
    df = queries.run("most_periods", con, metric="sessions", body="npc_sc")
    assert list(df.itertuples(index=False, name=None)) == [("110000", 3, 2023), ("130600", 1, 2022),
                                                           ("220800", 1, 2022), ("410323", 1, 2022),
                                                           ("name:某区", 1, 2022)]
    every = queries.run("compare", con, metric="sessions", body="npc_sc", places=None, **ANY_PERIOD)
    assert sorted(df.place_key) == sorted(set(every.place_key))   # each place of the metric, once
    assert list(queries.run("most_periods", con, limit=2, metric="sessions", body="npc_sc").place_key) == \
        ["110000", "130600"]
    assert sorted(queries.run("most_periods", con, metric="sessions", body="cppcc_sc").place_key) == \
        sorted(set(queries.run("compare", con, metric="sessions", body="cppcc_sc", places=None,
                               **ANY_PERIOD).place_key))


def test_periods_reported_count_places_per_kind(con):
    df = queries.run("periods_reported", con, metric="sessions", body="npc_sc")
    assert list(zip(df.period_kind, df.period_start, df.period_end, df.places)) == [
        ("annual", 2022, 2022, 4), ("annual", 2023, 2023, 1), ("annual", 2021, 2021, 1), ("term", 2018, 2022, 1)]
    every = queries.run("periods_reported", con, metric=None, body=None)
    assert ("span", 2019, 2020, 1) in set(zip(every.period_kind, every.period_start, every.period_end, every.places))


def test_over_time_takes_every_period_that_overlaps_the_years(con):
    def over_time(year_from, year_to):
        df = queries.run("over_time", con, metric="sessions", body="npc_sc", places=["220800", "110000"],
                         year_from=year_from, year_to=year_to)
        return list(zip(df.place_key, df.period_start, df.period_end, df.period_kind))
    assert over_time(None, None) == [("220800", 2022, 2022, "annual"), ("110000", 2018, 2022, "term"),
                                     ("110000", 2021, 2021, "annual"), ("110000", 2023, 2023, "annual")]
    # from 2019: the term review 2018–2022 overlaps it and stays; to 2021: 白城's 2022 does not
    assert over_time(2019, 2021) == [("110000", 2018, 2022, "term"), ("110000", 2021, 2021, "annual")]


def test_figures_filtered_has_one_row_per_figure_where_facts_have_one_per_source(con):
    filters = dict(metric="sessions", body="npc_sc", province="吉林省", level=None, kind=None, year_from=None,
                   year_to=None)
    figures = queries.run("figures_filtered", con, **filters)
    facts = queries.run("facts_filtered", con, **filters)
    assert (len(figures), len(facts)) == (1, 2)   # 白城 2022, reported by a.txt and b.txt
    row = figures.iloc[0]
    assert (row.value, row.unit, row.period_kind, list(row.sources)) == (5, "次", "annual", ["a.txt", "b.txt"])
    spans = queries.run("figures_filtered", con, **{**filters, "metric": None, "province": None, "kind": "span"})
    assert list(zip(spans.place, spans.period_start, spans.period_end)) == [("保定市", 2019, 2020)]


def test_public_tables_list_every_table_and_view_with_its_columns(con):
    tables = queries.run("public_tables", con).set_index("table_name")["columns"]
    assert {"documents", "units", "facts", "places", "metrics", "figures", "facts_resolved"} <= set(tables.index)
    assert list(tables["facts"])[:3] == ["unit_id", "metric", "body"]


def test_a_document_its_units_lines_and_counts_with_where_they_lie_in_their_line(con):
    meta = queries.run("document", con, document_id="d4").iloc[0]
    assert (meta.file_name, meta.lines, meta.units, meta.facts) == ("d.txt", 3, 4, 4)
    units = queries.run("document_units", con, document_id="d4")
    assert sorted(units.place) == ["保定市", "北京市", "北京市", "新安县"] and list(units.facts) == [1, 1, 1, 1]
    assert list(units.line_start) == sorted(units.line_start) and units.period_evidence.notna().all()
    lines = queries.run("document_lines", con, document_id="d4", line_from=2, line_to=None)
    text = DOCUMENTS["d4"][1].split("\n")
    assert list(lines.line) == [2, 3] and list(lines.text) == text[1:]
    facts = queries.run("document_facts", con, document_id="d4", line_from=3, line_to=3)
    assert list(facts.line) == [3, 3] and list(facts.metric) == ["sessions", "appointments"]
    for f in facts.itertuples():   # the evidence, found again where the query says it lies in its line
        assert text[f.line - 1][f.start_in_line:f.end_in_line] == f.evidence
    assert set(facts.place_key) == {"410323", "130600"}
    assert queries.run("document", con, document_id="nope").empty


def test_sources_of_documents_reach_evidence_facts_and_figures():
    connection = duckdb.connect(":memory:")
    fill_fixture_warehouse(connection)
    connection.execute("UPDATE documents SET source_url = 'https://example.gov.cn/a', publisher = '某市', "
                       "published_on = DATE '2023-02-01' WHERE document_id = 'd1'")
    evidence = queries.run("evidence", connection, place_key="220800", body="npc_sc", metric="sessions",
                           period_start=None, period_end=None)
    by_file = dict(zip(evidence.source, evidence.source_url))
    assert by_file["a.txt"] == "https://example.gov.cn/a" and pd.isna(by_file["b.txt"])
    assert set(evidence.document_id) == {"d1", "d2"}
    facts = queries.run("facts_filtered", connection, metric="sessions", body="npc_sc", province=None, level=None,
                        kind=None, year_from=None, year_to=None)
    assert set(facts[facts.source == "a.txt"].publisher) == {"某市"}
    figures = queries.run("figures_filtered", connection, metric="sessions", body="npc_sc", province=None,
                          level=None, kind="annual", year_from=2022, year_to=2022)
    baicheng = figures[figures.place_key == "220800"].iloc[0]
    assert list(baicheng.sources) == ["a.txt", "b.txt"] and list(baicheng.source_urls) == ["https://example.gov.cn/a", ""]


def test_correctable_facts_name_the_line_and_columns_of_their_evidence(con):
    df = queries.run("correctable_facts", con, unit_ids=["u3", "u1"], metric=None)
    assert [(r.unit_id, r.metric) for r in df.itertuples()] == [("u1", "appointments"), ("u1", "sessions"),
                                                                 ("u3", "sessions")]
    u3 = df.iloc[2]
    line = "召开常委会会议5次。加强生态环境保护,落实河长制。\n召开常委会会议9次。发展养老服务。".split("\n")[1]
    assert (u3.line, u3.start_column, u3.end_column) == (2, 2, 9)
    assert line[u3.start_column:u3.end_column] == u3.evidence
    assert (u3.source, pd.isna(u3.original_value), list(u3.applied)) == ("extractor", True, [])
    assert list(queries.run("correctable_facts", con, unit_ids=["u1"], metric="sessions").value) == [5]
