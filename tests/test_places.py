"""The division table and finding places in text (etl/places.py), by principle."""
from etl import places


def forms(text):
    return [(m.form, [p.adcode for p in m.places]) for m in places.mentions(text)]


def test_current_codes_not_stale_ones():
    p = places.resolve("淮阳区")
    assert p.adcode == "411603" and p.parent == "周口市" and p.level == "county"


def test_levels_and_parents():
    assert places.resolve("北京市").level == "provincial"
    assert places.resolve("白城市").adcode == "220800"
    assert places.resolve("白城市").level == "prefecture"
    yiwu = places.resolve("义乌市")
    assert (yiwu.level, yiwu.parent, yiwu.province) == ("county", "金华市", "浙江省")


def test_short_and_autonomous_names():
    assert places.resolve("郑州").name == "郑州市"
    assert places.resolve("昌吉州").adcode == "652300"
    assert places.short_name("湘西土家族苗族自治州") == "湘西"


def test_a_league_with_a_long_name_is_written_by_its_first_character():
    assert forms("锡盟人大工委召开会议，阿盟政协") == [("锡盟", ["152500"]), ("阿盟", ["152900"])]
    assert forms("兴安盟") == [("兴安盟", ["152200"])]   # a two-character stem is its short form already


def test_ethnic_name_written_without_zu():
    # 伊犁哈萨克自治州 writes its group without 族; its short forms are still 伊犁 and 伊犁州
    assert places.short_name("伊犁哈萨克自治州") == "伊犁"
    assert forms("伊犁州政协召开会议") == [("伊犁州", ["654000"])]


def test_same_named_district_resolved_from_context():
    assert places.resolve("朝阳区", "长春市人大常委会召开会议").adcode == "220104"
    assert places.resolve("朝阳区", "北京市朝阳区人大常委会").adcode == "110105"
    assert places.resolve("鼓楼区", "福州市鼓楼区").adcode == "350102"


def test_same_named_district_without_context_is_not_guessed():
    assert places.resolve("朝阳区", "") is None
    assert places.resolve("市中区", "区人大常委会召开会议") is None


def test_parent_written_before_child_is_one_mention_of_the_child():
    assert forms("受南京市鼓楼区人大常委会委托") == [("南京市鼓楼区", ["320106"])]
    assert forms("河南汝州市政协") == [("河南汝州市", ["410482"])]


def test_longest_name_wins():
    assert forms("白城市人大") == [("白城市", ["220800"])]


def test_short_form_inside_a_person_name_is_not_a_place():
    assert forms("副主任张玉明、杭桂林出席") == []
    assert forms("主任海乌兰图雅说") == []


def test_short_form_across_a_word_is_not_a_place():
    # 和政 (和政县) inside 党和政府, 新和 (新和县) inside 创新和完善
    assert forms("在党和政府的领导下") == []
    assert forms("不断创新和完善工作机制") == []
    assert forms("推动内蒙古代表团建议落实") == [("内蒙古", ["150000"])]


def test_common_words_are_not_places():
    assert forms("全州上下共同努力") == []


def test_former_county_name_of_a_district():
    # older texts name today's 沾化区 by its county name
    assert forms("沾化县政协三届三次会议") == [("沾化县", ["371603"])]


def test_one_character_stem_read_as_a_word_is_not_a_place():
    # 和县 (340523) and 理县 (513222) have one-character stems
    assert forms("人民政府和县人民法院正确实施法律") == []
    assert forms("落实代表法和县人大常委会的要求") == []
    assert forms("共办理县十八届人大四次会议议案2件") == []
    assert forms("和县人大常委会工作报告") == [("和县", ["340523"])]
    assert forms("安徽省和县人大常委会") == [("安徽省和县", ["340523"])]
    assert forms("理县人大常委会") == [("理县", ["513222"])]
