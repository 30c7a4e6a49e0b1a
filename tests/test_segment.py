from etl.extract import extract_document
from etl.reading import Document, normalise
from etl.segment import split_units


def doc(text, name="report.txt"):
    return Document(name, normalise(text), "utf-8", "", len(text))


COMPILATION = """网站整理,每天更新优质范文
1.甲市人大常委会工作报告
2.乙市人大常委会工作报告
白城市人民代表大会常务委员会工作报告
各位代表:
2022年工作回顾
2022年,常委会召开常委会会议5次,任免国家机关工作人员64人次。
2023年工作安排
2023年,计划召开常委会会议8次。
政协德阳市委员会常务委员会工作报告
各位委员:
一、2022年工作回顾
全年开展协商活动57次,征集提案402件、立案346件。
二、2023年主要工作
"""


def test_compilation_titles_not_table_of_contents():
    spans, first = split_units(COMPILATION.split("\n"))
    assert [s.start for s in spans] == [3, 9]
    assert first == 3


def test_compilation_units_places_bodies_and_plans():
    units = extract_document(doc(COMPILATION))
    assert [(u["city"], u["body"], u["period_start"], u["period_inferred"]) for u in units] == [
        ("白城市", "npc_sc", 2022, False), ("德阳市", "cppcc_sc", 2022, False)]
    # the plan's 8 sessions are not counted
    assert units[0]["metrics"]["sessions"]["value"] == 5
    assert units[1]["metrics"]["proposals_submitted"]["value"] == 402
    assert units[1]["metrics"]["proposals_filed"]["value"] == 346


SPEECHES = """交流会发言摘要
编者按
4月28日,市人大常委会召开交流会,总结2022年重点工作。

以高质量履职践行全过程人民民主

川汇区人大常委会主任 夏立文

川汇区人大常委会组织开展执法检查3次。接下来,将开展执法检查5次。

凝心聚力抓落实

淮阳区人大常委会主任 吕振龙

淮阳区人大常委会听取审议专项工作报告6项。
"""


def test_digest_of_speeches_one_unit_per_county():
    units = extract_document(doc(SPEECHES))
    assert [(u["city"], u["adcode"], u["parent"], u["level"]) for u in units] == [
        ("川汇区", "411602", "周口市", "county"), ("淮阳区", "411603", "周口市", "county")]
    assert [u["lines"][0] for u in units] == [5, 11]
    assert all((u["period_start"], u["period_end"], u["period_inferred"]) == (2022, 2022, True) for u in units)
    assert units[0]["metrics"]["inspections"]["value"] == 3   # the plan's 5 is not counted
    assert units[1]["metrics"]["reports_reviewed"]["value"] == 6


ANNUAL_AND_TERM = """重庆市人民代表大会常务委员会工作报告
各位代表:
过去一年的主要工作
过去一年,常委会召开常委会会议6次,审查规范性文件204件。
过去五年工作体会
五年来,举行人大常委会会议40次,审查规范性文件1005件。
今后一年工作建议
2023年是全面贯彻党的二十大精神的开局之年。
"""


def test_term_review_beside_annual_figures_is_two_units():
    units = extract_document(doc(ANNUAL_AND_TERM))
    assert [(u["period_start"], u["period_end"], u["period_inferred"]) for u in units] == [
        (2022, 2022, True), (2018, 2022, True)]
    assert units[0]["metrics"]["sessions"]["value"] == 6
    assert units[1]["metrics"]["sessions"]["value"] == 40
    assert units[1]["metrics"]["normative_docs_reviewed"]["value"] == 1005


def test_news_article_dated_covers_the_year_before():
    text = "新郑市人大常委会推进全过程人民民主\n时间:2023-04-23\n新郑市人大常委会深入开展执法检查。\n"
    (unit,) = extract_document(doc(text))
    assert (unit["city"], unit["parent"], unit["period_end"], unit["period_inferred"]) == ("新郑市", "郑州市", 2022, True)


def test_place_from_file_name_when_text_names_none():
    text = "州人大常委会工作报告\n各位代表:\n2022年工作回顾\n2022年,召开常委会会议6次。\n"
    (unit,) = extract_document(doc(text, name="昌吉州人大常委会2022年工作报告.txt"))
    assert unit["adcode"] == "652300"


