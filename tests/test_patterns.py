"""Characters every match of a pattern holds, or begins with (etl/patterns.py), the rules ruled out by
the first and the patterns compiled faster by the second."""
import re

import pytest

from etl.patterns import compile_fast, first_chars, required_chars


@pytest.mark.parametrize("pattern, chars", [
    ("常委会(?:全体)?会议", {"常"}),          # a sequence: its rarest part (the fewest characters)
    ("(?:制定|出台)法规", {"法"}),
    ("制定|出台", {"制", "出"}),               # alternatives: each one's, together
    ("[和及与]z?", {"和", "及", "与"}),
    ("(?<!办)法规(?!划)", {"法"}),             # lookarounds hold nothing of the match
    ("a?b", {"b"}),
    ("(?:ab)+", {"a"}),
    ("x*", None),                            # may match the empty string
    ("a|b*", None),
    ("[^a]b", {"b"}),
    ("(?=abc)", None),
    ("(?i)abc", None),                       # case folded: not one character
])
def test_required_characters(pattern, chars):
    assert required_chars(pattern) == (frozenset(chars) if chars is not None else None)


@pytest.mark.parametrize("pattern", ["常委会(?:全体)?会议", "(?:制定|出台)[^，]{0,4}?法规", "(?<!办)法规|条例", "a?b|(?:cd)+e"])
def test_a_text_without_the_required_characters_holds_no_match(pattern):
    chars = required_chars(pattern)
    texts = ["常务会议", "出台意见", "办法定", "c", "ce", "会议"]
    lacking = [t for t in texts if chars.isdisjoint(t)]
    assert lacking and not any(re.search(pattern, t) for t in lacking)


def test_extraction_is_the_same_with_every_rule_tried(monkeypatch):
    """Rules ruled out by their triggers' characters (metrics.TRIGGERS) would find nothing:
    the bundled corpus, and the development set where it is present, read the same with all tried."""
    from conftest import CORPUS, ROOT
    from etl import metrics
    from etl.extract import extract_document
    from etl.reading import read_document

    dev = ROOT.parent / "shared" / "dev" / "texts"
    docs = [read_document(p) for p in sorted(CORPUS.glob("*.txt")) + sorted(dev.glob("*.txt"))]
    with_shortcut = [extract_document(d) for d in docs]
    every_rule = {body: {cls: (tuple((rule, None, None) for rule, _, _ in rules), left, right)
                         for cls, (rules, left, right) in by_classifier.items()}
                  for body, by_classifier in metrics.TRIGGERS.items()}
    monkeypatch.setattr(metrics, "TRIGGERS", every_rule)
    assert [extract_document(d) for d in docs] == with_shortcut


def test_extraction_is_the_same_with_every_count_and_trigger_tried(monkeypatch):
    """The combined trigger patterns (metrics.TRIGGERS) rule out counts with no trigger by them, and
    rules' right triggers where none matches: with patterns that match anywhere in their place, every
    count and every right trigger is tried, and the bundled corpus and the development set read the same."""
    from conftest import CORPUS, ROOT
    from etl import metrics
    from etl.extract import extract_document
    from etl.reading import read_document

    dev = ROOT.parent / "shared" / "dev" / "texts"
    docs = [read_document(p) for p in sorted(CORPUS.glob("*.txt")) + sorted(dev.glob("*.txt"))]
    with_shortcut = [extract_document(d) for d in docs]
    anything = re.compile("")
    monkeypatch.setattr(metrics, "TRIGGERS", {body: {cls: (rules, anything, anything)
                                                     for cls, (rules, _, _) in by_classifier.items()}
                                              for body, by_classifier in metrics.TRIGGERS.items()})
    assert [extract_document(d) for d in docs] == with_shortcut


@pytest.mark.parametrize("pattern, chars", [
    ("常委会(?:全体)?会议", {"常"}),
    ("(?<!办)法规|条例", {"法", "条"}),         # lookarounds match nothing: the next part begins
    ("“?三查", {"“", "三"}),                  # an optional part, then what follows it
    ("(?:a|b?)c", {"a", "b", "c"}),
    ("(?:ab)+c", {"a"}),
    ("[和及与]z", {"和", "及", "与"}),
    ("[^a]b", None),                         # any character may begin it
    ("[a-c]|[0-9x]", {"a", "b", "c", "x"} | set("0123456789")),   # small ranges: their characters
    ("[一-龥]", None),                        # a wide one: any may
    (r"\s", None),
    ("x*", None),                            # may match the empty string
    ("(?=abc)", None),
    ("(?i)abc", None),
])
def test_first_characters(pattern, chars):
    assert first_chars(pattern) == (frozenset(chars) if chars is not None else None)


