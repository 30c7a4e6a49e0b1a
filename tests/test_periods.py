"""Which years a unit's counts cover (etl/periods.py): each principle by a short text written here."""
from etl.extract import extract_document
from etl.reading import Document, normalise


def units(text, name="report.txt"):
    return extract_document(Document(name, normalise(text), "utf-8", "", len(text)))


def periods(text, name="report.txt"):
    return [(u["period_start"], u["period_end"]) for u in units(text, name)]


def one(text, name="report.txt"):
    (unit,) = units(text, name)
    return unit


def test_early_year_report_on_the_past_year_covers_the_year_before():
    u = one("开封市人民代表大会常务委员会工作报告\n——2019年1月12日在开封市第十五届人民代表大会第三次会议上\n"
            "过去一年的主要工作\n一年来，常委会召开常委会会议7次。\n")
    assert (u["period_start"], u["period_end"], u["period_inferred"]) == (2018, 2018, True)
    assert "2019年1月12日" in u["period_evidence"]


def test_late_year_report_covers_its_own_year():
    u = one("某某\n——2020年12月20日在青山湖区第五届人民代表大会第五次会议上\n南昌市青山湖区人大常委会主任 王某\n"
            "一年来，区人大常委会召开常委会会议9次。\n")
    assert (u["period_start"], u["period_end"]) == (2020, 2020)


def test_late_year_term_review_ends_with_its_own_year():
    u = one("青山湖区人民代表大会常务委员会工作报告\n——2021年11月30日在南昌市青山湖区第六届人民代表大会第一次会议上\n"
            "过去五年工作回顾\n五年来，区人大常委会召开常委会会议40次。\n")
    assert (u["period_start"], u["period_end"]) == (2017, 2021)


def test_the_outgoing_terms_account_is_a_term_review():
    # "since the fifteenth congress" / "this term's committee held": the whole term, not the last year
    u = one("某市人民代表大会常务委员会工作报告\n——2022年2月12日在某市第十六届人民代表大会第一次会议上\n"
            "十五届以来工作回顾\n本届常委会共召开会议36次，制定法规7件。\n")
    assert (u["period_start"], u["period_end"]) == (2017, 2021)


def test_during_the_outgoing_term_is_a_term_review():
    u = one("政协某省委员会常务委员会关于提案工作情况的报告\n——在政协第十三届某省委员会第一次会议上\n(2023年1月11日)\n"
            "一、五年提案总体情况\n十二届政协期间，共提交提案3239件，立案2471件。\n")
    assert (u["period_start"], u["period_end"]) == (2018, 2022)


def test_a_year_the_review_writes_beats_the_inferred_one():
    # dated early in 2024, but the review says which year it is on
    u = one("发布时间：2024-02-20\n新乡市人大常委会\n2022年，常委会召开会议6次，作出决议决定3项。\n")
    assert (u["period_start"], u["period_end"], u["period_inferred"]) == (2022, 2022, False)


def test_the_committees_work_of_a_year():
    u = one("回首过往，站在新一年的起点，市人大常委会2023年的工作亮点纷呈：作出决议决定10项。",
            name="蚌埠.txt")
    assert (u["period_start"], u["period_end"]) == (2023, 2023)


def test_term_length_as_written_and_its_start():
    u = one("许昌市人民代表大会第十四届第一次会议召开。过去六年，常委会共制定法规12件。"
            "2011年2月，市第十三届人大常委会依法选举产生。")
    assert (u["period_start"], u["period_end"]) == (2011, 2016)


def test_term_review_with_a_written_end():
    u = one("省十二届人大常委会履职五年来，截至2017年12月已作出有关决议决定43项。", name="江苏.txt")
    assert (u["period_start"], u["period_end"]) == (2013, 2017)


def test_a_span_inside_the_text_is_not_the_end_of_a_term():
    u = one("许昌县人民代表大会常务委员会工作报告\n——2017年1月8日在许昌县第十七届人民代表大会第一次会议上\n"
            "五年来，常委会召开常委会会议37次，审查批准了2011年至2015年财政决算。\n")
    assert (u["period_start"], u["period_end"]) == (2012, 2016)


def test_yearbook_volume_describes_the_year_before():
    u = one("2016卷\n【执法检查】 自治区人大常委会开展3次执法检查。\n", name="广西.txt")
    assert (u["period_start"], u["period_end"], u["period_inferred"]) == (2015, 2015, True)


def test_provincial_session_ordinal_dates_a_text_without_a_year():
    # the 13th provincial congresses began in 2018: its 3rd session met early in 2020
    u = one("河南省人民代表大会常务委员会工作报告\n——在河南省第十三届人民代表大会第三次会议上\n"
            "一年来，常委会召开常委会会议6次。\n")
    assert (u["period_start"], u["period_end"], u["period_inferred"]) == (2019, 2019, True)
    assert "term calendar" in u["period_evidence"]


