"""Compare: one metric across chosen places, as bars; click a bar to read its evidence."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from .. import charts, components, text, urlstate
from ..evidence import evidence_for_click
from ..urlstate import Param
from ..warehouse import current

PATH, NAME = "/", "对比 · Compare"
TOP = 30   # bars shown when no places are chosen
PARAMS = [Param("body", urlstate.choice(text.BODIES), "npc_sc"),
          Param("metric", str),
          Param("places", urlstate.key_list, []),
          Param("from", urlstate.year),
          Param("to", urlstate.year),
          Param("per_year", urlstate.flag, False)]

components.register_url_sync("compare")


def checked(wh, query: dict) -> tuple[dict, list[str]]:
    """The page's filters from a link or a callback, each checked; what was not understood, said."""
    state, problems = urlstate.read(query, PARAMS)
    state["metric"] = components.checked_metric(wh, state["body"], state["metric"], problems)
    state["places"] = components.checked_places(state["places"], problems)
    return state, problems


def layout(**query) -> html.Div:
    wh = current()
    state, problems = checked(wh, query)
    years = wh.years()
    return html.Div([
        components.page_header("城市对比 · Compare places",
                               "一个指标，多个地区 · one metric across places; click a bar to read where it came from"),
        components.problems_alert(problems),
        dbc.Row([
            components.field("机构 · body", components.body_picker("compare-body", state["body"]), 4),
            components.field("指标 · metric", components.metric_picker("compare-metric", wh, state["body"],
                                                                     state["metric"]), 4),
            components.field("从 · from", components.year_picker("compare-from", years, state["from"], "最早 · earliest"),
                             2),
            components.field("到 · to", components.year_picker("compare-to", years, state["to"], "最新 · latest"), 2),
        ]),
        dbc.Row([
            components.field("地区 · places", components.place_picker("compare-places", wh, state["body"],
                                                                     state["places"]), 8),
            dbc.Col(components.per_year_switch("compare-per-year", state["per_year"]), md=4, className="pt-4"),
        ]),
        html.Div(id="compare-note", className="text-muted small"),
        dcc.Loading(dcc.Graph(id="compare-graph", config={"displaylogo": False}), delay_show=300),
        html.Div(id="compare-evidence"),
        *components.url_sync("compare"),
    ])


@callback(Output("compare-metric", "options"), Output("compare-metric", "value"),
          Output("compare-places", "options"),
          Input("compare-body", "value"), State("compare-metric", "value"), prevent_initial_call=True)
def body_changed(body, metric):
    """The metrics and places of the chosen body; the metric is kept where that body has it too."""
    wh = current()
    body = checked(wh, {"body": body})[0]["body"]   # update(), called with the same body, says what was wrong
    return (components.metric_options(wh, body), components.checked_metric(wh, body, metric, []),
            components.place_options(wh, body))


@callback(Output("compare-graph", "figure"), Output("compare-note", "children"), Output("compare-query", "data"),
          Input("compare-body", "value"), Input("compare-metric", "value"), Input("compare-places", "value"),
          Input("compare-from", "value"), Input("compare-to", "value"), Input("compare-per-year", "value"))
def update(body, metric, places, year_from, year_to, per_year):
    """The chart, a note on what it shows, and the query string of this view."""
    wh = current()
    state, problems = checked(wh, {"body": body, "metric": metric, "places": places, "from": year_from,
                                   "to": year_to, "per_year": per_year})
    figure, note = drawn(wh, state)
    return figure, components.noted(note, problems), urlstate.write(state, PARAMS)


def drawn(wh, state: dict):
    """The chart and its note for checked filters."""
    body, metric, places, year_from, year_to, per_year = (state[k] for k in ("body", "metric", "places", "from",
                                                                              "to", "per_year"))
    row = wh.metric_row(body, metric)
    if inverted := charts.inverted_years_figure(year_from, year_to):
        return inverted, ""
    params = dict(metric=metric, body=body, places=places or None, year_from=year_from, year_to=year_to,
                  per_year=per_year)
    title = text.metric_label(row.label_zh, row.label_en)
    if places:
        rows = wh.query("compare", **params)
        reported = set(rows.place_key)
        missing = [wh.place_name(k) for k in places if k not in reported]
        note = f"{title}: {rows.place_key.nunique()} / {len(places)} 个地区有数据 · places report it"
    else:   # no choice yet: the largest figures
        rows, missing = wh.query("compare", limit=TOP, **params), []
        total = wh.count("compare", **params)
        note = (f"{title}: {total:,} 个数字 · figures (a place and a period each)"
                + (f"; 显示最大的{TOP}个 · showing the {TOP} largest — choose places to compare others"
                   if total > TOP else ""))
    return charts.bar_figure(rows, row.unit, per_year, missing), note


@callback(Output("compare-evidence", "children"), Input("compare-graph", "clickData"),
          State("compare-body", "value"), State("compare-metric", "value"), prevent_initial_call=True)
def show_evidence(click, body, metric):
    return evidence_for_click(click, body, metric)
