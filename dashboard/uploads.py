"""Reports added from the app: each uploaded file checked, previewed, and — when asked — stored and built.

Entry: `preview(name, data)` → what the extractor reads in one file, storing nothing; `add(files,
fields, db_path)` → the files saved under `<warehouse folder>/uploads/<date>/` with their source
fields in that folder's sources.csv, then loaded by the same build the command line runs
(etl.warehouse.build: under the build lock, on a copy renamed over the warehouse only when whole).

A file's type is judged by its name and its size by its bytes before it is read (etl/limits.py);
reading and extraction are etl's own (etl/reading.py, etl/extract.py), so a file is refused in the
app with the same words the command line uses. A file of the same name uploaded again on the same
day replaces the earlier one, as a changed file does in a build.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from etl import limits, sources
from etl.errors import UnreadableFile
from etl.extract import extract_document
from etl.inputs import named
from etl.reading import document_from_bytes
from etl.warehouse import build

SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")
FOLDER = "uploads"
CONTEXT_CHARS = 80          # of text either side of a count, cut back to its sentence when shown
MAX_PREVIEW_COUNTS = 400    # counts listed in one upload's preview (the rest are counted)
MAX_PREVIEW_UNITS = 100     # units listed per file (a yearbook has hundreds); with the counts' limit, a preview
                            # of MAX_FILES files stays within the 1 MB a callback may be sent
MAX_FILES = 20              # files in one upload
UNSAFE_NAME = re.compile(r"[\\/\x00-\x1f]|^\.+")


@dataclass
class Checked:
    name: str
    reason: str | None = None             # why it is refused
    preview: dict = field(default_factory=dict)


def refusal(name: str, size: int) -> str | None:
    """Why a file of this name and size is refused before it is read, or None."""
    if Path(name).suffix.lower() not in SUFFIXES:
        return (f"unknown type {Path(name).suffix or '(none)'!r}: only {', '.join(SUFFIXES)} reports are read")
    try:
        limits.check_file_size(size)
    except UnreadableFile as e:
        return str(e)
    return None


def preview(name: str, data: bytes, counts_left: int = MAX_PREVIEW_COUNTS) -> Checked:
    """The units (place, body, period, each with its evidence) and counts (sentence, number) the
    extractor reads in one file, at most `counts_left` counts listed; nothing is written."""
    if reason := refusal(name, len(data)):
        return Checked(name, reason)
    try:
        doc = document_from_bytes(name, data)
        units = extract_document(doc)
    except UnreadableFile as e:
        return Checked(name, str(e))
    except Exception as e:  # a crash on one file must not stop the others
        return Checked(name, f"extraction failed: {type(e).__name__}: {e}")
    counts = [{"unit": n, "body": u["body"], "metric": metric, "value": m["value"], "qualifier": m["qualifier"],
               "line": doc.text.count("\n", 0, m["start"]) + 1, "evidence": m["evidence"],
               "before": doc.text[max(0, m["start"] - CONTEXT_CHARS):m["start"]],
               "after": doc.text[m["end"]:m["end"] + CONTEXT_CHARS]}
              for n, u in enumerate(units) for metric, m in u["metrics"].items()]
    shown = [{"lines": u["lines"], "place": u["city"], "adcode": u["adcode"], "body": u["body"],
              "period_start": u["period_start"], "period_end": u["period_end"],
              "period_inferred": bool(u["period_inferred"]), "period_kind": u.get("period_kind"),
              "place_evidence": u.get("place_evidence"), "body_evidence": u.get("body_evidence"),
              "period_evidence": u.get("period_evidence")} for u in units]
    return Checked(name, preview={"sha256": doc.sha256, "size": doc.size, "encoding": doc.encoding,
                                  "warnings": doc.warnings, "units": shown[:MAX_PREVIEW_UNITS], "units_total": len(shown),
                                  "counts": counts[:max(0, counts_left)],
                                  "counts_total": len(counts)})


def unreadable(name: str, data: bytes) -> str | None:
    """Why a file cannot be stored (its type, size, or that it cannot be read), or None."""
    if reason := refusal(name, len(data)):
        return reason
    try:
        document_from_bytes(name, data)
    except UnreadableFile as e:
        return str(e)
    return None


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def field_problems(fields: dict[str, str]) -> list[str]:
    """The source fields' problems, by etl/sources.py's rules (the same as a sources.csv's)."""
    return list(sources.problems_of(fields).values())


def safe_name(name: str) -> str:
    """The base name an uploaded file is saved under (no folders, no leading dots)."""
    return UNSAFE_NAME.sub("_", Path(name.replace("\\", "/")).name) or "report"


def add(files: list[tuple[str, bytes]], fields: list[dict[str, str]], db_path: Path, today: date | None = None):
    """Save `files` (name, bytes) with their source `fields` under the uploads folder beside the
    warehouse and build them into it. Returns (BuildSummary, the saved paths). Nothing is saved when
    a field breaks its rule (ValueError naming it); a failed build removes what this call saved and
    leaves the warehouse as it was (the exception is raised)."""
    problems = [f"{name}: {p}" for (name, _), f in zip(files, fields) for p in field_problems(f)]
    if problems:
        raise ValueError("; ".join(problems))
    root = Path(db_path).resolve().parent / FOLDER
    folder = root / (today or date.today()).isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    table = folder / sources.FILE_NAME
    before = table.read_bytes() if table.exists() else None
    saved, kept = [], {}
    for (name, data), values in zip(files, fields):
        path = folder / safe_name(name)
        kept[path] = path.read_bytes() if path.exists() else None
        path.write_bytes(data)
        saved.append((path, values))
    try:
        _write_sources(table, [(p.name, v) for p, v in saved])
        summary = build([named(p, root) for p, _ in saved], Path(db_path), workers=1)
    except BaseException:
        for path, old in kept.items():   # as it was: the earlier upload of that name, or nothing
            path.write_bytes(old) if old is not None else path.unlink(missing_ok=True)
        table.write_bytes(before) if before is not None else table.unlink(missing_ok=True)
        raise
    return summary, [p for p, _ in saved]


def _write_sources(table: Path, rows: list[tuple[str, dict[str, str]]]) -> None:
    """sources.csv of the folder with these files' rows (replacing earlier rows of the same files)."""
    existing = []
    if table.exists():
        with open(table, newline="", encoding="utf-8") as f:
            existing = [r for r in csv.DictReader(f) if r.get("file") not in {name for name, _ in rows}]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=sources.COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(existing + [{"file": name, **{k: (values.get(k) or "") for k in sources.COLUMNS[1:]}}
                                 for name, values in rows])
    tmp = table.with_name(table.name + ".tmp")
    tmp.write_text(out.getvalue(), encoding="utf-8")
    os.replace(tmp, table)
