"""Repair text that went through UTF-8 → Latin-1 and lost bytes on the way.

Some pages reach us as UTF-8 read as Latin-1 (人大 → "äººå¤§"), and with the
bytes 0x80–0x9F (Latin-1's control characters) dropped, so most Chinese
characters lose one or both of their continuation bytes ("ä¸" is 三, 一, 上
or …). ftfy cannot undo this, because bytes are missing.

Principle: each character's lead byte survives and fixes its block of 4,096
code points; each surviving continuation byte fixes 6 bits more; the lost
bytes lie in 0x80–0x9F. Among the characters that fit, the one that reads
most like a work report beside its neighbours is taken: how often the pair
stands in the bundled reports (etl/lexicon/report_bigrams.tsv, made by
make_bigrams.py), whether it begins a word of jieba's dictionary, and the
character's own frequency. A repaired text is an approximation: its
evidence shows what was read, and the extractor treats it as any other text.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources

LEAD_CHARS = "".join(chr(c) for c in range(0xE0, 0xF0))   # à..ï: UTF-8 lead bytes read as Latin-1
RUN = re.compile("[\u00a0-\u00ff](?:[\u00a0-\u00ff ]*[\u00a0-\u00ff])?")
SAMPLE = 20_000         # characters looked at from the head and the middle of a long text
MIN_LEADS = 30          # a text is mojibake when this many lead bytes stand in it
MIN_SHARE = 0.10        # … and they are this share of its characters
LOST = range(0x80, 0xA0)
# Punctuation is not in the dictionaries: the marks reports use, the commonest first.
PUNCTUATION_PRIOR = {"，": 12.0, "。": 11.0, "、": 10.0} | {ch: 9.0 for ch in "：；（）“”《》！？—…·"}
PAIR_WEIGHT = 3.0       # per log-count of the pair in the bundled reports
WORD_BONUS = 2.0        # the pair begins a word of jieba's dictionary
FREQUENCY_WEIGHT = 0.5  # per log-frequency of the character itself
PASSES = 3


def looks_like_mojibake(text: str) -> bool:
    # a mojibake page is mojibake throughout: its head and its middle tell
    sample = text[:SAMPLE] + text[len(text) // 2:len(text) // 2 + SAMPLE] if len(text) > 3 * SAMPLE else text
    leads = sum(sample.count(ch) for ch in LEAD_CHARS)
    return leads >= MIN_LEADS and leads >= MIN_SHARE * len(sample)


def repair(text: str) -> str:
    """The text with each run of Latin-1 mojibake turned back into Chinese (see the principle)."""
    return RUN.sub(lambda m: _repair_run(m.group(0), text, m.start(), m.end()), text)


def _repair_run(run: str, text: str, start: int, end: int) -> str:
    slots = _slots(run)
    if not slots:
        return run
    before, after = text[max(0, start - 1):start], text[end:end + 1]
    chosen = [c[0] for c in slots]
    for _ in range(PASSES):
        for i, options in enumerate(slots):
            if len(options) == 1:
                continue
            prev = chosen[i - 1] if i else before
            nxt = chosen[i + 1] if i + 1 < len(chosen) else after
            chosen[i] = _best(options, prev, nxt)
    return "".join(chosen)


def _best(options: tuple[str, ...], prev: str, nxt: str) -> str:
    """max(options, key=score), the first of equals, without scoring every option: an option
    that forms no known pair with its neighbours scores its own character score only, so of those
    only the first with the best character score can win."""
    index, chars, top = _option_index(options)
    paired: set[str] = set()
    if prev:
        paired |= _followers().get(prev, frozenset()) & chars   # a set & a set: over the smaller
    if nxt:
        paired |= _leaders().get(nxt, frozenset()) & chars
    contenders = sorted({index[c] for c in paired} | {top})
    best = max(contenders, key=lambda i: _score(prev, options[i], nxt))   # max keeps the first of equals
    return options[best]


@lru_cache(maxsize=4096)
def _option_index(options: tuple[str, ...]) -> tuple[dict[str, int], frozenset[str], int]:
    """Each option's first position, the options as a set, and the position of the first with the
    best character score."""
    index: dict[str, int] = {}
    for i, c in enumerate(options):
        index.setdefault(c, i)
    return index, frozenset(index), max(range(len(options)), key=lambda i: _char_score(options[i]))


def _slots(run: str) -> list[tuple[str, ...]]:
    """For each character of the run, the characters it may have been."""
    tokens = [(0x85 if ch == " " else ord(ch)) for ch in run]   # a lost 0x85 (NEL) became a space
    slots: list[tuple[str, ...]] = []
    i = 0
    while i < len(tokens):
        lead = tokens[i]
        if not 0xE0 <= lead <= 0xEF:
            i += 1      # a byte whose lead was lost: nothing to rebuild
            continue
        cont = []
        j = i + 1
        while j < len(tokens) and len(cont) < 2 and (0xA0 <= tokens[j] <= 0xBF or tokens[j] == 0x85):
            cont.append(tokens[j])
            j += 1
        options = _candidates(lead, tuple(cont))
        if options:
            slots.append(options)
        i = j
    return slots


@lru_cache(maxsize=None)      # a few thousand (lead, continuation) shapes at most
def _candidates(lead: int, cont: tuple[int, ...]) -> tuple[str, ...]:
    if len(cont) == 2:
        seqs = [(lead, cont[0], cont[1])]
    elif len(cont) == 1:
        seqs = [(lead, x, cont[0]) for x in LOST] + [(lead, cont[0], x) for x in LOST]
    else:
        seqs = [(lead, x, y) for x in LOST for y in LOST]
    out = []
    for seq in seqs:
        try:
            ch = bytes(seq).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if _frequency(ch) > 0 or ch in PUNCTUATION_PRIOR:
            out.append(ch)
    return tuple(out) or (bytes((lead,) + cont).decode("utf-8", "replace")[:1],)


def _score(prev: str, ch: str, nxt: str) -> float:
    score = _char_score(ch)
    if prev:
        score += _pair_score(prev + ch)
    if nxt:
        score += _pair_score(ch + nxt)
    return score


@lru_cache(maxsize=None)
def _char_score(ch: str) -> float:
    return PUNCTUATION_PRIOR.get(ch, 0.0) + FREQUENCY_WEIGHT * math.log1p(_frequency(ch))


@lru_cache(maxsize=1 << 18)
def _pair_score(pair: str) -> float:
    return PAIR_WEIGHT * math.log1p(_report_pairs().get(pair, 0)) + (WORD_BONUS if pair in _words() else 0.0)


@lru_cache(maxsize=1)
def _report_pairs() -> dict[str, int]:
    table = resources.files("etl").joinpath("lexicon", "report_bigrams.tsv").read_text(encoding="utf-8")
    return {pair: int(n) for pair, n in (line.split("\t") for line in table.splitlines() if "\t" in line)}


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, float], frozenset[str]]:
    """Character frequencies and the two-character beginnings of words, from jieba's dictionary."""
    freq: dict[str, float] = {}
    pairs: set[str] = set()
    with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) < 2:
                continue
            word, n = parts[0], float(parts[1])
            for ch in word:
                freq[ch] = freq.get(ch, 0.0) + n
            for k in range(len(word) - 1):
                pairs.add(word[k:k + 2])
    return freq, frozenset(pairs)


@lru_cache(maxsize=1)
def _followers() -> dict[str, frozenset[str]]:
    """For each character, the characters that follow it in a known pair (reports or dictionary)."""
    return _index_pairs(0)


@lru_cache(maxsize=1)
def _leaders() -> dict[str, frozenset[str]]:
    """For each character, the characters that precede it in a known pair."""
    return _index_pairs(1)


def _index_pairs(side: int) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for pair in set(_report_pairs()) | _words():
        if len(pair) == 2:
            out.setdefault(pair[side], set()).add(pair[1 - side])
    return {ch: frozenset(others) for ch, others in out.items()}


def _frequency(ch: str) -> float:
    return _dictionary()[0].get(ch, 0.0)


def _words() -> frozenset[str]:
    return _dictionary()[1]
