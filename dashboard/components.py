"""Controls and pieces shared by the pages."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html

from etl import places

from . import text, urlstate
from .warehouse import Warehouse, current

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
    """The picker's options (a national warehouse has 3,000 places: made once per file, never changed)."""
    body = None if body in (None, "all") else body

    def make():
        rows = wh.place_options(body)
        return [{"label": f"{r.place} · {r.province}" + (f" · {r.parent}" if r.level == "county" and r.parent else ""),
                 "value": r.place_key, "search": r.place_key} for r in rows.itertuples()]
    return wh.memo(("place picker", body), make)


def place_picker(id: str, wh: Warehouse, body: str, values: list[str] | None) -> dcc.Dropdown:
    options = place_options(wh, body)
    offered = {o["value"] for o in options}
    # a chosen place without figures stays chosen, to be shown as "not reported"
    options = options + [{"label": wh.place_name(k), "value": k} for k in values or [] if k not in offered]
    return dcc.Dropdown(id=id, options=options, value=values or [], multi=True,
                        placeholder="搜索地区 · search places by name or province (empty: the largest)")


def year_picker(id: str, years: list[int], value: int | None, placeholder: str) -> dcc.Dropdown:
    return dcc.Dropdown(id=id, options=[{"label": str(y), "value": y} for y in years], value=value,
                        placeholder=placeholder, clearable=True)


def province_picker(id: str, wh: Warehouse, value: str | None) -> dcc.Dropdown:
    return dcc.Dropdown(id=id, options=wh.provinces(), value=value, clearable=True,
                        placeholder="全部省份 · all provinces")


def level_picker(id: str, value: str | None, levels: dict = text.LEVELS, clearable: bool = True) -> dcc.Dropdown:
    return dcc.Dropdown(id=id, options=[{"label": label, "value": key} for key, label in levels.items()],
                        value=value, clearable=clearable, placeholder="全部层级 · all levels")


def per_year_switch(id: str, value: bool) -> dbc.Switch:
    return dbc.Switch(id=id, value=bool(value), label="按年均比较 · per year (annual reports vs term reviews)")


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


def checked_places(keys: list[str], problems: list[str]) -> list[str]:
    """The keys that name a place: an adcode of the division table, or name:… (a place without one)."""
    unknown = [k for k in keys if not k.startswith("name:") and k not in places.by_code()]
    if unknown:
        problems.append(f"places: 没有这些地区代码 · no place has the code {urlstate.listed(unknown)}")
    return [k for k in keys if k not in unknown]


# -- URL state -------------------------------------------------------------------------------


def register_url_sync(page: str) -> None:
    """Write the page's store `<page>-query` (a query string) to the address bar, without a reload.

    history.replaceState keeps Dash Pages' router from rebuilding the page on every filter change,
    while a copied link still restores the view (each page reads its filters from the query string).
    Called once per page, at import.
    """
    clientside_callback(ClientsideFunction("urlstate", "replace"), Output(f"{page}-url-sink", "children"),
                        Input(f"{page}-query", "data"))


def url_sync(page: str) -> list:
    """The components register_url_sync(page) works on; part of the page's layout."""
    return [dcc.Store(id=f"{page}-query"), html.Div(id=f"{page}-url-sink", hidden=True)]
