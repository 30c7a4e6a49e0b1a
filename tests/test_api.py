"""The HTTP API and the read-only SQL endpoint, on the real server over the fixture warehouse."""
import csv
import io
import json
import time
import urllib.error
import urllib.parse
import urllib.request

import duckdb
import pytest

import queries
from dashboard import warehouse
from fixture_warehouse import FACTS

# parameters each query answers rows for on the fixture warehouse
FIXTURE_PARAMS = {
    "correctable_facts": "unit_ids=u1,u3",
    "compare": "metric=sessions&body=npc_sc&places=220800,130600", "coverage": "body=npc_sc",
    "evidence": "place_key=220800&body=npc_sc&metric=sessions", "facts_filtered": "body=npc_sc&year_from=2020",
    "focus_keywords": "body=npc_sc&places=220800,130600", "focus_themes": "body=npc_sc&places=220800",
    "metric_catalogue": "", "period_years": "", "place_options": "body=npc_sc", "place_profile": "place_key=220800",
    "place_reports": "place_key=" + urllib.parse.quote("name:某区"), "provinces": "", "public_tables": "",
    "ranking": "metric=sessions&body=npc_sc&kind=annual&period_start=2022&period_end=2022",
    "over_time": "metric=sessions&body=npc_sc&places=220800,110000", "periods_reported": "metric=sessions&body=npc_sc",
    "most_periods": "metric=sessions&body=npc_sc", "figures_filtered": "body=npc_sc&kind=annual&year_from=2020", "term_sentences": "place_key=220800&body=npc_sc&terms="
    + urllib.parse.quote("河长制"), "theme_catalogue": "", "topic_places": "body=npc_sc",
    "document": "document_id=d4", "document_units": "document_id=d4", "document_lines": "document_id=d4&line_from=2",
    "document_facts": "document_id=d4&line_from=2&line_to=3"}


@pytest.fixture(scope="module")
def url(fixture_url):
    return fixture_url


