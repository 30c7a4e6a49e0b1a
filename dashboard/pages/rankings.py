"""Rankings: places ranked on one metric — figures of one kind and one period, like with like — with
ties and how many places report it.

The grid asks for its rows a block at a time as it scrolls, sorted on the server (gridblocks)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from .. import charts, components, evidence, firstview, gridblocks, periods, text, urlstate
from ..evidence import place_href
from ..urlstate import Param
from ..warehouse import current

PATH, NAME = "/rankings", "排名 · Rankings"
CHARTS = True   # it draws plotly charts: plotly.js is preloaded with its scripts (dashboard/bundles.py)
LIBRARIES = ("dash_ag_grid",)   # beyond those every page loads (dashboard/bundles.py)
CHART_ROWS = 30
PARAMS = [Param("body", urlstate.choice(text.BODIES), "npc_sc"),
          Param("metric", str),
          *periods.PARAMS,
          Param("province", str),
          Param("level", urlstate.choice(text.LEVELS)),
          *evidence.SHOW_PARAMS]
FILTERS = ["body", "metric", "kind", "period", "province", "level"]
# the grid shows what the server wrote (a block of 100 rows at a time): a formatter or getter given as
# a string is interpreted by dash-ag-grid for every cell, and its markdown renderer parses each link
COLUMNS = [
    dict(field="rank_text", colId="rank", headerName="名次 / 报告地区数 · rank of those reporting", width=230),
    dict(field="place", headerName="地区 · place", cellRenderer="PlaceLink", width=150),   # assets/gridcells.js
    dict(field="period", headerName="时期 · period", width=120, tooltipField="period_evidence"),
    dict(field="shown", headerName="数值 · value", width=110, type="rightAligned", tooltipField="corrected"),
    dict(field="kind", headerName="期别 · kind", width=110),
    dict(field="province", headerName="省份 · province", width=120),
    dict(field="level", headerName="层级 · level", width=100),
    dict(field="qualifier", headerName="限定 · qualifier", width=120),
]
# what each column sorts by on the server: the figure's raw values, not the text shown
SORTED_BY = {"rank": ["rank"], "place": ["place"], "period": ["period_end", "period_start"], "shown": ["value"],
             "kind": ["period_kind"], "province": ["province"], "level": ["level"], "qualifier": ["qualifier"]}

# what update() draws, for the callback and for the layout that holds its first answer (firstview.drawn)
OUTPUTS = [Output("rankings-graph", "figure"), Output("rankings-note", "children"),
           Output("rankings-period", "options"), Output("rankings-period", "placeholder"),
           *components.export_outputs("rankings-graph"), Output("rankings-query", "data")]

components.register_url_sync("rankings", selection=True, drawn=True)
components.register_metric_follows_body("rankings")
components.register_kind_resets_period("rankings")
evidence.register("rankings", FILTERS)
gridblocks.refill_on("rankings-table", [Input(f"rankings-{name}", "value") for name in FILTERS])


def checked(wh, query: dict) -> tuple[dict, list[str]]:
    """The page's filters from a link or a callback, each checked; what was not understood, said."""
    state, problems = urlstate.read(query, PARAMS)
    state["metric"] = components.checked_metric(wh, state["body"], state["metric"], problems)
    state["province"] = components.checked_province(wh, state["province"], problems)
    return state, problems


def layout(**query) -> html.Div:
    wh = current()
    state, problems = checked(wh, query)
    filters = [state[name] for name in FILTERS]
    return firstview.drawn(html.Div([
        components.page_header("排名 · Rankings", "按一个指标给同一时期的地区排名（并列同名次）· places ranked on one "
                                                  "metric over one period, ties sharing a rank"),
        components.problems_alert(problems),
        dbc.Row([
            components.field("机构 · body", components.body_picker("rankings-body", state["body"]), 4),
            components.field("指标 · metric", components.metric_picker("rankings-metric", wh, state["body"],
                                                                     state["metric"]), 8),
        ]),
        dbc.Row([
            components.field("期别 · kind of period", components.kind_picker("rankings-kind", state["kind"]), 8),
            components.field("时期 · period", components.period_picker("rankings-period", state["period"]), 4),
        ]),
        dbc.Row([
            components.field("省份 · province", components.province_picker("rankings-province", wh,
                                                                           state["province"]), 4),
            components.field("层级 · level", components.level_picker("rankings-level", state["level"]), 4),
        ]),
        html.Div(id="rankings-note", className="fw-semibold my-2"),
        dbc.Row([
            dbc.Col(gridblocks.grid("rankings-table", COLUMNS, {"animateRows": False, "tooltipShowDelay": 200},
                                    grid_block(gridblocks.first_request(), *filters),
                                    className="ag-theme-alpine", style={"height": "640px"}), lg=6),
            dbc.Col([components.export_bar("rankings-graph", "CSV · 排名数据 data of this ranking"),
                     dcc.Loading(dcc.Graph(id="rankings-graph", config={"displaylogo": False}), delay_show=300)],
                    lg=6),
        ]),
        *evidence.panel("rankings", state),
        *components.url_sync("rankings"),
    ]), OUTPUTS, update(*filters))


