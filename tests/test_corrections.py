"""Corrections that survive rebuilds (etl/corrections.py): written to the corrections file beside the
warehouse, applied by every build after extraction, kept when a document is read again, reported and
stored when they no longer match; a malformed line is named and the rest still apply."""
import json

import duckdb
import pytest

import queries
from etl import corrections
from etl.warehouse import build
from conftest import rows_of as rows

REPORT = ("信阳市人民代表大会常务委员会工作报告\n各位代表：\n2022年工作回顾\n"
          "2022年，常委会召开常委会会议7次，任免国家机关工作人员80人次。\n"
          "常委会组成人员深入基层走访代表三十余批。\n")




def fact(db, metric):
    """The fact as the app sees it (queries/correctable_facts.sql)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        units = [u for (u,) in con.execute("SELECT unit_id FROM units").fetchall()]
        return queries.run("correctable_facts", con, unit_ids=units, metric=metric).iloc[0].to_dict()
    finally:
        con.close()


def correct(db, record):
    corrections.append_correction(corrections.path_for(db), record)
    return build([], db)


@pytest.fixture
def built(tmp_path):
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    db = tmp_path / "w.duckdb"
    build([tmp_path / "r.txt"], db)
    return db


def figures(db):
    return {m: (v, c, o) for m, v, c, o in rows(db, "SELECT metric, value, corrected, original_value FROM figures")}


def test_a_value_corrected_is_applied_at_build_and_keeps_the_extractors_reading(built):
    summary = correct(built, corrections.fact_record(fact(built, "sessions"), "value", 8, "the report says 8", "ana"))
    assert figures(built) == {"sessions": (8, True, 7), "appointments": (80, False, None)}
    assert summary.correction_report.applied == 1 and "1 applied, 0 stale" in str(summary)
    shown = fact(built, "sessions")
    assert (shown["original_value"], shown["source"]) == (7, "extractor")
    (applied,) = shown["applied"]
    assert (applied["what"], applied["old"], applied["new"], applied["why"], applied["who"]) == (
        "value", "7", "8", "the report says 8", "ana")
    # a second build applies the file once, not twice: the same figures
    build([], built)
    assert figures(built)["sessions"] == (8, True, 7)


def test_corrections_are_kept_when_the_document_is_read_again(built):
    correct(built, corrections.fact_record(fact(built, "appointments"), "qualifier", "at_least", "余", "ana"))
    con = duckdb.connect(str(built))
    con.execute("UPDATE extractions SET extractor_version = 'an older one'")   # as if the extractor changed
    con.close()
    summary = build([], built)
    assert summary.files_reextracted == 1
    assert rows(built, "SELECT qualifier, corrected, original_qualifier FROM figures WHERE metric = 'appointments'"
                ) == [("at_least", True, "exact")]


def test_a_correction_that_no_longer_matches_is_reported_and_stored(built, tmp_path):
    record = corrections.fact_record(fact(built, "sessions"), "value", 8, "typo", "ana")
    stale_value = {**record, "id": "was-6", "old": 6}   # made against a reading the extractor no longer gives
    moved = {**record, "id": "moved", "line": 3}        # its evidence is not at that line
    gone = {**record, "id": "gone", "document": "0" * 64}
    for r in (stale_value, moved, gone):
        corrections.append_correction(corrections.path_for(built), r)
    summary = build([], built)
    stale = dict(summary.correction_report.stale)
    assert set(stale) == {"was-6", "moved", "gone"}
    assert "now 7, not 6" in stale["was-6"] and "line 3" in stale["moved"] and "not in this warehouse" in stale["gone"]
    assert "stale correction was-6" in str(summary)
    assert sorted(rows(built, "SELECT correction_id, status FROM corrections")) == [
        ("gone", "stale"), ("moved", "stale"), ("was-6", "stale")]
    assert figures(built)["sessions"] == (7, False, None)


def test_a_malformed_line_is_named_and_the_rest_still_apply(built):
    good = corrections.fact_record(fact(built, "sessions"), "wrong", None, "a plan, not a count", "ana")
    path = corrections.path_for(built)
    path.write_text("{not json\n" + json.dumps({**good, "new": "x", "what": "value"}) + "\n" + json.dumps(good)
                    + "\n", encoding="utf-8")
    summary = build([], built)
    assert [n for n, _ in summary.correction_report.malformed] == [1, 2]
    assert "line 1: not JSON" in str(summary) and "line 2: new: 'x' is not a count" in str(summary)
    assert "sessions" not in figures(built)   # marked wrong: it leaves the figures
    assert rows(built, "SELECT file_line, status FROM corrections ORDER BY file_line") == [
        (1, "malformed"), (2, "malformed"), (3, "applied")]


def test_a_missed_count_is_added_as_a_fact_of_the_correction(built):
    line = REPORT.split("\n")[4]
    start = line.index("走访代表三十余批")
    record = corrections.missed_record(rows(built, "SELECT document_id FROM documents")[0][0], 5, start, "走访代表三十余批",
                                       "surveys", 30, "at_least", "missed", "ana")
    correct(built, record)
    assert figures(built)["surveys"] == (30, True, None)
    assert rows(built, "SELECT evidence, start_offset FROM facts WHERE metric = 'surveys'") == [
        ("走访代表三十余批", REPORT.index("走访代表三十余批"))]
    assert rows(built, "SELECT source FROM fact_corrections WHERE metric = 'surveys'") == [("correction",)]
    # the selection must be the text at that line
    build_again = correct(built, {**record, "id": "elsewhere", "line": 4})
    assert "elsewhere" in dict(build_again.correction_report.stale)


def test_a_units_period_corrected_moves_its_figures(built):
    correct(built, corrections.fact_record(fact(built, "sessions"), "period", [2021, 2021], "the 2021 report", "ana"))
    assert rows(built, "SELECT DISTINCT period_start, period_end, period_kind, corrected FROM figures") == [
        (2021, 2021, "annual", True)]
    correct(built, corrections.fact_record(fact(built, "sessions"), "place", {"adcode": "410100"}, "郑州", "ana"))
    assert rows(built, "SELECT DISTINCT place_key, city FROM figures") == [("410100", "郑州市")]


def test_a_body_correction_its_metrics_do_not_fit_is_stale(built):
    record = corrections.fact_record(fact(built, "sessions"), "body", "cppcc_sc", "a CPPCC report", "ana")
    summary = correct(built, record)   # sessions and appointments are no metrics of a CPPCC committee
    assert "appointments, sessions are not metrics of cppcc_sc" in dict(summary.correction_report.stale)[record["id"]]
    assert rows(built, "SELECT DISTINCT body FROM figures") == [("npc_sc",)]
