"""What every match of a regular expression must hold: one of a few characters, read from the pattern.

`required_chars(pattern)` gives a set of characters such that every match of
the pattern contains at least one of them, or None where the pattern promises
none (it may match the empty string, or anything). A text that holds none of
them cannot hold a match, so a set membership test can rule a pattern out
before the pattern is tried. Read from the parsed pattern, by these rules:
a literal holds itself; a class of literals holds one of them; a sequence
holds what any one of its parts holds (the part with the fewest characters
is taken); alternatives hold what all of them hold together (each must
promise something); a repeat holds what its item holds if it repeats at
least once; lookarounds and anchors match no characters and promise nothing.

`first_chars(pattern)` gives the characters of the Basic Multilingual Plane a
match may begin with (None where any may, or the pattern may match the empty
string); beyond that plane, a match may begin with any character: a sequence's
first part that must match something ends it, zero-width parts (lookarounds,
anchors) add nothing, alternatives and optional parts add theirs; a class adds
its literals, its small ranges and, for \\d, the decimal digits of the plane
(what \\d matches there, str.isdecimal).
`compile_fast(pattern)` compiles a pattern to one that finds exactly the same
matches faster: where the engine itself cannot skip to a possible first
character (the pattern opens on neither a literal nor a class, nor on an
alternation of literals), a lookahead for the first characters, and for every
character beyond the Basic Multilingual Plane (as rare in a report as it is
costly to rule out exactly), is put before it. The engine then skips every other position at the cost of one class test
instead of trying each alternative there; a match still begins with one of
them, so the matches, their spans and groups are unchanged.

`char_positions(text, chars)` finds a few single characters with str.find,
which skips between them far faster than the engine scans a class of them.
"""
from __future__ import annotations

import re
from re import _compiler, _constants as sre
from re import _parser

Chars = frozenset[str]
# Flags under which the lookahead of compile_fast would not read as the pattern does.
UNWRAPPABLE = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.LOCALE | re.ASCII
ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
DECIMAL_BMP = "".join(chr(c) for c in range(0x10000) if chr(c).isdecimal())   # \d in the plane: str.isdecimal
BEYOND_BMP = "\U00010000-\U0010ffff"        # as a class's range
SMALL_RANGE = 256      # a class's range of at most this many characters is read as its characters


def required_chars(pattern: str) -> Chars | None:
    parsed = _parser.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _sequence(parsed.data)


def _sequence(items) -> Chars | None:
    best = None
    for op, av in items:
        found = _item(op, av)
        if found is not None and (best is None or len(found) < len(best)):
            best = found
    return best


def _item(op, av) -> Chars | None:
    if op is sre.LITERAL:
        return frozenset(chr(av))
    if op is sre.IN:
        if all(kind is sre.LITERAL for kind, _ in av):
            return frozenset(chr(c) for _, c in av)
        return None
    if op is sre.SUBPATTERN:
        _, add_flags, _, sub = av
        return None if add_flags & re.IGNORECASE else _sequence(sub.data)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av.data)
    if op is sre.BRANCH:
        alternatives = [_sequence(alt.data) for alt in av[1]]
        return None if any(a is None for a in alternatives) else frozenset().union(*alternatives)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, sub = av
        return _sequence(sub.data) if low >= 1 else None
    return None


def char_positions(text: str, chars: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Where any of chars stands in text[lo:hi], in order."""
    hi = len(text) if hi is None else hi
    found: list[int] = []
    find = text.find
    for ch in chars:
        pos = find(ch, lo, hi)
        while pos >= 0:
            found.append(pos)
            pos = find(ch, pos + 1, hi)
    found.sort()
    return found


def first_chars(pattern: str) -> Chars | None:
    parsed = _parser.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return None
    chars, may_be_empty = _first_of_sequence(parsed.data)
    return None if chars is None or may_be_empty else chars


def compile_fast(pattern: str, flags: int = 0) -> re.Pattern:
    """re.compile(pattern, flags), or the same pattern behind a lookahead for its first characters
    where that lets the engine skip positions it cannot (see the module's docstring)."""
    parsed = _parser.parse(pattern, flags)
    chars = first_chars(pattern)
    if (chars is None or parsed.state.flags & UNWRAPPABLE or _opens_on(parsed.data, ZERO_WIDTH)
            or _compiler._get_literal_prefix(parsed, parsed.state.flags)[0]
            or _compiler._get_charset_prefix(parsed, parsed.state.flags)):
        return re.compile(pattern, flags)
    lead = "".join(re.escape(c) for c in sorted(chars)) + BEYOND_BMP
    return re.compile("(?=[" + lead + "])(?:" + pattern + ")", flags)


def _opens_on(items, ops) -> bool:
    """The pattern's first item (inside any groups) is one of ops (an anchor the engine uses)."""
    while items:
        op, av = items[0]
        if op is not sre.SUBPATTERN:
            return op in ops
        items = av[3].data
    return False


def _first_of_sequence(items) -> tuple[Chars | None, bool]:
    """(characters a match of the sequence may begin with, whether it may match nothing)."""
    chars: set[str] = set()
    for op, av in items:
        found, may_be_empty = _first_of_item(op, av)
        if found is None:
            return None, True
        chars |= found
        if not may_be_empty:
            return frozenset(chars), False
    return frozenset(chars), True


def _class_chars(items) -> Chars | None:
    """The characters of the plane a class matches, or None where it may match others than
    literals, small ranges and \\d (a negated class, a wide range, another category)."""
    chars: set[str] = set()
    for kind, value in items:
        if kind is sre.LITERAL:
            chars.add(chr(value))
        elif kind is sre.RANGE and value[1] - value[0] < SMALL_RANGE:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        elif kind is sre.CATEGORY and value is sre.CATEGORY_DIGIT:
            chars.update(DECIMAL_BMP)
        else:
            return None
    return frozenset(chars)


def _first_of_item(op, av) -> tuple[Chars | None, bool]:
    if op is sre.LITERAL:
        return frozenset(chr(av)), False
    if op is sre.IN:
        chars = _class_chars(av)
        return (None, True) if chars is None else (chars, False)
    if op in ZERO_WIDTH:
        return frozenset(), True
    if op is sre.SUBPATTERN:
        _, add_flags, _, sub = av
        return (None, True) if add_flags & re.IGNORECASE else _first_of_sequence(sub.data)
    if op is sre.ATOMIC_GROUP:
        return _first_of_sequence(av.data)
    if op is sre.BRANCH:
        alternatives = [_first_of_sequence(alt.data) for alt in av[1]]
        if any(chars is None for chars, _ in alternatives):
            return None, True
        return frozenset().union(*(chars for chars, _ in alternatives)), any(empty for _, empty in alternatives)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, sub = av
        if high == 0:
            return frozenset(), True
        chars, may_be_empty = _first_of_sequence(sub.data)
        return chars, may_be_empty or low == 0
    return None, True
