"""Extraction throughput on the bundled corpus repeated to at least 50 MB.

Prints MB/s of normalisation + extraction after start-up (imports, the place
table and a warm-up run are excluded), on one core.

    python benchmarks/extract_throughput.py [--mb 50]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.extract import extract_document  # noqa: E402
from etl.reading import Document, normalise  # noqa: E402

CORPUS = ROOT / "data" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=50.0, help="size of the repeated text in MB")
    args = parser.parse_args()
    sample = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    repeats = int(args.mb * 1e6 // len(sample.encode("utf-8"))) + 1
    big = (sample + "\n") * repeats
    size_mb = len(big.encode("utf-8")) / 1e6
    extract_document(Document("warm-up.txt", normalise(sample), "utf-8", "", 0))  # start-up

    t0 = time.perf_counter()
    text = normalise(big)
    t1 = time.perf_counter()
    units = extract_document(Document("repeated.txt", text, "utf-8", "", 0))
    t2 = time.perf_counter()
    facts = sum(len(u["metrics"]) for u in units)
    print(f"text: {size_mb:.1f} MB ({repeats} copies of the sample corpus)")
    print(f"normalise: {t1 - t0:.2f} s; extract: {t2 - t1:.2f} s; units: {len(units)}; facts: {facts}")
    print(f"throughput: {size_mb / (t2 - t0):.1f} MB/s")


if __name__ == "__main__":
    main()
