"""Extraction quality on the bundled corpus, scored against the hand-labelled gold copy in tests/gold."""
import importlib.util

import pytest

from conftest import GOLD, ROOT

THRESHOLDS = {"f1": 0.95, "unit_recall": 1.00, "unit_precision": 0.95,
              "period_accuracy": 0.95, "adcode_accuracy": 0.95}


@pytest.fixture(scope="module")
def score():
    spec = importlib.util.spec_from_file_location("gold_score", ROOT / "tests" / "gold_score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("measure", sorted(THRESHOLDS))
def test_quality_against_gold(score, extracted_units, measure):
    result = score.score(score.load_gold([str(GOLD)]), extracted_units)
    assert result[measure] >= THRESHOLDS[measure], score.prf(result) | {m: result[m] for m in THRESHOLDS}


def test_every_evidence_is_in_the_text(extracted_units, corpus_files):
    from etl.reading import read_document

    texts = {f.name: read_document(f).text for f in corpus_files}
    for unit in extracted_units:
        for metric in unit["metrics"].values():
            assert texts[unit["source"]][metric["start"]:metric["end"]] == metric["evidence"]
