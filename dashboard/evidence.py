"""The evidence behind a number: its document (linked to the document page, with where it was published),
line, and the sentence with the number marked."""
from __future__ import annotations

import json
import re
from html import escape
from urllib.parse import quote

import pandas as pd
from dash import Input, Output, State, callback, clientside_callback, dcc, html

from . import components, correcting, periods, text, urlstate
from .urlstate import Param
from .warehouse import current

SENTENCE_END = re.compile(r"[。！？；;!?\n]")
# what a click on a bar or a region names (its customdata: place key, period start, end), and the
# page's body it is read with
CLICKED = [Param("body", urlstate.choice(text.BODIES), "npc_sc"), Param("place", urlstate.key_list),
           Param("start", urlstate.year), Param("end", urlstate.year)]
# no figure selected, in the page's store: not None, which dcc's memory store sets again as it mounts
# (it has no entry yet), and the evidence callback was sent on every first load for it
NOTHING_SELECTED = False
DOCUMENT_CONTEXT_LINES = 5   # lines above the evidence's that a link to the document page shows first
NUMBER = re.compile(r"[0-9][0-9,，.]*|[零〇一二两三四五六七八九十百千万亿]+(?=[余多次件项人名条个部场篇])")


def sentence_parts(before: str, evidence: str, after: str) -> tuple[str, str, str]:
    """The sentence around `evidence`: the context cut back to the sentence ends on either side."""
    before, after = before or "", after or ""
    starts = [m.end() for m in SENTENCE_END.finditer(before)]
    head = before[starts[-1]:] if starts else before
    end = SENTENCE_END.search(after)
    tail = after[:end.end()] if end else after
    return head.lstrip(), evidence, tail.rstrip("\n")


def number_pieces(evidence: str) -> list[tuple[str, bool]]:
    """The evidence cut into (text, is a number) pieces."""
    pieces, last = [], 0
    for m in NUMBER.finditer(evidence):
        pieces += [(evidence[last:m.start()], False), (m.group(), True)]
        last = m.end()
    pieces.append((evidence[last:], False))
    return [p for p in pieces if p[0]]


def marked(evidence: str) -> list:
    """The evidence with its numbers in bold, inside a highlight."""
    return [html.Mark([html.Strong(t) if number else t for t, number in number_pieces(evidence)],
                      className="evidence-mark")]


def terms_marked(sentence: str, terms: list[str]) -> list:
    """The sentence with every use of `terms` highlighted (the longest term wins where they overlap)."""
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return [sentence]
    pieces = re.split("(" + "|".join(map(re.escape, terms)) + ")", sentence)
    return [html.Mark(p, className="evidence-mark") if n % 2 else p for n, p in enumerate(pieces) if p]


def sentence_html(before: str, evidence: str, after: str) -> str:
    """The sentence as escaped HTML, for grids that render markup (the report text is never trusted)."""
    head, ev, tail = sentence_parts(before, evidence, after)
    inner = "".join(f"<b>{escape(t)}</b>" if number else escape(t) for t, number in number_pieces(ev))
    return f'{escape(head)}<mark class="evidence-mark">{inner}</mark>{escape(tail)}'


def sentence(before: str, evidence: str, after: str) -> list:
    """The sentence around `evidence` as components, the evidence highlighted."""
    head, ev, tail = sentence_parts(before, evidence, after)
    return [head, *marked(ev), tail]


def evidence_cards(rows: pd.DataFrame, heading: str | None = None, fixes: dict | None = None,
                   metrics: list[dict] | None = None) -> html.Div:
    """One card per source sentence; `rows` come from the evidence query. With `fixes` (rows of
    correctable_facts by unit and metric) each card shows what was corrected of it and can be
    corrected, and its sentence's text can be selected to add a missed count of `metrics`."""
    if rows.empty:
        return html.Div("没有找到来源句子 · no source sentence found for this figure",
                        className="text-muted evidence-panel")
    values = sorted(set(rows.value))
    children = [html.H5(heading)] if heading else []
    if len(values) > 1:
        children.append(html.Div(f"来源不一 · the sources disagree: {', '.join(f'{v:,}' for v in values)}",
                                 className="alert alert-warning py-1"))
    for row in rows.itertuples():
        fix = (fixes or {}).get((row.unit_id, row.metric))
        how = {"summed": "分项相加 · summed from parts", "enumerated": "列举计数 · counted from a list"}.get(row.how)
        children.append(html.Div([
            html.Div([dcc.Link(html.Code(f"{row.source}:{row.line}", className="evidence-source"),
                               href=document_href(row.document_id, row.line), title="全文 · the whole document"),
                      html.Span(f"  {text.corrected_mark(correcting.is_corrected(fix))}"
                                f"{text.figure_text(row.value, row.qualifier)}"
                                f" ({text.QUALIFIERS[row.qualifier]})", className="ms-2"),
                      html.Span(f"  {how}", className="ms-2 text-muted") if how else None]),
            html.Blockquote(sentence(row.context_before, row.evidence, row.context_after), className="evidence-sentence mb-0",
                            **selectable(row, fix)),
            decided_by(row),
            published(row),
            *correcting.fact_controls(fix),
        ], className="evidence-card border rounded p-2 mb-2"))
    if fixes is not None:
        children.append(correcting.missed_form(metrics or []))
    return html.Div(children, className="evidence-panel")


