"""Controls and pieces shared by the pages."""
from __future__ import annotations

import json

import dash_bootstrap_components as dbc
import plotly.utils
from dash import MATCH, ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html

from etl import places

from . import periods, text, urlstate
from .warehouse import Warehouse, current

CARRY = "nav-carry"   # the app layout's store: which parameters each page of the navigation bar takes
LAZY_CLASS = "lazy-section"   # what assets/lazysections.js looks for

# -- pickers ---------------------------------------------------------------------------------


def body_picker(id: str, value: str, allow_all: bool = False) -> dbc.RadioItems:
    options = [{"label": label, "value": body} for body, label in text.BODIES.items()]
    if allow_all:
        options.insert(0, {"label": "全部 · both", "value": "all"})
    return dbc.RadioItems(id=id, options=options, value=value or "all", inline=True)


def metric_options(wh: Warehouse, body: str | None) -> list[dict]:
    rows = wh.catalogue()
    rows = rows if body in (None, "all") else rows[rows.body == body]
    both = body in (None, "all")
    return [{"label": text.metric_label(r.label_zh, r.label_en) + (f" ({text.BODIES[r.body][:3]})" if both else ""),
             "value": f"{r.body}/{r.metric}" if both else r.metric} for r in rows.itertuples()]


def metric_picker(id: str, wh: Warehouse, body: str, value: str | None, clearable: bool = False) -> dcc.Dropdown:
    return dcc.Dropdown(id=id, options=metric_options(wh, body), value=value, clearable=clearable,
                        placeholder="全部指标 · all metrics" if clearable else "选择指标 · choose a metric")


def place_options(wh: Warehouse, body: str | None) -> list[dict]:
    """The places a picker offers (a national warehouse has 3,000: made once per file, never changed).
    Its search reads the label and the value (the adcode), so the options need no `search` field."""
    body = None if body in (None, "all") else body

    def make():
        rows = wh.place_options(body)
        return [{"label": f"{r.place} · {r.province}" + (f" · {r.parent}" if r.level == "county" and r.parent else ""),
                 "value": r.place_key} for r in rows.itertuples()]
    return wh.memo(("place picker", body), make)


def place_picker(id: str, wh: Warehouse, body: str, values: list[str] | None) -> html.Div:
    """A picker of places holding only those it shows; the places it offers are in the store
    places_store(id) beside it, searched in the browser (assets/placesearch.js)."""
    options = place_options(wh, body)
    offered = {o["value"]: o for o in options}
    # a chosen place without figures stays chosen, to be shown as "not reported"
    chosen = [offered.get(k) or {"label": wh.place_name(k), "value": k} for k in values or []]
    return html.Div([dcc.Dropdown(id=id, options=chosen, value=values or [], multi=True,
                                  placeholder="搜索地区 · search places by name, province or adcode (empty: the largest)"),
                     dcc.Store(id=places_store(id), data=options)])


def places_store(picker: str) -> str:
    return f"{picker}-offered"


def register_place_search(picker: str) -> None:
    """The picker `picker` shows the places its store offers that match what is typed (in the browser)."""
    clientside_callback(ClientsideFunction("placesearch", "options"), Output(picker, "options"),
                        Input(picker, "search_value"), Input(places_store(picker), "data"),
                        State(picker, "options"), State(picker, "value"))


def year_picker(id: str, years: list[int], value: int | None, placeholder: str) -> dcc.Dropdown:
    return dcc.Dropdown(id=id, options=[{"label": str(y), "value": y} for y in years], value=value,
                        placeholder=placeholder, clearable=True)


def province_picker(id: str, wh: Warehouse, value: str | None) -> dcc.Dropdown:
    return dcc.Dropdown(id=id, options=wh.provinces(), value=value, clearable=True,
                        placeholder="全部省份 · all provinces")


def level_picker(id: str, value: str | None, levels: dict = text.LEVELS, clearable: bool = True) -> dcc.Dropdown:
    return dcc.Dropdown(id=id, options=[{"label": label, "value": key} for key, label in levels.items()],
                        value=value, clearable=clearable, placeholder="全部层级 · all levels")


def kind_picker(id: str, value: str) -> dbc.RadioItems:
    """Annual reports, term reviews, or (explicitly) both mixed."""
    return dbc.RadioItems(id=id, options=[{"label": label, "value": kind}
                                          for kind, label in periods.KIND_CHOICES.items()],
                          value=value, inline=True)


def period_picker(id: str, value: str | None) -> dcc.Dropdown:
    """The year (or term) compared; its options and default follow the kind and metric (callbacks)."""
    return dcc.Dropdown(id=id, options=[{"label": value, "value": value}] if value else [], value=value,
                        clearable=True, placeholder="默认 · default")


