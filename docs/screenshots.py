"""Screenshots of every page for the README, from the warehouse of the bundled corpus.

    python docs/screenshots.py [--db data/warehouse.duckdb]     (run `make run` once first)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.testing import chromium, served, wait_for_chart  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
VIEWS = {  # file → (address, what must be on screen, click the first bar?)
    "compare": ("/?metric=deputy_suggestions&places=410100,110000,130600,350400,500000,430600&per_year=1",
                "#compare-graph .bars", True),
    "rankings": ("/rankings?metric=appointments", "#rankings-table .ag-row", False),
    "map": ("/map?metric=reports_reviewed", "#map-graph .choroplethlayer path", False),
    "focus": ("/focus?places=410100,110000,130600&show=410100&term=代表联络站", ".focus-sentences .evidence-mark",
              False),
    "data": ("/data?body=npc_sc&metric=laws_enacted", "#data-grid .ag-row", False),
    "methods": ("/methods", "#methods-coverage .heatmaplayer", False),
    "place": ("/place/410100", "#place-figures", False),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(ROOT / "data" / "warehouse.duckdb"))
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with served(args.db) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for name, (address, ready, click) in VIEWS.items():
            page.goto(url + address)
            wait_for_chart(page, ready)
            if click:
                box = page.locator("#compare-graph .bars .point path").first.bounding_box()
                page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.wait_for_selector(".evidence-panel")
            page.wait_for_timeout(500)
            page.screenshot(path=OUT / f"{name}.png", full_page=name != "place")
            print(OUT / f"{name}.png")


if __name__ == "__main__":
    main()
