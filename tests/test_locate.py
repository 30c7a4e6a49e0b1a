"""Where a unit's body sits (etl/locate.py): each tier of evidence, by a short text written here."""
from etl.locate import place_of


def place(text, head="", file_name="report.txt", body="npc_sc"):
    located = place_of(head, text, file_name, text + "\n" + file_name, body)
    return (located.place.adcode if located.place else None), located.name, located.evidence


def test_the_title_decides():
    code, _, evidence = place("会议期间，洛阳市的代表提出建议。", head="新安县人民代表大会常务委员会工作报告")
    assert code == "410323" and evidence.startswith("title")


def test_the_committees_own_name_beats_places_only_mentioned():
    text = "洛阳市委召开会议后，新安县人大常委会召开常委会会议5次，赴洛阳市学习。"
    assert place(text)[0] == "410323"


def test_the_congress_name_when_the_committee_is_unnamed():
    text = "乌拉特中旗第十八届人民代表大会第四次会议开幕。旗人大常委会主任作报告。"
    assert place(text)[0] == "150824"


def test_a_cppcc_name_with_the_place_inside():
    text = "政协伊犁哈萨克自治州第十四届委员会共收到提案308件。"
    assert place(text, body="cppcc_sc")[0] == "654000"


def test_the_file_name_when_the_text_names_no_place():
    code, _, evidence = place("市人大常委会召开会议6次。", file_name="潍坊-人大-2019.txt")
    assert code == "370700" and evidence.startswith("file name")


def test_the_level_in_the_bodys_own_words_filters_the_places_named():
    # 市人大常委会: the city, not the county of the same name
    text = "市人大常委会组织代表到岳阳县、华容县视察，形成《关于岳阳市农村公路的调研报告》。"
    assert place(text)[0] == "430600"
    text = "自治区人大常委会检查《桂林市城市管理条例》和《内蒙古自治区草原管理条例》的实施情况。"
    assert place(text)[0] == "150000"


def test_same_named_district_settled_by_a_parent_named_in_the_file():
    text = "鼓楼区人大常委会召开会议。福州市委书记出席。"
    assert place(text)[0] == "350102"


def test_same_named_district_without_a_parent_keeps_its_name_without_a_code():
    code, name, evidence = place("鼓楼区人大常委会召开常委会会议8次。")
    assert (code, name) == (None, "鼓楼区")
    assert "several places" in evidence


def test_a_venue_is_not_the_reporting_place():
    text = "会议在西昌召开。州人大常委会主任出席。凉山彝族自治州人大常委会听取报告。"
    assert place(text)[0] == "513400"


def test_nothing_named_nothing_guessed():
    assert place("区人大常委会召开常委会会议6次。")[:2] == (None, None)


def test_a_former_county_name_fits_the_county_level_word():
    # 阿城县 became 阿城区 (230112); a gazetteer of the county says 县人大常委会
    text = "县人大常委会成立以来，听取了阿城县土地管理利用的汇报，贯彻《黑龙江省土地管理暂行条例》。"
    assert place(text)[0] == "230112"
