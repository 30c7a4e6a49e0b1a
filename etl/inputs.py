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

import glob
import os
from dataclasses import dataclass
from pathlib import Path, PurePath

from .errors import refusal

SUFFIXES = {".txt", ".text", ".html", ".htm", ".docx", ".pdf", ".md"}
GLOB_CHARS = "*?["
FOLDER_LINK = "a link to a folder, not followed (it could loop): give the folder itself"
NO_MATCH = "no file matches this pattern"


@dataclass(frozen=True)
class Source:
    path: Path
    name: str       # its path relative to `root`, with forward slashes: the document's name
    root: Path
    refused: str | None = None   # why it is not read at all (a FIFO, a looping link …): never opened


def collect(args: list[str], root: str | Path | None = None) -> list[Source]:
    """The report files of `args` (files, folders, globs), in the order given, folders sorted.

    What a folder or a glob holds that cannot be read safely (a FIFO, a device, a link that loops or
    leads to a folder) is listed with the reason instead of being dropped without a word.
    """
    sources: list[Source] = []
    for raw in args:
        p = Path(raw)
        if p.is_dir():
            base, found = p, _folder(p)
        elif any(ch in raw for ch in GLOB_CHARS):
            base, matches = _fixed_part(raw), sorted(Path(m) for m in glob.glob(raw, recursive=True))
            found = [f for m in matches for f in (_folder(m) if m.is_dir() else [(m, None)])] or [(p, NO_MATCH)]
        else:
            base, found = p.parent, [(p, None)]
        sources += [named(f, Path(root) if root else base, reason) for f, reason in found]
    return sources


def named(path: Path, root: Path, refused: str | None = None) -> Source:
    """`path` named relative to `root`, with why it must not be opened, if so; ValueError when it lies
    outside `root`."""
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        raise ValueError(f"{path}: outside the build root {root}")
    return Source(Path(path), PurePath(relative).as_posix(), Path(root), refused or refusal(path))


def _folder(folder: Path) -> list[tuple[Path, str | None]]:
    """The report files below `folder`, sorted, and the links and special files it skips, with why."""
    found = []
    for top, folders, files in os.walk(folder):   # links to folders are not followed: they can loop
        for name in folders:
            if os.path.islink(os.path.join(top, name)):
                found.append((Path(top, name), FOLDER_LINK))
        found += [(Path(top, name), None) for name in files if Path(name).suffix.lower() in SUFFIXES]
    return sorted(found)


def _fixed_part(pattern: str) -> Path:
    """The folder a glob starts from: its leading parts without wildcards."""
    fixed = []
    for part in Path(pattern).parts[:-1]:
        if any(ch in part for ch in GLOB_CHARS):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")
