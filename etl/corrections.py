"""Corrections that survive rebuilds: a person's fixes to what the extractor read, kept in a plain file.

Why a file and not edits in the warehouse: a build replaces units and facts whenever a document is
read again (a changed file, a newer extractor), so a fix made in the tables would be lost. The
corrections file (`corrections.jsonl` beside the warehouse: data/corrections.jsonl for the bundled
one) is reviewable and under version control, one JSON object per line:

    {"id": "…", "document": "<sha256>", "what": "value", "metric": "sessions",
     "line": 4, "start": 8, "end": 17, "evidence": "召开常委会会议5次",
     "old": 5, "new": 6, "why": "…", "who": "…", "when": "2026-12-01T13:40:00+00:00"}

`what` is a fact's `value`, `qualifier` or `metric`, `wrong` (the fact leaves the figures), `missed`
(a count the extractor did not read: `new` is {"value", "qualifier"}), or a unit's `place`
({"adcode", "city"}), `body` or `period` ([first year, last year]). A fact is matched by its
document, line, the evidence text and its columns within the line (`start`, `end`, 0-based) and
its metric; a unit by its document, first line (`line`) and its current reading (`old`).

Every build (etl.warehouse) first puts back the extractor's reading of the documents the previous
build corrected (`restore_extracted`), then, after extraction, applies the whole file in order
(`apply_corrections`, the entry): each correction is applied, or stored as stale with the reason it
no longer matches (the document is gone, its evidence is not at that line, the extractor now reads
another value); a malformed line is named with its number and the rest still apply. What each fact
was before is kept in `fact_corrections`, and every correction with its status in `corrections`.
"""
from __future__ import annotations

import json
import math
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from .catalogue import METRICS

FILE_NAME = "corrections.jsonl"
FACT_WHATS = ("value", "qualifier", "metric", "wrong")
UNIT_WHATS = ("place", "body", "period")
WHATS = FACT_WHATS + ("missed",) + UNIT_WHATS
QUALIFIERS = ("exact", "at_least", "about")
BODIES = ("npc_sc", "cppcc_sc")
METRIC_IDS = {m[0] for m in METRICS}
REQUIRED = ("id", "document", "what", "line", "new", "why", "who", "when")
SPAN_FIELDS = ("metric", "start", "end", "evidence")   # a fact's correction, or a missed count, names its text
# the tables whose rows refer to a unit
UNIT_DEPENDENTS = ("facts", "unit_terms", "unit_themes")
# what a correction records of a fact and its unit (a row of queries/correctable_facts.sql)
READING = ("document_id", "metric", "value", "qualifier", "evidence", "line", "start_column", "end_column",
           "line_start", "city", "adcode", "body", "period_start", "period_end")
# the unit columns a correction may change, put back from the extractor's reading before each build
UNIT_COLUMNS = ("city", "adcode", "body", "period_start", "period_end", "period_inferred", "period_kind")


class Malformed(ValueError):
    """A line of the corrections file that cannot be a correction; the message says why."""


@dataclass(frozen=True)
class Correction:
    id: str
    document: str
    what: str
    line: int
    old: object
    new: object
    why: str
    who: str
    when: str
    metric: str | None = None
    start: int | None = None
    end: int | None = None
    evidence: str | None = None
    file_line: int = 0   # its line in the corrections file


@dataclass
class CorrectionsReport:
    applied: int = 0
    stale: list[tuple[str, str]] = field(default_factory=list)      # (id, why it no longer applies)
    malformed: list[tuple[int, str]] = field(default_factory=list)  # (line of the file, what is wrong)

    def lines(self, path: Path) -> list[str]:
        if not (self.applied or self.stale or self.malformed):
            return []
        return ([f"corrections ({path}): {self.applied} applied, {len(self.stale)} stale, "
                 f"{len(self.malformed)} malformed lines"]
                + [f"stale correction {cid}: {reason}" for cid, reason in self.stale]
                + [f"malformed correction: {path.name} line {n}: {reason}" for n, reason in self.malformed])


def path_for(db_path: Path) -> Path:
    """The corrections file of a warehouse: corrections.jsonl in the warehouse's folder."""
    return Path(db_path).parent / FILE_NAME


def read_corrections(path: Path) -> tuple[list[Correction], list[tuple[int, str]]]:
    """The corrections of the file in order, and its malformed lines (number, reason); no file: none."""
    if not path.exists():
        return [], []
    corrections, malformed = [], []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            corrections.append(parse(raw, n))
        except Malformed as e:
            malformed.append((n, str(e)))
    return corrections, malformed


