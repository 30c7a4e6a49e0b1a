"""Serve the app: python -m dashboard [--db FILE] [--host 127.0.0.1] [--port 8050] [--workers N]
[--editor-token T] [--dev].

By default through gunicorn, a production WSGI server: the app is built once, then forked into one
worker process per core (each opens its own read-only DuckDB connection on its first request), so
that two users' callbacks run side by side, and a worker that hangs past TIMEOUT is replaced.
`--dev` runs Flask's development server instead, with Dash's dev tools and reloading.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys

from etl import DEFAULT_DB

from .app import create_app
from . import serving
from .serving import LOG_FORMAT
from .security import SERVER_NAME, RequestHandler
from .warehouse import WarehouseMissing

TIMEOUT = 30          # seconds a worker may be silent before gunicorn replaces it (queries stop at 5 s)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=str(DEFAULT_DB), help="warehouse file (default: %(default)s)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: one per core, %(default)s here)")
    parser.add_argument("--editor-token", default=None,
                        help="let requests carrying this token upload, correct and remove (default: the "
                             "EDITOR_TOKEN environment variable; without one, only a loopback --host may write)")
    parser.add_argument("--dev", action="store_true",
                        help="Flask's development server with Dash's dev tools and reloading, one process")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    try:
        app = create_app(args.db, host=args.host, editor_token=args.editor_token)
    except WarehouseMissing as e:
        print(f"dashboard: {e}", file=sys.stderr)
        return 2
    how = "the development server" if args.dev else f"gunicorn, {args.workers} worker{'s' * (args.workers > 1)}"
    print(f"Congress Output Explorer on http://{args.host}:{args.port}/  (warehouse: {args.db}; {how})\n"
          f"Ctrl-C stops it. The tests run with `make test`, in another terminal or after this one stops.",
          flush=True)
    if args.dev:
        app.run(host=args.host, port=args.port, debug=True, request_handler=RequestHandler)
    else:
        serving.warm(app)   # before the workers are forked: they inherit the compressed scripts
        serve(app.server, args.host, args.port, args.workers)
    return 0


def serve(server, host: str, port: int, workers: int) -> None:
    """Run the Flask `server` under gunicorn in this process (the master), forking `workers`."""
    import gunicorn.http.wsgi
    from gunicorn.app.base import BaseApplication

    from . import geo

    for level in geo.LEVELS:   # the map's outlines, read once here rather than once in each worker
        geo.shapes_json(level)
    gunicorn.http.wsgi.SERVER = SERVER_NAME   # its Server header, as the development server's: no software named

    class Gunicorn(BaseApplication):
        def load_config(self):
            for key, value in {"bind": f"{host}:{port}", "workers": workers, "worker_class": "sync",
                               "timeout": TIMEOUT, "graceful_timeout": 10, "accesslog": None, "errorlog": "-",
                               "loglevel": "info", "proc_name": "congress-output-explorer",
                               "control_socket_disable": True}.items():
                self.cfg.set(key, value)

        def load(self):
            return server

    Gunicorn().run()


if __name__ == "__main__":
    sys.exit(main())
