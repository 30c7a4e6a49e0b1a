"""Whose act a count is and which figure a unit takes (etl/metrics.py), each by a short text written here."""
import pytest

from etl.extract import extract_document
from etl.reading import Document, normalise


def figures(text, name="信阳市人大常委会工作报告.txt"):
    out = {}
    for u in extract_document(Document(name, normalise(text), "utf-8", "", len(text))):
        for k, m in u["metrics"].items():
            out[k] = m
    return out


def values(text, name="信阳市人大常委会工作报告.txt"):
    return {k: m["value"] for k, m in figures(text, name).items()}


def test_a_combined_list_with_fact_finding_is_surveys():
    got = figures("一年来，市人大常委会开展执法检查、专题询问、视察调研12次。")
    assert got["surveys"]["value"] == 12
    assert got["surveys"]["combined_with"] == "执法检查、专题询问"
    assert "inspections" not in got and "inquiries" not in got


def test_a_lists_verb_reaches_its_later_items():
    assert values("一年来，市人大常委会作出决议8项、决定5项。") == {"resolutions": 13}


def test_parallel_parts_are_summed_and_a_rate_breaks_the_list():
    got = figures("一年来，市人大常委会听取审议专项工作报告14项，听取审议计划、预算执行等报告6项。")
    assert (got["reports_reviewed"]["value"], got["reports_reviewed"]["how"]) == (20, "summed")
    assert values("一年来，常委会办结代表建议300件，办结率98.5%，公开建议答复200件。")["deputy_suggestions"] == 300


def test_a_parenthesis_is_a_breakdown_not_a_second_part():
    assert values("一年来，任免国家机关工作人员120人次(任命80人次，免职40人次)。")["appointments"] == 120


def test_a_stated_sum_beats_its_parts():
    got = values("会议共收到委员提案300件，各民主党派和人民团体提案100件，合计提案420件。", name="信阳市政协.txt")
    assert got["proposals_submitted"] == 420


def test_a_figure_of_the_metric_alone_beats_a_pooled_count():
    got = values("五年来，省人大常委会共制定、修改、废止地方性法规90件次，其中新制定30件、修改50件次、废止10件。",
                 name="河南.txt")
    assert got == {"laws_enacted": 30, "laws_amended": 50, "laws_repealed": 10}


def test_batch_amendments_count_each_regulation():
    got = values("一年来，常委会修正法规3件，分批次对60件现行有效法规进行了技术性修改。")
    assert got["laws_amended"] == 63


def test_a_repeal_is_told_by_the_verb_after_the_count():
    assert values("一年来，常委会将30部法规列入修改、废止清单，并对4部法规作出废止决定。") == {"laws_repealed": 4}


@pytest.mark.parametrize("text, metric", [
    ("一年来，市人大常委会配合省人大常委会开展执法检查3次。", "inspections"),           # helping another body
    ("一年来，县乡人大开展执法检查30次。", "inspections"),                              # lower bodies
    ("一年来，“一府两院”和各镇人大组织宪法宣誓80人次。", "oath_takers"),                # the government and towns
    ("一年来，常委会召开党组会议20次。", "sessions"),                                   # Party organs
    ("下一步，常委会将开展执法检查5次。", "inspections"),                               # plans
    ("全年安排听取和审议专项工作报告20项。", "reports_reviewed"),                        # plans
    ("会议听取并审议了7个报告，作出了相应的决议。", "reports_reviewed"),                  # one meeting
    ("会议选举市人大常委会主任1人、副主任3人；选举市长1人、副市长5人。", "appointments"),    # one meeting, after ；
    ("十四届全国人大二次会议期间，河南代表团共提交代表建议200件。", "deputy_suggestions"),  # a delegation
    ("一年来，常委会宣布失效决议、决定12件。", "laws_repealed"),                         # declared void, not repealed
])
def test_counts_that_are_not_the_committees_own(text, metric):
    assert metric not in values(text)


def test_the_provincial_committee_names_itself_by_its_level():
    # 省人大常委会 is a province's own body, another body for a city's
    assert values("一年来，省人大常委会开展执法检查6次。", name="河南.txt") == {"inspections": 6}
    assert values("一年来，省人大常委会开展执法检查6次。") == {}


def test_a_body_that_receives_is_not_the_one_that_acts():
    got = values("一年来，向全国政协办公厅、省委办公厅报送社情民意信息300多篇。", name="信阳市政协.txt")
    assert got == {"public_opinion_reports": 300}


