"""Figures over time: one metric of chosen places across the years (Compare's "over time" view and
each metric of the Place page).

An annual report's figure is a point at its year, a place's points of consecutive years joined by a
line. A term review or another multi-year figure is a horizontal segment across the years it covers,
drawn at its yearly average (a segment spanning five years at 8 says "8 a year"; drawn at the
five-year total it would claim 40 in each year) and labelled with the total, the way the report
states it. An inferred period is an open marker or a dotted segment, its evidence on hover.
"""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from . import text
from .charts import FONT, MIN_HEIGHT, PLACE_COLOURS, message_figure, unchecked_figure
from .warehouse import records

SEGMENT_WIDTH, LINE_WIDTH = 5, 2
SMALL_HEIGHT = 230   # a Place page chart
SMALL_MARGIN = dict(l=55, r=10, t=10, b=30)   # room for its value labels and the unit
SMALL_TICKS = 7      # year labels at most on its axis


def axis_title(unit: str) -> str:
    return f"{unit} / 年 · a year"


def figure_hover(row, unit: str) -> str:
    figure = text.figure_text(int(row.value), None if row.conflict else row.qualifier)
    period = text.period_text(row.period_start, row.period_end, row.period_inferred)
    lines = [f"<b>{row.place}</b>", f"{figure} {unit} · {period} · {text.KINDS.get(row.period_kind, '')}"]
    if row.years > 1:
        lines.append(f"年均 · a year on average: {row.value_per_year:,.1f}")
    if row.period_inferred:
        lines.append(f"{text.INFERRED_MARK} {text.evidence_text(row.period_evidence)}")
    if note := text.corrected_note(getattr(row, "corrected", None), getattr(row, "original_value", None)):
        lines.append(note)
    return "<br>".join(lines) + "<br>点击查看来源 · click for the evidence"


def annual_trace(part: list, colour: str, unit: str, name: str, show_legend: bool) -> dict:
    """A place's annual figures (rows of the figures table): points, joined where the years are consecutive."""
    xs, ys, hover, data, symbols = [], [], [], [], []
    previous = None
    for row in sorted(part, key=lambda r: r.period_end):
        if previous is not None and row.period_end != previous + 1:   # a gap: the line breaks
            xs.append(None), ys.append(None), hover.append(""), data.append([None, None, None]), symbols.append(0)
        xs.append(int(row.period_end)), ys.append(row.value), hover.append(figure_hover(row, unit))
        data.append([row.place_key, int(row.period_start), int(row.period_end)])
        symbols.append("circle-open" if row.period_inferred else "circle")
        previous = row.period_end
    return dict(type="scatter", x=xs, y=ys, mode="lines+markers", name=name, legendgroup=name,
                showlegend=show_legend, line=dict(color=colour, width=LINE_WIDTH), connectgaps=False,
                marker=dict(color=colour, size=9, symbol=symbols, line=dict(width=2, color=colour)),
                customdata=data, hovertext=hover, hovertemplate="%{hovertext}<extra></extra>")


LABEL_AT = (0.5, 0.25, 0.75)   # where along its segment a label stands, by place: close segments' labels part
LABEL_ROOM = 0.25              # of a segment's height, above it: its label stays inside the chart


def segment_trace(row, colour: str, unit: str, name: str, n: int = 0) -> dict:
    """One multi-year figure: a segment across its years at its yearly average, labelled with the total."""
    start, end = int(row.period_start), int(row.period_end)
    kind = text.KIND_SHORT.get(row.period_kind, "")
    label = (f"{text.period_text(start, end, row.period_inferred)}{kind} 合计 · total "
             f"{text.figure_text(int(row.value), None if row.conflict else row.qualifier)}")
    middle = start + (end - start) * LABEL_AT[n % len(LABEL_AT)]
    return dict(type="scatter", x=[start, middle, end], y=[row.value_per_year] * 3, mode="lines+text", name=name,
                legendgroup=name, showlegend=False, text=["", label, ""], textposition="top center",
                textfont=dict(color="#333", size=11),
                line=dict(color=colour, width=SEGMENT_WIDTH, dash="dot" if row.period_inferred else "solid"),
                customdata=[[row.place_key, start, end]] * 3, hovertext=[figure_hover(row, unit)] * 3,
                hovertemplate="%{hovertext}<extra></extra>")


