"""Whose account a unit is (etl/bodies.py): each principle by a short text written here."""
from etl.extract import extract_document
from etl.reading import Document, normalise


def units(text, name="report.txt"):
    return extract_document(Document(name, normalise(text), "utf-8", "", len(text)))


def by_body(text, name="report.txt"):
    return {u["body"]: {k: m["value"] for k, m in u["metrics"].items()} for u in units(text, name)}


def test_a_two_session_item_holds_a_unit_per_body():
    text = ("3月6日，记者从市两会提案建议交办会上获悉，市十五届人大四次会议共收到建议和议案310件，"
            "市政协十三届四次会议共收到提案402件，立案356件。")
    got = by_body(text, name="信阳.txt")
    assert got == {"npc_sc": {"deputy_suggestions": 310},
                   "cppcc_sc": {"proposals_submitted": 402, "proposals_filed": 356}}


def test_counts_without_a_body_in_their_sentence_go_by_their_wording():
    got = by_body("今年两会期间，共受理代表建议720件、委员提案650件。", name="信阳.txt")
    assert got["npc_sc"] == {"deputy_suggestions": 720}
    assert got["cppcc_sc"] == {"proposals_filed": 650}


def test_cppcc_members_attending_do_not_make_a_congress_report_a_cppcc_one():
    text = ("市政协委员列席会议。市人大常委会主任作工作报告说，一年来，市人大常委会召开常委会会议8次，"
            "市人大常委会听取和审议专项工作报告20项。")
    (unit,) = units(text, name="信阳.txt")
    assert unit["body"] == "npc_sc"
    assert unit["metrics"]["sessions"]["value"] == 8


def test_the_congress_and_its_committee_together_are_the_committees_account():
    (unit,) = units("五年来，省人大及其常委会制定地方性法规30件。", name="河南.txt")
    assert (unit["body"], unit["metrics"]["laws_enacted"]["value"]) == ("npc_sc", 30)


def test_a_cppcc_reports_meetings_are_no_congress_metric():
    (unit,) = units("五年来，市政协共召开常委会议30次、主席会议60次，开展协商活动90项。", name="信阳.txt")
    assert unit["body"] == "cppcc_sc"
    assert unit["metrics"] == {"consultations": unit["metrics"]["consultations"]}


def test_the_national_congresss_own_report_is_out_of_scope():
    text = ("3月9日，十四届全国人大二次会议举行全体会议。全国人大常委会委员长作全国人大常委会工作报告。"
            "一年来，全国人大常委会制定法律10件，开展执法检查6次。")
    assert units(text) == []


def test_a_two_session_item_without_figures_holds_both_units():
    got = sorted(u["body"] for u in units("市两会今天开幕。出席市人大会议的代表应到500名，出席市政协会议的委员应到400名。",
                                          name="信阳.txt"))
    assert got == ["cppcc_sc", "npc_sc"]


def test_a_section_label_says_whose_counts_follow():
    # words both bodies use (常委会会议, 视察调研) are the body's of the label above them
    text = ("潢川县年鉴2021卷\n【县人大常委会】\n全年召开常委会会议8次，开展视察调研20次。\n"
            "【县政协】\n全年召开常委会会议6次，开展视察调研10次，收到提案150件。\n")
    got = by_body(text, name="潢川.txt")
    assert got["npc_sc"] == {"sessions": 8, "surveys": 20}
    assert got["cppcc_sc"] == {"surveys": 10, "proposals_submitted": 150}


def test_a_democratic_partys_account_of_the_sessions_counts_nothing_of_the_committees():
    text = ("民进中卫市委会积极履职市“两会”\n发布时间：2021-02-01\n"
            "政协中卫市四届五次会议召开。民进中卫市委会的14位政协委员参加会议。\n"
            "征集提案78件，审查后提交市政协提案58件，立案30件。\n")
    got = units(text)
    assert [u["metrics"] for u in got] == [{}]


def test_a_partys_proposals_inside_the_committees_account_are_not_the_committees():
    text = "一年来，市政协共收到提案400件。\n今年全会期间，民盟市委提交集体提案15件。"
    assert by_body(text, name="信阳市政协.txt")["cppcc_sc"] == {"proposals_submitted": 400}
    assert by_body("今年全会期间，民盟市委提交集体提案15件。", name="信阳市政协.txt")["cppcc_sc"] == {}
