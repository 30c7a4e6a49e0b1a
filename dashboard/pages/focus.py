"""Focus: what chosen places work on — their policy themes side by side, and each place's
distinctive words; a click on a theme bar or a word lists the sentences behind it."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, callback, ctx, dcc, html, no_update

from .. import charts, components, text, urlstate
from ..evidence import clicked, figure_link, terms_marked
from ..urlstate import Param
from ..warehouse import current

PATH, NAME = "/focus", "关注点 · Focus"
CHARTS = True   # it draws plotly charts: plotly.js is preloaded with its scripts (dashboard/bundles.py)
DEFAULT_PLACES = 4      # shown until places are chosen: those with the most text
KEYWORDS = 15           # distinctive words per place
MIN_USES = 3            # a word used fewer times says little about a place
MAX_SENTENCES = 80
MAX_TERM_CHARS = 40     # a word of the lexicon is a few characters; a longer one comes from a crafted request
AGAINST = {"chosen": ("与其他所选地区比", "against the other chosen places"),
           "all": ("与全部地区比", "against every place")}
PARAMS = [Param("body", urlstate.choice(text.BODIES), "npc_sc"),
          Param("places", urlstate.key_list, []),
          Param("from", urlstate.year),
          Param("to", urlstate.year),
          Param("against", urlstate.choice(AGAINST), "chosen"),
          Param("show", urlstate.key_list),    # the place whose sentences are listed …
          Param("term", str),                  # … for a word,
          Param("theme", str)]                 # … or for a theme

components.register_url_sync("focus")
components.register_place_search("focus-places")


def checked(query: dict) -> tuple[dict, list[str]]:
    """The page's filters from a link or a callback, each checked, the selection among them; what was
    not understood, said."""
    state, problems = urlstate.read(query, PARAMS)
    state["places"] = components.checked_places(state["places"], problems)
    state["selection"] = checked_selection(state, problems)
    return state, problems


def layout(**query) -> html.Div:
    wh = current()
    state, problems = checked(query)
    selection = state["selection"]
    years = wh.years()
    return html.Div([
        components.page_header("关注点 · Focus",
                               "各地把力气花在哪些议题上 · what each place works on: its themes, and the words it "
                               "uses more than the others; click a bar or a word for its sentences"),
        components.problems_alert(problems),
        dbc.Row([
            components.field("机构 · body", components.body_picker("focus-body", state["body"]), 3),
            components.field("从 · from", components.year_picker("focus-from", years, state["from"],
                                                                "最早 · earliest"), 2),
            components.field("到 · to", components.year_picker("focus-to", years, state["to"], "最新 · latest"), 2),
            components.field("关键词对比 · distinctive words", dbc.RadioItems(
                id="focus-against", value=state["against"], inline=True,
                options=[{"label": f"{zh} · {en}", "value": key} for key, (zh, en) in AGAINST.items()]), 5),
        ]),
        dbc.Row([components.field("地区 · places", components.place_picker("focus-places", wh, state["body"],
                                                                            state["places"]), 12)]),
        html.Div(id="focus-note", className="text-muted small"),
        components.export_bar("focus-themes"),
        dcc.Loading(dcc.Graph(id="focus-themes", config={"displaylogo": False}), delay_show=300),
        html.H5("特色词 · Distinctive words", className="mt-3"),
        html.P("每个地区比对照组用得明显更多的词（对数几率 z 值，按全部报告的词频平滑） · words each place uses "
               "markedly more than the comparison (z-score of the log-odds ratio, smoothed by every report's "
               "word rates); the number is how often the place uses it", className="text-muted small"),
        dcc.Loading(html.Div(id="focus-keywords"), delay_show=300),
        dcc.Store(id="focus-selection", data=selection),
        html.Div(id="focus-sentences", className="mt-3"),
        *components.url_sync("focus"),
    ])


def checked_selection(state: dict, problems: list[str]) -> dict | None:
    """The sentences to list on opening, from show= with term= or theme= (a known theme)."""
    show = (state["show"] or [None])[0]
    if show is None:
        return None
    if not components.checked_places([show], problems):
        return None
    if state["term"] and len(state["term"]) > MAX_TERM_CHARS:
        problems.append(f"term={urlstate.shown(state['term'])}: 太长 · longer than {MAX_TERM_CHARS} characters")
        return None
    if state["theme"]:
        if state["theme"] not in set(current().cached("theme_catalogue").theme):
            problems.append(f"theme={urlstate.shown(state['theme'])}: 没有这个主题 · no such theme")
            return None
        return {"place": show, "theme": state["theme"]}
    return {"place": show, "term": state["term"]} if state["term"] else None


def chosen_places(body: str, places: list[str] | None) -> tuple[list[str], bool]:
    """The places to show, and whether they are the default (the most text) rather than chosen."""
    if places:
        return places, False
    rows = current().cached("topic_places", body=body)
    return rows.place_key.head(DEFAULT_PLACES).tolist(), True


@callback(Output(components.places_store("focus-places"), "data"), Input("focus-body", "value"),
          prevent_initial_call=True)
def body_changed(body):
    return components.place_options(current(), checked({"body": body})[0]["body"])


@callback(Output("focus-themes", "figure"), Output("focus-keywords", "children"), Output("focus-note", "children"),
          *components.export_outputs("focus-themes"), Input("focus-body", "value"), Input("focus-places", "value"),
          Input("focus-from", "value"), Input("focus-to", "value"), Input("focus-against", "value"))
def update(body, places, year_from, year_to, against):
    """The theme chart, the distinctive words of each place, and a note on what is shown."""
    wh = current()
    state, problems = checked({"body": body, "places": places, "from": year_from, "to": year_to,
                               "against": against})
    figure, words, note = drawn(wh, state)
    return (figure, words, components.noted(note, problems), export_meta(wh, state, figure),
            "/download/chart/focus.csv" + urlstate.write(state, PARAMS))


def export_meta(wh, state: dict, figure) -> dict:
    """The words of the theme chart's PNG and SVG: the places drawn, the body, the years."""
    shown = [t.name for t in figure.data if t.type == "bar"]
    years = "–".join(str(y) for y in (state["from"], state["to"]) if y) or "全部年份 · all years"
    return components.export_meta("focus-themes", "政策主题占比 · Share of sentences on each policy theme",
                                  f"{text.BODIES[state['body']]} · {years} · {', '.join(shown)}", [],
                                  f"focus_themes_{state['body']}",
                                  source=f"来源 · Sources: 所选地区的报告全文 · the full text of the chosen places' "
                                         f"reports ({len(shown)} places) — 人大政协履职数据看板 · Congress Output Explorer")


