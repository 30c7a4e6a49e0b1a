"""Labels shown in the app: Chinese first, English alongside."""
from __future__ import annotations

import pandas as pd

BODIES = {"npc_sc": "人大常委会 · NPC standing committee",
          "cppcc_sc": "政协常委会 · CPPCC standing committee"}
LEVELS = {"provincial": "省级 · provincial", "prefecture": "地级 · prefecture", "county": "县级 · county"}
QUALIFIERS = {"exact": "确数 · exact",
              "at_least": "至少 · at least (余/多)",
              "about": "约 · about (约/近)",
              "conflict": "来源不一 · sources disagree"}
QUALIFIER_MARKS = {"exact": "", "at_least": "≥", "about": "≈", "conflict": "≠"}
NOT_REPORTED = "未报告 · not reported"
# what kind of period a figure covers (figures.period_kind)
KINDS = {"annual": "年度报告 · annual report", "term": "届内总结 · term review", "span": "跨年 · multi-year"}
KIND_SHORT = {"annual": "年度", "term": "届", "span": "跨年"}
INFERRED_MARK = "*"   # a period the report does not write: inferred (its evidence on hover)
INFERRED_NOTE = "* 年份系推断 · inferred period (hover for how)"


def metric_label(label_zh: str, label_en: str) -> str:
    return f"{label_zh} · {label_en}"


def period_label(start, end) -> str:
    if start is None or end is None:
        return "年份不详 · year unknown"
    start, end = int(start), int(end)
    return str(end) if start == end else f"{start}–{end}"


def period_text(start, end, inferred=False, kind: str | None = None) -> str:
    """"2022", "2019*" (inferred), "2018–2022 届" (with its kind, where kinds are mixed)."""
    label = period_label(start, end) + (INFERRED_MARK if inferred and start is not None else "")
    return f"{label} {KIND_SHORT[kind]}" if kind in KIND_SHORT else label


def evidence_text(evidence) -> str:
    """What decided a figure's period, one line per source (figures.period_evidence is a list)."""
    if evidence is None or isinstance(evidence, float):   # NULL (a pandas NaN)
        evidence = []
    lines = [str(e) for e in ([evidence] if isinstance(evidence, str) else evidence) if e]
    return "; ".join(dict.fromkeys(lines)) or "—"


def figure_text(value, qualifier) -> str:
    """A figure as the app writes it: 50余 → "≥50", 约50 → "≈50"; a conflict is marked."""
    if value is None:
        return NOT_REPORTED
    number = f"{value:,.1f}" if isinstance(value, float) and not float(value).is_integer() else f"{int(value):,}"
    return QUALIFIER_MARKS.get(qualifier or "conflict", "") + number



CORRECTED_MARK = "✎"   # a figure a person corrected (the corrections file); the original on hover


def corrected_mark(corrected) -> str:
    """"✎ " before a corrected figure (`corrected`: a bool, numpy's, or missing where a query has none)."""
    return f"{CORRECTED_MARK} " if not pd.isna(corrected) and bool(corrected) else ""


def corrected_note(corrected, original_value) -> str:
    """A corrected figure's hover line: that it was corrected, and what the extractor had read."""
    if not corrected_mark(corrected):
        return ""
    had = "未读出 · none" if pd.isna(original_value) else f"{int(original_value):,}"
    return f"{CORRECTED_MARK} 已更正 · corrected (原读数 · the extractor read: {had})"
