"""The SQL the app runs: one question per .sql file in this folder.

    from queries import run
    frame = run("ranking", "data/warehouse.duckdb", metric="sessions", body="npc_sc")

Parameters are bound by DuckDB ($name in the SQL), never formatted into the
text. Every parameter a query names must be given; None means "no filter".
Each text is parsed once (DuckDB's parser takes 1-3 ms, a tenth of a small query) and the parsed
statement is run with each call's parameters: DuckDB still plans every call with its values.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

HERE = Path(__file__).resolve().parent
PARAM = re.compile(r"\$([a-z_]+)")
COMMENT = re.compile(r"--[^\n]*")
TRAILER = re.compile(r"(?:\s|;|--[^\n]*)+\Z")   # what may follow a statement's last clause
FINAL_ORDER = re.compile(r"\nORDER BY [^;]*\Z")
PARSED = 512   # parsed texts kept: each query as written, and its variants with a limit or a count


@lru_cache(maxsize=None)
def sql(name: str) -> str:
    path = HERE / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} (have: {', '.join(names())})")
    return path.read_text(encoding="utf-8")


def names() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.sql"))


def params_of(name: str) -> set[str]:
    return set(PARAM.findall(sql(name)))


def run(name: str, db: str | Path | duckdb.DuckDBPyConnection, *, limit: int | None = None,
        **params) -> pd.DataFrame:
    """Run query `name` with `params` on a warehouse file or an open connection (first `limit` rows)."""
    return _execute(db, _limited(_checked(name, params), limit), params).df()


def rows(name: str, db: str | Path | duckdb.DuckDBPyConnection, *, limit: int, offset: int = 0,
         **params) -> tuple[list[str], list[tuple]]:
    """Query `name`'s column names and rows offset+1 … offset+limit, as Python values (for the API)."""
    result = _execute(db, _limited(_checked(name, params), limit, offset), params)
    return [d[0] for d in result.description], result.fetchall()


def _limited(text: str, limit: int | None, offset: int = 0) -> str:
    if limit is None:
        return text
    return f"SELECT * FROM ({_body(text)}\n) LIMIT {int(limit)} OFFSET {int(offset)}"


def _body(text: str) -> str:
    """A statement as a subquery holds it: without its closing `;` and what follows it. The subquery's
    closing parenthesis goes on a line of its own, where no comment of the statement can hide it."""
    return TRAILER.sub("", text)


def reader(name: str, db: duckdb.DuckDBPyConnection, *, batch_rows: int, **params) -> pa.RecordBatchReader:
    """Query `name`'s rows as Arrow record batches of `batch_rows`, read as they are consumed."""
    return db.sql(_checked(name, params), params=params).to_arrow_reader(batch_rows)


def count(name: str, db: str | Path | duckdb.DuckDBPyConnection, **params) -> int:
    """How many rows query `name` returns, without fetching them."""
    # DuckDB keeps a subquery's ORDER BY even under count(*): drop the final one (10x faster)
    text = f"SELECT count(*) FROM ({FINAL_ORDER.sub('', _body(_checked(name, params)))}\n)"
    used = set(PARAM.findall(COMMENT.sub("", text)))
    return _execute(db, text, {k: v for k, v in params.items() if k in used}).fetchone()[0]


def _checked(name: str, params: dict) -> str:
    wanted = params_of(name)
    missing, extra = wanted - params.keys(), params.keys() - wanted
    if missing or extra:
        raise TypeError(f"query {name!r} takes {sorted(wanted)}; missing {sorted(missing)}, unknown {sorted(extra)}")
    return sql(name)


def _execute(db, text: str, params: dict) -> duckdb.DuckDBPyConnection:
    if isinstance(db, duckdb.DuckDBPyConnection):
        return db.execute(_parsed(text), params)
    # a short-lived connection for a file; its cursor lives on until the result is fetched
    return duckdb.connect(str(db), read_only=True).execute(_parsed(text), params)


@lru_cache(maxsize=PARSED)
def _parsed(text: str) -> duckdb.Statement:
    """`text`'s one statement, parsed; DuckDB runs a copy of it each time (any connection, any thread)."""
    (statement,) = duckdb.extract_statements(text)
    return statement
