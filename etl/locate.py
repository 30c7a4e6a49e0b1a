"""Where a unit's body sits: the one module that decides a unit's place, with its evidence.

Evidence is taken in this order; the first that names one place decides
(spec: "The place comes from the text: its title, its speaker's office, its
own words", then the file's name, "otherwise left empty rather than guessed"):

1. the unit's title, speaker or delivery line (白城市人民代表大会常务委员会
   工作报告, 川汇区人大常委会主任 夏立文, 政协德阳市委员会…);
2. the body's own name in the text: a place written right before the body
   (乌拉特中旗第十八届人民代表大会, 伊犁州政协) or inside it (政协伊犁哈萨克
   自治州第十四届委员会), the most often named;
3. the file's name (昌吉州人大常委会2022年工作报告.txt, 潍坊-政协-2011.html);
4. the place the text names most often by its full name, then by any name.

The level in the body's own words filters every step: a text that says 市人大
常委会 is a city's (a prefecture, a municipality or a county-level city), 区
/县/旗 a county-level unit's, 州 an autonomous prefecture's, 省/自治区 a
province's. Venues (在西昌召开) are not the reporting place. Same-named places
(朝阳区, 鼓楼区, 市中区) are told apart by a parent or province named anywhere
in the file; where nothing tells them apart the name is kept without a code.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import places
from .patterns import compile_fast
from .places import Place

ORDINAL = r"(?:第?[〇一二三四五六七八九十]+届)?"
NPC_COMMITTEE = compile_fast(ORDINAL + r"(?:人民代表大会常务委员会|人大常委会)")
NPC_AFTER = compile_fast(ORDINAL + r"(?:人民代表大会|人大)")
CPPCC_AFTER = compile_fast(ORDINAL + r"(?:政协|委员会)")
CPPCC_BEFORE = compile_fast(r"(?:政协|中国人民政治协商会议)$")
# The level word of a body named without its place: 市人大常委会, 区政协, 自治州人民代表大会, 省十三届人大.
NPC_NAMES = ("人民代表大会", "人大")
CPPCC_NAMES = ("政协",)
LEVEL_BEFORE = compile_fast(r"(自治区|自治州|自治县|省|市|州|县|区|旗|盟)(?:第?[〇一二三四五六七八九十]+届)?$")
LEVEL_REACH = 8
# A speaker's office under a title (海南省人大常委会副主任 李军).
SPEAKER_LINE = compile_fast(r"(?:人大常委会|政协|常务委员会)(?:党组书记、)?(?:常务)?(?:副)?(?:主任|主席)(?:\s*[\u4e00-\u9fff·]{2,8})?$")
BODY_NAME = compile_fast(r"人民代表大会|人大|政协|中国人民政治协商会议|委员会")
NAME_WINDOW = 24         # a place name stands this near the body name it belongs to
VENUE_BEFORE = compile_fast(r"(?:在|于|赴)$")
VENUE_AFTER = compile_fast(r"^[^，,。；]{0,8}?(?:召开|举行|开幕|闭幕|隆重)")
# Which name endings each level word admits.
LEVEL_SUFFIXES = {"自治区": ("自治区",), "省": ("省",), "市": ("市",), "自治州": ("州",), "州": ("州",),
                  "盟": ("盟",), "县": ("县",), "自治县": ("县",), "区": ("区",), "旗": ("旗",)}


@dataclass(frozen=True)
class Located:
    place: Place | None
    name: str | None         # the name as written, kept where no single place could be given
    evidence: str


def place_of(head: str, text: str, file_name: str, context: str, body: str | None) -> Located:
    """The place of the unit whose title/speaker line is `head` and whose text is `text`.

    `context`: the whole file and its name, where a parent or province tells same-named places apart.
    """
    suffixes: list[tuple[str, ...]] = []     # the level's name endings, read when a tier is filtered by them
    found: list[places.Mention] = []

    def text_mentions() -> list[places.Mention]:
        if not found:
            found.extend(_text_mentions(text, places.mentions(text)))
        return found

    tiers = (("title", lambda: _head_mentions(head), False),
             ("the committee's own name", lambda: _own_name_mentions(text, body, committee=True), False),
             ("the congress's own name", lambda: _own_name_mentions(text, body, committee=False), False),
             ("file name", lambda: places.mentions(Path(file_name).stem), False),
             ("the place it names most (full name)", lambda: [m for m in text_mentions() if m.full], True),
             ("the place it names most", text_mentions, True))
    unresolved = None
    for label, tier, filtered in tiers:
        mentions = tier()
        if filtered and mentions:
            if not suffixes:
                suffixes.append(level_suffixes(head + "\n" + text, body))
            if suffixes[0]:
                mentions = [m for m in mentions if _admits(m, suffixes[0])]
        if not mentions:
            continue
        if label in ("title", "file name"):
            mention = _most_specific(mentions)
            place = places.choose(mention.places, context)
            if place:
                return Located(place, place.name, f"{label}: {mention.form}")
            unresolved = unresolved or mention
            continue
        tally: Counter[Place] = Counter()
        forms: dict[Place, str] = {}
        for m in mentions:
            place = places.choose(m.places, context)
            if place:
                tally[place] += 1
                forms.setdefault(place, m.form)
            else:
                unresolved = unresolved or m
        ranked = tally.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            place, n = ranked[0]
            return Located(place, place.name, f"{label}: {forms[place]} ({n}×)")
    if unresolved:
        return Located(None, unresolved.form, f"{unresolved.form}: several places bear this name and the file "
                                              "names none of their parents")
    return Located(None, None, "no place named in the text or the file name")


def level_suffixes(text: str, body: str | None) -> tuple[str, ...]:
    """Name endings allowed by the level word the body's own name uses most (市人大常委会 → 市)."""
    names = CPPCC_NAMES if body == "cppcc_sc" else NPC_NAMES if body == "npc_sc" else NPC_NAMES + CPPCC_NAMES
    words = Counter()
    for name in names:
        pos = text.find(name)
        while pos >= 0:
            # the level word right before the name (市人大), or before its term (市十五届人大)
            head = text[max(0, pos - LEVEL_REACH):pos]
            m = LEVEL_BEFORE.search(head)
            if m:
                words[m.group(1)] += 1
            pos = text.find(name, pos + len(name))
    if not words:
        return ()
    word, _ = words.most_common(1)[0]
    return LEVEL_SUFFIXES[word]


