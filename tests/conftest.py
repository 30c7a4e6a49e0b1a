import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "data" / "corpus"
GOLD = ROOT / "tests" / "gold"


def rows_of(db, sql: str, params=None) -> list[tuple]:
    """The rows of `sql` on the warehouse file `db`, read through a read-only connection closed after."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="session")
def corpus_files():
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="session")
def extracted_units(corpus_files):
    """Every unit the extractor finds in the bundled corpus (read once per session)."""
    from etl.extract import extract_document
    from etl.reading import read_document

    return [u for f in corpus_files for u in extract_document(read_document(f))]


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    """The fixture warehouse of tests/fixture_warehouse.py as a DuckDB file (one per test module)."""
    from fixture_warehouse import fixture_warehouse_file

    return fixture_warehouse_file(tmp_path_factory.mktemp("fixture") / "fixture.duckdb")


@pytest.fixture(scope="module")
def fixture_url(fixture_db):
    """The app served (as `make run` serves it) on the fixture warehouse; its base URL."""
    from dashboard.testing import served

    with served(fixture_db) as url:
        yield url
