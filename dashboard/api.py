"""The warehouse over HTTP, for scripts: every query of queries/ as JSON or CSV, and read-only SQL.

    /api/                                   the queries, their parameters and an example of each
    /api/<query>.json?param=value&…         {"query", "parameters", "columns", "rows": [{…}], "next"}
    /api/<query>.csv?param=value&…          the same rows as CSV (UTF-8 with BOM: Excel opens it)
    /api/sql.json?sql=SELECT…               read-only SQL (dashboard/sql.py), also .csv, GET or POST

Parameters are checked with the rules of the app's links (dashboard/urlstate.py: the same parsers, the
same 100-place limit, metrics and provinces from the warehouse's catalogue). Where a link gets a
warning and the defaults, a script gets 400 and the same words — a default it did not ask for would
go unnoticed. Lists are comma-separated (places=410100,110000). `_size` rows are returned (JSON at most
MAX_ROWS["json"], CSV at most MAX_ROWS["csv"]), from `_offset`; `next` (and a Link header) gives the
following page. Every query runs under the app's time limit.
"""
from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlencode

import orjson
from flask import Blueprint, Response, request

import queries

from . import components, sql, text, urlstate
from .urlstate import Param
from .warehouse import QueryTooSlow, current

MAX_ROWS = {"json": 10_000, "csv": 100_000}
DEFAULT_ROWS = {"json": 1_000, "csv": 100_000}
MAX_TERMS, MAX_TERM_CHARS = 50, 40
RESERVED = {"_size", "_offset"}
DOCUMENT_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
MAX_LINE = 100_000_000


def bounded(low: int, high: int):
    def parse(raw: str) -> int:
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise ValueError(f"应为 {low}–{high} 的整数 · expected a whole number from {low} to {high}")
        return int(raw)
    return parse


def one_key(raw: str) -> str:
    keys = urlstate.key_list(raw)
    if len(keys) != 1:
        raise ValueError("应为一个地区 · expected one place key")
    return keys[0]


def term_list(raw: str) -> list[str]:
    terms = [t.strip() for t in raw.split(",") if t.strip()]
    if len(terms) > MAX_TERMS or any(len(t) > MAX_TERM_CHARS for t in terms):
        raise ValueError(f"最多{MAX_TERMS}个词，每个不超过{MAX_TERM_CHARS}字 · at most {MAX_TERMS} words of at most "
                         f"{MAX_TERM_CHARS} characters")
    return terms


def document_key(raw: str) -> str:
    """A document's hash as the warehouse keys it (a sha256 in hex; a fixture's short name)."""
    if not DOCUMENT_ID.fullmatch(raw):
        raise ValueError("不是文件编号 · not a document id (its sha256 in hex)")
    return raw


YEAR_NAMES = ("year_from", "year_to", "year", "period_start", "period_end")
RULES = {p.name: p for p in [
    Param("body", urlstate.choice(text.BODIES)), Param("metric", str), Param("places", urlstate.key_list),
    Param("place_key", one_key), *[Param(n, urlstate.year) for n in YEAR_NAMES],
    Param("kind", urlstate.choice(text.KINDS)), Param("province", str), Param("level", urlstate.choice(text.LEVELS)),
    Param("against", urlstate.choice(["chosen", "all"]), "chosen"), Param("min_count", bounded(1, 1000), 3),
    Param("top", bounded(1, 100), 15), Param("terms", term_list), Param("unit_ids", term_list), Param("document_id", document_key),
    Param("line_from", bounded(1, MAX_LINE)), Param("line_to", bounded(1, MAX_LINE))]}
# where NULL would not mean "all" (the query would answer nothing): the parameter must be given
REQUIRED = {"compare": {"metric", "body"}, "ranking": {"metric", "body"}, "focus_themes": {"body", "places"},
            "focus_keywords": {"body", "places"}, "term_sentences": {"place_key", "body", "terms"},
            "topic_places": {"body"}, "place_profile": {"place_key"}, "place_reports": {"place_key"},
            "evidence": {"place_key"}, "over_time": {"metric", "body", "places"}, "most_periods": {"metric", "body"},
            "document": {"document_id"},
            "document_units": {"document_id"}, "document_lines": {"document_id"}, "document_facts": {"document_id"},
            "correctable_facts": {"unit_ids"}}
CORPUS_DOCUMENT = "3f648ec25651891eb2ad3a71d5a72af5bbb937b8c9011c51196c341ea7da3efd"   # data/corpus/003_…txt
EXAMPLES = {"compare": "metric=sessions&body=npc_sc&places=410100,110000", "coverage": "body=npc_sc&province=河南省",
            "evidence": "place_key=410100&body=npc_sc&metric=sessions",
            "facts_filtered": "body=npc_sc&metric=sessions&year_from=2020", "focus_keywords": "body=npc_sc&places=410100",
            "focus_themes": "body=npc_sc&places=410100,110000", "metric_catalogue": "", "period_years": "body=npc_sc",
            "place_options": "body=cppcc_sc", "place_profile": "place_key=410100", "place_reports": "place_key=410100",
            "provinces": "", "public_tables": "", "ranking": "metric=sessions&body=npc_sc&level=prefecture&kind=annual&period_start=2022&period_end=2022",
            "over_time": "metric=sessions&body=npc_sc&places=500000,410100",
            "periods_reported": "metric=sessions&body=npc_sc", "most_periods": "metric=sessions&body=npc_sc",
            "figures_filtered": "body=npc_sc&metric=sessions&kind=annual&year_from=2022",
            "term_sentences": "place_key=410100&body=npc_sc&terms=代表联络站", "theme_catalogue": "",
            "topic_places": "body=npc_sc", "document": f"document_id={CORPUS_DOCUMENT}",
            "document_units": f"document_id={CORPUS_DOCUMENT}",
            "document_lines": f"document_id={CORPUS_DOCUMENT}&line_from=1&line_to=20",
            "document_facts": f"document_id={CORPUS_DOCUMENT}&line_from=1&line_to=200",
            "correctable_facts": "unit_ids=u1,u3"}

