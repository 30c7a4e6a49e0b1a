"""Data: the facts behind every figure, filtered, and downloads of exactly what is filtered."""
from __future__ import annotations

from datetime import date

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from .. import components, downloads, text, urlstate
from ..urlstate import Param
from ..warehouse import current

PATH, NAME = "/data", "数据 · Data"
GRID_ROWS = 1000   # the grid shows the first rows; downloads hold them all
FORMATS = {"csv": ("CSV (UTF-8, Excel)", "text/csv"),
           "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
           "parquet": ("Parquet", "application/vnd.apache.parquet")}
PARAMS = [Param("body", urlstate.choice(["all", *text.BODIES]), "all"),
          Param("metric", str),
          Param("province", str),
          Param("level", urlstate.choice(text.LEVELS)),
          Param("from", urlstate.year),
          Param("to", urlstate.year)]
COLUMNS = [dict(field="place", headerName="地区 · place", pinned="left", width=120),
           dict(field="province", headerName="省份 · province", width=110),
           dict(field="body", headerName="机构 · body", width=95),
           dict(field="period_start", headerName="起 · from", width=80),
           dict(field="period_end", headerName="止 · to", width=80),
           dict(field="label_zh", headerName="指标 · metric", width=150),
           dict(field="value", headerName="数值 · value", width=100, type="rightAligned"),
           dict(field="qualifier", headerName="限定 · qualifier", width=110),
           dict(field="evidence", headerName="证据 · evidence", width=300),
           dict(field="source", headerName="文件 · file", width=220),
           dict(field="line_start", headerName="行 · line", width=80),
           dict(field="adcode", headerName="代码 · adcode", width=100)]

components.register_url_sync("data")


def checked(wh, query: dict) -> tuple[dict, list[str]]:
    """The page's filters from a link or a callback, each checked; what was not understood, said."""
    state, problems = urlstate.read(query, PARAMS)
    if state["metric"] is not None:
        state["metric"] = checked_metric_filter(wh, state["body"], state["metric"], problems)
    state["province"] = components.checked_province(wh, state["province"], problems)
    return state, problems


def layout(**query) -> html.Div:
    wh = current()
    state, problems = checked(wh, query)
    years = wh.years()
    return html.Div([
        components.page_header("数据 · Data", "每个数字及其来源；下载的正是筛选出的全部行 · every fact with its "
                                              "evidence; a download holds exactly the rows the filters select"),
        components.problems_alert(problems),
        dbc.Row([
            components.field("机构 · body", components.body_picker("data-body", state["body"], allow_all=True), 4),
            components.field("指标 · metric", components.metric_picker("data-metric", wh, state["body"],
                                                                     state["metric"], clearable=True), 4),
            components.field("从 · from", components.year_picker("data-from", years, state["from"], "最早 · earliest"),
                             2),
            components.field("到 · to", components.year_picker("data-to", years, state["to"], "最新 · latest"), 2),
        ]),
        dbc.Row([
            components.field("省份 · province", components.province_picker("data-province", wh, state["province"]), 4),
            components.field("层级 · level", components.level_picker("data-level", state["level"]), 4),
            dbc.Col([dbc.Label("下载 · download", className="small text-muted mb-1 d-block"),
                     dbc.ButtonGroup([dbc.Button(label, id=f"data-download-{fmt}", color="primary", outline=True,
                                                 size="sm") for fmt, (label, _) in FORMATS.items()])], md=4),
        ]),
        html.Div(id="data-count", className="fw-semibold my-2"),
        dbc.Alert(id="data-download-error", color="danger", is_open=False),
        dag.AgGrid(id="data-grid", columnDefs=COLUMNS, rowData=[], className="ag-theme-alpine",
                   defaultColDef={"sortable": True, "filter": True, "resizable": True},
                   style={"height": "600px"}),
        dcc.Download(id="data-download"),
        *components.url_sync("data"),
    ])