def test_a_county_session_is_dated_by_the_era_and_the_news_items_day():
    # county terms opened late 2016 or early 2017; a second session in January after 十九大 is 2018's
    u = one("县政协十届二次会议召开提案审查会议\n1月13日下午，县政协十届二次会议召开提案审查会议。"
            "委员们深入学习党的十九大精神，积极撰写提案。截至1月13日下午5时，大会共收到提案274件。\n", "沛县.txt")
    assert (u["period_start"], u["period_end"], u["period_inferred"]) == (2018, 2018, True)


def test_an_account_from_a_provincial_session_covers_that_sessions_year():
    u = one("省十三届人大四次会议确定的520件代表建议全部办结。", name="湖北.txt")
    assert (u["period_start"], u["period_end"]) == (2021, 2021)


def test_proposals_received_at_a_session_are_that_years():
    u = one("发布时间：2019-01-25\n区政协十届三次会议共收到提案180件，经审查立案150件。\n", name="金水区政协.txt")
    assert (u["period_start"], u["period_end"]) == (2019, 2019)


def test_as_of_a_date_names_a_time_not_a_horizon():
    u = one("县政协十四届六次会议期间，委员积极撰写提案。\n截至2026年1月20日下午17时，大会共收到委员提案184件。\n",
            "临潭县政协.txt")
    assert (u["period_start"], u["period_end"]) == (2026, 2026)


def test_counts_received_as_of_a_date_beat_the_term_calendar():
    # a prefecture's term may open off the calendar (Guangxi's in 2021): the date written decides
    u = one("2月13日，市政协十二届三次会议提案委员会召开会议。\n政协第十二届南宁市委员会第三次会议期间，委员深入学习贯彻"
            "中共二十大精神，运用提案积极履职。\n截至2023年2月12日18时，共收到提案437件。经审查，立案350件。\n")
    assert (u["period_start"], u["period_end"]) == (2023, 2023)


def test_a_plan_year_beats_a_county_session_calendar():
    # a county term opened late in 2016 or early in 2017: its third session fell in 2018 or 2019
    u = one("1月18日上午，青神县第十七届人民代表大会第三次会议隆重开幕。\n县人大常委会主任作县人大常委会工作报告。\n"
            "报告指出，全年共召开主任会议12次、常委会10次，任免国家机关工作人员25人次。\n"
            "报告指出，2018年，县人大常委会要聚焦理论武装，在贯彻十九大精神上有新实践。\n")
    assert (u["period_start"], u["period_end"]) == (2017, 2017)


def test_counts_since_the_terms_earlier_session_cover_the_year_between():
    text = ("本网1月9日讯 在1月9日上午举行的自治区政协十届二次会议开幕大会上，自治区政协副主席作关于十届一次会议以来"
            "提案工作情况的报告。报告称，自治区政协十届一次会议以来，共收到提案550件，经审查立案534件。\n")
    assert periods(text, "广西政协.txt") == [(2008, 2008)]
    # … while since the first session of the term, told in June, is that session's year
    text = "发布时间：2022-06-21\n据了解，市政协十四届一次会议以来，提案委共征集提案214件，立案166件。\n"
    assert periods(text, "禹州市政协.txt") == [(2022, 2022)]


def test_a_comparison_with_a_past_year_dates_the_report():
    u = one("今年市两会期间，共受理代表建议600件，比2020年增加10%。", name="宁波.txt")
    assert (u["period_start"], u["period_end"]) == (2021, 2021)


def test_since_last_may_in_a_may_report_covers_both_years():
    u = one("1990年5月20日在襄樊市第十届人民代表大会第三次会议上\n自去年5月以来，常委会共举行了六次常务委员会会议。")
    assert (u["period_start"], u["period_end"]) == (1989, 1990)


def test_a_chronicle_gives_one_unit_per_year():
    assert sorted(periods("区人大常委会1996年举行了6次会议，1997年共举行了8次全体会议。", name="历下区.txt")) == [
        (1996, 1996), (1997, 1997)]


def test_a_chronicle_of_entries_each_opening_on_its_year():
    text = ("人事任免：依法任免国家机关工作人员。2020年9月完成新任职人员任命程序。\n"
            "会议组织：2019年召开6次常委会会议、40次主任会议。\n")
    assert sorted(periods(text, name="开平区.txt")) == [(2019, 2019), (2020, 2020)]


