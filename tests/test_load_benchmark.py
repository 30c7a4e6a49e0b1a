"""The load benchmark (benchmarks/load.py, run by `make bench`) can record what a browser sends to
open every page it replays: its address list and the selector it waits for on each page must match
the app as it is, or the benchmark stops with a timeout before any user is started."""
import sys

import pytest

from conftest import ROOT
from dashboard.testing import chromium_missing

sys.path.insert(0, str(ROOT / "benchmarks"))
import load  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.skipif(chromium_missing() is not None, reason=str(chromium_missing()))]


def test_every_view_the_load_benchmark_replays_opens_and_sends_its_callbacks(fixture_db, fixture_url):
    paths = load.views_of(fixture_db)
    views, static = load.record(fixture_url, paths)
    assert {v.page for v in views} == set(load.READY)
    assert [v.path for v in views] == [load.quote(p, safe="/?=&,:") for p in paths]
    # the pages drawn whole with their layout (Place; the chart pages with their first chart:
    # dashboard/firstview.drawn) send none as they open; the grid pages send theirs, and a click on a
    # bar of Compare its evidence's
    assert all(v.callbacks for v in views if v.page in ("/rankings", "/data"))
    assert not any(v.callbacks for v in views if v.page in ("/map", "/methods", "/place"))
    assert any(v.callbacks for v in views if v.page == "/")
    assert any(address.endswith(".js") or ".js?" in address for address in static)
