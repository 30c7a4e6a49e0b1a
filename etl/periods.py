"""Which years a unit's counts cover (spec: "Report units").

An annual report on a written year covers that year. A report on 过去一年 /
一年来 covers the year before the report's own year (inferred). A term review
(过去五年, 本届以来) covers the five years ending with the last full year
before the report (inferred). The report's own year comes from a date line,
from a plan for a later year, or, failing those, from the latest year the text
names; a text that names no year at all dates itself by phrases that only
exist after a given year, aligned to the nationwide five-year term calendar.
"""
from __future__ import annotations

import re

from .segment import YEAR, cn_year

DATE = re.compile(r"((?:19|20)\d\d)(?:-|/|年)(\d{1,2})(?:-|/|月)(\d{1,2})")
YEAR_WORD = re.compile("(" + YEAR + ")年")
# A year named only as a horizon or a target says nothing of when the text was written.
NOT_NOW = re.compile(r"年?(?:远景|前|左右|目标|底前|以前|之前)")
TERM_TEXT = re.compile(r"过去五年|五年来|本届以来|履职五年|本届(?:人大)?常委会(?:履职)?以来|本届(?:人大)?(?:一次会议)?以来")
SUMMARY_YEAR = re.compile(r"总结(" + YEAR + r")年")
LAST_YEAR_TEXT = re.compile(r"过去(?:的)?一年|一年来|刚刚过去的一年|去年")
# Phrases first used in a given year: a text using them was written after it.
ERA_MARKERS = {"二十大": 2022, "全过程人民民主": 2020, "十四五": 2021, "新时代中国特色社会主义思想": 2018,
               "十九大": 2018, "监察委员会": 2018, "一府一委两院": 2018}
# Local congresses are elected nationwide in step: terms of provincial and
# prefecture congresses end in 2022, 2017, ...; those of county congresses in 2021, 2016, ...
TERM_END_MOD = {"provincial": 2022 % 5, "prefecture": 2022 % 5, "county": 2021 % 5}


def years_named(text: str) -> list[int]:
    out = []
    for m in YEAR_WORD.finditer(text):
        y = cn_year(m.group(1))
        if y and 1990 <= y <= 2100 and not NOT_NOW.match(text, m.end() - 1) and text[m.start() - 1:m.start()] != "到":
            out.append(y)
    return out


def date_year(text: str) -> int | None:
    """The year of a publication date near the top of a text (2024-01-23, 2023年4月23日)."""
    m = DATE.search(text[:400])
    return int(m.group(1)) if m else None


def era_floor(text: str) -> int | None:
    floors = [y for marker, y in ERA_MARKERS.items() if marker in text]
    return max(floors) if floors else None


def term_end_from_era(text: str, level: str | None) -> int | None:
    floor = era_floor(text)
    if floor is None:
        return None
    mod = TERM_END_MOD.get(level or "prefecture", 2)
    end = floor
    while end % 5 != mod:
        end += 1
    return end

