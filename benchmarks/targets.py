"""The project's speed and memory targets, and one way of printing a figure beside its target.

Every benchmark prints its figures through `beside`, so that `make bench` reads as a list of
"measured · target · met or not" lines. The targets are those of the issues that set them
(issue 13: serving under load; issue 14: national scale).
"""
from __future__ import annotations

# name: (comparison, target, unit)
TARGETS = {
    "extraction": (">=", 20.0, "MB/s per core"),
    "topic step": (">=", 4.0, "MB/s per core"),
    "query p95": ("<=", 20.0, "ms"),
    "first load": ("<=", 1500.0, "ms"),
    "filter to chart p95": ("<=", 200.0, "ms"),
    "callback p95 under load": ("<=", 300.0, "ms"),
    "layout p95 under load": ("<=", 300.0, "ms"),   # a page's layout draws its first view (firstview)
    "errors under load": ("<=", 0, "requests"),
    "download first row": ("<=", 1.0, "s"),
    "build peak RSS": ("<=", 2000.0, "MB"),
    "internals shown to tampered callbacks": ("<=", 0, "answers"),
}


def met(target: str, value: float) -> bool:
    comparison, goal, _ = TARGETS[target]
    return value >= goal if comparison == ">=" else value <= goal


def beside(label: str, value: float, target: str, digits: int = 1) -> str:
    """'  label  12.3 MB/s per core   target >= 20 MB/s per core   NOT MET'"""
    comparison, goal, unit = TARGETS[target]
    verdict = "met" if met(target, value) else "NOT MET"
    return f"  {label:32s} {value:10.{digits}f} {unit:14s} target {comparison} {goal:g} {unit}   {verdict}"
