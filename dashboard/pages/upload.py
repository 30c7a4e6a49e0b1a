"""Add reports (/upload): drop .txt/.html/.docx/.pdf files, see what the extractor reads in each before
anything is stored, give each its source (URL, publisher, date, note), and add them to the warehouse.

The files travel through the plain routes of dashboard/upload_routes.py (assets/upload.js posts them:
a callback's request is held to 1 MB); the callbacks here only draw what those routes answer. The
page is in the navigation bar only where the app may write (dashboard/editing.py), and says why not
elsewhere; the routes refuse any request that may not write.
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html

from etl import limits, sources

from .. import components, editing, evidence, text
from ..upload_routes import UPLOAD_REQUEST_BYTES
from ..uploads import MAX_FILES, SUFFIXES
from ..warehouse import current

PATH, NAME, IN_NAV = "/upload", "添加 · Add reports", editing.writes_enabled
FIELDS = {"source_url": "来源网址 · source URL (http/https)", "publisher": "发布者 · publisher",
          "published_on": "发布日期 · publication date (YYYY-MM-DD, YYYY-MM or YYYY)", "note": "备注 · note"}
FIELD = "upload-field"


def layout(**_query) -> html.Div:
    header = components.page_header("添加报告 · Add reports", "上传文件，预览读出的内容，再加入数据库 · upload files, see what "
                                    "is read from them, then add them to the warehouse")
    if not editing.writes_enabled():
        return html.Div([header, dbc.Alert(editing.refusal(), color="secondary", id="upload-off")])
    return html.Div([
        header,
        html.P(f"{', '.join(SUFFIXES)} · 每个文件最大 {limits.MAX_FILE_BYTES / 1e6:,.0f} MB，一次最多 {MAX_FILES} 个 · at most "
               f"{limits.MAX_FILE_BYTES / 1e6:,.0f} MB a file and {MAX_FILES} files at a time (an upload of at most "
               f"{UPLOAD_REQUEST_BYTES / 1e6:,.0f} MB in all). Nothing is stored before you add the files; they are "
               "then saved beside the warehouse (uploads/<date>/, with a sources.csv) and loaded by the same build as "
               "python -m etl build.", className="small text-muted", id="upload-limits"),
        dcc.Upload(id="upload-files", multiple=True, className="upload-drop",
                   children=html.Div(["拖放文件到这里，或 · drop files here, or ", html.A("选择文件 · choose files")])),
        dcc.Store(id="upload-limit", data=limits.MAX_FILE_BYTES),
        dcc.Store(id="upload-preview"),
        dcc.Store(id="upload-result"),
        dcc.Loading(html.Div(id="upload-preview-view", className="mt-3"), delay_show=200),
        dbc.Button("添加到数据库 · Add to the warehouse", id="upload-add", color="primary", disabled=True, className="mt-2"),
        dcc.Loading(html.Div(id="upload-result-view", className="mt-3"), delay_show=200),
    ])


clientside_callback(ClientsideFunction("upload", "preview"), Output("upload-preview", "data"),
                    Input("upload-files", "contents"), State("upload-files", "filename"),
                    State("upload-limit", "data"), prevent_initial_call=True)
clientside_callback(ClientsideFunction("upload", "add"),
                    Output("upload-result", "data", allow_duplicate=True), Input("upload-add", "n_clicks"),
                    State("upload-files", "contents"), State("upload-files", "filename"), State("upload-limit", "data"),
                    State("upload-preview", "data"), State({"type": FIELD, "file": ALL, "field": ALL}, "value"),
                    State({"type": FIELD, "file": ALL, "field": ALL}, "id"), prevent_initial_call=True)


@callback(Output("upload-preview-view", "children"), Output("upload-add", "disabled"),
          Output("upload-result", "data"), Input("upload-preview", "data"), prevent_initial_call=True)
def show_preview(answer):
    """Each file: refused with its reason, or its units and counts and the fields of its source."""
    if not isinstance(answer, dict):
        return None, True, None
    if answer.get("error"):
        return dbc.Alert(str(answer["error"]), color="danger", id="upload-error"), True, None
    files = [f for f in answer.get("files", []) if isinstance(f, dict)]
    cards = [file_card(f) for f in files]
    return html.Div(cards), not any(not f.get("reason") for f in files), None


def file_card(f: dict) -> html.Div:
    name = str(f.get("name"))
    if f.get("reason"):
        return dbc.Alert([html.Strong(name), f": 不能读取 · refused: {f['reason']}"], color="warning",
                         className="upload-rejected py-2")
    counts = f.get("counts") or []
    more = int(f.get("counts_total") or 0) - len(counts)
    hidden_units = int(f.get("units_total") or 0) - len(f.get("units") or [])
    return dbc.Card([
        dbc.CardHeader([html.Strong(name), html.Span(f"  {int(f.get('size') or 0):,} bytes · {f.get('encoding')} · "
                                                     f"{int(f.get('units_total') or 0)} 份报告 · units · "
                                                     f"{int(f.get('counts_total') or 0)} 个数字 · counts",
                                                     className="text-muted small")]),
        dbc.CardBody([
            *[dbc.Alert(f"warning: {w}", color="light", className="py-1 small") for w in f.get("warnings") or []],
            units_list(f.get("units") or []),
            html.P(f"… 另有 {hidden_units} 份报告 · and {hidden_units} more units (all are loaded)",
                   className="small text-muted") if hidden_units > 0 else None,
            html.Div([count_view(c, f.get("units") or []) for c in counts], className="upload-counts"),
            html.P(f"… 另有 {more} 个 · and {more} more (all are loaded)", className="small text-muted") if more > 0 else None,
            source_fields(int(f.get("index", 0))),
        ]),
    ], className="upload-file mb-3", id={"type": "upload-file", "file": int(f.get("index", 0))})


def units_list(units: list[dict]) -> html.Div:
    """Each unit's place, body and period, with what decided each."""
    if not units:
        return html.P("没有找到报告 · no report unit found in it (not a work report?)", className="text-danger")
    items = []
    for u in units:
        period = (text.period_text(u["period_start"], u["period_end"], u["period_inferred"], u["period_kind"])
                  if u.get("period_start") is not None else "?")
        items.append(html.Li([
            html.Strong(f"{u.get('place') or '?'}{'' if u.get('adcode') else ' (未定位 · not placed)'} · "
                        f"{text.BODIES.get(u.get('body'), u.get('body'))} · {period}"),
            html.Span(f"  lines {u['lines'][0]}–{u['lines'][1]}", className="small text-muted"),
            html.Div([html.Div(f"{label}: {u[key]}") for label, key in (("地区 · place", "place_evidence"),
                      ("机构 · body", "body_evidence"), ("时期 · period", "period_evidence")) if u.get(key)],
                     className="small text-muted")], className="upload-unit"))
    return html.Ul(items, className="list-unstyled")


