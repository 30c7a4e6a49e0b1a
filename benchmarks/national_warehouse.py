"""A synthetic warehouse the size of the whole country, and query latency on it.

Every prefecture- and county-level unit, both bodies, 20 years of annual
reports plus a term review every five years, the whole metric catalogue with
about one figure in eight not reported: about 1.5 million facts; and topic
profiles for every unit (each theme's sentences, and some twenty words of the
lexicon per unit: about 2.7 million unit_terms rows). Then every query of
queries/ runs with varied parameters and its p50/p95 latency is printed, with
the build time of the real corpus.

    python benchmarks/national_warehouse.py [--db /tmp/national.duckdb] [--runs 40]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import queries  # noqa: E402
from dashboard.warehouse import connect  # noqa: E402
from etl import DEFAULT_CORPUS, topics  # noqa: E402
from etl.warehouse import build, create_schema, insert_rows, refresh_figures  # noqa: E402
from targets import beside  # noqa: E402

FIRST_YEAR, LAST_YEAR = 2004, 2023
TERM_ENDS = (2007, 2012, 2017, 2022)
NOT_REPORTED = 0.08
TERMS_PER_UNIT = 20   # of the lexicon's words, on average

GENERATE = f"""
INSERT INTO documents (document_id, file_name, size_bytes, encoding, loaded_at, text)
SELECT 'doc-' || p.adcode || '-' || b.body, 'synthetic/' || p.adcode || '-' || b.body || '.txt', 0, 'utf-8', now(),
       p.name || ' 召开常委会会议5次。'
FROM places p, (VALUES ('npc_sc'), ('cppcc_sc')) b(body)
WHERE p.level <> 'provincial';

INSERT INTO units
SELECT 'u-' || p.adcode || '-' || b.body || '-' || y.y || '-' || y.y, 'doc-' || p.adcode || '-' || b.body,
       1, 1, p.name, p.adcode, b.body, y.y, y.y, false, 'annual', 'title', 'title', 'heading names ' || y.y
FROM places p, (VALUES ('npc_sc'), ('cppcc_sc')) b(body), range({FIRST_YEAR}, {LAST_YEAR + 1}) y(y)
WHERE p.level <> 'provincial'
UNION ALL
SELECT 'u-' || p.adcode || '-' || b.body || '-' || (t.e - 4) || '-' || t.e, 'doc-' || p.adcode || '-' || b.body,
       1, 1, p.name, p.adcode, b.body, t.e - 4, t.e, true, 'term', 'title', 'title',
       '五年来 (5 years) ending ' || t.e || ': term calendar'
FROM places p, (VALUES ('npc_sc'), ('cppcc_sc')) b(body), (VALUES {", ".join(f"({e})" for e in TERM_ENDS)}) t(e)
WHERE p.level <> 'provincial';

INSERT INTO facts
SELECT u.unit_id, m.metric, u.body,
       (hash(u.unit_id || m.metric) % 200)::BIGINT * (u.period_end - u.period_start + 1) AS value,
       CASE WHEN hash(m.metric || u.unit_id) % 10 = 0 THEN 'at_least' ELSE 'exact' END,
       'stated', NULL, '召开常委会会议5次', 4, 13
FROM units u JOIN metrics m ON m.body = u.body
WHERE hash(u.unit_id || '/' || m.metric) % 1000 >= {int(NOT_REPORTED * 1000)};

INSERT INTO unit_themes
SELECT u.unit_id, t.theme, s.sentences, 200, s.sentences / 200
FROM units u, themes t, LATERAL (SELECT (hash(u.unit_id || t.theme) % 40)::INTEGER AS sentences) s;

