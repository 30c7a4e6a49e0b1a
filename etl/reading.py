"""Read one report file into normalised plain text.

Input: a path to a .txt/.html/.docx/.pdf file.
Output: a `Document` whose `text` is what every later step (and every
evidence offset) refers to: decoded, reduced to plain text, then normalised
(etl/normalise.py: full-width folding, glosses, stray spaces, wrapped lines,
simplified characters).
"""
from __future__ import annotations

import hashlib
import io
import logging
import re
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import limits
from .decoding import decode_bytes
from .errors import UnreadableFile, refusal
from .normalise import normalise

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
BLOCK_TAGS = re.compile(r"(?i)<\s*(br|/p|/div|/h[1-6]|/li|/tr|/title|p|div|h[1-6]|li|tr)\b[^>]*>")
# What a reader of the page never sees as its text: code, page furniture, form fields (their
# contents are what a user would type or pick) and templates (filled in by scripts, if ever).
UNSEEN_TAGS = ["script", "style", "noscript", "head", "nav", "footer", "template",
               "textarea", "input", "select", "option", "button"]
PASSWORD_PROTECTED = "password-protected: open it and save an unprotected copy"
MAX_PDF_WARNINGS = 5   # distinct pypdf messages kept per file; a damaged file can log thousands
# inline styles that hide an element; a hiding class in a stylesheet cannot be seen from here
HIDING_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.I)


@dataclass
class Document:
    name: str          # base name, as the `source` field of a unit
    text: str          # normalised text; evidence offsets point into it
    encoding: str      # what the bytes were decoded as ("docx", "pdf" for those)
    sha256: str        # hash of the raw bytes: the identity of a loaded file
    size: int          # raw size in bytes
    warnings: list[str] = field(default_factory=list)   # what was read despite a problem (bad bytes …)


def read_document(path: str | Path) -> Document:
    """Read, decode and normalise one file; raise UnreadableFile with a reason (etl/limits.py: a file
    too large, too deep or too slow is refused before it is paid for)."""
    path = Path(path)
    if reason := refusal(path):
        raise UnreadableFile(reason)
    try:
        limits.check_file_size(path.stat().st_size)
        return document_from_bytes(path.name, path.read_bytes())
    except OSError as e:
        raise UnreadableFile(f"cannot open: {e.strerror or e}") from e


def document_from_bytes(name: str, raw: bytes) -> Document:
    """As read_document, for the bytes of a file named `name` already in memory (an upload's preview,
    which stores nothing); its size is checked first."""
    limits.check_file_size(len(raw))
    if not raw.strip():
        raise UnreadableFile("the file is empty")
    suffix = Path(name).suffix.lower()
    digest, size, problems = hashlib.sha256(raw).hexdigest(), len(raw), []
    if suffix == ".docx":
        text, encoding = _docx_text(raw), "docx"
    elif suffix == ".pdf":
        (text, problems), encoding = _pdf_text(raw), "pdf"
    else:
        text, encoding, problems = decode_bytes(raw)
        del raw   # the bytes are not needed any more: a large file is held once, as text
        if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(text)):
            limits.check_html(text)
            text = html_to_text(text)
    limits.check_text_size(text)
    text = normalise(text)
    if not text.strip():
        raise UnreadableFile("no text could be read from it")
    return Document(Path(name).name, text, encoding, digest, size, problems)


def html_to_text(html: str) -> str:
    """The text a reader of the page sees, one block element a line.

    Hidden elements (the `hidden` attribute, aria-hidden="true", an inline display:none or
    visibility:hidden) and UNSEEN_TAGS are dropped with everything inside them: a number there is
    not the report's.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(BLOCK_TAGS.sub(lambda m: "\n" + m.group(0), html), "lxml")
    for tag in [*soup(UNSEEN_TAGS), *soup(_hidden)]:
        if not tag.decomposed:   # an element inside one already dropped went with it
            tag.decompose()
    lines = (line.strip() for line in soup.get_text().split("\n"))
    return "\n".join(line for line in lines if line)


def _hidden(tag) -> bool:
    return (tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).strip().lower() == "true"
            or bool(HIDING_STYLE.search(str(tag.get("style", "")))))


def _docx_text(raw: bytes) -> str:
    import zipfile

    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            limits.check_docx_parts(archive)
        document = docx.Document(io.BytesIO(raw))
    except UnreadableFile:
        raise
    except Exception as e:  # python-docx raises several types for broken zips
        raise UnreadableFile(f"not a readable .docx: {e}") from e
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _pdf_text(raw: bytes) -> tuple[str, list[str]]:
    """The text layer of a PDF, and pypdf's warnings about it (kept for the document, which names
    the file, instead of printed bare). An owner password (no printing, no copying …) is no lock:
    every viewer opens such a file without asking, and so do we; a user password is one."""
    import pypdf
    from pypdf.errors import LimitReachedError

    deadline = limits.Deadline()
    with _pypdf_messages() as messages, limits.pdf_configuration():
        try:
            reader = pypdf.PdfReader(io.BytesIO(raw))
            if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
                raise UnreadableFile(PASSWORD_PROTECTED)
            limits.check_pdf_pages(len(reader.pages))
            pages, chars = [], 0
            for n, page in enumerate(reader.pages, 1):
                pages.append(page.extract_text() or "")
                chars += len(pages[-1])
                if chars > limits.MAX_TEXT_CHARS:
                    limits.check_text_size("".join(pages))
                deadline.check(f"{n:,} of {len(reader.pages):,} pages")
        except UnreadableFile:
            raise
        except LimitReachedError as e:
            raise limits.pdf_limit_reached(e) from e
        except Exception as e:  # pypdf raises many types for damaged files
            raise UnreadableFile(f"not a readable .pdf: {e}") from e
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableFile("the PDF has no text layer (a scan? OCR it first)")
    distinct = list(dict.fromkeys(messages))
    shown = [f"pypdf: {m}" for m in distinct[:MAX_PDF_WARNINGS]]
    if len(distinct) > MAX_PDF_WARNINGS:
        shown.append(f"pypdf: … and {len(distinct) - MAX_PDF_WARNINGS} other warnings")
    return text, shown


@contextmanager
def _pypdf_messages():
    """The messages pypdf logs or warns while the block runs, in a list, instead of on stderr."""
    messages: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        messages += [str(w.message) for w in caught]


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head
