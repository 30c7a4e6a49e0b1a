"""Remove a document from a warehouse, and keep the record of it, so that a rebuild does not bring it back.

Entry: `remove(target, db_path, who, why)` → the Removal done; `removed(db_path)` → the documents a
build must skip (hash → file name).

The record is a plain CSV beside the warehouse, `<db>.removals.csv` (`data/warehouse.duckdb.removals.csv`
for the default one), one row per removal or restoration — document hash, file name, action, who,
when, why — appended, never rewritten: it is the audit trail, to be read, reviewed and kept under
version control with the corpus. It sits beside the warehouse rather than in one project-wide file
because a removal is a decision about one warehouse: a test's or a colleague's copy built from the
same folder keeps its own. A document counts as removed while its last row says `removed`; a build
with `--restore-removed` loads it again and appends `restored`.

A removal is made like a build (etl/warehouse.py): under the warehouse's build lock, on a copy that
replaces the file only when everything is written, so that the app's readers see the old warehouse
or the new one, never half of either.
"""
from __future__ import annotations

import csv
import getpass
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from . import warehouse

SUFFIX = ".removals.csv"
FIELDS = ("document_id", "file_name", "action", "who", "at", "why")
REMOVED, RESTORED = "removed", "restored"
MIN_PREFIX = 8                  # hex characters of a hash that may name a document
HEX = re.compile(r"[0-9a-f]+")


@dataclass(frozen=True)
class Removal:
    document_id: str
    file_name: str
    units: int
    facts: int


class NotFound(LookupError):
    """No document, or more than one, answers to the name or hash given; the message says which."""


def record_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + SUFFIX)


def removed(db_path: Path) -> dict[str, str]:
    """hash → file name of every document whose last recorded action is a removal."""
    state: dict[str, tuple[str, str]] = {}
    path = record_path(db_path)
    if path.is_file():
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                state[row["document_id"]] = (row["action"], row["file_name"])
    return {h: name for h, (action, name) in state.items() if action == REMOVED}


def append(db_path: Path, rows: list[tuple[str, str]], action: str, who: str, why: str) -> None:
    """Record (hash, file name) rows as removed or restored, by `who`, now, for `why`."""
    if not rows:
        return
    path = record_path(db_path)
    new = not path.is_file()
    with open(path, "a", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        if new:
            writer.writerow(FIELDS)
        at = datetime.now().isoformat(timespec="seconds")
        writer.writerows((h, name, action, who, at, why) for h, name in rows)


def find(con: duckdb.DuckDBPyConnection, target: str) -> tuple[str, str]:
    """(hash, file name) of the one document `target` names: its file name (the path relative to the
    build root), a base name that only one document has, its hash, or a prefix of ≥ MIN_PREFIX hex
    characters that only one hash starts with."""
    rows = con.execute("SELECT document_id, file_name FROM documents WHERE file_name = $t", {"t": target}).fetchall()
    if not rows:
        rows = con.execute("SELECT document_id, file_name FROM documents WHERE file_name = $t "
                           "OR file_name LIKE '%/' || $t", {"t": target}).fetchall()
        rows = [r for r in rows if r[1].rsplit("/", 1)[-1] == target]
    if not rows and len(target) >= MIN_PREFIX and HEX.fullmatch(target.lower()):
        rows = con.execute("SELECT document_id, file_name FROM documents WHERE starts_with(document_id, $t)",
                           {"t": target.lower()}).fetchall()
    if len(rows) == 1:
        return rows[0]
    if rows:
        raise NotFound(f"{target!r} names {len(rows)} documents ({', '.join(sorted(r[1] for r in rows)[:5])}): "
                       f"give the path or a longer hash")
    raise NotFound(f"no document named {target!r} in the warehouse (a file name as stored, a base name, or a "
                   f"hash or its first {MIN_PREFIX}+ characters)")


def remove(target: str, db_path: Path, who: str | None = None, why: str = "", say=None) -> Removal:
    """Remove the document `target` names (find) with its units, facts and topic rows; refresh the
    figures; record it. All or nothing, under the build lock (`say` is told when it waits for a
    build). NotFound when nothing or several match."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise NotFound(f"no warehouse at {db_path}")
    with warehouse._only_build(db_path, say or warehouse._to_stderr):
        tmp = db_path.with_name(db_path.name + warehouse.TMP_SUFFIX)
        warehouse._remove(tmp)
        shutil.copy2(db_path, tmp)
        try:
            con = duckdb.connect(str(tmp))
            try:
                warehouse.create_schema(con)
                document_id, file_name = find(con, target)
                units, facts = con.execute(
                    "SELECT count(DISTINCT u.unit_id), count(f.metric) FROM units u LEFT JOIN facts f USING (unit_id) "
                    "WHERE u.document_id = ?", [document_id]).fetchone()
                warehouse.delete_document(con, document_id)
                warehouse.refresh_figures(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(tmp, db_path)
        except BaseException:
            warehouse._remove(tmp)
            raise
        append(db_path, [(document_id, file_name)], REMOVED, who or getpass.getuser(), why)
    return Removal(document_id, file_name, units, facts)
