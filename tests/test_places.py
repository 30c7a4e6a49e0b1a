from etl import places


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


def test_same_named_district_resolved_from_context():
    assert places.resolve("朝阳区", "长春市人大常委会召开会议").adcode == "220104"
    assert places.resolve("朝阳区", "北京市朝阳区人大常委会").adcode == "110105"
    assert places.resolve("鼓楼区", "福州市鼓楼区").adcode == "350102"


def test_same_named_district_without_context_is_not_guessed():
    assert places.resolve("朝阳区", "") is None
    assert places.resolve("市中区", "区人大常委会召开会议") is None


def test_most_mentioned_place():
    text = "郑州全媒体记者报道,郑州市人大常委会……郑州答卷。洛阳也有报道。"
    assert places.most_mentioned(text).name == "郑州市"