api = Blueprint("api", __name__, url_prefix="/api")


class BadRequest(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@api.get("/")
def index():
    listed = [{"query": name, "parameters": sorted(queries.params_of(name)),
               "required": sorted(REQUIRED.get(name, ())), "example": f"/api/{name}.json"
               + (f"?{EXAMPLES[name]}" if EXAMPLES[name] else "")} for name in queries.names()]
    return _json({"queries": listed, "sql": "/api/sql.json?sql=SELECT%20*%20FROM%20metrics",
                  "documentation": "docs/api.md"})


@api.route("/sql.<fmt>", methods=["GET", "POST"])
def run_sql(fmt: str):
    if fmt not in MAX_ROWS:
        return _error(404, [f"no format {fmt!r}: .json or .csv"])
    args = _args()
    try:
        size, offset = _paging(fmt, args)
        if unknown := sorted(set(args) - RESERVED - {"sql"}):
            raise BadRequest([f"{name}: 未知参数 · unknown parameter" for name in unknown])
        columns, rows, more = sql.run_sql(current(), args.get("sql", ""), size, offset)
    except BadRequest as e:
        return _error(400, e.problems)
    except sql.SqlRefused as e:
        return _error(400, [str(e)])
    return _answer(fmt, "sql", {"sql": args.get("sql", "")}, columns, rows, _next(more, size, offset))


@api.get("/<name>.<fmt>")
def run_query(name: str, fmt: str):
    if name not in queries.names() or fmt not in MAX_ROWS:
        return _error(404, [f"no query {name!r} as {fmt!r}: see /api/ for the queries (.json or .csv)"])
    args = _args()
    try:
        size, offset = _paging(fmt, args)
        params = checked(name, {k: v for k, v in args.items() if k not in RESERVED})
        columns, rows = current().timed(lambda cursor: queries.rows(name, cursor, limit=size + 1, offset=offset,
                                                                   **params))
    except BadRequest as e:
        return _error(400, e.problems)
    except QueryTooSlow as e:
        return _error(400, [str(e)])
    return _answer(fmt, name, params, columns, rows[:size], _next(len(rows) > size, size, offset))


def checked(name: str, given: dict[str, str]) -> dict:
    """The parameters of query `name` from a request, each checked as the app checks a link's; BadRequest
    names every one that is unknown, missing or not understood."""
    wanted = queries.params_of(name)
    values, problems = urlstate.read(given, [RULES[p] for p in sorted(wanted)])
    problems = [p.replace(", ignored", "") for p in problems]   # a link goes on without it; a request does not
    problems += [f"{p}: 必填 · required" for p in sorted(REQUIRED.get(name, ())) if values.get(p) in (None, [])]
    wh = current()
    if values.get("metric") is not None:
        bodies = [values["body"]] if values.get("body") else list(text.BODIES)
        if not any(wh.metric_row(body, values["metric"]) is not None for body in bodies):
            problems.append(f"metric={urlstate.shown(values['metric'])}: 没有这个指标 · no such metric")
    if values.get("province") is not None:
        values["province"] = components.checked_province(wh, values["province"], problems)
    for key in ("places", "place_key"):
        if values.get(key):
            known = components.checked_places(values[key] if key == "places" else [values[key]], problems)
            values[key] = known if key == "places" else (known or [None])[0]
    if problems:
        raise BadRequest(problems)
    return {p: values[p] for p in wanted}


def _paging(fmt: str, args: dict[str, str]) -> tuple[int, int]:
    """How many rows (`_size`) from which (`_offset`)."""
    rules = [Param("_size", bounded(1, MAX_ROWS[fmt]), DEFAULT_ROWS[fmt]), Param("_offset", bounded(0, 10 ** 9), 0)]
    values, problems = urlstate.read({k: v for k, v in args.items() if k in RESERVED}, rules)
    if problems:
        raise BadRequest(problems)
    return values["_size"], values["_offset"]


def _args() -> dict[str, str]:
    """The request's parameters: the query string, and for a POST its form fields too."""
    return {**request.args.to_dict(), **(request.form.to_dict() if request.method == "POST" else {})}


def _next(more: bool, size: int, offset: int) -> str | None:
    if not more:
        return None
    args = {**_args(), "_offset": str(offset + size)}
    return f"{request.path}?{urlencode(args)}"


def _answer(fmt: str, name: str, params: dict, columns: list[str], rows: list[tuple], following: str | None):
    headers = {"Link": f'<{following}>; rel="next"'} if following else {}
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows([_csv_value(v) for v in row] for row in rows)
        return Response(out.getvalue().encode("utf-8-sig"), mimetype="text/csv", headers={
            **headers, "Content-Disposition": f'inline; filename="{name}.csv"'})
    return _json({"query": name, "parameters": params, "columns": columns,
                  "rows": [dict(zip(columns, row)) for row in rows], "next": following}, headers=headers)


def _csv_value(value):
    """Lists (sources, values reported, terms) as JSON text in their cell; the rest as they are."""
    return orjson.dumps(value, default=str).decode() if isinstance(value, (list, dict)) else value


def _json(body: dict, status: int = 200, headers: dict | None = None) -> Response:
    return Response(orjson.dumps(body, default=str, option=orjson.OPT_NON_STR_KEYS), status=status,
                    mimetype="application/json", headers=headers or {})


def _error(status: int, problems: list[str]) -> Response:
    return _json({"error": "; ".join(problems), "problems": problems}, status)
