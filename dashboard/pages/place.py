"""Place profile (/place/<adcode>): every metric of one place over time, its reports, and the evidence."""
from __future__ import annotations

from html import escape
from urllib.parse import unquote, urlencode

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from etl import places

from .. import components, text, timecharts, urlstate
from ..evidence import document_href, place_href, sentence_html
from ..urlstate import Param
from ..warehouse import current, records

PATH, PATH_TEMPLATE, NAME, IN_NAV = "/place", "/place/<place_key>", "地区 · Place", False
CHARTS = True   # it draws plotly charts: plotly.js is preloaded with its scripts (dashboard/bundles.py)
REPORT_ROW_HEIGHT = 45        # px, about: the reports table's place holds its height until it is drawn
LIBRARIES = ("dash_ag_grid",)   # beyond those every page loads (dashboard/bundles.py)


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
    rows = records(figures.assign(place=name, place_key=place_key))   # read once, as plain tuples
    return html.Div([
        components.page_header(name, where),
        components.problems_alert(problems),
        html.P(summary(figures, reports)),
        html.H4("历年 · Over time", className="mt-3") if not figures.empty else None,
        html.P("年度报告为点，届内总结与跨年数字为横线（按年均画，标注合计）· annual figures are points, term "
               "reviews and spans horizontal segments at their yearly average, labelled with their total"
               + ("; " + text.INFERRED_NOTE if figures.period_inferred.any() else ""),
               className="text-muted small") if not figures.empty else None,
        metric_charts(name, place_key, rows),
        html.H4("数字与来源 · Figures and their evidence", className="mt-4"),
        figures_table(rows, evidence),
        html.H4("报告 · Reports", className="mt-4"),
        reports_table(reports),
    ])


def summary(figures: pd.DataFrame, reports: pd.DataFrame) -> str:
    """What the warehouse holds of the place; a report without figures still counts as a report."""
    files = reports.source.nunique()
    if reports.empty:
        return "没有这个地区的报告 · no reports of this place in the warehouse"
    if figures.empty:
        return (f"{len(reports)} 份报告（{files} 个文件），未读出数字 · {len(reports)} report"
                f"{'s' if len(reports) > 1 else ''} in {files} file{'s' if files > 1 else ''}, no figure read from "
                f"{'them' if len(reports) > 1 else 'it'}")
    return (f"{len(figures)} 个数字，来自 {files} 个文件中的 {len(reports)} 份报告 · {len(figures)} "
            f"figure{'s' if len(figures) > 1 else ''} from {len(reports)} report{'s' if len(reports) > 1 else ''} "
            f"in {files} file{'s' if files > 1 else ''}")


def metric_charts(name: str, place_key: str, figures: list[tuple]):
    """Each metric over time, a small chart each (a card per metric, in the catalogue's order), with
    its downloads; a place that both bodies report has a tab per body, and only the open tab's charts
    are drawn (each chart costs the browser a tenth of a second). `figures`: the place's figures as
    plain tuples, with its name and key."""
    by_body: dict[str, dict[str, list]] = {}
    for f in figures:
        by_body.setdefault(f.body, {}).setdefault(f.metric, []).append(f)
    rows = {b: metric_cards(name, place_key, b, metrics) for b, metrics in by_body.items()}
    bodies = list(rows)
    if len(bodies) < 2:
        return html.Div(rows.get(bodies[0]) if bodies else None, id="place-charts")
    return html.Div(dcc.Tabs([dcc.Tab(rows[b], label=text.BODIES[b], value=b) for b in bodies], value=bodies[0]),
                    id="place-charts")


def metric_cards(name: str, place_key: str, body: str, metrics: dict[str, list]) -> dbc.Row:
    cards = []
    for metric, rows in metrics.items():
        first = rows[0]
        graph = f"place-{body}-{metric}"
        label = f"{text.metric_label(first.label_zh, first.label_en)} · {text.BODIES[body].split(' · ')[0]}"
        span = text.period_label(min(r.period_start for r in rows), max(r.period_end for r in rows))
        meta = components.export_meta(graph, f"{name} · {label}", f"{text.BODIES[body]} · 历年 · over time {span}",
                                      [r.sources for r in rows], f"{place_key.replace(':', '_')}_{metric}")
        export = components.export_bar(graph, "CSV", meta=meta, csv_href="/download/chart/place.csv?" + urlencode(
            {"place": place_key, "metric": f"{body}/{metric}"}))
        chart = dcc.Graph(id=graph, figure=timecharts.metric_figure(rows, first.unit, name, place_key),
                          config={"displaylogo": False, "displayModeBar": False})
        cards.append(dbc.Col(dbc.Card([
            dbc.CardHeader(html.Strong(label, className="small")),
            dbc.CardBody([components.drawn_near_screen(chart, timecharts.SMALL_HEIGHT), export], className="p-1")],
            className="h-100"), xs=12, md=6, xl=4, className="mb-3"))
    return dbc.Row(cards, className="mt-2")


