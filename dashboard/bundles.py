"""Which scripts a page loads: those it runs, not every bundle the app could need.

Entry: `App` (the app's Dash class), `ROUTING_INPUTS` (its router's extra state), `page_layout`
(each page's layout as the router calls it) and `register(app)`.

Dash names every component library's bundle and its own polyfill in every page, and Chromium
compiles and runs each one before the first callback is sent. Measured on the national warehouse:
Dash's @babel/polyfill (core-js 2) took 0.3 s and more of script time on every page, and it replaces
the browser's String.trim with a slower one, which the dropdowns' search index (3,000 places) calls
on every option; the 1.3 MB ag-grid bundle took 0.1–0.3 s on pages that show no grid.

- The polyfill is replaced by the one part of it the bundles use: the regenerator runtime (the
  global `regeneratorRuntime` that Dash's, dcc's and Bootstrap's bundles call), from its own package
  (regenerator-runtime 0.14.1, vendored in assets/vendor, kept out of Dash's automatic asset list so
  that it loads first, where the polyfill did). Every other feature core-js fills in is native in any
  browser the app supports.
- plotly.js (the app's own bundle of the trace types it draws, assets/vendor) is no script of the
  page: it took 0.1-0.3 s to run before the renderer could start, and pages without a chart never
  use it. dcc.Graph fetches plotly.js itself when the page has none, from a fixed address
  (PLOTLY_ROUTE, plotly's full 4.8 MB bundle by default), when it draws its first chart — after the
  layout is drawn, while the chart's callback is on its way: that address sends the browser to the
  app's bundle, which a page with charts (its module's CHARTS) preloads with its scripts.
- The lazy parts of the bundles a page draws with (CHUNKS: dcc's dropdown and graph on every page,
  ag-grid's grid where the page has one) are named as preloads beside its scripts: the renderer asks
  for them only when it draws the first component of their kind, after the layout has come, and
  ag-grid's (0.24 MB compressed) then took 0.1–0.4 s to arrive.
- A library of ON_DEMAND is in a page's scripts only where the page's module names it in its
  LIBRARIES. A page reached through a link of the app is drawn from the router's answer; when that
  answer holds a component of such a library and the browser has not loaded it, the answer carries
  the library's scripts as Dash's `dist`, which the renderer loads before it draws the answer. Which
  libraries the browser has is the store LOADED, set with the first page in the app's layout
  (dashboard/firstview.py) and in the browser after each page is drawn, and sent with every call of
  the router; while it is empty (a first page the router drew) they are those the page's own
  scripts named.
"""
from __future__ import annotations

import functools
import json
import os
import re
import sys

from dash import Dash, Input, Output, State, clientside_callback
from flask import redirect, request

from .security import ROUTER as ROUTER_LOCATION
from .serving import page_at

ON_DEMAND = ("dash_ag_grid",)            # libraries big enough to leave out of pages that do not use them
# library → its lazy chunks a page draws with (every page has dropdowns and most a chart); a library
# of ON_DEMAND only where the page uses it
CHUNKS = {"dash": ("dcc/async-dropdown.js", "dcc/async-graph.js"), "dash_ag_grid": ("async-community.js",)}
POLYFILL = re.compile(r"/deps/polyfill@[^\"]+\.js")
RUNTIME = "vendor/regenerator-runtime.js"
PLOTLY = "vendor/plotly-custom.min.js"
# where dcc.Graph fetches plotly.js when the page has none (window._dashPlotlyJSURL, set by Dash's
# renderer where the app serves its own files)
PLOTLY_ROUTE = "_dash-component-suites/plotly/package_data/plotly.min.js"
# named by the page in the polyfill's place, and fetched by the first chart: not assets every page runs
ASSETS_IGNORE = r"^(regenerator-runtime\.js|plotly-custom\.min\.js)$"
LOADED = "loaded-libraries"              # the store: which ON_DEMAND libraries the browser has
LOADED_KEY = "loaded_libraries"          # its name among the router's inputs (never a page's parameter)
ROUTING_INPUTS = {LOADED_KEY: State(LOADED, "data")}
ROUTER_OUTPUT = "_pages_content.children"
SCRIPT_TAG = re.compile(r'<script src="([^"]+)"></script>')
# in the browser, after each page is drawn: the ON_DEMAND libraries it has (their bundles set a global)
HAVE = """function (_page, had) {
    var have = %s.filter(function (name) { return !!window[name]; });
    return JSON.stringify(have) === JSON.stringify(had) ? window.dash_clientside.no_update : have;
}""" % json.dumps(list(ON_DEMAND))