def parse(raw: str, file_line: int = 0) -> Correction:
    """One line of the file as a Correction, checked; Malformed says what is wrong."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as e:
        raise Malformed(f"not JSON ({e.msg} at column {e.colno})") from None
    if not isinstance(record, dict):
        raise Malformed("not a JSON object")
    missing = [k for k in REQUIRED if k not in record]
    if record.get("what") in FACT_WHATS + ("missed",):
        missing += [k for k in SPAN_FIELDS if k not in record]
    if missing:
        raise Malformed(f"lacks {', '.join(missing)}")
    what = record["what"]
    if what not in WHATS:
        raise Malformed(f"what: {what!r} is none of {', '.join(WHATS)}")
    if not is_count(record["line"]) or record["line"] < 1:
        raise Malformed(f"line: {record['line']!r} is not a line number")
    if what in FACT_WHATS + ("missed",):
        if record["metric"] not in METRIC_IDS:
            raise Malformed(f"metric: {record['metric']!r} is not a metric of the catalogue")
        if not (is_count(record["start"]) and is_count(record["end"]) and record["end"] > record["start"]):
            raise Malformed("start, end: not the columns of a piece of the line")
        if not isinstance(record["evidence"], str) or len(record["evidence"]) != record["end"] - record["start"]:
            raise Malformed("evidence: not the text between start and end")
    problem = _new_problem(what, record["new"])
    if problem:
        raise Malformed(f"new: {problem}")
    known = {k: record.get(k) for k in ("metric", "start", "end", "evidence")}
    return Correction(id=str(record["id"]), document=str(record["document"]), what=what, line=record["line"],
                      old=record.get("old"), new=record["new"], why=str(record["why"]), who=str(record["who"]),
                      when=str(record["when"]), file_line=file_line, **known)


def is_count(value) -> bool:
    """A whole number ≥ 0 (not a bool, which Python counts as one)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _new_problem(what: str, new) -> str | None:
    """Why `new` cannot be the new reading of `what`, or None."""
    if what == "value" and not is_count(new):
        return f"{new!r} is not a count (a whole number ≥ 0)"
    if what == "qualifier" and new not in QUALIFIERS:
        return f"{new!r} is none of {', '.join(QUALIFIERS)}"
    if what == "metric" and new not in METRIC_IDS:
        return f"{new!r} is not a metric of the catalogue"
    if what == "missed" and not (isinstance(new, dict) and is_count(new.get("value"))
                                 and new.get("qualifier") in QUALIFIERS):
        return 'not {"value": a count, "qualifier": exact, at_least or about}'
    if what == "place" and not (isinstance(new, dict) and (new.get("adcode") or new.get("city"))):
        return 'not {"adcode": …, "city": …}'
    if what == "body" and new not in BODIES:
        return f"{new!r} is none of {', '.join(BODIES)}"
    if what == "period" and not (isinstance(new, list) and len(new) == 2 and all(is_count(y) for y in new)
                                 and new[0] <= new[1]):
        return f"{new!r} is not [first year, last year]"
    return None


