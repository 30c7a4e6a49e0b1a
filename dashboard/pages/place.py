"""Place profile (/place/<adcode>): every metric of one place over time, its reports, and the evidence."""
from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from etl import places

from .. import charts, components, text
from ..evidence import sentence
from ..warehouse import current

PATH, PATH_TEMPLATE, NAME, IN_NAV = "/place", "/place/<place_key>", "地区 · Place", False


def layout(place_key: str | None = None, **query) -> html.Div:
    wh = current()
    problems = [f"{name}: 未知参数 · unknown parameter, ignored" for name in query]
    if not place_key:
        return _choose_place(wh)
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


def figures_table(figures: pd.DataFrame, evidence: pd.DataFrame) -> dbc.Table | html.P:
    """One row per figure with every sentence it was read from."""
    if figures.empty:
        return html.P("—")
    by_figure: dict[tuple, list[dict]] = {}
    for s in evidence.to_dict("records"):   # records, not per-group frames: 10x faster at 500 figures
        by_figure.setdefault((s["body"], s["metric"], s["period_start"], s["period_end"]), []).append(s)
    body_rows = []
    for f in figures.itertuples():
        sentences = [html.Div([html.Code(f"{s['source']}:{s['line']}"), " ",
                               *sentence(s["context_before"], s["evidence"], s["context_after"])], className="mb-1")
                     for s in by_figure.get((f.body, f.metric, f.period_start, f.period_end), [])]
        body_rows.append(html.Tr([
            html.Td([text.metric_label(f.label_zh, f.label_en), html.Br(),
                     html.Small(text.BODIES[f.body], className="text-muted")]),
            html.Td(text.period_label(f.period_start, f.period_end)),
            html.Td([html.Strong(text.figure_text(f.value, f.qualifier)), f" {f.unit}",
                     html.Div(f"来源不一 · sources disagree: {list(f.values_reported)}", className="text-warning small")
                     if f.conflict else None], className="text-nowrap"),
            html.Td(sentences, className="evidence-sentence"),
        ], className="figure-row"))
    head = html.Thead(html.Tr([html.Th(h) for h in ("指标 · metric", "时期 · period", "数值 · value",
                                                    "来源句子 · evidence (file:line)")]))
    return dbc.Table([head, html.Tbody(body_rows)], bordered=False, hover=True, size="sm", id="place-figures")


def reports_table(reports: pd.DataFrame) -> dbc.Table | html.P:
    if reports.empty:
        return html.P("—")
    head = html.Thead(html.Tr([html.Th(h) for h in ("文件 · file", "行 · lines", "机构 · body", "时期 · period",
                                                    "数字 · figures")]))
    rows = [html.Tr([html.Td(html.Code(r.source)), html.Td(f"{r.line_start}–{r.line_end}"),
                     html.Td(text.BODIES[r.body]),
                     html.Td(text.period_label(r.period_start, r.period_end)
                             + (" (推断 · inferred)" if r.period_inferred else "")),
                     html.Td(r.facts)]) for r in reports.itertuples()]
    return dbc.Table([head, html.Tbody(rows)], size="sm", id="place-reports")


def _choose_place(wh) -> html.Div:
    options = wh.place_options()
    return html.Div([html.P("选择一个地区 · choose a place:"),
                     html.Ul([html.Li(dcc.Link(f"{r.place} · {r.province}", href=f"/place/{r.place_key}"))
                              for r in options.itertuples()], className="columns-3")])
