"""Document → report units: place, body, period and metrics, each with its evidence.

Entry point: `extract_document(doc)`, a list of unit dicts in the shape of
spec/extract-output.md (plus place_evidence, body_evidence, period_evidence).
This module only orchestrates; each decision lives in its own module:
segmentation in segment.py, the place in locate.py, the body in bodies.py,
the period in periods.py, the figures in metrics.py.

How figures become units: each part of a unit (an annual review, a term
review) has a period; a count whose own clause writes another year or span
(1991-1993年期间…, 1987年举行了5次会议) forms a unit of that period; a unit of
two bodies (两会) gives one unit per body that reports figures; a chronicle
(a text of sentences that each open on a year, with nothing else to date it)
gives one unit per year.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from . import bodies, locate, periods
from .metrics import Bounds, Hit, Scope, choose_figures, enumerate_laws, read_hits
from .periods import Period
from .reading import Document
from .segment import Part, Span, period_parts, split_units


EXTRACTOR_FILES = ("extract.py", "segment.py", "places.py", "locate.py", "bodies.py", "periods.py",
                   "metrics.py", "patterns.py", "numerals.py", "catalogue.py")
TOP_OF_FILE = 3000     # a file without a preface: its dateline and summary stand this near its top


@dataclass
class UnitDraft:
    part: Part
    body: str
    period: Period
    hits: list[Hit]
    first_line: int | None = None     # a chronicle year's own first line


def extract_document(doc: Document) -> list[dict]:
    lines = doc.text.split("\n")
    line_start = [0]
    for line in lines:
        line_start.append(line_start[-1] + len(line) + 1)
    spans, first = split_units(lines)
    preface = "\n".join(lines[:first])
    top = preface or doc.text[:TOP_OF_FILE]       # where a file's own dateline stands
    context = doc.text + "\n" + doc.name        # parents named anywhere settle same-named places
    units = []
    for span in spans:
        span_text = doc.text[line_start[span.start]:line_start[span.end + 1]]
        decided = bodies.body_of_unit(span.head, span_text, doc.name)
        located = locate.place_of(_head_lines(span, lines), span_text, doc.name, context, decided.body)
        if located.place is None and bodies.is_national(span.head, span_text):
            continue   # the national congress or CPPCC: not a local body's account (out of scope)
        party_account = bodies.organisation_account(span_text)   # its counts are the party's own
        own_level = _level_word(located)
        plan = _plan_text(span, lines)
        for part in period_parts(span, lines):
            start, stop = line_start[part.first], line_start[part.last + 1] - 1
            ctx = periods.Context(part=doc.text[start:stop], unit=span_text, document=top,
                                  head=span.head, plan=plan, heading_year=part.year, is_term=part.kind == "term",
                                  is_plan=part.kind == "plan",
                                  level=located.place.level if located.place else None,
                                  province=located.place.province if located.place else None,
                                  body=decided.body or bodies.NPC)
            scope = Scope(decided.body, own_level, ctx.report_year, tuple(bodies.section_bodies(doc.text, start, stop)))
            bounds = Bounds(doc.text, start, stop)
            hits = read_hits(doc.text, bounds, scope) if part.kind != "plan" and not party_account else []
            first_figure = min((h.evidence_start for h in hits), default=stop) - start
            period = periods.decide(ctx, first_figure)
            for draft in _drafts(doc.text, start, stop, part, period, hits, decided):
                figures = choose_figures(doc.text, draft.hits, bounds)
                if draft.body == bodies.NPC and draft.period is period and part.kind != "plan":
                    for metric, entry in enumerate_laws(doc.text, bounds).items():
                        figures.setdefault(metric, entry)
                units.append(_unit(doc.name, draft, located, decided, figures, lines, line_start))
    return units


def _drafts(text: str, lo: int, hi: int, part: Part, period: Period, hits: list[Hit],
            decided: bodies.BodyDecision) -> list[UnitDraft]:
    """The units of one part: by body, and by any period written for a count's own clause."""
    # a two-body item holds a unit per body that reports figures, or both where it reports none
    body_list = [decided.body] if decided.body else sorted({h.body for h in hits}) or decided.bodies_without_figures()
    # sentences that open on their own years beat any year inferred for the whole (spec: chronicles)
    chronicle = (_chronicle_years(text, lo, hi) if period.guessed
                 and not periods.REVIEW_MARKER.search(text, lo, hi) else [])
    drafts: dict[tuple, UnitDraft] = {}
    for body in body_list:
        if chronicle:
            for line_pos, year in chronicle:
                key = (body, year, year)
                drafts.setdefault(key, UnitDraft(part, body, Period(year, year, False, f"chronicle entry {year}"), [],
                                                 text.count("\n", 0, line_pos)))
        else:
            drafts[(body, period.start, period.end)] = UnitDraft(part, body, period, [])
    for h in hits:
        if h.body not in body_list:
            continue
        own = h.period
        if own and own[0] is None and period.kind == "term":
            own = None   # a term's ordinal inside a term review: the review's own period
        if own is None and chronicle:
            year = _year_before(chronicle, h.count.start)
            own = (year, year, f"chronicle entry {year}") if year else None
        key = (h.body, own[0], own[1]) if own else (h.body, period.start, period.end)
        if key not in drafts:
            drafts[key] = UnitDraft(part, h.body, Period(own[0], own[1], False, own[2]), [])
        drafts[key].hits.append(h)
    for body in body_list if not chronicle else ():
        key = (body, period.start, period.end)
        others = [d for k, d in drafts.items() if k[0] == body and k != key and d.hits]
        if key in drafts and not drafts[key].hits and others:
            del drafts[key]   # every figure of this body belongs to a period of its own
    return list(drafts.values())


