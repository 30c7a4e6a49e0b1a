"""Extraction quality: the bundled corpus against its gold (tests/gold), and the development set in
../shared/dev where it is present. The scorer is the shared one (tests/gold_score.py is its copy)."""
import importlib.util
import json

import pytest

from conftest import GOLD, ROOT

SAMPLE_THRESHOLDS = {"strict_f1": 0.97, "unit_recall": 1.00, "unit_precision": 0.95,
                     "period_accuracy": 0.95, "adcode_accuracy": 0.95}
DEV = ROOT.parent / "shared" / "dev"
# The development set's texts never state a year in some items (their gold comes from the page
# address): period accuracy there is bounded below 0.95 by principle (see the closing note of issue 10).
DEV_THRESHOLDS = {"strict_f1": 0.93, "unit_recall": 0.95, "period_accuracy": 0.90, "adcode_accuracy": 0.95}


@pytest.fixture(scope="module")
def score():
    spec = importlib.util.spec_from_file_location("gold_score", ROOT / "tests" / "gold_score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measures(result):
    return {**{k: result[k] for k in ("unit_recall", "unit_precision", "period_accuracy", "adcode_accuracy", "f1")},
            "strict_f1": result["strict"]["f1"]}


@pytest.mark.parametrize("measure", sorted(SAMPLE_THRESHOLDS))
def test_quality_on_the_bundled_corpus(score, extracted_units, measure):
    got = measures(score.score(score.load_gold([str(GOLD)]), extracted_units))
    assert got[measure] >= SAMPLE_THRESHOLDS[measure], got


@pytest.fixture(scope="module")
def dev_units():
    if not (DEV / "gold.json").exists():
        pytest.skip(f"the development set is not here ({DEV}): it lives beside the project, not in it")
    from etl.extract import extract_document
    from etl.reading import read_document

    return [u for f in sorted((DEV / "texts").glob("*.txt")) for u in extract_document(read_document(f))]


@pytest.mark.parametrize("measure", sorted(DEV_THRESHOLDS))
def test_quality_on_the_development_set(score, dev_units, measure):
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    got = measures(score.score(gold, dev_units))
    assert got[measure] >= DEV_THRESHOLDS[measure], got


def test_every_evidence_is_in_the_text(extracted_units, corpus_files):
    from etl.reading import read_document

    texts = {f.name: read_document(f).text for f in corpus_files}
    for unit in extracted_units:
        for metric in unit["metrics"].values():
            assert texts[unit["source"]][metric["start"]:metric["end"]] == metric["evidence"]


def test_every_unit_says_why(extracted_units):
    for unit in extracted_units:
        assert unit["place_evidence"] and unit["body_evidence"] and unit["period_evidence"]
