"""Split one document into report units (line spans) and their sections.

A unit starts at a report title (白城市人民代表大会常务委员会工作报告), at a
speaker line in a digest of speeches (川汇区人大常委会主任 夏立文, the unit
taking the heading above it), or, in a file with neither, at its first line.
Table-of-contents entries and banners before the first unit are not units.
Inside a unit, short heading lines mark its sections: the review of the
year, a term review (过去五年, 本届以来) and the plan (2023年主要任务,
今后一年工作建议), which is never counted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

BODY = r"(?:人民代表大会常务委员会|人大常委会|常务委员会|常委会)"
# A report title, maybe followed by its delivery line (——2023年1月10日在…会议上).
TITLE = re.compile(r"^(?!\d+[.、．])(?P<name>.{0,30}?)" + BODY + r"(?:[^，,。]{0,6})工作报告(?:\s*[—(（-].{0,60})?$")
SPEAKER = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,15}?)(?:人大常委会|政协)(?:党组书记、)?(?:副)?(?:主任|主席)\s*[\u4e00-\u9fff·]{2,5}$")
YEAR = r"(?:(?:19|20)\d\d|[一二][〇零九][〇零一二三四五六七八九]{2})"
TERM = re.compile(r"过去五年|五年来|本届以来|本届(?:常委会)?(?:的)?主要工作|五年工作|届(?:人大)?常委会(?:的)?(?:主要)?工作|履职五年|任期内")
PLAN_HEAD = re.compile(r"今后|今年|新一年|新的一年|明年|下一步|工作建议|的建议|工作安排|工作打算|主要任务|工作任务|总体要求|工作思路|展望")
REVIEW_HEAD = re.compile(r"回顾|主要工作|的工作|工作$|体会|一年来|过去一年|以来")


@dataclass
class Section:
    line: int          # 0-based index of its heading line
    kind: str          # review | term | plan
    year: int | None   # a year written in the heading


@dataclass
class Span:
    start: int                   # 0-based first line
    end: int                     # 0-based last line (inclusive)
    head: str                    # the title or speaker line that names the unit
    sections: list[Section] = field(default_factory=list)


def cn_year(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    digits = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
              "六": "6", "七": "7", "八": "8", "九": "9"}
    out = "".join(digits.get(ch, "") for ch in s)
    return int(out) if len(out) == 4 else None


def is_heading(line: str) -> bool:
    s = line.strip()
    return 0 < len(s) <= 32 and not re.search(r"[。；;]$", s) and s.count("，") + s.count(",") <= 1


def heading_kind(line: str) -> Section | None:
    s = re.sub(r"^[一二三四五六七八九十]+[、.．]\s*", "", line.strip())
    if not is_heading(s):
        return None
    ym = re.search(YEAR + "(?=年)", s)
    year = cn_year(ym.group(0)) if ym else None
    if PLAN_HEAD.search(s) and not re.search(r"回顾", s):
        return Section(0, "plan", year)
    if TERM.search(s) and REVIEW_HEAD.search(s):
        return Section(0, "term", year)
    if REVIEW_HEAD.search(s) and (year or re.search(r"过去一年|一年来|主要工作|回顾", s)):
        return Section(0, "review", year)
    return None


def split_units(lines: list[str]) -> tuple[list[Span], int]:
    """Units of a document, and the index of its first unit (lines before it are its preface)."""
    titles = [i for i, line in enumerate(lines) if TITLE.match(line.strip()) and _has_body_after(lines, i)]
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


def _has_body_after(lines: list[str], i: int) -> bool:
    """A real title is followed by text, a table-of-contents entry by another title."""
    for line in lines[i + 1:i + 4]:
        s = line.strip()
        if not s:
            continue
        return not TITLE.match(s) and not re.match(r"^\d+[.、．]", s)
    return False
