"""Which years a unit's counts cover: the one module that decides a period, with its evidence.

A period is decided from evidence collected in the unit and ranked by this
precedence (spec: "Report units" and "Edge cases / Periods"):

1. Years written for the counts themselves. A year or span that opens the
   review, its heading or the clause of a count (2022年,… / 关于2023年的工作 /
   刚刚过去的2024年 / 回顾2014 / 1991-1993年期间 / 2016年以来) is the period as
   written, never overridden by an inferred one. A clause-level year splits a
   chronicle into one unit per year (`clause_period`).
2. A term review (过去五年, 五年来, 本届以来, 任期内, 过去六年, 30年来): N
   years (as written, else five) ending with a written end (截至2017年12月),
   else with the year before the report's date, or with the report's own year
   when it was delivered late in the year (October–December).
3. A review of the past year (过去一年, 一年来, or a dated text that says
   nothing else): the year before the report's date, or that year itself when
   the report was delivered in October–December. "自去年5月…以来" in a May
   report covers both years.
4. Counts received at a session (大会期间共收到提案, 今年两会, 截至1月20日共收到)
   cover the session's own year; counts since an earlier session of the
   term (十届一次会议以来…共收到提案, told at the 十届二次会议) cover the year
   before the report.
5. Failing a report date, the latest past year the text names.

The report's date is itself ranked: its delivery line (——2019年2月16日在…
会议上) > a dateline at the top (发布时间: 2018-02-06, 02.09.2014) > the time
a news item's counts were taken (截至2023年2月12日18时，共收到提案…) > the
provincial session it was delivered at, dated by the nationwide term
calendar (第十三届…第二次会议 → held 2019) > a yearbook volume (2018卷) > a
plan for a later year (2023年工作安排, 2018年，县人大常委会要…) > a
comparison with a past year (比2017年增加 → written after 2017) > a
prefecture's or county's session, dated by the calendar only where the era
the text speaks of picks one term (a county's also needing the news item's
month). Lower levels come last because their terms may open a year off the
calendar (a county's late in one year or early in the next, Guangxi's
prefectures in 2021). Phrases that exist only after a given
year (二十大, 全过程人民民主) place an undated term review in the term
calendar. Every decided period carries the evidence that decided it.

A pattern that is costly to try at every position is tried only where a word
it cannot match without stands (a session's 次 near its 届, a span's dash or
至/到); a year that opens a review (its pattern opens on ^ or a mark) is
looked for past the text's first position from the marks only, as a match
found after a line end opens on that line end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from .patterns import compile_fast
from .segment import YEAR, cn_year

CN_NUM = "〇零一二两三四五六七八九十"
MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
DAY = r"(?:[12]\d|3[01]|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
DELIVERY = compile_fast(rf"({YEAR})年({MONTH})月(?:{DAY})日?\s*在[^。；]{{0,60}}?(?:会议|大会)上")
DELIVERY_REACH = 90
ISO_DATE = compile_fast(r"(?<!\d)((?:19|20)\d\d)[-/.](1[0-2]|0?[1-9])[-/.](?:[12]\d|3[01]|0?[1-9])(?!\d)")
DMY_DATE = compile_fast(r"(?<!\d)([0-3]?\d)\.(1[0-2]|0?[1-9])\.((?:19|20)\d\d)(?!\d)")
CN_DATE = compile_fast(rf"({YEAR})年({MONTH})月(?:{DAY})日")
DATELINE_LABEL = compile_fast(r"发布时间|发布日期|日期|时间|发布|作者|来源|稿件来源|浏览|版次")
DATELINE_LINES = 8           # a dateline stands in the first lines of a unit or its file, before its first sentence
DATELINE_MAX_LINE = 90       # on a short line (a long one is a sentence that happens to start with a date)
PAGE_STAMP = compile_fast(r"更新|修改于|截止时间")   # when a page was last edited says nothing of the report
# The month of a news item: its wire line (1月13日电), or the day its first lines open on (1月13日下午，…).
# The time a news item's counts were taken (截至2023年2月12日18时，共收到提案437件): its date.
AS_OF_DATE = compile_fast(rf"(?:截至|截止)(?:到)?({YEAR})年({MONTH})月(?:{DAY})日")
NEWS_MONTH = compile_fast(rf"({MONTH})月(?:{DAY})日(?:电|讯|消息)|(?:^|\n)[ \t]*({MONTH})月(?:{DAY})日(?:上午|下午|晚上|晚|早上)?[,，]")
VOLUME = compile_fast(rf"(?:^|[《·\s])({YEAR})(?:卷|年卷)(?:$|[》\s])|年鉴[·\s(（]*({YEAR})[)）]?》", re.M)
SESSION = compile_fast(rf"(省|自治区|市|州|县|区|旗)?(?:政协|人大)?(?:第)?([{CN_NUM}]+)届(?:人民代表大会|人大|委员会|政协)?"
                       rf"(?:常务委员会)?(?:第)?([{CN_NUM}]+)次(?:全体)?会议")
SESSION_CPPCC = compile_fast(r"政协|政治协商|委员会")
SESSION_SINCE = compile_fast(r"(?:召开|闭幕)?以来")
# 在…会议上 (delivered at) vs. 会议以来 / 确定的 (the account starts from that session)
SESSION_REFERENCED = compile_fast(r"^(?:以来|闭幕以来|确定的|提出的|交办的|期间)")
# What follows 年 in a year that names the report's own plans (2023年是… / 2023年要… / 2023年工作安排).
PLAN_YEAR_REST = compile_fast(r"(?:是|要|将|的?工作(?:的)?(?:总体要求|安排|任务|建议|思路|打算|要点)|"
                              r"(?:主要|重点)?(?:工作)?(?:任务|安排|打算|计划)|可能是|工作总体)")
# 总结2022年重点工作, 回顾2014: the year the text sums up.
SUMMARY_YEAR = compile_fast(rf"(?:总结|回顾)({YEAR})年?(?!以来)")
# A year whose clause says what will be done (2023年区政协要…, 2018年，县人大常委会要…): the year
# the report is written in.
PLAN_CLAUSE_REST = compile_fast(r"[，,]?[^，,。；]{0,8}?(?:(?<![重主需纪必只不])要(?![求点闻素害件案])|将(?![近来])|计划|力争)")
# 2017年主要工作任务, 2023年工作安排: a plan's own name, whatever the text around it.
PLAN_TASKS_REST = compile_fast(r"(?:度)?的?(?:主要|重点)?(?:工作)?(?:任务|安排|打算|要点|思路|总体要求)")
# 市人大常委会2023年的工作 / 政协2022年工作: the year a body's own work is named by.
OWN_YEAR = compile_fast(rf"(?:常委会|政协|人大)({YEAR})年(?:度)?的?(?:主要)?工作(?!要点|计划|安排|思路|任务)")
# A plan word in the sentence a year opens (2020年,自治区人大常委会将制定…): a plan's year.
PLAN_IN_CLAUSE = compile_fast(r"[^。；;]{0,30}?(?:将(?![近来])|(?<![重主需纪必只不])要(?![求点闻素害件案])|拟|计划|力争)")
PLAN_HEADING_WORDS = compile_fast(r"任务|计划|安排|打算|思路|要点|目标|展望")
PLAN_SENTENCE = compile_fast(r"要|将|计划|安排|任务|总体要求|建议|思路|打算|展望|可能是|目标")
COMPARED_REST = compile_fast(r"(?:同期)?(?:增加|减少|增长|下降|提高|多|少)")
YEAR_BEFORE = compile_fast(YEAR)
# A year named only as a horizon or a target says nothing of when the text was written.
NOT_NOW = compile_fast(r"年?(?:远景|前|左右|目标|底前|以前|之前)")
TERM_TEXT = compile_fast(r"过去(?:的)?([五六七八九十两三四\d]{1,2})年(?!度)|([五六七八九十两三四\d]{1,3})年来|本届以来|履职五年|任期内|任期的五年|"
                         r"本届(?:人大|政协)?常委会(?:履职)?以来|本届(?:人大|政协)?(?:一次会议)?以来|届(?:人大|政协)?常委会履职五年|"
                         r"[一二三四五六七八九十]+届(?:人大|政协)?(?:常委会)?(?:以来|期间)|本届(?:人大|政协)?常委会共")
LAST_YEAR_TEXT = compile_fast(r"过去(?:的)?一年|一年来|刚刚过去的一年|去年以来|一年里")
# Words of a review of a period (past year or term): a text using them is an account, not a chronicle.
REVIEW_MARKER = compile_fast(LAST_YEAR_TEXT.pattern + "|" + TERM_TEXT.pattern)
SINCE_LAST_YEAR_MONTH = compile_fast(rf"自?去年({MONTH})月")
# Counts received at (or since) a session: the session's own year (spec: 两会 items, proposals).
SESSION_ACCOUNT = compile_fast(r"(?:(?:会议|全会|大会|两会”?)(?:期间|以来|召开以来|开幕以来)?|(?:截至|截止)[^。；]{0,12}?[时日])"
                               r"[^。；]{0,14}?(?:共)?(?:收到|征集|提交|受理|提出)[^。；]{0,10}?(?:提案|建议|议案)")
# A year that opens the review or its heading (2022年,… / 刚刚过去的2022年 / 回顾2014 / 2023年是…).
OPENING_MARKS = "[。；;!！?？\n,，:：、]"
OPENING_REST = (rf"\s*(?:在|于)?(?:刚刚过去的|过去的|回顾|总结|关于)?\s*({YEAR})年?"
                rf"(?:度)?(?=[,，是全]|的(?:主要)?工作|主要工作|工作回顾|[，,]|\s|$|"
                rf"[^，,。；\d]{{0,6}}?(?:人大常委会|常委会|政协))")
OPENING_YEAR = compile_fast(rf"(?:^|{OPENING_MARKS}){OPENING_REST}", re.M)
# Past a text's first position, a match of OPENING_YEAR opens on a mark (where ^ matches after a line
# end, the match that opens on that \n is found first): this one, opening on a class, is scanned at
# C speed, where the anchor makes the engine try the pattern at every position (_opening_years).
OPENING_YEAR_AFTER_MARK = compile_fast(rf"{OPENING_MARKS}{OPENING_REST}", re.M)
# 1985年至1986年, 1991-1993年, 1980年12月至2003年2月, 自2013年1月1日至2018年12月31日
SPAN_MARKS = "-—–~至到"
OPENING_SPAN = compile_fast(rf"({YEAR})\s*(?:年(?:\d{{1,2}}月(?:\d{{1,2}}日)?)?)?\s*[{SPAN_MARKS}]\s*({YEAR})年")
CLAUSE_OPENERS = "。；;!！?？\n,，:："
SINCE_YEAR = compile_fast(rf"(?<![至到-])({YEAR})年(?:\d{{1,2}}月)?以来")
# The year a term began (2011年1月,昆明市第十三届人大常委会依法选举产生).
TERM_BEGAN = compile_fast(r"选举产生|换届产生|成立")
TERM_START = compile_fast(rf"({YEAR})年(?:{MONTH}月)?(?:{DAY}日)?[^。；]{{0,40}}?$")
TERM_START_REACH = 60
# 截至2017年12月 / 至2017年年底 (a bare 至 only at a clause's start: 2011年至2015年 is a span)
UNTIL_YEAR = compile_fast(rf"(截至|截止到|截止|至)({YEAR})年")
# A year used as the time of a clause's action: at the clause's start, or right after its subject.
CLAUSE_YEAR = compile_fast(rf"(?:(?:^|[。；;!！?？\n,，:：(（])\s*(?:在|于)?|(?<=[会委协大]))({YEAR})年(?:度)?"
                           rf"(?!\d|底|末|以前|前|目标)")
LEAD_REACH = 300            # the opening words of a part without figures
TOP_REACH = 2000            # a file's own preface: its first characters
TERM_REACH = 3000           # a term marker this early in a part with no year of its own makes it a term review
# A count whose clause names its term (第九届市政协共征集提案1594件) is that term's, whatever the text's year.
TERM_SUBJECT = compile_fast(r"第([一二三四五六七八九十]+)届[\u4e00-\u9fff]{0,4}?(?:政协|人大常委会|常委会|委员会|人大)"
                            r"(?:[^次，,。；]{0,4}?)(?:共|累计|先后|期间)")
# 今年 / 去年 in a count's clause: the report's year, the year before it.
RELATIVE_YEAR = compile_fast(r"(?<![至到])(?:今年|去年)(?!以来|\d|[一二三四五六七八九十]{1,2}月)")
# A year that opens a sentence or a chronicle's entry (…。1992年3月22~26日,召开了… / 全委会 1991年3月…).
SENTENCE_YEAR = compile_fast(rf"(?:^|[。；;!！?？\n:：]|(?<=[\u4e00-\u9fff]) |^[\u4e00-\u9fff]{{2,5}}(?=(?:19|20)\d\d年\d{{1,2}}月))"
                             rf"\s*({YEAR})年", re.M)
PROVINCIAL_TERM = compile_fast(r"(?:第)?([" + CN_NUM + r"]+)届(?:人民代表大会|人大)?(?:常务委员会|常委会|委员会|政协)")
FIRST_YEAR = compile_fast(r"开局之年|履职的?第一年|起步之年|开局起步|任期的?第一年")
TERM_YEARS = 5
LATE_MONTH = 10              # a report delivered from October on covers its own year
# Phrases first used in a given year: a text using them was written after it.
ERA_MARKERS = {"二十大": 2022, "五大发展": 2016, "全过程人民民主": 2020, "十四五": 2021, "新时代中国特色社会主义思想": 2018,
               "十九大": 2018, "监察委员会": 2018, "一府一委两院": 2018}
# Local congresses are elected nationwide in step: terms of provincial and prefecture congresses
# end in 2022, 2017, ...; those of county congresses in 2021, 2016, ...
TERM_END_MOD = {"provincial": 2022 % 5, "prefecture": 2022 % 5, "county": 2021 % 5}
# Provincial term numbers: the term that began in 2018 (most provinces: the 13th congress and the
# 12th CPPCC); a province's k-th term began 5 years per term before or after it.
TERM_OF_2018 = {"npc_sc": 13, "cppcc_sc": 12}
TERM_OF_2018_EXCEPTIONS = {
    "npc_sc": {"北京市": 15, "天津市": 17, "上海市": 15, "重庆市": 5, "海南省": 6, "西藏自治区": 11,
               "宁夏回族自治区": 12},
    "cppcc_sc": {"北京市": 13, "天津市": 14, "上海市": 13, "重庆市": 5, "海南省": 7, "西藏自治区": 11,
                 "宁夏回族自治区": 11},
}
SESSIONS_PER_TERM = 5
SESSION_HEAD, SESSION_TAIL = 12, 24   # how far a session's name reaches before and after its 届
# The first year of each nationwide cycle of terms below the provinces (spec: Edge cases / Periods).
TERM_STARTS = {"prefecture": (2003, 2008, 2013, 2018, 2023), "county": (2006, 2011, 2016, 2021)}


@dataclass(frozen=True)
class Period:
    start: int | None
    end: int | None
    inferred: bool
    evidence: str
    kind: str = "annual"      # annual | term | span
    guessed: bool = False     # only a report date or the latest year named gives it: a chronicle's own years win

    @property
    def years(self) -> tuple[int | None, int | None]:
        return (self.start, self.end)


@dataclass(frozen=True)
class ReportDate:
    year: int | None
    month: int | None
    evidence: str

    def covers_own_year(self) -> bool:
        return self.month is not None and self.month >= LATE_MONTH


@dataclass
class Context:
    """What one part of a unit offers as evidence of its period."""
    part: str                 # the review text of the part
    unit: str                 # the whole unit (heading lines, delivery line, plans)
    document: str             # the whole file (datelines at its top, before any unit)
    head: str = ""            # the unit's title / speaker line
    plan: str = ""            # the unit's plan section (never counted, but it dates the report)
    heading_year: int | None = None
    is_term: bool = False     # the part sits under a term-review heading
    is_plan: bool = False     # the unit presents a plan: its period is the plan's year
    level: str | None = None
    province: str | None = None
    body: str = "npc_sc"
    _date: "ReportDate | None | bool" = False     # the report's date, found on first use

    def date(self) -> "ReportDate | None":
        """The report's date (report_date), looked for only when a decision needs it."""
        if self._date is False:
            self._date = report_date(self)
        return self._date

    def report_year(self) -> int | None:
        date = self.date()
        return date.year if date else None


