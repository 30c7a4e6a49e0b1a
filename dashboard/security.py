"""What every request and answer of the app is held to.

Entry: `secure(app)`. Answers carry headers that say what a page may load and run, forbid framing by
other sites and guessing of content types; `Server` names no software version (RequestHandler).
The policy lets scripts come from the app itself and the inline scripts Dash writes (by their
hashes), never `eval` (nothing the app draws needs it); styles may be inline, because Plotly and the
components set them on elements. Requests to Dash Pages' router must send it parts of a URL, which
are strings: the pages check everything else they are sent themselves (urlstate), but the router is
Dash's own.
"""
from __future__ import annotations

from dash import Dash
from flask import jsonify, request
from werkzeug.serving import WSGIRequestHandler

SERVER_NAME = "congress-output-explorer"
POLICY = {"default-src": ["'self'"],
          "script-src": ["'self'"],           # + the hashes of Dash's inline scripts
          "style-src": ["'self'", "'unsafe-inline'"],
          "img-src": ["'self'", "data:", "blob:"],
          "font-src": ["'self'", "data:"],
          "connect-src": ["'self'"],
          "object-src": ["'none'"],
          "base-uri": ["'self'"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"]}
FIXED = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
         "Cross-Origin-Opener-Policy": "same-origin"}
ROUTER = "_pages_location"      # the dcc.Location through which Dash Pages routes
NOT_A_URL = "请求无效 · bad request: the page's address must be text, its path starting with /"


def secure(app: Dash) -> None:
    """Add the headers to every response of `app`, and refuse router requests that send no URL."""
    headers: dict[str, str] = {}

    @app.server.after_request
    def add_headers(response):
        if not headers:   # Dash writes its last inline scripts while it sets up, on the first request
            policy = {**POLICY, "script-src": POLICY["script-src"] + list(app.csp_hashes())}
            headers.update({"Content-Security-Policy": "; ".join(f"{k} {' '.join(v)}" for k, v in policy.items()),
                            **FIXED})
        response.headers.update(headers)
        return response

    @app.server.before_request
    def refuse_routes_that_are_not_urls():
        if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
            return None
        payload = request.get_json(silent=True)
        payload = payload if isinstance(payload, dict) else {}
        sent = [v for key in ("inputs", "state") if isinstance(payload.get(key), list) for v in payload[key]]
        if any(isinstance(v, dict) and v.get("id") == ROUTER and not _url_part(v) for v in sent):
            return jsonify(message=NOT_A_URL), 400
        return None


def _url_part(sent: dict) -> bool:
    """A browser's location: a path that starts at the root (a browser always has one: Dash's router
    fails on none), and text or nothing for the rest."""
    value = sent.get("value")
    if sent.get("property") == "pathname":
        return isinstance(value, str) and value.startswith("/")
    return value is None or isinstance(value, str)


class RequestHandler(WSGIRequestHandler):
    """The development server's handler, less the versions of Werkzeug and Python in `Server`."""

    def version_string(self) -> str:
        return SERVER_NAME
