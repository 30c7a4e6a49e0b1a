"""The one error the reading steps raise for a file they cannot use, and the checks made before a
file is opened at all."""
from __future__ import annotations

import os
import stat

# what a path that is not a regular file is; a FIFO or a device would block or never end if read
KINDS = [(stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
         (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder")]


class UnreadableFile(Exception):
    """The file cannot be turned into text; the message says why."""


def refusal(path: str | os.PathLike) -> str | None:
    """Why `path` must not be opened (a FIFO, a device, a link that loops), or None."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        if os.path.islink(path):
            return "a symbolic link that loops or leads nowhere: skipped"
        return None   # missing or unreadable: the reader says which
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in KINDS if test(mode)), "not a file")
    return f"not a regular file ({kind}): never opened"
