"""Document → report units: place, body, period and metrics with evidence.

Entry point: `extract_document(doc)`, a list of unit dicts in the shape of
spec/extract-output.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import places
from .metrics import extract_metrics
from .periods import (LAST_YEAR_TEXT, SUMMARY_YEAR, TERM_TEXT, date_year, term_end_from_era, years_named)
from .reading import Document
from .segment import YEAR, Section, Span, cn_year, split_units

TERM_YEARS = 5
BODY_WORDS = re.compile(r"人民代表大会常务委员会|人大常委会|人大|政协|委员会|常委会")
NAMED_BODY = re.compile(r"(人民代表大会常务委员会|人大常委会|政协)")
CPPCC_HEAD = re.compile(r"政协|(?<!代表大会)委员会常务委员会|各位委员")
OPENING_YEAR = re.compile(r"(?:^|刚刚过去的|过去的|回顾)(" + YEAR + r")年(?!\d)", re.M)
# A sentence opening on a year (2022年,常委会召开会议8次…) inside a term review.
YEAR_OPENING = re.compile(r"(?:^|[。；;])\s*(" + YEAR + r")年(?:全年|度)?[,，]", re.M)
YEARLY_MIN_METRICS = 2  # a yearly summary, not an anecdote about one event of the term
STATED_YEAR_LINE = re.compile(r"^\s*(" + YEAR + r")年(?:[,，是以全]|度)", re.M)


@dataclass
class Part:
    """A stretch of a unit that reports on one period."""
    kind: str          # review | term
    first: int         # 0-based line of its start
    last: int          # 0-based last line counted (plans excluded)
    end_line: int      # 0-based last line of the unit as a whole
    year: int | None   # a year written in its heading


def extract_document(doc: Document) -> list[dict]:
    lines = doc.text.split("\n")
    line_start = [0]
    for line in lines:
        line_start.append(line_start[-1] + len(line) + 1)
    spans, first = split_units(lines)
    preface = "\n".join(lines[:first])
    units = []
    for span in spans:
        span_text = doc.text[line_start[span.start]:line_start[span.end + 1]]
        body = detect_body(span, span_text)
        place = identify_place(span, span_text, doc.name, preface)
        for part in period_parts(span, lines):
            start, stop = line_start[part.first], line_start[part.last + 1] - 1
            part_text = doc.text[start:stop]
            period = infer_period(part, part_text, span_text, doc.text, preface, lines, span,
                                  place.level if place else None)
            # a yearly summary inside a term review is a unit of its own (spec: "Report units")
            yearly = []
            if part.kind == "term":
                for year, a, b in yearly_stretches(doc.text, start, stop, period):
                    metrics = extract_metrics(doc.text, a, b, body)
                    if len(metrics) >= YEARLY_MIN_METRICS:
                        yearly.append((a, b))
                        units.append(_unit(doc.name, part, place, span, body, (year, year, False), metrics))
            metrics = extract_metrics(doc.text, start, stop, body, skip=yearly)
            units.append(_unit(doc.name, part, place, span, body, period, metrics))
    return units


def _unit(source: str, part: Part, place: places.Place | None, span: Span, body: str,
          period: tuple[int | None, int | None, bool], metrics: dict) -> dict:
    return {
        "source": source,
        "lines": [part.first + 1, part.end_line + 1],
        "city": place.name if place else _unresolved_name(span),
        "adcode": place.adcode if place else None,
        "province": place.province if place else None,
        "level": place.level if place else None,
        "parent": place.parent if place and place.level == "county" else None,
        "body": body,
        "period_start": period[0], "period_end": period[1], "period_inferred": period[2],
        "metrics": metrics,
    }


def yearly_stretches(text: str, lo: int, hi: int, period: tuple) -> list[tuple[int, int, int]]:
    """(year, start, end) of paragraphs in a term review that open on one year of the term (2022年,…)."""
    start_year, end_year = period[0], period[1]
    if start_year is None:
        return []
    out = []
    for m in YEAR_OPENING.finditer(text, lo, hi):
        year = cn_year(m.group(1))
        if year and start_year <= year <= end_year:
            line_end = text.find("\n", m.start(), hi)
            out.append((year, m.start(1), hi if line_end < 0 else line_end))
    return out


def detect_body(span: Span, span_text: str) -> str:
    head = span.head or span_text[:300]
    if CPPCC_HEAD.search(head) or (not span.head and span_text.count("政协") > span_text.count("人大")):
        return "cppcc_sc"
    return "npc_sc"


def identify_place(span: Span, span_text: str, file_name: str, preface: str) -> places.Place | None:
    """The body's place from its title or speaker line, the text's own words, the file name, in that order."""
    context = preface + "\n" + span_text + "\n" + file_name
    if span.head:
        cut = BODY_WORDS.search(span.head)
        head = span.head[:cut.start()] if cut else span.head
        found = places.mentions(head)
        if found:
            place = places.resolve(found[-1][2], context, _level_hint(head[found[-1][1]:found[-1][1] + 1]))
            if place:
                return place
    named: dict[str, int] = {}
    for m in NAMED_BODY.finditer(span_text[:5000]):
        before = span_text[max(0, m.start() - 12):m.start()]
        found = [f for f in places.mentions(before) if f[1] == len(before)]
        if found:
            named[found[-1][2]] = named.get(found[-1][2], 0) + 1
    for form in sorted(named, key=lambda f: -named[f]):
        place = places.resolve(form, context)
        if place:
            return place
    for _, _, form in places.mentions(Path(file_name).stem):
        place = places.resolve(form, context)
        if place:
            return place
    return places.most_mentioned(span_text, {"prefecture", "county", "provincial"})


def _level_hint(suffix_char: str) -> str | None:
    return {"县": "county", "区": "county", "旗": "county", "州": "prefecture"}.get(suffix_char)


def _unresolved_name(span: Span) -> str | None:
    if not span.head:
        return None
    cut = BODY_WORDS.search(span.head)
    name = span.head[:cut.start()] if cut else ""
    return name.strip() or None


def period_parts(span: Span, lines: list[str]) -> list[Part]:
    """The unit's review parts: one, or an annual part and a term part side by side."""
    plan_line = span.end + 1
    review_year = next((s.year for s in span.sections if s.kind == "review" and s.year), None)
    heads: list[Section] = []
    for sec in span.sections:
        later_year = sec.kind == "review" and sec.year and review_year and sec.year > review_year
        if sec.kind == "plan" or later_year:
            # a plan ends the review, unless a term review section follows it
            if not any(s.kind == "term" and s.line > sec.line for s in span.sections):
                plan_line = sec.line
                break
            plan_line = min(plan_line, sec.line)
            continue
        heads.append(sec)
    kinds = {s.kind for s in heads}
    if not ({"term", "review"} <= kinds):
        kind = "term" if kinds == {"term"} else "review"
        year = next((s.year for s in heads if s.year), None)
        return [Part(kind, span.start, min(plan_line, span.end + 1) - 1, span.end, year)]
    parts = []
    boundaries = [s for n, s in enumerate(heads) if n == 0 or s.kind != heads[n - 1].kind]
    for n, sec in enumerate(boundaries):
        first = span.start if n == 0 else sec.line
        nxt = boundaries[n + 1].line if n + 1 < len(boundaries) else span.end + 1
        plan_inside = next((s.line for s in span.sections if s.kind == "plan" and first < s.line < nxt), None)
        last = (plan_inside or nxt) - 1
        parts.append(Part(sec.kind, first, last, nxt - 1, sec.year))
    return parts