def count_view(c: dict, units: list[dict]) -> html.Div:
    """One count: its metric and value, and the sentence it was read from with the number marked."""
    row = current().metric_row(c.get("body"), c.get("metric"))
    label = text.metric_label(row.label_zh, row.label_en) if row is not None else str(c.get("metric"))
    unit = units[c["unit"]] if 0 <= int(c.get("unit", -1)) < len(units) else {}
    return html.Div([
        html.Div([html.Code(f"line {c.get('line')}", className="evidence-source"),
                  html.Span(f"  {label}: {text.figure_text(c['value'], c['qualifier'])}", className="ms-2"),
                  html.Span(f"  {unit.get('place') or '?'}", className="ms-2 text-muted")]),
        html.Blockquote(evidence.sentence(c.get("before"), c.get("evidence") or "", c.get("after")),
                        className="evidence-sentence mb-0"),
    ], className="upload-count border rounded p-2 mb-2")


def source_fields(index: int) -> dbc.Row:
    return dbc.Row([dbc.Col(dbc.Input(id={"type": FIELD, "file": index, "field": key}, placeholder=label,
                                      maxLength=sources.MAX_FIELD, size="sm"), md=6, className="mb-2")
                    for key, label in FIELDS.items()], className="mt-2 upload-fields")


@callback(Output("upload-result-view", "children"), Input("upload-result", "data"), prevent_initial_call=True)
def show_result(answer):
    """What the build did with the files, or why nothing was added."""
    if not isinstance(answer, dict):
        return None
    if answer.get("error"):
        return dbc.Alert(str(answer["error"]), color="danger", id="upload-failed")
    links = [dcc.Link(f"{name} →", href=f"/document/{doc}", className="me-3")
             for name, doc in zip(answer.get("files", []), answer.get("documents", []))]
    return dbc.Alert([html.H5(f"已添加 · added: {answer.get('loaded', 0)} loaded"),
                      html.Pre(str(answer.get("summary", "")), className="small"),
                      html.Div(links), dcc.Link("对比 · Compare →", href="/")], color="success", id="upload-added")
