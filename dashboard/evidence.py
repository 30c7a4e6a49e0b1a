"""The evidence behind a number: its document, line, and the sentence with the number marked."""
from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

import pandas as pd
from dash import dcc, html, no_update

from . import components, text, urlstate
from .urlstate import Param
from .warehouse import current

SENTENCE_END = re.compile(r"[。！？；;!?\n]")
# what a click on a bar or a region names (its customdata: place key, period start, end), and the
# page's body it is read with
CLICKED = [Param("body", urlstate.choice(text.BODIES), "npc_sc"), Param("place", urlstate.key_list),
           Param("start", urlstate.year), Param("end", urlstate.year)]
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


def evidence_cards(rows: pd.DataFrame, heading: str | None = None) -> html.Div:
    """One card per source sentence; `rows` come from the evidence query."""
    if rows.empty:
        return html.Div("没有找到来源句子 · no source sentence found for this figure",
                        className="text-muted evidence-panel")
    values = sorted(set(rows.value))
    children = [html.H5(heading)] if heading else []
    if len(values) > 1:
        children.append(html.Div(f"来源不一 · the sources disagree: {', '.join(f'{v:,}' for v in values)}",
                                 className="alert alert-warning py-1"))
    for row in rows.itertuples():
        how = {"summed": "分项相加 · summed from parts", "enumerated": "列举计数 · counted from a list"}.get(row.how)
        children.append(html.Div([
            html.Div([html.Code(f"{row.source}:{row.line}", className="evidence-source"),
                      html.Span(f"  {text.figure_text(row.value, row.qualifier)}"
                                f" ({text.QUALIFIERS[row.qualifier]})", className="ms-2"),
                      html.Span(f"  {how}", className="ms-2 text-muted") if how else None]),
            html.Blockquote(sentence(row.context_before, row.evidence, row.context_after), className="evidence-sentence mb-0"),
            decided_by(row),
        ], className="evidence-card border rounded p-2 mb-2"))
    return html.Div(children, className="evidence-panel")


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


def evidence_for_click(click: dict | None, body: str, metric: str):
    """The evidence panel for a clicked bar or region; the click and the page's body and metric are
    checked as a link's would be."""
    data = clicked(click)
    if data is None:
        return no_update
    wh = current()
    state, problems = urlstate.read({"body": body, **dict(zip(("place", "start", "end"), data[:3]))}, CLICKED)
    metric = components.checked_metric(wh, state["body"], metric, problems)
    if problems or len(state["place"]) != 1 or state["start"] is None or state["end"] is None:
        return components.problems_alert(problems or ["clickData: 不是图中的一项 · not a point of the chart"])
    body, (place_key,), start, end = state["body"], state["place"], state["start"], state["end"]
    rows = wh.query("evidence", place_key=place_key, body=body, metric=metric,
                    period_start=start, period_end=end)
    row = wh.metric_row(body, metric)
    heading = (f"{wh.place_name(place_key)} · {text.period_label(start, end)} · "
               f"{text.metric_label(row.label_zh, row.label_en)}")
    return html.Div([evidence_cards(rows, heading), figure_link(place_key)], className="mt-3")