def selectable(row, fix: dict | None) -> dict:
    """The attributes that make the sentence's text selectable as its document's line (from the
    column the sentence starts at)."""
    if fix is None:
        return {}
    head = sentence_parts(row.context_before, row.evidence, row.context_after)[0]
    return correcting.line_attributes(fix["document_id"], fix["line"], int(fix["start_column"]) - len(head))


def decided_by(row) -> html.Div | None:
    """Why the figure's report counts for this place, body and period (the extractor's evidence)."""
    period = getattr(row, "period_evidence", None)
    place = getattr(row, "place_evidence", None)
    if not period and not place:
        return None   # a unit loaded before the extractor kept its evidence
    inferred = " (推断 · inferred)" if getattr(row, "period_inferred", False) else ""
    return html.Div([
        html.Div(f"时期 · period {text.period_label(row.period_start, row.period_end)}{inferred}: {period}",
                 className="evidence-why-period") if period else None,
        html.Div(f"地区 · place: {place}", className="evidence-why-place") if place else None,
    ], className="evidence-why small text-muted mt-1")


def published(row) -> html.Div | None:
    """Where the figure's document was published: publisher, date, a link to its address (from
    sources.csv or the upload form); nothing where nobody said."""
    url, publisher, day = row.source_url, row.publisher, row.published_on
    if not any(isinstance(v, str) for v in (url, publisher)) and pd.isna(day):
        return None
    return html.Div([html.Span(f"发布 · published by {publisher}", className="me-2") if isinstance(publisher, str) else None,
                     html.Span(f"{pd.Timestamp(day):%Y-%m-%d}", className="me-2") if not pd.isna(day) else None,
                     html.A("来源网址 · source ↗", href=url, target="_blank", rel="noopener noreferrer")
                     if isinstance(url, str) else None], className="evidence-published small text-muted")


def document_href(document_id: str, line: int | None = None) -> str:
    """The document page; at `line`, its window opens a few lines above it."""
    start = max(1, int(line) - DOCUMENT_CONTEXT_LINES) if line else None
    return f"/document/{document_id}" + (f"?from={start}" if start and start > 1 else "")


def place_href(place_key: str) -> str:
    """The Place page of a place key; a name:… key is percent-encoded, as browsers send it anyway."""
    return "/place/" + quote(place_key, safe=":")


def figure_link(place_key: str) -> dcc.Link:
    return dcc.Link("地区概况 · place profile →", href=place_href(place_key))


def clicked(click) -> list | None:
    """The customdata of the first point of a Plotly click, or None (no click, or not one Plotly sends)."""
    points = click.get("points") if isinstance(click, dict) else None
    point = points[0] if isinstance(points, list) and points and isinstance(points[0], dict) else {}
    data = point.get("customdata")
    return data if isinstance(data, list) and data else None


# -- the figure whose evidence is open: in the URL as show=<place key>&show_period=<first[-last]> --
SHOW_PARAMS = [Param("show", urlstate.key_list), Param("show_period", periods.parse_period)]


def selection_in(state: dict) -> dict | None:
    """The selection a link opens (read with SHOW_PARAMS)."""
    if not state.get("show") or not state.get("show_period"):
        return None
    start, end = periods.bounds(state["show_period"])
    return {"place": state["show"][0], "start": start, "end": end}


def selection_query(selection) -> str:
    """SHOW_PARAMS of a selection (checked) as the part of a query string after the filters' own
    ("show=…&show_period=…"; empty for none): the page's chart callback writes the filters' part, and
    the browser joins the two (components.register_url_sync)."""
    checked = checked_selection(selection, [])
    if checked is None:
        return ""
    place_key, start, end = checked
    return urlstate.write({"show": [place_key], "show_period": periods.period_of(start, end)}, SHOW_PARAMS)[1:]


