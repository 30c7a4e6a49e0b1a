"""Extraction throughput on the bundled corpus repeated to at least 50 MB.

Each copy is read as a document of its own, as a build reads files (one
document of 50 MB would be past the reader's limit of etl/limits.py, and
slower per MB than any real report). Prints MB/s of normalisation +
extraction after start-up (imports, the place table and a warm-up run are
excluded), on one core, beside its target and
beside one regular-expression pass over the same text (numbers with a measure
word: the least any extractor of counts must do), the floor of what reading
the text costs in Python.

    python benchmarks/extract_throughput.py [--mb 50]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.extract import extract_document  # noqa: E402
from etl.reading import Document, normalise  # noqa: E402

from targets import beside  # noqa: E402

CORPUS = ROOT / "data" / "corpus"
ONE_PASS = re.compile(r"[0-9零一二三四五六七八九十百千万两]+\s*(?:次|件|项|个|人|名|部|篇|条)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=50.0, help="size of the repeated text in MB")
    args = parser.parse_args()
    sample = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    repeats = int(args.mb * 1e6 // len(sample.encode("utf-8"))) + 1
    big = (sample + "\n") * repeats
    size_mb = len(big.encode("utf-8")) / 1e6
    extract_document(Document("warm-up.txt", normalise(sample), "utf-8", "", 0))  # start-up

    copy = sample + "\n"
    normalise_seconds, units = 0.0, []
    t0 = time.perf_counter()
    for n in range(repeats):
        started = time.perf_counter()
        text = normalise(copy)
        normalise_seconds += time.perf_counter() - started
        units += extract_document(Document(f"copy{n}.txt", text, "utf-8", "", 0))
    t2 = time.perf_counter()
    t1 = t0 + normalise_seconds
    facts = sum(len(u["metrics"]) for u in units)
    print(f"text: {size_mb:.1f} MB ({repeats} copies of the sample corpus, a document each)")
    print(f"normalise: {t1 - t0:.2f} s; extract: {t2 - t1:.2f} s; units: {len(units)}; facts: {facts}")
    t3 = time.perf_counter()
    matches = len(ONE_PASS.findall(big))
    regex_seconds = time.perf_counter() - t3
    print(beside("extraction (normalise + extract)", size_mb / (t2 - t0), "extraction"))
    print(f"  one regex pass over the same text: {size_mb / regex_seconds:.1f} MB/s ({matches:,} numbers with a "
          f"measure word); extraction is {regex_seconds and (t2 - t0) / regex_seconds:.1f}x its time")


if __name__ == "__main__":
    main()
