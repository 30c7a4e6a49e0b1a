"""Data: the figures the charts show (one per place, body, period and metric) or the facts behind them
(one per source), filtered; downloads of exactly what is filtered, from plain HTTP routes
(dashboard/download_routes.py). The grid has no filters of its own: every filter is one of the
page's, and so reaches the downloads. It asks for its first rows a block at a time as it scrolls,
sorted on the server (gridblocks)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, dcc, html

from .. import components, downloads, firstview, gridblocks, text, urlstate
from ..urlstate import Param
from ..warehouse import current

PATH, NAME = "/data", "数据 · Data"
LIBRARIES = ("dash_ag_grid",)   # beyond those every page loads (dashboard/bundles.py)
GRID_ROWS = 1000   # the grid shows the first rows (sorted among themselves); downloads hold them all
TABLES = {"figures": "数字 · figures (one per place, period and metric, as the charts show them)",
          "facts": "来源 · facts (one per source of a figure, with its sentence)"}
QUERIES = {"figures": "figures_filtered", "facts": "facts_filtered"}
FORMATS = {"csv": "CSV (UTF-8, Excel)", "xlsx": "XLSX", "parquet": "Parquet"}
KINDS = {"mixed": "全部 · every kind", **text.KINDS}
PARAMS = [Param("rows", urlstate.choice(TABLES), "figures"),
          Param("body", urlstate.choice(["all", *text.BODIES]), "all"),
          Param("metric", str),
          Param("province", str),
          Param("level", urlstate.choice(text.LEVELS)),
          Param("kind", urlstate.choice(KINDS), "mixed"),
          Param("from", urlstate.year),
          Param("to", urlstate.year)]
FILTERS = [p.name for p in PARAMS]
COMMON = [dict(field="place", headerName="地区 · place", pinned="left", width=110),
          dict(field="province", headerName="省份 · province", width=100),
          dict(field="body", headerName="机构 · body", width=95),
          dict(field="period", headerName="时期 · period", width=110, tooltipField="period_evidence"),
          dict(field="kind", headerName="期别 · kind", width=100),
          dict(field="label_zh", headerName="指标 · metric", width=140),
          dict(field="value", headerName="数值 · value", width=90, type="rightAligned"),
          dict(field="unit", headerName="单位 · unit", width=80),
          dict(field="qualifier", headerName="限定 · qualifier", width=100),
          dict(field="corrected", headerName="更正 · corrected", width=120, tooltipField="correction")]
COLUMNS = {"figures": COMMON + [dict(field="conflict", headerName="来源不一 · conflict", width=100),
                                dict(field="sources", headerName="来源文件 · sources", width=240, sortable=False),
                                dict(field="adcode", headerName="代码 · adcode", width=90)],
           "facts": COMMON + [dict(field="evidence", headerName="证据 · evidence", width=300),
                              dict(field="source", headerName="文件 · file", width=220),
                              dict(field="line_start", headerName="行 · line", width=70),
                              dict(field="adcode", headerName="代码 · adcode", width=90)]}
# what each column sorts by on the server: the raw values, not the text shown
SORTED_BY = {c["field"]: [c["field"]] for table in COLUMNS.values() for c in table if c.get("sortable", True)} | {
    "period": ["period_end", "period_start"], "kind": ["period_kind"]}

# what update() writes, for the callback and for the layout that holds its first answer (firstview.drawn)
OUTPUTS = [Output("data-count", "children"), Output("data-query", "data"),
           *[Output(f"data-download-{fmt}", prop) for fmt in FORMATS for prop in ("href", "title")]]

components.register_url_sync("data", drawn=True)
gridblocks.refill_on("data-grid", [Input(f"data-{name}", "value") for name in FILTERS])


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
    filters = [state[name] for name in FILTERS]
    return firstview.drawn(html.Div([
        components.page_header("数据 · Data", "图中的每个数字及其来源；下载的正是筛选出的全部行 · every figure the "
                                              "charts show, or every source of them; a download holds exactly "
                                              "the rows the filters select"),
        components.problems_alert(problems),
        dbc.Row([components.field("行 · rows", dbc.RadioItems(
            id="data-rows", value=state["rows"], inline=True,
            options=[{"label": label, "value": key} for key, label in TABLES.items()]), 12)]),
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
            components.field("期别 · kind", components.level_picker("data-kind", state["kind"], KINDS,
                                                                   clearable=False), 4),
        ]),
        html.Div([html.Span("下载 · download: ", className="small text-muted"),
                  *[html.A(label, id=f"data-download-{fmt}", href="", className="btn btn-sm btn-outline-primary")
                    for fmt, label in FORMATS.items()]], className="d-flex flex-wrap align-items-center gap-1 my-2"),
        html.Div(id="data-count", className="fw-semibold my-2"),
        dcc.Store(id="data-metric-choices", data=metric_choices(wh)),
        gridblocks.grid("data-grid", COLUMNS[state["rows"]], {"tooltipShowDelay": 200},
                        grid_block(gridblocks.first_request(), *filters),
                        className="ag-theme-alpine",
                        defaultColDef={"sortable": True, "filter": False, "resizable": True},
                        style={"height": "600px"}),
        *components.url_sync("data"),
    ]), OUTPUTS, update(*filters))


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
    """The figures_filtered / facts_filtered parameters for checked filters ('all' bodies, 'body/metric'
    values, 'mixed' kinds)."""
    body, metric = (None if state["body"] == "all" else state["body"]), state["metric"]
    if metric and "/" in metric:   # with both bodies the picker's values name the body too
        body, metric = metric.split("/", 1)
    return dict(metric=metric, body=body, province=state["province"], level=state["level"],
                kind=None if state["kind"] == "mixed" else state["kind"], year_from=state["from"],
                year_to=state["to"])


# the metrics of the chosen body, from the store of every body's (a round trip to the server would
# delay the grid and the count, which wait for the metric); a metric that body lacks is dropped
clientside_callback("""function (body, metric, choices) {
    var options = choices[body] || choices.all;
    return [options, options.some(function (o) { return o.value === metric; }) ? metric : null];
}""", Output("data-metric", "options"), Output("data-metric", "value"), Input("data-body", "value"),
                    State("data-metric", "value"), State("data-metric-choices", "data"), prevent_initial_call=True)


def metric_choices(wh) -> dict[str, list[dict]]:
    """The metric picker's options for each choice of body."""
    return {body: components.metric_options(wh, body) for body in ["all", *text.BODIES]}


