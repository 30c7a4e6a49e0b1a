"""The first page comes with the app's layout: no round trip through the router before it is drawn.

Entry: `shell_layout(shell)` (the app's layout, a function of its page container), `register(app)`
and `drawn(page, outputs, values)` (a page's layout holding what its chart callback draws).

Dash Pages draws a page in three steps: the browser asks for the app's layout (`/_dash-layout`), whose
page container is empty; its location component then tells the router where it is, and the router's
answer is the page. Measured on the national warehouse, the router's round trip and the second
drawing cost 0.1–0.3 s of every first load, and the browser asked for the layout only once it had
run every script (0.5–1 s). So:

- The layout is asked for by the page's head (`<link rel=preload>`, with Dash's callback list), and
  the server builds it while the browser fetches and runs the scripts.
- Its answer holds the page of the address that asked for it (the request's Referer, sent by the
  browser for its own origin): the router's own function draws it, with the location component
  already at that address — which then has nothing to tell the router — and the store of loaded
  libraries (dashboard/bundles.py) set to those the page's scripts named. Moving to another page
  goes through the router as before.
- Without a Referer, or where the page cannot be drawn here (the router reports what went wrong in
  its own way), the layout is Dash's own, and the router draws the page.
- A chart page's layout holds what its chart callback would answer for the page's state (`drawn`:
  the layout calls the callback's own function), and the callback is not called on load
  (prevent_initial_call, which Dash also applies when the router inserts a page). Measured on the
  national warehouse, the callback's request left only once the layout was drawn (about 1 s into a
  first load) and the chart was drawn a renderer cycle after its answer: 0.4–0.9 s of every first
  load. Now the chart's queries run on the server while the browser fetches and runs the scripts.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable
from urllib.parse import urlsplit

import dash
from dash import Output, dcc, html
from dash.development.base_component import Component
from dash.dash import _ID_CONTENT, _ID_DUMMY, _ID_LOCATION, _ID_STORE
from flask import has_request_context, request

from . import bundles

LAYOUT, DEPENDENCIES = "_dash-layout", "_dash-dependencies"
ROUTER_KEY = f"..{_ID_CONTENT}.children...{_ID_STORE}.data.."   # the router's entry in Dash's callback map
log = logging.getLogger("dashboard")


def shell_layout(shell: Callable[[html.Div, list[str] | None], html.Div]) -> Callable[[], html.Div]:
    """The app's layout: `shell(page container, libraries loaded)`, its container holding the page
    the browser asks the layout for, where it can be drawn here."""
    def layout() -> html.Div:
        drawn = first_page() if has_request_context() and request.path.endswith(LAYOUT) else None
        return shell(*drawn) if drawn else shell(dash.page_container, None)
    return layout


def first_page() -> tuple[html.Div, list[str]] | None:
    """The page container holding the page at the request's Referer, and the libraries its scripts
    named; None where it is for the router to draw."""
    referrer = urlsplit(request.referrer or "")
    if not referrer.path or referrer.netloc != request.host:
        return None
    search = f"?{referrer.query}" if referrer.query else ""
    app = dash.get_app()
    router = app.callback_map.get(ROUTER_KEY)
    if router is None:
        return None
    try:
        content, store = router["callback"].__wrapped__(pathname_=referrer.path, search_=search,
                                                        **{bundles.LOADED_KEY: None})
    except Exception:   # the router, asked the same, says what went wrong (app._report_error)
        log.warning("first page of %s left to the router", referrer.path, exc_info=True)
        return None
    return (html.Div([dcc.Location(id=_ID_LOCATION, refresh="callback-nav", pathname=referrer.path, search=search),
                      html.Div(content, id=_ID_CONTENT, disable_n_clicks=True),
                      dcc.Store(id=_ID_STORE, data=store),
                      html.Div(id=_ID_DUMMY, disable_n_clicks=True)]),
            sorted(bundles.libraries_at(referrer.path)))


def drawn(page: Component, outputs: list[Output], values) -> Component:
    """`page` with each of a callback's `outputs` set to its value (the callback's answer, in order);
    every output must be a component of the page, or its first view would lack it."""
    found = {_key(c.id): c for c in (page, *page._traverse()) if isinstance(c, Component) and hasattr(c, "id")}
    for output, value in zip(outputs, values, strict=True):
        setattr(found[_key(output.component_id)], output.component_property, value)
    return page


def _key(component_id) -> str:
    """An id, string or pattern (a dict), as one comparable string."""
    return json.dumps(component_id, sort_keys=True)


def register(app: dash.Dash) -> None:
    """A page's head fetches the layout and the callback list as the scripts load (the renderer's
    own requests for them are answered from what was fetched); the layout, which now depends on the
    page that asks, is never kept by a cache."""
    prefix = app.config.requests_pathname_prefix
    tags = "".join(f'<link rel="preload" href="{prefix}{name}" as="fetch" crossorigin>'
                   for name in (LAYOUT, DEPENDENCIES))
    index = app.index_string.replace("{%metas%}", "{%metas%}" + tags, 1)
    assert index != app.index_string, "Dash's page template has no {%metas%} to put the preloads after"
    app.index_string = index

    @app.server.after_request
    def never_kept(response):
        if request.path.endswith(LAYOUT):
            response.cache_control.no_store = True
            response.vary.add("Referer")
        return response
