"""Downloads of query rows, written as they are read (record batch by record batch), so that a
national table starts at once and is never held whole: CSV (UTF-8 with BOM for Excel; text, such as
adcodes, quoted), XLSX (frozen header, autofilter, adcodes as text cells, a sheet describing the
columns, metrics, filters and sources) and Parquet (each column's description in its metadata).

Lists (sources, values reported, period evidence) stay lists in Parquet and are joined with "; " in
CSV and XLSX.
"""
from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterable, Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from . import text

EXCEL_MAX_ROWS = 1_048_575   # one row of the sheet holds the header
BOM = "\ufeff".encode()      # Excel reads a CSV as UTF-8 only with it
LIST_SEPARATOR = "; "
SPOOL_BYTES = 32 * 1024 * 1024   # an XLSX is built in memory up to this size, on disk beyond
# what each column of figures_filtered, facts_filtered and the charts' tables means
COLUMNS = {
    "place": "地区 · place as named in the report (the standard name where the adcode is known)",
    "place_key": "地区键 · the adcode, or name:<place> for a place without one",
    "adcode": "行政区划代码 · 6-digit administrative division code, as text (empty: could not be placed)",
    "province": "省份 · province", "level": "层级 · provincial / prefecture / county",
    "parent": "上级 · the prefecture of a county-level unit",
    "body": "机构 · npc_sc = 人大常委会, cppcc_sc = 政协常委会",
    "period_start": "起始年 · first year the figure covers", "period_end": "截止年 · last year it covers",
    "period_kind": "期别 · annual (an annual report), term (a term review), span (another multi-year period)",
    "period_inferred": "年份系推断 · true where the period was inferred (过去一年, a term review) not written",
    "period_evidence": "时期依据 · what decided the period, per source (the extractor's words)",
    "years": "年数 · years the period covers",
    "metric": "指标 · metric id (see the Metrics sheet)", "label_zh": "指标名称", "label_en": "metric name",
    "unit": "单位 · the unit of the value (次, 件, 人次 …)",
    "value": "数值 · the number as reported (where sources disagree: the largest)",
    "value_per_year": "年均 · the value divided by the years of its period",
    "qualifier": "限定 · exact, at_least (余/多), about (约/近); empty where sources disagree",
    "conflict": "来源不一 · true where the sources of the figure give different values",
    "values_reported": "各来源数值 · every value the sources give",
    "sources": "来源文件 · the report files the figure rests on",
    "source_urls": "来源网址 · the source URL of each of those files, in the same order (empty: not known)",
    "source_url": "来源网址 · where the report file was published (empty: not known)",
    "publisher": "发布者 · who published the report", "published_on": "发布日期 · when it was published (a year "
    "or a month given alone: its first day)",
    "rank": "名次 · rank among the places reporting (ties share a rank)",
    "reporting": "报告地区数 · places reporting the metric for this period",
    "how": "来源方式 · stated, summed from parts, or enumerated from a list of titles",
    "combined_with": "合并计数 · another metric counted in the same number",
    "evidence": "证据 · the exact words the number was read from",
    "source": "文件 · the report file", "line_start": "起始行 · first line of the report in that file",
    "line_end": "结束行 · last line of the report", "start_offset": "证据起点 · character offset of the evidence",
    "end_offset": "证据终点 · character offset after the evidence", "unit_id": "报告编号 · the report (unit) id",
    "corrected": "已更正 · true where a person corrected it or a source of it (the corrections file)",
    "original_value": "原读数 · where corrected, the value the extractor had read (empty: it had read none)",
}


