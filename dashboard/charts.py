"""Plotly figures of the app, built from query results (plain functions, tested without a browser)."""
from __future__ import annotations

import unicodedata
from collections import Counter

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from . import text

FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
# how each kind of figure is drawn: a 余 figure is a floor, so its bar is hatched ("at least")
STYLES = {"exact": dict(color="#2c6fbb", pattern=""),
          "at_least": dict(color="#2c6fbb", pattern="/"),
          "about": dict(color="#7aa6d6", pattern="."),
          "conflict": dict(color="#d9822b", pattern="x")}
BAR_HEIGHT, MIN_HEIGHT = 26, 260
# a bar chart's margins are set here, not found by plotly: its automargin laid every chart out twice,
# more than half of each redraw in the browser. The left margin holds the widest place label, from
# the width of its characters at plotly's tick font (a CJK or full-width character is one em wide)
TICK_FONT_PX = 12
NARROW_EM = 0.62      # of an em: a Latin letter, digit or sign, on average (slightly generous)
LABEL_PAD_PX = 14     # between a label and its bar
BAR_MARGIN = dict(r=90, t=30, b=50)   # room for the figure beside the longest bar, the legend, the unit


def message_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font=dict(size=15), x=0.5, y=0.5,
                       xref="paper", yref="paper")
    fig.update_layout(xaxis_visible=False, yaxis_visible=False, height=MIN_HEIGHT, font_family=FONT,
                      plot_bgcolor="white", margin=dict(l=10, r=10, t=10, b=10))
    return fig


def inverted_years_figure(year_from: int | None, year_to: int | None) -> go.Figure | None:
    """A message when the chosen 'from' year is after the 'to' year; None when the years are fine."""
    if year_from and year_to and year_from > year_to:
        return message_figure("起始年晚于截止年 · 'from' is after 'to'")
    return None


def bar_label(rows: pd.DataFrame) -> pd.Series:
    """'郑州市', or '郑州市 2018–2022' where a place has more than one period in view. In plain Python:
    a chart has a few dozen bars, and pandas' row-wise operations cost more than the rest of the figure."""
    keys = rows.place_key.tolist()
    periods = Counter(keys)
    labels = [place if periods[key] == 1 else f"{place} {text.period_label(start, end)}"
              for place, key, start, end in zip(rows.place.tolist(), keys, rows.period_start.tolist(),
                                                rows.period_end.tolist())]
    # same-named places (two 鼓楼区) are told apart by their key
    clash = Counter(labels)
    return pd.Series([f"{label} ({key})" if clash[label] > 1 else label for label, key in zip(labels, keys)],
                     index=rows.index, dtype=object)


def figure_kind(rows: pd.DataFrame) -> pd.Series:
    """How each figure is drawn: its qualifier, or 'conflict' where its sources disagree."""
    return rows.qualifier.where(~rows.conflict.astype(bool), "conflict").fillna("conflict")


def bar_text(rows: pd.DataFrame, mixed: bool) -> list[str]:
    """What each bar says beside it: the figure and its period ("≥9 · 2022", "40 · 2018–2022* 届")."""
    return [f"{text.corrected_mark(c)}{text.figure_text(int(v), None if k == 'conflict' else k)} · "
            f"{text.period_text(a, b, i, kind if mixed else None)}"
            for v, k, a, b, i, kind, c in zip(rows.value, figure_kind(rows), rows.period_start, rows.period_end,
                                              rows.period_inferred, rows.period_kind, corrected(rows))]


def corrected(rows: pd.DataFrame) -> pd.Series:
    """Whether each figure was corrected by a person (False where the rows do not say)."""
    return rows.corrected if "corrected" in rows else pd.Series(False, index=rows.index)


def corrected_notes(rows: pd.DataFrame) -> list[str]:
    """Each figure's hover line on its correction ("<br>✎ …"), empty where it has none."""
    originals = rows.original_value if "original_value" in rows else [None] * len(rows)
    return [f"<br>{note}" if (note := text.corrected_note(c, o)) else "" for c, o in zip(corrected(rows), originals)]


def period_hover(rows: pd.DataFrame) -> list[str]:
    """The period of each figure, its kind, and for an inferred one what it was inferred from."""
    return [f"{text.period_text(a, b, i)} · {text.KINDS.get(k, k)}"
            + (f"<br>{text.INFERRED_MARK} {text.evidence_text(e)}" if i else "")
            for a, b, i, k, e in zip(rows.period_start, rows.period_end, rows.period_inferred, rows.period_kind,
                                     rows.period_evidence)]


