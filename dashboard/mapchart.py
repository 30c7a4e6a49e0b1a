"""The Map page's choropleth: China by province, prefecture or county, with the South China Sea
islands and the dash line in an inset at the lower right, as a map of China published there shows
them.

Regions that report the metric are coloured on a scale whose lowest colour is a clear blue; those
that do not are light grey, and a key at the lower left says so ("not reported" is never a pale
shade of the scale, nor 0).
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import geo, text
from .charts import FONT, corrected_notes, period_hover, unchecked_figure

NOT_REPORTED_COLOUR = "#e6e6e6"
SCALE = [[0.0, "#9ecae1"], [0.5, "#3a7dbf"], [1.0, "#08306b"]]
BORDER = dict(color="white", width=0.5)
LINE_COLOUR = "#4d5d6c"
MAIN = dict(lon=(73.0, 135.5), lat=(17.0, 54.0))        # the mainland, Hainan and Taiwan
INSET = dict(lon=(105.5, 123.5), lat=(2.5, 24.5))       # the South China Sea down to 曾母暗沙
INSET_DOMAIN = dict(x=[0.80, 1.0], y=[0.0, 0.38])
HEIGHT = 620


def in_inset(box: tuple[float, float, float, float]) -> bool:
    west, south, east, north = box
    return west < INSET["lon"][1] and east > INSET["lon"][0] and south < INSET["lat"][1] and north > INSET["lat"][0]


def hover_lines(drawn: pd.DataFrame, unit: str) -> list[str]:
    figures = [text.figure_text(int(v), None if c else q) for v, q, c in zip(drawn.value, drawn.qualifier,
                                                                             drawn.conflict)]
    return [f"<b>{p}</b><br>{f} {unit} · {h}{n}" for p, f, h, n in
            zip(drawn.place, figures, period_hover(drawn), corrected_notes(drawn))]


def map_figure(rows: pd.DataFrame, level: str, unit: str) -> go.Figure:
    """A choropleth of `rows` (adcode, place, value, period …) on the shapes of `level`.

    The outlines are not in the figure: every layer names the address the browser fetches them from
    once (geo.url); the grey layer lists the silent places, the coloured one the rest, and the inset
    only the places that reach into it."""
    rows = rows.drop_duplicates("adcode").set_index("adcode")
    shapes, boxes, outlines = geo.shapes(level)["features"], geo.bounds(level), geo.url(level)
    traces = []
    for geo_id, keep in (("geo", lambda f: True), ("geo2", lambda f: in_inset(boxes[f["properties"]["adcode"]]))):
        features = [f for f in shapes if keep(f)]
        silent = [f for f in features if f["properties"]["adcode"] not in rows.index]
        reporting = [f["properties"]["adcode"] for f in features if f["properties"]["adcode"] in rows.index]
        traces.append(dict(type="choropleth", geojson=outlines, featureidkey="properties.adcode",
                           locations=[f["properties"]["adcode"] for f in silent], z=[0] * len(silent), geo=geo_id,
                           colorscale=[[0, NOT_REPORTED_COLOUR], [1, NOT_REPORTED_COLOUR]], showscale=False,
                           name=text.NOT_REPORTED, marker=dict(line=BORDER), hoverinfo="text",
                           hovertext=[f"{f['properties']['name']}<br>{text.NOT_REPORTED}" for f in silent]))
        if reporting:
            drawn = rows.loc[reporting]
            traces.append(dict(type="choropleth", geojson=outlines, geo=geo_id, featureidkey="properties.adcode",
                               locations=reporting, z=drawn.value.tolist(), coloraxis="coloraxis",
                               marker=dict(line=BORDER), name="",
                               customdata=drawn[["place_key", "period_start", "period_end"]].to_numpy().tolist(),
                               hovertext=hover_lines(drawn, unit), hoverinfo="text"))
        lons, lats = geo.dash_line()
        traces.append(dict(type="scattergeo", lon=lons, lat=lats, mode="lines", geo=geo_id,
                           line=dict(color=LINE_COLOUR, width=1.5), hoverinfo="skip", showlegend=False,
                           name="南海断续线 · dash line"))
    lons, lats = geo.islands()   # too small to see as shapes: a dot each, in the inset
    traces.append(dict(type="scattergeo", lon=lons, lat=lats, mode="markers", geo="geo2",
                       marker=dict(color=LINE_COLOUR, size=2.5), hoverinfo="skip", showlegend=False,
                       name="南海诸岛 · South China Sea islands"))
    common = dict(visible=False, projection=dict(type="mercator"), showland=False, showcountries=False,
                  showcoastlines=False, bgcolor="rgba(0,0,0,0)")
    layout = dict(
        geo=dict(**common, lonaxis=dict(range=MAIN["lon"]), lataxis=dict(range=MAIN["lat"]),
                 domain=dict(x=[0, 1], y=[0, 1])),
        geo2=dict(**common, lonaxis=dict(range=INSET["lon"]), lataxis=dict(range=INSET["lat"]), domain=INSET_DOMAIN,
                  showframe=True, framecolor="#888", framewidth=1),
        coloraxis=dict(colorscale=SCALE, colorbar=dict(title=dict(text=unit), len=0.55, y=0.75, thickness=14),
                       cmin=float(rows.value.min()) if len(rows) else 0,
                       cmax=float(rows.value.max()) if len(rows) else 1),
        annotations=[dict(text=text.NOT_REPORTED, x=0.01, y=0.02, xref="paper", yref="paper", xanchor="left",
                          showarrow=False, font=dict(size=12, color="#333"), bgcolor=NOT_REPORTED_COLOUR,
                          bordercolor="#999", borderwidth=1, borderpad=4),
                     dict(text="南海诸岛 · South China Sea islands", x=0.9, y=INSET_DOMAIN["y"][1], xref="paper",
                          yref="paper", yanchor="bottom", showarrow=False, font=dict(size=10, color="#555"))],
        height=HEIGHT, margin=dict(l=0, r=0, t=10, b=0), font=dict(family=FONT), clickmode="event", showlegend=False)
    return unchecked_figure(traces, layout)