def theme_rows(wh, state: dict):
    """The places shown (and whether by default), and their theme shares (focus_themes)."""
    keys, default = chosen_places(state["body"], state["places"])
    themes = wh.query("focus_themes", places=keys, body=state["body"], year_from=state["from"],
                      year_to=state["to"]) if keys else None
    return keys, default, themes


def csv_rows(query: dict):
    """The theme shares the chart draws, and a file name."""
    state, problems = checked(query)
    if problems:
        raise ValueError("; ".join(problems))
    _, _, themes = theme_rows(current(), state)
    if themes is None:
        raise ValueError("没有主题数据 · no topic profiles in this warehouse")
    return themes.assign(body=state["body"]), f"focus_themes_{state['body']}"


def drawn(wh, state: dict):
    """The theme chart, the words and the note for checked filters."""
    body, places, year_from, year_to, against = (state[k] for k in ("body", "places", "from", "to", "against"))
    if inverted := charts.inverted_years_figure(year_from, year_to):
        return inverted, None, ""
    keys, default, themes = theme_rows(wh, state)
    if not keys:
        return charts.message_figure("没有主题数据 · no topic profiles in this warehouse"), None, ""
    period = dict(body=body, year_from=year_from, year_to=year_to)
    against = against if len(keys) > 1 else "all"   # one place can only be set against all the others
    words = wh.query("focus_keywords", places=keys, against=against, min_count=MIN_USES, top=KEYWORDS, **period)
    profiled = set(themes.place_key)
    missing = [wh.place_name(k) for k in keys if k not in profiled]
    zh, en = AGAINST[against]
    note = [f"{len(profiled)} 个地区 · places; 关键词{zh} · distinctive words {en}"]
    if default:
        note.append(f"未选地区，显示文本最多的{len(keys)}个 · no places chosen: showing the {len(keys)} with the "
                    f"most text")
    if missing:
        note.append(f"没有文本 · no text in this period: {', '.join(missing)}")
    return charts.theme_figure(themes), keyword_cards(keys, themes, words), "; ".join(note)


