"""Rankings: places ranked on one metric, with ties and how many places report it."""
from __future__ import annotations

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from .. import charts, components, text, urlstate
from ..evidence import evidence_for_click, place_href
from ..urlstate import Param
from ..warehouse import current

PATH, NAME = "/rankings", "排名 · Rankings"
CHART_ROWS = 30
PARAMS = [Param("body", urlstate.choice(text.BODIES), "npc_sc"),
          Param("metric", str),
          Param("province", str),
          Param("level", urlstate.choice(text.LEVELS)),
          Param("year", urlstate.year),
          Param("per_year", urlstate.flag, False)]
# display strings are made in the browser from raw fields: a national ranking has ~3,000 rows
COLUMNS = [
    dict(field="rank", headerName="名次 / 报告地区数 · rank of those reporting", width=230,
         valueFormatter={"function": "'第' + params.value + '名' + (params.data.tied ? '（并列）' : '') + ' / '"
                                     " + params.data.reporting + ' · ' + params.value"
                                     " + ((params.value % 100 >= 11 && params.value % 100 <= 13) ? 'th'"
                                     " : (['th', 'st', 'nd', 'rd'][params.value % 10] || 'th'))"
                                     " + (params.data.tied ? ' (tied)' : '') + ' of ' + params.data.reporting"}),
    dict(field="place", headerName="地区 · place", cellRenderer="markdown", width=150,
         valueGetter={"function": "'[' + params.data.place + '](' + params.data.href + ')'"}),
    dict(field="province", headerName="省份 · province", width=120),
    dict(field="level", headerName="层级 · level", width=100),
    dict(field="period", headerName="时期 · period", width=110),
    dict(field="shown", headerName="数值 · value", width=110, type="rightAligned"),
    dict(field="qualifier", headerName="限定 · qualifier", width=120),
]

components.register_url_sync("rankings")
components.register_metric_follows_body("rankings")


def checked(wh, query: dict) -> tuple[dict, list[str]]:
    """The page's filters from a link or a callback, each checked; what was not understood, said."""
    state, problems = urlstate.read(query, PARAMS)
    state["metric"] = components.checked_metric(wh, state["body"], state["metric"], problems)
    state["province"] = components.checked_province(wh, state["province"], problems)
    return state, problems


def layout(**query) -> html.Div:
    wh = current()
    state, problems = checked(wh, query)
    return html.Div([
        components.page_header("排名 · Rankings", "按一个指标给地区排名（并列同名次）· places ranked on one metric, "
                                                  "ties share a rank; each place's latest period unless a year is set"),
        components.problems_alert(problems),
        dbc.Row([
            components.field("机构 · body", components.body_picker("rankings-body", state["body"]), 4),
            components.field("指标 · metric", components.metric_picker("rankings-metric", wh, state["body"],
                                                                     state["metric"]), 4),
            components.field("截止年 · period ending in", components.year_picker(
                "rankings-year", wh.years(), state["year"], "各地最新 · latest of each place"), 4),
        ]),
        dbc.Row([
            components.field("省份 · province", components.province_picker("rankings-province", wh,
                                                                           state["province"]), 4),
            components.field("层级 · level", components.level_picker("rankings-level", state["level"]), 4),
            dbc.Col(components.per_year_switch("rankings-per-year", state["per_year"]), md=4, className="pt-4"),
        ]),
        html.Div(id="rankings-note", className="fw-semibold my-2"),
        dbc.Row([
            dbc.Col(dag.AgGrid(id="rankings-table", columnDefs=COLUMNS, rowData=[], className="ag-theme-alpine",
                               dashGridOptions={"animateRows": False}, style={"height": "640px"}), lg=6),
            dbc.Col(dcc.Loading(dcc.Graph(id="rankings-graph", config={"displaylogo": False}), delay_show=300),
                    lg=6),
        ]),
        html.Div(id="rankings-evidence"),
        *components.url_sync("rankings"),
    ])


