"""Read-only SQL over the warehouse's public tables, for the SQL page and /api/sql.json|csv.

Entry: `run_sql(wh, sql, max_rows)` → (columns, rows, truncated); SqlRefused says why a statement is
not run, in words for the person who wrote it.

What holds it, each layer on its own enough for what it guards:
- one statement, and a SELECT (SELECT, WITH, FROM …, VALUES, DESCRIBE, SHOW, SUMMARIZE): no COPY,
  ATTACH, SET, PRAGMA, INSTALL, writes or temporary tables;
- no system function or catalog, which would tell of the server rather than the reports (file
  paths in duckdb_databases(), settings in current_setting(), the query() functions that run SQL
  from a string …);
- the connection it runs on is read-only, with DuckDB's external access disabled and its
  configuration locked (dashboard/warehouse.py): read_csv('/etc/passwd'), COPY … TO and INSTALL
  fail there too, whatever got past the checks;
- SQL_SECONDS, then it is interrupted; at most `max_rows` rows are fetched.
DuckDB's own message about a bad statement is shown without its error class, and with the
warehouse's folder taken out.
"""
from __future__ import annotations

import re

import duckdb

from .warehouse import QueryTooSlow, Warehouse

SQL_SECONDS = 5.0
MAX_SQL_CHARS = 20_000
SKIP_CHUNK = 10_000     # rows passed over at a time on the way to an offset: never held all at once
STRING = re.compile(r"'(?:[^']|'')*'")
SYSTEM = re.compile(r"\b(?:duckdb_\w*|pragma_\w*|pg_\w*|sqlite_\w*|information_schema|system|temp|current_setting|"
                    r"getenv|glob|query|query_table|which_secret|read_\w+|sniff_csv|parquet_\w+|iceberg_\w+|"
                    r"delta_scan|json_execute_serialized_sql|version|checkpoint|force_checkpoint)\b", re.I)
ERROR_CLASS = re.compile(r"^[A-Z][A-Za-z ]*Error: ")


class SqlRefused(ValueError):
    """A statement that is not run, or that failed; the message is for its author."""


def run_sql(wh: Warehouse, sql: str, max_rows: int, offset: int = 0) -> tuple[list[str], list[tuple], bool]:
    """The columns and first `max_rows` rows (after `offset`) of one read-only SELECT, and whether there were more."""
    checked(sql)

    def work(cursor):
        result = cursor.execute(sql)
        skipped = 0
        while skipped < offset and (passed := len(result.fetchmany(min(SKIP_CHUNK, offset - skipped)))):
            skipped += passed
        rows = result.fetchmany(max_rows + 1)
        return [d[0] for d in result.description], rows[:max_rows], len(rows) > max_rows

    try:
        return wh.timed(work, seconds=SQL_SECONDS)
    except QueryTooSlow as e:
        raise SqlRefused(str(e)) from e
    except duckdb.Error as e:
        message = ERROR_CLASS.sub("", str(e).strip()).replace(str(wh.path.parent), "…")
        raise SqlRefused(f"SQL 出错 · the statement failed: {message}") from e


def checked(sql: str) -> None:
    """Refuse what is not one SELECT over the public tables (SqlRefused)."""
    if not sql.strip():
        raise SqlRefused("没有 SQL · no SQL given: write a query (select … from …)")
    if len(sql) > MAX_SQL_CHARS:
        raise SqlRefused(f"SQL 太长 · longer than {MAX_SQL_CHARS:,} characters")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as e:
        raise SqlRefused(f"SQL 有误 · the statement cannot be read: {ERROR_CLASS.sub('', str(e).strip())}") from e
    if len(statements) != 1:
        raise SqlRefused(f"只能执行一条语句 · one statement at a time ({len(statements)} given)")
    if statements[0].type != duckdb.StatementType.SELECT:
        kind = statements[0].type.name
        raise SqlRefused(f"只读 · read-only: only queries (select …) run here, not {kind}")
    bare = STRING.sub("''", sql).replace('"', "")   # names inside strings do not count; quoted names do
    if system := SYSTEM.search(bare):
        raise SqlRefused(f"只能查询公开的表 · only the public tables can be queried: {system.group()!r} is part of "
                         f"the database system, not of the reports (the tables: see the SQL page)")
