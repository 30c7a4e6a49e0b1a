"""Congress Output Explorer ETL: report files → units and facts."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / "data" / "corpus"        # the bundled sample corpus
DEFAULT_DB = ROOT / "data" / "warehouse.duckdb"
