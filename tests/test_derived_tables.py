"""The summaries and sorted copies of etl.warehouse.DERIVED_TABLES, checked through the queries that
read them, and the queries rewritten for speed: each query gives what its version before them
(tests/base_queries/, reading only the base tables, `figures` and `figures_by_place`) gives, on the
fixture warehouse and again after its units, facts, corrections and topic profiles change."""
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import queries
from etl.warehouse import DERIVED_TABLES, delete_document, refresh_figures
from fixture_warehouse import fill_fixture_warehouse

BASE = Path(__file__).parent / "base_queries"
BOTH = ["220800", "130600"]
PERIODS = [dict(kind=kind, period_start=start, period_end=end)
           for kind in (None, "annual", "term", "span")
           for start, end in ((None, None), (2022, 2022), (2018, 2022), (None, 2022), (2021, None))]
YEARS = [dict(kind=kind, year_from=year_from, year_to=year_to)
         for kind in (None, "annual", "term") for year_from, year_to in ((None, None), (2022, 2022), (2018, None))]
PARAMETERS = {   # each query's parameter sets: every filter given and left out
    "focus_keywords": [dict(places=places, against=against, body="npc_sc", year_from=year_from, year_to=year_to,
                            min_count=1, top=top)
                       for places in (BOTH, ["130600", "name:某区", "110000"], ["nowhere"])
                       for against in ("chosen", "all") for year_from, year_to in ((None, None), (2020, 2022))
                       for top in (1, 15)],
    "focus_themes": [dict(places=places, body=body, year_from=year_from, year_to=year_to)
                     for places in (BOTH, ["110000", "name:某区"], ["220100"]) for body in ("npc_sc", "cppcc_sc")
                     for year_from, year_to in ((None, None), (2019, None), (None, 2021))],
    "topic_places": [dict(body=body) for body in ("npc_sc", "cppcc_sc")],
    "over_time": [dict(metric=metric, body="npc_sc", places=places, year_from=year_from, year_to=year_to)
                  for metric in ("sessions", "appointments")
                  for places in (BOTH, ["130600", "name:某区", "110000"], ["nowhere"], [])
                  for year_from, year_to in ((None, None), (2020, None), (None, 2021))],
    "period_years": [dict(body=body) for body in (None, "npc_sc", "cppcc_sc", "nothing")],
    "coverage": [dict(body=body, province=province) for body in (None, "npc_sc", "cppcc_sc")
                 for province in (None, "吉林省", "河北省", "火星省")],
    "place_options": [dict(body=body) for body in (None, "npc_sc", "cppcc_sc")],
    "ranking": [dict(metric=metric, body=body, province=province, level=level, **period)
                for metric, body in (("sessions", "npc_sc"), ("appointments", "npc_sc"))
                for province, level in ((None, None), ("河北省", "prefecture"), (None, "county"))
                for period in PERIODS]
               + [dict(metric="proposals_submitted", body="cppcc_sc", province=None, level=None, kind="nothing",
                       period_start=None, period_end=None)],
    "facts_filtered": [dict(metric=metric, body=body, province=province, level=level, **years)
                       for metric, body in ((None, None), ("sessions", "npc_sc"), (None, "cppcc_sc"))
                       for province, level in ((None, None), ("吉林省", "prefecture"), (None, "county"))
                       for years in YEARS],
    "document_facts": [dict(document_id=document, line_from=line_from, line_to=line_to)
                       for document in ("d1", "d2", "d3", "d4", "d5", "nothing")
                       for line_from, line_to in ((None, None), (2, None), (None, 1))],
    "correctable_facts": [dict(unit_ids=unit_ids, metric=metric)
                          for unit_ids in (["u1"], ["u9", "u4", "u1"], ["u11", "u6"], [], ["nothing"])
                          for metric in (None, "sessions", "appointments")],
    "document": [dict(document_id=document) for document in ("d1", "d2", "d3", "d4", "d5", "nothing")],
    "document_units": [dict(document_id=document) for document in ("d1", "d2", "d3", "d4", "d5", "nothing")],
    "place_reports": [dict(place_key=place) for place in ("220800", "130600", "name:某区", "110000", "nowhere")],
    "evidence": [dict(place_key=place, body=body, metric=metric, period_start=start, period_end=end)
                 for place in ("220800", "130600", "name:某区", "110000", "nowhere")
                 for body, metric in ((None, None), ("npc_sc", None), ("npc_sc", "sessions"), ("cppcc_sc", None))
                 for start, end in ((None, None), (2022, 2022), (2018, 2022))],
}
# rows a query may give in any order (ties of its ORDER BY): sorted by these before comparing, so that
# the new version's tie order (it breaks them) must be one of the old version's
TIES = {"ranking": ["rank", "place", "place_key"]}
# what is read of the summaries: a test that forgot one would leave it unchecked
assert {"terms_by_place", "terms_by_period", "themes_by_place", "places_reporting", "place_choices", "latest_figures",
        "facts_by_metric", "facts_by_document", "figure_periods", "figures_counted",
        "units_counted"} == set(DERIVED_TABLES)