def decide(ctx: Context, first_figure: int | None = None) -> Period:
    """The period of one part of a unit (see the module's precedence).

    `first_figure`: where the part's first counted figure stands (its words before it say which
    period the figures are for).
    """
    if ctx.is_plan and ctx.heading_year:
        return Period(ctx.heading_year, ctx.heading_year, False, f"a plan for {ctx.heading_year}", "annual")
    # the words before the first figure, or the opening words of a part that counts nothing
    lead = ctx.part[:first_figure] if first_figure is not None and first_figure < len(ctx.part) else ctx.part[:LEAD_REACH]
    span = next((m for m in _spans(lead) if _opens_clause(lead, m.start())), None)
    if span and not ctx.is_term:
        a, b = cn_year(span.group(1)), cn_year(span.group(2))
        if a and b and a <= b:
            return Period(a, b, False, f"span written: {span.group(0)}", "span")
    written = _written_year(ctx, lead)
    if ctx.is_term or (not written and (TERM_TEXT.search(lead) or TERM_TEXT.search(ctx.part[:TERM_REACH]))):
        return _term(ctx, lead, ctx.date())
    if written:
        return Period(written[0], written[0], False, written[1], "annual")
    summary = SUMMARY_YEAR.search(ctx.document[:TOP_REACH])
    if summary and cn_year(summary.group(1)):   # the file's preface sums up a year for all its units
        y = cn_year(summary.group(1))
        return Period(y, y, True, f"the file sums up {y}: {summary.group(0)}", "annual")
    date = ctx.date()
    since = SINCE_YEAR.search(lead)
    if since and date and date.year:
        y = cn_year(since.group(1))
        if y and y <= date.year:
            return Period(y, date.year, False, f"{since.group(0)} up to the report ({date.evidence})", "span")
    if date and date.year:
        if (SESSION_ACCOUNT.search(ctx.part) and not LAST_YEAR_TEXT.search(ctx.part)
                and not _since_an_earlier_session(ctx.unit)):
            return Period(date.year, date.year, True,
                          f"counts received at the session of {date.year} ({date.evidence})", "annual")
        last_month = SINCE_LAST_YEAR_MONTH.search(lead)
        if last_month and date.month and date.month >= 4 and _month(last_month.group(1)) >= date.month - 1:
            return Period(date.year - 1, date.year, True, f"{last_month.group(0)}…以来, report {date.evidence}", "span")
        y = date.year if date.covers_own_year() else date.year - 1
        rule = "late-year report covers its own year" if date.covers_own_year() else "the year before the report"
        return Period(y, y, True, f"{rule}: {date.evidence}", "annual", guessed=True)
    first = term_first_year(ctx)
    if first:
        return Period(first[0], first[0], True, first[1], "annual")
    written = _written_year(ctx, ctx.part)      # a year the review writes as its own, further on
    if written:
        return Period(written[0], written[0], True, written[1], "annual", guessed=True)
    session = session_year(ctx, delivered=False)
    if session:
        return Period(session[0], session[0], True, f"the account of the session {session[1]}", "annual")
    named = [y for y in years_named(ctx.unit) if y]
    if named:
        y = max(named)
        return Period(y, y, True, f"latest year the text names: {y}", "annual", guessed=True)
    return Period(None, None, True, "no year written or implied", "annual", guessed=True)


