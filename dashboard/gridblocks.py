"""Grids that ask the server for their rows a block at a time, as they scroll (ag-grid's infinite
row model), sorted on the server; the first block comes with the page.

A page's filters decide the rows; its grid sends getRowsRequest (the first and the row after the
last it wants, and how its columns are sorted), and it is answered getRowsResponse with those rows
and how many there are. Sending every row with each change of filter cost more than drawing the
chart (a national ranking has 3,000 rows).

- The page's layout holds the answer to the grid's first request (`grid(…, first=…)`: block 0 in
  the server's order, for the filters the layout was drawn with), and the browser answers it from
  there (FIRST). Measured on the national warehouse, the grid sent its first request only once it
  had started (1–1.5 s into a first load, behind the page's chart on Rankings), and its answer took a
  round trip and a renderer cycle more.
- Every other request (a later block, a sort, the first block after a change of filter) is passed
  on to the server (`serve(id, states, answer)`).
- A change of filter empties the grid's blocks in the browser and drops the layout's block, which
  is no longer of these filters (`refill_on`); the grid then asks again. The layout's block is
  answered once: a later request for it, after the warehouse may have changed, goes to the server.
"""
from __future__ import annotations

from collections.abc import Callable

import dash_ag_grid as dag
import pandas as pd
from dash import Input, Output, State, callback, clientside_callback, dcc, html

BLOCK_ROWS = 100   # rows per request
# empties the grid's blocks (before the grid has started there are none to empty) and drops the
# layout's first block
PURGE = """function () {
    var grids = window.dash_ag_grid, api = null;
    try { api = grids && grids.getApi(%s); } catch (e) { api = null; }
    if (api) { api.purgeInfiniteCache(); }
    return null;
}"""
# a request for the first block in the server's order, while the layout's is there, is answered with
# it (and it is dropped); any other is passed to the server, as the fields it reads
FIRST = """function (request, first) {
    var none = window.dash_clientside.no_update;
    var plain = !request.sortModel || request.sortModel.length === 0;
    if (first && request.startRow === 0 && plain) { return [first, none, null]; }
    return [none, {startRow: request.startRow, endRow: request.endRow, sortModel: request.sortModel || []}, none];
}"""


def grid(id: str, columns: list[dict], grid_options: dict | None = None, first: dict | None = None,
         **props) -> html.Div:
    """The grid `id`, with the answer to its first request (`first`: the server's `answer` to
    first_request()) and the elements serve(id, …) and refill_on(id, …) work with."""
    options = {"cacheBlockSize": BLOCK_ROWS, "maxConcurrentDatasourceRequests": 1, **(grid_options or {})}
    return html.Div([dag.AgGrid(id=id, columnDefs=columns, rowModelType="infinite", dashGridOptions=options, **props),
                     dcc.Store(id=f"{id}-first", data=first), dcc.Store(id=f"{id}-ask")])


def first_request() -> dict:
    """The grid's first request: block 0, in the server's order."""
    return {"startRow": 0, "endRow": BLOCK_ROWS, "sortModel": []}


def serve(id: str, states: list[State], answer: Callable[..., dict]) -> None:
    """The grid `id`'s requests are answered by `answer(request, *values of states)` (the first
    block from the layout's, while it holds)."""
    clientside_callback(FIRST, Output(id, "getRowsResponse", allow_duplicate=True), Output(f"{id}-ask", "data"),
                        Output(f"{id}-first", "data", allow_duplicate=True), Input(id, "getRowsRequest"),
                        State(f"{id}-first", "data"), prevent_initial_call=True)
    callback(Output(id, "getRowsResponse", allow_duplicate=True), Input(f"{id}-ask", "data"), *states,
             prevent_initial_call=True)(answer)


def refill_on(id: str, inputs: list) -> None:
    """When any of `inputs` changes, the grid `id` drops the rows it has (and the layout's first
    block) and asks for them again."""
    clientside_callback(PURGE % f'"{id}"', Output(f"{id}-first", "data", allow_duplicate=True), *inputs,
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
