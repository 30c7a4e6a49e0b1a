"""Sources in builds (sources.csv → documents), and removal: recorded, skipped by a rebuild, restored."""
import csv
import shutil

import duckdb
import pytest

from conftest import CORPUS
from etl.inputs import collect
from etl.removals import NotFound, record_path, remove, removed
from etl.warehouse import build



@pytest.fixture
def folder(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in sorted(p.name for p in CORPUS.glob("*.txt"))[3:5]:
        shutil.copy(CORPUS / name, reports / name)
    return reports


def built(folder, db, **kwargs):
    return build(collect([str(folder)]), db, say=lambda _: None, **kwargs)


def documents(db):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT file_name, source_url, publisher, published_on::VARCHAR, note, loaded_at "
                           "FROM documents ORDER BY file_name").fetchall()


def test_sources_csv_fills_the_documents_and_an_edit_alone_updates_them(folder, tmp_path):
    first, second = sorted(p.name for p in folder.iterdir())
    (folder / "sources.csv").write_text(f"file,source_url,publisher,published_on,note\n"
                                        f"{first},https://example.gov.cn/r.html,某市人大常委会,2023-02,scanned\n"
                                        f"{second},ftp://nope,,14/02/2022,\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    summary = built(folder, db)
    rows = documents(db)
    assert rows[0][:5] == (first, "https://example.gov.cn/r.html", "某市人大常委会", "2023-02-01", "scanned")
    assert rows[1][:5] == (second, None, None, None, None)
    problems = [w for name, w in summary.warnings if name == "sources.csv"]
    assert len(problems) == 1 and "line 3" in problems[0] and "not an http(s) address" in problems[0] \
        and "not a date" in problems[0]
    (folder / "sources.csv").write_text(f"file,publisher\n{second},某县人大常委会\n", encoding="utf-8")
    summary = built(folder, db)
    assert summary.files_loaded == 0 and summary.files_unchanged == 2 and summary.files_reextracted == 0
    after = documents(db)
    assert after[0][1:5] == (None, None, None, None) and after[1][2] == "某县人大常委会"
    assert [r[5] for r in after] == [r[5] for r in rows]   # not loaded again


def test_a_removed_document_is_gone_recorded_and_skipped_until_restored(folder, tmp_path):
    db = tmp_path / "w.duckdb"
    built(folder, db)
    with duckdb.connect(str(db), read_only=True) as con:
        name, digest = con.execute("SELECT file_name, document_id FROM documents ORDER BY file_name").fetchone()
        facts_before = con.execute("SELECT count(*) FROM figures").fetchone()[0]
    done = remove(digest[:10], db, who="tester", why="loaded by mistake")
    assert (done.document_id, done.file_name) == (digest, name) and done.units and done.facts
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents WHERE document_id = ?", [digest]).fetchone()[0] == 0
        for table in ("units", "unit_terms", "unit_themes"):
            assert con.execute(f"SELECT count(*) FROM {table} WHERE unit_id LIKE ?", [digest[:16] + ":%"]).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM figures WHERE list_contains(sources, ?)", [name]).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM figures").fetchone()[0] < facts_before
    with open(record_path(db), newline="", encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert (row["document_id"], row["file_name"], row["action"], row["who"], row["why"]) == (
        digest, name, "removed", "tester", "loaded by mistake")
    summary = built(folder, db)
    assert summary.files_removed_earlier == 1 and "1 skipped, removed earlier (etl build --restore-removed" in str(summary)
    assert name not in [r[0] for r in documents(db)]
    summary = built(folder, db, restore_removed=True)
    assert summary.files_loaded == 1 and name in [r[0] for r in documents(db)]
    assert removed(db) == {}
    assert built(folder, db).files_removed_earlier == 0


def test_a_name_or_hash_that_names_nothing_or_several_is_refused(folder, tmp_path):
    db = tmp_path / "w.duckdb"
    built(folder, db)
    before = db.read_bytes()
    with pytest.raises(NotFound, match="no document named"):
        remove("nothing.txt", db)
    with pytest.raises(NotFound, match="no document named"):
        remove("abc", db)            # too short to be a hash prefix
    assert db.read_bytes() == before and not record_path(db).exists()


def test_remove_from_the_command_line_by_base_name(folder, tmp_path):
    from test_cli import run

    db = tmp_path / "w.duckdb"
    nested = tmp_path / "tree"
    (nested / "2021").mkdir(parents=True)
    first = sorted(folder.iterdir())[0]
    shutil.copy(first, nested / "2021" / first.name)
    assert run("build", str(nested), "--db", str(db)).returncode == 0
    result = run("remove", first.name, "--db", str(db), "--why", "duplicate")
    assert result.returncode == 0, result.stderr
    assert f"removed 2021/{first.name}" in result.stdout
    result = run("build", str(nested), "--db", str(db))
    assert "1 skipped, removed earlier" in result.stdout
    assert run("remove", first.name, "--db", str(db)).returncode == 1
