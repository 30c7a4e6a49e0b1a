"""Grids that ask the server for their rows a block at a time, as they scroll (ag-grid's infinite
row model), sorted on the server.

A page's filters decide the rows; its grid sends getRowsRequest (the first and the row after the
last it wants, and how its columns are sorted), and a callback answers getRowsResponse with those
rows and how many there are. Sending every row with each change of filter cost more than drawing
the chart (a national ranking has 3,000 rows). A change of filter empties the grid's blocks in the
browser (refill_on), and the grid asks again.
"""
from __future__ import annotations

import dash_ag_grid as dag
import pandas as pd
from dash import Output, clientside_callback, html

BLOCK_ROWS = 100   # rows per request
# empties the grid's blocks; before the grid has started there are none to empty
PURGE = """function () {
    var grids = window.dash_ag_grid, api = null;
    try { api = grids && grids.getApi(%s); } catch (e) { api = null; }
    if (api) { api.purgeInfiniteCache(); }
    return window.dash_clientside.no_update;
}"""


def grid(id: str, columns: list[dict], grid_options: dict | None = None, **props) -> html.Div:
    """The grid `id`, with the element refill_on(id, …) writes to."""
    options = {"cacheBlockSize": BLOCK_ROWS, "maxConcurrentDatasourceRequests": 1, **(grid_options or {})}
    return html.Div([dag.AgGrid(id=id, columnDefs=columns, rowModelType="infinite", dashGridOptions=options, **props),
                     html.Div(id=f"{id}-refill", hidden=True)])


def refill_on(id: str, inputs: list) -> None:
    """When any of `inputs` changes, the grid `id` drops the rows it has and asks for them again."""
    clientside_callback(PURGE % f'"{id}"', Output(f"{id}-refill", "children"), *inputs, prevent_initial_call=True)


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
