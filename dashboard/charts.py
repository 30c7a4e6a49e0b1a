"""Plotly figures of the app, built from query results (plain functions, tested without a browser)."""
from __future__ import annotations

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
    """'郑州市', or '郑州市 2018–2022' where a place has more than one period in view."""
    periods = rows.apply(lambda r: text.period_label(r.period_start, r.period_end), axis=1)
    several = rows.groupby("place_key").place_key.transform("size") > 1
    label = rows.place.where(~several, rows.place + " " + periods)
    # same-named places (two 鼓楼区) are told apart by their key
    clash = label.duplicated(keep=False)
    return label.where(~clash, label + " (" + rows.place_key + ")")


def bar_figure(rows: pd.DataFrame, unit: str, per_year: bool = False,
               not_reported: list[str] = ()) -> go.Figure:
    """Horizontal bars, largest first; qualifiers drawn and named in the legend; places that do
    not report the metric listed as "not reported" (never as 0). customdata identifies the figure."""
    if rows.empty and not not_reported:
        return message_figure("没有数据 · no figures match these filters")
    rows = rows.copy()
    rows["label"] = bar_label(rows) if not rows.empty else []
    rows["score"] = rows.value_per_year if per_year else rows.value
    rows["kind"] = rows.qualifier.where(~rows.conflict.astype(bool), "conflict").fillna("conflict")
    rows = rows.sort_values(["score", "label"], ascending=[False, True])
    order = list(rows.label) + list(not_reported)
    fig = go.Figure()
    for kind, style in STYLES.items():
        part = rows[rows.kind == kind]
        if part.empty:
            continue
        shown = [text.figure_text(round(s, 1) if per_year else int(s), None if kind == "conflict" else kind)
                 for s in part.score]
        fig.add_bar(
            x=part.score, y=part.label, orientation="h", name=text.QUALIFIERS[kind],
            marker=dict(color=style["color"], pattern_shape=style["pattern"]),
            text=shown, textposition="outside", cliponaxis=False,
            customdata=part[["place_key", "period_start", "period_end"]].to_numpy(),
            hovertext=[f"{t} {unit}{' / 年' if per_year else ''} · {text.period_label(a, b)}"
                       for t, a, b in zip(shown, part.period_start, part.period_end)],
            hovertemplate="<b>%{y}</b><br>%{hovertext}<br>点击查看来源 · click for the evidence<extra></extra>")
    if not_reported:
        fig.add_scatter(x=[0] * len(not_reported), y=list(not_reported), mode="text",
                        text=["  " + text.NOT_REPORTED] * len(not_reported), textposition="middle right",
                        showlegend=False, hoverinfo="skip")
    fig.update_layout(
        height=max(MIN_HEIGHT, BAR_HEIGHT * len(order) + 90), font_family=FONT, plot_bgcolor="white",
        margin=dict(l=10, r=40, t=30, b=40), legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        xaxis=dict(title=f"{unit}{' / 年 · per year' if per_year else ''}", gridcolor="#eee", rangemode="tozero"),
        yaxis=dict(categoryorder="array", categoryarray=order, autorange="reversed", title=None),
        clickmode="event")
    return fig


def profile_figure(rows: pd.DataFrame) -> go.Figure:
    """Every metric of one place over its periods: a grid of figures, each cell shaded against the
    largest figure of its own metric (metrics have different units, so rows are not compared)."""
    if rows.empty:
        return message_figure("这个地区没有数据 · no figures for this place")
    rows = rows.assign(
        metric_label=rows.label_zh + " · " + rows.body.map({"npc_sc": "人大", "cppcc_sc": "政协"}),
        period=[text.period_label(a, b) for a, b in zip(rows.period_start, rows.period_end)],
        shown=[text.figure_text(v, q) for v, q in zip(rows.value, rows.qualifier)],
        share=rows.value / rows.groupby(["body", "metric"]).value.transform("max").clip(lower=1))
    periods = sorted(rows.period.unique(), key=lambda p: (p[-4:], p))
    metrics = list(dict.fromkeys(rows.metric_label))
    grid = rows.pivot_table(index="metric_label", columns="period", values="share", aggfunc="first")
    shown = rows.pivot_table(index="metric_label", columns="period", values="shown", aggfunc="first")
    grid, shown = grid.reindex(index=metrics, columns=periods), shown.reindex(index=metrics, columns=periods)
    fig = go.Figure(go.Heatmap(z=grid.to_numpy(), x=periods, y=metrics, text=shown.fillna("").to_numpy(),
                               texttemplate="%{text}", colorscale=[[0, "#eaf1fa"], [1, "#2c6fbb"]], showscale=False,
                               xgap=2, ygap=2, hovertemplate="%{y} · %{x}: %{text}<extra></extra>"))
    fig.update_layout(height=max(MIN_HEIGHT, 28 * len(metrics) + 80), font_family=FONT, plot_bgcolor="white",
                      margin=dict(l=10, r=10, t=10, b=30), xaxis=dict(type="category", side="top"),
                      yaxis=dict(autorange="reversed"))
    return fig


def map_figure(rows: pd.DataFrame, shapes: dict, geojson: str, unit: str, per_year: bool = False) -> go.Figure:
    """A choropleth of `rows` (adcode, place, value …) on `shapes`; places that do not report are grey.

    The outlines are not in the figure: both layers name `geojson`, the address the browser fetches
    them from once; the grey layer draws the silent places, the coloured one the rest.
    """
    rows = rows.drop_duplicates("adcode").set_index("adcode")
    reporting = [f for f in shapes["features"] if f["properties"]["adcode"] in rows.index]
    silent = [f for f in shapes["features"] if f["properties"]["adcode"] not in rows.index]
    fig = go.Figure()
    fig.add_choropleth(geojson=geojson, featureidkey="properties.adcode",
                       locations=[f["properties"]["adcode"] for f in silent], z=[0] * len(silent),
                       colorscale=[[0, "#e6e6e6"], [1, "#e6e6e6"]], showscale=False, name=text.NOT_REPORTED,
                       marker_line=dict(color="white", width=0.5), hoverinfo="text",
                       hovertext=[f"{f['properties']['name']}<br>{text.NOT_REPORTED}" for f in silent])
    if reporting:
        drawn = rows.loc[[f["properties"]["adcode"] for f in reporting]]
        score = drawn.value_per_year if per_year else drawn.value
        shown = [text.figure_text(round(s, 1) if per_year else int(s), q) for s, q in zip(score, drawn.qualifier)]
        fig.add_choropleth(geojson=geojson, featureidkey="properties.adcode", locations=drawn.index, z=score,
                           colorscale="Blues", marker_line=dict(color="white", width=0.5),
                           colorbar=dict(title=dict(text=unit + (" / 年" if per_year else ""))),
                           customdata=drawn[["place_key", "period_start", "period_end"]].to_numpy(),
                           hovertext=[f"<b>{p}</b><br>{s} {unit} · {text.period_label(a, b)}"
                                      for p, s, a, b in zip(drawn.place, shown, drawn.period_start, drawn.period_end)],
                           hoverinfo="text", name="")
    fig.update_geos(visible=False, fitbounds="locations", projection_type="mercator")
    fig.update_layout(height=620, margin=dict(l=0, r=0, t=0, b=0), font_family=FONT, clickmode="event")
    return fig


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
