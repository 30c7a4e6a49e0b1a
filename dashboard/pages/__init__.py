"""The app's pages, one module each, in the order of the navigation bar."""
# the navigation bar's pages, named before they are imported: each registers, as it is imported, the
# callback that carries its filters to these links (components.register_url_sync)
NAV = ("compare", "rankings", "map", "focus", "data", "methods", "sql")

from . import compare, data, document, focus, map, methods, place, rankings, sql, upload  # noqa: E402

PAGES = [compare, rankings, map, focus, data, methods, sql, upload, place, document]
