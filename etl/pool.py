"""Work on items in worker processes, where a worker that dies costs only the item it held.

Entry: `guarded_map(function, items, workers, lost)` → function(item) for each item, in order.

A ProcessPoolExecutor whose process dies (the OOM killer, a crash inside a library) fails every
pending future with BrokenProcessPool and cannot say which item the dead process held. So each
worker here is a pool of its own with one process and at most one item: when it breaks, the item it
held is known, `lost(item)` stands in for its result, a new pool takes its place, and every other
item's work goes on. Results are buffered to keep the input's order, at most WINDOW per worker
ahead of the slowest item, so that memory stays bounded by a few items' results.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

WINDOW = 4   # results per worker that may wait for an earlier, slower item


def guarded_map(function: Callable, items: Iterable, workers: int, lost: Callable) -> Iterator:
    """function(item) for each item in `workers` processes, in order; lost(item) for an item whose
    process died. An exception raised by `function` itself is raised here, as with map()."""
    feed = enumerate(items)
    pools = [_pool() for _ in range(workers)]
    running: dict[Future, tuple[int, int, object]] = {}   # future → (worker, index, item)
    idle = list(range(workers))
    done: dict[int, object] = {}
    next_out = fed = 0
    try:
        while True:
            while idle and fed - next_out < WINDOW * workers:
                taken = next(feed, None)
                if taken is None:
                    break
                worker = idle.pop()
                running[_submit(pools, worker, function, taken[1])] = (worker, *taken)
                fed += 1
            if not running:
                return
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                worker, index, item = running.pop(future)
                try:
                    done[index] = future.result()
                except BrokenProcessPool:
                    done[index] = lost(item)
                    pools[worker] = _renewed(pools[worker])
                idle.append(worker)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for pool in pools:
            pool.shutdown(wait=False, cancel_futures=True)


def _submit(pools: list[ProcessPoolExecutor], worker: int, function: Callable, item) -> Future:
    try:
        return pools[worker].submit(function, item)
    except BrokenProcessPool:   # its process died between two items: nothing was lost
        pools[worker] = _renewed(pools[worker])
        return pools[worker].submit(function, item)


def _pool() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=1, initializer=_exit_with_parent, initargs=(os.getpid(),))


def _renewed(pool: ProcessPoolExecutor) -> ProcessPoolExecutor:
    pool.shutdown(wait=False, cancel_futures=True)
    return _pool()


def _exit_with_parent(parent: int) -> None:
    """Pool initializer: when the build is killed, its workers exit instead of waiting forever."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