def new_record(**fields) -> dict:
    """A correction as the file holds it, with a fresh id and the time now (UTC)."""
    return {"id": secrets.token_hex(6), **fields, "when": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def fact_record(fact: dict, what: str, new, why: str, who: str) -> dict:
    """A correction of a fact, or of its unit, as the file holds it; `fact` is a row of
    queries/correctable_facts.sql (what the warehouse reads now: the correction's `old`)."""
    fact = {k: _plain(fact[k]) for k in READING}
    if what in UNIT_WHATS:
        old = {"place": {"adcode": fact["adcode"], "city": fact["city"]}, "body": fact["body"],
               "period": [fact["period_start"], fact["period_end"]]}[what]
        return new_record(document=fact["document_id"], what=what, line=fact["line_start"], old=old, new=new,
                          why=why, who=who)
    old = {"value": fact["value"], "wrong": fact["value"], "qualifier": fact["qualifier"],
           "metric": fact["metric"]}[what]
    return new_record(document=fact["document_id"], what=what, metric=fact["metric"], line=fact["line"],
                      start=fact["start_column"], end=fact["end_column"], evidence=fact["evidence"], old=old,
                      new=new, why=why, who=who)


def missed_record(document: str, line: int, start: int, evidence: str, metric: str, value: int, qualifier: str,
                  why: str, who: str) -> dict:
    """A count the extractor missed: the text selected at `line`, from column `start`."""
    return new_record(document=document, what="missed", metric=metric, line=line, start=start,
                      end=start + len(evidence), evidence=evidence, old=None,
                      new={"value": value, "qualifier": qualifier}, why=why, who=who)


def _plain(value):
    """A value of a query's row as JSON takes it (numpy numbers as Python's, missing as None)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    value = value.item() if hasattr(value, "item") else value
    return int(value) if isinstance(value, float) and value.is_integer() else value   # a nullable integer column


def append_correction(path: Path, record: dict) -> Correction:
    """Check `record` and add it as the file's last line (one write in append mode, so that two writers
    never interleave within a line)."""
    raw = json.dumps(record, ensure_ascii=False)
    correction = parse(raw)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        if f.tell() and not path.read_bytes().endswith(b"\n"):
            raw = "\n" + raw
        f.write(raw + "\n")
        f.flush()
        os.fsync(f.fileno())
    return correction


def withdraw(path: Path, correction_id: str) -> None:
    """Take a correction out of the file again (one the app saved that did not apply, or whose build
    failed); the other lines stay as they are. The file is replaced whole, never left half written."""
    kept = [raw for raw in path.read_text(encoding="utf-8").splitlines(keepends=True)
            if _id_of(raw) != correction_id]
    partial = path.with_name(path.name + ".partial")
    partial.write_text("".join(kept), encoding="utf-8")
    os.replace(partial, path)


def _id_of(raw: str) -> str | None:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError:
        return None
    return str(record.get("id")) if isinstance(record, dict) else None


def restore_extracted(con: duckdb.DuckDBPyConnection) -> None:
    """Put back the extractor's reading of every document the previous build corrected, so that this
    build loads, re-extracts and corrects the extractor's own reading (and each build applies the
    file once, whatever the last one did)."""
    if not _has_table(con, "uncorrected_units"):
        return
    con.execute("DELETE FROM facts WHERE unit_id IN (SELECT unit_id FROM uncorrected_units)")
    for unit_id, adcode in con.execute("SELECT x.unit_id, x.adcode FROM uncorrected_units x JOIN units u "
                                       "USING (unit_id) WHERE u.adcode IS DISTINCT FROM x.adcode").fetchall():
        update_unit(con, unit_id, {"adcode": adcode})
    assignments = ", ".join(f"{c} = x.{c}" for c in UNIT_COLUMNS if c != "adcode")
    con.execute(f"UPDATE units SET {assignments} FROM uncorrected_units x WHERE units.unit_id = x.unit_id")
    con.execute("INSERT INTO facts SELECT * FROM uncorrected_facts WHERE unit_id IN (SELECT unit_id FROM units)")
    con.execute("DROP TABLE uncorrected_units")
    con.execute("DROP TABLE uncorrected_facts")
    con.execute("DELETE FROM fact_corrections")


def apply_corrections(con: duckdb.DuckDBPyConnection, path: Path) -> CorrectionsReport:
    """Apply the corrections file to the warehouse's units and facts, in order; store each with its
    status (applied, stale and why, malformed) in `corrections`."""
    corrections, malformed = read_corrections(path)
    report = CorrectionsReport(malformed=malformed)
    con.execute("DELETE FROM corrections")
    con.execute("DELETE FROM fact_corrections")
    if not corrections and not malformed:
        return report
    documents = sorted({c.document for c in corrections})
    con.execute(f"CREATE OR REPLACE TABLE uncorrected_units AS SELECT unit_id, {', '.join(UNIT_COLUMNS)} "
                "FROM units WHERE document_id IN (SELECT unnest($d))", {"d": documents})
    con.execute("CREATE OR REPLACE TABLE uncorrected_facts AS SELECT * FROM facts WHERE unit_id IN "
                "(SELECT unit_id FROM uncorrected_units)")
    rows, lines = [], _DocumentLines(con)
    con.execute("BEGIN")   # one transaction: a statement each would be a commit each (~10 ms)
    try:
        for c in corrections:
            if c.what == "place":   # update_unit's rows set aside count as still there until a commit
                con.execute("COMMIT")
                target, reason = _apply(con, c, lines)
                con.execute("BEGIN")
            else:
                target, reason = _apply(con, c, lines)
            if reason:
                report.stale.append((c.id, reason))
            else:
                report.applied += 1
            rows.append((c.id, c.file_line, c.document, c.what, c.line, c.metric, c.evidence, c.start, c.end,
                         json.dumps(c.old, ensure_ascii=False), json.dumps(c.new, ensure_ascii=False), c.why, c.who,
                         c.when, "stale" if reason else "applied", reason, *(target or (None, None))))
        rows += [(None, n, *[None] * 12, "malformed", reason, None, None) for n, reason in malformed]
        stored = pd.DataFrame(rows, columns=[d[0] for d in con.execute("SELECT * FROM corrections LIMIT 0").description])
        con.register("stored_corrections", stored)
        con.execute("INSERT INTO corrections SELECT * FROM stored_corrections")
        con.unregister("stored_corrections")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return report


class _DocumentLines:
    """The lines of each document a correction names, read once per build (None: not in the warehouse)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con, self.known = con, {}

    def __call__(self, document_id: str) -> list[str] | None:
        if document_id not in self.known:
            row = self.con.execute("SELECT text FROM documents WHERE document_id = ?", [document_id]).fetchone()
            self.known[document_id] = row[0].split("\n") if row else None
        return self.known[document_id]


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]).fetchone()[0] > 0


