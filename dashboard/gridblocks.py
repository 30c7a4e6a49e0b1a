"""Grids that ask the server for their rows a block at a time, as they scroll (ag-grid's infinite
row model), sorted on the server; the first block comes with what the page's filters draw.

A page's filters decide the rows; its grid sends getRowsRequest (the first and the row after the
last it wants, and how its columns are sorted), and it is answered getRowsResponse with those rows
and how many there are. Sending every row with each change of filter cost more than drawing the
chart (a national ranking has 3,000 rows).

- The page's layout, and its callback on each change of filter, hold the answer to the grid's first
  request (`first_output(id)`: block 0 in the server's order, for those filters), and the browser
  answers it from there (FIRST). Measured on the national warehouse, the grid sent its first request
  only once it had started (1–1.5 s into a first load, behind the page's chart on Rankings), and on
  a change of filter it left 0.1–0.3 s after the page's callback and came back last; each answer
  took a round trip and a renderer cycle more.
- A new first block empties the grid's blocks in the browser (REFILL), and the grid asks again; the
  block is answered once (then dropped: a later request for it, after the warehouse may have
  changed, goes to the server).
- Every other request (a later block, a sort) is passed on to the server (`serve(id, states,
  answer)`).
"""
from __future__ import annotations

from collections.abc import Callable

import dash_ag_grid as dag
import pandas as pd
from dash import Input, Output, State, callback, clientside_callback, dcc, html

BLOCK_ROWS = 100   # rows per request
# a new first block empties the grid's blocks (before the grid has started there are none to empty)
REFILL = """function (first) {
    var grids = window.dash_ag_grid, api = null;
    try { api = first && grids && grids.getApi(%s); } catch (e) { api = null; }
    if (api) { api.purgeInfiniteCache(); }
    return window.dash_clientside.no_update;
}"""
# a request for the first block in the server's order, while the layout's is there, is answered with
# it (and it is dropped); any other is passed to the server, as the fields it reads
FIRST = """function (request, first) {
    var none = window.dash_clientside.no_update;
    var plain = !request.sortModel || request.sortModel.length === 0;
    if (first && request.startRow === 0 && plain) { return [first, none, null]; }
    return [none, {startRow: request.startRow, endRow: request.endRow, sortModel: request.sortModel || []}, none];
}"""


def grid(id: str, columns: list[dict], grid_options: dict | None = None, **props) -> html.Div:
    """The grid `id`, with the stores serve(id, …) works with (its first block: first_output(id))."""
    options = {"cacheBlockSize": BLOCK_ROWS, "maxConcurrentDatasourceRequests": 1, **(grid_options or {})}
    return html.Div([dag.AgGrid(id=id, columnDefs=columns, rowModelType="infinite", dashGridOptions=options, **props),
                     dcc.Store(id=f"{id}-first"), dcc.Store(id=f"{id}-ask"), html.Div(id=f"{id}-refill", hidden=True)])


def first_output(id: str) -> Output:
    """Where a page's callback (and its layout, firstview.drawn) puts the answer to the grid's first
    request: `answer(first_request(), *filters)`."""
    return Output(f"{id}-first", "data", allow_duplicate=True)


def first_request() -> dict:
    """The grid's first request: block 0, in the server's order."""
    return {"startRow": 0, "endRow": BLOCK_ROWS, "sortModel": []}


def serve(id: str, states: list[State], answer: Callable[..., dict]) -> None:
    """The grid `id`'s requests are answered by `answer(request, *values of states)` (the first
    block from first_output(id)'s, while it holds); a new first block refills the grid."""
    clientside_callback(FIRST, Output(id, "getRowsResponse", allow_duplicate=True), Output(f"{id}-ask", "data"),
                        first_output(id), Input(id, "getRowsRequest"), State(f"{id}-first", "data"),
                        prevent_initial_call=True)
    callback(Output(id, "getRowsResponse", allow_duplicate=True), Input(f"{id}-ask", "data"), *states,
             prevent_initial_call=True)(answer)
    clientside_callback(REFILL % f'"{id}"', Output(f"{id}-refill", "children"), Input(f"{id}-first", "data"),
                        prevent_initial_call=True)


def block_of(request) -> tuple[int, int]:
    """The first row and the row after the last of a grid's request, at most BLOCK_ROWS apart (a
    request crafted by hand gets the first block)."""
    request = request if isinstance(request, dict) else {}
    start, end = request.get("startRow"), request.get("endRow")
    if any(not isinstance(v, int) or isinstance(v, bool) for v in (start, end)) or start < 0 or end <= start:
        return 0, BLOCK_ROWS
    return start, min(end, start + BLOCK_ROWS)


def sorted_rows(rows: pd.DataFrame, request, sorted_by: dict[str, list[str]]) -> pd.DataFrame:
    """`rows` in the order the grid's request asks for (the first sorted column first; `sorted_by`:
    the columns of `rows` each grid column sorts by), rows that compare equal kept in their order;
    a column not in `sorted_by` is ignored."""
    model = request.get("sortModel") if isinstance(request, dict) else None
    keys, ascending = [], []
    for sort in model if isinstance(model, list) else []:
        columns = sorted_by.get(sort.get("colId")) if isinstance(sort, dict) else None
        if columns and sort.get("sort") in ("asc", "desc"):
            keys += columns
            ascending += [sort["sort"] == "asc"] * len(columns)
    if not keys:
        return rows
    return rows.sort_values(keys, ascending=ascending, kind="stable", na_position="last")
