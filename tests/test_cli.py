import json
import subprocess
import sys

from conftest import CORPUS, ROOT


def run(*args):
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True)


def test_extract_prints_json_lines_and_reports_bad_files(tmp_path):
    bad = tmp_path / "garbage.txt"
    bad.write_bytes(bytes(range(256)) * 4)
    good = CORPUS / "003_d17878162788fd1b.txt"
    result = run("extract", str(bad), str(tmp_path / "missing.txt"), str(good))
    assert result.returncode == 0
    units = [json.loads(line) for line in result.stdout.splitlines()]
    assert units and all(u["source"] == good.name for u in units)
    assert "新安县" in result.stdout  # UTF-8, not ASCII-escaped
    assert "garbage.txt: skipped: not text" in result.stderr
    assert "missing.txt: skipped: cannot open" in result.stderr


def test_extract_fails_only_when_nothing_could_be_read(tmp_path):
    result = run("extract", str(tmp_path / "missing.txt"))
    assert result.returncode != 0
    assert result.stdout == ""


def test_summary_of_bundled_corpus():
    result = run("summary")
    assert result.returncode == 0
    assert "5 of 5 files read" in result.stdout


def test_extract_and_build_name_the_file_whose_bad_bytes_were_replaced(tmp_path):
    data = (CORPUS / "003_d17878162788fd1b.txt").read_bytes()
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes(data[:1000] + b"\x80" + data[1000:])
    result = run("extract", str(damaged))
    assert result.returncode == 0 and result.stdout
    assert f"{damaged}: warning: 1 byte" in result.stderr
    result = run("build", str(damaged), "--db", str(tmp_path / "w.duckdb"))
    assert result.returncode == 0
    assert "warning: damaged.txt: 1 byte" in result.stdout and "1 loaded" in result.stdout