def over_time(rows: list[tuple], unit: str, places: list[str], names: dict[str, str], height: int) -> dict:
    """The figure as plain data and layout, from the rows as plain tuples (warehouse.records): no
    plotly objects, and no pandas per place (a Place page draws twenty of these, and pandas'
    per-place selections cost the server a second)."""
    by_place: dict[str, list] = {key: [] for key in places}
    for row in rows:
        by_place.setdefault(row.place_key, []).append(row)
    traces = []
    for n, key in enumerate(places):
        colour, part = PLACE_COLOURS[n % len(PLACE_COLOURS)], by_place[key]
        name = names.get(key, key)
        if not part:
            traces.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=f"{name}: {text.NOT_REPORTED}",
                               marker=dict(color="#bbb"), hoverinfo="skip"))
            continue
        annual = [r for r in part if r.years == 1]
        traces.append(annual_trace(annual, colour, unit, name, show_legend=True) if annual else
                      dict(type="scatter", x=[None], y=[None], mode="lines", name=name, legendgroup=name,
                           line=dict(color=colour, width=SEGMENT_WIDTH)))
        traces += [segment_trace(row, colour, unit, name, n) for row in part if row.years > 1]
    drawn = [r for key in places for r in by_place[key]]
    spanned = drawn or rows
    years = range(int(min(r.period_start for r in spanned)), int(max(r.period_end for r in spanned)) + 1)
    # the highest point or segment, with room above it for a segment's label
    top = max([r.value for r in drawn if r.years == 1]
              + [r.value_per_year * (1 + LABEL_ROOM) for r in drawn if r.years > 1] + [0])
    layout = dict(
        height=height, font=dict(family=FONT), plot_bgcolor="white",
        margin=dict(l=10, r=20, t=30, b=40), legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        xaxis=dict(tickmode="array", tickvals=list(years), tickformat="d", gridcolor="#eee",
                   range=[years.start - 0.6, years.stop - 0.4], automargin=True),
        yaxis=dict(title=dict(text=axis_title(unit)), gridcolor="#eee", range=[0, float(top) * 1.05 or 1],
                   automargin=True),
        hovermode="closest", clickmode="event")
    return dict(data=traces, layout=layout)


def over_time_figure(rows: pd.DataFrame, unit: str, places: list[str], names: dict[str, str]) -> go.Figure:
    """Each place's figures across the years, one colour per place (in the order of `places`); a
    place in `places` without figures is named in the legend as not reported."""
    if rows.empty:
        return message_figure("没有数据 · no figures for these places and years")
    figure = over_time(records(rows), unit, places, names, max(MIN_HEIGHT + 140, 420))
    return unchecked_figure(figure["data"], figure["layout"])


def metric_figure(rows: list[tuple], unit: str, place: str, place_key: str) -> dict:
    """One metric of one place over time, small (the Place page draws one per metric), as plain data;
    `rows` are plain tuples (warehouse.records) with the place's name and key."""
    figure = over_time(rows, unit, [place_key], {place_key: place}, SMALL_HEIGHT)
    layout = figure["layout"]
    # fixed margins and a few year ticks: each of a place's twenty charts is laid out once, not again
    # for margins that grow around its labels, and measures a handful of labels instead of twenty
    layout.update(showlegend=False, margin=SMALL_MARGIN)
    first, last = layout["xaxis"]["tickvals"][0], layout["xaxis"]["tickvals"][-1]
    layout["xaxis"].update(automargin=False, tickmode="linear", tick0=first,
                           dtick=max(1, math.ceil((last - first + 1) / SMALL_TICKS)))
    layout["yaxis"].update(automargin=False, title=dict(text=unit + " / 年", font=dict(size=11)))
    return figure
