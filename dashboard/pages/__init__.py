"""The app's pages, one module each, in the order of the navigation bar."""
from . import compare, data, focus, map, methods, place, rankings, sql

PAGES = [compare, rankings, map, focus, data, methods, sql, place]