def get(address: str, data: dict | None = None):
    body = urllib.parse.urlencode(data).encode() if data else None
    try:
        with urllib.request.urlopen(urllib.request.Request(address, data=body), timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_every_query_has_a_fixture_example():
    assert set(FIXTURE_PARAMS) == set(queries.names())


@pytest.mark.parametrize("name", sorted(FIXTURE_PARAMS))
def test_every_query_answers_json_and_csv(url, fixture_db, name):
    status, _, body = get(f"{url}/api/{name}.json?{FIXTURE_PARAMS[name]}")
    assert status == 200, body
    answer = json.loads(body)
    assert answer["query"] == name and answer["rows"] and answer["next"] is None
    status, headers, body = get(f"{url}/api/{name}.csv?{FIXTURE_PARAMS[name]}")
    assert status == 200 and headers["Content-Type"].startswith("text/csv") and body.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert table[0] == answer["columns"] and len(table) - 1 == len(answer["rows"])
    # the same rows as the query itself gives, run here on the file
    params = {k: answer["parameters"][k] for k in queries.params_of(name)}
    expected = queries.run(name, fixture_db, **params)
    assert len(expected) == len(answer["rows"]) and list(expected.columns) == answer["columns"]


def test_values_come_through_as_json_types(url):
    _, _, body = get(f"{url}/api/compare.json?metric=sessions&body=npc_sc&places=220800")
    (row,) = json.loads(body)["rows"]
    assert row["value"] == 5 and row["sources"] == ["a.txt", "b.txt"] and row["conflict"] is False


@pytest.mark.parametrize("query, words", [
    ("compare.json?metric=zzz&body=npc_sc", "metric='zzz': 没有这个指标 · no such metric"),
    ("compare.json?metric=sessions&body=npc", "body='npc'"),
    ("ranking.json?body=npc_sc", "metric: 必填 · required"),
    ("ranking.json?metric=sessions&body=npc_sc&colour=red", "colour: 未知参数 · unknown parameter"),
    ("ranking.json?metric=sessions&body=npc_sc&period_end=19x", "period_end='19x': 不是年份"),
    ("coverage.json?province=" + urllib.parse.quote("火星省"), "province='火星省': 没有这个省份"),
    ("place_profile.json?place_key=999999", "no place has the code 999999"),
    ("compare.csv?metric=sessions&body=npc_sc&places=" + ",".join(["220800"] * 101), "at most 100 can be chosen"),
    ("focus_keywords.json?body=npc_sc&places=220800&top=1000", "top='1000'"),
    ("ranking.json?metric=sessions&body=npc_sc&_size=100000", "_size='100000'"),
    ("no_such_query.json", "no query 'no_such_query'"),
])
def test_a_bad_parameter_is_refused_with_a_message(url, query, words):
    status, _, body = get(f"{url}/api/{query}")
    assert status in (400, 404)
    assert words in json.loads(body)["error"], body


def test_pages_follow_one_another(url):
    status, headers, body = get(f"{url}/api/facts_filtered.json?body=npc_sc&_size=2")
    first = json.loads(body)
    assert status == 200 and len(first["rows"]) == 2 and first["next"] and "rel=\"next\"" in headers["Link"]
    second = json.loads(get(url + first["next"])[2])
    assert second["rows"] and second["rows"][0] not in first["rows"]
    everything = json.loads(get(f"{url}/api/facts_filtered.json?body=npc_sc")[2])["rows"]
    assert first["rows"] + second["rows"] == everything[:len(first["rows"]) + len(second["rows"])]


def test_the_index_lists_every_query_with_an_example(url):
    listed = json.loads(get(f"{url}/api/")[2])["queries"]
    assert [q["query"] for q in listed] == queries.names()
    assert all(q["example"].startswith(f"/api/{q['query']}.json") for q in listed)


# -- SQL -----------------------------------------------------------------------------------------

def sql(url: str, statement: str, fmt: str = "json", **extra):
    status, _, body = get(f"{url}/api/sql.{fmt}?" + urllib.parse.urlencode({"sql": statement, **extra}))
    return status, (json.loads(body) if fmt == "json" or status != 200 else body)


def test_sql_answers_a_select(url):
    status, answer = sql(url, "SELECT metric, count(*) AS n FROM facts GROUP BY metric ORDER BY metric")
    assert status == 200 and answer["columns"] == ["metric", "n"]
    assert {"metric": "sessions", "n": sum(f[2] == "sessions" for f in FACTS)} in answer["rows"]
    status, body = sql(url, "SELECT 1 AS one", "csv")
    assert status == 200 and body.decode("utf-8-sig").splitlines() == ["one", "1"]
    status, _, body = get(f"{url}/api/sql.json", {"sql": "FROM places LIMIT 3"})   # POST, for long statements
    assert status == 200 and len(json.loads(body)["rows"]) == 3


@pytest.mark.parametrize("statement, words", [
    ("SELECT * FROM read_csv('/etc/passwd')", "only the public tables"),
    ("COPY facts TO '/tmp/stolen.csv'", "only queries (select …) run here, not COPY"),
    ("COPY (SELECT * FROM documents) TO '/tmp/stolen.parquet' (FORMAT parquet)", "not COPY"),
    ("INSERT INTO facts SELECT * FROM facts", "not INSERT"),
    ("DELETE FROM facts", "not DELETE"),
    ("CREATE TEMP TABLE t AS SELECT 1", "not CREATE"),
    ("ATTACH '/tmp/other.duckdb'", "not ATTACH"),
    ("SET enable_external_access = true", "not SET"),
    ("INSTALL httpfs", "not"),
    ("SELECT 1; DROP TABLE facts", "one statement at a time"),
    ("SELECT path FROM duckdb_databases()", "'duckdb_databases' is part of the database system"),
    ("SELECT current_setting('temp_directory')", "'current_setting'"),
    ("SELECT * FROM \"duckdb_settings\"()", "'duckdb_settings'"),
    ("SELECT * FROM query('SELECT 1')", "'query'"),
    ("SELEC nothing", "cannot be read"),
    ("SELECT * FROM no_such_table", "the statement failed"),
])
def test_sql_refuses_files_writes_and_the_system(url, statement, words):
    status, answer = sql(url, statement)
    assert status == 400 and words in answer["error"], answer
    assert "/tmp/pytest" not in answer["error"] and "Error:" not in answer["error"]


def test_the_connection_itself_reads_no_files_and_writes_nothing(fixture_db, tmp_path):
    """Beneath the checks: what the app's connection does with what gets past them."""
    wh = warehouse.Warehouse(fixture_db)
    target = tmp_path / "stolen.csv"
    for statement, error in [("SELECT * FROM read_csv('/etc/passwd')", duckdb.PermissionException),
                             (f"COPY facts TO '{target}'", duckdb.PermissionException),
                             ("SELECT * FROM glob('/etc/*')", duckdb.PermissionException),
                             ("INSERT INTO facts SELECT * FROM facts", duckdb.InvalidInputException),
                             ("SET enable_external_access = true", duckdb.InvalidInputException),
                             ("INSTALL httpfs", duckdb.PermissionException)]:
        with pytest.raises(error):
            wh.timed(lambda cursor: cursor.execute(statement).fetchall())
    assert not target.exists()


def test_a_runaway_query_is_stopped_and_rows_are_limited(url):
    started = time.perf_counter()
    status, answer = sql(url, "SELECT count(*) FROM range(1000000000000) a, range(1000) b")
    assert status == 400 and "longer than 5 s and was stopped" in answer["error"]
    assert time.perf_counter() - started < 8
    status, answer = sql(url, "SELECT * FROM range(50000)", _size="10000")
    assert status == 200 and len(answer["rows"]) == 10000 and answer["next"]
    status, answer = sql(url, "SELECT * FROM range(50000)", _size="20000")
    assert status == 400 and "_size" in answer["error"]
    assert sql(url, "SELECT 1 AS still_answering")[0] == 200   # the worker lives on


def test_sql_pages_reach_an_offset(url):
    status, answer = sql(url, "SELECT range AS n FROM range(25000) ORDER BY n", _size="10000", _offset="20000")
    assert status == 200 and [r["n"] for r in answer["rows"]] == list(range(20000, 25000)) and answer["next"] is None