def bar_figure(rows: pd.DataFrame, unit: str, mixed: bool = False, not_reported: list[str] = ()) -> go.Figure:
    """Horizontal bars, largest first, each saying its figure and period; qualifiers drawn and named in
    the legend; places that do not report the metric listed as "not reported" (never as 0).
    customdata identifies the figure (place key, first and last year)."""
    if rows.empty and not not_reported:
        return message_figure("没有数据 · no figures match these filters")
    rows = rows.copy()
    rows["label"] = bar_label(rows) if not rows.empty else []
    rows["kind"] = figure_kind(rows) if not rows.empty else []
    rows = rows.sort_values(["value", "label"], ascending=[False, True])
    order = list(rows.label) + list(not_reported)
    # each column as a list once, each trace picked from them (a DataFrame filtered per kind cost more)
    kinds, labels, values = rows.kind.tolist(), rows.label.tolist(), rows.value.tolist()
    figures = list(zip(rows.place_key.tolist(), rows.period_start.tolist(), rows.period_end.tolist()))
    texts = bar_text(rows, mixed)
    hovers = [f"{t.split(' · ')[0]} {unit} · {p}{n}" for t, p, n in
              zip(texts, period_hover(rows), corrected_notes(rows))]
    traces = []
    for kind, style in STYLES.items():
        part = [n for n, k in enumerate(kinds) if k == kind]
        if not part:
            continue
        traces.append(dict(
            type="bar", x=[values[n] for n in part], y=[labels[n] for n in part], orientation="h",
            name=text.QUALIFIERS[kind], marker=dict(color=style["color"], pattern=dict(shape=style["pattern"])),
            text=[texts[n] for n in part], textposition="outside", cliponaxis=False,
            customdata=[list(figures[n]) for n in part], hovertext=[hovers[n] for n in part],
            hovertemplate="<b>%{y}</b><br>%{hovertext}<br>点击查看来源 · click for the evidence<extra></extra>"))
    if not_reported:
        traces.append(dict(type="scatter", x=[0] * len(not_reported), y=list(not_reported), mode="text",
                           text=["  " + text.NOT_REPORTED] * len(not_reported), textposition="middle right",
                           showlegend=False, hoverinfo="skip"))
    layout = dict(
        height=max(MIN_HEIGHT, BAR_HEIGHT * len(order) + 90), font=dict(family=FONT), plot_bgcolor="white",
        margin=dict(l=label_margin(order), **BAR_MARGIN), legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        xaxis=dict(title=dict(text=unit), gridcolor="#eee", rangemode="tozero", automargin=False),
        yaxis=dict(categoryorder="array", categoryarray=order, autorange="reversed", title=None, automargin=False),
        clickmode="event")
    return unchecked_figure(traces, layout)


def label_margin(labels: list[str]) -> int:
    """The left margin (px) that holds the widest of `labels` as a tick label."""
    def width(label: str) -> float:
        return sum(1 if unicodedata.east_asian_width(c) in "WF" else NARROW_EM for c in label) * TICK_FONT_PX
    return round(max(map(width, labels), default=0) + LABEL_PAD_PX)


def unchecked_figure(traces: list[dict], layout: dict) -> go.Figure:
    """A figure of plain traces and layout, written with plotly's full property names, not checked
    property by property: checking a ranking's bars took plotly longer than the query behind them
    (tests check what the figures say)."""
    return go.Figure(dict(data=traces, layout=layout), _validate=False)


def coverage_figure(rows: pd.DataFrame) -> go.Figure:
    """Place × metric: how many periods report each metric (0: none)."""
    if rows.empty:
        return message_figure("没有数据 · no places match")
    grid = rows.pivot_table(index="place", columns="label_zh", values="periods", aggfunc="sum", sort=False)
    fig = px.imshow(grid, color_continuous_scale=[[0, "#f3f3f3"], [0.001, "#cfe1f2"], [1, "#2c6fbb"]],
                    aspect="auto", text_auto=True)
    fig.update_layout(height=max(MIN_HEIGHT, 22 * len(grid) + 160), font_family=FONT,
                      margin=dict(l=10, r=10, t=10, b=10), coloraxis_colorbar_title="报告期数 · periods",
                      xaxis_title=None, yaxis_title=None, xaxis_side="top")
    return fig


PLACE_COLOURS = px.colors.qualitative.Safe


def theme_figure(rows: pd.DataFrame) -> go.Figure:
    """Theme shares of places side by side: one group of bars per theme (in themes.toml's order),
    one colour per place. customdata says which place and theme a bar is, for its sentences."""
    if rows.empty:
        return message_figure("没有主题数据 · no topic profiles for these places (rebuild the warehouse)")
    themes = rows.drop_duplicates("theme").sort_values("position")
    labels = dict(zip(themes.theme, themes.label_zh + " · " + themes.label_en))
    fig = go.Figure()
    for n, (place_key, part) in enumerate(rows.groupby("place_key", sort=False)):
        part = part.sort_values("position")
        fig.add_bar(
            x=part.share * 100, y=part.theme.map(labels), orientation="h", name=part.place.iloc[0],
            marker_color=PLACE_COLOURS[n % len(PLACE_COLOURS)],
            customdata=part[["place_key", "theme"]].to_numpy(),
            hovertext=[f"{p}: {s:,} / {t:,} 句 · sentences" for p, s, t in
                       zip(part.place, part.sentences, part.sentences_total)],
            hovertemplate="<b>%{y}</b><br>%{hovertext} = %{x:.1f}%<br>点击查看句子 · click for the sentences"
                          "<extra></extra>")
    fig.update_layout(
        barmode="group", height=max(MIN_HEIGHT, (12 + 10 * rows.place_key.nunique()) * len(themes) + 90),
        font_family=FONT, plot_bgcolor="white", margin=dict(l=10, r=30, t=30, b=40),
        legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        xaxis=dict(title="句子占比 · share of sentences (%)", gridcolor="#eee", rangemode="tozero"),
        yaxis=dict(categoryorder="array", categoryarray=list(labels.values()), autorange="reversed", title=None),
        clickmode="event")
    return fig