INSERT INTO unit_terms
SELECT u.unit_id, w.term, 1 + (hash(w.term || u.unit_id) % 12)::INTEGER
FROM units u, vocabulary w
WHERE hash(u.unit_id || '#' || w.term) % (SELECT count(*) FROM vocabulary) < {TERMS_PER_UNIT};
"""


def made_here(db: Path) -> bool:
    """Whether db is a warehouse this script made: every document synthetic (GENERATE names them so)."""
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute("SELECT count(*) FROM documents WHERE file_name NOT LIKE 'synthetic/%'").fetchone()[0] == 0
    except duckdb.Error:
        return False


def generate(db: Path) -> tuple[int, float]:
    """Make the synthetic warehouse at db, replacing one this script made before and nothing else."""
    if db.exists() and not made_here(db):
        raise SystemExit(f"national_warehouse.py: {db} is not a synthetic warehouse made by this script; "
                         f"it is left as it is: give another --db")
    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    t0 = time.perf_counter()
    con = duckdb.connect(str(db))
    create_schema(con)
    lexicon = topics.load_lexicon()
    insert_rows(con, "themes", lexicon.rows())
    words = sorted(set(lexicon.terms) | {t for theme in lexicon.themes for t in theme.terms})
    con.execute("CREATE TEMP TABLE vocabulary AS SELECT unnest($words) AS term", {"words": words})
    con.execute(GENERATE)
    refresh_figures(con)
    con.execute("CHECKPOINT")
    n = con.execute("SELECT count(*) FROM facts").fetchone()[0]
    con.close()
    return n, time.perf_counter() - t0


def parameter_sets(con: duckdb.DuckDBPyConnection, runs: int) -> dict[str, list[dict]]:
    rng = random.Random(7)
    adcodes = [r[0] for r in con.execute("SELECT adcode FROM places WHERE level <> 'provincial'").fetchall()]
    provinces = [r[0] for r in con.execute("SELECT DISTINCT province FROM places").fetchall()]
    metrics = con.execute("SELECT metric, body FROM metrics").fetchall()

    def metric():
        return rng.choice(metrics)

    themes = con.execute("SELECT terms FROM themes").fetchall()
    sets: dict[str, list[dict]] = {name: [] for name in queries.names()}
    for _ in range(runs):
        m, b = metric()
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        annual = dict(kind="annual", period_start=year, period_end=year)
        term_end = rng.choice(TERM_ENDS)
        period = rng.choice([annual, dict(kind="term", period_start=term_end - 4, period_end=term_end),
                             dict(kind=None, period_start=None, period_end=None)])
        chosen = rng.sample(adcodes, 4)
        years = dict(body=b, year_from=rng.choice([None, year - 4]), year_to=rng.choice([None, year]))
        sets["compare"].append(dict(metric=m, body=b, places=rng.sample(adcodes, 12), **annual))
        sets["ranking"].append(dict(metric=m, body=b, province=rng.choice([None, rng.choice(provinces)]),
                                    level=rng.choice([None, "prefecture", "county"]), **period))
        sets["over_time"].append(dict(metric=m, body=b, places=rng.sample(adcodes, 6), year_from=None, year_to=None))
        sets["periods_reported"].append(dict(metric=m, body=b))
        sets["most_periods"].append(dict(metric=m, body=b))
        sets["figures_filtered"].append(dict(metric=m, body=b, province=rng.choice(provinces), level=None, kind=None,
                                             year_from=year, year_to=year))
        sets["place_profile"].append(dict(place_key=rng.choice(adcodes)))
        sets["facts_filtered"].append(dict(metric=m, body=b, province=rng.choice(provinces), level=None, kind=None,
                                           year_from=year, year_to=year))
        sets["evidence"].append(dict(place_key=rng.choice(adcodes), body=b, period_start=year, period_end=year,
                                     metric=m))
        sets["coverage"].append(dict(body=b, province=rng.choice(provinces)))
        sets["focus_themes"].append(dict(places=chosen, **years))
        sets["focus_keywords"].append(dict(places=chosen, against=rng.choice(["chosen", "all"]), min_count=3, top=15,
                                           **years))
        sets["term_sentences"].append(dict(place_key=chosen[0], terms=list(rng.choice(themes)[0]), **years))
        sets["place_reports"].append(dict(place_key=rng.choice(adcodes)))
        sets["place_options"].append(dict(body=rng.choice([None, b])))
        sets["period_years"].append(dict(body=rng.choice([None, b])))
        sets["topic_places"].append(dict(body=b))
        document = f"doc-{rng.choice(adcodes)}-{b}"   # one place's reports of one body (GENERATE)
        sets["document"].append(dict(document_id=document))
        sets["document_units"].append(dict(document_id=document))
        sets["document_lines"].append(dict(document_id=document, line_from=1, line_to=200))
        sets["document_facts"].append(dict(document_id=document, line_from=1, line_to=200))
        sets["correctable_facts"].append(dict(unit_ids=[f"u-{chosen[0]}-{b}-{year}-{year}"], metric=rng.choice([None, m])))
        for name in ("metric_catalogue", "provinces", "theme_catalogue", "public_tables"):
            sets[name].append({})
    unasked = [name for name, asked in sets.items() if not asked]
    if unasked:
        raise SystemExit(f"national_warehouse.py: no parameters for the queries {', '.join(unasked)}: add them "
                         f"to parameter_sets")
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "national.duckdb")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        summary = build(sorted(DEFAULT_CORPUS.glob("*.txt")), Path(tmp) / "real.duckdb")
        print(f"real corpus build: {time.perf_counter() - t0:.2f} s ({summary.units} units, {summary.facts} facts)")

    facts, seconds = generate(args.db)
    print(f"national synthetic warehouse: {facts:,} facts in {seconds:.1f} s, "
          f"{args.db.stat().st_size / 1e6:.0f} MB at {args.db}")
    con = connect(args.db)   # as the app's server opens it (dashboard/warehouse.py: one thread, read-only)
    print("each query, p95 over its parameter sets (p50 and rows in brackets):")
    for name, sets in parameter_sets(con, args.runs).items():
        queries.run(name, con, **sets[0])  # warm-up
        times, rows = [], []
        for params in sets:
            t = time.perf_counter()
            rows.append(len(queries.run(name, con, **params)))
            times.append((time.perf_counter() - t) * 1000)
        p95 = statistics.quantiles(times, n=20)[18]
        print(beside(f"{name} ({statistics.median(times):.1f} ms, {int(statistics.median(rows))} rows)", p95,
                     "query p95"))
    con.close()


if __name__ == "__main__":
    main()
