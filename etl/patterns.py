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
"""
from __future__ import annotations

import re
from re import _constants as sre
from re import _parser

Chars = frozenset[str]


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