def test_proposals_handled_stand_for_the_filed_only_where_nothing_else_counts_them():
    assert values("全年开展协商活动10项，办理提案65件。", name="信阳市政协.txt") == {"consultations": 10, "proposals_filed": 65}
    got = values("全年共收到提案90件，立案80件，办理提案80件。", name="信阳市政协.txt")
    assert got == {"proposals_submitted": 90, "proposals_filed": 80}


def test_not_filed_is_not_filed():
    got = values("区政协收到提案60件，经审查立案50件，不予立案10件。", name="金水区.txt")
    assert got == {"proposals_submitted": 60, "proposals_filed": 50}
    got = values("区政协共收提案308件，经审查立案300件，未立案8件。", name="金水区.txt")
    assert got == {"proposals_submitted": 308, "proposals_filed": 300}


def test_abbreviated_meeting_counts():
    got = values("五年来，先后组织召开县人民代表大会5次，常委会37次，主任会42次。")
    assert got == {"sessions": 37, "chair_meetings": 42}


def test_a_committees_collective_surveys_and_deputies_own():
    assert values("一年来，常委会组织代表集体视察调研30次。") == {}
    assert values("一年来，常委会开展执法检查、代表视察和专题调研19次。")["surveys"] == 19


def test_a_plan_named_as_a_reports_subject_does_not_make_the_sentence_a_plan():
    got = values("常委会听取了1981年国民经济计划安排的报告，并任免了县人民政府、县人民法院和县人民检察院的负责人员105人。")
    assert got["appointments"] == 105


def test_counts_after_the_plenary_congresss_sessions_are_the_plenarys():
    text = ("县人民代表大会通过会议集体行使职权。截至2003年2月，共召开过35次人民代表大会会议，听取、审议报告177个；"
            "作出决议、决定175项。\n常委会召开会议8次，作出决议决定12项。")
    assert values(text, name="宁海县志.txt") == {"sessions": 8, "resolutions": 12}


def test_a_list_of_named_resolutions_between_the_verb_and_its_noun():
    text = "一年来，常委会依法作出关于批准鲁北镇、乌力吉木仁苏木履行职责事项清单等决议决定共4项。"
    assert values(text) == {"resolutions": 4}


def test_an_ellipsis_ends_a_count_like_any_mark():
    assert values("一年来，常委会作出决议决定4项……依法任免国家机关工作人员30人次。") == {"resolutions": 4, "appointments": 30}


def test_regulations_counted_beside_rules_in_another_clause():
    # 规章 in another clause of the sentence does not make an amendment of regulations a rule's
    text = "五年来，省人大常委会共制定法规45项，修改法规41项，审查规章和规范性文件320件。"
    assert values(text, name="福建省人大常委会工作报告.txt")["laws_amended"] == 41
    # … but a count whose own clause names normative documents is not a repeal of regulations
    text = "开展法规、规章、规范性文件专项清理，废止5件与计划生育法不一致的规范性文件。"
    assert "laws_repealed" not in values(text)


def test_a_count_joined_by_and_also():
    assert values("一年来，常委会开展专题询问1次并进行满意度测评。") == {"inquiries": 1}


def test_rejected_proposals_turned_into_public_opinion_are_not_reports():
    text = "经审查，立案350件，不予立案87件(其中转为社情民意48件)。"
    assert values(text, name="南宁市政协.txt") == {"proposals_filed": 350}


def test_proposals_sent_to_the_national_cppcc_are_not_proposals_received():
    text = "五年来，向全国政协提交联名提案40余件；征集提案5677件。"
    assert values(text, name="山西省政协.txt") == {"proposals_submitted": 5677}


def test_clauses_looked_up_within_their_sentence_are_those_of_every_mark_found_at_once():
    """Bounds finds sentence marks once and a clause's commas only when asked; the plain way, every
    mark found at once and looked up by bisection, is the reference."""
    import random
    import re
    from bisect import bisect_left

    from conftest import CORPUS
    from etl.metrics import Bounds

    text = normalise("\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))))
    text += "\n甲，乙：丙,丁:戊。己；庚"
    rng = random.Random(7)
    for lo, hi in ((0, len(text)), (1000, 60000), (len(text) - 40, len(text) - 3)):
        bounds = Bounds(text, lo, hi)
        marks = [m.start() for m in re.finditer("[。；;！!？?\n，,：:]", text[lo:hi])]
        marks = [lo + p for p in marks]
        for _ in range(3000):
            pos = rng.randrange(lo, hi + 1)
            floor, ceil = rng.randrange(lo, pos + 1), rng.randrange(pos, hi + 1)
            i = bisect_left(marks, pos)
            want = (max(floor, marks[i - 1] + 1) if i else floor, min(ceil, marks[i]) if i < len(marks) else ceil)
            assert bounds.clause(pos, floor, ceil) == want, (pos, floor, ceil)
