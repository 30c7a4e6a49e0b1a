"""The warehouse build: schema, constraints, idempotence, replacement, rejection, failure safety, merging."""
import shutil
import time

import duckdb
import pytest

from conftest import CORPUS, rows_of as query
from etl import warehouse
from etl.warehouse import build


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for f in sorted(CORPUS.glob("*.txt")):
        shutil.copy(f, folder / f.name)
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory, corpus_copy):
    db = tmp_path_factory.mktemp("wh") / "warehouse.duckdb"
    summary = build(sorted(corpus_copy.glob("*.txt")), db)
    return db, summary




def counts(db):
    return query(db, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM units), "
                     "(SELECT count(*) FROM facts), (SELECT count(*) FROM rejected_files)")[0]


def test_build_loads_every_file(built):
    db, summary = built
    assert summary.files_loaded == 5 and not summary.rejected
    docs, units, facts, rejected = counts(db)
    assert (docs, rejected) == (5, 0)
    assert units == summary.units > 40 and facts == summary.facts > 200


def test_places_and_metrics_are_whole_tables(built):
    db, _ = built
    n_places, with_points = query(db, "SELECT count(*), count(longitude) FROM places")[0]
    assert n_places > 3000 and with_points > 0.95 * n_places
    assert query(db, "SELECT count(*) FROM metrics")[0][0] == 21


def test_evidence_offsets_point_into_stored_text(built):
    db, _ = built
    bad = query(db, """SELECT count(*) FROM facts f JOIN units u USING (unit_id) JOIN documents d USING (document_id)
                       WHERE substr(d.text, f.start_offset + 1, f.end_offset - f.start_offset) <> f.evidence""")
    assert bad == [(0,)]


