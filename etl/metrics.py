"""The metric catalogue of spec/metrics.md as rules, and reading figures out of a unit's text.

Whose act a count is:
- Each count (numerals.find_counts) goes to at most one metric: the one whose
  trigger words stand nearest to it, on its left (召开常委会会议5次) or right
  after it (18次主任会议, 2098件建议). A rule can require words elsewhere in
  the sentence (听取/审议 for a report count) and be vetoed by words in the
  count's own list item (a plan, a Party meeting).
- A clause whose subject is another body is not the unit's: the national
  congress, a higher or lower level's congress (relative to the unit's own
  level: 省人大 is a province's own), the government and courts (“一府两院”
  和各镇人大组织宪法宣誓…), deputies' groups. In a unit of two bodies (两会)
  each count belongs to the body its sentence names (etl/bodies.py).
- Counts of one meeting (本次会议听取和审议了3项报告, 会议通过了14名…) are not a
  period's account; proposals and suggestions received at a session are.
- Plans and targets (拟, 将, 计划, 安排听取…, 今年要) are never counted.
- A count of a list of activities that includes fact-finding (开展执法检查、
  专题询问、视察4次) is `surveys`, combined with the others.

Which figure a unit takes per metric (`choose_figures`):
- a figure in a summary sentence (one that gives several metrics) beats the
  same metric told again in the detail;
- a figure of the metric alone beats a count that pools it with others
  (制定、修改、废止…72件次, 其中新制定21件 → 21);
- a stated total (合计, 共, 全年) beats a figure without one;
- parts listed side by side with no total are summed (专项工作报告14项, 计划
  预算报告7项 → 21), and regulations only named are enumerated.

Reading a count costs only what may decide it: a count is read only where
one pattern of every trigger that may take it (TRIGGERS) matches by it, a
rule's trigger on the right only where that pattern's right side matched
(no alternative matches where all of them together do not), a rule's trigger
on either side only where a character that trigger must hold stands in that
side's window (etl/patterns.py), and a sentence's clause marks are found when a count of
that sentence first asks for its clause. Every pattern is compiled with
patterns.compile_fast: the same matches, found without trying a pattern at
positions where no match can begin.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Callable, NamedTuple

from . import bodies
from .numerals import COUNT as COUNT_PATTERN, Count, find_counts
from .patterns import Chars, char_positions, compile_fast, required_chars
from .periods import ClauseYear, clause_period, clause_years

SENTENCE_END = "。；;！!？?\n"
CLAUSE_ONLY_MARKS = "，,：:"       # the marks that end a clause and not its sentence
HEAVY_END = "。！!？?\n"
LIGHT_END = "".join(ch for ch in SENTENCE_END if ch not in HEAVY_END)
# Words between a trigger and a number that show the number counts something else.
GAP_VETO = compile_fast(r"提出|形成|发现|解决|收集|涉及|推动|督促|帮助|整改|交办|转办|覆盖|惠及|协调|走访|接待")
# After a count whose trigger stands on its left, a new noun means it counts that noun instead
# (调研51个重大项目): only punctuation or these may follow.
AFTER_LEFT_OK = set("和及与并均全已共都其分先次、,，。；;：:（(）)“”…\n") | set("0123456789")
CLAUSE_MARK = compile_fast("[，,。；;]")
SENTENCE_MARK = compile_fast("[。；;]")
COMMA = compile_fast("[,，]")
LEFT_REACH = 40      # characters a trigger may stand before its number
RIGHT_REACH = 24
LIST_REACH = 30      # a list of named items may stand between a trigger and its count (…等11部)

# A clause with these words speaks of plans.
# (计划安排的报告 names a plan as a report's subject: not the text's own plan)
PLAN = compile_fast(r"拟|计划(?:[在于将对要]|开展|安排(?!的)|召开|组织)|下一步|接下来|今后|明年|今年要|要完成|"
                    r"安排(?:听取|审议|开展|组织|召开|立法|视察|调研|执法|专题)|"
                    r"将(?:继续|进一步|着力|重点|围绕|适时|组织|开展|安排|召开|审议|制定|听取|进行|完成|提请)|力争|预计")
# Subjects that are always another body than a local standing committee.
OTHER_SUBJECT = compile_fast(r"民革|民盟|民建|民进|农工党|致公党|九三学社|台盟|全国人大|上级人大|乡镇人大|乡级人大|县乡人大|县级人大|乡镇人民代表大会|各级|"
                             r"配合|协助|受委托|承接|党派|团体|代表团|全国政协|上级政协|总书记|"
                             r"(?:市|县|区|州|省)委(?:听取|书记|领导)|指导[^，,。；]{0,10}?(?:人大|政协)|"
                             r"由[^，,。；]{0,4}?政府")
# 向/给/为 X: X receives the count (a report sent to it), it does not act.
RECEIVER = compile_fast(r"[向给为]")
RECEIVER_REACH = 3
# A body of some level named as a clause's subject: another body unless the level is the unit's own.
LEVEL_BODY = compile_fast(r"(?:[“\"]?[^，,。；]{0,4}?)(自治区|省|市|州|县|区|旗)(?:人大|政协)")
# A clause that opens on the government, courts or lower bodies (“一府两院”和各镇人大组织宪法宣誓…).
OTHER_OPENING = compile_fast(r"^[“\"']?(?:一府(?:一委)?两院|(?:区|市|县|州|省)?政府(?:和|及|、)|法院|检察院|"
                             r"各(?:镇|乡|乡镇|街道|县|区|市)(?:人大|政府|党委))")
# The plenary congress's own sessions counted (共召开过35次人民代表大会会议，听取、审议报告177个；作出决议…):
# the counts after it, to the end of the sentence, are the plenary's, unless the committee is named again.
PLENARY = "人民代表大会"
PLENARY_COUNTED = compile_fast(rf"\d+次[^，,。；;\d]{{0,4}}?{PLENARY}(?:全体)?会议|{PLENARY}(?:全体)?会议\d+次")
COMMITTEE_NAMED = compile_fast(r"常委会|常务委员会")
# A delegation (to the national congress) named in a sentence: the counts after it are its own.
DELEGATION = compile_fast(r"代表团")
# Counts of Party organs and plenary congress sessions, told beside the committee's own.
OTHER_ACTIVITY = compile_fast(r"党组|(?:市|县|区|州|省)委(?:常委会|全会|会议|请示|汇报)|"
                              r"人民代表大会(?:第.{1,3}次)?会议|代表大会会议|政府常务会议")
# The counts of one meeting: its sentence's subject is the meeting itself.
SINGLE_MEETING = compile_fast(r"\s*(?:[^，,]{0,6}?)(?<!常委会)(?<!主任)(?:本次|此次|这次|该次)?(?:会议|大会|会上)(?!室|期间共|共收到)"
                              r"(?:还|并|先后|共|分别|经过|期间)?[^，,。；]{0,4}?"
                              r"(?:听取|审议|通过|表决|作出|决定|批准|任免|选举|审查|将)")
SESSION_METRICS = {"deputy_bills", "deputy_suggestions", "proposals_submitted", "proposals_filed"}
# The start of a list's later item, up to its noun: a separator and a few words, no verb of its own.
LIST_ITEM = compile_fast(r"[、和及与][^，,。；、\d办提交征收立审督答解采受报]{0,8}")
# Activities a combined count may list; fact-finding among them makes the count `surveys`.
ACTIVITIES = compile_fast(r"执法检查|专题询问|专项视察|专题视察|集中视察|视察|专题调研|调研|调查研究|调查|检查|督查")
FACT_FINDING = compile_fast(r"视察|调研|调查")
DEPUTIES_ACTIVITY = compile_fast(r"代表(?:集体|小组|团)?(?:视察|调研|调查)")


@dataclass
class Rule:
    metric: str
    body: str                          # npc_sc | cppcc_sc | both
    left: str = ""                     # trigger ending shortly before the number
    right: str = ""                    # trigger right after the number
    classifiers: tuple = ("次", "项", "件", "部", "个")
    needs: str = ""                    # must occur in the sentence before the number
    veto: str = ""                     # must not occur in the count's own list item
    combines: str = ""                 # other things a combined count covers
    verb: str = ""                     # for a trigger on the right: a verb that must stand in the left window or the trigger
    sentence_veto: str = ""            # must not occur anywhere in the number's sentence
    clause_veto: str = ""              # must not occur in the number's clause (废止5件…的规范性文件)
    weak: str = ""                     # a trigger this generic ranks below the formal term
    fallback: bool = False             # counted only where the unit has no other figure of the metric
    list_item: bool = False            # a bare noun: only as a later item of a list whose verb stands before it
    left_gap: int = 12

    def __post_init__(self) -> None:
        # compiled once: rule_x is the compiled pattern of x, or None
        for name in ("left", "right", "needs", "veto", "combines", "verb", "sentence_veto", "clause_veto", "weak"):
            pattern = getattr(self, name)
            setattr(self, name + "_rx", compile_fast(pattern) if pattern else None)
        # the characters one of which each trigger holds (empty: no trigger; None: any text may hold
        # one): a window with none of them holds no trigger, and the rule need not be tried there
        self.left_chars = required_chars(self.left) if self.left else frozenset()
        self.right_chars = required_chars(self.right) if self.right else frozenset()


LAW = r"(?<!办)(?<!立)法规(?!划|定)|条例|法规案"
RULES = [
    # --- 人大常委会 ---
    Rule("sessions", "npc_sc",
         left=r"常委会共?(?:召开|举行)(?:了)?会议|(?:常委会|常务委员会|常委)(?:全体)?会议|(?<![主任党组])常委会(?=$)",
         right=r"(?:市|县|区|州)?(?:人大)?(?:常委会|常务委员会)(?:全体)?(?:会议|(?=[,，、;；。]))",
         classifiers=("次",), veto=r"主任会议|党组|列席|市委|县委|区委|旁听", left_gap=4),
    # 常委会…举行了5次会议 / 共举行了7次全体会议: the committee as the subject of the clause
    Rule("sessions", "npc_sc", right=r"(?:全体)?会议(?!室|纪要|精神)", classifiers=("次",),
         needs=r"(?:人大)?常委会|常务委员会", verb=r"召开|举行",
         veto=r"主任|党组|列席|市委|县委|区委|旁听|代表大会|人民代表|座谈|工作会议|推进会|培训", left_gap=4),
    Rule("chair_meetings", "npc_sc", left=r"主任会议|主任会(?=$)", right=r"(?:常委会)?主任会议",
         classifiers=("次",), veto=r"党组|列席", left_gap=4),
    Rule("laws_enacted", "npc_sc",
         left=r"(?:制定|出台|颁行|颁布|审议通过|通过|立法)[^，,。；]{0,25}?(?:" + LAW + ")",
         right=r"(?:务实管用的?|新的?)?(?:地方性)?(?:法规|条例)",
         classifiers=("部", "件", "个", "项"), needs=r"制定|出台|颁行|颁布|通过", verb=r"制定|出台|颁行|颁布|通过",
         veto=r"一审|二审|三审|初审|草案|立法规划|立法计划|立法项目|立法调研|批准|审查批准|论证|储备|修改、废止|发布会|宣传|解读|培训|清理|现行有效|现行|问题的决定",
         combines=r"修订|修改|修正|法规性决定|有关法规的决定", left_gap=6),
    # 审议地方性法规草案8项,通过4项: the verb alone, its object named earlier in the sentence
    Rule("laws_enacted", "npc_sc", left=r"(?:审议)?通过", classifiers=("部", "件", "项"),
         needs=r"法规(?:草案|案)", veto=r"草案|批准|决定|决议|议案|报告", left_gap=0),
    # 共完成立法项目18件: legislative projects completed (a project may be an amendment: combined)
    Rule("laws_enacted", "npc_sc", left=r"完成(?:了)?[^，,。；]{0,4}立法项目", classifiers=("件", "项", "个"),
         veto=r"计划|拟|安排", combines=r"立法项目", left_gap=2),
    # …地方性法规72件次,其中新制定21件: the verb alone after the regulations were named
    Rule("laws_enacted", "npc_sc", left=r"(?:新)?制定|出台", classifiers=("部", "件"),
         needs=LAW, veto=r"草案|批准|规章|办法|制度|方案|意见|规划|计划", left_gap=0),
    Rule("laws_amended", "npc_sc",
         left=r"(?:修改|修订|修正)(?:[^，,。；]{0,20}?(?:" + LAW + "))?",
         right=r"(?:现行(?:有效)?的?)?(?:地方性)?(?:法规|条例)?(?:的部分条款)?(?:进行|作)?了?"
               r"(?:技术性|打包|集中|一揽子)?(?:修改|修订|修正)|(?:地方性)?(?:法规|条例)",
         classifiers=("部", "件", "件次", "个", "项", "次"), needs=LAW, verb=r"修改|修订|修正", clause_veto=r"规章|规范性文件",
         veto=r"规章制度|制度|议事规则|工作规则|规程|办法规定|立法规划|草案|一审|二审|制定|清理", combines=r"废止", left_gap=4),
    Rule("laws_repealed", "npc_sc",
         left=r"废止(?:[^，,。；]{0,20}?(?:" + LAW + r")(?:和(?:有关)?(?:决议|决定)[、和]?(?:决议|决定)?)?)?",
         right=r"(?:地方性)?(?:法规|条例)?(?:予以|作出)?废止|(?:地方性)?(?:法规|条例)", classifiers=("部", "件", "件次", "个", "项", "次"),
         needs=LAW, verb=r"废止", clause_veto=r"规章|规范性文件", veto=r"规章制度|制度|修改、废止|修订、废止|立法规划|清理",
         combines=r"决议|决定", left_gap=4),
    Rule("resolutions", "npc_sc",
         left=r"(?:作出|做出|通过)(?:[^，,。；]{0,12}|[^，,。；《]{0,4}《[^》]{1,40}》[^，,。；]{0,4}|[^，,。；]{0,40}?等)(?:决议|决定)",
         right=r"(?:关于[^，,。；]{0,20})?(?:决议|决定)",
         classifiers=("项", "件", "个", "次", "部"), needs=r"作出|做出|通过",
         veto=r"决定任命|任命|(?<!关于)批准|废止|^(?:(?!重大).)*法规(?:(?!重大).)*$", combines=r"审议意见|审议\(工作\)意见", left_gap=6),
    # 作出决议11项、决定13项: the verb of a list stands before its first item
    Rule("resolutions", "npc_sc", left=r"决议|决定", needs=r"作出|做出", veto=r"任命|批准|废止|法规",
         list_item=True, left_gap=0),
    Rule("reports_reviewed", "npc_sc",
         left=r"(?:报告|工作汇报)(?:和议案|和决算)?",
         right=r"(?:专项)?(?:工作)?报告",
         classifiers=("项", "个", "件", "份", "次"), needs=r"听取|审议", veto=r"调研报告|述职|审议意见|报告工作|专题调研报告|建议|形成|撰写|起草|报送",
         combines=r"议案", left_gap=4),
    Rule("inspections", "npc_sc", left=r"执法检查", right=r"执法检查", classifiers=("次", "项", "件", "个"),
         veto=r"配合|协助|全国人大", left_gap=4),
    # 对5部法律法规开展执法检查: the laws checked (spec: ambiguous, one inspection may cover several)
    Rule("inspections", "npc_sc", right=r"(?:法律法规|法律|法规|条例)[^，,。；]{0,12}?(?:执法)?检查",
         classifiers=("部", "件", "项"), needs=r"对", veto=r"配合|协助|全国人大", left_gap=0),
    Rule("inquiries", "npc_sc", left=r"专题询问(?:和[^，,。；]{0,8}各)?", right=r"专题询问", classifiers=("次", "项", "场", "个"),
         veto=r"部门|单位", left_gap=4),
    Rule("surveys", "both",
         left=r"(?:视察|调研|调查|“?三查(?:\(察\))?”?)(?:调研|视察|研究|检查|考察)?(?:活动)?",
         right=r"(?:集中|专题|专项)?(?:视察|调研|调查研究)(?!报告)",
         classifiers=("次", "项", "个", "场"), veto=r"调研报告|调研组|立法调研|调研课题|课题|任务|在[^，,。；]{1,6}调研|报告|总书记",
         combines=r"执法检查|协商议政会议", left_gap=4),
    Rule("appointments", "npc_sc",
         left=r"(?:任免|选举|任命)(?:[^，,。；]{0,30}?(?:工作人员|干部|人员)|[^，,。；]{0,40}?等[^，,。；]{0,8}?(?:工作人员|干部|人员))?",
         right=r"(?:国家机关)?工作人员",
         classifiers=("人次", "名", "人"), needs=r"任免|任命|选举", veto=r"宣誓|代表(?!大会)|陪审员|列席|培训|述职", left_gap=2),
    Rule("oath_takers", "npc_sc",
         left=r"宪法宣誓(?:\d+次)?|组织宣誓|宣誓", right=r"(?:[^，,。；]{0,12})?(?:进行|参加)?(?:了)?宪法宣誓",
         classifiers=("人次", "名", "人"), needs=r"宣誓", left_gap=2),
    Rule("normative_docs_reviewed", "npc_sc",
         left=r"规范性文件|接收(?:报备)?的?(?:规范性)?文件",
         right=r"(?:[^，,。；]{0,6})?规范性文件",
         classifiers=("件", "个", "份"), needs=r"审查|备案|报备", veto=r"向省人大|向上级|报送省|督促|纠正|清理|撤销|制发|提出|建议|公民", left_gap=4),
    Rule("deputy_bills", "npc_sc", left=r"代表议案|议案", right=r"(?:代表)?议案",
         classifiers=("件", "个"), veto=r"号议案|议案建议|议案和建议|建议和议案|建议、议案", sentence_veto=r"表彰|评选|先进|优秀", left_gap=4),
    Rule("deputy_suggestions", "npc_sc",
         left=r"(?:代表)?建议、批评和意见|代表(?:议案)?(?:意见)?建议|意见建议|建议", right=r"(?:代表)?(?:议案)?(?:意见)?建议(?:、批评和意见)?",
         classifiers=("件",), needs=r"代表|办结|办理|答复|交办|督办|收到|提交|受理",
         veto=r"群众|立法建议|审议意见|人民陪审|网民|市民|网友|热线|信访|来信|重点|不满意|满意|收集",
         sentence_veto=r"表彰|评选|先进|优秀", weak=r"^意见建议",
         combines=r"议案", left_gap=6),
    # --- 政协常委会 ---
    Rule("proposals_submitted", "cppcc_sc", left=r"(?:征集|收到|提交|提出|共收|合计|共计|总计)[^，,。；]{0,6}提案|"
                                                   r"以提案(?:的)?形式(?:提出|提交)(?:了)?(?:意见建议|意见和建议|建议)",
         right=r"提案", classifiers=("件", "个", "份"), needs=r"征集|收到|提交|提出|共收|合计|共计|总计",
         veto=r"立案|办结|督办|重点|向全国政协|向上级政协", left_gap=4),   # 向全国政协提交联名提案40余件: the national CPPCC's
    Rule("proposals_filed", "cppcc_sc", left=r"(?<![不予未])立案(?:提案)?|立提案|提案立案", right=r"(?:提案)?立案|(?:的)?提案",
         classifiers=("件", "个", "份"), verb=r"(?<![不予未])立案", veto=r"不立案|不予立案|未立案", left_gap=4),
    # 共受理代表建议801件、委员提案686件: the verb of a list stands before its first item
    Rule("proposals_filed", "cppcc_sc", left=r"提案", classifiers=("件", "个", "份"), needs=r"受理",
         veto=r"重点|不立案", list_item=True, left_gap=2),
    Rule("proposals_submitted", "cppcc_sc", left=r"提案", classifiers=("件", "个", "份"),
         needs=r"征集|收到|提交|提出|共收", veto=r"立案|办结|督办|重点|办复|答复|采纳|解决", list_item=True, left_gap=2),
    # 办理提案65件: read as the filed proposals only where the text counts no others (spec: CPPCC)
    Rule("proposals_filed", "cppcc_sc", left=r"办理(?:[^，,。；]{0,4})提案", classifiers=("件",),
         veto=r"重点|督办", fallback=True, left_gap=2),
    Rule("consultations", "cppcc_sc", left=r"协商(?:议政)?(?:和[^，,。；]{0,6})?活动|协商议政|协商会",
         right=r"(?:[^，,。；]{0,6})?协商(?:议政)?活动", classifiers=("次", "场", "场次", "项", "个"),
         veto=r"有事来协商|议事|基层|委员工作室|乡镇|街道|村", combines=r"监督|视察", left_gap=4),
    Rule("oversight", "cppcc_sc", left=r"民主监督(?:活动)?", right=r"民主监督", classifiers=("次", "项", "场", "个"),
         veto=r"委员|名", left_gap=4),
    Rule("public_opinion_reports", "cppcc_sc", left=r"社情民意(?:信息)?(?:专报)?》?", right=r"(?:社情民意)(?:信息)?",
         classifiers=("条", "篇", "期", "件", "份"), veto=r"采用|批示|刊发|转为|转作|作为", left_gap=4),
]
# The rules that can take a count of a given body (None: either) and measure word, in catalogue order.
RULES_FOR: dict[tuple[str | None, str], list[Rule]] = {}
for _rule in RULES:
    for _body in (("npc_sc", "cppcc_sc") if _rule.body == "both" else (_rule.body,)) + (None,):
        for _classifier in _rule.classifiers:
            if _rule not in RULES_FOR.setdefault((_body, _classifier), []):
                RULES_FOR[(_body, _classifier)].append(_rule)
# Per body and measure word: the rules, each with the characters one of which each of its triggers
# holds (left, right), and one pattern per side for "some rule's trigger stands here": most counts
# have none, and one search in C rules them out before any rule is tried.
TRIGGERS: dict[str | None, dict[str, tuple[tuple[tuple[Rule, Chars | None, Chars | None], ...],
                                           re.Pattern | None, re.Pattern | None]]] = {}
for (_body, _classifier), _rules in RULES_FOR.items():
    TRIGGERS.setdefault(_body, {})[_classifier] = (
        tuple((r, r.left_chars, r.right_chars) for r in _rules),
        compile_fast("|".join(f"(?:{r.left})" for r in _rules if r.left)) if any(r.left for r in _rules) else None,
        compile_fast("|".join(f"(?:{r.right})" for r in _rules if r.right)) if any(r.right for r in _rules) else None)


@dataclass
class Hit:
    metric: str
    body: str
    count: Count
    evidence_start: int
    combined_with: str | None
    weak: bool = False
    fallback: bool = False
    period: tuple[int, int, str] | None = None   # a year or span written for this count's clause


@dataclass(frozen=True)
class Scope:
    """What deciding a count needs to know of its unit."""
    body: str | None                 # the unit's body; None where both bodies report (两会)
    own_level: str | None = None     # the level word of the unit's place (市, 区, 省, …)
    report_year: Callable[[], int | None] = lambda: None   # the report's year, asked for when a span needs it
    sections: tuple[tuple[int, str], ...] = ()   # section labels naming a body (bodies.section_bodies)


class Bounds:
    """Sentence and clause boundaries of one unit's text. The sentence marks are found once and
    looked up by bisection; a sentence's clause marks (commas, colons) are found when a clause of
    it is first asked for: most sentences of a report hold no count."""

    def __init__(self, text: str, lo: int, hi: int):
        self.text, self.lo, self.hi = text, lo, hi
        self.heavy_marks = char_positions(text, HEAVY_END, lo, hi)
        self.sentence_marks = sorted(self.heavy_marks + char_positions(text, LIGHT_END, lo, hi))
        self._clause_marks: dict[int, list[int]] = {}    # by sentence: its marks and those that end it

    @staticmethod
    def _before(marks: list[int], pos: int, floor: int) -> int:
        i = bisect_left(marks, pos)
        return max(floor, marks[i - 1] + 1) if i else floor

    @staticmethod
    def _after(marks: list[int], pos: int, ceil: int) -> int:
        i = bisect_left(marks, pos)
        return min(ceil, marks[i]) if i < len(marks) else ceil

    def sentence_start(self, pos: int, floor: int) -> int:
        return self._before(self.sentence_marks, pos, floor)

    def sentence_end(self, pos: int, ceil: int) -> int:
        return self._after(self.sentence_marks, pos, ceil)

    def clause(self, pos: int, floor: int, ceil: int) -> tuple[int, int]:
        i = bisect_left(self.sentence_marks, pos)
        marks = self._clause_marks.get(i)
        if marks is None:
            sentences = self.sentence_marks
            opening = sentences[i - 1:i]              # the mark before the sentence, if any
            closing = sentences[i:i + 1]              # and the one that ends it
            first = opening[0] + 1 if opening else self.lo
            last = closing[0] if closing else self.hi
            inner = char_positions(self.text, CLAUSE_ONLY_MARKS, first, last)
            marks = self._clause_marks[i] = opening + inner + closing
        return self._before(marks, pos, floor), self._after(marks, pos, ceil)

    def heavy_start(self, pos: int) -> int:
        """Start of the sentence in the strict sense (。！？ and line ends), for finding summary sentences."""
        return self._before(self.heavy_marks, pos, self.lo)


def read_hits(text: str, bounds: Bounds, scope: Scope) -> list[Hit]:
    """Every count of the unit's text (bounds.lo to bounds.hi) that is a metric of the unit's body.

    A count is read (classify) only where some rule's trigger stands by it: the combined patterns of
    its rules (TRIGGERS) are tried on its windows here, where most counts end."""
    lo, hi, marks = bounds.lo, bounds.hi, bounds.sentence_marks
    counts = find_counts(text, lo, hi)
    triggers = TRIGGERS[scope.body]
    sentences: dict[int, Sentence] = {}
    hits = []
    last = len(counts) - 1
    for k, c in enumerate(counts):
        keyed = triggers.get(c.classifier)
        if keyed is None:
            continue
        rules, any_left, any_right = keyed
        start, end = c.start, c.end
        j = k - 1
        while j >= 0 and counts[j].end == counts[j + 1].start:
            j -= 1  # 宪法宣誓5次39人: a count right after another shares its trigger
        prev_end = counts[j].end if j >= 0 else None
        next_start = counts[k + 1].start if k < last else hi
        right = text[end:min(next_start, end + RIGHT_REACH, hi)]
        # (no rule's right trigger can match where none of them together does)
        right_trigger = bool(any_right and any_right.match(right))
        after_ok = end >= hi or text[end] in AFTER_LEFT_OK
        if not (right_trigger or after_ok and any_left):
            continue
        i = bisect_left(marks, start)
        sent = max(lo, marks[i - 1] + 1) if i else lo      # (Bounds.sentence_start, the bisection inline)
        left_lo = max(sent, lo if prev_end is None else prev_end, start - LEFT_REACH)
        left = text[left_lo:start]
        if right_trigger or any_left.search(left):
            window = Window(c, prev_end, next_start, sent, left_lo, left, right, right_trigger, after_ok)
            hit = classify(text, window, rules, scope, bounds, sentences)
            if hit:
                hits.append(hit)
    return hits


class Window(NamedTuple):
    """A count and the words by it, where its triggers may stand."""
    count: Count
    prev_end: int | None     # the end of the count before it whose trigger it does not share, if any
    next_start: int          # the start of the next count, else the unit's end
    sentence_start: int
    left_lo: int
    left: str                # the words before it, in its sentence, back to the previous count
    right: str               # the words after it, up to the next count
    right_trigger: bool      # some rule's trigger on the right matches there
    after_ok: bool           # what follows it lets a trigger on its left count it (AFTER_LEFT_OK)


@dataclass
class Sentence:
    """What a sentence says once for all its counts: where plans and body names stand in it."""
    start: int
    plan_at: int                 # the first plan word (a count after it is planned), else a large number
    npc_at: list[int]            # where the congress is named
    cppcc_at: list[int]          # where the CPPCC is named
    single_meeting: bool         # its subject is one meeting (会议听取…)
    delegation_at: int           # where a delegation is named (内蒙古代表团…,共提交…): its counts are not the committee's
    years: list[ClauseYear] | None = None   # the years written in it (periods.clause_years), read when a count needs them

    @classmethod
    def read(cls, text: str, start: int, end: int, heavy_start: int) -> "Sentence":
        """heavy_start: where the sentence begins in the strict sense (。): 会议听取…；选举市长1人 is
        still the meeting's."""
        return cls(start, _first(PLAN, text, start, end),
                   [m.end() for m in bodies.NPC_NAME.finditer(text, start, end)],
                   [m.end() for m in bodies.CPPCC_NAME.finditer(text, start, end)],
                   bool(SINGLE_MEETING.match(text, start, end)
                        or heavy_start != start and SINGLE_MEETING.match(text, heavy_start, end)),
                   _first(DELEGATION, text, start, end))

    def owner(self, pos: int) -> str | None:
        """The body named nearest before pos."""
        n, c = bisect_right(self.npc_at, pos), bisect_right(self.cppcc_at, pos)   # names end in order
        if not n and not c:
            return None
        return bodies.NPC if n and (not c or self.npc_at[n - 1] > self.cppcc_at[c - 1]) else bodies.CPPCC


