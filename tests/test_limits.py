"""Hostile input is bounded: each file made here is rejected, naming its limit, within 10 s and 500 MB.

Each file is read in a process of its own, so that the time and the peak memory measured are that
file's alone (the child reports its own VmHWM: the rusage of a child counts its parent's memory too).
"""
import json
import subprocess
import sys
import time

import pytest

from conftest import CORPUS, ROOT
from documents import write_docx, write_docx_with_xml, write_pdf
from etl import limits

SECONDS, MEGABYTES = 10, 500
READ = """import json, re, sys
from etl.reading import UnreadableFile, read_document
try:
    result = {"chars": len(read_document(sys.argv[1]).text)}
except UnreadableFile as e:
    result = {"rejected": str(e)}
peak = re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1)
print(json.dumps({**result, "peak_kb": int(peak)}))
"""


def read_in_child(path) -> tuple[dict, float, float]:
    """What reading `path` gave, its seconds and its peak resident MB, in a fresh process."""
    start = time.perf_counter()
    child = subprocess.run([sys.executable, "-c", READ, str(path)], cwd=ROOT, capture_output=True, text=True,
                           timeout=60)
    seconds = time.perf_counter() - start
    assert child.returncode == 0, child.stderr
    result = json.loads(child.stdout)
    return result, seconds, result.pop("peak_kb") / 1024


def assert_rejected_within_bounds(path, *words):
    result, seconds, mb = read_in_child(path)
    assert "rejected" in result, result
    assert all(w in result["rejected"] for w in words), result["rejected"]
    assert seconds < SECONDS and mb < MEGABYTES, (seconds, mb)


def test_html_nested_100000_deep_is_rejected(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 100_000 + "召开常委会会议5次" + "</div>" * 100_000 + "</body></html>",
                    encoding="utf-8")
    assert_rejected_within_bounds(path, "nested too deep", f"{limits.MAX_HTML_DEPTH}")


def test_html_of_too_many_elements_is_rejected(tmp_path):
    path = tmp_path / "flat.html"
    path.write_text("<html><body>" + "<p>召开常委会会议5次。<br>" * 200_000 + "</body></html>", encoding="utf-8")
    assert_rejected_within_bounds(path, "too many HTML elements", f"{limits.MAX_HTML_ELEMENTS:,}")


def test_ordinary_html_nesting_and_paragraphs_are_read(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body>" + "<div>" * 40 + "<p>召开常委会会议5次。" * 2000 + "</div>" * 40 + "</body></html>",
                    encoding="utf-8")
    result, _, _ = read_in_child(path)
    assert result.get("chars", 0) > 2000 * 9


def test_docx_with_huge_xml_is_rejected(tmp_path):
    path = write_docx_with_xml(tmp_path / "huge.docx", 2_500_000)    # 100 MB of XML, 1 MB on disk
    assert path.stat().st_size < 2_000_000
    assert_rejected_within_bounds(path, "XML decompresses to", f"{limits.MAX_DOCX_XML_BYTES // 1_000_000} MB")


def test_docx_with_too_many_elements_is_rejected(tmp_path):
    path = write_docx_with_xml(tmp_path / "dense.docx", 900_000)     # under the byte limit
    assert_rejected_within_bounds(path, "elements", f"{limits.MAX_DOCX_ELEMENTS:,}")


def test_pdf_with_many_pages_is_rejected(tmp_path):
    path = write_pdf(["召开常委会会议5次。"], tmp_path / "pages.pdf", pages=5_000)
    assert_rejected_within_bounds(path, "too many pages", f"{limits.MAX_PDF_PAGES:,}")


def test_pdf_decompression_bomb_is_rejected(tmp_path):
    path = write_pdf(["召开常委会会议5次。"], tmp_path / "bomb.pdf", padding=200_000_000)   # 200 MB in 0.2 MB
    assert path.stat().st_size < 1_000_000
    assert_rejected_within_bounds(path, "decompress", f"{limits.MAX_PDF_STREAM_BYTES // 1_000_000} MB")


def test_pdf_too_slow_to_read_is_stopped_at_the_deadline(tmp_path):
    # this font's map covers every code point and pypdf parses it again for each page (~0.3 s a page)
    path = write_pdf(["召开常委会会议5次。"], tmp_path / "slow.pdf", pages=limits.MAX_PDF_PAGES)
    assert_rejected_within_bounds(path, "too slow to read", f"{limits.READ_SECONDS:.0f} s")


def test_text_over_the_limit_is_rejected_and_a_large_report_is_read(tmp_path):
    report = (CORPUS / "001_7c4c3c7cf2127719.txt").read_text(encoding="utf-8")
    large, too_large = tmp_path / "large.txt", tmp_path / "too_large.txt"
    large.write_text((report * 40)[:limits.MAX_TEXT_CHARS - 100_000], encoding="utf-8")
    too_large.write_text((report * 60)[:limits.MAX_TEXT_CHARS + 100_000], encoding="utf-8")
    assert_rejected_within_bounds(too_large, "too much text", f"{limits.MAX_TEXT_CHARS:,}")
    result, seconds, mb = read_in_child(large)
    assert result.get("chars", 0) > limits.MAX_TEXT_CHARS // 2 and seconds < SECONDS and mb < MEGABYTES


def test_a_file_over_the_size_limit_is_never_read(tmp_path):
    path = tmp_path / "sparse.txt"
    with open(path, "wb") as f:   # a sparse file: large on paper, nothing on disk
        f.truncate(limits.MAX_FILE_BYTES + 1)
    assert_rejected_within_bounds(path, "too large", f"{limits.MAX_FILE_BYTES // 1_000_000} MB")


def test_ordinary_docx_and_pdf_still_read(tmp_path):
    for path in (write_docx(["召开常委会会议5次。"] * 50, tmp_path / "r.docx"),
                 write_pdf(["召开常委会会议5次。"] * 20, tmp_path / "r.pdf", pages=3)):
        result, _, _ = read_in_child(path)
        assert result.get("chars", 0) > 100, (path, result)
