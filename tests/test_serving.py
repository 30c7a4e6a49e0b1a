"""The app as `make run` serves it (gunicorn, a worker per core) on the fixture warehouse: status codes,
compression, caching, the page's language, request logs, one DuckDB connection per worker, and the
WSGI entry point for a server of one's own."""
import gzip
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import brotli
import pytest

from conftest import ROOT
from dashboard.testing import free_port, serving
from fixture_warehouse import fixture_warehouse_file

sys.path.insert(0, str(ROOT / "benchmarks"))
import tampered_callbacks  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serving")
    log = folder / "server.log"
    with serving(fixture_warehouse_file(folder / "fixture.duckdb"), log_path=log) as (url, process):
        yield url, process, log


def fetch(url: str, encoding: str | None = None):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.mark.parametrize("path, status", [("/", 200), ("/rankings", 200), ("/place/220800", 200),
                                          ("/place/name:%E6%9F%90%E5%8C%BA", 200), ("/no/such/page", 404),
                                          ("/rankings/extra", 404), ("/assets/no-such-file.js", 404)])
def test_pages_answer_200_and_other_addresses_404(server, path, status):
    url, _, _ = server
    code, _, body = fetch(url + path)
    assert code == status
    if path.startswith("/no"):
        assert b"_dash-renderer" in body or b"dash_renderer" in body   # the app still draws "page not found"


def test_the_page_says_its_language(server):
    _, _, body = fetch(server[0] + "/")
    assert re.search(rb'<html lang="zh-Hans">', body)


@pytest.mark.parametrize("encoding, decode", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_answers_are_compressed_when_the_browser_accepts_it(server, encoding, decode):
    url, _, _ = server
    _, _, page = fetch(url + "/")
    # plotly.js, the largest script: a page with charts preloads it from the address dcc.Graph asks,
    # which leads to the fingerprinted asset
    script = re.search(rb'<link rel="preload" href="([^"]+/plotly\.min\.js)"', page).group(1).decode()
    for path in ("/_dash-layout", script):
        _, plain_headers, plain = fetch(url + path)
        _, headers, packed = fetch(url + path, encoding)
        assert "Content-Encoding" not in plain_headers
        assert headers["Content-Encoding"] == encoding and decode(packed) == plain
        assert len(packed) < len(plain) / 2


def test_fingerprinted_scripts_are_cached_for_a_year_and_pages_are_not(server):
    url, _, _ = server
    _, _, page = fetch(url + "/")
    scripts = re.findall(rb'src="(/(?:assets|_dash-component-suites)/[^"]+)"', page)
    assert len(scripts) > 5
    for script in scripts:
        _, headers, _ = fetch(url + script.decode())
        assert "max-age=31536000" in headers["Cache-Control"] and "no-cache" not in headers["Cache-Control"]
    _, headers, _ = fetch(url + "/")
    assert "max-age=31536000" not in headers.get("Cache-Control", "")


def test_the_map_shapes_are_fetched_once_from_a_fingerprinted_address(server):
    from dashboard import geo

    url, _, _ = server
    status, headers, body = fetch(url + geo.url("prefecture"), "br")
    assert status == 200 and "immutable" in headers["Cache-Control"]
    assert brotli.decompress(body) == geo.shapes_json("prefecture")
    assert fetch(url + "/geo/elsewhere.json")[0] == 404


def test_each_request_is_logged_with_its_status_and_time(server):
    url, _, log = server
    fetch(url + "/rankings?year=2022")
    time.sleep(0.5)
    assert re.search(r"GET /rankings\?year=2022 200 \d+ B \d+ ms", log.read_text(encoding="utf-8"))


def test_one_worker_per_core_each_with_its_own_read_only_connection(server):
    url, process, _ = server
    workers = subprocess.run(["ps", "--ppid", str(process.pid), "-o", "pid="], capture_output=True,
                             text=True).stdout.split()
    assert len(workers) == (os.cpu_count() or 1)
    with urllib.request.urlopen(url + "/_dash-dependencies", timeout=30) as r:
        compare = next(d for d in json.load(r) if d["output"].startswith("..compare-graph.figure"))
    for _ in range(6 * len(workers)):   # queries spread over the workers: each opens the file itself
        values = {"compare-body": "npc_sc", "compare-metric": "sessions", "compare-places": []}
        assert tampered_callbacks.post(url, tampered_callbacks.request_with(compare, values))[0] == 200
    opened = [w for w in workers if any("fixture.duckdb" in os.path.realpath(f"/proc/{w}/fd/{fd}")
                                        for fd in os.listdir(f"/proc/{w}/fd"))]
    assert opened   # the master built the app and checked the file, then closed it before forking
    assert not any("fixture.duckdb" in os.path.realpath(f"/proc/{process.pid}/fd/{fd}")
                   for fd in os.listdir(f"/proc/{process.pid}/fd"))


def test_the_wsgi_entry_point_serves_under_gunicorn(tmp_path):
    db = fixture_warehouse_file(tmp_path / "fixture.duckdb")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "1", "--preload", "--bind",
                                f"127.0.0.1:{port}", "dashboard.wsgi:server"], cwd=ROOT,
                               env={**os.environ, "WAREHOUSE": str(db)}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, body = fetch(f"http://127.0.0.1:{port}/_dash-layout")
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.3)
        assert status == 200 and b"_pages_content" in body
    finally:
        process.terminate()
        process.wait(10)