def _first(rx: re.Pattern, text: str, start: int, end: int) -> int:
    """Where rx first matches in text[start:end], else past its end."""
    m = rx.search(text, start, end)
    return m.start() if m else end + 1


def classify(text: str, window: Window, rules: tuple, scope: Scope, bounds: Bounds,
             sentences: dict[int, Sentence]) -> Hit | None:
    """Which metric, if any, a count with a trigger by it belongs to (rules: its rules, as TRIGGERS).

    First the rules whose trigger words stand by the count, then the context that may veto them:
    the sentence's body and plans, the clause, the list item.
    """
    c, prev_end, next_start, sent, left_lo, left, right, right_trigger, after_ok = window
    lo, hi = bounds.lo, bounds.hi
    start, end = c.start, c.end
    triggered = []                  # (distance, rule, evidence start)
    left_chars, right_chars = set(left) if after_ok else (), set(right) if right_trigger else ()
    for rule, need_left, need_right in rules:
        # a window with none of a trigger's characters holds none: that side is not tried
        on_left = after_ok and (need_left is None or not need_left.isdisjoint(left_chars))
        on_right = right_trigger and (need_right is None or not need_right.isdisjoint(right_chars))
        if on_left or on_right:
            found = _trigger(rule, text, left, left_lo, right if on_right else None, c, on_left, prev_end, scope)
            if found:
                triggered.append((found[0], rule, found[1]))
    if not triggered:
        return None
    sentence = sentences.get(sent)
    if sentence is None:
        sentence = sentences[sent] = Sentence.read(text, sent, bounds.sentence_end(start, hi), bounds.heavy_start(start))
    owner = sentence.owner(start) or bodies.body_of_section(scope.sections, start)
    if scope.body and owner and owner != scope.body:
        return None   # its sentence is about the other body
    bodies_allowed = (scope.body,) if scope.body else ((owner,) if owner else (bodies.NPC, bodies.CPPCC))
    # the clause, cut at the neighbouring counts so that their words do not veto this one; its
    # part before the count, from the sentence's start, is the count's subject
    mark_lo, cl_hi = bounds.clause(start, lo, min(hi, next_start, end + RIGHT_REACH))
    cl_lo, subject_lo = mark_lo if prev_end is None else max(mark_lo, prev_end), max(mark_lo, sent)
    list_end = text.find("、", end, cl_hi)
    # the words right after the previous count of this clause are its own (79次党组会议、69次主任会议)
    item_lo = cl_lo
    if prev_end is not None and prev_end >= cl_lo:
        sep = text.find("、", prev_end, start)
        item_lo = sep + 1 if sep >= 0 else cl_lo
    item = text[item_lo:list_end if list_end >= 0 else cl_hi]
    if (sentence.plan_at < start or sentence.delegation_at < start or OTHER_ACTIVITY.search(item)
            or _other_subject(text[subject_lo:start], scope.own_level) or _after_plenary(text, bounds, start)):
        return None
    before = text[sent:start]
    best: tuple[float, Rule, int, str] | None = None   # (distance, rule, evidence start, body)
    for distance, rule, ev_start in triggered:
        body = rule.body if rule.body in bodies_allowed else bodies_allowed[0] if rule.body == "both" else None
        if body is None or (sentence.single_meeting and rule.metric not in SESSION_METRICS):
            continue
        if rule.needs_rx and not rule.needs_rx.search(before + right[:12]):
            continue
        if rule.veto_rx and rule.veto_rx.search(item):
            continue
        if rule.clause_veto_rx and rule.clause_veto_rx.search(text, cl_lo, cl_hi):
            continue
        if rule.sentence_veto_rx and rule.sentence_veto_rx.search(before + text[end:bounds.sentence_end(end, hi)]):
            continue
        if best is None or distance < best[0]:
            best = (distance, rule, ev_start, body)
    if best is None:
        return None
    _, rule, ev_start, body = best
    combined = None
    metric = rule.metric
    trigger_text = text[ev_start:start]
    listed = _activities_listed(text[cl_lo:start]) if metric in ("inspections", "inquiries", "surveys") else None
    if listed:
        metric, combined = "surveys", listed
    elif metric == "surveys" and DEPUTIES_ACTIVITY.search(item):
        return None   # the deputies' own inspections, not pooled with the committee's
    elif rule.combines_rx:
        found_terms = [m.group(0) for m in rule.combines_rx.finditer(trigger_text)]
        combined = "、".join(dict.fromkeys(found_terms)) or None
    weak = bool(rule.weak_rx and rule.weak_rx.search(trigger_text + right[:8]))
    if sentence.years is None:
        sentence.years = clause_years(text, sentence.start, bounds.sentence_end(start, hi), scope.report_year)
    period = clause_period(sentence.years, start)
    return Hit(metric, body, c, min(ev_start, start), combined, weak, rule.fallback, period)


