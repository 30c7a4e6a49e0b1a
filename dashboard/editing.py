"""Who may change the warehouse from the app: upload reports, correct figures, remove documents.

Entry: `configure(host, token)` when the app is made; `writes_enabled()` for a layout (show the write
actions at all?); `may_write()` inside a write route or callback (may this request write?);
`refusal()` the words for a request that may not.

- Served on a loopback address (127.0.0.1, ::1, localhost) without a token: whoever reaches the app
  is on this machine, and may write.
- Served on any other address (or through dashboard.wsgi, behind a proxy whose address the app
  cannot know): writing is off unless an editor token is configured (`--editor-token` or the
  EDITOR_TOKEN environment variable). With a token, a request may write when it carries it, in the
  `X-Editor-Token` header or in the cookie that /editor?token=… sets; the read-only pages never ask.

The pages' warehouse connection stays read-only whatever this says: writes go through etl's build,
which takes the warehouse lock and replaces the file atomically.
"""
from __future__ import annotations

import hmac
import ipaddress
import os

from flask import Flask, make_response, redirect, request

ENV_TOKEN = "EDITOR_TOKEN"
HEADER, COOKIE = "X-Editor-Token", "editor_token"
LOCAL_NAMES = {"localhost", "ip6-localhost"}
COOKIE_DAYS = 30

_local = False          # served on a loopback address
_token: str | None = None


def configure(host: str | None, token: str | None = None) -> None:
    """host: the address the app is served on (None: unknown, as behind a proxy); token: the editor
    token (None: the EDITOR_TOKEN environment variable, if set)."""
    global _local, _token
    _token = token or os.environ.get(ENV_TOKEN) or None
    _local = host is not None and is_loopback(host)


def is_loopback(host: str) -> bool:
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def writes_enabled() -> bool:
    """Whether the app offers write actions at all (a token or a loopback address)."""
    return _token is not None or _local


def may_write() -> bool:
    """Whether the current request may write."""
    if _token is not None:
        given = request.headers.get(HEADER) or request.cookies.get(COOKIE) or ""
        return hmac.compare_digest(given.encode(), _token.encode())
    return _local and is_loopback(request.remote_addr or "")


def refusal() -> str:
    if not writes_enabled():
        return ("此服务器不接受修改 · this server does not accept changes: it is served beyond this machine "
                "without an editor token (python -m dashboard --editor-token …)")
    return "需要编辑令牌 · an editor token is needed: open /editor?token=… once in this browser"


def register(server: Flask) -> None:
    """/editor?token=…: keep the token in an HttpOnly cookie of this browser, then go to the upload page."""
    @server.get("/editor")
    def editor():
        given = request.args.get("token", "")
        if _token is None or not hmac.compare_digest(given.encode(), _token.encode()):
            return make_response(refusal() if _token else "no editor token is configured on this server", 403)
        response = redirect("/upload")
        response.set_cookie(COOKIE, given, max_age=COOKIE_DAYS * 86400, httponly=True, samesite="Strict",
                            secure=request.is_secure)
        return response