@callback(Output("rankings-table", "rowData"), Output("rankings-graph", "figure"), Output("rankings-note", "children"),
          Output("rankings-query", "data"),
          Input("rankings-body", "value"), Input("rankings-metric", "value"), Input("rankings-province", "value"),
          Input("rankings-level", "value"), Input("rankings-year", "value"), Input("rankings-per-year", "value"))
def update(body, metric, province, level, year, per_year):
    """The ranked rows, the chart of the top of the ranking, a coverage note, the query string."""
    wh = current()
    state, problems = checked(wh, {"body": body, "metric": metric, "province": province, "level": level,
                                   "year": year, "per_year": per_year})
    params = {k: state[k] for k in ("metric", "body", "province", "level", "year", "per_year")}
    row = wh.metric_row(state["body"], state["metric"])
    rows = wh.query("ranking", **params)
    title = text.metric_label(row.label_zh, row.label_en)
    if rows.empty:
        return [], charts.message_figure("没有地区报告这个指标 · no place reports this metric here"), \
            components.noted(f"{title}: 0 个地区报告 · no place reports it with these filters", problems), \
            urlstate.write(state, PARAMS)
    note = f"{title}: {len(rows)} 个地区报告 · {len(rows)} places report it" + unlocated_note(wh, rows, **params) + (
        f"; 图中为前{CHART_ROWS}名 · the chart shows the top {CHART_ROWS}" if len(rows) > CHART_ROWS else "")
    return (table_rows(rows, params["per_year"]), charts.bar_figure(rows.head(CHART_ROWS), row.unit, params["per_year"]),
            components.noted(note, problems), urlstate.write(state, PARAMS))


def unlocated_note(wh, rows: pd.DataFrame, **params) -> str:
    """How many of the ranked places have no adcode, or how many a province or level filter leaves
    out (a place without an adcode is in no province and at no level)."""
    if params["province"] is None and params["level"] is None:
        n = int(rows.adcode.isna().sum())
        return f"; 其中{n}个未定位 · {n} of them unlocated (no adcode: named as in the report)" if n else ""
    everywhere = wh.query("ranking", **{**params, "province": None, "level": None})
    n = int(everywhere.adcode.isna().sum())
    return (f"; {n}个未定位地区不在筛选范围内 · {n} unlocated place{'s' if n > 1 else ''} left out by the filters"
            if n else "")


def table_rows(rows: pd.DataFrame, per_year: bool) -> list[dict]:
    """Rows for the grid: rank, ties and coverage as raw fields (the grid writes '第2名（并列）/ 4 …').
    Built from plain lists: a national ranking has 3,000 rows, and pandas' per-value access is slow."""
    kinds = ["conflict" if conflict or qualifier is None else qualifier
             for qualifier, conflict in zip(rows.qualifier.tolist(), rows.conflict.astype(bool).tolist())]
    scores = (rows.value_per_year.round(1) if per_year else rows.value).tolist()
    level_names = {k: v.split(" · ")[0] for k, v in text.LEVELS.items()}
    kind_names = {k: v.split(" · ")[0] for k, v in text.QUALIFIERS.items()}
    columns = zip(rows["rank"].tolist(), rows["rank"].duplicated(keep=False).tolist(), rows.reporting.tolist(),
                  rows.place.tolist(), rows.place_key.tolist(), rows.province.tolist(), rows.level.tolist(),
                  rows.period_start.tolist(), rows.period_end.tolist(), scores, kinds)
    return [{"rank": rank, "tied": tied, "reporting": reporting, "place": place, "place_key": key,
             "href": place_href(key), "province": province if isinstance(province, str) else "",
             "level": level_names.get(level, ""), "period": text.period_label(start, end),
             "shown": text.figure_text(score, None if kind == "conflict" else kind), "qualifier": kind_names[kind]}
            for rank, tied, reporting, place, key, province, level, start, end, score, kind in columns]


@callback(Output("rankings-evidence", "children"), Input("rankings-graph", "clickData"),
          State("rankings-body", "value"), State("rankings-metric", "value"), prevent_initial_call=True)
def show_evidence(click, body, metric):
    return evidence_for_click(click, body, metric)
