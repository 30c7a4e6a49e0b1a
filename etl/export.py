"""The warehouse's public tables as Parquet, for DuckDB, Spark, Trino or pandas beyond one machine.

    python -m etl export DIR [--db FILE]

Layout (Hive-style partitions; docs/schema.md, "Export"):

    DIR/figures/province=…/body=…/*.parquet    one figure per place, body, period and metric
    DIR/facts/province=…/body=…/*.parquet      every count with its evidence and its unit's columns
    DIR/units/province=…/body=…/*.parquet      report units with place, period and their evidence
    DIR/unit_themes/, DIR/unit_terms/           topic profiles, partitioned the same way
    DIR/documents.parquet, places.parquet, metrics.parquet, themes.parquet
    DIR/export.json                             when, from which warehouse, rows per table

`province` is the unit's province name (湖北省); a unit without a place code is in the NULL
partition (province=__HIVE_DEFAULT_PARTITION__), which the readers above read back as NULL.

The export is written next to DIR and moved into place when complete, so a reader never sees
half of one; an existing DIR is replaced only if it holds an earlier export.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import duckdb

MARKER = "export.json"
# The unit's province, for the partitioned tables (a unit without an adcode: NULL).
UNIT_PROVINCE = "LEFT JOIN places p ON p.adcode = u.adcode"
PARTITIONED = {
    "units": f"""SELECT p.province, u.*, p.name AS place_name, p.level, p.parent,
                        d.file_name
                 FROM units u {UNIT_PROVINCE} JOIN documents d USING (document_id)""",
    "facts": f"""SELECT p.province, f.*, u.document_id, u.adcode, u.city, u.period_start, u.period_end,
                        u.period_inferred, u.period_kind
                 FROM facts f JOIN units u USING (unit_id) {UNIT_PROVINCE}""",
    "figures": """SELECT p.province, f.* FROM figures f LEFT JOIN places p USING (adcode)""",
    "unit_themes": f"""SELECT p.province, u.body, t.* FROM unit_themes t JOIN units u USING (unit_id)
                       {UNIT_PROVINCE}""",
    "unit_terms": f"""SELECT p.province, u.body, t.* FROM unit_terms t JOIN units u USING (unit_id)
                      {UNIT_PROVINCE}""",
}
WHOLE = {
    "documents": "SELECT * FROM documents",
    "places": "SELECT * FROM places",
    "metrics": "SELECT * FROM metrics",
    "themes": "SELECT * FROM themes",
}


def export(db: Path, out: Path) -> dict[str, int]:
    """Write the export of warehouse `db` to folder `out`; the rows written per table."""
    if not db.exists():
        raise FileNotFoundError(f"{db}: no warehouse here (build one with: python -m etl build)")
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise FileExistsError(f"{out}: exists and is not an earlier export; choose another folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        rows = _write(db, staging)
        (staging / MARKER).write_text(json.dumps({
            "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "warehouse": str(db.resolve()), "rows": rows,
            "partitioned_by": ["province", "body"]}, ensure_ascii=False, indent=1), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return rows


def _write(db: Path, folder: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = {}
        for table, query in PARTITIONED.items():
            target = folder / table
            con.execute(f"COPY ({query}) TO '{_sql_path(target)}' "
                        "(FORMAT PARQUET, PARTITION_BY (province, body), COMPRESSION ZSTD)")
            rows[table] = con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]
            target.mkdir(exist_ok=True)   # an empty table still has its folder
        for table, query in WHOLE.items():
            con.execute(f"COPY ({query}) TO '{_sql_path(folder / (table + '.parquet'))}' "
                        "(FORMAT PARQUET, COMPRESSION ZSTD)")
            rows[table] = con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]
        return rows
    finally:
        con.close()


def _sql_path(path: Path) -> str:
    """A path as a SQL string literal's contents (COPY takes no bound parameter for its target)."""
    return str(path).replace("'", "''")
