"""The real server on the fixture warehouse: headers on every answer, tampered callbacks, and what a
user sees when a callback fails (words and a reference; the details only in the server log)."""
import json
import re
import shutil
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT
from dashboard.testing import served

sys.path.insert(0, str(ROOT / "benchmarks"))
import tampered_callbacks  # noqa: E402


def fetch(url: str):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.headers


@pytest.mark.parametrize("path", ["/", "/rankings", "/_dash-layout", "/_dash-dependencies", "/assets/app.css",
                                  "/no/such/page", "/assets/no-such-file.js"])
def test_every_answer_carries_the_security_headers(fixture_url, path):
    _, headers = fetch(fixture_url + path)
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy and "'unsafe-inline'" not in re.search(r"script-src[^;]*", policy).group()
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert not re.search(r"\d|werkzeug|python", headers["Server"], re.I)   # no software, no version


def test_tampered_callbacks_show_no_internals(fixture_url):
    result = tampered_callbacks.audit(fixture_url, 400, seed=7)
    assert result["leaking"] == 0, result["examples"]
    assert result["error_alerts"] == 0   # every bad value is caught as a link's would be
    assert set(result["statuses"]) <= {200, 204, 400}


def test_a_failing_callback_shows_a_reference_and_logs_the_details(fixture_db, tmp_path):
    db, log = tmp_path / "w.duckdb", tmp_path / "server.log"
    shutil.copy(fixture_db, db)
    with served(db, log_path=log) as url:
        with urllib.request.urlopen(url + "/_dash-dependencies", timeout=30) as r:
            compare = next(d for d in json.load(r) if d["output"].startswith("..compare-graph.figure"))
        valid = iter(["npc_sc", "sessions", [], "bars", "annual", None, None, None])
        body = tampered_callbacks.request_body(compare, lambda: next(valid))
        status, answer = tampered_callbacks.post(url, body)
        assert status == 200 and '"app-error"' not in answer
        db.write_bytes(b"not a warehouse any more" * 100)   # the file goes bad under the running app
        valid = iter(["npc_sc", "sessions", [], "bars", "annual", None, None, None])
        status, answer = tampered_callbacks.post(url, tampered_callbacks.request_body(compare, lambda: next(valid)))
    shown = json.loads(answer)["sideUpdate"]["app-error"]["children"]
    reference = re.search(r"reference: ([0-9a-f]{8})", shown).group(1)
    assert "Something went wrong" in shown and str(db) not in answer and not tampered_callbacks.LEAK.search(shown)
    logged = log.read_text(encoding="utf-8")
    assert f"callback failed, reference {reference}" in logged and "Traceback" in logged and str(db) in logged


def compare_answer(url: str, places: list[str]) -> tuple[int, str, float]:
    with urllib.request.urlopen(url + "/_dash-dependencies", timeout=30) as r:
        compare = next(d for d in json.load(r) if d["output"].startswith("..compare-graph.figure"))
    values = iter(["npc_sc", "sessions", places, "bars", "annual", None, None, None])   # body … to, as Compare sends them
    started = time.perf_counter()
    status, answer = tampered_callbacks.post(url, tampered_callbacks.request_body(compare, lambda: next(values)))
    seconds = time.perf_counter() - started
    return status, json.dumps(json.loads(answer), ensure_ascii=False), seconds   # Dash writes / as \u002f


def test_compare_with_10000_places_answers_within_3_s_with_a_message(fixture_url):
    from etl import places

    keys = [p.adcode for p in places.all_places()]
    keys += [f"name:某地{n}" for n in range(10_000 - len(keys))]
    status, answer, seconds = compare_answer(fixture_url, keys)
    assert status == 200 and seconds < 3, seconds
    assert "10,000 places: at most 100 can be chosen" in answer and len(answer) < 200_000


def test_a_hundred_places_are_compared(fixture_url):
    from etl import places

    keys = ["220800", "130600"] + [p.adcode for p in places.all_places() if p.level == "county"][:98]
    status, answer, seconds = compare_answer(fixture_url, keys)
    assert status == 200 and "at most 100" not in answer and "2 / 100" in answer


def test_a_query_past_its_time_limit_is_stopped_with_a_message(fixture_db, tmp_path):
    from dashboard import warehouse

    wh = warehouse.Warehouse(fixture_db)
    started = time.perf_counter()
    with pytest.raises(warehouse.QueryTooSlow, match="longer than 1 s"):
        wh.timed(lambda cursor: cursor.execute("SELECT count(*) FROM range(1000000000000)").fetchall(), seconds=1)
    assert time.perf_counter() - started < 3
    assert len(wh.query("compare", metric="sessions", body="npc_sc", places=None, kind=None, period_start=None,
                        period_end=None)) > 0   # the connection still answers


@pytest.mark.parametrize("pathname", [None, 5, "no-slash", ["/"]])
def test_the_router_refuses_a_location_that_is_no_path(fixture_url, pathname):
    with urllib.request.urlopen(fixture_url + "/_dash-dependencies", timeout=30) as r:
        router = next(d for d in json.load(r) if d["output"].startswith(".._pages_content.children"))
    sent = {"pathname": pathname, "search": "", "hash": ""}
    body = tampered_callbacks.request_body(router, lambda: None)
    for part in body["inputs"] + body["state"]:
        part["value"] = sent.get(part["property"])
    status, answer = tampered_callbacks.post(fixture_url, body)
    assert status == 400 and "bad request" in answer
    sent["pathname"] = "/rankings"
    for part in body["inputs"] + body["state"]:
        part["value"] = sent.get(part["property"])
    assert tampered_callbacks.post(fixture_url, body)[0] == 200
