"""Any address that is not a page."""
from dash import dcc, html


def layout(**_query) -> html.Div:
    return html.Div([html.H2("找不到这个页面 · Page not found"),
                     html.P("这个地址不是看板的页面 · This address is not a page of the app."),
                     dcc.Link("← 返回对比 · back to Compare", href="/")])
