import json
import subprocess
import sys

from conftest import CORPUS, ROOT


def run(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "etl", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


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


def test_a_quoted_absolute_glob_is_expanded():
    result = run("extract", f"{CORPUS}/00[03]_*.txt")   # no shell: the pattern reaches the command as typed
    assert result.returncode == 0, result.stderr
    assert {json.loads(line)["source"][:3] for line in result.stdout.splitlines()} == {"000", "003"}


def test_a_fifo_is_refused_and_never_opened(tmp_path):
    import os

    folder = tmp_path / "reports"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")   # opening it for reading would wait for a writer for ever
    good = folder / "good.txt"
    good.write_bytes((CORPUS / "003_d17878162788fd1b.txt").read_bytes())
    result = run("extract", folder / "pipe.txt", good, timeout=60)
    assert result.returncode == 0 and "pipe.txt: skipped: not a regular file (a FIFO)" in result.stderr
    result = run("build", folder, "--db", tmp_path / "w.duckdb", timeout=60)
    assert "rejected: pipe.txt: not a regular file (a FIFO)" in result.stdout and "1 loaded" in result.stdout


def test_skipped_symbolic_links_are_named(tmp_path):
    import os

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.txt").write_bytes((CORPUS / "003_d17878162788fd1b.txt").read_bytes())
    os.symlink("loop.txt", folder / "loop.txt")   # a link to itself
    os.symlink(".", folder / "again")             # a link to the folder it is in
    result = run("build", folder, "--db", tmp_path / "w.duckdb", timeout=60)
    assert "rejected: loop.txt: a symbolic link that loops or leads nowhere" in result.stdout
    assert "rejected: again: a link to a folder, not followed" in result.stdout
    assert "1 loaded" in result.stdout


def test_pypdf_warnings_name_the_file(tmp_path):
    from test_reading import _minimal_pdf

    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(_minimal_pdf("Work report 2022").replace(b"startxref\n", b"startxref\n9"))
    result = run("extract", damaged)
    warnings = [line for line in result.stderr.splitlines() if "startxref" in line]
    assert warnings and all(line.startswith(f"{damaged}: warning: ") for line in warnings)


def test_build_fails_when_no_file_given_could_be_loaded(tmp_path):
    bad = tmp_path / "garbage.txt"
    bad.write_bytes(bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    db = tmp_path / "w.duckdb"
    result = run("build", str(bad), str(tmp_path / "empty.txt"), "--db", db, "--workers", "1")
    assert result.returncode == 1, result.stderr
    assert "none of the 2 files given could be loaded" in result.stderr
    assert "garbage.txt" in result.stdout and "empty.txt" in result.stdout   # each named with its reason
    result = run("build", str(bad), str(CORPUS / "003_d17878162788fd1b.txt"), "--db", db, "--workers", "1")
    assert result.returncode == 0, result.stderr   # one of two loaded: the build succeeded