def _trigger(rule: Rule, text: str, left: str, left_lo: int, right: str | None, c: Count, on_left: bool,
             prev_end: int | None, scope: Scope) -> tuple[float, int] | None:
    """(distance, evidence start) of the rule's nearest trigger by the count, if it has one (right:
    the words after the count, None where its trigger on the right cannot match them; on_left:
    whether its trigger on the left may stand before the count and count it)."""
    found = _left_trigger(rule, left, left_lo) if on_left else None
    if found and rule.list_item:
        item = LIST_ITEM.match(text, prev_end, found[1]) if prev_end is not None else None
        if not item or item.end() != found[1]:
            found = None
    rx_right = rule.right_rx if right is not None else None
    if rx_right:
        m = rx_right.match(right)
        words = m.group(0) if m else ""
        if (m and not CLAUSE_MARK.search(words) and not GAP_VETO.search(words)
                and not _names_other_body(words, scope.own_level)):
            verb = rule.verb_rx
            # a longer trigger on the right says more (5部法规作出废止决定 is a repeal, not an amendment)
            distance = m.start() - len(words) / 100
            if (verb is None or verb.search(left) or verb.search(words)) and (found is None or distance < found[0]):
                found = (distance, c.start)
    return found


def _other_subject(subject: str, own_level: str | None) -> bool:
    """The clause before a count opens on another body (its subject), or names an always-other one
    other than as a receiver (向全国政协办公厅…反映1300多篇: the CPPCC's own reports)."""
    if any(not RECEIVER.search(subject, max(0, m.start() - RECEIVER_REACH), m.start()) for m in OTHER_SUBJECT.finditer(subject)):
        return True
    opening = subject.lstrip("，,、 \t\n")
    if opening[:1] in "(（":     # (上接第一版)“一府两院”和各镇人大…: the subject follows the note
        close = max(opening.find(")", 0, 14), opening.find("）", 0, 14))
        opening = opening[close + 1:] if close > 0 else opening
    if OTHER_OPENING.match(opening):
        return True
    m = LEVEL_BODY.match(opening)
    return bool(m) and _other_level(m.group(1), own_level)


