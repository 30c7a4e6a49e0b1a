"""Many simulated users against the served app, on loopback: latency per request kind, errors, memory.

    python benchmarks/load.py [--db FILE] [--users 50] [--seconds 60] [--think 5] [--seed 13]

First the payloads are recorded from a real browser: headless Chromium opens views of every page
(default links and links with filters, places and years taken from the warehouse) and clicks a bar,
and every request the page sends is kept — the page, /_dash-layout, /_dash-dependencies, scripts and
styles, and each /_dash-update-component body exactly as Dash's renderer wrote it. Then USERS threads
replay them for SECONDS: each user fetches the scripts and styles once (a fresh browser; they are
cached after that), then opens random views one after the other — the page, its layout (which holds
the view drawn, as the page's address is sent with it) and dependencies, and every callback the browser sent for that view, one after another as fast as they
answer — pausing a random think time (exponential, mean THINK seconds: a person reads the chart)
between views. Printed: requests, errors (an HTTP status >= 400 or no answer within 30 s) and
p50/p95/p99 per kind, and the peak resident memory of the server's processes (sampled every 0.2 s).
Only loopback is ever addressed; every loop is bounded by the deadline.

Serves `--db` (default: data/warehouse.duckdb) through `python -m dashboard`, the way `make run` does.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import queries  # noqa: E402
from dashboard.testing import chromium, serving, wait_for_chart  # noqa: E402
from etl import DEFAULT_DB  # noqa: E402
from targets import beside  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
REQUEST_TIMEOUT = 30          # seconds: an answer later than this is an error
SAMPLE_SECONDS = 0.2          # how often the server's memory is read
ACCEPT = {"Accept-Encoding": "gzip, deflate, br", "Accept": "*/*"}   # what Chromium sends
# what a click on each chart of a page opens (the evidence callback's payload is recorded too)
CLICKS = {"/": "#compare-graph .bars .point path", "/rankings": "#rankings-graph .bars .point path"}
READY = {"/": "#compare-graph .main-svg", "/rankings": "#rankings-graph .main-svg", "/map": "#map-graph .main-svg",
         "/focus": "#focus-themes .main-svg", "/data": "#data-grid", "/methods": "#methods-coverage .main-svg",
         "/place": "#place-charts .js-plotly-plot .main-svg", "/sql": "#sql-grid .ag-row"}


@dataclass
class View:
    """One address and what the browser sent to show it."""
    path: str                     # as the browser sends it: percent-encoded
    callbacks: list[tuple[str, bytes]] = field(default_factory=list)   # (address, body) of each POST

    @property
    def page(self) -> str:
        return "/" + self.path.split("?")[0].strip("/").split("/")[0]


def views_of(db: Path) -> list[str]:
    """Addresses of every page: its default view and views with filters taken from the warehouse."""
    places = queries.run("place_options", db, body="npc_sc")
    located = places[places.adcode.notna()].place_key.tolist()
    rng = random.Random(5)
    some = [",".join(rng.sample(located, min(n, len(located)))) for n in (2, 4, 8)]
    years = [int(y) for y in queries.run("period_years", db, body=None).year]
    year = years[len(years) // 2] if years else None
    province = places.province.iloc[0]
    return ["/", f"/?places={some[1]}", f"/?places={some[2]}&kind=mixed", "/?metric=appointments",
            f"/?places={some[1]}&view=time", "/rankings", f"/rankings?kind=annual&period={year}",
            "/rankings?level=prefecture&kind=term", "/map", "/map?level=provincial", f"/map?kind=annual&period={year}",
            "/focus", f"/focus?places={some[0]}", f"/focus?places={some[1]}&against=all",
            "/data", "/data?body=cppcc_sc", f"/data?province={province}",
            "/methods", f"/methods?province={province}",
            f"/place/{located[0]}", f"/place/{located[len(located) // 2]}", "/sql"]


def record(url: str, paths: list[str]) -> tuple[list[View], list[str]]:
    """What headless Chromium sends to open each address (and to click its first bar); the scripts
    and styles it fetched."""
    views, static = [], {}
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        current: list[View] = []

        def sent(request):
            address = request.url.removeprefix(url)
            if request.method == "POST" and urlsplit(address).path == "/_dash-update-component":
                current[-1].callbacks.append((address, request.post_data_buffer))
            elif request.resource_type in ("script", "stylesheet", "font", "image"):
                static.setdefault(address, None)

        page.on("request", sent)
        for path in paths:
            current.append(View(quote(path, safe="/?=&,:")))
            page.goto(url + path)
            ready = READY[current[-1].page]
            page.wait_for_selector(ready, timeout=60_000)
            wait_for_chart(page, ready, timeout=60_000)
            if (target := CLICKS.get(current[-1].page)) and page.locator(target).count():
                box = page.locator(target).first.bounding_box()
                page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.wait_for_timeout(300)
                wait_for_chart(page, ready, timeout=60_000)
            views.append(current[-1])
        context.close()
    return views, list(static)


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.examples: list[str] = []

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if error:
                self.errors[kind] += 1
                if len(self.examples) < 5:
                    self.examples.append(f"{kind}: {error}")


def user(url: str, views: list[View], static: list[str], deadline: float, think: float, seed: int,
         results: Results) -> None:
    """One simulated person: the scripts once, then views until the deadline."""
    rng = random.Random(seed)
    target = urlsplit(url)
    connection = [http.client.HTTPConnection(target.hostname, target.port, timeout=REQUEST_TIMEOUT)]

    def ask(kind: str, method: str, path: str, body: bytes | None = None, referrer: str | None = None) -> None:
        headers = {**ACCEPT, **({"Content-Type": "application/json"} if body else {}),
                   **({"Referer": referrer} if referrer else {})}
        start = time.perf_counter()
        error = None
        try:
            connection[0].request(method, path, body=body, headers=headers)
            response = connection[0].getresponse()
            response.read()
            if response.status >= 400:
                error = f"HTTP {response.status} for {method} {path}"
        except (OSError, http.client.HTTPException) as e:
            error = f"{type(e).__name__}: {e} for {method} {path}"
            connection[0].close()
            connection[0] = http.client.HTTPConnection(target.hostname, target.port, timeout=REQUEST_TIMEOUT)
        results.add(kind, time.perf_counter() - start, error)

    time.sleep(rng.uniform(0, think))   # people arrive one by one, not all in the same millisecond
    for path in static:
        if time.monotonic() >= deadline:
            return
        ask("static", "GET", path)
    while time.monotonic() < deadline:
        view = rng.choice(views)
        ask("page", "GET", view.path)
        # as the browser asks it: the layout holds the page at its Referer, drawn (dashboard/firstview.py)
        ask("layout", "GET", "/_dash-layout", referrer=url.rstrip("/") + view.path)
        ask("dependencies", "GET", "/_dash-dependencies")
        for address, body in view.callbacks:
            if time.monotonic() >= deadline:
                break
            ask(f"callback {view.page}", "POST", address, body)
        time.sleep(min(rng.expovariate(1 / think), max(0.0, deadline - time.monotonic())))
    connection[0].close()


def tree_rss(pid: int) -> tuple[int, int]:
    """Resident bytes of a process and its descendants, and how many they are."""
    total, count, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            children = [int(c) for t in Path(f"/proc/{p}/task").iterdir()
                        for c in (t / "children").read_text().split()]
        except (OSError, ValueError):
            continue
        rss = [line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")]
        if rss:     # a worker that has exited but is not yet reaped has no VmRSS: it holds no memory
            total += int(rss[0]) * 1024
            count += 1
        todo += children
    return total, count


def watch_memory(pid: int, stop: threading.Event, peak: list[int]) -> None:
    while not stop.wait(SAMPLE_SECONDS):
        rss, count = tree_rss(pid)
        if rss > peak[0]:
            peak[:] = [rss, count]


def percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(results: Results, seconds: float) -> str:
    lines = [f"{'kind':22} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"]
    callbacks = [t for kind, ts in results.times.items() if kind.startswith("callback") for t in ts]
    kinds = sorted(results.times, key=lambda k: (k.startswith("callback"), k))
    rows = [(k, results.times[k], results.errors.get(k, 0)) for k in kinds]
    rows.append(("callback (all)", callbacks, sum(v for k, v in results.errors.items() if k.startswith("callback"))))
    for kind, times, errors in rows:
        lines.append(f"{kind:22} {len(times):9d} {errors:7d} {percentile(times, 50) * 1000:8.0f} "
                     f"{percentile(times, 95) * 1000:8.0f} {percentile(times, 99) * 1000:8.0f}")
    total = sum(len(t) for t in results.times.values())
    lines.append(f"all: {total:,} requests in {seconds:.0f} s ({total / seconds:.1f}/s), "
                 f"{sum(results.errors.values())} errors")
    lines += [f"  e.g. {e}" for e in results.examples]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=5.0, help="mean pause between two views, seconds")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--log", type=Path, help="the server's log (default: a temporary file)")
    args = parser.parse_args()
    if not args.db.is_file():
        print(f"load: no warehouse at {args.db}: build one (make run builds data/warehouse.duckdb; "
              f"benchmarks/national_warehouse.py makes the national one)", file=sys.stderr)
        return 2
    with serving(args.db, log_path=args.log) as (url, server):
        assert urlsplit(url).hostname in LOOPBACK, url   # never anything but this machine
        t0 = time.perf_counter()
        views, static = record(url, views_of(args.db))
        print(f"recorded in Chromium: {len(views)} views of {len({v.page for v in views})} pages, "
              f"{sum(len(v.callbacks) for v in views)} callback payloads, {len(static)} scripts and styles "
              f"({time.perf_counter() - t0:.0f} s)", flush=True)
        results, stop, peak = Results(), threading.Event(), [0, 0]
        watcher = threading.Thread(target=watch_memory, args=(server.pid, stop, peak), daemon=True)
        watcher.start()
        load_before = os.getloadavg()[0]
        started = time.monotonic()
        deadline = started + args.seconds
        users = [threading.Thread(target=user, args=(url, views, static, deadline, args.think, args.seed + n,
                                                     results), daemon=True) for n in range(args.users)]
        for u in users:
            u.start()
        for u in users:
            u.join(timeout=args.seconds + REQUEST_TIMEOUT + 5)
        elapsed = time.monotonic() - started
        stop.set()
        watcher.join()
    print(f"warehouse: {args.db} ({args.db.stat().st_size / 1e6:.0f} MB); {args.users} users for "
          f"{args.seconds:.0f} s, think time {args.think:.1f} s (mean)")
    print(report(results, elapsed))
    callbacks = [t for kind, ts in results.times.items() if kind.startswith("callback") for t in ts]
    print(beside("callback p95 under load", percentile(callbacks, 95) * 1000, "callback p95 under load", 0))
    print(beside("layout p95 under load (a view drawn)", percentile(results.times["layout"], 95) * 1000,
                 "layout p95 under load", 0))
    print(beside("errors under load", sum(results.errors.values()), "errors under load", 0))
    print(f"server peak RSS: {peak[0] / 1e6:.0f} MB over {peak[1]} process{'es' if peak[1] != 1 else ''}")
    print(f"machine: {os.cpu_count()} cores; 1-minute load average {load_before:.1f} before the users started "
          f"(anything above ~0.5 is another program competing for the cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