def _apply(con: duckdb.DuckDBPyConnection, c: Correction,
           document_lines: _DocumentLines) -> tuple[tuple[str, str | None] | None, str | None]:
    """Apply one correction: ((unit_id, metric) it landed on, None), or (None, why it no longer applies)."""
    lines = document_lines(c.document)
    if lines is None:
        return None, f"document {c.document[:12]}… is not in this warehouse (removed, or replaced by a new version)"
    if c.what in UNIT_WHATS:
        return _apply_to_unit(con, c)
    at = lines[c.line - 1][c.start:c.end] if c.line <= len(lines) else None
    if at != c.evidence:
        return None, f"line {c.line}, columns {c.start}–{c.end} no longer read {c.evidence!r}"
    offset = sum(len(line) + 1 for line in lines[:c.line - 1]) + c.start
    if c.what == "missed":
        return _add_missed(con, c, offset)
    return _apply_to_fact(con, c, offset)


def _apply_to_fact(con, c: Correction, offset: int):
    fact = con.execute("SELECT f.unit_id, f.value, f.qualifier, f.body FROM facts f JOIN units u USING (unit_id) "
                       "WHERE u.document_id = ? AND f.metric = ? AND f.start_offset = ? AND f.end_offset = ?",
                       [c.document, c.metric, offset, offset + len(c.evidence)]).fetchone()
    if fact is None:
        return None, f"no {c.metric} count is read from {c.evidence!r} at line {c.line} any more"
    unit_id, value, qualifier, body = fact
    current = {"value": value, "wrong": value, "qualifier": qualifier, "metric": c.metric}[c.what]
    if current != c.old:
        return None, f"the {c.what} there is now {current!r}, not {c.old!r} as when it was corrected"
    key = [unit_id, c.metric]
    if c.what == "wrong":
        con.execute("DELETE FROM facts WHERE unit_id = ? AND metric = ?", key)
        con.execute("DELETE FROM fact_corrections WHERE unit_id = ? AND metric = ?", key)
        return (unit_id, c.metric), None
    if c.what == "metric":
        if not con.execute("SELECT 1 FROM metrics WHERE metric = ? AND body = ?", [c.new, body]).fetchone():
            return None, f"{c.new} is not a metric of {body}"
        if con.execute("SELECT 1 FROM facts WHERE unit_id = ? AND metric = ?", [unit_id, c.new]).fetchone():
            return None, f"its report already has a {c.new} figure: correct or mark that one instead"
    _note_fact(con, unit_id, c.metric)
    if c.what == "metric":
        con.execute("UPDATE facts SET metric = ? WHERE unit_id = ? AND metric = ?", [c.new, *key])
        con.execute("UPDATE fact_corrections SET metric = ? WHERE unit_id = ? AND metric = ?", [c.new, *key])
        return (unit_id, c.new), None
    con.execute(f"UPDATE facts SET {c.what} = ? WHERE unit_id = ? AND metric = ?", [c.new, *key])
    return (unit_id, c.metric), None


def _note_fact(con, unit_id: str, metric: str | None = None) -> None:
    """Keep what the extractor read of a fact (None: of every fact of the unit), the first time a
    correction touches it."""
    con.execute("INSERT INTO fact_corrections SELECT unit_id, metric, 'extractor', value, qualifier, metric "
                "FROM facts WHERE unit_id = $u AND ($m IS NULL OR metric = $m) ON CONFLICT DO NOTHING",
                {"u": unit_id, "m": metric})


