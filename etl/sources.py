"""Where a report came from: a `sources.csv` in its folder.

Entry: `source_of(path)` → the SourceInfo of a report file (empty where none is written) and the
problems of the sources.csv files read, each naming its line.

A folder of reports may hold one `sources.csv` (UTF-8, a header row, any column order):

    file,source_url,publisher,published_on,note
    昌吉州人大常委会2022年工作报告.txt,https://www.cj.gov.cn/…,昌吉州人大常委会,2022-02-14,
    2021/工作报告.docx,,,2021-12,scanned copy

`file` is the report's path relative to that folder (forward slashes); the nearest sources.csv
that names a report gives its metadata. Every other column may be left empty. `source_url` must be an http(s) address; `published_on` a date written as YYYY-MM-DD,
YYYY-MM or YYYY. A row that breaks a rule is reported with its line and the rest of the file is
used; a row naming a file that is not there is harmless. One file per folder (not one sidecar per
report) because reports saved from a website come in batches, and a spreadsheet is how people
keep such a list; the app's upload writes to the same kind of file.
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

FILE_NAME = "sources.csv"
COLUMNS = ("file", "source_url", "publisher", "published_on", "note")
MAX_FIELD = 2000          # characters a field may hold
MAX_BYTES = 5_000_000     # a sources.csv larger than this is not read
SEARCH_UP = 8             # folders above a report where its sources.csv may stand
URL = re.compile(r"https?://[^\s]+$", re.IGNORECASE)
DATE = re.compile(r"(?:19|20)\d\d(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")


@dataclass(frozen=True)
class SourceInfo:
    source_url: str | None = None
    publisher: str | None = None
    published_on: str | None = None    # YYYY-MM-DD, YYYY-MM or YYYY, as written
    note: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"source_url": self.source_url, "publisher": self.publisher,
                "published_on": self.published_on, "note": self.note}


NONE = SourceInfo()


def source_of(path: Path) -> tuple[SourceInfo, list[str]]:
    """The metadata of report `path` from the sources.csv of its folder or a folder above it (the
    nearest that names it), and the problems found in the sources.csv files read."""
    path = Path(os.path.abspath(path))
    problems: list[str] = []
    for folder in list(path.parents)[:SEARCH_UP]:
        table, found = read_table(folder)
        problems += found
        info = table.get(path.relative_to(folder).as_posix())
        if info:
            return info, problems
    return NONE, problems


def read_table(folder: Path) -> tuple[dict[str, SourceInfo], list[str]]:
    """The rows of `folder`/sources.csv by file name, and its problems ({} where it has none)."""
    target = folder / FILE_NAME
    try:
        stat = target.stat()
    except OSError:
        return {}, []
    return _read(str(target), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _read(target: str, mtime_ns: int, size: int) -> tuple[dict[str, SourceInfo], list[str]]:
    """sources.csv read once per version of the file (its mtime and size are in the key)."""
    if size > MAX_BYTES:
        return {}, [f"{target}: larger than {MAX_BYTES // 1_000_000} MB, not read"]
    try:
        text = Path(target).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        return {}, [f"{target}: cannot be read as UTF-8 CSV ({e.__class__.__name__})"]
    rows = csv.DictReader(io.StringIO(text))
    if not rows.fieldnames or "file" not in rows.fieldnames:
        return {}, [f"{target}: its first line must name the columns, among them 'file' ({', '.join(COLUMNS)})"]
    unknown = [c for c in rows.fieldnames if c not in COLUMNS]
    problems = [f"{target}: unknown column {c!r} ignored (known: {', '.join(COLUMNS)})" for c in unknown]
    table: dict[str, SourceInfo] = {}
    for row in rows:
        line = rows.line_num
        values = {k: (v or "").strip() for k, v in row.items() if k in COLUMNS and isinstance(v, str)}
        name = values.get("file", "").replace("\\", "/").lstrip("./")
        if not name:
            problems.append(f"{target}, line {line}: no file named")
            continue
        bad = problems_of(values)
        if bad:
            problems.append(f"{target}, line {line} ({name}): {'; '.join(bad.values())}")
        table[name] = SourceInfo(**{k: None if k in bad else (values.get(k) or None) for k in COLUMNS[1:]})
    return table, problems


def first_day(written: str) -> date:
    """A date as written here (YYYY, YYYY-MM, YYYY-MM-DD) as a whole date: its first day (the warehouse
    keeps a DATE). ValueError for one not on the calendar (2023-02-30 has the shape, not the day)."""
    return date.fromisoformat(written + "-01" * (2 - written.count("-")))


def _on_the_calendar(written: str) -> bool:
    try:
        first_day(written)
    except ValueError:
        return False
    return True


def problems_of(values: dict[str, str | None]) -> dict[str, str]:
    """The fields that break their rule, each with why (used for sources.csv and the upload form)."""
    out = {}
    for field in COLUMNS[1:]:
        value = values.get(field) or ""
        if len(value) > MAX_FIELD:
            out[field] = f"{field} longer than {MAX_FIELD} characters, left out"
        elif field == "source_url" and value and not URL.match(value):
            out[field] = f"source_url {value!r} is not an http(s) address, left out"
        elif field == "published_on" and value and not (DATE.match(value) and _on_the_calendar(value)):
            out[field] = f"published_on {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY), left out"
    return out