@pytest.fixture()
def con():
    connection = duckdb.connect(":memory:")
    fill_fixture_warehouse(connection)
    yield connection
    connection.close()


def assert_as_before(con):
    for name, sets in PARAMETERS.items():
        before = (BASE / f"{name}.sql").read_text(encoding="utf-8")
        for params in sets:
            expected = con.execute(before, params).df()
            if name in TIES:
                expected = expected.sort_values(TIES[name], kind="stable").reset_index(drop=True)
            got = queries.run(name, con, **params)
            pd.testing.assert_frame_equal(got, expected, obj=f"{name} {params}")


def test_queries_of_the_summaries_give_what_the_base_tables_give(con):
    assert_as_before(con)
    assert not queries.run("focus_keywords", con, **PARAMETERS["focus_keywords"][0]).empty   # not two empty frames
    assert queries.run("place_options", con, body=None).figures.sum() > 0
    for name in ("ranking", "facts_filtered", "document_facts", "correctable_facts", "document", "evidence",
                 "period_years", "coverage", "over_time", "document_units",
                 "place_reports"):   # not all empty: the fixture is small,
        # and most combinations of filters leave nothing
        assert sum(not queries.run(name, con, **params).empty for params in PARAMETERS[name]) > len(PARAMETERS[name]) / 5


def test_the_summaries_follow_a_change_of_units_and_profiles(con):
    # a unit moves to another place and gains words and themes there, a document goes
    con.execute("UPDATE units SET adcode = '130600', city = '保定市' WHERE unit_id = 'u11'")
    # and a place with NPC reports gains a CPPCC one: a place of both bodies (what the pickers sum)
    con.execute("INSERT INTO units SELECT * REPLACE ('u12' AS unit_id, 'd5' AS document_id, line_start + 100 AS "
                "line_start, line_end + 100 AS line_end, '220800' AS adcode, '白城市' AS city) FROM units WHERE unit_id = 'u6'")
    con.execute("INSERT INTO facts SELECT * REPLACE ('u12' AS unit_id) FROM facts WHERE unit_id = 'u6'")
    con.execute("INSERT INTO unit_terms VALUES ('u11', '养老', 7), ('u11', '会议', 1), ('u9', '养老', 2)")
    con.execute("INSERT INTO unit_themes VALUES ('u11', 'ecology', 1, 4, 0.25), ('u11', 'elderly_care', 2, 4, 0.5)")
    delete_document(con, "d3")
    # a correction: a value read again (the extractor's kept), a count added, a unit's period changed
    con.execute("UPDATE facts SET value = 7 WHERE unit_id = 'u9' AND metric = 'sessions'")
    con.execute("INSERT INTO fact_corrections VALUES ('u9', 'sessions', 'extractor', 6, 'exact', NULL), "
                "('u11', 'sessions', 'correction', NULL, NULL, NULL)")
    con.execute("INSERT INTO facts VALUES ('u11', 'sessions', 'npc_sc', 12, 'exact', 'stated', NULL, "
                "'常委会会议12次', 0, 4)")
    con.execute("UPDATE units SET period_start = 2021, period_end = 2022, period_kind = 'span' WHERE unit_id = 'u3'")
    con.execute("UPDATE documents SET source_url = 'https://example.gov.cn/b', publisher = '某市' WHERE document_id = 'd2'")
    # as the build records them: applied to a fact (its metric), to a unit (none), and one stale
    con.execute("""INSERT INTO corrections (correction_id, file_line, what, new, who, made_at, status, unit_id,
                                            applied_metric) VALUES
                   ('c1', 1, 'value', '7', 'a', '2024-01-01', 'applied', 'u9', 'sessions'),
                   ('c2', 3, 'period', '2021-2022', 'b', '2024-01-02', 'applied', 'u9', NULL),
                   ('c3', 2, 'value', '8', 'a', '2024-01-03', 'applied', 'u9', 'appointments'),
                   ('c4', 4, 'value', '9', 'a', '2024-01-04', 'stale', 'u9', 'sessions'),
                   ('c5', 5, 'missed', '12', 'c', '2024-01-05', 'applied', 'u11', 'sessions')""")
    refresh_figures(con)
    assert_as_before(con)
    options = queries.run("place_options", con, body="npc_sc").set_index("place_key")
    assert "name:某区" not in options.index and "411600" not in options.index   # 某区 was only in d3; 周口 moved
    assert options.loc["130600", "reports"] == 3
    assert queries.run("place_options", con, body=None).set_index("place_key").loc["220800", "reports"] == 3