def test_first_characters_of_a_digit_are_the_decimal_digits_of_the_plane():
    digits = first_chars(r"\d+年|十年")
    assert {"0", "9", "٣", "０", "十"} <= digits and "a" not in digits
    assert digits == {chr(c) for c in range(0x10000) if re.fullmatch(r"\d", chr(c))} | {"十"}
    fast = compile_fast(r"(?:\d|x)年")          # and beyond the plane, any character passes the lead
    assert [m.span() for m in fast.finditer("𝟐年 x年 2年")] == [(0, 2), (3, 5), (6, 8)]


def test_compile_fast_leads_only_where_the_engine_cannot_skip():
    assert compile_fast("(?<!办)法规|条例").pattern == "(?=[条法\U00010000-\U0010ffff])(?:(?<!办)法规|条例)"
    for plain in ("常委会|常务委员会", "(?:制定|出台)[^，]{0,4}?法规", "[和及与]z", "^意见建议", "[^a]b", "(?i)ab|c"):
        assert compile_fast(plain).pattern == plain   # a prefix, a class, an anchor, no first characters


# compile_fast's lead, taken off a compiled pattern to get the pattern as written
LEAD = re.compile(r"\(\?=\[(?:\\.|[^\]\\])*\]\)\(\?:(.*)\)", re.S)


def _every_extractor_pattern():
    """(pattern as written, flags) of every pattern of the extraction's modules and its rules."""
    from etl import bodies, locate, metrics, periods, segment

    plain = [(getattr(rule, name), 0) for rule in metrics.RULES
             for name in ("left", "right", "needs", "veto", "combines", "verb", "sentence_veto", "clause_veto", "weak")
             if getattr(rule, name)]
    plain += [("|".join(f"(?:{r.left})" for r in rules if r.left), 0) for rules in metrics.RULES_FOR.values()]
    for module in (metrics, periods, segment, bodies, locate):
        for v in vars(module).values():
            if isinstance(v, re.Pattern):
                lead = LEAD.fullmatch(v.pattern)
                plain.append((lead.group(1) if lead else v.pattern, v.flags & ~re.UNICODE))
    return sorted(set(plain))


def test_fast_patterns_find_what_the_plain_ones_find():
    """Every pattern of the extraction, compiled fast, finds the same matches (spans and groups) as
    compiled plain, over the bundled corpus and the development set, searched whole and in windows
    of a count's reach (where lookbehinds and anchors meet the window's edges)."""
    from conftest import CORPUS, ROOT
    from etl.reading import read_document

    dev = ROOT.parent / "shared" / "dev" / "texts"
    texts = [read_document(p).text for p in sorted(CORPUS.glob("*.txt")) + sorted(dev.glob("*.txt"))[:20]]
    windows = [t[i:i + 40] for t in texts for i in range(0, len(t), 23)]
    patterns = _every_extractor_pattern()
    wrapped = 0
    for pattern, flags in patterns:
        plain, fast = re.compile(pattern, flags), compile_fast(pattern, flags)
        wrapped += fast.pattern != pattern
        for text in texts:
            assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
                   [(m.span(), m.groups()) for m in plain.finditer(text)], pattern
        if fast.pattern != pattern:
            for w in windows:
                assert bool(fast.search(w)) == bool(plain.search(w)), pattern
                m, f = plain.match(w), fast.match(w)
                assert (m and m.span()) == (f and f.span()), pattern
    assert wrapped >= 30     # the test tries the patterns that are led by their first characters


def test_char_positions_are_where_a_class_of_the_characters_matches():
    from conftest import CORPUS
    from etl.metrics import CLAUSE_ONLY_MARKS, HEAVY_END, SENTENCE_END
    from etl.patterns import char_positions

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))] + ["", "a。b；;\n\n。", "。"]
    for chars in (SENTENCE_END, HEAVY_END, CLAUSE_ONLY_MARKS, " \t\u00a0"):
        rx = re.compile("[" + re.escape(chars) + "]")
        for text in texts:
            for lo, hi in ((0, len(text)), (1, len(text) // 2), (len(text) // 3, len(text) - 1)):
                assert char_positions(text, chars, lo, hi) == [m.start() for m in rx.finditer(text, lo, max(lo, hi))]
            assert char_positions(text, chars) == [m.start() for m in rx.finditer(text)]
