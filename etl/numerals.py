"""Counts in text: a number with its measure word and qualifier.

`find_counts` returns every "number + classifier" in a text (召开常委会会议5次,
1.2万件, 三十余项, 230多次); it skips years (二〇二二年), ordinals (第一,
一次会议 as in 五届人大一次会议), ranges (两三个) and reduplications (一项项).
Values go through cn2an, whose traps are handled here. The pattern is written so that
the regular-expression engine's scan jumps from one character that can start a
number to the next (the one pass over every character of a report).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import cn2an

from .patterns import BEYOND_BMP, DECIMAL_BMP

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
CLASSIFIERS = ("人次", "件次", "场次", "批次", "个次", "项次", "次", "项", "件", "部", "个", "人",
               "名", "条", "篇", "期", "场", "份", "家", "批", "位", "起", "轮", "类", "组")
# The number comes first in the pattern so that the scan jumps from digit to digit;
# a qualifier before it (近, 约, 超过, 逾) is read by looking back.
PRE_QUALIFIERS = ("超过", "近", "约", "逾")
PRE_LAST_CHARS = {q[-1] for q in PRE_QUALIFIERS}
COUNT_DIGITS = "零一二两三四五六七八九十百千万"
# The number is \d+(?:\.\d+)?(?:万|千)? or [零…万]+. Its first character is matched by a class of
# its own, the first thing in the pattern: only then does the scan skip, at C speed, every
# character that cannot start a number (a pattern opening on a lookahead or a repeat is entered
# at every character). That class names the decimal digits of the Basic Multilingual Plane one
# by one (what \d matches there) and lets in any character beyond it: a class of characters is
# one table look-up per character scanned, where \d asks the Unicode database; the lookbehind
# right after it keeps, of the characters beyond, only the digits. The next lookbehind then says
# which of the two the number is.
FIRST_OF_NUMBER = "[" + re.escape(DECIMAL_BMP) + COUNT_DIGITS + BEYOND_BMP + "]" + rf"(?<=[\d{COUNT_DIGITS}])"
COUNT = re.compile(
    rf"(?P<num>{FIRST_OF_NUMBER}(?:(?<=\d)\d*(?:\.\d+)?(?:万|千)?|(?<!\d)[{COUNT_DIGITS}]*))"
    r"(?P<post>余|多)?"
    r"(?P<cls>" + "|".join(CLASSIFIERS) + r")"
    r"(?P<tail>以上|左右|之多)?"
)
ORDINAL_BEFORE = set("第每届进逐唯之同某单")
# 五届人大一次会议 / 三次全会: a Chinese numeral before these is an ordinal, not a count.
ORDINAL_AFTER = re.compile(r"(?:次|届)(?:会议|全会|全体会议|常委会|主任会议)")
RANGE = re.compile(r"^[一二两三四五六七八九]{2,}$")


class Count(NamedTuple):   # a tuple: thousands are made per report, a frozen dataclass costs 5x more
    start: int        # of the whole match, qualifier words included
    end: int
    num_start: int    # of the number itself
    value: int
    qualifier: str    # exact | at_least | about
    classifier: str


# Count(...) goes through a Python-level __new__; the tuple's own makes the same object.
_new_count = tuple.__new__


@lru_cache(maxsize=4096)
def to_int(num: str) -> int | None:
    """Arabic or Chinese numeral → int; None where it is not a plain count."""
    if num.isdigit():
        return int(num)
    if "〇" in num or RANGE.match(num):
        return None
    try:
        value = float(num) if num.replace(".", "", 1).isdigit() else cn2an.cn2an(num, "smart")
    except (ValueError, KeyError, TypeError):
        return None
    if value != int(value) or value < 0:
        return None
    return int(value)


def find_counts(text: str, start: int = 0, end: int | None = None) -> list[Count]:
    end = len(text) if end is None else end
    found = []
    for m in COUNT.finditer(text, start, end):
        num, post, cls, tail = m.groups()
        ns, me = m.span()          # the number opens the match
        before = text[ns - 1] if ns > 0 else ""
        if before in ORDINAL_BEFORE or before.isdigit():
            continue
        if num[0].isdigit():
            if num.endswith(("万", "千")):
                num = str(float(num[:-1]) * (10000 if num.endswith("万") else 1000))
        else:
            if before and before in CN_DIGITS:
                continue
            if ORDINAL_AFTER.match(text, ns + len(num)):
                continue
            # 一项项, 一件件, 一次次: reduplication, not a count
            if text[me:me + 1] == cls[-1]:
                continue
        value = to_int(num)
        if value is None:
            continue
        pre = None
        if before in PRE_LAST_CHARS:
            pre = next((q for q in PRE_QUALIFIERS if ns >= len(q) and text.startswith(q, ns - len(q))), None)
        if post or tail in ("以上", "之多") or pre in ("超过", "逾"):
            qualifier = "at_least"
        elif pre in ("近", "约") or tail == "左右":
            qualifier = "about"
        else:
            qualifier = "exact"
        qstart = ns - len(pre) if pre else ns
        found.append(_new_count(Count, (qstart, me, ns, value, qualifier, cls)))
    return found
