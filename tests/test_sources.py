"""Where a report came from (etl/sources.py): sources.csv beside the reports."""
from etl.sources import NONE, source_of


def write(folder, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources.csv").write_text(text, encoding="utf-8")


def test_a_row_gives_its_reports_metadata(tmp_path):
    write(tmp_path, "file,source_url,publisher,published_on,note\n"
                    "a.txt,https://example.gov.cn/a.html,某市人大常委会,2022-02-14,\n"
                    "2021/b.docx,,,2021-12,scanned copy\n")
    (tmp_path / "2021").mkdir()
    info, problems = source_of(tmp_path / "a.txt")
    assert (info.source_url, info.publisher, info.published_on, info.note) == (
        "https://example.gov.cn/a.html", "某市人大常委会", "2022-02-14", None)
    info, _ = source_of(tmp_path / "2021" / "b.docx")     # named from a folder above it
    assert (info.published_on, info.note) == ("2021-12", "scanned copy")
    assert problems == []
    assert source_of(tmp_path / "c.txt")[0] == NONE


def test_a_bad_field_is_left_out_and_named_with_its_line(tmp_path):
    write(tmp_path, "note,file,published_on,source_url,colour\n"
                    "x,a.txt,14/02/2022,javascript:alert(1),red\n"
                    "y,b.txt,2022,http://example.cn/b,blue\n")
    info, problems = source_of(tmp_path / "a.txt")
    assert (info.note, info.published_on, info.source_url) == ("x", None, None)
    assert any("unknown column 'colour'" in p for p in problems)
    assert any("line 2 (a.txt)" in p and "not a date" in p and "not an http(s) address" in p for p in problems)
    assert source_of(tmp_path / "b.txt")[0].source_url == "http://example.cn/b"


def test_an_unreadable_sources_file_is_named_and_ignored(tmp_path):
    (tmp_path / "sources.csv").write_bytes(b"\xff\xfe\x00garbage")
    info, problems = source_of(tmp_path / "a.txt")
    assert info == NONE and "cannot be read as UTF-8 CSV" in problems[0]
    write(tmp_path, "name,url\na.txt,x\n")
    assert "must name the columns" in source_of(tmp_path / "a.txt")[1][0]


def test_a_date_that_is_not_on_the_calendar_is_left_out(tmp_path):
    write(tmp_path, "file,published_on\na.txt,2023-02-30\nb.txt,2024-02-29\n")
    info, problems = source_of(tmp_path / "a.txt")
    assert info.published_on is None and "not a date" in problems[0]
    assert source_of(tmp_path / "b.txt")[0].published_on == "2024-02-29"
