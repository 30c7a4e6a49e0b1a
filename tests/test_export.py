"""`python -m etl export`: the public tables as Parquet, read back with DuckDB."""
import duckdb
import pytest

from etl.__main__ import main
from tests.fixture_warehouse import fixture_warehouse_file

TABLES = ("units", "facts", "figures", "unit_themes", "unit_terms", "documents", "places", "metrics", "themes")


@pytest.fixture()
def warehouse(tmp_path):
    return fixture_warehouse_file(tmp_path / "w.duckdb")


def read(out, table):
    folder = out / table
    source = (f"read_parquet('{folder}/**/*.parquet', hive_partitioning = true)" if folder.is_dir()
              else f"read_parquet('{out / (table + '.parquet')}')")
    return source


def test_export_round_trip(warehouse, tmp_path):
    out = tmp_path / "export"
    assert main(["export", str(out), "--db", str(warehouse)]) == 0
    con = duckdb.connect()
    src = duckdb.connect(str(warehouse), read_only=True)
    for table in TABLES:
        exported = con.execute(f"SELECT count(*) FROM {read(out, table)}").fetchone()[0]
        assert exported == src.execute(f"SELECT count(*) FROM {table}").fetchone()[0], table
    # partitions: each unit under its province and body; the unit without a place code under NULL
    got = con.execute(f"SELECT unit_id, province, body FROM {read(out, 'units')} ORDER BY unit_id").fetchall()
    want = src.execute("SELECT unit_id, p.province, body FROM units LEFT JOIN places p USING (adcode) "
                       "ORDER BY unit_id").fetchall()
    assert got == want and any(province is None for _, province, _ in got)
    # the facts keep their evidence and values
    got = con.execute(f"SELECT unit_id, metric, value, evidence FROM {read(out, 'facts')} ORDER BY ALL").fetchall()
    assert got == src.execute("SELECT unit_id, metric, value, evidence FROM facts ORDER BY ALL").fetchall()


def test_export_replaces_an_earlier_export_but_nothing_else(warehouse, tmp_path, capsys):
    out = tmp_path / "export"
    assert main(["export", str(out), "--db", str(warehouse)]) == 0
    assert main(["export", str(out), "--db", str(warehouse)]) == 0      # an earlier export: replaced
    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep me")
    assert main(["export", str(other), "--db", str(warehouse)]) == 2
    assert "not an earlier export" in capsys.readouterr().err
    assert (other / "mine.txt").read_text() == "keep me"
    assert main(["export", str(tmp_path / "x"), "--db", str(tmp_path / "missing.duckdb")]) == 2
