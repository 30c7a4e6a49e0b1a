"""Create the Dash app over a warehouse file.

Pages are modules of dashboard/pages (one file each) exposing PATH, NAME and layout(**query);
they are registered here, in the order of the navigation bar. A callback that fails shows the user
what happened in words and a reference; what went wrong inside (the exception, SQL, paths) goes to
the server log under that reference, never to the page. A page's layout draws its first view
(dashboard/firstview.py), so a first view that asks too much is told the same way, in the page.
"""
from __future__ import annotations

import functools
import logging
import secrets
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html, set_props

from . import (api, bundles, components, download_routes, editing, firstview, geo, security, serving, upload_routes,
               warehouse)

HERE = Path(__file__).resolve().parent
TITLE = "人大政协履职数据看板 · Congress Output Explorer"
FAILED = ("出错了，这个视图没能更新；请换个筛选条件或刷新页面 · Something went wrong and this view could not be "
          "updated; try other filters or reload the page. 参考号 · reference: {reference} (the server log has "
          "the details)")
log = logging.getLogger("dashboard")


def create_app(db_path: str | Path, host: str | None = "127.0.0.1", editor_token: str | None = None) -> bundles.App:
    """The app over the warehouse at db_path; host is the address it is served on (None: unknown, as
    behind a proxy), which with editor_token decides who may write (dashboard/editing.py)."""
    warehouse.configure(db_path)
    editing.configure(host, editor_token)
    app = bundles.App(__name__, use_pages=True, pages_folder="", assets_folder=str(HERE / "assets"),
                      assets_ignore=bundles.ASSETS_IGNORE, routing_callback_inputs=bundles.ROUTING_INPUTS,
                      suppress_callback_exceptions=True, title=TITLE, on_error=_report_error,
                      serve_locally=True, update_title=None)
    from .pages import NAV, PAGES, not_found_404  # imported after the app: their callbacks register with it
    for order, page in enumerate(PAGES):
        dash.register_page(page.__name__, path=page.PATH, path_template=getattr(page, "PATH_TEMPLATE", None),
                           name=page.NAME, title=f"{page.NAME} · {TITLE}", layout=bundles.page_layout(stopped_said(page.layout, page.PATH)),
                           order=order)
    dash.register_page(not_found_404.__name__, path="/404", name="404",
                       layout=bundles.page_layout(not_found_404.layout))
    app.layout = firstview.shell_layout(lambda container, loaded: shell(container, loaded, PAGES, NAV))
    components.register_exports()
    serving.prepare(app)
    bundles.register(app)
    firstview.register(app)
    download_routes.register(app.server)
    upload_routes.register(app.server)
    geo.register(app.server)
    editing.register(app.server)
    app.server.register_blueprint(api.api)
    security.secure(app)
    return app


def shell(container: html.Div, loaded: list[str] | None, pages, nav) -> html.Div:
    """What every page shows around its own: the navigation bar, the error alert, the stores the
    pages share, and the page container (dashboard/firstview.py)."""
    return html.Div([
        dbc.NavbarSimple(
            [dbc.NavItem(dbc.NavLink(page.NAME, href=page.PATH, active="partial" if page.PATH != "/" else "exact",
                                     id=components.nav_id(page.__name__.rsplit(".", 1)[-1])))
             for page in pages if in_nav(page)],
            brand=TITLE, brand_href="/", color="dark", dark=True, fluid=True, className="mb-3"),
        # the filters a move between pages keeps (components.register_url_sync, assets/urlstate.js)
        dcc.Store(id=components.CARRY, data=components.carried(p for p in pages if p.__name__.rsplit(".", 1)[-1] in nav)),
        dcc.Store(id=bundles.LOADED, data=loaded),
        dbc.Container([
            dbc.Alert(id="app-error", is_open=False, color="danger", dismissable=True),
            container,
        ], fluid=True, className="pb-5"),
    ])


def in_nav(page) -> bool:
    """Whether a page is in the navigation bar: its IN_NAV, a flag or a question asked now (the upload
    page is there only where the app may write)."""
    shown = getattr(page, "IN_NAV", True)
    return shown() if callable(shown) else shown


def stopped_said(layout, path: str):
    """`layout`, or where its first view's query was stopped, a page that says so and links to the
    page's default view (a callback stopped is told in the app's alert: _report_error)."""
    @functools.wraps(layout)
    def drawn(**query):
        try:
            return layout(**query)
        except warehouse.QueryTooSlow as error:
            reference = secrets.token_hex(4)
            log.warning("page stopped, reference %s: %s", reference, error)
            return dbc.Alert([html.P(f"{error} (参考号 · reference: {reference})"),
                              dcc.Link("打开默认视图 · open the page's default view", href=path)],
                             color="warning", className="page-stopped")
    return drawn


def _report_error(error: Exception) -> None:
    """A callback failed: tell the user in words with a reference, keep the page usable; the
    details go to the server log under the same reference."""
    reference = secrets.token_hex(4)
    if isinstance(error, warehouse.QueryTooSlow):   # not a fault: a view that asks too much
        log.warning("callback stopped, reference %s: %s", reference, error)
        set_props("app-error", {"is_open": True, "children": f"{error} (参考号 · reference: {reference})"})
        return
    log.error("callback failed, reference %s", reference, exc_info=error)
    set_props("app-error", {"is_open": True, "children": FAILED.format(reference=reference)})
