"""Map: a choropleth of one metric by province or by prefecture; click a region for its evidence."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from .. import charts, components, geo, text, urlstate
from ..evidence import evidence_for_click
from ..urlstate import Param
from ..warehouse import current

PATH, NAME = "/map", "地图 · Map"
MAP_LEVELS = {"prefecture": "地级 · by prefecture (municipalities whole)", "provincial": "省级 · by province"}
PARAMS = [Param("body", urlstate.choice(text.BODIES), "npc_sc"),
          Param("metric", str),
          Param("level", urlstate.choice(MAP_LEVELS), "prefecture"),
          Param("year", urlstate.year),
          Param("per_year", urlstate.flag, False)]
# plotly.js asks for a world outline file even when the map is drawn from our own shapes: serve an
# empty one from assets/ instead of letting the browser go to a CDN
PLOT_CONFIG = {"displaylogo": False, "topojsonURL": "/assets/topojson/"}

components.register_url_sync("map")
components.register_metric_follows_body("map")


def checked(wh, query: dict) -> tuple[dict, list[str]]:
    """The page's filters from a link or a callback, each checked; what was not understood, said."""
    state, problems = urlstate.read(query, PARAMS)
    state["metric"] = components.checked_metric(wh, state["body"], state["metric"], problems)
    return state, problems


def layout(**query) -> html.Div:
    wh = current()
    state, problems = checked(wh, query)
    return html.Div([
        components.page_header("地图 · Map", "灰色为未报告 · grey: the body there does not report this metric "
                                             "(or is not in the warehouse); click a region for its evidence"),
        components.problems_alert(problems),
        dbc.Row([
            components.field("机构 · body", components.body_picker("map-body", state["body"]), 4),
            components.field("指标 · metric", components.metric_picker("map-metric", wh, state["body"],
                                                                     state["metric"]), 4),
            components.field("层级 · level", components.level_picker("map-level", state["level"], MAP_LEVELS,
                                                                    clearable=False), 2),
            components.field("截止年 · period ending in", components.year_picker(
                "map-year", wh.years(), state["year"], "各地最新 · latest"), 2),
        ]),
        components.per_year_switch("map-per-year", state["per_year"]),
        html.Div(id="map-note", className="text-muted small"),
        dcc.Loading(dcc.Graph(id="map-graph", config=PLOT_CONFIG), delay_show=300),
        html.Div(id="map-evidence"),
        *components.url_sync("map"),
    ])


@callback(Output("map-graph", "figure"), Output("map-note", "children"), Output("map-query", "data"),
          Input("map-body", "value"), Input("map-metric", "value"), Input("map-level", "value"),
          Input("map-year", "value"), Input("map-per-year", "value"))
def update(body, metric, level, year, per_year):
    wh = current()
    state, problems = checked(wh, {"body": body, "metric": metric, "level": level, "year": year,
                                   "per_year": per_year})
    body, metric, per_year = state["body"], state["metric"], state["per_year"]
    row = wh.metric_row(body, metric)
    shapes = geo.shapes(state["level"])
    # each place's latest figure (or the year's); the shapes decide which places are drawn
    rows = wh.query("ranking", metric=metric, body=body, province=None, level=None, year=state["year"],
                    per_year=per_year)
    drawn = rows[rows.adcode.isin({f["properties"]["adcode"] for f in shapes["features"]})]
    unlocated = int(rows.adcode.isna().sum())
    other_levels = len(rows) - len(drawn) - unlocated
    note = (f"{text.metric_label(row.label_zh, row.label_en)}: {len(drawn)} / {len(shapes['features'])} "
            f"个地区有数据 · regions report it"
            + (f"; {other_levels} 个其他层级的地区未画出 · places of other levels are not drawn" if other_levels else "")
            + (f"; {unlocated} 个未定位地区的数字未画出 · {unlocated} "
               + ("figures of unlocated places" if unlocated > 1 else "figure of an unlocated place")
               + " not drawn (no adcode; see Rankings)" if unlocated else ""))
    figure = charts.map_figure(drawn, shapes, geo.url(state["level"]), row.unit, per_year)
    return figure, components.noted(note, problems), urlstate.write(state, PARAMS)


@callback(Output("map-evidence", "children"), Input("map-graph", "clickData"),
          State("map-body", "value"), State("map-metric", "value"), prevent_initial_call=True)
def show_evidence(click, body, metric):
    return evidence_for_click(click, body, metric)