FIGURE_COLUMNS = [
    dict(field="metric", headerName="指标 · metric", width=230, minWidth=140, wrapText=True, autoHeight=True,
         cellStyle={"lineHeight": "1.5", "whiteSpace": "normal"}),
    dict(field="period", headerName="时期 · period", width=120, tooltipField="period_evidence"),
    dict(field="shown", headerName="数值 · value", width=120, type="rightAligned"),
    dict(field="evidence", headerName="来源句子 · evidence (file:line)", flex=1, minWidth=220, cellRenderer="markdown",
         wrapText=True, autoHeight=True, cellStyle={"lineHeight": "1.5", "whiteSpace": "normal"}),
]


def figures_table(figures: list[tuple], evidence: pd.DataFrame) -> dag.AgGrid | html.P:
    """One row per figure (plain tuples) with every sentence it was read from (a grid: a place can
    have 500 figures)."""
    if not figures:
        return html.P("—")
    by_figure: dict[tuple, list[str]] = {}
    for s in records(evidence):
        by_figure.setdefault((s.body, s.metric, s.period_start, s.period_end), []).append(
            f"<a href=\"{escape(document_href(s.document_id, s.line))}\"><code>{escape(s.source)}:{s.line}</code></a> "
            + sentence_html(s.context_before, s.evidence, s.context_after))
    rows = [{"metric": f"{text.metric_label(f.label_zh, f.label_en)} ({'人大' if f.body == 'npc_sc' else '政协'})",
             "period": text.period_text(f.period_start, f.period_end, f.period_inferred, f.period_kind),
             "period_evidence": text.evidence_text(f.period_evidence),
             "shown": f"{text.figure_text(f.value, f.qualifier)} {f.unit}"
                      + (f" (来源不一 · sources disagree: {list(f.values_reported)})" if f.conflict else ""),
             "evidence": "<br>".join(by_figure.get((f.body, f.metric, f.period_start, f.period_end), []))}
            for f in figures]
    return dag.AgGrid(id="place-figures", columnDefs=FIGURE_COLUMNS, rowData=rows, className="ag-theme-alpine",
                      dangerously_allow_code=True, style={"height": "600px"}, columnSize="responsiveSizeToFit",
                      dashGridOptions={"tooltipShowDelay": 200},
                      defaultColDef={"resizable": True, "sortable": True, "filter": True})


def reports_table(reports: pd.DataFrame) -> html.Div | html.P:
    """The place's reports, drawn near the screen (at the bottom of the page)."""
    if reports.empty:
        return html.P("—")
    head = html.Thead(html.Tr([html.Th(h) for h in ("文件 · file", "行 · lines", "机构 · body", "时期 · period",
                                                    "数字 · figures", "依据 · decided by")]))
    rows = [html.Tr([html.Td(dcc.Link(html.Code(r.source), href=document_href(r.document_id, r.line_start))),
                     html.Td(f"{r.line_start}–{r.line_end}"),
                     html.Td(text.BODIES[r.body]),
                     html.Td(text.period_text(r.period_start, r.period_end, r.period_inferred, r.period_kind)
                             + (" (推断 · inferred)" if r.period_inferred else "")),
                     html.Td(r.facts),
                     html.Td([html.Div(f"时期 · period: {r.period_evidence}") if r.period_evidence else None,
                              html.Div(f"地区 · place: {r.place_evidence}") if r.place_evidence else None],
                             className="small text-muted")]) for r in records(reports)]
    table = dbc.Table([head, html.Tbody(rows)], size="sm", id="place-reports", responsive=True)
    return components.drawn_near_screen(table, REPORT_ROW_HEIGHT * (len(rows) + 1))


def _choose_place(wh) -> html.Div:
    options = wh.place_options()
    return html.Div([html.P("选择一个地区 · choose a place:"),
                     html.Ul([html.Li(dcc.Link(f"{r.place} · {r.province}", href=place_href(r.place_key)))
                              for r in options.itertuples()], className="columns-3")])


CSV_PARAMS = [Param("place", urlstate.key_list), Param("metric", str)]


def csv_rows(query: dict) -> tuple[pd.DataFrame, str]:
    """The figures of one metric's chart (metric=<body>/<metric>; every metric without it), and a
    file name."""
    wh = current()
    state, problems = urlstate.read(query, CSV_PARAMS)
    keys = components.checked_places(state["place"] or [], problems)
    if len(keys) != 1:
        raise ValueError("; ".join(problems) or "place: 应为一个地区 · give one place")
    rows = wh.query("place_profile", place_key=keys[0])
    if state["metric"]:
        body, _, metric = state["metric"].partition("/")
        if wh.metric_row(body, metric) is None:
            problems.append(f"metric={urlstate.shown(state['metric'])}: 没有这个指标 · no such metric")
        rows = rows[(rows.body == body) & (rows.metric == metric)]
    if problems:
        raise ValueError("; ".join(problems))
    stem = f"place_{keys[0].replace(':', '_')}" + (f"_{state['metric'].replace('/', '_')}" if state["metric"] else "")
    adcode = None if keys[0].startswith("name:") else keys[0]
    return rows.assign(place=wh.place_name(keys[0]), place_key=keys[0], adcode=adcode), stem
