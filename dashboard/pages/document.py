"""Document (/document/<document_id>): one report file whole — its metadata and sources, its report units
with what decided their place, body and period, and its normalised text, line-numbered, every extracted
count highlighted and linked to its figure on Compare with the evidence open.

The text is shown WINDOW_LINES lines at a time (`?from=LINE` in the address: a 2 MB yearbook has
some 30,000 lines, more than a browser lays out without stalling), each line drawn by `line_view`
inside `#document-text`, each with its number in `data-line`. Where writing is allowed
(dashboard/editing.py) the page offers to remove the document, after a confirmation, through the
same removal as `python -m etl remove` (etl/removals.py).
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html
from flask import request

from etl import removals

from .. import components, correcting, editing, evidence, periods, text, urlstate
from ..api import DOCUMENT_ID
from ..evidence import place_href
from ..urlstate import Param
from ..warehouse import current
from . import compare

PATH, PATH_TEMPLATE, NAME, IN_NAV = "/document", "/document/<document_id>", "文件 · Document", False
WINDOW_LINES = 200


def line_number(raw: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError("应为行号 · expected a line number (1 or more)")
    return int(raw)


PARAMS = [Param("from", line_number, 1)]


def layout(document_id: str | None = None, **query) -> html.Div:
    wh = current()
    state, problems = urlstate.read(query, PARAMS)
    meta = (wh.query("document", document_id=document_id) if document_id and DOCUMENT_ID.fullmatch(document_id)
            else pd.DataFrame())
    if meta.empty:
        return html.Div([html.H2("没有这个文件 · No such document"),
                         dbc.Alert(f"{urlstate.shown(document_id)}: 数据库中没有这个文件 · the warehouse holds no "
                                   "document with this id", color="warning")])
    doc = meta.iloc[0]
    total = int(doc.lines)
    if state["from"] > total:
        problems.append(f"from={state['from']}: 文件只有 {total:,} 行 · the document has {total:,} lines")
    first = state["from"] if state["from"] <= total else max(1, total - WINDOW_LINES + 1)
    last = min(first + WINDOW_LINES - 1, total)
    window = dict(document_id=document_id, line_from=first, line_to=last)
    lines = wh.query("document_lines", **window)
    facts = wh.query("document_facts", **window)
    units = wh.query("document_units", document_id=document_id)
    marks = marks_by_line(facts)
    return html.Div([
        components.page_header(doc.file_name, f"{int(doc.units)} 份报告 · report units, {int(doc.facts)} 个数字 · "
                                              f"counts, {total:,} 行 · lines"),
        components.problems_alert(problems),
        metadata(doc),
        remove_panel(document_id) if editing.writes_enabled() else None,
        html.H4("报告 · Report units", className="mt-3"),
        units_table(document_id, units),
        html.H4("全文 · Text", className="mt-4"),
        window_bar(document_id, first, last, total),
        html.Div([line_view(document_id, line, words, marks.get(line, []))
                  for line, words in zip(lines.line.tolist(), lines.text.tolist())], id="document-text", className="document-text",
                 **{"data-document-id": document_id}),
        window_bar(document_id, first, last, total),
        correcting.missed_form(missed_metrics(wh, units)),
    ])


def missed_metrics(wh, units) -> list[dict]:
    """The metrics a count missed in this document may be: those of its units' bodies."""
    options = [o for body in dict.fromkeys(units.body.dropna()) for o in components.metric_options(wh, body)]
    return list({o["value"]: o for o in options}.values())


