"""The WSGI entry point, for a production server behind a reverse proxy.

    WAREHOUSE=/srv/warehouse.duckdb gunicorn --workers 2 --preload --bind 127.0.0.1:8050 dashboard.wsgi:server

`server` is the app's Flask server over the warehouse named by WAREHOUSE (default:
data/warehouse.duckdb). Each worker process opens its own read-only DuckDB connection on its first
request, so --preload (build the app once, fork the workers) is safe and saves memory. Behind a
proxy the app cannot tell who is local: upload, corrections and removal are on only with an
EDITOR_TOKEN (dashboard/editing.py).
"""
import logging
import os

from etl import DEFAULT_DB

from .app import create_app
from .serving import LOG_FORMAT, warm

logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
app = create_app(os.environ.get("WAREHOUSE", str(DEFAULT_DB)), host=None)
warm(app)   # with --preload, once before the workers are forked
server = app.server