def flattened(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Lists as text joined with "; " (a CSV or a sheet has no lists)."""
    columns, names = [], []
    for name, column in zip(batch.schema.names, batch.columns):
        if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
            column = pc.binary_join(column.cast(pa.list_(pa.string())), LIST_SEPARATOR)
        columns.append(column)
        names.append(name)
    return pa.RecordBatch.from_arrays(columns, names=names)


def flat_schema(schema: pa.Schema) -> pa.Schema:
    return pa.schema([pa.field(f.name, pa.string() if pa.types.is_list(f.type) or pa.types.is_large_list(f.type)
                               else f.type) for f in schema])


class _Drain(io.RawIOBase):
    """A file that hands over what was written to it since it was last drained."""

    def __init__(self):
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def csv_stream(schema: pa.Schema, batches: Iterable[pa.RecordBatch]) -> Iterator[bytes]:
    """The BOM and header at once, then each batch as it comes."""
    sink = _Drain()
    writer = pacsv.CSVWriter(sink, flat_schema(schema), write_options=pacsv.WriteOptions(quoting_style="needed"))
    yield BOM + sink.drain()
    for batch in batches:
        writer.write_batch(flattened(batch))
        if data := sink.drain():
            yield data
    writer.close()
    if data := sink.drain():
        yield data


def parquet_stream(schema: pa.Schema, batches: Iterable[pa.RecordBatch], about: dict) -> Iterator[bytes]:
    """Row group by row group; each column's description in its field metadata, and `about` (the
    filters, the time) in the file's."""
    described = pa.schema([f.with_metadata({"description": COLUMNS.get(f.name, "")}) for f in schema],
                          metadata={"description": "人大政协履职数据看板 · Congress Output Explorer",
                                    "about": json.dumps(about, ensure_ascii=False, default=str)})
    sink = _Drain()
    writer = pq.ParquetWriter(sink, described)
    for batch in batches:
        writer.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=described))
        if data := sink.drain():
            yield data
    writer.close()
    yield sink.drain()


def xlsx_file(schema: pa.Schema, batches: Iterable[pa.RecordBatch], catalogue: pd.DataFrame, filters: dict,
              sheet: str) -> Iterator[bytes]:
    """Rows on the first sheet (header frozen, autofilter, adcodes as text); columns, metrics, filters
    and sources explained on the second. An XLSX is a zip: it is sent once it is whole."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    rows_sheet, about_sheet = book.create_sheet(sheet), book.create_sheet("about")
    names = schema.names
    rows_sheet.freeze_panes = "A2"
    header = []
    for name in names:
        cell = WriteOnlyCell(rows_sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    rows_sheet.append(header)
    count, sources = 0, set()
    for batch in batches:
        if "source" in names:
            sources.update(s for s in batch.column("source").to_pylist() if s)
        if "sources" in names:
            sources.update(s for group in batch.column("sources").to_pylist() if group for s in group)
        for row in flattened(batch).to_pylist():
            rows_sheet.append([row[n] for n in names])   # a str is a text cell: adcodes stay text
        count += batch.num_rows
    rows_sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{count + 1}"
    about_sheet.append(["section", "name", "description"])
    for name in names:
        about_sheet.append(["column", name, COLUMNS.get(name, "")])
    for r in catalogue.itertuples():
        about_sheet.append(["metric", f"{r.body}/{r.metric}",
                            f"{text.metric_label(r.label_zh, r.label_en)} ({r.unit}): {r.definition}"])
    for key, value in filters.items():
        about_sheet.append(["filter", key, "all · 全部" if value is None else str(value)])
    for source in sorted(sources):
        about_sheet.append(["source", source, "report file · 报告文件"])
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as out:
        book.save(out)
        out.seek(0)
        while chunk := out.read(1 << 20):
            yield chunk


# the columns of a chart's CSV first, in this order (those its rows have); any others after them,
# but for the ids of internal rows
CHART_COLUMNS = ["rank", "reporting", "place", "place_key", "adcode", "province", "level", "body", "metric",
                 "label_zh", "label_en", "unit", "period_start", "period_end", "period_kind", "period_inferred",
                 "years", "value", "value_per_year", "qualifier", "conflict", "values_reported", "sources",
                 "period_evidence"]
INTERNAL = {"unit_ids"}


def chart_table(rows: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """A chart's rows as its CSV: the labels and unit of its metric added where it has one; adcodes as
    text."""
    table = rows
    if {"metric", "body"} <= set(rows.columns):
        table = rows.drop(columns=[c for c in ("label_zh", "label_en", "unit") if c in rows]).merge(
            catalogue[["metric", "body", "label_zh", "label_en", "unit"]], on=["metric", "body"], how="left")
    table = table[[c for c in CHART_COLUMNS if c in table] +
                  [c for c in table if c not in CHART_COLUMNS and c not in INTERNAL]]
    return table.assign(adcode=table.adcode.astype("string")) if "adcode" in table else table


def frame_batches(frame: pd.DataFrame) -> tuple[pa.Schema, list[pa.RecordBatch]]:
    """A frame's schema and batches, for the writers above (a chart's rows are few)."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    return table.schema, table.to_batches()
