"""Characters every match of a pattern holds (etl/patterns.py), and the rules ruled out by them."""
import re

import pytest

from etl.patterns import required_chars


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
    """Rules ruled out by their triggers' characters (metrics.Rule.may_trigger) would find nothing:
    the bundled corpus, and the development set where it is present, read the same with all tried."""
    from conftest import CORPUS, ROOT
    from etl import metrics
    from etl.extract import extract_document
    from etl.reading import read_document

    dev = ROOT.parent / "shared" / "dev" / "texts"
    docs = [read_document(p) for p in sorted(CORPUS.glob("*.txt")) + sorted(dev.glob("*.txt"))]
    with_shortcut = [extract_document(d) for d in docs]
    monkeypatch.setattr(metrics.Rule, "may_trigger", lambda self, left, right: True)
    assert [extract_document(d) for d in docs] == with_shortcut
