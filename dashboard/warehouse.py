"""The app's read-only view of the warehouse.

One DuckDB connection per process, opened read-only on the process's first query (never inherited
across a fork: a server that builds the app once and forks its workers gives each its own); each
query runs on its own cursor so that the server's threads do not share one. A build replaces the
file atomically (etl.warehouse), so the connection is re-opened when the file changes and what was
kept for it is dropped: the picker options, and the answers of the last QUERY_CACHE queries (many
people open the same views — each page's default first — and an answer only changes with the file;
`DASHBOARD_QUERY_CACHE=0` turns that off).
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict, namedtuple
from pathlib import Path

from collections.abc import Iterator

import duckdb
import pandas as pd
import pyarrow as pa

import queries
from etl import places
from etl.warehouse import DERIVED_TABLES

from .watchdog import watching

# no view may hold a server worker longer than this: a query still running then is interrupted
QUERY_SECONDS = 5.0
# answers kept per process, the least recently used dropped first (a national answer is ~100 kB)
QUERY_CACHE = int(os.environ.get("DASHBOARD_QUERY_CACHE", "256"))
# how the app's connection is opened: nothing it runs (the app's queries, a user's SQL on the SQL
# page) may read or write files or URLs, load extensions, or change these settings. One thread: the
# server runs a worker process per core, and a query's own threads would only wait on each other and
# on the other workers (DuckDB's profile of a one-row query: 3.3 ms of its 7.5 ms spent blocked)
SAFE_CONFIG = {"enable_external_access": False, "autoinstall_known_extensions": False,
               "autoload_known_extensions": False, "memory_limit": "2GB", "threads": 1,
               "lock_configuration": True}
# the tables the app reads: a warehouse built by an older version lacks some until it is rebuilt
REQUIRED_TABLES = {"places", "metrics", "documents", "units", "facts", "figures", "figures_by_place", "themes",
                   "unit_terms", "unit_themes", "corrections", "fact_corrections",
                   *DERIVED_TABLES}
# columns the app reads that a table gained later: `figures` has each figure's period kind, and whether
# it was corrected, only once a build of this version has refreshed it
REQUIRED_COLUMNS = {"figures": {"period_kind", "period_evidence", "corrected", "original_value"}}


def connect(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a warehouse file as the app opens it (SAFE_CONFIG)."""
    return duckdb.connect(str(path), read_only=True, config=SAFE_CONFIG)


class WarehouseMissing(RuntimeError):
    pass


class QueryTooSlow(RuntimeError):
    """A query interrupted at QUERY_SECONDS; the message is for the user."""


