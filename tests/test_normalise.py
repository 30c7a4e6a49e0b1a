"""Normalised text (etl/normalise.py, etl/mojibake.py): each step by a short text written here."""
import opencc

from etl.extract import extract_document
from etl.normalise import normalise, unwrap_lines
from etl.reading import Document


def test_pinyin_glosses_are_dropped():
    assert normalise("開(kāi)展執(zhí)法檢查3次，协(x\nié)商议政") == "开展执法检查3次,协商议政"


def test_parentheses_of_other_text_stay():
    assert normalise("常委会(扩大)会议(2次)") == "常委会(扩大)会议(2次)"


def test_spaces_that_split_a_count_are_dropped():
    assert normalise("专题调研 21 项，对2020 年10 件提案督办，任免 1 000 人次") == "专题调研21项,对2020年10件提案督办,任免1000人次"


def test_other_spaces_stay():
    assert normalise("学习贯彻 新时代思想，2020 2021，page 12 of 20") == "学习贯彻 新时代思想,2020 2021,page 12 of 20"


def test_hard_wrapped_lines_are_rejoined_and_paragraphs_kept():
    wrapped = ("一年来，常委会紧扣全市中心工作，依法履行各项职权，召开常委会会\n"
               "议8次、主任会议16次，听取和审议专项工作报告24项，作出决议决定\n"
               "11项，任免国家机关工作人员96人次，开展执法检查5次，专题询问2\n"
               "次，各项工作取得新进展，为全市高质量发展贡献了人大的智慧和力量。\n"
               "二、坚持依法立法\n"
               "制定地方性法规3件，修改地方性法规2件，废止地方性法规1件，批准\n"
               "设区的市法规4件，审查规范性文件30件，提出审查意见5件，纠正1件。\n")
    text = unwrap_lines(wrapped)
    assert "召开常委会会议8次" in text and "专题询问2次" in text
    assert "\n二、坚持依法立法\n" in text
    units = extract_document(Document("宜昌.txt", normalise(wrapped), "utf-8", "", 0))
    assert units[0]["metrics"]["sessions"]["value"] == 8
    assert units[0]["metrics"]["inquiries"]["value"] == 2


def test_lines_written_as_lines_are_not_joined():
    text = "标题\n第一段落写完了。\n第二段落也写完了。\n"
    assert unwrap_lines(text) == text


def _mojibake(chinese: str) -> str:
    """UTF-8 read as Latin-1, with the bytes 0x80-0x9F lost on the way."""
    return "".join(chr(b) for b in chinese.encode("utf-8") if not 0x80 <= b <= 0x9F)


def test_mojibake_with_lost_bytes_is_read_back_closely_enough_to_count():
    sentence = ("过去五年，省人大常委会制定修订地方性法规33部，审查备案规范性文件306件，听取审议专项报告138个，"
                "开展专题询问10次，作出决议决定80项，选举任免国家机关工作人员803人次，圆满完成各项任务。")
    garbled = _mojibake(sentence * 3)
    assert "人大" not in garbled
    units = extract_document(Document("陕西省.txt", normalise(garbled), "utf-8", "", 0))
    got = {k: m["value"] for u in units for k, m in u["metrics"].items()}
    assert {"normative_docs_reviewed": 306, "inquiries": 10, "resolutions": 80, "appointments": 803}.items() <= got.items()


def test_mojibake_shortcut_chooses_what_scoring_every_option_chooses():
    from etl import mojibake

    text = "常委会共召开会议12次，审议通过地方性法规8件，听取和审议专项工作报告20项。"
    lost = bytes(b for b in text.encode("utf-8") if not 0x80 <= b <= 0x9F).decode("latin-1")
    slots = mojibake._slots(lost)
    assert any(len(options) > 100 for options in slots)
    for options in slots:
        for prev, nxt in (("", ""), ("常", "会"), ("审", "法"), ("，", "次")):
            want = max(options, key=lambda c: mojibake._score(prev, c, nxt))
            assert mojibake._best(options, prev, nxt) == want


def _corpus_texts():
    """The bundled corpus, and the development set's texts where they are present."""
    from conftest import CORPUS, ROOT

    dev = ROOT.parent / "shared" / "dev" / "texts"
    return [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")) + sorted(dev.glob("*.txt"))]


def test_t2s_of_marked_lines_only_is_t2s_of_the_whole_text():
    from etl.normalise import _T2S, to_simplified

    s2t = opencc.OpenCC("s2t")
    for text in _corpus_texts():
        for written in (text, s2t.convert(text)):
            assert to_simplified(written) == _T2S.convert(written)


def test_every_character_t2s_changes_by_itself_is_marked():
    from etl.normalise import _T2S, _T2S_MARK

    chars = [chr(c) for c in range(0x80, 0x10000) if not 0xD800 <= c <= 0xDFFF]
    converted = _T2S.convert("\n".join(chars)).split("\n")
    changed = [c for c, out in zip(chars, converted) if out != c]
    assert len(changed) > 4000
    assert all(_T2S_MARK.match(c) for c in changed)


def test_a_phrase_t2s_changes_is_converted_though_its_characters_alone_stay():
    from etl.normalise import to_simplified

    assert to_simplified("瞭") == "瞭"
    assert to_simplified("常委会\n多次瞭解情况,反覆审议\n什么") == "常委会\n多次了解情况,反复审议\n什么"
    assert to_simplified("執法檢查3次") == "执法检查3次"


def test_full_width_is_found_where_its_class_matches():
    """has_full_width (bytes.find over UTF-16) says what a scan of FULL_WIDTH says: for every character
    of the plane alone and inside Chinese text, characters beyond it (surrogate pairs whose bytes
    hold 0xFF), lone surrogates, and the corpus as written and in traditional characters."""
    from etl.normalise import FULL_WIDTH, has_full_width

    s2t = opencc.OpenCC("s2t")
    singles = [chr(c) for c in range(0x10000)] + ["\U0001ff01", "\U0010ffff", "\U000fff5e", "\U0001ff00"]
    texts = singles + [f"仿佛{ch}召开" for ch in singles[0xfe00:]] + ["", "乿㿿仿", "\udbff\udfff"]
    texts += [t for text in _corpus_texts() for t in (text, s2t.convert(text), text + "，")]
    found = [has_full_width(t) for t in texts]
    assert found == [bool(FULL_WIDTH.search(t)) for t in texts]
    assert sum(found) > 2 * 95