def _since_an_earlier_session(text: str) -> bool:
    """The counts run since a session before the one the text is told at (十届一次会议以来…共收到
    提案550件, told at the 十届二次会议): the year between the two, not the later session's own."""
    named = [(_number(m.group(2)), _number(m.group(3)), bool(SESSION_SINCE.match(text, m.end())))
             for m in _sessions(text)]
    return any(since and any(t == term and later > session for t, later, _ in named)
               for term, session, since in named if term and session)


def _written_year(ctx: Context, lead: str) -> tuple[int, str] | None:
    if ctx.heading_year:
        return ctx.heading_year, f"heading names {ctx.heading_year}"
    summary = SUMMARY_YEAR.search(lead)
    if summary:
        y = cn_year(summary.group(1))
        if y:
            return y, f"the text sums up {y}: {summary.group(0)}"
    own = OWN_YEAR.search(lead)
    if own and cn_year(own.group(1)):
        return cn_year(own.group(1)), f"the committee's work of {own.group(1)}: {own.group(0)}"
    for m in _opening_years(lead):
        y = cn_year(m.group(1))
        after = lead[m.end():m.end() + 12]
        if (y and not PLAN_SENTENCE.match(after.lstrip(",， ")) and not PLAN_HEADING_WORDS.search(after[:8])
                and not PLAN_IN_CLAUSE.match(lead, m.end()) and not re.match(r"\d|[一二三四五六七八九十]{1,2}月", after)):
            return y, f"review opens on {y}: {lead[max(0, m.start(1) - 6):m.end(1) + 1].strip()}"
    return None


