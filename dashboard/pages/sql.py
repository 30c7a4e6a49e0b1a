"""SQL: read-only queries of one's own over the public tables, the answer in a grid, as JSON or CSV."""
from __future__ import annotations

from urllib.parse import quote

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from .. import components, sql, urlstate
from ..urlstate import Param
from ..warehouse import current

PATH, NAME = "/sql", "SQL"
LIBRARIES = ("dash_ag_grid",)   # beyond those every page loads (dashboard/bundles.py)
SHOWN_ROWS = 1000
EXAMPLE = ("SELECT p.province, count(*) AS figures\nFROM figures f JOIN places p USING (adcode)\n"
           "WHERE f.metric = 'sessions'\nGROUP BY p.province\nORDER BY figures DESC")
PARAMS = [Param("sql", str)]

components.register_url_sync("sql")


def layout(**query) -> html.Div:
    state, problems = urlstate.read(query, PARAMS)
    tables = current().cached("public_tables")
    return html.Div([
        components.page_header("SQL", "只读查询 · read-only queries of the warehouse's tables (DuckDB SQL); "
                                      f"at most {SHOWN_ROWS:,} rows shown, {sql.SQL_SECONDS:.0f} s per query; "
                                      "no files, no URLs, no writes"),
        components.problems_alert(problems),
        dbc.Row([
            dbc.Col([dcc.Textarea(id="sql-text", value=state["sql"] or EXAMPLE, spellCheck=False,
                                  style={"width": "100%", "height": "180px", "fontFamily": "monospace"}),
                     dbc.Button("运行 · Run", id="sql-run", color="primary", className="mt-2 me-3"),
                     html.Span(id="sql-links", className="small")], lg=8),
            dbc.Col([html.H6("表 · tables (docs/schema.md)"),
                     html.Ul([html.Li([html.Code(t.table_name), html.Span(": " + ", ".join(t.columns),
                                                                           className="text-muted small")])
                              for t in tables.itertuples()], className="small", id="sql-tables")], lg=4),
        ]),
        html.Div(id="sql-note", className="fw-semibold my-2"),
        dcc.Loading(dag.AgGrid(id="sql-grid", columnDefs=[], rowData=[], className="ag-theme-alpine",
                               defaultColDef={"sortable": True, "filter": True, "resizable": True},
                               style={"height": "560px"}), delay_show=300),
        *components.url_sync("sql"),
    ])


@callback(Output("sql-grid", "columnDefs"), Output("sql-grid", "rowData"), Output("sql-note", "children"),
          Output("sql-links", "children"), Output("sql-query", "data"),
          Input("sql-run", "n_clicks"), State("sql-text", "value"))
def run(_clicks, statement):
    """The statement's first rows, a note (or why it was refused), and links to the same as JSON and CSV."""
    state, problems = urlstate.read({"sql": statement}, PARAMS)
    statement = state["sql"] or ""
    try:
        columns, rows, more = sql.run_sql(current(), statement, SHOWN_ROWS)
    except sql.SqlRefused as e:
        return [], [], components.noted(dbc.Alert(str(e), color="warning", className="sql-refused"), problems), \
            None, urlstate.write(state, PARAMS)
    fields = [f"c{n}" for n in range(len(columns))]   # a column may be called anything, even '.'
    note = f"{len(rows):,} 行 · rows" + (f"（只显示前{SHOWN_ROWS:,}行 · the first {SHOWN_ROWS:,}; the API pages "
                                          f"through all）" if more else "")
    encoded = quote(statement, safe="")
    links = [html.A("JSON", href=f"/api/sql.json?sql={encoded}", target="_blank"), " · ",
             html.A("CSV", href=f"/api/sql.csv?sql={encoded}", target="_blank")]
    return ([{"field": f, "headerName": c} for f, c in zip(fields, columns)],
            [{f: _shown(v) for f, v in zip(fields, row)} for row in rows], components.noted(note, problems), links,
            urlstate.write(state, PARAMS))


def _shown(value):
    """A value the grid can show: lists and dates as text."""
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)
