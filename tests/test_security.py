"""The real server on the fixture warehouse: headers on every answer, tampered callbacks, and what a
user sees when a callback fails (words and a reference; the details only in the server log)."""
import json
import re
import shutil
import sys
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
def test_every_answer_carries_the_security_headers(fixture_app_url, path):
    _, headers = fetch(fixture_app_url + path)
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy and "'unsafe-inline'" not in re.search(r"script-src[^;]*", policy).group()
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert not re.search(r"\d|werkzeug|python", headers["Server"], re.I)   # no software, no version


def test_tampered_callbacks_show_no_internals(fixture_app_url):
    result = tampered_callbacks.audit(fixture_app_url, 400, seed=7)
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