def _opening_years(text: str):
    """OPENING_YEAR.finditer(text): its match at the first position, if any, then the matches of
    OPENING_YEAR_AFTER_MARK after it."""
    first = OPENING_YEAR.match(text)
    if first:
        yield first
    yield from OPENING_YEAR_AFTER_MARK.finditer(text, first.end() if first else 0)


def _term(ctx: Context, lead: str, date: ReportDate | None) -> Period:
    m = TERM_TEXT.search(lead) or TERM_TEXT.search(ctx.part[:3000])
    years = TERM_YEARS
    if m and (m.group(1) or m.group(2)):
        n = _number(m.group(1) or m.group(2))
        years = n if n and 2 <= n <= 60 else TERM_YEARS
    marker = m.group(0) if m else "term review"
    until = _until(ctx.part[:TERM_REACH])
    since = SINCE_YEAR.search(lead)
    end, why = None, ""
    if until:
        end, why = cn_year(until.group(2)), f"{until.group(0)}"
    elif date and date.year:
        end = date.year if date.covers_own_year() else date.year - 1
        why = f"{'late-year ' if date.covers_own_year() else ''}report {date.evidence}"
    else:
        title = re.search(rf"({YEAR})年", ctx.head)
        if title:
            end, why = cn_year(title.group(1)), f"title year {title.group(1)}"
        else:
            end = term_end_from_calendar(ctx)
            why = "term calendar" if end else ""
    began = _term_began(ctx.part[:TERM_REACH])
    start = cn_year(since.group(1)) if since else cn_year(began.group(1)) if began else None
    if end is None and start is not None and years:
        end, why = start + years - 1, f"began {start}"
    if end is None:
        return Period(None, None, True, f"{marker}: no year to end it", "term")
    if start is None or start > end:
        start = end - years + 1
    return Period(start, end, True, f"{marker} ({years} years) ending {end}: {why}", "term")


