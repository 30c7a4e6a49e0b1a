"""The query watchdog (dashboard/watchdog.py): one thread for every query's deadline, on real DuckDB cursors."""
import threading
import time

import duckdb
import pytest

from dashboard.watchdog import watching

RUNAWAY = "SELECT count(*) FROM range(1000000000000)"
BACKSTOP_SECONDS = 10


@pytest.fixture()
def con():
    connection = duckdb.connect(":memory:")
    yield connection
    connection.close()


def run_stopped(cursor, seconds: float) -> float:
    """How long a runaway query ran under `watching` before it was interrupted (BACKSTOP_SECONDS at
    most: a watchdog that missed it fails the test instead of hanging it)."""
    backstop = threading.Timer(BACKSTOP_SECONDS, cursor.interrupt)
    started = time.perf_counter()
    backstop.start()
    try:
        with pytest.raises(duckdb.InterruptException):
            with watching(cursor, seconds):
                cursor.execute(RUNAWAY).fetchall()
    finally:
        backstop.cancel()
    return time.perf_counter() - started


def test_a_query_is_stopped_at_its_deadline_and_a_quick_one_is_not(con):
    cursor = con.cursor()
    with watching(cursor, 0.5):
        assert cursor.execute("SELECT 42").fetchall() == [(42,)]
    time.sleep(0.7)   # past the deadline of the query that ended: nothing is interrupted
    assert cursor.execute("SELECT 43").fetchall() == [(43,)]
    assert 0.5 <= run_stopped(cursor, 0.5) < 2.5
    assert cursor.execute("SELECT 44").fetchall() == [(44,)]   # the cursor still answers


def test_a_sooner_deadline_wakes_the_watchdog_sleeping_on_a_later_one(con):
    # a long query with a far deadline runs on another cursor; the watchdog sleeps until that one
    slow, ran = con.cursor(), threading.Event()

    def far():
        with watching(slow, 60):
            ran.set()
            with pytest.raises(duckdb.InterruptException):
                slow.execute(RUNAWAY).fetchall()

    worker = threading.Thread(target=far)
    worker.start()
    ran.wait()
    try:
        assert run_stopped(con.cursor(), 0.5) < 2.5
    finally:
        slow.interrupt()
        worker.join()


def test_queries_on_many_threads_each_stop_at_their_own_deadline(con):
    spans = {}

    def one(seconds):
        spans[seconds] = run_stopped(con.cursor(), seconds)

    workers = [threading.Thread(target=one, args=(s,)) for s in (0.3, 1.2, 0.6)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert all(seconds <= spans[seconds] < seconds + 2 for seconds in spans), spans
    assert spans[0.3] < spans[1.2]
