"""Command line.

    python -m etl extract FILE...     units as JSON Lines on stdout (spec/extract-output.md)
    python -m etl summary [PATH...]   a table of the units found (default: the bundled corpus)
    python -m etl build [PATH...] [--db FILE] [--workers N] [--root DIR] [--restore-removed]
                                      load files into the DuckDB warehouse, skipping those removed earlier,
                                      and apply corrections.jsonl beside the warehouse (etl/corrections.py)
                                      (exit 1 when files were given and none could be loaded, 2 on bad arguments)
    python -m etl remove NAME|HASH [--db FILE] [--why TEXT]   remove a document, recorded in <db>.removals.csv
    python -m etl export DIR [--db FILE]   the warehouse's public tables as Parquet, partitioned by province and body
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from . import DEFAULT_CORPUS, DEFAULT_DB
from .extract import extract_document
from .inputs import Source, collect
from .reading import UnreadableFile, read_document

def extract_files(sources: list[Source]) -> Iterator[tuple[Path, list[dict] | None, str | None]]:
    """(path, units, None) for each file read, (path, None, reason) for each file skipped.

    What was read despite a problem (bad bytes replaced …) is printed on stderr, naming the file.
    """
    for path, refused in ((s.path, s.refused) for s in sources):
        if refused:
            yield path, None, refused
            continue
        try:
            doc = read_document(path)
            units = extract_document(doc)
        except UnreadableFile as e:
            yield path, None, str(e)
            continue
        except Exception as e:  # one broken file must not stop the batch
            yield path, None, f"extraction failed: {type(e).__name__}: {e}"
            continue
        for warning in doc.warnings:
            print(f"{path}: warning: {warning}", file=sys.stderr)
        yield path, units, None


def cmd_extract(args: argparse.Namespace) -> int:
    read_any = False
    for path, units, reason in extract_files(collect(args.files)):
        if units is None:
            print(f"{path}: skipped: {reason}", file=sys.stderr)
            continue
        read_any = True
        for unit in units:
            sys.stdout.write(json.dumps(unit, ensure_ascii=False) + "\n")
        print(f"{path}: {len(units)} units", file=sys.stderr)
    return 0 if read_any else 1


def cmd_summary(args: argparse.Namespace) -> int:
    paths = collect(args.paths or [str(DEFAULT_CORPUS)])
    n_units = n_facts = n_read = 0
    print(f"{'source':28} {'lines':>11}  {'place':10} {'adcode':6}  {'body':8} {'period':9}  facts")
    for path, units, reason in extract_files(paths):
        if units is None:
            print(f"{path.name:28} skipped: {reason}")
            continue
        n_read += 1
        for u in units:
            period = f"{u['period_start']}-{u['period_end']}" if u["period_start"] != u["period_end"] else str(u["period_end"])
            lines = f"{u['lines'][0]}-{u['lines'][1]}"
            print(f"{u['source'][:28]:28} {lines:>11}  {(u['city'] or '?'):10} {(u['adcode'] or '-'):6}  "
                  f"{u['body']:8} {period:9}  {len(u['metrics'])}")
            n_units += 1
            n_facts += len(u["metrics"])
    print(f"\n{n_read} of {len(paths)} files read; {n_units} units; {n_facts} facts")
    return 0 if n_read else 1


def cmd_build(args: argparse.Namespace) -> int:
    from .warehouse import build

    try:
        sources = collect(args.paths or [str(DEFAULT_CORPUS)], args.root)
    except ValueError as e:   # a file outside --root
        print(f"build: {e}", file=sys.stderr)
        return 2
    summary = build(sources, Path(args.db), workers=args.workers, progress=sys.stderr.isatty(),
                    restore_removed=args.restore_removed)
    print(summary)
    print(f"warehouse: {args.db}")
    if summary.files_seen and summary.rejected and len(summary.rejected) == summary.files_seen:
        print(f"build: none of the {summary.files_seen} files given could be loaded", file=sys.stderr)
        return 1
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from .removals import NotFound, record_path, remove

    try:
        done = remove(args.target, Path(args.db), who=args.who, why=args.why)
    except NotFound as e:
        print(f"remove: {e}", file=sys.stderr)
        return 1
    print(f"removed {done.file_name} ({done.document_id[:12]}…): {done.units} units, {done.facts} facts; "
          f"recorded in {record_path(Path(args.db))} (a build of its folder skips it unless --restore-removed)")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    try:
        rows = export(Path(args.db), Path(args.dir))
    except (FileNotFoundError, FileExistsError) as e:
        print(f"export: {e}", file=sys.stderr)
        return 2
    print(", ".join(f"{table} {n:,}" for table, n in rows.items()))
    print(f"export: {args.dir}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="print the report units of FILEs as JSON Lines")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("summary", help="print a table of the units in PATHs (default: the bundled corpus)")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.set_defaults(func=cmd_summary)
    p = sub.add_parser("build", help="load PATHs (default: the bundled corpus) into the warehouse")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--db", default=str(DEFAULT_DB), help="the DuckDB file")
    p.add_argument("--root", help="name every document by its path relative to this folder (default: relative "
                                  "to the folder given, or the file's own folder)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="extract and profile in N parallel processes (default: one per core)")
    p.add_argument("--restore-removed", action="store_true",
                   help="load files removed earlier (python -m etl remove) again, recording that they are back")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("remove", help="remove a document (its units, facts, topic rows) from the warehouse, "
                                      "recorded so that a rebuild skips it")
    p.add_argument("target", metavar="NAME|HASH", help="its file name as stored (the path relative to the build "
                                                       "root), a unique base name, or its hash or a unique prefix "
                                                       "of 8+ characters")
    p.add_argument("--db", default=str(DEFAULT_DB), help="the DuckDB file")
    p.add_argument("--why", default="", help="the reason, kept in the record")
    p.add_argument("--who", default=None, help="who removes it (default: the login name)")
    p.set_defaults(func=cmd_remove)
    p = sub.add_parser("export", help="write the warehouse's public tables to DIR as Parquet partitioned by "
                                      "province and body")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--db", default=str(DEFAULT_DB), help="the DuckDB file")
    p.set_defaults(func=cmd_export)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
