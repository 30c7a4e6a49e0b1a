"""Compare: one metric across chosen places, as bars of one period (like with like: annual figures
of one year, or term reviews of one term, unless mixing is chosen), or over time; click a bar or a
point to read its evidence."""
from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from .. import charts, components, evidence, firstview, periods, text, timecharts, urlstate
from ..urlstate import Param
from ..warehouse import current

PATH, NAME = "/", "对比 · Compare"
CHARTS = True   # it draws plotly charts: plotly.js is preloaded with its scripts (dashboard/bundles.py)
TOP = 30                # bars shown when no places are chosen
OVER_TIME_PLACES = 6    # lines drawn when no places are chosen: the places with the most periods
VIEWS = {"bars": "柱状图 · bars (one period)", "time": "历年 · over time"}
PARAMS = [Param("body", urlstate.choice(text.BODIES), "npc_sc"),
          Param("metric", str),
          Param("places", urlstate.key_list, []),
          Param("view", urlstate.choice(VIEWS), "bars"),
          *periods.PARAMS,
          Param("from", urlstate.year),
          Param("to", urlstate.year),
          *evidence.SHOW_PARAMS]
FILTERS = ["body", "metric", "places", "view", "kind", "period", "from", "to"]   # the controls, by param name
HIDDEN = {"display": "none"}

# what update() draws, for the callback and for the layout that holds its first answer (firstview.drawn)
OUTPUTS = [Output("compare-graph", "figure"), Output("compare-note", "children"),
           Output("compare-period", "options"), Output("compare-period", "placeholder"),
           Output("compare-bar-controls", "style"), Output("compare-time-controls", "style"),
           *components.export_outputs("compare-graph"), Output("compare-query", "data")]

components.register_url_sync("compare", selection=True, drawn=True)
components.register_kind_resets_period("compare")
components.register_place_search("compare-places")
evidence.register("compare", FILTERS)


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
    return firstview.drawn(html.Div([
        components.page_header("城市对比 · Compare places",
                               "一个指标，多个地区 · one metric across places; click a bar or a point to read "
                               "where it came from"),
        components.problems_alert(problems),
        dbc.Row([
            components.field("机构 · body", components.body_picker("compare-body", state["body"]), 4),
            components.field("指标 · metric", components.metric_picker("compare-metric", wh, state["body"],
                                                                     state["metric"]), 8),
        ]),
        dbc.Row([components.field("地区 · places", components.place_picker("compare-places", wh, state["body"],
                                                                            state["places"]), 12)]),
        dbc.Row([
            components.field("视图 · view", dbc.RadioItems(
                id="compare-view", value=state["view"], inline=True, className="btn-group",
                inputClassName="btn-check", labelClassName="btn btn-outline-primary btn-sm",
                labelCheckedClassName="active",
                options=[{"label": label, "value": key} for key, label in VIEWS.items()]), 12),
        ]),
        dbc.Row([
            components.field("期别 · kind of period", components.kind_picker("compare-kind", state["kind"]), 8),
            components.field("时期 · period", components.period_picker("compare-period", state["period"]), 4),
        ], id="compare-bar-controls"),
        dbc.Row([
            components.field("从 · from", components.year_picker("compare-from", years, state["from"],
                                                                "最早 · earliest"), 3),
            components.field("到 · to", components.year_picker("compare-to", years, state["to"], "最新 · latest"), 3),
        ], id="compare-time-controls", style=HIDDEN),
        html.Div(id="compare-note", className="text-muted small"),
        components.export_bar("compare-graph"),
        dcc.Loading(dcc.Graph(id="compare-graph", config={"displaylogo": False}), delay_show=300),
        *evidence.panel("compare", state),
        *components.url_sync("compare"),
    ]), OUTPUTS, update(*(state[name] for name in FILTERS)))


@callback(Output("compare-metric", "options"), Output("compare-metric", "value"),
          Output(components.places_store("compare-places"), "data"),
          Input("compare-body", "value"), State("compare-metric", "value"), prevent_initial_call=True)
def body_changed(body, metric):
    """The metrics and places of the chosen body; the metric is kept where that body has it too."""
    wh = current()
    body = checked(wh, {"body": body})[0]["body"]   # update(), called with the same body, says what was wrong
    return (components.metric_options(wh, body), components.checked_metric(wh, body, metric, []),
            components.place_options(wh, body))


@callback(*OUTPUTS, *[Input(f"compare-{name}", "value") for name in FILTERS], prevent_initial_call=True)
def update(body, metric, places, view, kind, period, year_from, year_to):
    """The chart, a note on what it shows, the period picker's choices, which controls apply, what
    its downloads carry, and the view's address (the open evidence adds its part: evidence.shown).
    Called by the layout for the page's first view, and on each change of filter."""
    wh = current()
    state, problems = checked(wh, dict(zip(FILTERS, (body, metric, places, view, kind, period, year_from,
                                                     year_to))))
    view = chart(wh, state, problems)
    shown = (HIDDEN, None) if state["view"] == "time" else (None, HIDDEN)
    query = urlstate.write(state, PARAMS)
    return (view.figure, components.noted(view.note, problems), view.period_options, view.placeholder, *shown,
            view.meta, "/download/chart/compare.csv" + query, query)


