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
    # a page drawn whole with its layout (Place) sends none; the filtered pages send theirs
    assert all(v.callbacks for v in views if v.page in ("/", "/rankings", "/map", "/data"))
    assert any(address.endswith(".js") or ".js?" in address for address in static)