def _spans(text: str):
    """OPENING_SPAN's matches, looked for only where a span's dash or 至/到 stands."""
    return OPENING_SPAN.finditer(text) if any(mark in text for mark in SPAN_MARKS) else iter(())


def _opens_clause(text: str, pos: int) -> bool:
    """A year at pos opens its clause (after punctuation, maybe 在/于 and spaces)."""
    head = text[max(0, pos - 3):pos].rstrip(" \t").removesuffix("在").removesuffix("于").rstrip(" \t")
    return not head or head[-1] in CLAUSE_OPENERS


def _until(text: str) -> re.Match | None:
    """The first 截至/截止/至 Y年 that ends a period (a bare 至 only at a clause's start)."""
    for m in UNTIL_YEAR.finditer(text):
        if m.group(1) != "至" or _opens_clause(text, m.start()):
            return m
    return None


def _term_began(text: str) -> re.Match | None:
    """The year a term began (2011年1月,昆明市第十三届人大常委会依法选举产生)."""
    for m in TERM_BEGAN.finditer(text):
        began = TERM_START.search(text, max(0, m.start() - TERM_START_REACH), m.start())
        if began:
            return began
    return None


def report_date(ctx: Context) -> ReportDate | None:
    """When the unit's report was delivered or published, from the best evidence it has."""
    for text in (ctx.unit, ctx.document):
        m = _delivery(text)
        if m:
            return ReportDate(cn_year(m.group(1)), _month(m.group(2)),
                              f"delivered {m.group(0)[:m.group(0).find('在')]}")
    for text in (ctx.unit, ctx.document):
        found = _dateline(text)
        if found:
            return found
    as_of = AS_OF_DATE.search(ctx.unit[:LEAD_REACH * 2])
    if as_of and cn_year(as_of.group(1)):
        return ReportDate(cn_year(as_of.group(1)), _month(as_of.group(2)), f"as of {as_of.group(0)[2:]}")
    month = NEWS_MONTH.search(ctx.unit[:600]) or NEWS_MONTH.search(ctx.document[:600])
    news_month = _month(month.group(1) or month.group(2)) if month else None
    session = session_year(ctx, delivered=True, month=news_month, levels=("provincial",))
    if session:
        return ReportDate(session[0], news_month, session[1])
    volume = VOLUME.search(ctx.document[:300])
    if volume:
        y = cn_year(volume.group(1) or volume.group(2))
        return ReportDate(y, None, f"yearbook volume {y}")
    # a plan section is for the report's own year: the latest year it names
    plan = [max(years_named(ctx.plan), default=0)] if ctx.plan else []
    plan += [y for pos, y in _years_followed_by(ctx.part, PLAN_YEAR_REST) if y > max(_past_years(ctx.part, pos), default=9999)]
    plan += [y for _, y in _years_followed_by(ctx.unit, PLAN_TASKS_REST)]
    plan += [y for pos, y in _years_followed_by(ctx.unit, PLAN_CLAUSE_REST)
             if _at_clause_start(ctx.unit, pos) and y > max(_past_years(ctx.unit, pos), default=0)]
    plan = [y for y in plan if y]
    if plan:
        return ReportDate(max(plan), news_month, f"plan for {max(plan)}")
    compared = [y for pos, y in _years_followed_by(ctx.unit, COMPARED_REST) if ctx.unit[pos - 1:pos] == "比"]
    if compared:
        return ReportDate(max(compared) + 1, news_month, f"compares with {max(compared)} (比{max(compared)}年)")
    # a prefecture's or county's term may open a year off the calendar: its sessions come last
    session = session_year(ctx, delivered=True, month=news_month, levels=("prefecture", "county", None))
    if session:
        return ReportDate(session[0], news_month, session[1])
    return None


