"""The files a command reads: paths, folders and globs as given → report files, each with its name.

Entry: `collect(args, root=None)` → list of Source.

A document is named by its path relative to the folder it was found from — `2021/工作报告.docx`
for a file under a folder given to the build, not `工作报告.docx` — so that two files of the same
name in two folders are two documents, and a changed file replaces only the older version at the
same path. The root of a folder argument is that folder, of a glob its fixed leading part, of a
single file its own folder; `root` sets one root for every argument. Building a folder names its
files the same way whatever else is built with it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePath

SUFFIXES = {".txt", ".text", ".html", ".htm", ".docx", ".pdf", ".md"}
GLOB_CHARS = "*?["


@dataclass(frozen=True)
class Source:
    path: Path
    name: str       # its path relative to `root`, with forward slashes: the document's name
    root: Path


def collect(args: list[str], root: str | Path | None = None) -> list[Source]:
    """The report files of `args` (files, folders, globs), in the order given, folders sorted."""
    sources: list[Source] = []
    for raw in args:
        p = Path(raw)
        if p.is_dir():
            found, base = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES), p
        elif any(ch in raw for ch in GLOB_CHARS):
            found, base = sorted(Path().glob(raw)), _fixed_part(raw)
        else:
            found, base = [p], p.parent
        sources += [named(f, Path(root) if root else base) for f in found]
    return sources


def named(path: Path, root: Path) -> Source:
    """`path` named relative to `root`; ValueError when it lies outside."""
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        raise ValueError(f"{path}: outside the build root {root}")
    return Source(Path(path), PurePath(relative).as_posix(), Path(root))


def _fixed_part(pattern: str) -> Path:
    """The folder a glob starts from: its leading parts without wildcards."""
    fixed = []
    for part in Path(pattern).parts[:-1]:
        if any(ch in part for ch in GLOB_CHARS):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")