class View:
    """What one state of the page draws: the figure, its rows (the CSV of the chart), a note."""

    def __init__(self, figure, rows: pd.DataFrame, note: str, meta: dict | None = None, period_options=(),
                 placeholder: str = ""):
        self.figure, self.rows, self.note, self.meta = figure, rows, note, meta
        self.period_options, self.placeholder = list(period_options), placeholder


def chart(wh, state: dict, problems: list[str]) -> View:
    """The view for checked filters: bars of one period, or the figures over time."""
    row = wh.metric_row(state["body"], state["metric"])
    title = text.metric_label(row.label_zh, row.label_en)
    if state["view"] == "time":
        return over_time(wh, state, row, title)
    choice, reported = periods.chosen(wh, state, problems)
    options = periods.options(choice, reported, wh.years(state["body"]))
    rows, missing, note = bar_rows(wh, state, choice, title)
    figure = (charts.message_figure(f"没有{text.KINDS[choice.kind]}数字 · this metric has no figures of this kind; "
                                    "try another kind") if choice.empty else
              charts.bar_figure(rows, row.unit, choice.mixed, missing))
    subtitle = f"{text.BODIES[state['body']]} · {choice.label()}"
    meta = components.export_meta("compare-graph", title, subtitle, rows.sources, f"compare_{state['metric']}")
    return View(figure, rows, note, meta, options, periods.placeholder(choice))


def bar_rows(wh, state: dict, choice: periods.Choice, title: str) -> tuple[pd.DataFrame, list[str], str]:
    """The figures the bars show, the chosen places that have none, and the note."""
    params = dict(metric=state["metric"], body=state["body"], places=state["places"] or None, **choice.query)
    if choice.empty:
        return wh.query("compare", limit=0, **params), [], f"{title}: {choice.label()}"
    if state["places"]:
        rows = wh.query("compare", **params)
        reported = set(rows.place_key)
        missing = [wh.place_name(k) for k in state["places"] if k not in reported]
        note = f"{title}: {choice.label()}; {rows.place_key.nunique()} / {len(state['places'])} 个地区有数据 · places report it"
    else:   # no choice yet: the largest figures
        rows, missing = wh.query("compare", limit=TOP, **params), []
        total = wh.count("compare", **params)
        note = (f"{title}: {choice.label()}; {total:,} 个数字 · figures"
                + (f"; 显示最大的{TOP}个 · showing the {TOP} largest — choose places to compare others"
                   if total > TOP else ""))
    if rows.period_inferred.any():
        note += "; " + text.INFERRED_NOTE
    return rows, missing, note


def over_time(wh, state: dict, row, title: str) -> View:
    """Each chosen place's figures across the years (or those of the places with the most periods)."""
    if inverted := charts.inverted_years_figure(state["from"], state["to"]):
        return View(inverted, pd.DataFrame(columns=["sources"]), "")
    places, default = state["places"], not state["places"]
    if default:   # counted by the warehouse: every figure of the metric was 70,000 rows to pandas (0.5 s)
        places = wh.query("most_periods", limit=OVER_TIME_PLACES, metric=state["metric"],
                          body=state["body"]).place_key.tolist()
    rows = wh.query("over_time", metric=state["metric"], body=state["body"], places=places,
                    year_from=state["from"], year_to=state["to"])
    names = {k: wh.place_name(k) for k in places}
    note = f"{title}: 历年 · over time; 年度报告为点，届内总结与跨年数字为横线（按年均画，标注合计）· annual " \
           "figures are points, term reviews and spans horizontal segments at their yearly average, labelled " \
           "with their total"
    if default:
        note += f"; 未选地区，显示报告期数最多的{len(places)}个 · no places chosen: the {len(places)} with the most periods"
    if rows.period_inferred.any():
        note += "; " + text.INFERRED_NOTE
    years = ("–".join(str(y) for y in (state["from"], state["to"]) if y) or
             (text.period_label(rows.period_start.min(), rows.period_end.max()) if not rows.empty else ""))
    subtitle = f"{text.BODIES[state['body']]} · 历年 · over time {years} · 年度、届内总结与跨年 · annual, term and span"
    meta = components.export_meta("compare-graph", title, subtitle, rows.sources, f"over_time_{state['metric']}")
    return View(timecharts.over_time_figure(rows, row.unit, places, names), rows, note, meta)


def csv_rows(query: dict) -> tuple[pd.DataFrame, str]:
    """The figures the chart of this view shows, and a file name (the chart's CSV download)."""
    wh = current()
    state, problems = checked(wh, query)
    view = chart(wh, state, problems)
    return components.chart_csv(view.rows, state, problems), f"compare_{state['view']}_{state['metric']}"
