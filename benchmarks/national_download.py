"""Downloads of the national-scale warehouse from the real server: how soon each starts and how long
it takes (benchmarks/national_warehouse.py's warehouse, every figure or every fact, no filter).

    python benchmarks/national_download.py [--db /tmp/national.duckdb]

The first byte is the BOM and header; the first row is the first line after the header.
"""
from __future__ import annotations

import argparse
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dashboard.testing import served  # noqa: E402
from targets import beside  # noqa: E402

DOWNLOADS = ("/download/figures.csv", "/download/facts.csv?rows=facts", "/download/figures.parquet")
CHUNK = 1 << 16


def timed(url: str) -> dict:
    """Seconds to the first byte, to the first row (CSV), to the end; bytes and lines."""
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as answer:
        first = answer.read(1)
        first_byte = time.perf_counter() - start
        first_row, size, lines, data = None, len(first), first.count(b"\n"), first
        while chunk := answer.read(CHUNK):
            size += len(chunk)
            lines += chunk.count(b"\n")
            if first_row is None and lines >= 2:
                first_row = time.perf_counter() - start
    return {"first_byte": first_byte, "first_row": first_row, "total": time.perf_counter() - start,
            "bytes": size, "lines": lines, "start": data[:3]}


def measure(db: Path) -> dict[str, dict]:
    with served(db) as url:
        return {path: timed(url + path) for path in DOWNLOADS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="/tmp/national.duckdb")
    args = parser.parse_args()
    db = Path(args.db)
    if not db.exists():
        from national_warehouse import generate
        print(f"generating the national warehouse at {db} …", flush=True)
        generate(db)
    for path, t in measure(db).items():
        rows = f", {t['lines'] - 1:,} rows" if path.find(".csv") > 0 else ""
        first_row = f", first row {t['first_row']:.2f} s" if t["first_row"] is not None and rows else ""
        print(f"{path:34s} first byte {t['first_byte']:.2f} s{first_row}, all {t['total']:.1f} s, "
              f"{t['bytes'] / 1e6:.0f} MB{rows}")
        if t["first_row"] is not None and rows:
            print(beside(f"{path} starts", t["first_row"], "download first row", 2))


if __name__ == "__main__":
    main()