def checked_selection(selection, problems: list[str]) -> tuple[str, int, int] | None:
    """(place key, first year, last year) of a selection, checked as a link's would be."""
    if not isinstance(selection, dict):
        return None
    state, found = urlstate.read({"place": selection.get("place"), "start": selection.get("start"),
                                  "end": selection.get("end")}, CLICKED[1:])
    if found or len(state["place"] or []) != 1 or state["start"] is None or state["end"] is None:
        problems += found or ["clickData: 不是图中的一项 · not a point of the chart"]
        return None
    return state["place"][0], state["start"], state["end"]


def evidence_for(selection, body: str, metric: str):
    """The evidence panel of a selected figure; the selection and the page's body and metric are
    checked as a link's would be. Nothing selected: an empty panel."""
    if selection is None:
        return None
    wh = current()
    state, problems = urlstate.read({"body": body}, CLICKED[:1])
    metric = components.checked_metric(wh, state["body"], metric, problems)
    figure = checked_selection(selection, problems)
    if problems or figure is None:
        return components.problems_alert(problems)
    body, (place_key, start, end) = state["body"], figure
    rows = wh.query("evidence", place_key=place_key, body=body, metric=metric,
                    period_start=start, period_end=end)
    row = wh.metric_row(body, metric)
    heading = (f"{wh.place_name(place_key)} · {text.period_label(start, end)} · "
               f"{text.metric_label(row.label_zh, row.label_en)}")
    fixes = wh.query("correctable_facts", unit_ids=sorted(set(rows.unit_id)), metric=metric)
    fixes = {(f["unit_id"], f["metric"]): f for f in fixes.to_dict("records")}
    cards = evidence_cards(rows, heading, fixes, components.metric_options(wh, body))
    return html.Div([cards, figure_link(place_key)], className="mt-3")


# in the browser: a click on the chart selects the figure it names (its customdata: place key, first
# and last year; checked when it is shown, as a link's selection is); a change of filter closes what
# was open, and leaves alone what was not, so that the server is not asked to draw an empty panel
SELECT = """function (click) {
    var had = arguments[arguments.length - 1], ctx = window.dash_clientside.callback_context;
    if (ctx.triggered_id === %s) {
        var point = click && Array.isArray(click.points) ? click.points[0] : null;
        var data = point && Array.isArray(point.customdata) ? point.customdata : null;
        if (data && data.length >= 3) { return {place: data[0], start: data[1], end: data[2]}; }
    }
    return !had ? window.dash_clientside.no_update : null;   // had: null, or NOTHING_SELECTED
}"""


def shown(selection, body: str, metric: str) -> tuple:
    """The evidence panel of a selection and its part of the address (selection_query)."""
    return evidence_for(selection, body, metric), selection_query(selection)


def panel(page: str, state: dict) -> list:
    """The part of `page`'s layout that register(page, …) works on, holding the evidence the link
    opens (drawn here: a callback on load would be a round trip of every first load)."""
    selection = selection_in(state)
    drawn, query = shown(selection, state["body"], state["metric"])
    return [dcc.Store(id=f"{page}-selected", data=selection or NOTHING_SELECTED),
            dcc.Store(id=f"{page}-shown", data=query), html.Div(drawn, id=f"{page}-evidence")]


def register(page: str, filters: list[str]) -> None:
    """A click on `<page>-graph` selects a figure (`<page>-selected`) and opens its evidence in
    `<page>-evidence`, its part of the address in `<page>-shown`; changing any of the page's
    `filters` closes it. The selection is made in the browser: on the server it was a round trip
    that every change of filter waited for."""
    def show(selection, body, metric):
        return shown(selection, body, metric)

    clientside_callback(SELECT % json.dumps(f"{page}-graph"), Output(f"{page}-selected", "data"),
                        Input(f"{page}-graph", "clickData"), *[Input(f"{page}-{f}", "value") for f in filters],
                        State(f"{page}-selected", "data"), prevent_initial_call=True)
    callback(Output(f"{page}-evidence", "children"), Output(f"{page}-shown", "data"),
             Input(f"{page}-selected", "data"), State(f"{page}-body", "value"), State(f"{page}-metric", "value"),
             prevent_initial_call=True)(show)