def drawn_near_screen(component, height: int) -> html.Div:
    """The place of `component` (`height` px high), which the browser fills with it when it comes
    near the screen (assets/lazysections.js), for what is below the first screen and costly to draw:
    a Place page has twenty charts and more, each costs the browser about 0.1 s, and its reports
    table is hundreds of components, which Dash's renderer drew before the page's first callback
    could leave. The component travels as its JSON."""
    drawn = json.dumps(component.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)
    return html.Div(id=f"{component.id}-slot", className=LAZY_CLASS, style={"minHeight": f"{height}px"},
                    **{"data-component": drawn})


def field(label: str, control, width: int = 3) -> dbc.Col:
    return dbc.Col([dbc.Label(label, className="small text-muted mb-1"), control], md=width, className="mb-2")


# -- messages --------------------------------------------------------------------------------


def problems_alert(problems: list[str]) -> dbc.Alert | None:
    """What in the URL was not understood, and that defaults are shown instead."""
    if not problems:
        return None
    return dbc.Alert([html.Strong("链接中有无法识别的参数，已改用默认值 · Some link parameters were not understood; "
                                  "defaults are shown instead:"),
                      html.Ul([html.Li(p) for p in problems], className="mb-0")],
                     color="warning", className="url-problems", dismissable=True)


def noted(note, problems: list[str]):
    """A callback's note, after the warning about what it was sent and could not use (if anything)."""
    return [problems_alert(problems), note] if problems else note


def page_header(title: str, subtitle: str) -> html.Div:
    return html.Div([html.H2(title, className="mb-0"), html.P(subtitle, className="text-muted")], className="mb-3")


def checked_metric(wh: Warehouse, body: str, metric: str | None, problems: list[str]) -> str:
    """`metric` if the catalogue has it for `body`, else the body's first metric (noting why)."""
    options = [o["value"] for o in metric_options(wh, body)]
    if metric in options:
        return metric
    if metric is not None:
        problems.append(f"metric={urlstate.shown(metric)}: {text.BODIES.get(body, body)} 没有这个指标 · "
                        "no such metric for this body")
    return options[0]


def checked_province(wh: Warehouse, province: str | None, problems: list[str]) -> str | None:
    if province and province not in wh.provinces():
        problems.append(f"province={urlstate.shown(province)}: 没有这个省份 · no such province")
        return None
    return province


def register_metric_follows_body(page: str) -> None:
    """When `<page>-body` changes, offer that body's metrics, keeping the metric where it has it too."""
    def metric_choices(body, metric):
        wh = current()
        body = body if isinstance(body, str) and body in text.BODIES else next(iter(text.BODIES))  # update says why
        return metric_options(wh, body), checked_metric(wh, body, metric, [])

    callback(Output(f"{page}-metric", "options"), Output(f"{page}-metric", "value"),
             Input(f"{page}-body", "value"), State(f"{page}-metric", "value"),
             prevent_initial_call=True)(metric_choices)


def register_kind_resets_period(page: str) -> None:
    """Another kind of period: the picker goes back to that kind's default (a year is no term). In
    the browser: the page's chart callback waits for this one, and a round trip to the server would
    delay every redraw after a change of kind."""
    clientside_callback("function () { return null; }", Output(f"{page}-period", "value"),
                        Input(f"{page}-kind", "value"), prevent_initial_call=True)


def checked_places(keys: list[str], problems: list[str]) -> list[str]:
    """The keys that name a place: an adcode of the division table, or name:… (a place without one)."""
    unknown = [k for k in keys if not k.startswith("name:") and k not in places.by_code()]
    if unknown:
        problems.append(f"places: 没有这些地区代码 · no place has the code {urlstate.listed(unknown)}")
    return [k for k in keys if k not in unknown]


# -- downloads of a chart ---------------------------------------------------------------------


def export_bar(graph: str, csv_label: str | None = "CSV · 图中数据 data of this chart", meta: dict | None = None,
               csv_href: str = "") -> html.Div:
    """PNG and SVG of the chart `graph` (drawn in the browser by plotly, with the title, subtitle,
    sources and address of the view: assets/chartexport.js) and a CSV of the figures it shows. A page
    with callbacks sets `meta` and the CSV's address through export_outputs(graph)."""
    return html.Div([
        html.Span("下载此图 · download this chart:", className="small text-muted"),
        html.Button("PNG", id={"type": "chart-png", "graph": graph}, className="btn btn-sm btn-outline-secondary"),
        html.Button("SVG", id={"type": "chart-svg", "graph": graph}, className="btn btn-sm btn-outline-secondary"),
        html.A(csv_label, id={"type": "chart-csv", "graph": graph}, href=csv_href,
               className="btn btn-sm btn-outline-secondary") if csv_label else None,
        dcc.Store(id={"type": "chart-meta", "graph": graph}, data=meta),
        html.Div(id={"type": "chart-sink", "graph": graph}, hidden=True),
    ], className="chart-export d-flex flex-wrap align-items-center gap-1 my-1")