def _delivery(text: str) -> re.Match | None:
    """The first delivery line (2019年2月16日在…会议上), found from each 会议上/大会上."""
    ends = sorted(_ends_of(text, "会议上") + _ends_of(text, "大会上"))
    for end in ends:
        m = DELIVERY.search(text, max(0, end - DELIVERY_REACH), end)
        if m:
            return m
    return None


def _ends_of(text: str, word: str) -> list[int]:
    out, pos = [], text.find(word)
    while pos >= 0:
        out.append(pos + len(word))
        pos = text.find(word, pos + 1)
    return out


@lru_cache(maxsize=64)
def _year_words(text: str) -> list[tuple[int, int, int]]:
    """(start, end, year) of every year written as such (2022年, 二〇二二年): found from each 年."""
    out = []
    pos = text.find("年")
    while pos >= 0:
        m = YEAR_BEFORE.match(text, max(0, pos - 4), pos)
        if m and m.end() == pos:
            y = cn_year(m.group(0))
            if y:
                out.append((m.start(), pos + 1, y))
        pos = text.find("年", pos + 1)
    return out


def _years_followed_by(text: str, rest: re.Pattern) -> list[tuple[int, int]]:
    """(start, year) of the years in text whose words after 年 match `rest`."""
    return [(start, y) for start, end, y in _year_words(text) if rest.match(text, end)]


def _past_years(text: str, pos: int) -> list[int]:
    """Years named before pos, horizons and targets left out."""
    return [y for start, end, y in _year_words(text) if end <= pos and _names_a_time(text, start, end)]


def _at_clause_start(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] in "。；;,，:：\n"


