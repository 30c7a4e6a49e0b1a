"""Filters live in the URL: read a page's query string into checked values, and write them back.

A value that cannot be understood is replaced by the page's default and reported to the user
("year='abc': not a year"), never raised: a shared link with a typo still opens a page. Callbacks
check what the browser sends them with the same rules (`read` takes their lists, numbers and
booleans as the query string would hold them): a request crafted by hand gets the same warning as a
link, never a message from deep inside.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

FIRST_YEAR, LAST_YEAR = 1949, 2100
SHOWN_CHARS = 60   # of a value quoted back in a warning
SHOWN_ITEMS = 5    # of a list of bad values named in a warning
# places one view may choose: a chart of more says nothing, and each costs the view's queries work
# (Compare with every adcode, 3,212 places, took 138 s of a server process before this limit)
MAX_PLACES = 100


@dataclass(frozen=True)
class Param:
    name: str
    parse: Callable[[str], Any]     # raises ValueError with a message for the user
    default: Any = None


def read(query: dict[str, str], params: Iterable[Param]) -> tuple[dict[str, Any], list[str]]:
    """The values of `params` in `query`, and a message for each part that was not understood."""
    params = list(params)
    values, problems = {}, []
    for p in params:
        raw = query.get(p.name)
        text = _as_text(raw)
        if text is None or text.strip() == "":
            values[p.name] = p.default
            continue
        try:
            values[p.name] = p.parse(text.strip())
        except ValueError as e:
            values[p.name] = p.default
            problems.append(f"{p.name}={shown(raw)}: {e}")
    known = {p.name for p in params}
    problems += [f"{name}: 未知参数 · unknown parameter, ignored" for name in query if name not in known]
    return values, problems


def shown(value: Any) -> str:
    """A value quoted in a warning, cut short: a crafted request may send a megabyte."""
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def _as_text(value: Any) -> str | None:
    """A value as a query string holds it: a callback hands over lists, numbers and booleans."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple)):
        return ",".join(map(str, value))
    return str(value)


def write(values: dict[str, Any], params: Iterable[Param]) -> str:
    """The query string for `values`, leaving out defaults so that links stay short."""
    pairs = []
    for p in params:
        value = values.get(p.name)
        if value is None or value == p.default or value == []:
            continue
        if isinstance(value, bool):
            value = "1" if value else "0"
        elif isinstance(value, (list, tuple)):
            value = ",".join(map(str, value))
        pairs.append((p.name, str(value)))
    return "?" + urlencode(pairs, safe=",:") if pairs else ""


# -- parsers ---------------------------------------------------------------------------------
def choice(options: Iterable[str]) -> Callable[[str], str]:
    allowed = list(options)

    def parse(raw: str) -> str:
        if raw not in allowed:
            shown = ", ".join(allowed[:8]) + (" …" if len(allowed) > 8 else "")
            raise ValueError(f"不是可选值 · not one of: {shown}")
        return raw
    return parse


def year(raw: str) -> int:
    if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
        raise ValueError(f"不是年份 · not a year between {FIRST_YEAR} and {LAST_YEAR}")
    return int(raw)


def flag(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError("应为 1 或 0 · expected 1 or 0")


def key_list(raw: str) -> list[str]:
    """Place keys: adcodes, or name:… for a place without one; at most MAX_PLACES."""
    keys = [k.strip() for k in raw.split(",") if k.strip()]
    if len(keys) > MAX_PLACES:
        raise ValueError(f"{len(keys):,} 个地区，最多可选{MAX_PLACES}个 · {len(keys):,} places: at most "
                         f"{MAX_PLACES} can be chosen")
    bad = [k for k in keys if not (k.isdigit() and len(k) == 6) and not k.startswith("name:")]
    if bad:
        raise ValueError(f"不是地区代码 · not a 6-digit adcode: {listed(bad)}")
    return keys


def listed(values: list[str]) -> str:
    """The first few of `values`, each cut short, for a warning."""
    shown_values = [v if len(v) <= SHOWN_CHARS else v[:SHOWN_CHARS] + "…" for v in values[:SHOWN_ITEMS]]
    return ", ".join(shown_values) + (f" … ({len(values):,} in all)" if len(values) > SHOWN_ITEMS else "")
