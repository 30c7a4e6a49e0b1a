"""Serve the app: python -m dashboard [--db FILE] [--host 127.0.0.1] [--port 8050]."""
from __future__ import annotations

import argparse
import logging
import sys

from etl import DEFAULT_DB

from .app import create_app
from .security import RequestHandler
from .warehouse import WarehouseMissing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    parser.add_argument("--db", default=str(DEFAULT_DB), help="warehouse file (default: %(default)s)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument("--debug", action="store_true", help="Dash dev tools and reloading")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        app = create_app(args.db)
    except WarehouseMissing as e:
        print(f"dashboard: {e}", file=sys.stderr)
        return 2
    print(f"Congress Output Explorer on http://{args.host}:{args.port}/  (warehouse: {args.db})", flush=True)
    app.run(host=args.host, port=args.port, debug=args.debug, request_handler=RequestHandler)
    return 0


if __name__ == "__main__":
    sys.exit(main())
