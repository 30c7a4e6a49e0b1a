"""Downloads of exactly what the Data page's filters select: CSV, XLSX and Parquet bytes."""
from __future__ import annotations

import io

import pandas as pd

from . import text

EXCEL_MAX_ROWS = 1_048_575   # one row of the sheet holds the header
# what each column of facts_filtered means (the XLSX's second sheet)
COLUMNS = {
    "place": "地区 · place as named in the report (the standard name where the adcode is known)",
    "adcode": "行政区划代码 · 6-digit administrative division code (empty: could not be placed)",
    "province": "省份 · province", "level": "层级 · provincial / prefecture / county",
    "parent": "上级 · the prefecture of a county-level unit",
    "body": "机构 · npc_sc = 人大常委会, cppcc_sc = 政协常委会",
    "period_start": "起始年 · first year the figure covers", "period_end": "截止年 · last year it covers",
    "period_inferred": "年份系推断 · true where the period was inferred (过去一年, a term review) not written",
    "metric": "指标 · metric id (see the Metrics sheet)", "label_zh": "指标名称", "label_en": "metric name",
    "value": "数值 · the number as reported", "qualifier": "限定 · exact, at_least (余/多), about (约/近)",
    "how": "来源方式 · stated, summed from parts, or enumerated from a list of titles",
    "combined_with": "合并计数 · another metric counted in the same number",
    "evidence": "证据 · the exact words the number was read from",
    "source": "文件 · the report file", "line_start": "起始行 · first line of the report in that file",
    "line_end": "结束行 · last line of the report", "start_offset": "证据起点 · character offset of the evidence",
    "end_offset": "证据终点 · character offset after the evidence", "unit_id": "报告编号 · the report (unit) id",
}


def csv_bytes(rows: pd.DataFrame) -> bytes:
    # UTF-8 with a BOM: Excel then opens the Chinese text correctly
    return rows.to_csv(index=False).encode("utf-8-sig")


def parquet_bytes(rows: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    rows.to_parquet(buffer, index=False)
    return buffer.getvalue()


def xlsx_bytes(rows: pd.DataFrame, catalogue: pd.DataFrame, filters: dict) -> bytes:
    """Facts on the first sheet; columns, metrics, filters and sources explained on the second."""
    if len(rows) > EXCEL_MAX_ROWS:
        raise ValueError(f"{len(rows):,} rows do not fit in one Excel sheet (at most {EXCEL_MAX_ROWS:,}); "
                         "narrow the filters or download CSV or Parquet")
    about = pd.concat([
        pd.DataFrame({"section": "column", "name": c, "description": COLUMNS.get(c, "")} for c in rows.columns),
        pd.DataFrame({"section": "metric", "name": f"{r.body}/{r.metric}",
                      "description": f"{text.metric_label(r.label_zh, r.label_en)} ({r.unit}): {r.definition}"}
                     for r in catalogue.itertuples()),
        pd.DataFrame({"section": "filter", "name": k, "description": "all · 全部" if v is None else str(v)}
                     for k, v in filters.items()),
        pd.DataFrame({"section": "source", "name": s, "description": "report file · 报告文件"}
                     for s in sorted(rows.source.unique())) if "source" in rows else None,
    ])
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        rows.to_excel(writer, sheet_name="facts", index=False)
        about.to_excel(writer, sheet_name="about", index=False)
    return buffer.getvalue()