def test_unnamed_place_left_empty_not_guessed():
    text = "区人大常委会工作报告\n各位代表:\n2022年工作回顾\n2022年,召开常委会会议6次。\n"
    (unit,) = extract_document(doc(text, name="report.txt"))
    assert unit["adcode"] is None


TERM_WITH_YEARLY_SUMMARY = """漯河市人大常委会工作报告
各位代表:
本届以来的主要工作
本届以来,召开常委会会议53次,作出决议决定80项。2022年,召开常委会会议8次,作出决议决定12项。
2019年,制定《漯河市文明行为促进条例》。
2023年工作建议
"""


def test_yearly_summary_inside_term_review_is_its_own_unit():
    units = extract_document(doc(TERM_WITH_YEARLY_SUMMARY))
    by_period = {(u["period_start"], u["period_end"]): u for u in units}
    assert set(by_period) == {(2022, 2022), (2018, 2022)}
    assert by_period[(2022, 2022)]["metrics"]["sessions"]["value"] == 8
    assert by_period[(2018, 2022)]["metrics"]["sessions"]["value"] == 53
    # a single event of one year is not a yearly unit; it stays in the term
    assert by_period[(2018, 2022)]["metrics"]["laws_enacted"]["value"] == 1


def test_title_with_delivery_line():
    text = ("朝阳市人民代表大会常务委员会工作报告——2022年1月10日在朝阳市第十七届人民代表大会第一次会议上\n"
            "各位代表:\n过去五年工作回顾\n五年来,召开常委会会议40次。\n")
    (unit,) = extract_document(doc(text))
    assert (unit["city"], unit["period_start"], unit["period_end"]) == ("朝阳市", 2017, 2021)


def test_a_banner_title_with_no_sentence_before_the_reports_own_title_is_preface():
    text = ("(十一届二次会议)常委会工作报告\n来源：湘西政协网 发布时间：2014-04-17\n中国人民政治协商会议\n"
            "湘西土家族苗族自治州第十一届委员会\n常务委员会工作报告\n各位委员：\n"
            "一年来，常委会开展协商活动12次，收到提案300件。\n")
    units = extract_document(doc(text))
    assert [u["body"] for u in units] == ["cppcc_sc"]


def test_the_words_looked_for_first_decide_nothing_the_patterns_would_not():
    """Each pattern matches no line that lacks the words looked for before it is tried."""
    from conftest import CORPUS, ROOT
    from etl import segment

    dev = ROOT.parent / "shared" / "dev" / "texts"
    lines = [line for p in sorted(CORPUS.glob("*.txt")) + sorted(dev.glob("*.txt"))
             for line in p.read_text(encoding="utf-8").split("\n")]
    lines += ["二、过去五年的主要工作", "  五年来,常委会…", "十三届任期的五年", "县人大常委会工作报告", "(一)主要工作"]
    for line in lines:
        s = line.strip()
        assert segment.TITLE_WORDS in line or not segment.TITLE.match(s)
        assert "五年" in line or "本届以来" in line or not segment.TERM_PARAGRAPH.match(line)
        assert s[:1] in segment.LIST_NUMERALS or segment.LIST_NUMBER.sub("", s) == s
    assert segment.is_title("县人大常委会工作报告") and segment.heading_kind("二、过去五年的主要工作").kind == "term"


def test_a_heading_line_is_read_as_the_pattern_of_a_sentence_end_reads_it():
    """is_heading's end test (a stripped line ending on 。；;) is what [。；;]$ says, line ends and
    other white space around it included."""
    import re

    from etl.segment import is_heading

    def plain(line):
        s = line.strip()
        return 0 < len(s) <= 32 and not re.search(r"[。；;]$", s) and s.count("，") + s.count(",") <= 1

    lines = [a + b + c for a in ("", " ", "\t") for b in ("工作回顾", "召开会议。", "听取报告；", "a;", "；\n", "。\u3000", "")
             for c in ("", "\n", " \n", "\u2028")] + COMPILATION.split("\n")
    assert [is_heading(line) for line in lines] == [plain(line) for line in lines]
    assert sum(map(is_heading, lines)) > 10 and not all(map(is_heading, lines))