def checked_metric_filter(wh, body: str, metric: str, problems: list[str]) -> str | None:
    """A metric filter is optional here: an unknown one is dropped (noted), not replaced."""
    allowed = [o["value"] for o in components.metric_options(wh, body)]
    if metric in allowed:
        return metric
    qualified = [v for v in allowed if v.endswith(f"/{metric}")]   # both bodies: 'sessions' → 'npc_sc/sessions'
    if qualified:
        return qualified[0]
    problems.append(f"metric={urlstate.shown(metric)}: 没有这个指标 · no such metric for this body; "
                    "showing all metrics")
    return None


def filters_of(state: dict) -> dict:
    """The facts_filtered parameters for checked filters ('all' bodies, 'body/metric' values)."""
    body, metric = (None if state["body"] == "all" else state["body"]), state["metric"]
    if metric and "/" in metric:   # with both bodies the picker's values name the body too
        body, metric = metric.split("/", 1)
    return dict(metric=metric, body=body, province=state["province"], level=state["level"],
                year_from=state["from"], year_to=state["to"])


def controls(body, metric, province, level, year_from, year_to) -> tuple[dict, list[str]]:
    """The page's controls, as the browser sent them, checked."""
    return checked(current(), {"body": body, "metric": metric, "province": province, "level": level,
                               "from": year_from, "to": year_to})


@callback(Output("data-metric", "options"), Output("data-metric", "value"),
          Input("data-body", "value"), State("data-metric", "value"), prevent_initial_call=True)
def body_changed(body, metric):
    wh = current()
    options = components.metric_options(wh, checked(wh, {"body": body})[0]["body"])
    return options, metric if metric in [o["value"] for o in options] else None


@callback(Output("data-grid", "rowData"), Output("data-count", "children"), Output("data-query", "data"),
          Input("data-body", "value"), Input("data-metric", "value"), Input("data-province", "value"),
          Input("data-level", "value"), Input("data-from", "value"), Input("data-to", "value"))
def update(body, metric, province, level, year_from, year_to):
    """The first rows for the grid, the count of all filtered rows, and the query string."""
    wh = current()
    state, problems = controls(body, metric, province, level, year_from, year_to)
    query, filters = urlstate.write(state, PARAMS), filters_of(state)
    total = wh.count("facts_filtered", **filters)
    rows = wh.query("facts_filtered", limit=GRID_ROWS, **filters)
    note = f"{total:,} 行符合筛选条件 · rows match" + (
        f"; 表格显示前{GRID_ROWS:,}行，下载包含全部 · the grid shows the first {GRID_ROWS:,}, downloads hold all"
        if total > GRID_ROWS else "")
    if total == 0:
        note = "没有符合条件的行 · no rows match these filters; widen them"
    return rows[[c["field"] for c in COLUMNS]].to_dict("records"), components.noted(note, problems), query


@callback(Output("data-download", "data"), Output("data-download-error", "children"),
          Output("data-download-error", "is_open"),
          *[Input(f"data-download-{fmt}", "n_clicks") for fmt in FORMATS],
          State("data-body", "value"), State("data-metric", "value"), State("data-province", "value"),
          State("data-level", "value"), State("data-from", "value"), State("data-to", "value"),
          prevent_initial_call=True)
def download(_csv, _xlsx, _parquet, body, metric, province, level, year_from, year_to):
    fmt = str(ctx.triggered_id).removeprefix("data-download-")
    state, problems = controls(body, metric, province, level, year_from, year_to)
    if problems:
        return no_update, "无法下载 · cannot download: " + "; ".join(problems), True
    try:
        content, name = download_file(fmt, filters_of(state))
    except ValueError as e:
        return no_update, str(e), True
    return dcc.send_bytes(content, name), "", False


def download_file(fmt: str, filters: dict) -> tuple[bytes, str]:
    """The bytes and file name of a download of every row the filters select."""
    wh = current()
    rows = wh.query("facts_filtered", **filters)
    stem = "_".join(["congress_facts", filters["metric"] or "all", filters["province"] or "china",
                     date.today().isoformat()])
    if fmt == "csv":
        return downloads.csv_bytes(rows), f"{stem}.csv"
    if fmt == "xlsx":
        return downloads.xlsx_bytes(rows, wh.catalogue(), filters), f"{stem}.xlsx"
    if fmt == "parquet":
        return downloads.parquet_bytes(rows), f"{stem}.parquet"
    raise ValueError(f"unknown download format {fmt!r}")
