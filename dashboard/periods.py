"""Which period a view compares: like with like, unless mixing is asked for.

A figure is an annual report's (one year), a term review's (the body's five-year term) or another
multi-year span's. Compare, Rankings and Map set side by side figures of one kind and one period:
annual figures of one year (by default the year most places report, the latest of a tie) or term
reviews of one term (by default the term most places report). Mixing kinds is a choice
(`kind=mixed`): then each place's latest figure, or those ending in a chosen year, are shown, each
labelled with its period and kind. `period` is "2022" or "2018-2022" in the URL.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from . import text, urlstate
from .urlstate import Param

KIND_CHOICES = {"annual": "年度 · annual reports", "term": "届 · term reviews", "span": "跨年 · other spans",
                "mixed": "混合 · mixed kinds (each bar labelled)"}
MULTI_YEAR = ("term", "span")
PERIOD = re.compile(r"(\d{4})(?:-(\d{4}))?")


def parse_period(raw: str) -> str:
    """'2022' or '2018-2022' (a first year not after the last), as written back to the URL."""
    match = PERIOD.fullmatch(raw)
    if not match:
        raise ValueError("应为年份或年份-年份 · expected a year or first-last, e.g. 2022 or 2018-2022")
    first, last = urlstate.year(match[1]), urlstate.year(match[2] or match[1])
    if first > last:
        raise ValueError("起始年晚于截止年 · the first year is after the last")
    return str(first) if first == last else f"{first}-{last}"


def bounds(period: str) -> tuple[int, int]:
    first, _, last = period.partition("-")
    return int(first), int(last or first)


def period_of(start, end) -> str:
    return parse_period(str(int(start)) if start == end else f"{int(start)}-{int(end)}")


PARAMS = [Param("kind", urlstate.choice(KIND_CHOICES), "annual"), Param("period", parse_period)]


@dataclass(frozen=True)
class Choice:
    kind: str                  # annual, term, span or mixed
    period: str | None         # the period shown ('2022', '2018-2022'), None: every place's latest (mixed)
    default: bool              # the period was not chosen: the one most places report
    places: int | None = None  # how many places report the default period

    @property
    def empty(self) -> bool:
        """True where the metric has no figure of this kind at all: nothing to show."""
        return self.period is None and not self.mixed

    @property
    def query(self) -> dict:
        """The kind and period parameters of queries/compare.sql and ranking.sql."""
        if self.period is None:
            return dict(kind=None, period_start=None, period_end=None)   # mixed: every place's latest
        start, end = bounds(self.period)
        if self.mixed:   # a year: every period ending in it; a span: that period, whatever its kind
            return dict(kind=None, period_start=None if start == end else start, period_end=end)
        return dict(kind=self.kind, period_start=start, period_end=end)

    @property
    def mixed(self) -> bool:
        return self.kind == "mixed"

    def label(self) -> str:
        """What the view compares, in words: '2022年度报告 · annual reports of 2022'."""
        if self.period is None:
            return ("混合：各地最新的数字 · mixed kinds: each place's latest figure" if self.mixed else
                    f"没有{text.KIND_SHORT[self.kind]}数字 · no {self.kind} figures")
        shown = text.period_label(*bounds(self.period))
        if self.kind == "annual":
            label = f"{shown}年度报告 · annual reports of {shown}"
        elif self.kind == "term":
            label = f"{shown}届内总结 · term reviews of {shown}"
        elif self.kind == "span":
            label = f"{shown}跨年数字 · figures of the span {shown}"
        elif "-" in self.period:
            label = f"混合：{shown} · mixed kinds: the period {shown}"
        else:
            label = f"混合：截至{shown}年的各期 · mixed kinds: periods ending in {shown}"
        if self.default:
            label += (f"（默认：最多地区报告的时期，{self.places}个地区）· (by default the period most places "
                      f"report: {self.places})")
        return label


def choose(reported: pd.DataFrame, kind: str, period: str | None, problems: list[str]) -> Choice:
    """The period to show. `reported`: queries/periods_reported.sql for the view's metric and body."""
    if period is not None and kind != "mixed":
        start, end = bounds(period)
        if kind == "annual" and start != end:
            problems.append(f"period={period}: 年度报告只有一年 · an annual report covers one year")
            period = None
        elif kind in MULTI_YEAR and start == end:
            problems.append(f"period={period}: 届内总结和跨年数字跨越数年 · a term review or a span covers "
                            "several years")
            period = None
    if period is not None or kind == "mixed":
        return Choice(kind, period, default=False)
    of_kind = reported[reported.period_kind == kind]
    if of_kind.empty:
        return Choice(kind, None, default=True)
    first = of_kind.iloc[0]   # the query sorts the most places first, then the latest
    return Choice(kind, period_of(first.period_start, first.period_end), default=True, places=int(first.places))


def chosen(wh, state: dict, problems: list[str]) -> tuple[Choice, pd.DataFrame]:
    """The period a page's checked state shows, and the periods its metric is reported for."""
    reported = wh.cached("periods_reported", metric=state["metric"], body=state["body"])
    return choose(reported, state["kind"], state["period"], problems), reported


def options(choice: Choice, reported: pd.DataFrame, years: list[int]) -> list[dict]:
    """What the period picker offers: every year any period covers (annual, mixed), or the terms
    (spans) reported; each with how many places report it where any does."""
    kind = choice.kind if choice.kind in MULTI_YEAR else "annual"
    counts = {period_of(r.period_start, r.period_end): int(r.places)
              for r in reported[reported.period_kind == kind].itertuples()}
    periods = sorted(counts, key=lambda p: bounds(p)[::-1], reverse=True) if kind in MULTI_YEAR else \
        [str(y) for y in years]
    return [{"label": text.period_label(*bounds(p)) + (f" · {counts[p]} 个地区 places" if p in counts else ""),
             "value": p} for p in periods]


def placeholder(choice: Choice) -> str:
    if choice.mixed:
        return "各地最新 · each place's latest"
    if choice.period is None:
        return "没有这类数字 · none of this kind"
    return f"默认 · default: {text.period_label(*bounds(choice.period))}"
