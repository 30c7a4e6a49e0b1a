"""Place profile (/place/<adcode>): every metric of one place over time, its reports, and the evidence."""
from __future__ import annotations

from html import escape
from urllib.parse import unquote

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from etl import places

from .. import charts, components, text
from ..evidence import place_href, sentence_html
from ..warehouse import current

PATH, PATH_TEMPLATE, NAME, IN_NAV = "/place", "/place/<place_key>", "地区 · Place", False


def layout(place_key: str | None = None, **query) -> html.Div:
    wh = current()
    problems = [f"{name}: 未知参数 · unknown parameter, ignored" for name in query]
    if not place_key:
        return _choose_place(wh)
    place_key = unquote(place_key)   # Dash Pages hands the path over as the browser sent it, encoded
    known = places.by_code().get(place_key)
    figures = wh.query("place_profile", place_key=place_key)
    if known is None and figures.empty:
        return html.Div([html.H2("没有这个地区 · No such place"),
                         dbc.Alert(f"“{place_key}” 不是行政区划代码，也没有这个名称的报告 · is neither an adcode "
                                   "nor the name of a reporting place", color="warning"),
                         _choose_place(wh)])
    name = wh.place_name(place_key)
    where = " · ".join(x for x in (known.province if known else None, known.parent if known else None,
                                   text.LEVELS.get(known.level) if known else None,
                                   f"代码 adcode {place_key}" if known else "未定位 · not placed") if x)
    reports = wh.query("place_reports", place_key=place_key)
    evidence = wh.query("evidence", place_key=place_key, body=None, metric=None, period_start=None,
                        period_end=None)
    return html.Div([
        components.page_header(name, where),
        components.problems_alert(problems),
        html.P("没有这个地区的报告 · no reports of this place in the warehouse" if figures.empty else
               f"{len(figures)} 个数字，来自 {reports.source.nunique()} 个文件中的 {len(reports)} 份报告 · "
               f"{len(figures)} figures from {len(reports)} reports in {reports.source.nunique()} files"),
        dcc.Graph(id="place-graph", figure=charts.profile_figure(figures), config={"displaylogo": False}),
        html.H4("数字与来源 · Figures and their evidence", className="mt-4"),
        figures_table(figures, evidence),
        html.H4("报告 · Reports", className="mt-4"),
        reports_table(reports),
    ])


FIGURE_COLUMNS = [
    dict(field="metric", headerName="指标 · metric", width=230, wrapText=True, autoHeight=True,
         cellStyle={"lineHeight": "1.5", "whiteSpace": "normal"}),
    dict(field="period", headerName="时期 · period", width=110),
    dict(field="shown", headerName="数值 · value", width=120, type="rightAligned"),
    dict(field="evidence", headerName="来源句子 · evidence (file:line)", flex=1, cellRenderer="markdown",
         wrapText=True, autoHeight=True, cellStyle={"lineHeight": "1.5", "whiteSpace": "normal"}),
]


def figures_table(figures: pd.DataFrame, evidence: pd.DataFrame) -> dag.AgGrid | html.P:
    """One row per figure with every sentence it was read from (a grid: a place can have 500 figures)."""
    if figures.empty:
        return html.P("—")
    by_figure: dict[tuple, list[str]] = {}
    for s in evidence.to_dict("records"):
        by_figure.setdefault((s["body"], s["metric"], s["period_start"], s["period_end"]), []).append(
            f"<code>{escape(s['source'])}:{s['line']}</code> "
            + sentence_html(s["context_before"], s["evidence"], s["context_after"]))
    rows = [{"metric": f"{text.metric_label(f.label_zh, f.label_en)} ({'人大' if f.body == 'npc_sc' else '政协'})",
             "period": text.period_label(f.period_start, f.period_end),
             "shown": f"{text.figure_text(f.value, f.qualifier)} {f.unit}"
                      + (f" (来源不一 · sources disagree: {list(f.values_reported)})" if f.conflict else ""),
             "evidence": "<br>".join(by_figure.get((f.body, f.metric, f.period_start, f.period_end), []))}
            for f in figures.itertuples()]
    return dag.AgGrid(id="place-figures", columnDefs=FIGURE_COLUMNS, rowData=rows, className="ag-theme-alpine",
                      dangerously_allow_code=True, style={"height": "600px"},
                      defaultColDef={"resizable": True, "sortable": True, "filter": True})


def reports_table(reports: pd.DataFrame) -> dbc.Table | html.P:
    if reports.empty:
        return html.P("—")
    head = html.Thead(html.Tr([html.Th(h) for h in ("文件 · file", "行 · lines", "机构 · body", "时期 · period",
                                                    "数字 · figures", "依据 · decided by")]))
    rows = [html.Tr([html.Td(html.Code(r.source)), html.Td(f"{r.line_start}–{r.line_end}"),
                     html.Td(text.BODIES[r.body]),
                     html.Td(text.period_label(r.period_start, r.period_end)
                             + (" (推断 · inferred)" if r.period_inferred else "")),
                     html.Td(r.facts),
                     html.Td([html.Div(f"时期 · period: {r.period_evidence}") if r.period_evidence else None,
                              html.Div(f"地区 · place: {r.place_evidence}") if r.place_evidence else None],
                             className="small text-muted")]) for r in reports.itertuples()]
    return dbc.Table([head, html.Tbody(rows)], size="sm", id="place-reports")


def _choose_place(wh) -> html.Div:
    options = wh.place_options()
    return html.Div([html.P("选择一个地区 · choose a place:"),
                     html.Ul([html.Li(dcc.Link(f"{r.place} · {r.province}", href=place_href(r.place_key)))
                              for r in options.itertuples()], className="columns-3")])