def _chronicle_years(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(position, year) of a chronicle's entries: sentences opening on at least two past years."""
    entries = periods.sentence_years(text, lo, hi)
    years = {y for _, y in entries}
    if len(years) < 2:
        return []
    first_seen: dict[int, int] = {}
    for pos, y in entries:
        first_seen.setdefault(y, pos)
    return sorted(((pos, y) for y, pos in first_seen.items()), key=lambda e: e[0])


def _year_before(entries: list[tuple[int, int]], pos: int) -> int | None:
    before = [y for p, y in entries if p <= pos]
    return before[-1] if before else None


def _unit(source: str, draft: UnitDraft, located: locate.Located, decided: bodies.BodyDecision,
          figures: dict, lines: list[str], line_start: list[int]) -> dict:
    place = located.place
    part = draft.part
    first = part.first if draft.first_line is None else max(part.first, draft.first_line)
    body_evidence = decided.evidence if decided.body else f"{decided.evidence}; figures of this body"
    return {
        "source": source,
        "lines": [first + 1, part.end_line + 1],
        "city": place.name if place else located.name,
        "adcode": place.adcode if place else None,
        "province": place.province if place else None,
        "level": place.level if place else None,
        "parent": place.parent if place and place.level == "county" else None,
        "body": draft.body,
        "period_start": draft.period.start, "period_end": draft.period.end,
        "period_inferred": draft.period.inferred,
        "period_kind": draft.period.kind,
        "place_evidence": located.evidence,
        "body_evidence": body_evidence,
        "period_evidence": draft.period.evidence,
        "metrics": figures,
    }


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A hash of everything that decides what is extracted from a normalised text: the modules
    after reading, and the data they read."""
    digest = hashlib.sha256()
    for name in EXTRACTOR_FILES:
        digest.update(resources.files("etl").joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def _head_lines(span: Span, lines: list[str]) -> str:
    """The unit's title or speaker line with the delivery and speaker lines right under it."""
    if not span.head:
        return ""
    out = [span.head]
    for line in lines[span.start + 1:span.start + 6]:
        s = line.strip()
        if s.startswith(("——", "—", "-")) or locate.SPEAKER_LINE.search(s):
            out.append(s)
    return "\n".join(out)


def _level_word(located: locate.Located) -> str | None:
    name = located.name or ""
    for suffix in ("自治区", "省", "市", "州", "盟", "县", "区", "旗"):
        if name.endswith(suffix):
            return "州" if suffix == "州" else suffix
    return None


def _plan_text(span: Span, lines: list[str]) -> str:
    plan = next((s.line for s in span.sections if s.kind == "plan"), None)
    return "\n".join(lines[plan:span.end + 1]) if plan is not None else ""
