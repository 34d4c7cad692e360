"""The passage vectors of a generation, and the cache that spares embedding a text twice.

Each generation folder holds its own vectors, so they switch with the word index in the
same atomic step and never describe another corpus:

    vectors.npy    float32 rows of unit length, the passages of one solution after another
    vectors.json   {"model": id, "ids": [solution ids], "counts": [passages of each]}

Embedding costs about 0.1 s a passage, so vectors are also kept in a content-keyed cache
(sha256 of the model id and the passage text) that outlives generations and temporary index
folders: a rebuild, a test run or a second index of the same corpus embeds nothing again.
One file per key, written then renamed, so that concurrent builds never corrupt it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from solsearch.analysis.embedding import DIMENSION, Embedder
from solsearch.index.durable import write_durably

VECTORS = "vectors.npy"
ROWS = "vectors.json"
#: Passages embedded per call: progress stays visible, and batching saves little anyway.
_BATCH = 8


def default_cache_dir() -> Path:
    """SOLSEARCH_VECTOR_CACHE, else the user's cache folder (XDG), else ~/.cache/solsearch.

    Read here as well as in the settings because builds are also started without settings
    (tests, benchmarks): every build of a machine then shares one cache.
    """
    chosen = os.environ.get("SOLSEARCH_VECTOR_CACHE")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "solsearch" / "vectors"


class VectorCache:
    """Vectors of passages already embedded, by sha256(model id, text)."""

    def __init__(self, folder: Path | str):
        self.folder = Path(folder)

    @staticmethod
    def key(model_id: str, text: str) -> str:
        return hashlib.sha256(f"{model_id}\0{text}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def get(self, key: str) -> np.ndarray | None:
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        if len(data) != DIMENSION * 4:
            return None  # a damaged entry is only a slower build
        return np.frombuffer(data, dtype=np.float32)

    def put(self, key: str, vector: np.ndarray) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
                handle.write(np.asarray(vector, dtype=np.float32).tobytes())
            os.replace(handle.name, path)
        except OSError:
            pass  # a read-only or full cache folder only costs time


@dataclass(frozen=True)
class StoredVectors:
    """A generation's passage vectors: ``counts[i]`` rows belong to solution ``ids[i]``."""

    model: str
    ids: tuple[str, ...]
    counts: tuple[int, ...]
    matrix: np.ndarray

    def by_solution(self) -> dict[str, np.ndarray]:
        starts = np.concatenate([[0], np.cumsum(self.counts)]).astype(int)
        return {sid: self.matrix[starts[i] : starts[i + 1]] for i, sid in enumerate(self.ids)}


def read_vectors(folder: Path) -> StoredVectors | None:
    """A generation's vectors, mapped from disk; None when it has none or they are unreadable."""
    try:
        rows = json.loads((folder / ROWS).read_text(encoding="utf-8"))
        matrix = np.load(folder / VECTORS, mmap_mode="r", allow_pickle=False)
        stored = StoredVectors(
            str(rows["model"]), tuple(rows["ids"]), tuple(map(int, rows["counts"])), matrix
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if matrix.ndim != 2 or matrix.shape[1] != DIMENSION or sum(stored.counts) != len(matrix):
        return None
    return stored


def write_vectors(folder: Path, model: str, passages: dict[str, np.ndarray]) -> None:
    """Write each solution's passage vectors into a generation folder being built."""
    ids = list(passages)
    blocks = [passages[sid] for sid in ids]
    matrix = np.vstack(blocks) if blocks else np.zeros((0, DIMENSION), dtype=np.float32)
    # A new file swapped in, never the old one rewritten: an incremental build starts from
    # hard links to the serving generation's files, and truncating a file that a server has
    # mapped in memory kills it (SIGBUS).
    fresh = folder / (VECTORS + ".tmp")
    with open(fresh, "wb") as handle:
        np.save(handle, matrix.astype(np.float32), allow_pickle=False)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(fresh, folder / VECTORS)
    rows = {"model": model, "ids": ids, "counts": [len(b) for b in blocks]}
    write_durably(folder / ROWS, json.dumps(rows, ensure_ascii=False))


def embed_passages(
    embedder: Embedder,
    cache: VectorCache,
    texts: dict[str, list[str]],
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, np.ndarray]:
    """Each solution's passages (id → texts) as vectors, from the cache or the model.

    ``on_progress(done, total)`` is called only when passages are actually embedded.
    """
    model = embedder.model_id
    found: dict[str, np.ndarray] = {}
    missing: list[tuple[str, str]] = []
    for passages in texts.values():
        for text in passages:
            key = cache.key(model, text)
            vector = found.get(key)
            vector = vector if vector is not None else cache.get(key)
            if vector is None:
                missing.append((key, text))
            else:
                found[key] = vector
    missing = list(dict(missing).items())
    for start in range(0, len(missing), _BATCH):
        batch = missing[start : start + _BATCH]
        for (key, _), vector in zip(
            batch, embedder.embed([t for _, t in batch], False), strict=True
        ):
            cache.put(key, vector)
            found[key] = vector
        if on_progress:
            on_progress(min(start + _BATCH, len(missing)), len(missing))
    return {
        sid: np.vstack([found[cache.key(model, t)] for t in passages]).astype(np.float32)
        for sid, passages in texts.items()
        if passages
    }


def write_generation_vectors(
    building: Path,
    texts: dict[str, list[str]],
    previous: StoredVectors | None,
    embedder: Embedder,
    cache: VectorCache,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[str, int]:
    """Embed the passages given (the changed solutions), keep ``previous`` rows of the
    others still in the index (``texts`` holds None for those), write both; the model id
    and the number of vectors."""
    fresh = embed_passages(
        embedder, cache, {k: v for k, v in texts.items() if v is not None}, on_progress
    )
    kept = previous.by_solution() if previous is not None else {}
    merged = {}
    for sid, passages in texts.items():
        block = fresh.get(sid) if passages is not None else kept.get(sid)
        if block is not None:
            merged[sid] = np.asarray(block, dtype=np.float32)
    write_vectors(building, embedder.model_id, merged)
    return embedder.model_id, sum(len(block) for block in merged.values())
