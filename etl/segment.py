"""Split one document into report units (line spans), their sections and their parts.

A unit starts at a report title (白城市人民代表大会常务委员会工作报告), at a
speaker line in a digest of speeches (川汇区人大常委会主任 夏立文, the unit
taking the heading above it), or, in a file with neither, at its first line.
Table-of-contents entries, banners, delivery lines (肖怀远作人大常委会工作报告)
and a title repeated by a web page right below itself are not units of their
own.

Inside a unit, short heading lines mark its sections: the review of the year,
a term review (过去五年, 本届以来) and the plan (2023年主要任务, 今后一年工作
建议), which is never counted. A unit's parts are the stretches that report on
one period: an annual review and a term review side by side are two parts,
whether the term review has a heading or only opens its paragraph
(十三届北京市政协任期的五年,… / 五年来,…). A unit whose first sentence
announces a plan (表决通过了2025年工作要点) is all plan.

A line is first looked at for the words its pattern cannot match without (a
title's 工作报告, a term paragraph's 五年 or 本届以来, a numbered heading's
numeral): most lines of a report are paragraphs that hold none of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .patterns import compile_fast

BODY = r"(?:人民代表大会常务委员会|人大常委会|常务委员会|常委会)"
# A report title, maybe followed by its delivery line (——2023年1月10日在…会议上).
TITLE_WORDS = "工作报告"
TITLE = compile_fast(r"^(?!\d+[.、．])(?P<name>[^，,。；;：:、!！?？“”]{0,30}?)" + BODY
                     + r"(?:[^，,。]{0,6})工作报告(?:\s*[—(（-][^，,。]{0,60})?$")
# A line saying who delivers the report (肖怀远作人大常委会工作报告) is not a title.
DELIVERED_BY = compile_fast(r"(?:作|所作|代表)$")
SPEAKER = compile_fast(r"^(?P<name>[\u4e00-\u9fff]{2,15}?)(?:人大常委会|政协)(?:党组书记、)?(?:副)?(?:主任|主席)\s*[\u4e00-\u9fff·]{2,5}$")
YEAR = r"(?:(?:19|20)\d\d|[一二][〇零○0九][〇零○0一二三四五六七八九]{2})"
TERM = compile_fast(r"过去五年|五年来|本届以来|本届(?:常委会)?(?:的)?主要工作|五年工作|届(?:人大)?常委会(?:的)?(?:主要)?工作|履职五年|任期内")
PLAN_HEAD = compile_fast(r"今后|今年|新一年|新的一年|明年|下一步|工作建议|的建议|工作安排|工作打算|主要任务|工作任务|总体要求|工作思路|展望")
REVIEW_HEAD = compile_fast(r"回顾|主要工作|的工作|工作$|体会|一年来|过去一年|以来")
# A paragraph that opens a term review inside an annual report (no heading of its own).
TERM_PARAGRAPH = compile_fast(r"^\s*(?:[^，,。]{0,16}?(?:任期的五年|任期五年|履职五年)|五年来|过去五年|过去的五年|本届以来)")
# A unit that presents a plan rather than an account (表决通过了市人大常委会2025年工作要点).
PLAN_DOCUMENT = compile_fast(r"(?:通过|印发|制定|出台)(?:了)?[^。]{0,20}?(?:工作要点|工作计划|立法计划|监督(?:工作)?计划)")
LIST_NUMERALS = "一二三四五六七八九十"
LIST_NUMBER = compile_fast(rf"^[{LIST_NUMERALS}]+[、.．]\s*")     # 一、 before a heading
HEADLINE_FIGURE = compile_fast(r"\d+(?:余|多)?(?:件|项|次|个|部|人次|条)")
SENTENCE_STOP = compile_fast(r"[。！？!?]")
REPEAT_WINDOW = 12       # a title repeated within this many lines is the same unit's
# Read in every short line (heading_kind): compiled once.
HEADING_YEAR = compile_fast(YEAR + "(?=年)")
RECALLED = compile_fast(r"回顾")
REVIEWED = compile_fast(r"过去一年|一年来|主要工作|回顾")
SENTENCE_ENDS = ("。", "；", ";")     # a stripped line ending on one is a sentence, not a heading


@dataclass
class Section:
    line: int          # 0-based index of its heading line
    kind: str          # review | term | plan (a unit that is all plan: no figure is counted) | plan
    year: int | None   # a year written in the heading


@dataclass
class Span:
    start: int                   # 0-based first line
    end: int                     # 0-based last line (inclusive)
    head: str                    # the title or speaker line that names the unit
    sections: list[Section] = field(default_factory=list)


@dataclass
class Part:
    """A stretch of a unit that reports on one period."""
    kind: str          # review | term | plan (a unit that is all plan: no figure is counted)
    first: int         # 0-based line of its start
    last: int          # 0-based last line counted (plans excluded)
    end_line: int      # 0-based last line of the unit as a whole
    year: int | None   # a year written in its heading


def cn_year(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    digits = {"〇": "0", "零": "0", "○": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
              "六": "6", "七": "7", "八": "8", "九": "9"} | {d: d for d in "0123456789"}
    out = "".join(digits.get(ch, "") for ch in s)
    return int(out) if len(out) == 4 else None


def is_heading(line: str) -> bool:
    s = line.strip()
    return 0 < len(s) <= 32 and not s.endswith(SENTENCE_ENDS) and s.count("，") + s.count(",") <= 1


def heading_kind(line: str) -> Section | None:
    s = line.strip()
    if s[:1] in LIST_NUMERALS:    # (the test first: most lines are paragraphs, and none opens on one)
        s = LIST_NUMBER.sub("", s)
    if not is_heading(s) or HEADLINE_FIGURE.search(s):
        return None   # a headline that states a figure (今年“两会”收到提案646件) is news, not a section
    ym = HEADING_YEAR.search(s)
    year = cn_year(ym.group(0)) if ym else None
    if PLAN_HEAD.search(s) and not RECALLED.search(s):
        return Section(0, "plan", year)
    if TERM.search(s) and REVIEW_HEAD.search(s):
        return Section(0, "term", year)
    if REVIEW_HEAD.search(s) and (year or REVIEWED.search(s)):
        return Section(0, "review", year)
    return None


def is_title(line: str) -> bool:
    if TITLE_WORDS not in line:
        return False   # (the words every title holds, looked for before the pattern is tried)
    m = TITLE.match(line.strip())
    return bool(m) and not DELIVERED_BY.search(m.group("name"))


def split_units(lines: list[str]) -> tuple[list[Span], int]:
    """Units of a document, and the index of its first unit (lines before it are its preface)."""
    titles = [i for i, line in enumerate(lines) if is_title(line) and _has_body_after(lines, i)]
    titles = _without_repeats(lines, titles)
    starts: list[tuple[int, str]] = [(i, lines[i].strip()) for i in titles]
    if not starts:
        speakers = [i for i, line in enumerate(lines) if SPEAKER.match(line.strip())]
        for i in speakers:
            head = i
            j = i - 1
            while j >= 0 and not lines[j].strip():
                j -= 1
            if j >= 0 and is_heading(lines[j]) and not SPEAKER.match(lines[j].strip()):
                head = j
            starts.append((head, lines[i].strip()))
    if not starts:
        first = next((i for i, line in enumerate(lines) if line.strip()), 0)
        starts = [(first, "")]
    spans = []
    for n, (start, head) in enumerate(starts):
        end = starts[n + 1][0] - 1 if n + 1 < len(starts) else len(lines) - 1
        while end > start and not lines[end].strip():
            end -= 1
        span = Span(start, end, head)
        for i in range(start + 1, end + 1):
            sec = heading_kind(lines[i])
            if sec:
                sec.line = i
                span.sections.append(sec)
        spans.append(span)
    return spans, starts[0][0]


def _without_repeats(lines: list[str], titles: list[int]) -> list[int]:
    """A page that prints its title twice (a banner, then the article) holds one unit; so does a
    page whose banner title is followed, with no sentence between, by the report's own title
    ((十一届二次会议)常委会工作报告 … 政协…委员会 常务委员会工作报告): the banner is preface."""
    kept: list[int] = []
    for i in titles:
        if kept and i - kept[-1] <= REPEAT_WINDOW:
            if _same_title(lines[kept[-1]], lines[i]):
                continue
            if not any("。" in line for line in lines[kept[-1] + 1:i]):
                kept.pop()
        kept.append(i)
    return kept


def _same_title(a: str, b: str) -> bool:
    strip = lambda s: re.sub(r"\s+", "", s)
    return strip(a) == strip(b)


def _has_body_after(lines: list[str], i: int) -> bool:
    """A real title is followed by text, a table-of-contents entry by another title."""
    for line in lines[i + 1:i + 4]:
        s = line.strip()
        if not s:
            continue
        if _same_title(s, lines[i]):
            return True   # the page repeats its title: the text follows
        return not is_title(s) and not re.match(r"^\d+[.、．]", s)
    return False


def period_parts(span: Span, lines: list[str]) -> list[Part]:
    """The unit's review parts: one, or an annual part and a term part side by side."""
    plan_year = _announced_plan(span, lines)
    if plan_year is not False:
        return [Part("plan", span.start, span.end, span.end, plan_year)]
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
    if not any(s.kind == "term" for s in heads):
        paragraph = _term_paragraph(span, lines, min(plan_line, span.end + 1))
        if paragraph is not None:
            if not any(s.kind == "review" for s in heads):
                heads.insert(0, Section(span.start, "review", None))
            heads = sorted(heads + [Section(paragraph, "term", None)], key=lambda s: s.line)
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
        last = (plan_inside or min(nxt, plan_line) if plan_line > first else nxt) - 1
        parts.append(Part(sec.kind, first, last, nxt - 1, sec.year))
    return parts


def _term_paragraph(span: Span, lines: list[str], stop: int) -> int | None:
    """A paragraph that opens a term review after an annual account, with no heading of its own
    (…2022年,… / 十三届北京市政协任期的五年,…)."""
    for i in range(span.start + 1, stop):
        line = lines[i]
        if ("五年" in line or "本届以来" in line) and TERM_PARAGRAPH.match(line) and not is_heading(line):
            before = "\n".join(lines[span.start:i])
            return i if re.search(YEAR + r"年[,，是]|过去一年|一年来|全年", before) else None
    return None


def _announced_plan(span: Span, lines: list[str]) -> int | None | bool:
    """False for an account; for a unit that presents a plan, the year of the plan (None if unwritten)."""
    head = []      # the unit's lines up to the end of its first sentence (the rest is not read)
    for line in lines[span.start:span.end + 1]:
        end = SENTENCE_STOP.search(line)
        head.append(line[:end.start()] if end else line)
        if end:
            break
    first_sentence = "\n".join(head)
    m = PLAN_DOCUMENT.search(first_sentence)
    if not m:
        return False
    year = HEADING_YEAR.search(m.group(0))
    return cn_year(year.group(0)) if year else None