def _after_plenary(text: str, bounds: Bounds, pos: int) -> bool:
    """The count follows, in its sentence (to 。), a count of the plenary congress's sessions."""
    start, m = bounds.heavy_start(pos), None
    if text.find(PLENARY, start, pos) < 0:
        return False      # (every such count names the congress: looked for before the pattern)
    for m in PLENARY_COUNTED.finditer(text, start, pos):
        pass
    return bool(m) and not COMMITTEE_NAMED.search(text, m.end(), pos)


def _names_other_body(words: str, own_level: str | None) -> bool:
    """Trigger words that name another body (15次在省政协重要协商活动中建言)."""
    return bool(OTHER_SUBJECT.search(words)) or any(_other_level(m.group(1), own_level) for m in LEVEL_BODY.finditer(words))


def _other_level(level_word: str, own_level: str | None) -> bool:
    return level_word != own_level if own_level else level_word in ("省", "自治区")


def _activities_listed(clause_text: str) -> str | None:
    """The other activities a combined count pools with fact-finding (开展执法检查、专题询问、视察4次)."""
    names = [m.group(0) for m in ACTIVITIES.finditer(clause_text)]
    if len(set(names)) < 2 or not any(FACT_FINDING.search(n) for n in names) or "、" not in clause_text:
        return None
    others = [n for n in dict.fromkeys(names) if not FACT_FINDING.search(n)]
    return "、".join(others) or None