def _add_missed(con, c: Correction, offset: int):
    unit = con.execute("SELECT u.unit_id, u.body FROM units u JOIN metrics m ON m.body = u.body AND m.metric = ? "
                       "WHERE u.document_id = ? AND ? BETWEEN u.line_start AND u.line_end "
                       "ORDER BY u.line_start DESC, u.unit_id LIMIT 1", [c.metric, c.document, c.line]).fetchone()
    if unit is None:
        return None, f"no report unit of a body counting {c.metric} covers line {c.line}"
    unit_id, body = unit
    there = con.execute("SELECT value, start_offset FROM facts WHERE unit_id = ? AND metric = ?",
                        [unit_id, c.metric]).fetchone()
    if there and there[1] == offset:
        return None, f"the extractor now reads this count itself ({there[0]}): the correction is not needed"
    if there:
        return None, f"its report already has a {c.metric} figure ({there[0]}): correct or mark that one instead"
    con.execute("INSERT INTO facts VALUES (?, ?, ?, ?, ?, 'stated', NULL, ?, ?, ?)",
                [unit_id, c.metric, body, c.new["value"], c.new["qualifier"], c.evidence, offset,
                 offset + len(c.evidence)])
    con.execute("INSERT INTO fact_corrections VALUES (?, ?, 'correction', NULL, NULL, NULL)", [unit_id, c.metric])
    return (unit_id, c.metric), None


def _apply_to_unit(con, c: Correction):
    units = [r[0] for r in con.execute(
        "SELECT unit_id FROM units WHERE document_id = ? AND line_start = ? AND " + _reading_is(c.what) +
        " ORDER BY unit_id", [c.document, c.line, *_reading(c.what, c.old)]).fetchall()]
    if not units:
        return None, f"no report unit starting at line {c.line} reads {c.what} {c.old!r} any more"
    if c.what == "place":
        adcode = c.new.get("adcode") or None
        name = con.execute("SELECT name FROM places WHERE adcode = ?", [adcode]).fetchone() if adcode else None
        if adcode and name is None:
            return None, f"{adcode} is not an adcode of the division table"
        changes = {"adcode": adcode, "city": c.new.get("city") or name[0]}
    elif c.what == "body":
        foreign = con.execute("SELECT DISTINCT metric FROM facts WHERE unit_id IN (SELECT unnest($u)) AND metric NOT IN "
                              "(SELECT metric FROM metrics WHERE body = $b) ORDER BY metric",
                              {"u": units, "b": c.new}).fetchall()
        if foreign:
            return None, f"{', '.join(m for (m,) in foreign)} are not metrics of {c.new}: correct their metric first"
        changes = {"body": c.new}
    else:
        changes = {"period_start": c.new[0], "period_end": c.new[1], "period_inferred": False}
    for unit_id in units:
        _note_fact(con, unit_id)
        update_unit(con, unit_id, changes)
        if c.what == "body":
            con.execute("UPDATE facts SET body = ? WHERE unit_id = ?", [c.new, unit_id])
        if c.what == "period":   # one year is an annual report; several, not one (a term stays a term)
            con.execute("UPDATE units SET period_kind = CASE WHEN period_start = period_end THEN 'annual' "
                        "WHEN period_kind = 'annual' THEN 'span' ELSE period_kind END WHERE unit_id = ?", [unit_id])
    return (units[0], None), None


def update_unit(con: duckdb.DuckDBPyConnection, unit_id: str, changes: dict) -> None:
    """Set a unit's columns. DuckDB writes a change of an indexed column (adcode, a foreign key) as a
    delete and an insert, which the rows referring to the unit forbid: those are set aside and put back."""
    held = UNIT_DEPENDENTS if "adcode" in changes else ()
    for table in held:
        con.execute(f"CREATE OR REPLACE TEMP TABLE held_{table} AS SELECT * FROM {table} WHERE unit_id = ?", [unit_id])
        con.execute(f"DELETE FROM {table} WHERE unit_id = ?", [unit_id])
    con.execute("UPDATE units SET " + ", ".join(f"{k} = ?" for k in changes) + " WHERE unit_id = ?",
                [*changes.values(), unit_id])
    for table in held:
        con.execute(f"INSERT INTO {table} SELECT * FROM held_{table}")
        con.execute(f"DROP TABLE held_{table}")


def _reading_is(what: str) -> str:
    """The condition that a unit reads `old` (bound after document and line)."""
    return {"place": "adcode IS NOT DISTINCT FROM ? AND city IS NOT DISTINCT FROM ?",
            "body": "body = ?", "period": "period_start IS NOT DISTINCT FROM ? AND period_end IS NOT DISTINCT FROM ?"}[what]


def _reading(what: str, old) -> list:
    if what == "place":
        old = old if isinstance(old, dict) else {}
        return [old.get("adcode"), old.get("city")]
    if what == "period":
        return list(old) if isinstance(old, list) and len(old) == 2 else [None, None]
    return [old]