def metadata(doc) -> dbc.Table:
    """What was loaded and where it came from; an unknown source says so."""
    url = doc.source_url if isinstance(doc.source_url, str) else None
    rows = [("路径 · path", html.Code(doc.file_name)), ("编号 · id (sha256)", html.Code(doc.document_id)),
            ("大小 · size", f"{int(doc.size_bytes):,} bytes, {int(doc.characters):,} characters"),
            ("编码 · encoding", doc.encoding), ("载入 · loaded at", f"{pd.Timestamp(doc.loaded_at):%Y-%m-%d %H:%M}"),
            ("来源网址 · source URL", html.A(url, href=url, target="_blank", rel="noopener noreferrer") if url else "—"),
            ("发布者 · publisher", doc.publisher if isinstance(doc.publisher, str) else "—"),
            ("发布日期 · published", f"{pd.Timestamp(doc.published_on):%Y-%m-%d}" if not pd.isna(doc.published_on) else "—"),
            ("备注 · note", doc.note if isinstance(doc.note, str) else "—"),
            ("数据 · data", html.A("JSON", href=f"/api/document_units.json?document_id={doc.document_id}"))]
    return dbc.Table(html.Tbody([html.Tr([html.Th(k, className="text-nowrap"), html.Td(v)]) for k, v in rows]),
                     size="sm", id="document-meta", className="w-auto")


def units_table(document_id: str, units: pd.DataFrame) -> dbc.Table | html.P:
    if units.empty:
        return html.P("没有找到报告 · no report unit was found in this document", className="text-muted")
    head = html.Thead(html.Tr([html.Th(h) for h in ("行 · lines", "地区 · place", "机构 · body", "时期 · period",
                                                    "数字 · counts", "依据 · decided by")]))
    rows = [html.Tr([html.Td(dcc.Link(f"{u.line_start}–{u.line_end}", href=window_href(document_id, u.line_start))),
                     html.Td(dcc.Link(u.place, href=place_href(u.place_key)) if isinstance(u.place, str) else "?"),
                     html.Td(text.BODIES[u.body]),
                     html.Td(text.period_text(u.period_start, u.period_end, u.period_inferred, u.period_kind)
                             if not pd.isna(u.period_start) else "?"),
                     html.Td(u.facts),
                     html.Td([html.Div(f"{label}: {why}") for label, why in
                              (("地区 · place", u.place_evidence), ("机构 · body", u.body_evidence),
                               ("时期 · period", u.period_evidence)) if isinstance(why, str)],
                             className="small text-muted")]) for u in units.itertuples()]
    return dbc.Table([head, html.Tbody(rows)], size="sm", id="document-units", responsive=True)


def window_bar(document_id: str, first: int, last: int, total: int) -> html.Div:
    """Which lines are shown, of how many, and links to the windows around them."""
    def link(label: str, start: int, enabled: bool):
        return (dcc.Link(label, href=window_href(document_id, start), className="me-3") if enabled
                else html.Span(label, className="me-3 text-muted"))
    return html.Div([
        html.Span(f"第 {first:,}–{last:,} 行，共 {total:,} 行 · lines {first:,}–{last:,} of {total:,}",
                  className="me-3 document-window"),
        link("« 开头 · first", 1, first > 1),
        link("‹ 上一页 · previous", max(1, first - WINDOW_LINES), first > 1),
        link("下一页 · next ›", last + 1, last < total),
        link("末尾 · last »", max(1, total - WINDOW_LINES + 1), last < total),
    ], className="small my-2")


def window_href(document_id: str, start: int) -> str:
    return f"/document/{document_id}" + (f"?from={int(start)}" if start > 1 else "")


def marks_by_line(facts: pd.DataFrame) -> dict[int, list[tuple[int, int, str, str]]]:
    """line → (start, end, link, title) of each count on it, in order (the query sorts them); a count
    overlapping the one before it is left to that one's mark."""
    marks: dict[int, list] = {}
    end: dict[int, int] = {}
    for f in facts.itertuples():
        if f.start_in_line < end.get(f.line, 0):
            continue
        title = (f"{text.metric_label(f.label_zh, f.label_en)}: {text.figure_text(f.value, f.qualifier)} {f.unit} · "
                 f"{text.BODIES[f.body]}" + (f" · {text.period_label(f.period_start, f.period_end)}"
                                              if not pd.isna(f.period_start) else ""))
        marks.setdefault(f.line, []).append((int(f.start_in_line), int(f.end_in_line), figure_href(f), title))
        end[f.line] = int(f.end_in_line)
    return marks