def _left_trigger(rule: Rule, left: str, left_lo: int) -> tuple[float, int] | None:
    """(distance, start) of the rule's trigger ending shortly before the number."""
    lx = rule.left_rx
    if lx is None:
        return None
    m = None
    for m in lx.finditer(left):
        pass          # the last: the trigger nearest the number
    if m is None:
        return None
    gap = left[m.end():]
    if GAP_VETO.search(gap) or SENTENCE_MARK.search(gap):
        return None
    if len(gap) <= rule.left_gap and (len(gap) <= 3 or not COMMA.search(gap)):
        return (len(gap) + 0.5, left_lo + m.start())
    # a list of named items may stand between the trigger and the count (制定A条例、B条例等11部)
    if rule.left_gap and len(gap) <= LIST_REACH and gap.endswith("等") and not COMMA.search(gap):
        return (len(gap) + 0.5, left_lo + m.start())
    return None


SUMMARY_METRICS = 3
# Words that mark a figure as the period's total rather than a part of it: a sum, then a total.
SUM_WORDS = compile_fast(r"合计|总计|共计")
TOTAL = compile_fast(r"全年|共|累计|本届以来|五年来|一年来|全部")
TOTAL_AFTER = compile_fast(r"全部|均已|均")
PART_WORDS = compile_fast(r"其中|包括")
NOT_PARALLEL = compile_fast(r"[。；;\n(（]|\d|其中|共|合计|总计|包括")