def keyword_cards(keys: list[str], themes, words) -> dbc.Row:
    """A card per place: its distinctive words as buttons, each opening its sentences."""
    wh = current()
    sizes = themes.drop_duplicates("place_key").set_index("place_key").sentences_total
    cards = []
    for key in keys:
        mine = words[words.place_key == key]
        buttons = [html.Button([w.term, html.Small(f" {w.uses}", className="text-muted")],
                               id={"type": "focus-keyword", "place": key, "term": w.term},
                               className="btn btn-sm btn-outline-primary me-1 mb-1 focus-keyword",
                               title=f"本地 {w.uses} 次，对照组 {w.uses_elsewhere} 次 · used {w.uses}× here, "
                                     f"{w.uses_elsewhere}× in the comparison; z = {w.z}")
                   for w in mine.itertuples()]
        body = buttons or html.Span("没有明显的特色词 · no word stands out", className="text-muted small")
        size = f"{int(sizes[key]):,} 句 · sentences" if key in sizes.index else "没有文本 · no text"
        cards.append(dbc.Col(dbc.Card([
            dbc.CardHeader([html.Strong(wh.place_name(key)), html.Span(f"  {size}", className="text-muted small")]),
            dbc.CardBody(body, className="p-2")], className="h-100"), md=6, lg=4, className="mb-2"))
    return dbc.Row(cards)


@callback(Output("focus-selection", "data"),
          Input({"type": "focus-keyword", "place": ALL, "term": ALL}, "n_clicks"), Input("focus-themes", "clickData"),
          prevent_initial_call=True)
def select(keyword_clicks, click):
    trigger = ctx.triggered_id
    # ctx.triggered holds no value for a pattern-matched input: read the clicked button's own count
    clicks = next((i.get("value") for i in ctx.inputs_list[0] if isinstance(i, dict) and i.get("id") == trigger),
                  None)
    return selection_for(trigger, clicks, click)


def selection_for(trigger, value, click) -> dict:
    """What a click asks to read: a keyword button {place, term}, or a theme bar {place, theme}."""
    if isinstance(trigger, dict) and trigger.get("type") == "focus-keyword":
        return {"place": trigger.get("place"), "term": trigger.get("term")} if value else no_update
    data = clicked(click) if trigger == "focus-themes" else None
    if data and len(data) >= 2:   # show_sentences checks what the place and theme are
        return {"place": data[0], "theme": data[1]}
    return no_update


@callback(Output("focus-sentences", "children"),
          Input("focus-selection", "data"), Input("focus-body", "value"), Input("focus-from", "value"),
          Input("focus-to", "value"))
def show_sentences(selection, body, year_from, year_to):
    """The sentences of the selected place that use the selected word, or its theme's terms."""
    selection = selection if isinstance(selection, dict) else {}
    state, problems = checked({"body": body, "from": year_from, "to": year_to, "show": selection.get("place"),
                               "term": selection.get("term"), "theme": selection.get("theme")})
    selection, body, year_from, year_to = state["selection"], state["body"], state["from"], state["to"]
    if not selection:
        return components.noted(html.Div("点击主题柱或特色词查看原句 · click a theme bar or a word to read the "
                                         "sentences", className="text-muted"), problems)
    wh = current()
    place = wh.place_name(selection["place"])
    if selection.get("theme"):
        row = wh.cached("theme_catalogue").set_index("theme").loc[selection["theme"]]
        terms, topic = list(row.terms), f"{row.label_zh} · {row.label_en}"
    else:
        terms, topic = [selection["term"]], f"「{selection['term']}」"
    rows = wh.query("term_sentences", place_key=selection["place"], body=body, year_from=year_from,
                    year_to=year_to, terms=terms)
    heading = f"{place} · {topic}: {len(rows):,} 句 · sentences"
    if len(rows) > MAX_SENTENCES:
        heading += f"（显示前{MAX_SENTENCES}句 · showing the first {MAX_SENTENCES}）"
    cards = [html.Div([html.Code(f"{r.file_name}:{r.line}", className="evidence-source"),
                       html.Blockquote(terms_marked(r.sentence, list(r.terms_used)),
                                       className="evidence-sentence mb-0")],
                      className="evidence-card border rounded p-2 mb-2")
             for r in rows.head(MAX_SENTENCES).itertuples()]
    if not cards:
        cards = [html.Div("这一时期没有用到它的句子 · no sentence uses it in this period", className="text-muted")]
    return html.Div([html.H5(heading), *cards, figure_link(selection["place"])],
                    className="evidence-panel focus-sentences")


@callback(Output("focus-query", "data"),
          Input("focus-body", "value"), Input("focus-places", "value"), Input("focus-from", "value"),
          Input("focus-to", "value"), Input("focus-against", "value"), Input("focus-selection", "data"))
def query_string(body, places, year_from, year_to, against, selection):
    selection = selection if isinstance(selection, dict) else {}
    state, _ = checked({"body": body, "places": places, "from": year_from, "to": year_to, "against": against,
                        "show": selection.get("place"), "term": selection.get("term"),
                        "theme": selection.get("theme")})
    selection = state["selection"] or {}
    return urlstate.write({**state, "show": [selection["place"]] if selection else None,
                           "term": selection.get("term"), "theme": selection.get("theme")}, PARAMS)
