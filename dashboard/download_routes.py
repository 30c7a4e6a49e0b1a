"""Plain HTTP downloads, registered on the app's Flask server in one place (`register`):

    /download/figures.csv|xlsx|parquet?<Data page filters>   the resolved figures (one per place, body,
                                                              period and metric), as the charts show them
    /download/facts.csv|xlsx|parquet?<Data page filters>     the facts (one per source of a figure)
    /download/chart/<page>.csv?<the page's query string>     the figures one chart shows

The filters are read with the pages' own rules (a bad value is refused with the warning a link gets).
Tables are written as DuckDB reads them, metric by metric (each part is sorted on its own, so the
first rows leave before the last are read): a national CSV starts at once and is never held whole.
"""
from __future__ import annotations

from datetime import date
from urllib.parse import quote

from flask import Flask, Response, request

from . import downloads
from .warehouse import current

TABLES = {"figures": "figures_filtered", "facts": "facts_filtered"}
FORMATS = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
CHART_PAGES = ("compare", "rankings", "map", "place", "focus", "methods")
BATCH_ROWS = 50_000


def register(server: Flask) -> None:
    server.add_url_rule("/download/<table>.<fmt>", "download_table", table_download)
    server.add_url_rule("/download/chart/<page>.csv", "download_chart", chart_download)


def refused(message: str, status: int = 400) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


def attachment(body, fmt: str, stem: str) -> Response:
    name = f"{stem}_{date.today().isoformat()}.{fmt}"
    response = Response(body, mimetype=FORMATS[fmt].split(";")[0], content_type=FORMATS[fmt])
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response.headers["Cache-Control"] = "no-store"
    return response


def table_download(table: str, fmt: str) -> Response:
    from .pages import data

    if table not in TABLES or fmt not in FORMATS:
        return refused(f"没有这个下载 · no such download: /download/{table}.{fmt} (tables: {', '.join(TABLES)}; "
                       f"formats: {', '.join(FORMATS)})", 404)
    wh = current()
    state, problems = data.checked(wh, request.args.to_dict())
    if problems:
        return refused("无法下载 · cannot download: " + "; ".join(problems))
    filters = data.filters_of(state)
    if fmt == "xlsx" and (n := wh.count(TABLES[table], **filters)) > downloads.EXCEL_MAX_ROWS:
        return refused(f"{n:,} 行放不进一个 Excel 工作表 · {n:,} rows do not fit in one Excel sheet (at most "
                       f"{downloads.EXCEL_MAX_ROWS:,}); narrow the filters or download CSV or Parquet", 413)
    schema, batches = metric_by_metric(wh, TABLES[table], filters)
    stem = "_".join(["congress", table, filters["metric"] or "all", filters["province"] or "china"])
    if fmt == "csv":
        return attachment(downloads.csv_stream(schema, batches), fmt, stem)
    if fmt == "parquet":
        return attachment(downloads.parquet_stream(schema, batches, {"table": table, "filters": filters}), fmt, stem)
    return attachment(downloads.xlsx_file(schema, batches, wh.catalogue(), filters, table), fmt, stem)


def metric_by_metric(wh, query: str, filters: dict):
    """The query's schema, and its rows for each metric of the catalogue the filters keep, in the
    catalogue's order (the query sorts by it first, so the parts follow on as one result would)."""
    catalogue = wh.catalogue()
    keep = catalogue[(catalogue.metric == filters["metric"]) if filters["metric"] else catalogue.metric.notna()]
    keep = keep[keep.body == filters["body"]] if filters["body"] else keep
    schema, none = wh.batches(query, BATCH_ROWS, **{**filters, "metric": "", "body": ""})   # no rows: its columns
    none.close()

    def batches():
        for row in keep.itertuples():
            yield from wh.batches(query, BATCH_ROWS, **{**filters, "metric": row.metric, "body": row.body})[1]
    return schema, batches()


def chart_download(page: str) -> Response:
    """The figures a page's chart shows, as CSV (the page's csv_rows, the rows its callback draws)."""
    from . import pages

    if page not in CHART_PAGES:
        return refused(f"没有这个图 · no chart named {page!r} (charts: {', '.join(CHART_PAGES)})", 404)
    module = getattr(pages, page)
    try:
        rows, stem = module.csv_rows(request.args.to_dict())
    except ValueError as e:   # what the page could not read, in its words
        return refused(f"无法下载 · cannot download: {e}")
    schema, batches = downloads.frame_batches(downloads.chart_table(rows, current().catalogue()))
    return attachment(downloads.csv_stream(schema, batches), "csv", stem)
