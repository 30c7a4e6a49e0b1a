"""Peak memory of a warehouse build of about 1 GB of reports.

Writes copies of the bundled corpus (each made distinct by a last line, since the build loads the
same bytes only once) to a temporary folder until they reach --mb, runs `python -m etl build` on
them with --workers processes, and samples the resident memory of the build and all its worker
processes together every 0.2 s. Prints the peak beside its target (issue 14: <= 2 GB for 1 GB of
input), with the build's time and throughput.

    python benchmarks/build_memory.py [--mb 1000] [--workers 2]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from load import watch_memory  # noqa: E402
from targets import beside  # noqa: E402

CORPUS = ROOT / "data" / "corpus"


def write_copies(folder: Path, mb: float) -> tuple[int, float]:
    texts = [(f.name, f.read_text(encoding="utf-8")) for f in sorted(CORPUS.glob("*.txt"))]
    written, count = 0, 0
    while written < mb * 1e6:
        for name, text in texts:
            body = f"{text}\n（副本 {count}）\n".encode("utf-8")
            (folder / f"{count:05d}_{name}").write_bytes(body)
            written += len(body)
            count += 1
    return count, written / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=1000.0, help="MB of reports to build")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        files, size = write_copies(folder, args.mb)
        print(f"input: {files:,} files, {size:.0f} MB", flush=True)
        started = time.perf_counter()
        build = subprocess.Popen([sys.executable, "-m", "etl", "build", str(folder), "--db", str(Path(tmp) / "w.duckdb"),
                                  "--workers", str(args.workers)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        stop, peak = threading.Event(), [0, 0]
        watcher = threading.Thread(target=watch_memory, args=(build.pid, stop, peak), daemon=True)
        watcher.start()
        out, _ = build.communicate()
        stop.set()
        watcher.join()
        seconds = time.perf_counter() - started
        warehouse = (Path(tmp) / "w.duckdb").stat().st_size / 1e6 if build.returncode == 0 else 0
    print(out.strip())
    print(f"build: {seconds:.0f} s ({size / seconds:.1f} MB/s with {args.workers} workers), exit {build.returncode}, "
          f"warehouse {warehouse:.0f} MB")
    print(beside(f"build peak RSS ({peak[1]} processes)", peak[0] / 1e6, "build peak RSS", 0)
          + f"   ({peak[0] / 1e6 / size:.2f} x the input)")


if __name__ == "__main__":
    main()