def export_outputs(graph: str, csv: bool = True) -> list[Output]:
    """The outputs a page's callback sets for the export bar of `graph`: its meta and CSV address."""
    meta = Output({"type": "chart-meta", "graph": graph}, "data")
    return [meta, Output({"type": "chart-csv", "graph": graph}, "href")] if csv else [meta]


def export_meta(graph: str, title: str, subtitle: str, sources, stem: str, source: str | None = None) -> dict:
    """What an exported image of `graph` carries besides the chart: title, subtitle, the source line
    (the report files of `sources`, or `source` in words) and a file name; the view's address is
    added in the browser, as it is when the button is pressed."""
    return {"graph": graph, "title": title, "subtitle": subtitle, "source": source or source_line(sources),
            "filename": stem}


def chart_csv(rows, state: dict, problems: list[str]):
    """A chart's rows for its CSV download, with the body and metric they are of; a link the page
    cannot read is refused (ValueError), not answered with the defaults."""
    if problems:
        raise ValueError("; ".join(problems))
    return rows.assign(body=state["body"], metric=state["metric"])


SOURCES_NAMED = 4   # report files named in an image's source line; the rest are counted


def source_line(sources) -> str:
    """'来源 · Sources: 3 份报告 reports — a.txt, b.txt, c.txt' (the reports a chart rests on)."""
    names = sorted({str(s) for group in sources for s in (group if isinstance(group, (list, tuple)) else
                                                            list(group) if group is not None else [])})
    if not names:
        return "来源 · Sources: —"
    shown = ", ".join(names[:SOURCES_NAMED]) + (f" … (+{len(names) - SOURCES_NAMED})" if len(names) > SOURCES_NAMED else "")
    return (f"来源 · Sources: {len(names)} 份报告 · report file{'s' if len(names) > 1 else ''}: {shown} — "
            "人大政协履职数据看板 · Congress Output Explorer")


def register_exports() -> None:
    """The browser draws and downloads a chart's PNG or SVG (assets/chartexport.js); once for the app."""
    for fmt in ("png", "svg"):
        clientside_callback(ClientsideFunction("chartexport", fmt), Output({"type": "chart-sink", "graph": MATCH},
                                                                            "children", allow_duplicate=True),
                            Input({"type": f"chart-{fmt}", "graph": MATCH}, "n_clicks"),
                            State({"type": "chart-meta", "graph": MATCH}, "data"), prevent_initial_call=True)


# -- URL state -------------------------------------------------------------------------------


def register_url_sync(page: str, selection: bool = False, drawn: bool = False) -> None:
    """Write the page's store `<page>-query` (a query string) to the address bar, without a reload,
    and carry its body, metric, places and period to the links of the navigation bar. With
    `selection`, the store `<page>-shown` (the open evidence's part, evidence.selection_query) is
    joined to it in the browser: the page's chart callback writes the filters' part with the chart,
    and the evidence callback the selection's, so that no request of its own writes the address.

    history.replaceState keeps Dash Pages' router from rebuilding the page on every filter change,
    while a copied link still restores the view (each page reads its filters from the query string).
    With `drawn`, the page's layout holds the store's first value (firstview.drawn), and the browser
    writes it as the page is drawn (there is no callback on load to write it). Called once per page,
    at import.
    """
    from .pages import NAV   # defined before the pages are imported: the links whose href is carried

    links = [Output(nav_id(name), prop, allow_duplicate=True) for name in NAV for prop in ("href", "active")]
    shown = [Input(f"{page}-shown", "data")] if selection else []
    clientside_callback(ClientsideFunction("urlstate", "joined" if selection else "replace"),
                        Output(f"{page}-url-sink", "children"), *links,
                        Input(f"{page}-query", "data"), *shown, State(CARRY, "data"),
                        prevent_initial_call="initial_duplicate" if drawn else True)


def nav_id(name: str) -> str:
    return f"nav-{name}"


CARRIED = ("body", "metric", "places", "kind", "period", "from", "to")   # what a move between pages keeps


def carried(pages) -> list[dict]:
    """For each page of the navigation bar, its path and the carried parameters it takes."""
    return [{"path": p.PATH, "params": [q.name for q in p.PARAMS if q.name in CARRIED]} for p in pages]


def url_sync(page: str) -> list:
    """The components register_url_sync(page) works on; part of the page's layout."""
    return [dcc.Store(id=f"{page}-query"), html.Div(id=f"{page}-url-sink", hidden=True)]
