"""Whose account a unit is: the one module that decides a body, with its evidence.

Principles (spec: "Report units", "Bodies and counts"):
- A unit's title or speaker line names its body (白城市人民代表大会常务委员会
  工作报告, 政协德阳市委员会常务委员会工作报告, 川汇区人大常委会主任 …).
- Without one, the body the text names clearly more often decides: a congress
  report that mentions CPPCC members attending (政协委员列席) stays a congress
  report; the first mention decides nothing.
- A text that names no body is the one its file name names (潍坊-政协-2011.html).
- Where neither body dominates (a news item on both sessions, 两会), each
  count belongs to the body named nearest before it in its sentence, and a
  count whose sentence names neither goes by its wording (代表建议 is the
  congress's, 提案 the CPPCC's): such an item holds one unit per body.
- A count whose sentence names no body belongs to the body of the section
  label above it (a yearbook's 【县政协】 section in a county's entry).
- 人大及其常委会 (the congress and its standing committee) is the standing
  committee's account.
- The national congress's and CPPCC's own accounts are out of scope: a text
  that names 全国人大常委会 as its body and no local body yields no unit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .patterns import compile_fast

NPC, CPPCC = "npc_sc", "cppcc_sc"
NPC_NAME = compile_fast(r"人民代表大会|人大|代表大会")
CPPCC_NAME = compile_fast(r"政协|政治协商会议")
# In a title: a CPPCC committee's report (政协X委员会常务委员会, 中国人民政治协商会议X委员会…).
CPPCC_HEAD = compile_fast(r"政协|政治协商|(?<!代表大会)委员会常务委员会|各位委员")
NPC_HEAD = compile_fast(r"人民代表大会|人大")
NATIONAL = compile_fast(r"全国人民代表大会常务委员会|全国人大常委会|政协全国委员会|全国政协")
LOCAL_BODY = compile_fast(r"(?:省|自治区|市|州|县|区|旗|盟)(?:人大常委会|人民代表大会常务委员会|政协|委员会常务委员会)")
ORGANISATION_HEADLINE = compile_fast(r"(?:中国)?(?:民革|民盟|民建|民进|农工党|致公党|九三学社|台盟|工商联)")
HEADLINE_LINES = 6
# 【县政协】 at a line's start, or a short line of its own (a yearbook's section heading).
SECTION_LINE_MAX = 16
SENTENCE_MARKS = set("，,。；;")
DOMINANCE = 2.0          # one body named at least this many times as often as the other decides


@dataclass(frozen=True)
class BodyDecision:
    body: str | None     # None: both bodies report in this unit (counts go by their own sentence)
    evidence: str
    both_named: bool = False    # the text names both bodies (a 两会 item), not neither

    def bodies_without_figures(self) -> list[str]:
        """The units of a text that reports no figure: its body, both for a two-body item."""
        return [self.body] if self.body else [NPC, CPPCC] if self.both_named else [NPC]


def body_of_unit(head: str, text: str, file_name: str = "") -> BodyDecision:
    if head:
        if CPPCC_HEAD.search(head):
            return BodyDecision(CPPCC, f"title: {head[:40]}")
        if NPC_HEAD.search(head) or "常委会" in head:
            return BodyDecision(NPC, f"title: {head[:40]}")
    npc, cppcc = len(NPC_NAME.findall(text)), len(CPPCC_NAME.findall(text))
    if npc >= DOMINANCE * cppcc and npc:
        return BodyDecision(NPC, f"the text names the congress {npc}×, the CPPCC {cppcc}×")
    if cppcc >= DOMINANCE * npc and cppcc:
        return BodyDecision(CPPCC, f"the text names the CPPCC {cppcc}×, the congress {npc}×")
    if not npc and not cppcc:
        named = body_of_unit(Path(file_name).stem, "") if file_name else None
        if named and named.body:
            return BodyDecision(named.body, f"the text names no body; file name: {file_name}")
        return BodyDecision(None, "no body named: each count by its own wording")
    return BodyDecision(None, f"both bodies named (congress {npc}×, CPPCC {cppcc}×): each count by its sentence", True)


def is_national(head: str, text: str) -> bool:
    """The national congress's or CPPCC's own account: it names itself, and no local body by its level."""
    return bool(NATIONAL.search(head) or (len(NATIONAL.findall(text)) >= 2 and not LOCAL_BODY.search(text)))


def organisation_account(text: str) -> bool:
    """A democratic party's or the federation of industry and commerce's own account of a session
    (民进中卫市委会积极履职市“两会”): a headline, before the first sentence, opens on the organisation.
    Its counts are its members' proposals and speeches, not the committee's."""
    for line in text.split("\n", HEADLINE_LINES)[:HEADLINE_LINES]:
        if "。" in line:
            return False
        if ORGANISATION_HEADLINE.match(line.strip()):
            return True
    return False


def section_bodies(text: str, lo: int, hi: int) -> list[tuple[int, str]]:
    """(position, body) of the section labels in text[lo:hi] that name one body: 【县政协】, a short
    heading line (县人大常委会) — the counts under a label that no sentence attributes are its body's."""
    out, pos = [], lo
    for line in text[lo:hi].split("\n"):
        stripped = line.strip()
        label = (stripped[1:stripped.find("】")] if stripped.startswith("【") and "】" in stripped
                 else stripped if 2 <= len(stripped) <= SECTION_LINE_MAX and not SENTENCE_MARKS & set(stripped) else "")
        if label:
            npc, cppcc = bool(NPC_NAME.search(label)), bool(CPPCC_NAME.search(label))
            if npc != cppcc:
                out.append((pos, NPC if npc else CPPCC))
        pos += len(line) + 1
    return out


def body_of_section(sections: list[tuple[int, str]], pos: int) -> str | None:
    before = [body for start, body in sections if start <= pos]
    return before[-1] if before else None