def choose_figures(text: str, hits: list[Hit], bounds: Bounds) -> dict[str, dict]:
    """One figure per metric from the hits of one unit (see the module's principles)."""
    formal = {h.metric for h in hits if not h.fallback}
    hits = [h for h in hits if not h.fallback or h.metric not in formal and not _has_proposals(formal)]
    groups = _group_parts(text, hits)
    density: dict[int, set[str]] = {}
    for g in groups:
        density.setdefault(bounds.heavy_start(g[0].count.start), set()).add(g[0].metric)

    def rank(g: list[Hit]) -> tuple:
        key = bounds.heavy_start(g[0].count.start)
        summary = len(density[key]) >= SUMMARY_METRICS
        before = text[key:g[0].count.start]
        clause_lo, _ = bounds.clause(g[0].evidence_start, key, g[0].count.start)
        total = (0 if SUM_WORDS.search(text, clause_lo, g[0].count.start)
                 else 1 if TOTAL.search(before) or TOTAL_AFTER.match(text, g[-1].count.end) else 2)
        part = bool(PART_WORDS.search(text, clause_lo, g[0].count.start))
        return (0 if summary else 1, g[0].weak, g[0].combined_with is not None and not part, total, part,
                g[0].count.start)

    chosen: dict[str, dict] = {}
    for group in sorted(groups, key=rank):
        metric = group[0].metric
        if metric in chosen:
            continue
        first, last = group[0], group[-1]
        value = sum(h.count.value for h in group)
        qualifier = "at_least" if any(h.count.qualifier == "at_least" for h in group) else first.count.qualifier
        entry = {"value": value, "qualifier": qualifier, "how": "summed" if len(group) > 1 else "stated",
                 "evidence": text[first.evidence_start:last.count.end],
                 "start": first.evidence_start, "end": last.count.end}
        if first.combined_with:
            entry["combined_with"] = first.combined_with
        chosen[metric] = entry
    return chosen


