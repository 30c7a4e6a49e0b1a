"""The first page comes with the app's layout (dashboard/firstview.py): the layout a page asks for holds
that page, its location already there and the libraries its scripts named, and a chart page's first
view as its callback draws it; without a Referer of this app, the layout is Dash's own and the router
draws the page (the app's Flask server, no browser; test_browser drives it in Chromium)."""
import importlib
import json
import urllib.request

import plotly.utils
import pytest

from dashboard import bundles
from dashboard.app import create_app
from fixture_warehouse import fixture_warehouse_file

HOST = "http://localhost"   # the test client's host


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(fixture_warehouse_file(tmp_path_factory.mktemp("firstview") / "fixture.duckdb"))


@pytest.fixture(scope="module")
def client(app):
    client = app.server.test_client()
    client.get("/")   # Dash registers its router on the first request
    return client


@pytest.fixture(scope="module")
def served_callbacks(fixture_url) -> list[dict]:
    """The callback list as the browser has it, from the app served: the pages' callbacks go to the
    first app made in a process, which in a whole run of the tests is another module's."""
    with urllib.request.urlopen(fixture_url + "/_dash-dependencies", timeout=30) as answer:
        return json.load(answer)


def key(component_id) -> str:
    return json.dumps(component_id, sort_keys=True)


def layout(client, referrer: str | None) -> tuple[dict, dict]:
    """The layout as a page at `referrer` gets it: its answer, and its components by id."""
    answer = client.get("/_dash-layout", headers={"Referer": referrer} if referrer else {})
    assert answer.status_code == 200
    found = {}

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("props"), dict) and node["props"].get("id") is not None:
                component_id = node["props"]["id"]   # a pattern's (a dict) by its JSON
                found[component_id if isinstance(component_id, str) else key(component_id)] = node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(answer.get_json())
    return answer, found


def test_the_layout_holds_the_page_that_asked_for_it_with_its_filters(client):
    answer, found = layout(client, HOST + "/rankings?kind=term")
    assert found["rankings-kind"]["props"]["value"] == "term"
    location = found["_pages_location"]["props"]
    assert (location["pathname"], location["search"]) == ("/rankings", "?kind=term")   # nothing to tell the router
    assert found["_pages_store"]["props"]["data"]["title"].startswith("排名")
    assert found[bundles.LOADED]["props"]["data"] == ["dash_ag_grid"]   # the page's scripts named it
    assert answer.headers["Cache-Control"] == "no-store" and "Referer" in answer.headers["Vary"]


@pytest.mark.parametrize("path, page_id, loaded", [("/", "compare-graph", []), ("/map", "map-graph", []),
                                                     ("/place/220800", "place-figures", ["dash_ag_grid"])])   # a place with figures: their grid
def test_each_page_comes_with_the_layout(client, path, page_id, loaded):
    _, found = layout(client, HOST + path)
    assert page_id in found and found[bundles.LOADED]["props"]["data"] == loaded
    assert found["_pages_location"]["props"]["pathname"] == path


def test_an_unknown_address_gets_the_page_not_found_in_the_layout(client):
    _, found = layout(client, HOST + "/no/such/page")
    assert "Page not found" in json.dumps(found["_pages_content"], ensure_ascii=False)


@pytest.mark.parametrize("referrer", [None, "http://elsewhere.example/rankings", "not a url"])
def test_without_a_referer_of_this_app_the_router_draws_the_page(client, referrer):
    _, found = layout(client, referrer)
    assert found["_pages_content"]["props"].get("children") is None and "rankings-kind" not in found
    assert found["_pages_location"]["props"].get("pathname") is None   # it tells the router where it is
    assert found[bundles.LOADED]["props"].get("data") is None


def test_a_page_s_head_fetches_the_layout_and_callbacks_before_its_scripts(client):
    page = client.get("/map").get_data(as_text=True)
    for name in ("_dash-layout", "_dash-dependencies"):
        tag = f'<link rel="preload" href="/{name}" as="fetch" crossorigin>'
        assert tag in page and page.index(tag) < page.index("<script")


# a chart page opened at an address, its query written in the order of the page's PARAMS (as the
# page writes it back): what the page's chart callback draws and what its store of the address holds
CHART_VIEWS = [("compare", "/?metric=sessions&places=220800,110000&kind=term"), ("compare", "/?metric=appointments&view=time&from=2018"),
               ("map", "/map?metric=sessions&level=provincial&kind=term"), ("methods", "/methods?body=cppcc_sc")]


@pytest.mark.parametrize("module, path", CHART_VIEWS)
def test_a_chart_page_comes_with_what_its_callback_draws_for_its_controls(app, client, served_callbacks, module,
                                                                          path):
    page = importlib.import_module(f"dashboard.pages.{module}")
    _, found = layout(client, HOST + path)
    first = page.OUTPUTS[0]
    callback = next(c for c in served_callbacks if f"..{first.component_id}.{first.component_property}." in c["output"])
    assert callback["prevent_initial_call"]   # nothing left for a callback on load
    controls = [found[i["id"]]["props"].get(i["property"]) for i in callback["inputs"]]
    with app.server.test_request_context("/"):
        answer = json.loads(json.dumps(page.update(*controls), cls=plotly.utils.PlotlyJSONEncoder))
    for output, value in zip(page.OUTPUTS, answer, strict=True):
        drawn = found[output.component_id if isinstance(output.component_id, str) else key(output.component_id)]
        assert drawn["props"].get(output.component_property) == value, output
    assert found[f"{module}-query"]["props"]["data"] == "?" + path.partition("?")[2]
    assert found[first.component_id]["props"][first.component_property]["data"]   # a chart, not an empty figure
