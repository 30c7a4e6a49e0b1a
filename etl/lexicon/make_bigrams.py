"""Write report_bigrams.tsv: how often two characters stand side by side in the bundled reports.

The mojibake repair (etl/mojibake.py) picks, among the characters a damaged byte sequence may have
been, the one that reads like a work report; this table is its model of the genre. Rebuild it after
changing the bundled corpus:

    python etl/lexicon/make_bigrams.py
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from etl import DEFAULT_CORPUS  # noqa: E402
from etl.reading import read_document  # noqa: E402

OUT = Path(__file__).with_name("report_bigrams.tsv")
MIN_COUNT = 2


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def main() -> None:
    counts: Counter[str] = Counter()
    for path in sorted(Path(DEFAULT_CORPUS).iterdir()):
        text = read_document(path).text
        counts.update(text[i:i + 2] for i in range(len(text) - 1) if is_cjk(text[i]) or is_cjk(text[i + 1]))
    rows = sorted((pair, n) for pair, n in counts.items() if n >= MIN_COUNT and "\n" not in pair and "\t" not in pair)
    OUT.write_text("".join(f"{pair}\t{n}\n" for pair, n in rows), encoding="utf-8")
    print(f"{OUT}: {len(rows)} pairs")


if __name__ == "__main__":
    main()