def _has_proposals(metrics: set[str]) -> bool:
    return bool(metrics & {"proposals_submitted", "proposals_filed"})


def _group_parts(text: str, hits: list[Hit]) -> list[list[Hit]]:
    """Consecutive hits of one metric listed in one sentence as parallel items form one summed group.

    Items are parallel where nothing but their own words stands between them: no total or part
    word (其中, 共, 合计), no parenthesis (a breakdown of the figure before), no other number (a rate).
    """
    groups: list[list[Hit]] = []
    for h in hits:
        if groups:
            prev = groups[-1][-1]
            between = (COUNT_PATTERN.sub("", text[prev.count.end:h.count.start])
                       if prev.metric == h.metric and prev.body == h.body else None)
            if between is not None and len(between) <= 40 and not NOT_PARALLEL.search(between):
                groups[-1].append(h)
                continue
        groups.append([h])
    return groups


TITLE = compile_fast(r"《((?!关于)[^《》]{2,40}?(?:条例|规定))》(?!配套|实施细则|实施方案|实施情况|贯彻)")
ENACT_VERB = compile_fast(r"(?:制定|出台|颁布|颁行|审议通过|通过)(?:出台|实施)?$")
AMEND_VERB = compile_fast(r"(?:修改|修订|修正)$")
REPEAL_VERB = compile_fast(r"废止$")
NOT_DONE = compile_fast(r"启动|论证|起草|调研|一审|二审|三审|初审|草案|立项|计划|拟|列入|评估|征求|审查批准|批准|项目")
NOT_LOCAL_LAW = compile_fast(r"常委会|议事规则|工作规程|工作规定|工作规则|工作制度|联系点|中华人民共和国|人民代表大会")


