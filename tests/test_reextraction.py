"""A build keeps every document read by the current extractor, with the evidence of its decisions:
older warehouses gain the evidence columns, and documents read by another version of the extractor
are extracted again from their stored text (no source file needed)."""
import duckdb

from conftest import CORPUS, rows_of as rows
from etl.extract import extractor_version
from etl.warehouse import build

REPORT = ("信阳市人民代表大会常务委员会工作报告\n各位代表：\n2022年工作回顾\n"
          "2022年，常委会召开常委会会议7次，任免国家机关工作人员80人次。\n")
# the tables of a warehouse from before the evidence columns and the extractions table
OLD_TABLES = """
CREATE TABLE documents (document_id VARCHAR PRIMARY KEY, file_name VARCHAR NOT NULL UNIQUE,
    size_bytes BIGINT NOT NULL, encoding VARCHAR NOT NULL, loaded_at TIMESTAMP NOT NULL, text VARCHAR NOT NULL);
CREATE TABLE units (unit_id VARCHAR PRIMARY KEY, document_id VARCHAR NOT NULL REFERENCES documents (document_id),
    line_start INTEGER NOT NULL, line_end INTEGER NOT NULL, city VARCHAR, adcode VARCHAR,
    body VARCHAR NOT NULL, period_start INTEGER, period_end INTEGER, period_inferred BOOLEAN NOT NULL);
CREATE TABLE figures (place_key VARCHAR, body VARCHAR, period_start INTEGER, period_end INTEGER, metric VARCHAR,
    value BIGINT);
"""




def test_units_carry_the_evidence_of_their_place_body_and_period(tmp_path):
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    build([tmp_path / "r.txt"], tmp_path / "w.duckdb")
    ((city, kind, place, body, period),) = rows(tmp_path / "w.duckdb", "SELECT city, period_kind, place_evidence, "
                                                                     "body_evidence, period_evidence FROM units")
    assert (city, kind) == ("信阳市", "annual")
    assert "title" in place and "title" in body and "2022" in period


def test_an_older_warehouse_gains_the_columns_and_its_documents_are_read_again(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute(OLD_TABLES)
    con.execute("INSERT INTO documents (document_id, file_name, size_bytes, encoding, loaded_at, text) VALUES ('abc', 'r.txt', 10, 'utf-8', now(), ?)", [REPORT])
    con.execute("INSERT INTO units VALUES ('abc:1', 'abc', 1, 4, '信阳市', NULL, 'npc_sc', 2021, 2021, true)")
    con.close()
    summary = build([], db)
    assert summary.files_reextracted == 1
    units = rows(db, "SELECT city, adcode, period_start, period_evidence FROM units")
    assert units == [("信阳市", "411500", 2022, units[0][3])] and units[0][3]
    facts = dict(rows(db, "SELECT metric, value FROM facts"))
    assert facts == {"sessions": 7, "appointments": 80}
    assert rows(db, "SELECT extractor_version FROM extractions") == [(extractor_version(),)]
    # the figures of the older warehouse are made again, with their period kind
    assert rows(db, "SELECT DISTINCT period_kind, period_evidence FROM figures") == [("annual", [units[0][3]])]


def test_documents_read_by_another_extractor_are_read_again_and_nothing_else(tmp_path):
    db = tmp_path / "w.duckdb"
    build(sorted(CORPUS.glob("*.txt")), db)
    before = rows(db, "SELECT count(*) FROM facts")
    con = duckdb.connect(str(db))
    con.execute("UPDATE extractions SET extractor_version = 'an older one' WHERE document_id IN "
                "(SELECT document_id FROM documents WHERE file_name LIKE '003%')")
    con.close()
    summary = build(sorted(CORPUS.glob("*.txt")), db)
    assert (summary.files_reextracted, summary.files_unchanged) == (1, 5)
    assert rows(db, "SELECT count(*) FROM facts") == before
    assert rows(db, "SELECT count(DISTINCT extractor_version) FROM extractions") == [(1,)]
    # every document profiled again is one whose units changed: the re-extracted one
    assert summary.documents_profiled == 1
    assert build(sorted(CORPUS.glob("*.txt")), db).files_reextracted == 0