def infer_period(part: Part, part_text: str, span_text: str, doc_text: str, preface: str,
                 lines: list[str], span: Span, level: str | None) -> tuple[int | None, int | None, bool]:
    """(start, end, inferred) for one part of a unit."""
    plan_years = [s.year for s in span.sections if s.kind == "plan" and s.year]
    # a date line under the unit's own title, else one at the top of the file before any unit
    dated = date_year(span_text[:300]) or date_year(preface) or (date_year(doc_text) if not preface else None)
    plan_text_years = years_named(_plan_text(span, lines))
    report_year = dated or max(plan_years + plan_text_years, default=None)
    opening = _opening_year(part, lines)
    annual_hint = part.year or opening or LAST_YEAR_TEXT.search(part_text[:300])
    if part.kind == "term" or (not annual_hint and TERM_TEXT.search(part_text[:3000])
                               and not STATED_YEAR_LINE.search(part_text)):
        named = years_named(span_text) if report_year is None else []
        if named:
            report_year = max(named) + 1
        end = report_year - 1 if report_year else term_end_from_era(span_text, level)
        return (end - TERM_YEARS + 1 if end else None, end, True)
    if part.year:
        return (part.year, part.year, False)
    if opening:
        return (opening, opening, False)
    summary = SUMMARY_YEAR.search(preface + "\n" + span_text)
    summary_year = cn_year(summary.group(1)) if summary else None
    ceiling = summary_year or (report_year - 1 if report_year else None)
    stated = STATED_YEAR_LINE.search(part_text)
    if stated and not span.sections:
        y = cn_year(stated.group(1))
        if ceiling is None or y <= ceiling:
            return (y, y, False)
    if summary_year:
        return (summary_year, summary_year, True)
    if report_year:
        return (report_year - 1, report_year - 1, True)
    context_years = years_named(preface + "\n" + span_text)
    if context_years:
        y = max(context_years)
        if LAST_YEAR_TEXT.search(part_text) and y in plan_years:
            y -= 1
        return (y, y, True)
    return (None, None, True)


def _opening_year(part: Part, lines: list[str]) -> int | None:
    """A year written in the first lines of a review (刚刚过去的2022年, 2022年,是…)."""
    heads = [n for n in range(part.first, min(part.last + 1, part.first + 8))
             if re.search(r"回顾|主要工作|的工作|过去一年|一年来", lines[n]) and len(lines[n].strip()) <= 32]
    if not heads:
        return None
    text = "\n".join(lines[heads[0] + 1:heads[0] + 3])
    m = OPENING_YEAR.search(text)
    return cn_year(m.group(1)) if m else None


def _plan_text(span: Span, lines: list[str]) -> str:
    plan = next((s.line for s in span.sections if s.kind == "plan"), None)
    return "\n".join(lines[plan:span.end + 1]) if plan is not None else ""
