"""Topic-profile throughput of the warehouse build, on the bundled corpus repeated to at least 50 MB.

Writes the copies as separate files (each made distinct by a last line, since the build loads
the same bytes only once), builds a fresh warehouse with 1 and with 2 worker processes, and
prints the topic step's MB/s (UTF-8 bytes of unit text segmented per second of the step), next to
the segmenter's own speed and jieba's plain `lcut` on this machine. Then rebuilds the unchanged files
to show the step's cost when nothing is new, and times the Focus view's queries on the result.

    python benchmarks/topic_throughput.py [--mb 50] [--workers 1 2]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl import topics  # noqa: E402
from etl.warehouse import build  # noqa: E402
from targets import beside  # noqa: E402

CORPUS = ROOT / "data" / "corpus"


def write_copies(folder: Path, mb: float) -> tuple[list[Path], float]:
    files = sorted(CORPUS.glob("*.txt"))
    sample_bytes = sum(f.stat().st_size for f in files)
    copies = int(mb * 1e6 // sample_bytes) + 1
    paths = []
    for n in range(copies):
        for f in files:
            path = folder / f"{n:03d}_{f.name}"
            path.write_text(f.read_text(encoding="utf-8") + f"\n（副本 {n}）\n", encoding="utf-8")
            paths.append(path)
    return paths, sum(p.stat().st_size for p in paths) / 1e6


def segmenter_speeds() -> tuple[float, float]:
    """MB/s of plain segmentation of the sample, one core, after start-up: the profiler's own
    segmenter (jieba-rs), and jieba's `lcut` that it replaced."""
    import logging

    import jieba

    text = "\n".join(f.read_text(encoding="utf-8") for f in sorted(CORPUS.glob("*.txt")))
    mb = len(text.encode("utf-8")) / 1e6
    tokenizer = topics.profiler().tokenizer
    t0 = time.perf_counter()
    tokenizer.cut(text, True)
    ours = mb / (time.perf_counter() - t0)
    jieba.setLogLevel(logging.WARNING)
    reference = jieba.Tokenizer()
    reference.initialize()
    t0 = time.perf_counter()
    reference.lcut(text)
    return ours, mb / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=50.0, help="size of the repeated corpus in MB")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    ours, theirs = segmenter_speeds()
    print(f"segmentation alone, one core: jieba-rs {ours:.2f} MB/s, jieba's own lcut {theirs:.2f} MB/s")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths, size = write_copies(folder, args.mb)
        print(f"corpus: {len(paths)} files, {size:.1f} MB")
        for workers in args.workers:
            db = folder / f"warehouse-{workers}.duckdb"
            t0 = time.perf_counter()
            summary = build(paths, db, workers=workers)
            total = time.perf_counter() - t0
            mb = summary.profiled_bytes / 1e6
            print(f"workers={workers}: build {total:.1f} s; topic step {summary.profile_seconds:.1f} s for "
                  f"{mb:.1f} MB of unit text = {mb / summary.profile_seconds:.2f} MB/s")
            print(beside(f"topic step, {workers} worker{'s' * (workers > 1)}", mb / summary.profile_seconds / workers,
                         "topic step", 2) + f"   (jieba lcut: {theirs:.2f} MB/s)")
            t0 = time.perf_counter()
            again = build(paths, db, workers=workers)
            print(f"workers={workers}: rebuild of the unchanged files {time.perf_counter() - t0:.1f} s; "
                  f"documents profiled: {again.documents_profiled}, topic step {again.profile_seconds:.2f} s")
            print(f"  warehouse {db.stat().st_size / 1e6:.0f} MB")
        time_focus_queries(db)


def time_focus_queries(db: Path, repeats: int = 5) -> None:
    """Median seconds of each Focus query for the four places with the most text."""
    import statistics

    import queries
    from dashboard.warehouse import connect

    con = connect(db)   # as the app's server opens it
    places = queries.run("topic_places", con, body="npc_sc").place_key.head(4).tolist()
    period = dict(body="npc_sc", year_from=None, year_to=None)
    asks = {"focus_themes": dict(places=places, **period),
            "focus_keywords (chosen)": dict(places=places, against="chosen", min_count=3, top=15, **period),
            "focus_keywords (all)": dict(places=places, against="all", min_count=3, top=15, **period),
            "term_sentences": dict(place_key=places[0], terms=["代表联络站"], **period)}
    rows = con.execute("SELECT count(*) FROM unit_terms").fetchone()[0]
    print(f"Focus queries on {rows:,} unit_terms rows, places {places}:")
    for label, params in asks.items():
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            queries.run(label.split(" ")[0], con, **params)
            times.append(time.perf_counter() - t0)
        print(f"  {label}: {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