def test_constraints_are_enforced(built, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(built[0], db)
    con = duckdb.connect(str(db))
    unit_id = con.execute("SELECT unit_id FROM units LIMIT 1").fetchone()[0]
    with pytest.raises(duckdb.ConstraintException):   # qualifier outside its CHECK
        con.execute("INSERT INTO facts VALUES (?, 'inquiries', 'npc_sc', 1, 'maybe', 'stated', NULL, 'x', 0, 1)",
                    [unit_id])
    with pytest.raises(duckdb.ConstraintException):   # metric not in the catalogue for that body
        con.execute("INSERT INTO facts VALUES (?, 'oversight', 'npc_sc', 1, 'exact', 'stated', NULL, 'x', 0, 1)",
                    [unit_id])
    with pytest.raises(duckdb.ConstraintException):   # a unit of no document
        con.execute("INSERT INTO units (unit_id, document_id, line_start, line_end, city, adcode, body, "
                    "period_start, period_end, period_inferred) "
                    "VALUES ('u', 'nope', 1, 2, 'x', NULL, 'npc_sc', 2022, 2022, false)")
    con.close()


def test_rebuild_changes_nothing(built, corpus_copy):
    db, _ = built
    before = counts(db)
    summary = build(sorted(corpus_copy.glob("*.txt")), db)
    assert summary.files_unchanged == 5 and summary.files_loaded == 0
    assert counts(db) == before


def test_same_bytes_under_another_name_counted_once(built, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copy(built[0], db)
    twin = tmp_path / "copy_of_003.txt"
    shutil.copy(CORPUS / "003_d17878162788fd1b.txt", twin)
    before = counts(db)
    build([twin], db)
    assert counts(db) == before


def test_changed_file_replaces_its_facts_and_new_file_adds(tmp_path):
    db = tmp_path / "w.duckdb"
    report = tmp_path / "report.txt"
    report.write_text("新安县人民代表大会常务委员会工作报告\n各位代表:\n2023年工作回顾\n2023年,召开常委会会议9次。\n", encoding="utf-8")
    build([report], db)
    report.write_text("新安县人民代表大会常务委员会工作报告\n各位代表:\n2023年工作回顾\n2023年,召开常委会会议12次。\n", encoding="utf-8")
    summary = build([report], db)
    assert summary.files_replaced == 1
    assert query(db, "SELECT value FROM facts WHERE metric = 'sessions'") == [(12,)]
    assert query(db, "SELECT count(*) FROM documents") == [(1,)]
    build([report, CORPUS / "003_d17878162788fd1b.txt"], db)
    assert query(db, "SELECT count(*) FROM documents") == [(2,)]


def test_rejected_file_is_recorded_and_batch_goes_on(tmp_path):
    db = tmp_path / "w.duckdb"
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK not a zip")
    summary = build([bad, CORPUS / "003_d17878162788fd1b.txt"], db)
    assert summary.files_loaded == 1
    assert [name for name, _ in summary.rejected] == ["broken.docx"]
    assert query(db, "SELECT file_name FROM rejected_files") == [("broken.docx",)]


def test_failed_build_leaves_previous_warehouse_intact(built, tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    shutil.copy(built[0], db)
    before = counts(db)
    new_file = tmp_path / "new.txt"
    new_file.write_text("白城市人民代表大会常务委员会工作报告\n各位代表:\n2021年工作回顾\n召开常委会会议6次。\n", encoding="utf-8")
    real_load = warehouse.load_result

    def crash_midway(*args):
        real_load(*args)
        raise RuntimeError("disk full")

    monkeypatch.setattr(warehouse, "load_result", crash_midway)
    with pytest.raises(RuntimeError):
        build([new_file], db)
    assert counts(db) == before
    assert not (tmp_path / ("w.duckdb" + warehouse.TMP_SUFFIX)).exists()


def test_one_figure_per_place_period_metric_across_sources(built):
    db, _ = built
    rows = query(db, """SELECT value, conflict, sources, value_per_year, period_kind FROM facts_resolved
                        WHERE adcode = '410100' AND period_start = 2018 AND period_end = 2022
                          AND metric = 'resolutions'""")
    assert len(rows) == 1
    value, conflict, sources, per_year, kind = rows[0]
    assert (value, conflict, kind) == (53, False, "term")
    assert sources == ["000_278c694dd51e582b.txt", "001_7c4c3c7cf2127719.txt"]
    assert per_year == pytest.approx(53 / 5)


def test_conflicting_sources_keep_both_values(tmp_path):
    db = tmp_path / "w.duckdb"
    files = []
    for name, n in (("a.txt", 9), ("b.txt", 11)):
        f = tmp_path / name
        f.write_text(f"新安县人民代表大会常务委员会工作报告\n各位代表:\n2023年工作回顾\n2023年,召开常委会会议{n}次。\n",
                     encoding="utf-8")
        files.append(f)
    build(files, db)
    assert query(db, "SELECT conflict, values_reported, sources FROM facts_resolved WHERE metric = 'sessions'") == [
        (True, [9, 11], ["a.txt", "b.txt"])]


def test_parallel_build_equals_serial(corpus_copy, tmp_path):
    serial, parallel = tmp_path / "s.duckdb", tmp_path / "p.duckdb"
    files = sorted(corpus_copy.glob("*.txt"))
    build(files, serial)
    build(files, parallel, workers=2)
    sql = "SELECT metric, value, evidence FROM facts ORDER BY ALL"
    assert query(serial, sql) == query(parallel, sql)


def test_killed_build_leaves_previous_warehouse_intact(built, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT

    db = tmp_path / "w.duckdb"
    shutil.copy(built[0], db)
    before = counts(db)
    folder = tmp_path / "many"
    folder.mkdir()
    text = (CORPUS / "001_7c4c3c7cf2127719.txt").read_text(encoding="utf-8")
    for n in range(40):   # distinct bytes, so that none is skipped as already loaded
        (folder / f"copy{n:02d}.txt").write_text(text + f"\n{n}\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "etl", "build", str(folder), "--db", str(db)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    building = db.with_name(db.name + warehouse.TMP_SUFFIX)
    deadline = time.time() + 60
    while not building.exists() and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    assert proc.poll() is None, "the build finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert counts(db) == before
    build([CORPUS / "003_d17878162788fd1b.txt"], db)   # the next build cleans up and works
    assert not building.exists()


def test_extractor_crash_rejects_that_file_only(tmp_path, monkeypatch):
    from etl import extract

    real = extract.extract_document

    def crash_on_001(doc):
        if doc.name.startswith("001_"):
            raise ValueError("unexpected layout")
        return real(doc)

    monkeypatch.setattr(warehouse, "extract_document", crash_on_001)
    db = tmp_path / "w.duckdb"
    summary = build([CORPUS / "001_7c4c3c7cf2127719.txt", CORPUS / "003_d17878162788fd1b.txt"], db)
    assert summary.files_loaded == 1
    assert summary.rejected == [("001_7c4c3c7cf2127719.txt", "extraction failed: ValueError: unexpected layout")]
    assert query(db, "SELECT file_name FROM documents") == [("003_d17878162788fd1b.txt",)]


def report_text(year: int, sessions: int) -> str:
    return (f"新安县人民代表大会常务委员会工作报告\n各位代表:\n{year}年工作回顾\n"
            f"{year}年,召开常委会会议{sessions}次。\n")


def cli_build(*args):
    import subprocess
    import sys

    from conftest import ROOT

    result = subprocess.run([sys.executable, "-m", "etl", "build", *map(str, args)], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_same_named_files_in_two_folders_are_two_documents(tmp_path):
    import queries

    tree, db = tmp_path / "reports", tmp_path / "w.duckdb"
    for year, sessions in ((2021, 9), (2022, 11)):
        (tree / str(year)).mkdir(parents=True)
        (tree / str(year) / "工作报告.txt").write_text(report_text(year, sessions), encoding="utf-8")
    (tree / "2023").mkdir()
    (tree / "2023" / "工作报告.docx").write_bytes(b"PK not a zip")
    assert "2 loaded (0 replacing an older version)" in cli_build(tree, "--db", db)
    documents = "SELECT document_id, file_name, loaded_at FROM documents ORDER BY file_name"
    loaded = query(db, documents)
    assert [name for _, name, _ in loaded] == ["2021/工作报告.txt", "2022/工作报告.txt"]
    assert query(db, "SELECT period_end, value, sources FROM facts_resolved ORDER BY period_end") == [
        (2021, 9, ["2021/工作报告.txt"]), (2022, 11, ["2022/工作报告.txt"])]
    assert query(db, "SELECT file_name FROM rejected_files") == [("2023/工作报告.docx",)]
    downloaded = queries.run("facts_filtered", db, metric="sessions", body=None, province=None, level=None,
                             kind=None, year_from=None, year_to=None)
    assert sorted(downloaded.source) == ["2021/工作报告.txt", "2022/工作报告.txt"]

    rebuilt = cli_build(tree, "--db", db)   # the same tree again: nothing changes
    assert "0 loaded" in rebuilt and "2 unchanged" in rebuilt
    assert query(db, documents) == loaded

    (tree / "2022" / "工作报告.txt").write_text(report_text(2022, 12), encoding="utf-8")
    assert "1 loaded (1 replacing an older version)" in cli_build(tree, "--db", db)
    assert query(db, "SELECT file_name, value FROM facts JOIN units USING (unit_id) JOIN documents "
                     "USING (document_id) ORDER BY file_name") == [("2021/工作报告.txt", 9), ("2022/工作报告.txt", 12)]


def test_a_warehouse_that_named_files_by_base_name_takes_their_paths(tmp_path):
    tree, db = tmp_path / "reports", tmp_path / "w.duckdb"
    for year, sessions in ((2021, 9), (2022, 11)):
        (tree / str(year)).mkdir(parents=True)
        (tree / str(year) / "工作报告.txt").write_text(report_text(year, sessions), encoding="utf-8")
    build([tree / "2022" / "工作报告.txt"], db)   # a lone file is named by its base name, as every file once was
    assert query(db, "SELECT file_name FROM documents") == [("工作报告.txt",)]
    cli_build(tree, "--db", db)
    documents = "SELECT file_name, loaded_at FROM documents ORDER BY file_name"
    healed = query(db, documents)
    assert [name for name, _ in healed] == ["2021/工作报告.txt", "2022/工作报告.txt"]
    assert "2 unchanged" in cli_build(tree, "--db", db) and query(db, documents) == healed


def test_two_files_given_with_the_same_name_are_not_mixed_up(tmp_path):
    files = []
    for year, sessions in ((2021, 9), (2022, 11)):
        (tmp_path / str(year)).mkdir()
        files.append(tmp_path / str(year) / "工作报告.txt")
        files[-1].write_text(report_text(year, sessions), encoding="utf-8")
    summary = build(files, tmp_path / "w.duckdb")   # lone files, named by their base names
    assert summary.files_loaded == 1 and summary.files_replaced == 0
    assert summary.rejected == [("工作报告.txt", f"another file of this build has the same name ({files[0]}): "
                                                "build the folder holding both, or pass --root")]


def test_a_file_without_units_or_figures_says_so(tmp_path):
    french = tmp_path / "rapport.txt"
    french.write_text("Rapport d'activité 2022\nLe comité a tenu 5 réunions et adopté 12 résolutions.\n",
                      encoding="utf-8")
    summary = build([french, CORPUS / "003_d17878162788fd1b.txt"], tmp_path / "w.duckdb")
    assert summary.files_loaded == 2
    assert [line for line in str(summary).splitlines() if "rapport.txt" in line] == [
        "warning: rapport.txt: no figure found in its 1 report unit (not a work report?)"]


def square_unless_three(n: int) -> int:
    """A worker's job that kills its own process on one item, as the OOM killer would."""
    import os

    if n == 3:
        os._exit(137)
    return n * n


def test_a_worker_that_dies_costs_only_the_item_it_held():
    results = list(warehouse._map(square_unless_three, range(8), 2, False, "test", lambda n: f"lost {n}"))
    assert results == [0, 1, 4, "lost 3", 16, 25, 36, 49]


def children_of(pid: int) -> list[int]:
    from pathlib import Path

    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _ppid(p) == pid]


def busy_children(pid: int) -> list[int]:
    """The child processes of `pid` that used the processor in the last 0.3 s."""
    from pathlib import Path

    def children():
        return children_of(pid)

    def cpu(child):
        try:
            fields = (Path("/proc") / str(child) / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return int(fields[11]) + int(fields[12])   # utime + stime

    before = {c: cpu(c) for c in children()}
    time.sleep(0.3)
    return [c for c, t in before.items() if t is not None and (cpu(c) or 0) > t]


def _ppid(proc) -> int | None:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError):
        return None


def test_a_killed_reader_process_rejects_its_file_and_the_build_goes_on(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    from conftest import ROOT

    folder, db = tmp_path / "reports", tmp_path / "w.duckdb"
    folder.mkdir()
    report = (CORPUS / "003_d17878162788fd1b.txt").read_text(encoding="utf-8")
    visible = "".join(f"<p>{line}</p>" for line in report.splitlines())
    for n in range(4):   # pages that take seconds to parse (within the element limit): a reader is busy on one when killed
        (folder / f"page{n}.html").write_text(f"<html><body>{visible}<div hidden>{n}" + "<span>填充</span>" * 90_000
                                              + "</div></body></html>", encoding="utf-8")
    build_process = subprocess.Popen([sys.executable, "-m", "etl", "build", str(folder), "--db", str(db),
                                      "--workers", "2"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
    deadline = time.time() + 60
    busy = []
    while not busy and build_process.poll() is None and time.time() < deadline:
        busy = busy_children(build_process.pid)
    assert busy, "no reader process was seen at work"
    os.kill(busy[0], signal.SIGKILL)
    out, err = build_process.communicate(timeout=300)
    assert build_process.returncode == 0, err
    rejected = [line for line in out.splitlines() if line.startswith("rejected: ")]
    assert len(rejected) == 1 and rejected[0].endswith(": " + warehouse.WORKER_DIED), out
    assert "BrokenProcessPool" not in err
    assert query(db, "SELECT count(*) FROM documents") == [(3,)]
    assert query(db, "SELECT count(*) FROM rejected_files WHERE reason = ?", [warehouse.WORKER_DIED]) == [(1,)]


def test_a_worker_killed_while_profiling_leaves_its_document_for_the_next_build(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    from conftest import ROOT

    folder, db = tmp_path / "reports", tmp_path / "w.duckdb"
    folder.mkdir()
    # one unit each, longer than a topic batch (etl.warehouse.TOPIC_BATCH_CHARS): each of the topic step's
    # processes, started when it is given its batch (concurrent.futures starts them on demand), holds
    # one document from its start for about a second
    lines = (CORPUS / "000_278c694dd51e582b.txt").read_text(encoding="utf-8").splitlines()
    padding = ["常委会坚持依法履职，加强自身建设，密切联系群众。"] * 100_000
    for n in range(2):
        (folder / f"report{n}.txt").write_text("\n".join(lines[:10] + [str(n)] + padding + lines[10:]),
                                              encoding="utf-8")
    build_process = subprocess.Popen([sys.executable, "-m", "etl", "build", str(folder), "--db", str(db),
                                      "--workers", "2"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
    readers, profiler, deadline = set(), None, time.time() + 120
    while not readers and build_process.poll() is None and time.time() < deadline:
        readers = set(busy_children(build_process.pid))
    for _ in range(5):   # both readers (two files, two processes): the topic step's processes are new
        readers |= set(children_of(build_process.pid))
        time.sleep(0.1)
    while profiler is None and build_process.poll() is None and time.time() < deadline:
        profiler = next((c for c in children_of(build_process.pid) if c not in readers), None)
        time.sleep(0.02)
    assert readers and profiler, "the build's processes were not seen at work"
    os.kill(profiler, signal.SIGKILL)
    out, err = build_process.communicate(timeout=300)
    assert build_process.returncode == 0, err
    assert "2 loaded" in out and "topic profiles: 1 documents profiled" in out, out
    assert "; 1 not, their worker died (the next build tries again)" in out
    assert query(db, "SELECT count(*) FROM topic_profiles") == [(1,)]
    assert "1 documents profiled" in cli_build(folder, "--db", db)   # the next build profiles what was left
    assert query(db, "SELECT count(*) FROM topic_profiles") == [(2,)]


def test_two_builds_at_once_wait_for_each_other_and_lose_nothing(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    first, second = tmp_path / "first", tmp_path / "second"
    files = sorted(CORPUS.glob("*.txt"))
    for folder, part in ((first, files[1:2]), (second, files[:1] + files[2:])):   # the large report first
        folder.mkdir()
        for f in part:
            shutil.copy(f, folder / f.name)
    db = tmp_path / "warehouse.duckdb"
    lock = tmp_path / "warehouse.duckdb.lock"

    def start(folder):
        return subprocess.Popen([sys.executable, "-m", "etl", "build", str(folder), "--db", str(db), "--workers", "1"],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    one = start(first)
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text()):   # the first build holds the lock
        assert one.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    two = start(second)
    out_one, err_one = one.communicate(timeout=300)
    out_two, err_two = two.communicate(timeout=300)
    assert (one.returncode, two.returncode) == (0, 0), (err_one, err_two)
    assert "Traceback" not in err_one + err_two
    assert f"is being built by process {one.pid}" in err_two and "waiting for it to finish" in err_two
    names = {n for (n,) in query(db, "SELECT file_name FROM documents")}
    assert names == {f.name for f in files}   # both builds' files, none lost
    assert not (tmp_path / "warehouse.duckdb.building").exists()