@callback(*OUTPUTS, *[Input(f"rankings-{name}", "value") for name in FILTERS], prevent_initial_call=True)
def update(body, metric, kind, period, province, level):
    """The chart of the top of the ranking, a coverage note, the period picker's choices, what the
    chart's downloads carry and the view's address (the grid asks for its rows itself: grid_block;
    the open evidence adds its part of the address: evidence.shown). Called by the layout for the
    page's first view, and on each change of filter."""
    wh = current()
    state, problems = checked(wh, dict(zip(FILTERS, (body, metric, kind, period, province, level))))
    row = wh.metric_row(state["body"], state["metric"])
    choice, reported = periods.chosen(wh, state, problems)
    rows = ranked(wh, state, choice)
    title = text.metric_label(row.label_zh, row.label_en)
    meta = components.export_meta("rankings-graph", title, f"{text.BODIES[state['body']]} · {choice.label()}"
                                  + where(state), rows.head(CHART_ROWS).sources, f"ranking_{state['metric']}")
    query = urlstate.write(state, PARAMS)
    choices = (periods.options(choice, reported, wh.years(state["body"])), periods.placeholder(choice), meta,
               "/download/chart/rankings.csv" + query, query)
    if rows.empty:
        return (charts.message_figure("没有地区报告这个指标 · no place reports this metric here"),
                components.noted(f"{title}: {choice.label()}; 0 个地区报告 · no place reports it with these filters",
                                 problems), *choices)
    params = dict(metric=state["metric"], body=state["body"], province=state["province"], level=state["level"],
                  **choice.query)
    note = (f"{title}: {choice.label()}; {len(rows)} 个地区报告 · {len(rows)} places report it"
            + unlocated_note(wh, rows, **params)
            + (f"; 图中为前{CHART_ROWS}名 · the chart shows the top {CHART_ROWS}" if len(rows) > CHART_ROWS else "")
            + ("; " + text.INFERRED_NOTE if rows.period_inferred.any() else ""))
    return (charts.bar_figure(rows.head(CHART_ROWS), row.unit, choice.mixed),
            components.noted(note, problems), *choices)


def ranked(wh, state: dict, choice: periods.Choice) -> pd.DataFrame:
    params = dict(metric=state["metric"], body=state["body"], province=state["province"], level=state["level"],
                  **choice.query)
    return wh.query("ranking", limit=0 if choice.empty else None, **params)


def where(state: dict) -> str:
    """The province and level filters, for a chart's subtitle."""
    parts = [state["province"], text.LEVELS.get(state["level"])]
    return "".join(f" · {p}" for p in parts if p)


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


def grid_block(request, body, metric, kind, period, province, level):
    """The rows of the ranking the grid asks for (startRow to endRow, in its sort order), and how
    many there are."""
    wh = current()
    state, problems = checked(wh, dict(zip(FILTERS, (body, metric, kind, period, province, level))))
    rows = ranked(wh, state, periods.chosen(wh, state, problems)[0])
    return {"rowData": table_rows(gridblocks.sorted_rows(rows, request, SORTED_BY), *gridblocks.block_of(request)),
            "rowCount": len(rows)}


def table_rows(rows: pd.DataFrame, start: int = 0, end: int | None = None) -> list[dict]:
    """Rows `start` to `end` of the ranking for the grid: rank, ties and coverage as raw fields and
    as the text shown (rank_text); each row's period, marked where it is inferred, with its evidence
    as the cell's tooltip. Ties are found over the whole ranking, then the block is cut out of plain
    lists (pandas' per-value access is slow)."""
    tied = rows["rank"].duplicated(keep=False).tolist()[start:end]
    rows = rows.iloc[start:end]
    level_names = {k: v.split(" · ")[0] for k, v in text.LEVELS.items()}
    kind_names = {k: v.split(" · ")[0] for k, v in text.KINDS.items()}
    qualifier_names = {k: v.split(" · ")[0] for k, v in text.QUALIFIERS.items()}
    columns = zip(rows["rank"].tolist(), tied, rows.reporting.tolist(),
                  rows.place.tolist(), rows.place_key.tolist(), rows.province.tolist(), rows.level.tolist(),
                  rows.period_start.tolist(), rows.period_end.tolist(), rows.period_inferred.tolist(),
                  rows.period_evidence.tolist(), rows.period_kind.tolist(), rows.value.tolist(),
                  charts.figure_kind(rows).tolist(), charts.corrected(rows).tolist(),
                  rows.original_value.tolist() if "original_value" in rows else [None] * len(rows))
    return [{"rank": rank, "tied": tied, "reporting": reporting, "rank_text": rank_text(rank, tied, reporting),
             "place": place, "place_key": key,
             "href": place_href(key), "province": province if isinstance(province, str) else "",
             "level": level_names.get(level, ""), "period": text.period_text(start, end, inferred),
             "period_evidence": text.evidence_text(evidence), "kind": kind_names.get(period_kind, ""),
             "shown": text.corrected_mark(corrected) + text.figure_text(value, None if shown == "conflict" else shown),
             "corrected": text.corrected_note(corrected, original), "qualifier": qualifier_names[shown]}
            for rank, tied, reporting, place, key, province, level, start, end, inferred, evidence, period_kind,
            value, shown, corrected, original in columns]


gridblocks.serve("rankings-table", [State(f"rankings-{name}", "value") for name in FILTERS], grid_block)


def rank_text(rank: int, tied: bool, reporting: int) -> str:
    """'第2名（并列）/ 4 · 2nd (tied) of 4'."""
    suffix = "th" if 11 <= rank % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return (f"第{rank}名{'（并列）' if tied else ''} / {reporting} · {rank}{suffix}{' (tied)' if tied else ''}"
            f" of {reporting}")


def csv_rows(query: dict) -> tuple[pd.DataFrame, str]:
    """The ranking this view shows (the table; the chart is its top), and a file name."""
    wh = current()
    state, problems = checked(wh, query)
    choice, _ = periods.chosen(wh, state, problems)
    return components.chart_csv(ranked(wh, state, choice), state, problems), f"ranking_{state['metric']}"
