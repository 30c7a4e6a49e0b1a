"""How much one input file may ask of a build, and the checks that hold it to that.

Principle: no single file — a crafted one or a mistake — may hang a build or take more than a stated
memory; each is rejected or read within READ_SECONDS and about 500 MB. A file is measured before
the step that would pay for it (its size before it is read, a .docx's declared part sizes before they
are decompressed, a PDF's page count before a page is extracted, an HTML page's nesting before it is
parsed into a tree), and a file over a limit is rejected with a reason that names the limit, so that
its owner knows what to change. The limits sit far above any real work report: the largest bundled
report is 0.8 MB of text, a province's compilation a few MB.
"""
from __future__ import annotations

import re
import time
import zipfile

from .errors import UnreadableFile

MAX_FILE_BYTES = 64_000_000        # on disk, any format
MAX_TEXT_CHARS = 10_000_000        # of text read from a file (about 30 MB of Chinese in UTF-8)
MAX_HTML_DEPTH = 500               # elements inside elements; real pages nest a few dozen deep
MAX_HTML_ELEMENTS = 100_000        # BeautifulSoup builds ~25k elements a second; a news page has a few thousand
MAX_DOCX_PARTS = 2_000             # files inside a .docx (a zip)
MAX_DOCX_XML_BYTES = 40_000_000    # its XML parts, decompressed
MAX_DOCX_BYTES = 200_000_000       # all its parts decompressed (images included)
# python-docx holds the XML as a tree and reads ~20k paragraphs a second: 3.6 M elements took 46 s
# and 740 MB; a 100-page report has some 30 k
MAX_DOCX_ELEMENTS = 500_000
MAX_PDF_PAGES = 1_000
MAX_PDF_STREAM_BYTES = 20_000_000  # one decompressed stream of a PDF (a page's content, an image)
READ_SECONDS = 8.0                 # extracting a PDF's pages; checked after each, so a file ends within ~10 s
CHUNK_BYTES = 1 << 20              # of a zip part, decompressed at a time to count its elements

# HTML elements that never hold others, or that the parser closes when the next one opens: they
# add no depth however many there are
_FLAT_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
              "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot"}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s[^<>]*?)?(/?)>")
_SKIPPED = re.compile(r"(?is)<!--.*?-->|<(script|style)\b.*?</\1\s*>")


def _mb(n: int) -> str:
    return f"{n / 1e6:,.0f} MB"


def check_file_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"too large: {_mb(size)} (the limit for one report file is {_mb(MAX_FILE_BYTES)}); "
                             f"split it into its reports")


def check_text_size(text: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableFile(f"too much text: {len(text):,} characters (the limit for one file is "
                             f"{MAX_TEXT_CHARS:,}); split it into its reports")


def check_html(html: str) -> None:
    """Refuse a page with more than MAX_HTML_ELEMENTS elements, or whose elements nest deeper than
    MAX_HTML_DEPTH, counted from its tags in one pass (a parser builds and walks such a tree far more
    slowly than this)."""
    depth = deepest = elements = 0
    for m in _TAG.finditer(_SKIPPED.sub("", html)):
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        elements += not closing
        if elements > MAX_HTML_ELEMENTS:
            raise UnreadableFile(f"too many HTML elements: more than {MAX_HTML_ELEMENTS:,} (the limit for a page), "
                                 f"at character {m.start():,}")
        if name in _FLAT_TAGS or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_HTML_DEPTH:
                raise UnreadableFile(f"HTML nested too deep: more than {MAX_HTML_DEPTH} elements inside one "
                                     f"another (the limit), at character {m.start():,}")


def check_docx_parts(archive: zipfile.ZipFile) -> None:
    """Refuse a .docx whose parts, as its zip directory declares them, are too many or too large.
    Python's zipfile never decompresses more than a part's declared size, so the declaration binds."""
    parts = archive.infolist()
    if len(parts) > MAX_DOCX_PARTS:
        raise UnreadableFile(f"not a report .docx: it holds {len(parts):,} files (the limit is {MAX_DOCX_PARTS:,})")
    xml = sum(p.file_size for p in parts if p.filename.endswith((".xml", ".rels")))
    total = sum(p.file_size for p in parts)
    if xml > MAX_DOCX_XML_BYTES:
        raise UnreadableFile(f"too large: its XML decompresses to {_mb(xml)} (the limit for a .docx is "
                             f"{_mb(MAX_DOCX_XML_BYTES)})")
    if total > MAX_DOCX_BYTES:
        raise UnreadableFile(f"too large: it decompresses to {_mb(total)} (the limit for a .docx is "
                             f"{_mb(MAX_DOCX_BYTES)}, images included)")
    elements = sum(_xml_elements(archive, p) for p in parts if p.filename.endswith(".xml"))
    if elements > MAX_DOCX_ELEMENTS:
        raise UnreadableFile(f"too large: its XML holds {elements:,} elements (the limit for a .docx is "
                             f"{MAX_DOCX_ELEMENTS:,})")


def _xml_elements(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> int:
    """Start tags in an XML part, counted as it is decompressed chunk by chunk (never held whole)."""
    count, last = 0, b""
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            text = last + chunk   # a tag cut between two chunks is counted in the second
            count += text.count(b"<") - text.count(b"</") - text.count(b"<?") - text.count(b"<!") - last.count(b"<")
            last = chunk[-1:]
    return count


def check_pdf_pages(count: int) -> None:
    if count > MAX_PDF_PAGES:
        raise UnreadableFile(f"too many pages: {count:,} (the limit for a .pdf is {MAX_PDF_PAGES:,}); "
                             f"split it into its reports")


def pdf_limit_reached(error: Exception) -> UnreadableFile:
    """The rejection for a PDF that hit one of pypdf's limits (set by pdf_configuration)."""
    return UnreadableFile(f"beyond the limits of a .pdf ({error}): one stream may decompress to at most "
                          f"{_mb(MAX_PDF_STREAM_BYTES)}; a decompression bomb, or not a report")


def pdf_configuration():
    """pypdf's own limits, lowered to MAX_PDF_STREAM_BYTES per stream (it raises LimitReachedError)."""
    import pypdf

    size = MAX_PDF_STREAM_BYTES
    return pypdf.apply_configuration(
        maximum_declared_stream_length=size, array_based_stream_maximum_output_length=size,
        zlib_maximum_output_length=size, lzw_maximum_output_length=size, run_length_maximum_output_length=size,
        brotli_maximum_output_length=size, jbig2_maximum_output_length=size, image_maximum_buffer_size=size,
        stream_decoding_work_maximum_length=4 * size)


class Deadline:
    """READ_SECONDS from its start; `check()` between steps (PDF pages) refuses the file once it is past."""

    def __init__(self, seconds: float = READ_SECONDS):
        self.seconds, self.end = seconds, time.monotonic() + seconds

    def check(self, done: str) -> None:
        if time.monotonic() > self.end:
            raise UnreadableFile(f"too slow to read: more than {self.seconds:.0f} s (the limit for one file) "
                                 f"after {done}")