@callback(Output("data-grid", "columnDefs"), Input("data-rows", "value"), prevent_initial_call=True)
def columns(table):
    """The grid's columns for figures or facts (the layout has those of the link's)."""
    return COLUMNS[checked(current(), {"rows": table})[0]["rows"]]


@callback(*OUTPUTS, *[Input(f"data-{name}", "value") for name in FILTERS], prevent_initial_call=True)
def update(table, body, metric, province, level, kind, year_from, year_to):
    """The count of all filtered rows, the query string and the download addresses (the grid asks
    for its rows itself: grid_block). Called by the layout for the page's first view, and on each
    change of filter."""
    wh = current()
    state, problems = checked(wh, dict(zip(FILTERS, (table, body, metric, province, level, kind, year_from,
                                                     year_to))))
    query, filters, table = urlstate.write(state, PARAMS), filters_of(state), state["rows"]
    total = wh.count(QUERIES[table], **filters)
    noun = "个数字 · figures" if table == "figures" else "行来源 · facts"
    note = f"{total:,} {noun}符合筛选条件 · match" + (
        f"; 表格显示前{GRID_ROWS:,}行，下载包含全部 · the grid shows the first {GRID_ROWS:,}, downloads hold all"
        if total > GRID_ROWS else "")
    if total == 0:
        note = "没有符合条件的行 · no rows match these filters; widen them"
    return (components.noted(note, problems), query, *download_links(state, total))


def grid_block(request, table, body, metric, province, level, kind, year_from, year_to):
    """The rows the grid asks for of the first GRID_ROWS filtered (startRow to endRow, in its sort
    order), and how many of those there are."""
    wh = current()
    state, _ = checked(wh, dict(zip(FILTERS, (table, body, metric, province, level, kind, year_from, year_to))))
    rows = wh.query(QUERIES[state["rows"]], limit=GRID_ROWS, **filters_of(state))
    start, end = gridblocks.block_of(request)
    return {"rowData": grid_rows(gridblocks.sorted_rows(rows, request, SORTED_BY).iloc[start:end], state["rows"]),
            "rowCount": len(rows)}


def grid_rows(rows, table: str) -> list[dict]:
    """The grid's rows: each with its period (marked where inferred, its evidence as the tooltip)."""
    shown = rows.assign(
        period=[text.period_text(a, b, i) for a, b, i in zip(rows.period_start, rows.period_end, rows.period_inferred)],
        period_evidence=[text.evidence_text(e) for e in rows.period_evidence],
        kind=rows.period_kind.map({k: v.split(" · ")[0] for k, v in text.KINDS.items()}),
        corrected=[text.corrected_mark(c).strip() for c in rows.corrected],
        correction=[text.corrected_note(c, o) for c, o in zip(rows.corrected, rows.original_value)])
    if table == "figures":
        shown = shown.assign(sources=[", ".join(s) for s in rows.sources])
    return shown[[c["field"] for c in COLUMNS[table]] + ["correction"]].to_dict("records")


gridblocks.serve("data-grid", [State(f"data-{name}", "value") for name in FILTERS], grid_block)


def download_links(state: dict, total: int) -> list:
    """(href, title) of each format's download; XLSX is not offered beyond what a sheet holds."""
    query = urlstate.write(state, PARAMS)   # the route reads the filters with this page's rules
    links = []
    for fmt in FORMATS:
        if fmt == "xlsx" and total > downloads.EXCEL_MAX_ROWS:
            links += [None, f"{total:,} 行放不进一个 Excel 工作表 · {total:,} rows do not fit in one sheet: CSV or Parquet"]
            continue
        links += [f"/download/{state['rows']}.{fmt}{query}", f"{total:,} rows"]
    return links