def test_a_span_written_for_a_count_is_its_own_unit():
    text = "第八届市政协共征集提案1200件(1988-1990年期间征集提案500件)。\n1991-1995年，第九届市政协共征集提案1100件。"
    got = {(u["period_start"], u["period_end"]): u["metrics"]["proposals_submitted"]["value"]
           for u in units(text, name="赣州市志.txt")}
    assert got == {(1988, 1990): 500, (None, None): 1200, (1991, 1995): 1100}


def test_a_span_written_with_months_and_days():
    text = ("北京市人大常委会备案审查工作。\n自2013年1月1日至2018年12月31日，北京市人大常委会共接收报送备案的规范性文件257件。"
            "2018年，共接收报送备案的规范性文件20件。\n")
    got = {(u["period_start"], u["period_end"]): u["metrics"]["normative_docs_reviewed"]["value"] for u in units(text)}
    assert got == {(2013, 2018): 257, (2018, 2018): 20}


def test_the_first_year_of_a_span_is_not_a_year_of_its_own():
    text = "【提案工作】\n2004年~2010年，县政协委员提出提案1386件，审查立案1261件。\n"
    got = [(u["period_start"], u["period_end"], sorted(u["metrics"])) for u in units(text, "平阴县政协志.txt")]
    assert got == [(2004, 2010, ["proposals_filed", "proposals_submitted"])]


def test_a_plan_is_not_counted_and_dates_its_unit():
    u = one("3月1日，市人大常委会会议表决通过了市人大常委会2025年工作要点。全年安排听取和审议专项工作报告20项。",
            name="盘锦.txt")
    assert (u["period_start"], u["period_end"]) == (2025, 2025)
    assert u["metrics"] == {}


def test_a_page_stamp_below_the_text_is_not_the_reports_date():
    text = "区人大常委会全年召开常委会会议6次。2021年召开主任会议40次。\n本内容最后更新于2024年7月2日"
    assert all(end != 2023 for _, end in periods(text, name="开平区.txt"))


def test_nothing_written_or_implied_leaves_the_period_empty():
    u = one("市政协八届一次会议提案审查会召开。大会提案组共收到提案300件。", name="徐州.txt")
    assert (u["period_start"], u["period_end"]) == (None, None)


def test_sessions_and_spans_looked_for_by_their_words_are_those_of_the_patterns():
    """_sessions tries SESSION only near a 次, _spans OPENING_SPAN only where a dash or 至/到 stands:
    on the corpora, they find what the patterns find when tried everywhere."""
    from conftest import CORPUS, ROOT
    from etl import periods

    dev = ROOT.parent / "shared" / "dev" / "texts"
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")) + sorted(dev.glob("*.txt"))]
    texts.append("十三届人大常委会第五次会议以来;1991-1993年期间;2011年至2015年;十届二次全体会议")
    for text in texts:
        plain = []
        pos = text.find("届")
        while pos >= 0:
            m = periods.SESSION.search(text, max(0, pos - periods.SESSION_HEAD), pos + periods.SESSION_TAIL)
            if m and m.start(2) <= pos:
                plain.append(m.span())
            pos = text.find("届", pos + 1)
        assert [m.span() for m in periods._sessions(text)] == plain
        for sentence in text.split("。"):      # (as decide and clause_years read them: a part's lead, a sentence)
            assert [m.span() for m in periods._spans(sentence)] == [m.span() for m in periods.OPENING_SPAN.finditer(sentence)]


def test_opening_years_are_the_matches_of_the_pattern_with_its_anchor():
    """_opening_years (the anchored pattern tried at the first position only, the rest scanned from a
    mark) finds what OPENING_YEAR.finditer finds: in the corpus and the development set, whole, in
    windows and from every line's start, and in texts that open on a year, a line end or a mark."""
    from conftest import CORPUS, ROOT
    from etl.periods import OPENING_YEAR, _opening_years
    from etl.reading import read_document

    dev = ROOT.parent / "shared" / "dev" / "texts"
    texts = [read_document(p).text for p in sorted(CORPUS.glob("*.txt")) + sorted(dev.glob("*.txt"))]
    pieces = [t[i:i + 300] for t in texts for i in range(0, len(t), 97)]
    pieces += [t[i + 1:i + 200] for t in texts[:10] for i in range(len(t)) if t[i] == "\n"]
    pieces += ["2022年,常委会", "\n2022年,常委会", "\n\n2022年,", "，2022年，", "回顾2014年，\n2015年是", "2022年\n2023年,",
               "二〇二二年，", "a\n2022年,", ""]
    found = 0
    for text in texts + pieces:
        expected = [(m.span(), m.groups()) for m in OPENING_YEAR.finditer(text)]
        assert [(m.span(), m.groups()) for m in _opening_years(text)] == expected, text[:60]
        found += len(expected)
    assert found > 500
