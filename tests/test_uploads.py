"""dashboard/uploads.py: checks before reading, a preview that stores nothing, and an add that is all or nothing."""
import shutil
from datetime import date

import duckdb
import pytest

from conftest import CORPUS
from dashboard import uploads
from documents import write_docx

REPORT = ["潍坊市人大常委会工作报告", "——2024年1月20日在潍坊市第十八届人民代表大会第三次会议上",
          "2023年，潍坊市人大常委会召开常委会会议8次，任免国家机关工作人员45人次。"]
DAY = date(2024, 3, 1)


@pytest.fixture
def db(tmp_path):
    from etl.inputs import collect
    from etl.warehouse import build

    path = tmp_path / "w.duckdb"
    build(collect([str(CORPUS / "003_d17878162788fd1b.txt")]), path, say=lambda _: None)
    return path


def test_type_and_size_are_checked_before_reading_and_reasons_are_etl_s():
    assert "unknown type '.exe'" in uploads.preview("setup.exe", b"MZ\x90").reason
    assert "too large" in uploads.refusal("big.pdf", 65_000_000)
    assert uploads.preview("blank.txt", b"").reason == "the file is empty"
    assert "binary file?" in uploads.preview("scan.txt", bytes(range(256)) * 64).reason


def test_a_preview_lists_units_and_counts_with_their_sentences(tmp_path):
    data = write_docx(REPORT, tmp_path / "r.docx").read_bytes()
    checked = uploads.preview("r.docx", data)
    assert checked.reason is None
    (unit,) = checked.preview["units"]
    assert (unit["place"], unit["adcode"], unit["period_start"], unit["body"]) == ("潍坊市", "370700", 2023, "npc_sc")
    assert unit["place_evidence"] and unit["period_evidence"]
    counts = {c["metric"]: c for c in checked.preview["counts"]}
    assert counts["sessions"]["value"] == 8 and counts["sessions"]["line"] == 3
    assert "常委会会议8次" in counts["sessions"]["evidence"] and counts["sessions"]["before"].endswith("召开")
    assert list(tmp_path.iterdir()) == [tmp_path / "r.docx"]   # nothing written


def test_add_saves_the_files_with_their_sources_and_builds_them(db, tmp_path):
    data = write_docx(REPORT, tmp_path / "r.docx").read_bytes()
    summary, saved = uploads.add([("../r.docx", data)], [{"source_url": "https://example.gov.cn/r", "note": "x"}],
                                 db, today=DAY)
    assert summary.files_loaded == 1 and saved == [db.parent / "uploads" / "2024-03-01" / "r.docx"]
    assert "r.docx,https://example.gov.cn/r,,,x" in (saved[0].parent / "sources.csv").read_text(encoding="utf-8")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT file_name, source_url, note FROM documents WHERE file_name LIKE '2024%'").fetchall() \
            == [("2024-03-01/r.docx", "https://example.gov.cn/r", "x")]


def test_a_bad_field_or_a_failed_build_adds_nothing(db, tmp_path):
    data = write_docx(REPORT, tmp_path / "r.docx").read_bytes()
    before = db.read_bytes()
    with pytest.raises(ValueError, match="not an http"):
        uploads.add([("r.docx", data)], [{"source_url": "javascript:alert(1)"}], db, today=DAY)
    assert not (db.parent / "uploads").exists()
    (db.parent / (db.name + ".building")).mkdir()   # in the build's way: it fails before it writes
    with pytest.raises(OSError):
        uploads.add([("r.docx", data)], [{}], db, today=DAY)
    assert db.read_bytes() == before and list((db.parent / "uploads" / "2024-03-01").iterdir()) == []
    shutil.rmtree(db.parent / (db.name + ".building"))
