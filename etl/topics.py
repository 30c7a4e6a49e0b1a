"""Topic profiles: what a unit talks about, from its words.

Input: a unit's text. Output: a `Profile` — its content words with their counts (the warehouse's
`unit_terms`) and, for each policy theme, how many of its sentences use one of the theme's terms
(`unit_themes`; a theme's share = those sentences / all sentences). A sentence is a stretch of the
text between 。！？；!?; or line ends that holds Chinese; it uses a term when one of its words is
the term (政治生态 does not use 生态).

Words come from jieba's dictionary model, segmented by jieba-rs (the rjieba binding: the same
dictionary and algorithm as jieba, about 20 times faster), with the project's lexicon
(etl/lexicon/): congress_terms.txt and every theme term are added to the dictionary so that they
are cut out whole (一府一委两院, not
一府/一委/两院); stopwords.txt, single characters, numbers, numerals and place names are not content words (a place's
own name says nothing about what it worked on).
tests/test_topics.py holds the build's theme shares and domain-term counts on the bundled corpus to
those of jieba's own `lcut` (sentence by sentence, same dictionary and terms): within a point of
share, and equal when last measured.
themes.toml names the themes. The lexicon's hash is part of the cache key of the warehouse: a
document is segmented once per lexicon version (etl.warehouse.profile_documents).
"""
from __future__ import annotations

import hashlib
import re
import tomllib
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate

import rjieba

from . import places

ALGORITHM = "topics-3 rjieba"   # bump when the rules or the segmenter change, so that warehouses re-profile
SENTENCE_SPLIT = re.compile(r"[。！？；!?;\n]")
HAN = re.compile(r"[\u4e00-\u9fff]")
NUMBER_WORD = re.compile(r"^(?:[第]?[0-9零〇一二两三四五六七八九十百千万亿余多几]+[年月日次件项个名位条部届批期家所]?"
                         r"|[0-9.%％]+.*)$")
MIN_WORD_CHARS = 2


@dataclass(frozen=True)
class Theme:
    key: str
    label_zh: str
    label_en: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    terms: tuple[str, ...]          # the domain dictionary
    stopwords: frozenset[str]
    themes: tuple[Theme, ...]
    version: str                    # hash of the files and ALGORITHM: the cache key

    def rows(self) -> list[tuple]:
        """The `themes` table."""
        return [(n, t.key, t.label_zh, t.label_en, list(t.terms)) for n, t in enumerate(self.themes, 1)]


@dataclass
class Profile:
    terms: Counter = field(default_factory=Counter)       # content word → occurrences
    themes: Counter = field(default_factory=Counter)      # theme key → sentences using its terms
    sentences: int = 0                                    # sentences with any Chinese text


def _word_lines(raw: str) -> list[str]:
    """The words of a lexicon text file: whitespace-separated, '#' to the end of a line is a comment."""
    return [w for line in raw.splitlines() for w in line.split("#", 1)[0].split()]


@lru_cache(maxsize=None)
def load_lexicon(folder=None) -> Lexicon:
    folder = folder or resources.files("etl").joinpath("lexicon")
    raw = {name: folder.joinpath(name).read_text(encoding="utf-8")
           for name in ("congress_terms.txt", "stopwords.txt", "themes.toml")}
    try:
        spec = tomllib.loads(raw["themes.toml"])
        themes = tuple(Theme(key, t["label_zh"], t["label_en"], tuple(t["terms"])) for key, t in spec.items())
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as e:
        raise ValueError(f"{folder}/themes.toml: each theme needs label_zh, label_en and terms ({e})") from e
    digest = hashlib.sha256(ALGORITHM.encode())
    for name in sorted(raw):
        digest.update(raw[name].encode("utf-8"))
    return Lexicon(terms=tuple(_word_lines(raw["congress_terms.txt"])),
                   stopwords=frozenset(_word_lines(raw["stopwords.txt"])),
                   themes=themes, version=digest.hexdigest()[:16])


class Profiler:
    """The segmenter with the lexicon loaded; `profile(text)` for one unit."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.tokenizer = rjieba.Jieba()
        self.theme_of: dict[str, tuple[str, ...]] = {}
        for theme in lexicon.themes:
            for term in theme.terms:
                self.theme_of[term] = self.theme_of.get(term, ()) + (theme.key,)
        for word in dict.fromkeys(lexicon.terms + tuple(self.theme_of)):
            self.tokenizer.add_word(word, None, None)   # no frequency: one is suggested that keeps it whole
        self.not_content = lexicon.stopwords | places.name_forms()
        self._content: dict[str, bool] = {}

    def words(self, text: str) -> list[str]:
        return self.tokenizer.cut(text, True)

    def is_content(self, word: str) -> bool:
        known = self._content.get(word)
        if known is None:
            known = self._content[word] = (len(word) >= MIN_WORD_CHARS and word not in self.not_content
                                           and HAN.search(word) is not None and NUMBER_WORD.match(word) is None)
        return known

    def profile(self, text: str) -> Profile:
        # Per-word work stays in compiled code (cut, Counter, accumulate); Python touches each
        # distinct word once and each theme word once, so the profile costs little more than the cut.
        words = self.tokenizer.cut(text, True)
        out = Profile(terms=Counter({w: n for w, n in Counter(words).items() if self.is_content(w)}))
        pieces = SENTENCE_SPLIT.split(text)
        out.sentences = sum(1 for piece in pieces if HAN.search(piece))
        theme_of = self.theme_of
        hits = [i for i, w in enumerate(words) if w in theme_of]
        if hits:
            starts = list(accumulate(map(len, words), initial=0))
            ends = [m.start() for m in SENTENCE_SPLIT.finditer(text)]
            sentences_of = defaultdict(set)
            for i in hits:
                sentence = bisect_right(ends, starts[i])
                for theme in theme_of[words[i]]:
                    sentences_of[theme].add(sentence)
            out.themes = Counter({theme: len(s) for theme, s in sentences_of.items()})
        return out


_profilers: dict[str, Profiler] = {}


def profiler(lexicon: Lexicon | None = None) -> Profiler:
    """This process's profiler for `lexicon` (the project's by default), made once."""
    lexicon = lexicon or load_lexicon()
    if lexicon.version not in _profilers:
        _profilers[lexicon.version] = Profiler(lexicon)
    return _profilers[lexicon.version]


def profile_batch(batch: list[tuple[str, str]]) -> list[tuple[str, Profile]]:
    """(unit_id, text) pairs → (unit_id, profile); the unit of work of a build's process pool."""
    p = profiler()
    return [(unit_id, p.profile(text)) for unit_id, text in batch]