class Warehouse:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise WarehouseMissing(f"no warehouse at {self.path}: build one with `python -m etl build` "
                                   f"(or `make run`, which builds the bundled corpus first)")
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: tuple[int, int, int] | None = None
        self._cache: dict[tuple, pd.DataFrame] = {}
        self._answers: OrderedDict[tuple, object] = OrderedDict()
        cursor = self._cursor()
        try:
            columns = cursor.execute("SELECT table_name, column_name FROM duckdb_columns()").fetchall()
        finally:
            cursor.close()
            self._close()   # the process that checks may be a server's master, which forks its workers
        tables = {t for t, _ in columns}
        missing = sorted(REQUIRED_TABLES - tables) + sorted(
            f"{table}.{column}" for table, wanted in REQUIRED_COLUMNS.items() if table in tables
            for column in wanted - {c for t, c in columns if t == table})
        if missing:
            raise WarehouseMissing(f"{self.path} lacks {', '.join(missing)}: it was built by an older version; "
                                   f"rebuild it with `python -m etl build --db {self.path}` (loaded files are "
                                   f"kept, only what is missing is computed)")

    def query(self, name: str, *, limit: int | None = None, **params) -> pd.DataFrame:
        frame = self._answer(("run", name, limit, params),
                             lambda: self.timed(lambda cursor: queries.run(name, cursor, limit=limit, **params)))
        return frame.copy()   # the caller may change its copy; the kept one stays as the file says

    def count(self, name: str, **params) -> int:
        return self._answer(("count", name, None, params),
                            lambda: self.timed(lambda cursor: queries.count(name, cursor, **params)))

    def _answer(self, question: tuple, ask):
        """ask(), or the answer kept for the same question on the same file."""
        kind, name, limit, params = question
        key = (kind, name, limit, *sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
        self._notice_rebuild()
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        answer = ask()
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > QUERY_CACHE:
                self._answers.popitem(last=False)
        return answer

    def timed(self, work, seconds: float = QUERY_SECONDS):
        """work(cursor) on a cursor of its own, interrupted after `seconds` (QueryTooSlow)."""
        cursor = self._cursor()
        try:
            with watching(cursor, seconds):
                return work(cursor)
        except duckdb.InterruptException as e:
            raise QueryTooSlow(f"这个查询太慢，已在{seconds:.0f}秒后停止 · this query took longer than {seconds:.0f} s "
                               f"and was stopped; narrow the filters") from e
        finally:
            cursor.close()

    def batches(self, name: str, batch_rows: int, **params) -> tuple[pa.Schema, Iterator[pa.RecordBatch]]:
        """Query `name`'s schema at once, and its rows as record batches read as they are consumed
        (a download of a national table starts before the query has finished)."""
        cursor = self._cursor()
        try:
            reader = queries.reader(name, cursor, batch_rows=batch_rows, **params)
        except BaseException:
            cursor.close()
            raise

        def rows() -> Iterator[pa.RecordBatch]:
            try:
                yield from reader
            finally:
                cursor.close()
        return reader.schema, rows()

    def cached(self, name: str, **params) -> pd.DataFrame:
        """A query whose answer only changes with the file (picker options, the catalogue)."""
        return self.memo((name, *sorted(params.items())), lambda: self.query(name, **params))

    def memo(self, key: tuple, make):
        """make(), kept until the file changes: for what only the file decides (options, names)."""
        self._notice_rebuild()
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self._connection().cursor()

    def _notice_rebuild(self) -> None:
        """Re-open a rebuilt file now, dropping what was kept for the old one."""
        with self._lock:
            self._connection()

    def _connection(self) -> duckdb.DuckDBPyConnection:
        """The process's connection to the file as it is now (the caller holds self._lock)."""
        stat = os.stat(self.path)
        stamp = (os.getpid(), stat.st_ino, stat.st_mtime_ns)
        if self._con is None or stamp != self._stamp:
            if self._con is not None and self._stamp[0] == os.getpid():
                self._con.close()   # a connection inherited from the parent is the parent's to close
            self._con = connect(self.path)
            self._stamp, self._cache = stamp, {}
            self._answers.clear()
        return self._con

    def _close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
            self._con = self._stamp = None

    # -- what the pickers offer -------------------------------------------------------------
    def catalogue(self) -> pd.DataFrame:
        return self.cached("metric_catalogue")

    def metric_row(self, body: str, metric: str) -> pd.Series | None:
        rows = self.catalogue()
        match = rows[(rows.body == body) & (rows.metric == metric)]
        return None if match.empty else match.iloc[0]

    def place_options(self, body: str | None = None) -> pd.DataFrame:
        return self.cached("place_options", body=body)

    def place_name(self, place_key: str) -> str:
        names = self._place_names()
        if place_key in names:
            return names[place_key]
        known = places.by_code().get(place_key)
        return known.name if known else place_key.removeprefix("name:")

    def _place_names(self) -> dict[str, str]:
        """place key → name of every reporting place (a lookup per name: a view names up to 100)."""
        def make():
            rows = self.place_options()
            return dict(zip(rows.place_key, rows.place))
        return self.memo(("place names",), make)

    def years(self, body: str | None = None) -> list[int]:
        return [int(y) for y in self.cached("period_years", body=body).year]

    def provinces(self) -> list[str]:
        return self.cached("provinces").province.tolist()


_current: Warehouse | None = None


def records(rows: pd.DataFrame) -> list[tuple]:
    """A query's rows as plain named tuples, each column read once: pandas' itertuples reads the
    Arrow-backed columns value by value through an index (a Place page's 475 figures: 0.14 s)."""
    row = namedtuple("Row", rows.columns, rename=True)
    return [row._make(values) for values in zip(*(rows[c].tolist() for c in rows.columns))]


def configure(path: str | Path) -> Warehouse:
    """Point the app at a warehouse file (raises WarehouseMissing with a clear message)."""
    global _current
    _current = Warehouse(path)
    return _current


def current() -> Warehouse:
    if _current is None:
        raise WarehouseMissing("the app has no warehouse: call dashboard.warehouse.configure(path) first")
    return _current
