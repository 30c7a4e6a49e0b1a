"""Command line: `python -m etl extract FILE...` (spec/extract-output.md)."""
from __future__ import annotations

import argparse
import json
import sys

from .extract import extract_document
from .reading import UnreadableFile, read_document


def cmd_extract(args: argparse.Namespace) -> int:
    read_any = False
    out = sys.stdout
    for path in args.files:
        try:
            doc = read_document(path)
        except UnreadableFile as e:
            print(f"{path}: skipped: {e}", file=sys.stderr)
            continue
        read_any = True
        try:
            units = extract_document(doc)
        except Exception as e:  # one broken file must not stop the batch
            print(f"{path}: skipped: extraction failed: {type(e).__name__}: {e}", file=sys.stderr)
            continue
        for unit in units:
            out.write(json.dumps(unit, ensure_ascii=False) + "\n")
        print(f"{path}: {len(units)} units", file=sys.stderr)
    return 0 if read_any else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="print the report units of FILEs as JSON Lines")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_extract)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
