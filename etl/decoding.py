"""Bytes of a text file → str, tolerant of a little damage.

Entry: `decode_bytes(raw)` → (text, encoding, warnings).

Principles: a BOM is a statement, not a hint; UTF-8 is tried before any guessing (its multi-byte
structure makes a false match unlikely); other encodings are the detector's guess. A file that is
overwhelmingly valid in one encoding (at most MAX_BAD_SHARE of its bytes undecodable: a stray byte,
a download cut mid-character) is read with each bad run of bytes replaced by U+FFFD, and a warning
says how many bytes and where the first is; a file more damaged than that is refused, saying how
much could not be decoded, because figures read from it could not be trusted.
"""
from __future__ import annotations

import codecs
import threading

import charset_normalizer

from .errors import UnreadableFile

BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]
MAX_BAD_SHARE = 0.01          # of a file's bytes; each bad run becomes one U+FFFD
# GB2312 and GBK guesses are read as GB18030, their superset, so that a rare character does not
# turn into a decoding error
GB_FAMILY = {"gb2312", "gbk", "cp936", "hzgb2312"}
ASCII = bytes(range(128))
REPAIR_PROBE = "gb18030"      # whose bad bytes are dropped before asking the detector again
_ERRORS = "etl-note-bad-bytes"
_local = threading.local()


def _note_bad(error: UnicodeDecodeError) -> tuple[str, int]:
    _local.bad.append((error.start, error.end))
    return "\ufffd", error.end


codecs.register_error(_ERRORS, _note_bad)


def decode_bytes(raw: bytes) -> tuple[str, str, list[str]]:
    """Decode `raw`; raise UnreadableFile where no encoding reads at least 1 - MAX_BAD_SHARE of it."""
    for bom, codec in BOMS:
        if raw.startswith(bom):
            return _accepted(raw, codec)
    try:
        return raw.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    if _looks_like_utf16(raw):
        for codec in ("utf-16-le", "utf-16-be"):
            text, bad = _decode(raw, codec)
            if _bad_share(raw, bad) <= MAX_BAD_SHARE and _mostly_cjk_or_ascii(text):
                return _accepted(raw, codec)
    bad = _decode(raw, "utf-8")[1]
    # most non-ASCII bytes valid UTF-8: a damaged UTF-8 file (in GBK text few byte pairs happen to
    # be UTF-8), whatever a single-byte code page, which decodes anything, might make of it
    non_ascii = len(raw.translate(None, ASCII))
    if _bad_share(raw, bad) <= MAX_BAD_SHARE or _bad_bytes(bad) < non_ascii / 2:
        return _accepted(raw, "utf-8")
    codec = _detected(raw)
    if codec is None:   # a few bad bytes are enough to confuse the detector: ask again without them
        codec = _detected(_without(raw, _decode(raw, REPAIR_PROBE)[1]))
    if codec is None:
        raise UnreadableFile("not text in any known encoding (binary file?)")
    return _accepted(raw, codec)


def _accepted(raw: bytes, codec: str) -> tuple[str, str, list[str]]:
    """`raw` decoded as `codec` with a warning for its bad bytes, or UnreadableFile if they are too many."""
    text, bad = _decode(raw, codec)
    share, count = _bad_share(raw, bad), _bad_bytes(bad)
    if share > MAX_BAD_SHARE:
        raise UnreadableFile(f"too damaged to read: {count:,} of {len(raw):,} bytes ({share:.1%}) cannot be "
                             f"decoded as {codec} (at most {MAX_BAD_SHARE:.0%} are replaced)")
    if not bad:
        return text, codec, []
    first = bad[0][0]
    line = _decode(raw[:first], codec)[0].count("\n") + 1
    return text, codec, [f"{count} byte{'s' if count > 1 else ''} that cannot be decoded as {codec} replaced by "
                         f"U+FFFD, the first at byte {first} (line {line})"]


def _decode(raw: bytes, codec: str) -> tuple[str, list[tuple[int, int]]]:
    """The text, each undecodable run of bytes replaced, and those runs as (start, end) offsets."""
    _local.bad = []
    try:
        return raw.decode(codec, errors=_ERRORS), _local.bad
    except LookupError as e:   # a guess Python has no codec for
        raise UnreadableFile(f"cannot decode as {codec}: no such codec") from e
    finally:
        del _local.bad


def _bad_bytes(bad: list[tuple[int, int]]) -> int:
    return sum(end - start for start, end in bad)


def _bad_share(raw: bytes, bad: list[tuple[int, int]]) -> float:
    return _bad_bytes(bad) / max(len(raw), 1)


def _detected(raw: bytes) -> str | None:
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        return None
    return "gb18030" if best.encoding.lower().replace("_", "") in GB_FAMILY else best.encoding


def _without(raw: bytes, runs: list[tuple[int, int]]) -> bytes:
    kept, last = [], 0
    for start, end in runs:
        kept.append(raw[last:start])
        last = end
    kept.append(raw[last:])
    return b"".join(kept)


def _looks_like_utf16(raw: bytes) -> bool:
    # ASCII in UTF-16 leaves every other byte zero; CJK text rarely has NULs otherwise.
    sample = raw[:4000]
    return sample.count(0) > len(sample) // 8


def _mostly_cjk_or_ascii(text: str) -> bool:
    sample = text[:2000]
    good = sum(1 for ch in sample if ch.isascii() or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f")
    return good >= 0.9 * len(sample)
