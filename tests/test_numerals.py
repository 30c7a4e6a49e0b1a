from etl.numerals import find_counts, to_int


def values(text):
    return [(c.value, c.qualifier, c.classifier) for c in find_counts(text)]


def test_arabic_and_chinese_numerals():
    assert values("召开常委会会议5次") == [(5, "exact", "次")]
    assert values("制定法规三十件") == [(30, "exact", "件")]
    assert values("收集信息1.2万条") == [(12000, "exact", "条")]
    assert values("任免一百零五人次") == [(105, "exact", "人次")]


def test_qualifiers():
    assert values("作出决议决定50余项") == [(50, "at_least", "项")]
    assert values("开展230多次调查研究") == [(230, "at_least", "次")]
    assert values("超过300件") == [(300, "at_least", "件")]
    assert values("近40次") == [(40, "about", "次")]
    assert values("约15项") == [(15, "about", "项")]
    assert values("20人以上") == [(20, "at_least", "人")]
    assert values("30件左右") == [(30, "about", "件")]


def test_years_ranges_ordinals_are_not_counts():
    assert values("二〇二二年") == []
    assert values("两三个部门") == []
    assert values("第一次会议") == []
    assert values("市五届人大一次会议以来") == []
    assert values("一项项亮点工作") == []
    assert to_int("二〇二二") is None
    assert to_int("两三") is None


def test_counts_keep_their_offsets():
    text = "全年召开常委会会议8次、主任会议14次"
    spans = [text[c.start:c.end] for c in find_counts(text)]
    assert spans == ["8次", "14次"]


def test_the_count_pattern_matches_what_its_plain_form_matches():
    """COUNT is written for speed; its plain form (a number as two alternatives) is the reference."""
    import re

    from conftest import CORPUS, ROOT
    from etl.numerals import CLASSIFIERS, COUNT

    plain = re.compile(r"(?P<num>\d+(?:\.\d+)?(?:万|千)?|[零一二两三四五六七八九十百千万]+)(?P<post>余|多)?"
                       r"(?P<cls>" + "|".join(CLASSIFIERS) + r")(?P<tail>以上|左右|之多)?")
    dev = ROOT.parent / "shared" / "dev" / "texts"
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")) + sorted(dev.glob("*.txt"))]
    texts.append("1.5万件、3.件、二十余项、5一次、一二三个、12万余人次、三千多名、万人、7.2千个")
    texts.append("\u0663件、\U0001d7d3次、\u096b项、\u09e9\u09e8个、\U000104a1名、\U00010000件、\uff15件、x\u0660.5万人")   # other scripts' digits
    for text in texts:
        assert ([(m.span(), m.groupdict()) for m in COUNT.finditer(text)]
                == [(m.span(), m.groupdict()) for m in plain.finditer(text)])
