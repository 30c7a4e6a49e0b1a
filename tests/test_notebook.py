"""The analysis notebook runs top to bottom on a warehouse built from the bundled corpus."""
import os
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import CORPUS, ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def corpus_warehouse(tmp_path_factory):
    db = tmp_path_factory.mktemp("notebook") / "warehouse.duckdb"
    subprocess.run([sys.executable, "-m", "etl", "build", str(CORPUS), "--db", str(db)], cwd=ROOT, check=True,
                   capture_output=True)
    return db


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path, corpus_warehouse, monkeypatch):
    monkeypatch.setenv("WAREHOUSE", str(corpus_warehouse))   # the kernel inherits it
    notebook = nbformat.read(path, as_version=4)
    assert not any(cell.get("outputs") for cell in notebook.cells), "commit notebooks without outputs"
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()   # raises on a failing cell
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert f"warehouse: {corpus_warehouse}" in printed and "the SQL and pandas agree" in printed
    charts = [o for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert len(charts) >= 3, "the notebook draws its charts"


def test_there_is_a_notebook():
    assert NOTEBOOKS and os.path.getsize(NOTEBOOKS[0]) > 1000
