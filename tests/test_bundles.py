"""Which scripts a page loads (dashboard/bundles.py): the regenerator runtime in the polyfill's place,
ag-grid only on the pages that draw a grid, and brought by the router's answer to a browser that
reached such a page through a link (the app's Flask server, no browser; test_browser drives it in
Chromium)."""
import json
import re

import plotly.utils
import pytest

from dashboard import bundles
from dashboard.app import create_app
from fixture_warehouse import fixture_warehouse_file

GRID_PAGES = {"/rankings", "/data", "/sql", "/place/410100"}
OTHER_PAGES = {"/", "/map", "/focus", "/methods", "/document/0", "/no/such/page"}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(fixture_warehouse_file(tmp_path_factory.mktemp("bundles") / "fixture.duckdb"))


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def scripts(client, path: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', client.get(path).get_data(as_text=True))


@pytest.mark.parametrize("path", sorted(GRID_PAGES | OTHER_PAGES))
def test_a_page_names_the_runtime_first_not_the_polyfill_and_ag_grid_only_where_it_draws_a_grid(client, path):
    named = scripts(client, path)
    assert not any("polyfill" in s for s in named)
    assert "regenerator-runtime.js" in named[0]
    assert any("/dash_ag_grid/" in s for s in named) == (path in GRID_PAGES)
    assert any("dash_renderer" in s for s in named)   # the rest is Dash's, as before


@pytest.mark.parametrize("path", sorted(GRID_PAGES | OTHER_PAGES))
def test_a_page_preloads_the_lazy_chunks_it_draws_with_and_ag_grid_s_only_where_it_draws_a_grid(client, path):
    preloaded = re.findall(r'<link rel="preload" href="([^"]+)" as="script">', client.get(path).get_data(as_text=True))
    assert {"/_dash-component-suites/dash/dcc/async-dropdown.js", "/_dash-component-suites/dash/dcc/async-graph.js"} <= set(
        preloaded)
    assert ("/_dash-component-suites/dash_ag_grid/async-community.js" in preloaded) == (path in GRID_PAGES)
    # the chunks the renderer asks for (plotly.js by a redirect to the app's bundle)
    assert all(client.get(address, follow_redirects=True).status_code == 200 for address in preloaded)


def test_the_runtime_is_served_cacheable_and_sets_the_global_the_bundles_call(client):
    runtime = next(s for s in scripts(client, "/") if "regenerator-runtime" in s)
    answer = client.get(runtime)
    assert answer.status_code == 200 and "immutable" in answer.headers["Cache-Control"]
    assert "regeneratorRuntime = runtime" in answer.get_data(as_text=True)
    assert not any("regenerator-runtime" in s for s in scripts(client, "/")[1:])   # not again as an asset


@pytest.mark.parametrize("module", ["compare", "rankings", "map", "focus", "data", "methods", "sql", "place"])
def test_each_page_declares_ag_grid_exactly_when_its_layout_has_a_grid(app, module):
    import importlib
    page = importlib.import_module(f"dashboard.pages.{module}")
    kwargs = {"place_key": "220800"} if module == "place" else {}   # a place with figures: their grid
    with app.server.test_request_context("/"):
        # as Dash sends it: a chart page's layout holds its first figure (dashboard/firstview.drawn)
        laid_out = json.dumps(page.layout(**kwargs), cls=plotly.utils.PlotlyJSONEncoder)
    assert ('"dash_ag_grid"' in laid_out) == ("dash_ag_grid" in getattr(page, "LIBRARIES", ()))


CHART_PAGES = {"/", "/rankings", "/map", "/focus", "/methods", "/place/410100"}


@pytest.mark.parametrize("path", sorted(GRID_PAGES | OTHER_PAGES))
def test_plotly_is_no_script_of_a_page_and_preloaded_where_it_draws_charts(client, path):
    assert not any("plotly" in s for s in scripts(client, path))   # fetched by the first chart, not run first
    preloaded = re.findall(r'<link rel="preload" href="([^"]+)" as="script">', client.get(path).get_data(as_text=True))
    assert ("/" + bundles.PLOTLY_ROUTE in preloaded) == (path in CHART_PAGES)


def test_the_address_dcc_fetches_plotly_from_sends_the_app_s_bundle_cacheable(client):
    answer = client.get("/" + bundles.PLOTLY_ROUTE)   # plotly's full 4.8 MB bundle there by default
    assert answer.status_code == 302 and "/assets/vendor/plotly-custom.min.js?m=" in answer.location
    bundle = client.get(answer.location)
    assert bundle.status_code == 200 and "immutable" in bundle.headers["Cache-Control"]
    assert len(bundle.data) < 2_000_000 and b"window.Plotly" in bundle.data   # dcc.Graph draws with window.Plotly


@pytest.mark.parametrize("module", ["compare", "rankings", "map", "focus", "data", "methods", "sql", "place", "document"])
def test_each_page_declares_charts_exactly_when_its_layout_has_a_graph(app, module):
    import importlib
    page = importlib.import_module(f"dashboard.pages.{module}")
    kwargs = {"place_key": "220800"} if module == "place" else {"document_id": "d4"} if module == "document" else {}
    with app.server.test_request_context("/"):
        # as Dash sends it: a chart page's layout holds its first figure (dashboard/firstview.drawn)
        laid_out = json.dumps(page.layout(**kwargs), cls=plotly.utils.PlotlyJSONEncoder)
    # a Place chart waits in its slot as JSON inside the layout's: "Graph" is quoted there as \"Graph\"
    assert bool(re.search(r'\\?"type\\?": \\?"Graph\\?"', laid_out)) == getattr(page, "CHARTS", False)


def route(client, path: str, loaded) -> dict:
    """The router's answer for `path` to a browser whose store says it has `loaded`."""
    call = {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "state": [{"id": bundles.LOADED, "property": "data", "value": loaded}],
            "changedPropIds": ["_pages_location.pathname"]}
    answer = client.post("/_dash-update-component", json=call)
    assert answer.status_code == 200
    return answer.get_json()


def test_a_grid_page_reached_by_a_link_brings_ag_grid_unless_the_browser_has_it(client):
    brought = route(client, "/rankings", [])
    urls = [d["url"] for d in brought["dist"]]
    assert urls and all("/dash_ag_grid/" in u for u in urls)
    assert all(client.get(u).status_code == 200 for u in urls)
    assert "dist" not in route(client, "/rankings", ["dash_ag_grid"])
    assert "dist" not in route(client, "/", [])                    # no grid, nothing to bring
    # the first call, before the browser has said anything: the page's own scripts named ag-grid
    assert "dist" not in route(client, "/rankings", None)
    assert "rankings-table" in json.dumps(brought["response"])    # the page itself, as before


def test_the_router_state_never_reaches_a_page_as_a_parameter(client):
    answer = json.dumps(route(client, "/", ["dash_ag_grid"])["response"], ensure_ascii=False)
    assert "unknown parameter" not in answer and bundles.LOADED_KEY not in answer
