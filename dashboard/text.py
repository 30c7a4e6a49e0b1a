"""Labels shown in the app: Chinese first, English alongside."""
from __future__ import annotations

BODIES = {"npc_sc": "人大常委会 · NPC standing committee",
          "cppcc_sc": "政协常委会 · CPPCC standing committee"}
LEVELS = {"provincial": "省级 · provincial", "prefecture": "地级 · prefecture", "county": "县级 · county"}
QUALIFIERS = {"exact": "确数 · exact",
              "at_least": "至少 · at least (余/多)",
              "about": "约 · about (约/近)",
              "conflict": "来源不一 · sources disagree"}
QUALIFIER_MARKS = {"exact": "", "at_least": "≥", "about": "≈", "conflict": "≠"}
NOT_REPORTED = "未报告 · not reported"
PER_YEAR = "年均 · per year"


def metric_label(label_zh: str, label_en: str) -> str:
    return f"{label_zh} · {label_en}"


def period_label(start, end) -> str:
    if start is None or end is None:
        return "年份不详 · year unknown"
    start, end = int(start), int(end)
    return str(end) if start == end else f"{start}–{end}"


def figure_text(value, qualifier) -> str:
    """A figure as the app writes it: 50余 → "≥50", 约50 → "≈50"; a conflict is marked."""
    if value is None:
        return NOT_REPORTED
    number = f"{value:,.1f}" if isinstance(value, float) and not float(value).is_integer() else f"{int(value):,}"
    return QUALIFIER_MARKS.get(qualifier or "conflict", "") + number