def _dateline(text: str) -> ReportDate | None:
    lines = [line for line in text.split("\n", 40)[:40] if line.strip()][:DATELINE_LINES]
    for line in lines:
        if "。" in line:
            break     # the text has begun: a date below its first sentence is not the report's
        if len(line) > DATELINE_MAX_LINE or PAGE_STAMP.search(line):
            continue
        for rx, year_group, month_group in ((ISO_DATE, 1, 2), (DMY_DATE, 3, 2), (CN_DATE, 1, 2)):
            m = rx.search(line)
            if m and (rx is not CN_DATE or DATELINE_LABEL.search(line) or len(line.strip()) <= 16):
                return ReportDate(cn_year(m.group(year_group)), _month(m.group(month_group)),
                                  f"dated {m.group(0)}")
    return None


def session_year(ctx: Context, delivered: bool, month: int | None = None,
                 levels: tuple[str | None, ...] | None = None) -> tuple[int, str] | None:
    """The year a session named in the unit was held, by the nationwide term calendar.

    delivered=True: only a session the report is delivered at (在…会议上 / 开幕); else a session
    the account starts from (…会议以来, …会议确定的). A provincial session is dated by its term's
    number; a prefecture's or county's only where the era the text speaks of picks one cycle.
    `levels`: only sessions of these levels.
    """
    text = ctx.unit
    if "届" not in text:
        return None
    for m in _sessions(text):
        term, session = _number(m.group(2)), _number(m.group(3))
        if not term or not session or session > SESSIONS_PER_TERM:
            continue
        referenced = bool(SESSION_REFERENCED.match(text[m.end():m.end() + 6]))
        if delivered == referenced:
            continue
        level = _session_level(m.group(1), text, m.start(), ctx)
        if levels is not None and level not in levels:
            continue
        if level == "provincial":
            window = text[max(0, m.start() - 12):m.end()]
            kind = "cppcc_sc" if SESSION_CPPCC.search(window) and "人大" not in window and "人民代表大会" not in window else "npc_sc"
            first = TERM_OF_2018_EXCEPTIONS[kind].get(ctx.province or "", TERM_OF_2018[kind])
            year = 2018 + (term - first) * 5 + session - 1
        else:
            year = _cycle_year(level, session, era_floor(text), month)
        if year:
            return year, f"{m.group(0)} → held {year} (term calendar)"
    return None


def _sessions(text: str):
    """SESSION matches, found from each 届 (a regex scan from every position is slow on long units)."""
    pos = text.find("届")
    while pos >= 0:
        lo, hi = max(0, pos - SESSION_HEAD), pos + SESSION_TAIL
        m = SESSION.search(text, lo, hi) if text.find("次", lo, hi) >= 0 else None   # (every session's 次会议)
        if m and m.start(2) <= pos:
            yield m
        pos = text.find("届", pos + 1)


def _session_level(level_word: str | None, text: str, pos: int, ctx: Context) -> str | None:
    if level_word in ("省", "自治区"):
        return "provincial"
    if level_word is None:
        return "provincial" if ctx.level == "provincial" and _provincial_prefix(text, pos, ctx.province) else ctx.level
    if level_word in ("市", "州"):
        return "prefecture" if ctx.level != "county" else "county"
    return "county"


def _cycle_year(level: str | None, session: int, floor: int | None, month: int | None) -> int | None:
    """A lower level's session year: the first cycle whose session falls in the era the text names."""
    if floor is None or level not in TERM_STARTS:
        return None
    for start in TERM_STARTS[level]:
        if level == "county":   # county terms open late in one year or early in the next
            if month is None:
                return None
            start += 0 if month >= LATE_MONTH else 1
        year = start + session - 1
        if year >= floor:
            return year
    return None


def _provincial_prefix(text: str, pos: int, province: str | None) -> bool:
    """A session written after the province's name (辽宁省第十三届…, 西藏自治区十二届…)."""
    if not province:
        return False
    before = text[max(0, pos - len(province) - 2):pos]
    return province in before or province[:2] in before[-4:]


@dataclass(frozen=True)
class ClauseYear:
    """A year or span written in a sentence, for the counts after it."""
    start: int
    end: int
    first: int | None
    last: int | None
    evidence: str