class App(Dash):
    """Dash, whose page names the scripts of the page asked for (see the module's docstring)."""

    def interpolate_index(self, **kwargs) -> str:
        kwargs["scripts"] = page_scripts(self, kwargs.get("scripts", ""), request.path)
        return super().interpolate_index(**kwargs)


def page_scripts(app: Dash, scripts: str, path: str) -> str:
    """Dash's script tags for the page at `path`: the runtime for the polyfill, and no bundle of an
    ON_DEMAND library the page does not use."""
    used = libraries_at(path)
    runtime = f'<script src="{asset_url(app, RUNTIME)}"></script>'

    def kept(tag: re.Match) -> str:
        src = tag.group(1)
        if POLYFILL.search(src):
            return runtime
        if any(f"/_dash-component-suites/{name}/" in src for name in ON_DEMAND if name not in used):
            return ""
        return tag.group(0)
    return preloads(app, used, charts_at(path)) + SCRIPT_TAG.sub(kept, scripts)


def preloads(app: Dash, used: set[str], charts: bool) -> str:
    """Tags fetching the CHUNKS of the libraries a page uses, and plotly.js where it draws charts,
    along with its scripts (the renderer's own requests for them are answered from what was fetched)."""
    suites = f"{app.config.requests_pathname_prefix}_dash-component-suites"
    chunks = [f"{suites}/{library}/{chunk}" for library, chunks in CHUNKS.items()
              if library not in ON_DEMAND or library in used for chunk in chunks]
    return "".join(f'<link rel="preload" href="{href}" as="script">'
                   for href in chunks + ([f"{app.config.requests_pathname_prefix}{PLOTLY_ROUTE}"] if charts else []))


def asset_url(app: Dash, name: str) -> str:
    """The address of an asset Dash does not name itself, fingerprinted as Dash fingerprints assets
    (so browsers may keep it)."""
    path = os.path.join(app.config.assets_folder, name)
    return f"{app.get_asset_url(name)}?m={os.path.getmtime(path)}"


def page_module(path: str):
    """The module of the page at `path` (None for an address that is no page)."""
    page = page_at(path)
    return sys.modules.get(page["module"]) if page else None


def libraries_at(path: str) -> set[str]:
    """The ON_DEMAND libraries the page at `path` says it uses (none for an address that is no page)."""
    return set(getattr(page_module(path), "LIBRARIES", ()))


def charts_at(path: str) -> bool:
    """Whether the page at `path` says it draws charts (its module's CHARTS)."""
    return bool(getattr(page_module(path), "CHARTS", False))


def page_layout(layout):
    """A page's layout as the router calls it: without the router's own state among its parameters."""
    @functools.wraps(layout)
    def drawn(**kwargs):
        kwargs.pop(LOADED_KEY, None)
        return layout(**kwargs)
    return drawn


def register(app: Dash) -> None:
    """The browser says which libraries it has; the router's answers bring those it lacks. Called
    after serving.prepare: Flask runs the hook registered last first, so it sees the answer before
    it is compressed."""
    clientside_callback(HAVE, Output(LOADED, "data"),
                        Input("_pages_store", "data"), State(LOADED, "data"), prevent_initial_call=True)

    @app.server.get(f"{app.config.routes_pathname_prefix}{PLOTLY_ROUTE}")
    def plotly_js():
        """The app's plotly.js for the first chart of a page, at its fingerprinted address (which
        browsers keep, and a page with charts preloaded)."""
        return redirect(asset_url(app, PLOTLY))

    @app.server.after_request
    def bring_libraries(response):
        if (request.method != "POST" or not request.path.endswith("/_dash-update-component")
                or response.status_code != 200 or response.mimetype != "application/json"):
            return response
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict) or ROUTER_OUTPUT not in str(payload.get("output", "")):
            return response
        answer = response.get_data(as_text=True)
        missing = [name for name in ON_DEMAND if name not in loaded(payload) and f'"{name}"' in answer]
        if missing:
            body = json.loads(answer)
            body["dist"] = app.get_dist(missing)
            response.set_data(json.dumps(body, separators=(",", ":")))
        return response


def loaded(payload: dict) -> set[str]:
    """The ON_DEMAND libraries the browser that sent this router call has."""
    sent = {(v.get("id"), v.get("property")): v.get("value") for key in ("inputs", "state")
            for v in payload.get(key) or [] if isinstance(v, dict)}
    have = sent.get((LOADED, "data"))
    if isinstance(have, list):
        return {name for name in have if isinstance(name, str)}
    path = sent.get((ROUTER_LOCATION, "pathname"))
    return libraries_at(path) if isinstance(path, str) else set()
