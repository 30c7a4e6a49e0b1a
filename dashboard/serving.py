"""What the app's Flask server does for every request, whichever WSGI server runs it.

Entry: `prepare(app)`. Answers are compressed (brotli, else gzip) when the browser accepts it; scripts
and styles whose address carries a fingerprint (Dash's `?m=` on assets, the versioned file names of
its component suites) may be cached for a year, since a new version gets a new address; an address
that is no page answers 404 (the app still draws its page-not-found view); the page says its
language; a request body larger than MAX_REQUEST_BYTES is refused before it is parsed; and every
request is logged with its status, size and time (callbacks by the outputs they update), so that a
slow view can be found in the log.
"""
from __future__ import annotations

import gzip
import logging
import re
import threading
import time

import brotli
import dash
import plotly.io.json
from dash import Dash
from flask import g, request
from flask_compress import Compress

LANG = "zh-Hans"                       # Chinese labels, English alongside
YEAR = 365 * 24 * 3600
MAX_REQUEST_BYTES = 1_000_000          # a callback's payload is a few kB; 10,000 place keys are 100 kB
COMPRESSED = ["br", "gzip"]
COMPRESSED_TYPES = ["text/html", "text/css", "text/plain", "text/csv", "text/javascript", "application/javascript",
                    "application/json", "image/svg+xml"]
CATCHALL = "/<path:path>"
# a fingerprinted script is compressed once per worker, harder than an answer made on the fly (50
# browsers opening the app at once would otherwise compress 2.5 MB of scripts each)
STATIC_LEVEL = {"br": 9, "gzip": 9}
STATIC_KEPT = 200                      # such files are a fixed few dozen              # the endpoint through which Dash answers any other GET with its page
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
log = logging.getLogger("dashboard.requests")


def prepare(app: Dash) -> None:
    # Dash writes answers with plotly's JSON writer; its orjson engine first walks every value in
    # Python, which for our answers (grids of thousands of rows, layouts with 3,000 options) is 2-6x
    # slower than the standard library's encoder (a national ranking: 92 ms against 20 ms)
    plotly.io.json.config.default_engine = "json"
    server = app.server
    server.config.update(MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES, COMPRESS_ALGORITHM=COMPRESSED,
                         COMPRESS_ALGORITHM_STREAMING=COMPRESSED, COMPRESS_MIMETYPES=COMPRESSED_TYPES,
                         COMPRESS_MIN_SIZE=500)

    # Flask runs after_request hooks last registered first: this one sees the compressed answer
    @server.after_request
    def note_status(response):
        g.status = f"{response.status_code} {response.content_length or '-'} B"
        return response

    Compress(server)
    packed_once = _static_compression()

    @server.after_request
    def compress_fingerprinted(response):   # runs before Compress's hook, which leaves it alone then
        return packed_once(response) if _fingerprinted() else response

    index = app.index_string.replace("<html>", f'<html lang="{LANG}">', 1)
    assert index != app.index_string, "Dash's page template has no <html> tag to set the language on"
    app.index_string = index

    @server.before_request
    def start_clock():
        g.started = time.perf_counter()

    @server.after_request
    def finish(response):
        if request.endpoint == CATCHALL and not is_page(request.path):
            response.status_code = 404
        if _fingerprinted():
            response.cache_control.no_cache = None   # Flask's default for files: ask every time
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.immutable = True
        return response

    @server.teardown_request
    def log_request(_error):
        """When the request ends: its time includes compressing the answer (a streamed file's too)."""
        started = g.pop("started", None)
        if started is not None:
            log.info("%s %s%s %s %.0f ms", request.method, request.full_path.rstrip("?"), _outputs(),
                     g.pop("status", ""), (time.perf_counter() - started) * 1000)


def warm(app: Dash) -> None:
    """Compress the scripts and styles a page names once, now: called in a server's master process
    before it forks its workers, they inherit what was kept, and no visitor's first page waits for
    a worker to brotli-compress 3 MB of scripts (a cold worker took 2-3 s on the first page)."""
    client = app.server.test_client()
    # pages name different scripts (dashboard/bundles.py): those of every page with a fixed address
    pages = [client.get(page["path"]).get_data(as_text=True) for page in dash.page_registry.values()
             if not page.get("path_template")]
    for address in sorted({a for page in pages
                           for a in re.findall(r'(?:src|href)="(/(?:assets|_dash-component-suites)/[^"]+)"', page)}):
        client.get(address, headers={"Accept-Encoding": COMPRESSED[0]})


def _static_compression():
    """A response hook that compresses a fingerprinted file once (per address and encoding) and
    answers later requests from what it kept."""
    kept: dict[tuple[str, str], bytes] = {}
    lock = threading.Lock()

    def packed(response):
        accepted = request.headers.get("Accept-Encoding", "")
        encoding = next((e for e in COMPRESSED if e in accepted), None)
        if (encoding is None or response.status_code != 200 or "Content-Encoding" in response.headers
                or response.mimetype not in COMPRESSED_TYPES):
            return response
        key = (request.full_path, encoding)
        with lock:
            body = kept.get(key)
        if body is None:
            response.direct_passthrough = False
            data = response.get_data()   # reads the file, and closes it
            body = (brotli.compress(data, quality=STATIC_LEVEL["br"]) if encoding == "br"
                    else gzip.compress(data, compresslevel=STATIC_LEVEL["gzip"], mtime=0))
            with lock:
                if len(kept) < STATIC_KEPT:
                    kept[key] = body
        elif hasattr(response.response, "close"):
            response.response.close()    # the file is not read: what was kept answers
        response.direct_passthrough = False
        response.set_data(body)
        response.headers["Content-Encoding"] = encoding
        response.vary.add("Accept-Encoding")
        etag, weak = response.get_etag()
        if etag:
            response.set_etag(f"{etag}:{encoding}", weak=weak)
        return response
    return packed


def is_page(path: str) -> bool:
    """Whether `path` is the address of a registered page (a path, or a path template's)."""
    return page_at(path) is not None


def page_at(path: str) -> dict | None:
    """The registered page (Dash's registry entry) whose address `path` is, or None."""
    return next((page for page in dash.page_registry.values() if _matches(page, path)), None)


def _matches(page: dict, path: str) -> bool:
    if path.rstrip("/") == page["path"].rstrip("/"):
        return True
    template = page.get("path_template")
    if not template:
        return False
    pattern = "".join("[^/]+" if part.startswith("<") else re.escape(part)
                      for part in re.split(r"(<[^>]+>)", template.rstrip("/")))
    return re.fullmatch(pattern + "/?", path) is not None


def _fingerprinted() -> bool:
    """An asset, a component bundle or the map's shapes, whose address changes with its content."""
    if request.path.startswith("/assets/"):
        return "m" in request.args
    if request.path.startswith("/geo/"):
        return "v" in request.args
    return request.path.startswith("/_dash-component-suites/") and re.search(r"\.v[\w-]+m\d+\.", request.path) is not None


def _outputs() -> str:
    """The outputs a callback request updates, for the log: ' [compare-graph.figure …]'."""
    if not request.path.endswith("/_dash-update-component"):
        return ""
    body = request.get_json(silent=True)
    output = body.get("output", "") if isinstance(body, dict) else ""
    return f" [{str(output)[:80]}]"
