"""Map: a choropleth of one metric over one period (like with like, as on Rankings) by province,
prefecture or county, with the South China Sea islands and the dash line; click a region for its
evidence."""
from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html

from .. import components, evidence, firstview, geo, mapchart, periods, text, urlstate
from ..urlstate import Param
from ..warehouse import current

PATH, NAME = "/map", "地图 · Map"
CHARTS = True   # it draws plotly charts: plotly.js is preloaded with its scripts (dashboard/bundles.py)
MAP_LEVELS = {"prefecture": "地级 · by prefecture (municipalities whole)", "provincial": "省级 · by province",
              "county": "县级 · by county (county bodies)"}
PARAMS = [Param("body", urlstate.choice(text.BODIES), "npc_sc"),
          Param("metric", str),
          Param("level", urlstate.choice(MAP_LEVELS), "prefecture"),
          *periods.PARAMS,
          *evidence.SHOW_PARAMS]
FILTERS = ["body", "metric", "level", "kind", "period"]
# plotly.js asks for a world outline file even when the map is drawn from our own shapes: serve an
# empty one from assets/ instead of letting the browser go to a CDN
PLOT_CONFIG = {"displaylogo": False, "topojsonURL": "/assets/topojson/"}

# what update() draws, for the callback and for the layout that holds its first answer (firstview.drawn)
OUTPUTS = [Output("map-graph", "figure"), Output("map-note", "children"),
           Output("map-period", "options"), Output("map-period", "placeholder"),
           *components.export_outputs("map-graph"), Output("map-query", "data")]

components.register_url_sync("map", selection=True, drawn=True)
components.register_metric_follows_body("map")
components.register_kind_resets_period("map")
evidence.register("map", FILTERS)


def checked(wh, query: dict) -> tuple[dict, list[str]]:
    """The page's filters from a link or a callback, each checked; what was not understood, said."""
    state, problems = urlstate.read(query, PARAMS)
    state["metric"] = components.checked_metric(wh, state["body"], state["metric"], problems)
    return state, problems


def layout(**query) -> html.Div:
    wh = current()
    state, problems = checked(wh, query)
    return firstview.drawn(html.Div([
        components.page_header("地图 · Map", "灰色为未报告 · grey: the body there does not report this metric "
                                             "(or is not in the warehouse); click a region for its evidence"),
        components.problems_alert(problems),
        dbc.Row([
            components.field("机构 · body", components.body_picker("map-body", state["body"]), 4),
            components.field("指标 · metric", components.metric_picker("map-metric", wh, state["body"],
                                                                     state["metric"]), 5),
            components.field("层级 · level", components.level_picker("map-level", state["level"], MAP_LEVELS,
                                                                    clearable=False), 3),
        ]),
        dbc.Row([
            components.field("期别 · kind of period", components.kind_picker("map-kind", state["kind"]), 8),
            components.field("时期 · period", components.period_picker("map-period", state["period"]), 4),
        ]),
        html.Div(id="map-note", className="text-muted small"),
        components.export_bar("map-graph"),
        dcc.Loading(dcc.Graph(id="map-graph", config=PLOT_CONFIG), delay_show=300),
        *evidence.panel("map", state),
        *components.url_sync("map"),
    ]), OUTPUTS, update(*(state[name] for name in FILTERS)))


@callback(*OUTPUTS, *[Input(f"map-{name}", "value") for name in FILTERS], prevent_initial_call=True)
def update(body, metric, level, kind, period):
    """The map, a note on what it draws, the period picker's choices, what its downloads carry and
    the view's address (the open evidence adds its part: evidence.shown). Called by the layout for the
    page's first view, and on each change of filter."""
    wh = current()
    state, problems = checked(wh, dict(zip(FILTERS, (body, metric, level, kind, period))))
    row = wh.metric_row(state["body"], state["metric"])
    choice, reported = periods.chosen(wh, state, problems)
    rows, drawn = regions(wh, state, choice)
    unlocated = int(rows.adcode.isna().sum())
    other_levels = len(rows) - len(drawn) - unlocated
    title = text.metric_label(row.label_zh, row.label_en)
    note = (f"{title}: {choice.label()}; {len(drawn)} / {len(geo.shapes(state['level'])['features'])} "
            f"个地区有数据 · regions report it"
            + (f"; {other_levels} 个其他层级的地区未画出 · places of other levels are not drawn" if other_levels else "")
            + (f"; {unlocated} 个未定位地区的数字未画出 · {unlocated} "
               + ("figures of unlocated places" if unlocated > 1 else "figure of an unlocated place")
               + " not drawn (no adcode; see Rankings)" if unlocated else "")
            + ("; " + text.INFERRED_NOTE if drawn.period_inferred.any() else ""))
    subtitle = f"{text.BODIES[state['body']]} · {choice.label()} · {MAP_LEVELS[state['level']]}"
    meta = components.export_meta("map-graph", title, subtitle, drawn.sources, f"map_{state['metric']}")
    query = urlstate.write(state, PARAMS)
    return (mapchart.map_figure(drawn, state["level"], row.unit), components.noted(note, problems),
            periods.options(choice, reported, wh.years(state["body"])), periods.placeholder(choice), meta,
            "/download/chart/map.csv" + query, query)


def regions(wh, state: dict, choice: periods.Choice) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every place's figure of the period, and those the map draws (the shapes of its level decide)."""
    rows = wh.query("ranking", limit=0 if choice.empty else None, metric=state["metric"], body=state["body"],
                    province=None, level=None, **choice.query)
    drawn = rows[rows.adcode.isin(geo.bounds(state["level"]).keys())]
    return rows, drawn


def csv_rows(query: dict) -> tuple[pd.DataFrame, str]:
    """The figures of the regions this map draws, and a file name."""
    wh = current()
    state, problems = checked(wh, query)
    _, drawn = regions(wh, state, periods.chosen(wh, state, problems)[0])
    return components.chart_csv(drawn, state, problems), f"map_{state['level']}_{state['metric']}"