def clause_years(text: str, lo: int, hi: int, report_year: Callable[[], int | None]) -> list[ClauseYear]:
    """Every year, span or 今年/去年 written in text[lo:hi] as the time of what follows it, in order;
    and a term named as its subject (第九届市政协共…) as an unknown period. `report_year()` ends
    a span written as 2016年以来 and says which year 今年 is."""
    if "年" not in text[lo:hi] and "届" not in text[lo:hi]:
        return []
    window = text[lo:hi]
    out = []
    for m in _spans(window):
        a, b = cn_year(m.group(1)), cn_year(m.group(2))
        if a and b and a <= b:
            out.append(ClauseYear(lo + m.start(), lo + m.end(), a, b, m.group(0)))
    for m in SINCE_YEAR.finditer(window):
        y, now = cn_year(m.group(1)), report_year()
        if y and now and y <= now:
            out.append(ClauseYear(lo + m.start(), lo + m.end(), y, now, m.group(0)))
    for m in RELATIVE_YEAR.finditer(window):
        now = report_year()
        if now:
            y = now - (1 if m.group(0).startswith("去") else 0)
            out.append(ClauseYear(lo + m.start(), lo + m.end(), y, y, f"{m.group(0)} = {y}"))
    spans = [(c.start, c.end) for c in out]
    for m in CLAUSE_YEAR.finditer(window):
        y = cn_year(m.group(1))
        inside_span = any(a <= lo + m.start(1) < b for a, b in spans)   # 2004年 of 2004年~2010年
        if y and not inside_span and not UNTIL_YEAR.search(window, max(0, m.start(1) - 4), m.end()):
            out.append(ClauseYear(lo + m.start(), lo + m.end(), y, y, m.group(0).strip(",，。；; ")))
    for m in TERM_SUBJECT.finditer(window):
        out.append(ClauseYear(lo + m.start(), lo + m.end(), None, None,
                              f"{m.group(0)[:-1]}: the term's years are not written"))
    return sorted(out, key=lambda c: c.start)


def clause_period(years: list[ClauseYear], pos: int) -> tuple[int | None, int | None, str] | None:
    """The period written for the count at `pos`: the last year or span before it in its sentence
    (a term's ordinal only where no year is written)."""
    before = [c for c in years if c.end <= pos]
    dated = [c for c in before if c.first is not None]
    chosen = dated[-1] if dated else before[-1] if before else None
    return (chosen.first, chosen.last, chosen.evidence) if chosen else None


def sentence_years(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(position, year) of sentences in text[lo:hi] that open on a past year (a chronicle's entries)."""
    out = []
    for m in SENTENCE_YEAR.finditer(text[lo:hi]):
        y = cn_year(m.group(1))
        rest = text[lo + m.end():lo + m.end() + 40]
        sentence = rest.split("。")[0]
        if y and not re.match(r"(?:是|将|要)", rest) and not re.search(r"将|计划|拟", sentence[:12]):
            out.append((lo + m.start(1), y))
    return out


def years_named(text: str) -> list[int]:
    """Years the text names as times (not as horizons or targets: 2035年远景, 到2025年)."""
    return [y for start, end, y in _year_words(text) if 1949 <= y <= 2100 and _names_a_time(text, start, end)]


def _names_a_time(text: str, start: int, end: int) -> bool:
    # 到2025年 / 至2025年 name a horizon; 截至2026年1月20日 ("as of") names a time
    return not NOT_NOW.match(text, end - 1) and (text[start - 1:start] not in ("到", "至")
                                                 or text[start - 2:start] == "截至")


def era_floor(text: str) -> int | None:
    floors = [y for marker, y in ERA_MARKERS.items() if marker in text]
    return max(floors) if floors else None


def term_first_year(ctx: Context) -> tuple[int, str] | None:
    """开局之年,省十四届人大常委会…: the first year of a provincial term, by its number."""
    if ctx.level != "provincial" or not ctx.province or not FIRST_YEAR.search(ctx.part[:TERM_REACH]):
        return None
    m = PROVINCIAL_TERM.search(ctx.unit[:TERM_REACH])
    term = _number(m.group(1)) if m else None
    if not term:
        return None
    first = TERM_OF_2018_EXCEPTIONS[ctx.body].get(ctx.province, TERM_OF_2018[ctx.body])
    year = 2018 + (term - first) * 5
    return year, f"the first year of the {m.group(0)} → {year} (term calendar)"


def term_end_from_calendar(ctx: Context) -> int | None:
    """The end of an undated term review: its provincial term's number, else the era it speaks of."""
    if ctx.level == "provincial" and ctx.province:
        m = PROVINCIAL_TERM.search(ctx.unit[:2000])
        term = _number(m.group(1)) if m else None
        if term:
            first = TERM_OF_2018_EXCEPTIONS[ctx.body].get(ctx.province, TERM_OF_2018[ctx.body])
            return 2018 + (term - first) * 5 + 4
    floor = era_floor(ctx.unit)
    if floor is None:
        return None
    mod = TERM_END_MOD.get(ctx.level or "prefecture", 2)
    end = floor
    while end % 5 != mod:
        end += 1
    return end


def _number(s: str) -> int | None:
    from .numerals import to_int
    if s.isdigit():
        return int(s)
    return to_int(s.replace("两", "二")) if s else None


def _month(s: str) -> int | None:
    n = _number(s)
    return n if n and 1 <= n <= 12 else None
