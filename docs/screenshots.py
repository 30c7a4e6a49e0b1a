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
DESKTOP, PHONE = {"width": 1400, "height": 1000}, {"width": 390, "height": 844}
VIEWS = {  # file → (address, what must be on screen, click the first bar?)
    "compare": ("/?metric=deputy_suggestions&places=410100,110000,130600,350400,500000,430600&kind=mixed",
                "#compare-graph .bars", True),
    "over_time": ("/?metric=laws_enacted&places=500000,410100,110000,130600,220100&view=time",
                  "#compare-graph .scatterlayer", False),
    "rankings": ("/rankings?metric=appointments", "#rankings-table .ag-row", False),
    "map": ("/map?metric=reports_reviewed", "#map-graph .choroplethlayer path", False),
    "focus": ("/focus?places=410100,110000,130600&show=410100&term=代表联络站", ".focus-sentences .evidence-mark",
              False),
    "data": ("/data?body=npc_sc&metric=laws_enacted", "#data-grid .ag-row", False),
    "methods": ("/methods", "#methods-coverage .heatmaplayer", False),
    "place": ("/place/500000", "#place-figures", False),
}
PHONE_VIEWS = {"phone_compare": "compare", "phone_rankings": "rankings", "phone_map": "map", "phone_data": "data",
               "phone_place": "place"}


def shoot(page, url: str, name: str, view: tuple, full_page: bool) -> None:
    address, ready, click = view
    page.goto(url + address)
    wait_for_chart(page, ready)
    if click:
        page.wait_for_timeout(1000)   # the chart settles (its period picker and note are filled in after it)
        box = page.locator("#compare-graph .bars .point path").first.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector(".evidence-panel")
    page.wait_for_timeout(500)
    page.screenshot(path=OUT / f"{name}.png", full_page=full_page)
    print(OUT / f"{name}.png")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=str(ROOT / "data" / "warehouse.duckdb"))
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with served(args.db) as url, chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        for name, view in VIEWS.items():
            shoot(page, url, name, view, full_page=name != "place")
        phone = browser.new_page(viewport=PHONE, device_scale_factor=2)
        for name, view in PHONE_VIEWS.items():   # the top of each page, as a phone shows it, nothing clicked
            shoot(phone, url, name, VIEWS[view][:2] + (False,), full_page=False)


if __name__ == "__main__":
    main()
