"""A download of the national-scale warehouse (benchmarks/national_warehouse.py: every prefecture and
county, both bodies, 20 years, 1.47 M figures) starts at once from the real server."""
import sys
import time
import urllib.request

import pytest

from conftest import ROOT
from dashboard.testing import served

sys.path.insert(0, str(ROOT / "benchmarks"))
import national_warehouse  # noqa: E402

FIRST_ROW_SECONDS = 1.0


@pytest.fixture(scope="module")
def national_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("national") / "national.duckdb"
    national_warehouse.generate(db)
    return db


def test_a_national_figures_csv_starts_within_a_second(national_db):
    with served(national_db) as url:
        start = time.perf_counter()
        with urllib.request.urlopen(url + "/download/figures.csv", timeout=60) as answer:
            header = answer.readline()
            first_row = answer.readline()
            seconds = time.perf_counter() - start
    assert header.startswith(b"\xef\xbb\xbf\"place\",\"adcode\"") and b'"sessions"' in first_row
    assert seconds < FIRST_ROW_SECONDS, f"the first row came after {seconds:.2f} s"


def test_the_generator_refuses_to_replace_a_warehouse_it_did_not_make(tmp_path):
    import duckdb
    kept = tmp_path / "mine.duckdb"
    with duckdb.connect(str(kept)) as con:
        con.execute("CREATE TABLE documents (file_name VARCHAR); INSERT INTO documents VALUES ('county-2020.docx')")
    not_duckdb = tmp_path / "notes.duckdb"
    not_duckdb.write_text("my notes")
    for db in (kept, not_duckdb):
        before = db.read_bytes()
        with pytest.raises(SystemExit, match="not a synthetic warehouse"):
            national_warehouse.generate(db)
        assert db.read_bytes() == before
    made = tmp_path / "made.duckdb"
    with duckdb.connect(str(made)) as con:
        con.execute("CREATE TABLE documents (file_name VARCHAR); INSERT INTO documents VALUES ('synthetic/110101-npc_sc.txt')")
    assert national_warehouse.made_here(made)


def test_the_benchmark_asks_every_query_of_queries(fixture_db):
    """parameter_sets stops the benchmark when a query has no parameters; a new query must be added there."""
    import queries
    from dashboard.warehouse import connect
    con = connect(fixture_db)
    try:
        sets = national_warehouse.parameter_sets(con, runs=2)
    finally:
        con.close()
    assert set(sets) == set(queries.names()) and all(len(asked) == 2 for asked in sets.values())
