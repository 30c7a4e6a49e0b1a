"""Tampered callbacks against the real server: how many answers leak internals.

    python benchmarks/tampered_callbacks.py [--db FILE] [--payloads 3640] [--seed 15]

Reads the app's callbacks from /_dash-dependencies, then posts payloads to /_dash-update-component in
which every input and state holds a value a browser would never send (SQL, paths, wrong types,
huge numbers, malformed clicks …) or, now and then, a valid one. An answer leaks when it holds a
marker of the server's insides (a traceback, a DuckDB message, SQL, a file path, a process id) that
the request itself did not contain (warnings quote the value they refuse, and that is no leak).
Serves the fixture warehouse of the tests unless --db is given.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from dashboard.testing import served  # noqa: E402

# what only the server's insides say
LEAK = re.compile(r"Traceback|File \"|\.py\b|/(?:work|tmp|usr|root|home|opt)/|(?i:duckdb)|Binder Error|Catalog Error|"
                  r"Conversion Error|Parser Error|Invalid Input Error|\bSELECT\b|\bWHERE\b|(?i:\bpid\b)|Errno|"
                  r"\b[A-Z]\w{0,40}(?:Error|Exception)\b")   # bounded: answers may hold a 100 kB word
HOSTILE = [None, "", " ", "npc_sc", "cppcc_sc", "all", "sessions", "appointments", "prefecture", "吉林省",
           "'; DROP TABLE facts; --", "x' OR '1'='1", "$metric", "../../../../etc/passwd", "/work/secret.duckdb",
           "name:", "name:某区", "name:' OR 1=1 --", "220800", "999999", "9" * 40, "1e9", "-5", "2022.5",
           -1, 0, 1, 2022, 99999, 10 ** 30, -(10 ** 30), 1e308, 2022.5, True, False,
           [], [None], [1, 2], ["220800", {"a": 1}], ["name:某区", "220800"], [["nested"]], {"a": 1},
           {"points": []}, {"points": [{}]}, {"points": [{"customdata": ["220800", "x", None]}]},
           {"points": [{"customdata": ["' OR 1 --", 2022, 2022]}]}, {"points": [{"customdata": [None, 10 ** 30]}]},
           {"points": [{"customdata": "220800"}]}, {"points": "x"},
           {"place": "name:某区", "theme": "'"}, {"place": 5}, {"place": "220800", "term": {"x": 1}},
           {"place": "220800", "term": "会议" * 5000}, "A" * 100_000, "%s%s%n%x", "\x00\x01", "\ud7ff𝔘", "<script>x</script>"]


def payloads(dependencies: list[dict], count: int, seed: int):
    """`count` tampered update requests, spread over the server-side callbacks."""
    rng = random.Random(seed)
    server_side = [d for d in dependencies if not d.get("clientside_function")]
    for n in range(count):
        yield request_body(server_side[n % len(server_side)], lambda: rng.choice(HOSTILE))


def request_body(dependency: dict, value) -> dict:
    """The body of an update request for one callback of /_dash-dependencies, each input and state
    holding value() (called once for each)."""
    inputs = [_filled(i, value) for i in dependency["inputs"]]
    state = [_filled(s, value) for s in dependency.get("state", [])]
    first = dependency["inputs"][0] if dependency["inputs"] else None
    return {"output": dependency["output"], "outputs": _outputs(dependency["output"]), "inputs": inputs,
            "state": state, "changedPropIds": [f"{first['id']}.{first['property']}"] if first else []}


def request_with(dependency: dict, values: dict[str, object]) -> dict:
    """An update request for one callback whose inputs and states hold values[their id] (None where
    not given): robust to a callback gaining inputs."""
    body = request_body(dependency, lambda: None)
    for part in body["inputs"] + body["state"]:
        if isinstance(part, dict):
            part["value"] = values.get(part["id"])
    return body


def post(url: str, body: dict) -> tuple[int, str]:
    """POST an update request; the status and the answer's text."""
    request = urllib.request.Request(url + "/_dash-update-component",
                                     data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def _filled(dependency: dict, value) -> dict | list:
    if dependency["id"].startswith("{"):   # a pattern-matching input: a list of matched components
        pattern = json.loads(dependency["id"])
        return [{"id": {**pattern, **{k: "x" for k, v in pattern.items() if isinstance(v, list)}},
                 "property": dependency["property"], "value": value()}]
    return {"id": dependency["id"], "property": dependency["property"], "value": value()}


def _outputs(output: str):
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    outs = []
    for part in parts:
        component, prop = part.rsplit(".", 1)
        outs.append({"id": json.loads(component) if component.startswith("{") else component, "property": prop})
    return outs if output.startswith("..") else outs[0]


def audit(url: str, count: int, seed: int = 15) -> dict:
    """Post `count` tampered payloads; counts of answers by status, error alerts shown and leaks."""
    with urllib.request.urlopen(url + "/_dash-dependencies", timeout=30) as r:
        dependencies = json.load(r)
    statuses, alerts, leaks, examples = Counter(), 0, 0, []
    for payload in payloads(dependencies, count, seed):
        body = json.dumps(payload, ensure_ascii=False)
        status, answer = post(url, payload)
        statuses[status] += 1
        alerts += '"app-error"' in answer
        found = {m.group(0) for m in LEAK.finditer(answer)} - {m.group(0) for m in LEAK.finditer(body)}
        if found:
            leaks += 1
            if len(examples) < 5:
                examples.append((payload["output"], sorted(found)[:5]))
    return {"payloads": count, "statuses": dict(statuses), "error_alerts": alerts, "leaking": leaks,
            "examples": examples}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="a warehouse to serve (default: the tests' fixture warehouse)")
    parser.add_argument("--payloads", type=int, default=3640)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    db = Path(args.db) if args.db else _fixture_warehouse()
    with served(db) as url:
        result = audit(url, args.payloads, args.seed)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    from targets import beside
    print(beside("answers showing internals", result["leaking"], "internals shown to tampered callbacks", 0))
    print(beside("answers with the error alert", result["error_alerts"], "internals shown to tampered callbacks", 0))
    return 0 if result["leaking"] == 0 else 1


def _fixture_warehouse() -> Path:
    from fixture_warehouse import fixture_warehouse_file

    return fixture_warehouse_file(Path(tempfile.mkdtemp(prefix="tampered-")) / "fixture.duckdb")


if __name__ == "__main__":
    sys.exit(main())
