"""Files written so that a crash leaves either the old content or the new, never a part.

Generations, their metadata and their spellings are all written this way; the module
stands alone so that each of them can use it without importing the others.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_durably(path: Path, text: str, replace: bool = False) -> None:
    """Write a file and fsync it; with ``replace``, swap it in atomically.

    The folder is synced too: without it, a crash can lose the new name of the file even
    though its content reached the disk.
    """
    target = path.with_name(path.name + ".tmp") if replace else path
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    if replace:
        os.replace(target, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