def enumerate_laws(text: str, bounds: Bounds) -> dict[str, dict]:
    """laws_* counted from regulations named after a verb (制定《A》《B》 → 2), where no count is stated."""
    lo, hi = bounds.lo, bounds.hi
    titles: dict[str, dict[str, tuple[int, int]]] = {"laws_enacted": {}, "laws_amended": {}, "laws_repealed": {}}
    for m in TITLE.finditer(text, lo, hi):
        # walk back over a chain of titles (《A》《B》, 《A》、《B》, 《A》和《B》) to the verb
        i = m.start()
        while True:
            j = i
            while j > lo and text[j - 1] in "、和及与":
                j -= 1
            if j > lo and text[j - 1] == "》":
                k = text.rfind("《", lo, j - 1)
                if k >= 0:
                    i = k
                    continue
            break
        head = text[max(lo, i - 8):i]
        clause_lo, clause_hi = bounds.clause(m.start(), lo, hi)
        clause = text[clause_lo:clause_hi]
        if NOT_DONE.search(clause) or NOT_LOCAL_LAW.search(m.group(1)) or PLAN.search(clause):
            continue
        for metric, verb in (("laws_enacted", ENACT_VERB), ("laws_amended", AMEND_VERB), ("laws_repealed", REPEAL_VERB)):
            vm = verb.search(head)
            if vm:
                titles[metric].setdefault(m.group(1), (i - len(head) + vm.start(), m.end()))
                break
    out = {}
    for metric, named in titles.items():
        if named:
            spans = sorted(named.values())
            start, end = spans[0][0], max(e for _, e in spans)
            out[metric] = {"value": len(named), "qualifier": "exact", "how": "enumerated",
                           "evidence": text[start:end], "start": start, "end": end}
    return out