def figure_href(fact) -> str:
    """Compare with the count's figure chosen and its evidence open (its Place page where it has no period)."""
    if pd.isna(fact.period_start):
        return place_href(fact.place_key)
    period = periods.period_of(fact.period_start, fact.period_end)
    return "/" + urlstate.write({"body": fact.body, "metric": fact.metric, "places": [fact.place_key],
                                 "kind": fact.period_kind or "mixed", "period": period,
                                 "show": [fact.place_key], "show_period": period}, compare.PARAMS)


def line_view(document_id: str, line_no: int, line: str, marks: list[tuple[int, int, str, str]]) -> html.Div:
    """One line of the text: its number, and its words with each count (`marks`: start, end, link,
    title, in order) highlighted as a link to its figure."""
    pieces, at = [], 0
    for start, end, href, title in marks:
        pieces += [line[at:start], dcc.Link(evidence.marked(line[start:end]), href=href, title=title,
                                            className="document-count")]
        at = end
    pieces.append(line[at:])
    # the number is drawn by CSS from data-n: not text of the line, so a selection's column counts
    # only the line's own characters (dashboard/assets/correcting.js)
    return html.Div([html.Span(className="document-line-no", **{"data-n": line_no}),
                     html.Span([p for p in pieces if p != ""], className="document-line-text")],
                    id=f"{document_id[:16]}-line-{line_no}", className="document-line", **{"data-line": line_no})


def remove_panel(document_id: str) -> html.Details:
    """Remove this document: a reason, then a confirmation (the removal is recorded, a rebuild skips it)."""
    return html.Details([
        html.Summary("删除这个文件 · Remove this document …", className="text-danger"),
        html.P("删除它的报告、数字和主题；记录在案，重建时跳过（etl build --restore-removed 可恢复） · removes its units, "
               "counts and topic rows from the warehouse; the removal is recorded beside the warehouse and a rebuild "
               "skips the file (etl build --restore-removed brings it back)", className="small"),
        dcc.Store(id="document-id", data=document_id),
        dbc.Input(id="document-remove-who", placeholder="谁 · who (optional)", className="mb-2", maxLength=200),
        dbc.Input(id="document-remove-why", placeholder="原因 · why (optional)", className="mb-2", maxLength=2000),
        dbc.Button("确认删除 · Confirm removal", id="document-remove", color="danger", size="sm"),
        html.Div(id="document-removed", className="mt-2"),
    ], className="border rounded p-2 my-2", id="document-remove-panel")


@callback(Output("document-removed", "children"), Input("document-remove", "n_clicks"),
          State("document-id", "data"), State("document-remove-who", "value"), State("document-remove-why", "value"),
          prevent_initial_call=True)
def remove_document(clicks, document_id, who, why):
    """The confirmed removal, for a request that may write (editing.may_write); else the refusal."""
    if not editing.may_write():
        return dbc.Alert(editing.refusal(), color="danger")
    if not clicks or not isinstance(document_id, str) or not DOCUMENT_ID.fullmatch(document_id):
        return dbc.Alert("没有选中文件 · no document chosen", color="warning")
    try:
        done = removals.remove(document_id, current().path, who=_short(who) or f"app ({request.remote_addr})",
                               why=_short(why) or "")
    except removals.NotFound as e:
        return dbc.Alert(str(e), color="warning")
    return dbc.Alert([f"已删除 · removed {done.file_name}: {done.units} units, {done.facts} counts. ",
                      dcc.Link("返回 · back to Compare", href="/")], color="success", id="document-removed-note")


def _short(value) -> str | None:
    return value.strip()[:2000] if isinstance(value, str) and value.strip() else None
