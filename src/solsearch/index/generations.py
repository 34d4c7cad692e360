"""Index generations on disk, switched atomically under a CURRENT pointer.

Layout of the index folder::

    CURRENT            name of the generation readers open ("gen-000007")
    gen-000007/        a complete whoosh index, plus solsearch.json (what it was built from)
    gen-000006/        the previous generation, kept for readers that still have it open
    .build-000008-PID/ a build in progress; only ever renamed to gen-… once complete
    .lock              held (flock) by the one build allowed at a time

A build writes a fresh folder and only then replaces CURRENT with ``os.replace``, so a
reader never sees a half-built index and a build killed at any point leaves the previous
generation serving. The lock is an flock, released by the kernel when its holder dies, so
no stale lock ever needs a person.
"""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index

from solsearch.index.durable import write_durably
from solsearch.index.metadata import IndexMeta, MetadataMismatch
from solsearch.index.storage import MappedStorage

CURRENT = "CURRENT"
KEEP_GENERATIONS = 2
_OPEN_RETRIES = 5


class IndexUnavailable(Exception):
    """No index can be opened; the message says what to run."""


def generation_name(generation: int) -> str:
    return f"gen-{generation:06d}"


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    with open(index_dir / ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _generations(index_dir: Path) -> list[Path]:
    return sorted(p for p in index_dir.glob("gen-*") if p.is_dir())


def last_generation(index_dir: Path) -> int:
    numbers = [int(p.name.removeprefix("gen-")) for p in _generations(index_dir)]
    current = read_current(index_dir)
    if current:
        numbers.append(int(current.removeprefix("gen-")))
    return max(numbers, default=0)


def remove_abandoned_builds(index_dir: Path) -> None:
    """Builds killed before their switch; safe to remove since we hold the lock.

    That includes a generation renamed into place by a build killed just before it wrote
    CURRENT: it was never served, and keeping it would make pruning drop the generation
    that was serving until the next switch.
    """
    for path in index_dir.glob(".build-*"):
        shutil.rmtree(path, ignore_errors=True)
    (index_dir / (CURRENT + ".tmp")).unlink(missing_ok=True)
    current = read_current(index_dir)
    if current is not None:
        for path in _generations(index_dir):
            if path.name > current:
                shutil.rmtree(path, ignore_errors=True)


def prune(index_dir: Path, keep: int) -> None:
    current = read_current(index_dir)
    old = [p for p in _generations(index_dir) if p.name != current]
    for path in old[: max(0, len(old) - (keep - 1))]:
        shutil.rmtree(path, ignore_errors=True)


def read_current(index_dir: Path | str) -> str | None:
    """The name of the generation readers should open, or None when there is none."""
    try:
        name = (Path(index_dir) / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return name or None


def open_generation(index_dir: Path | str) -> tuple[str, whoosh_index.Index, IndexMeta]:
    """Open the current generation: its name, the whoosh index and its metadata.

    A build may prune the generation between reading CURRENT and opening it: then CURRENT
    has moved on, so read it again.
    """
    index_dir = Path(index_dir)
    last_error: Exception | None = None
    for _ in range(_OPEN_RETRIES):
        name = read_current(index_dir)
        if name is None:
            raise IndexUnavailable(
                f"aucun index dans {index_dir} : lancez `solsearch index` pour le construire"
            )
        try:
            path = index_dir / name
            meta = IndexMeta.read(path)
            return name, MappedStorage(str(path)).open_index(), meta
        except MetadataMismatch as exc:
            raise _other_version(index_dir, exc) from exc
        except (OSError, whoosh_index.EmptyIndexError, ValueError) as exc:
            last_error = exc
            time.sleep(0.01)
        except (AttributeError, ImportError, pickle.UnpicklingError, EOFError) as exc:
            # whoosh pickles the schema and codec: an index written by another version
            raise _other_version(index_dir, exc) from exc
    raise IndexUnavailable(
        f"index illisible dans {index_dir} ({last_error}) : relancez `solsearch index`"
    )


def _other_version(index_dir: Path, exc: Exception) -> IndexUnavailable:
    """Written by another version: retrying cannot help, only a build from scratch."""
    return IndexUnavailable(
        f"index d’une autre version dans {index_dir} ({exc}) : relancez `solsearch index --full`"
    )


def link_copy(source: Path, target: Path) -> None:
    """Copy a generation by hard links: whoosh never rewrites a segment file, it writes new
    ones, so the copy can be updated without touching the source. The files that are not
    whoosh's (metadata, spellings) are left out: each generation writes its own."""
    target.mkdir()
    for path in source.iterdir():
        if path.name.endswith(".json") or "LOCK" in path.name or not path.is_file():
            continue
        try:
            os.link(path, target / path.name)
        except OSError:
            shutil.copy2(path, target / path.name)


def switch_to(index_dir: Path, building: Path, generation: int) -> None:
    """Make a finished build the generation readers open, then drop old generations."""
    final = index_dir / generation_name(generation)
    os.rename(building, final)
    write_durably(index_dir / CURRENT, final.name, replace=True)
    prune(index_dir, keep=KEEP_GENERATIONS)


def current_meta(index_dir: Path) -> IndexMeta | None:
    """What the current generation was built from, or None when there is none or when its
    metadata cannot be read or comes from another version (nothing in it can be trusted)."""
    name = read_current(index_dir)
    if name is None:
        return None
    try:
        return IndexMeta.read(index_dir / name)
    except (OSError, ValueError):
        return None
