"""The load benchmark (benchmarks/load.py, run by `make bench`) can record what a browser sends to
open every page it replays: its address list and the selector it waits for on each page must match
the app as it is, or the benchmark stops with a timeout before any user is started."""
import json
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
    # the pages come drawn with their layout (their first chart and a grid's first block:
    # dashboard/firstview.drawn, gridblocks) and send none as they open; a click on a bar (Compare,
    # Rankings) sends its evidence's
    sent = {v.page: [] for v in views}
    for v in views:
        sent[v.page] += [json.loads(body)["output"] for _, body in v.callbacks]
    drawn = ("/", "/rankings", "/data", "/map", "/methods", "/place")
    assert all("-evidence.children" in output for page in drawn for output in sent[page]), sent
    assert any(sent["/"]) and any(sent["/rankings"])
    assert any(address.endswith(".js") or ".js?" in address for address in static)