def _admits(m: places.Mention, suffixes: tuple[str, ...]) -> bool:
    """The level word fits the place's name, or the name as written (a former county, 阿城县, of 阿城区)."""
    return any((p.name.endswith(suffixes) or m.form.endswith(suffixes))
               and not (suffixes == ("区",) and p.level == "provincial") for p in m.places)


def _head_mentions(head: str) -> list[places.Mention]:
    return places.mentions(head) if head else []


def _most_specific(mentions: list[places.Mention]) -> places.Mention:
    """The last place a title names is the body's (长春市绿园区…, 2021年余姚市…)."""
    return mentions[-1]


def _own_name_mentions(text: str, body: str | None, committee: bool) -> list[places.Mention]:
    """Places written as part of the body's name: its standing committee's (X人大常委会, X政协,
    政协X委员会), or else its congress's (X第十八届人民代表大会, X人大)."""
    npc_after = NPC_COMMITTEE if committee else NPC_AFTER
    out, seen = [], set()
    for window_start, window in _body_name_windows(text):
        for m in places.mentions(window):
            start = window_start + m.start
            if start in seen:
                continue
            after = text[window_start + m.end:window_start + m.end + 12]
            before = text[max(0, start - 12):start]
            npc = bool(npc_after.match(after))
            cppcc = committee and bool(CPPCC_AFTER.match(after) and (after.startswith("政协") or CPPCC_BEFORE.search(before)))
            if (body in (None, "npc_sc") and npc) or (body in (None, "cppcc_sc") and cppcc):
                out.append(m)
                seen.add(start)
    return out


def _body_name_windows(text: str) -> list[tuple[int, str]]:
    """Short stretches around each body name (人大, 人民代表大会, 政协, 委员会): where a place is part of it."""
    out = []
    for m in BODY_NAME.finditer(text):
        start = max(0, m.start() - NAME_WINDOW)
        end = min(len(text), m.end() + (NAME_WINDOW if m.group(0).startswith(("政协", "中国")) else 0))
        out.append((start, text[start:end]))
    return out


def _text_mentions(text: str, found: list[places.Mention]) -> list[places.Mention]:
    """The places a text names, less venues (在西昌召开)."""
    return [m for m in found
            if not (VENUE_BEFORE.search(text[max(0, m.start - 1):m.start]) and VENUE_AFTER.match(text[m.end:]))]
