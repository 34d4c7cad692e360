"""What a generation was built from, written beside it as ``solsearch.json`` and read back.

One class writes the file and reads it, so each key has one name and one meaning and no
reader picks values out of a dict. A file of another shape or schema version is refused
as a whole (``MetadataMismatch``): such a generation is not served, and the next build
starts afresh rather than trusting what it noted.

On disk, one JSON object::

    schema_version, generation, built_at, solutions, fingerprint, seconds, changed,
    synonyms        groups of equivalent expressions, as in the synonyms file
    digests         corpus file name → sha256 of its content
    file_stats      corpus file name → [size in bytes, modification time in ns]
    stats_taken_ns  when file_stats were taken (a file modified near it is read again)
    model           the embedding model of the passage vectors (``vectors``), or null
    vectors         how many passage vectors the generation holds (0: words alone)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from solsearch.corpus.synonyms import Synonyms
from solsearch.index.durable import write_durably
from solsearch.index.schema import SCHEMA_VERSION

META = "solsearch.json"


class MetadataMismatch(ValueError):
    """The metadata was written by another version of solsearch, or is not metadata."""


@dataclass(frozen=True)
class CorpusSnapshot:
    """The files of a corpus folder at one moment: each one's content digest, and the
    sizes and modification times that spare reading an unchanged file the next time."""

    digests: dict[str, str] = field(default_factory=dict)
    file_stats: dict[str, tuple[int, int]] = field(default_factory=dict)
    taken_ns: int = 0

    def fingerprint(self) -> str:
        """One digest for the whole folder: equal exactly when every file is."""
        joined = "".join(f"{name}\0{digest}\0" for name, digest in self.digests.items())
        return hashlib.sha256(joined.encode()).hexdigest()


@dataclass(frozen=True)
class IndexMeta:
    """What a generation was built from, as recorded next to it."""

    generation: int
    built_at: str
    solutions: int
    fingerprint: str
    seconds: float
    changed: int | None = None  # files analysed again by an incremental build; None: full
    synonyms: Synonyms = field(default_factory=Synonyms)
    corpus: CorpusSnapshot = field(default_factory=CorpusSnapshot)
    model: str | None = None
    vectors: int = 0
    schema_version: int = SCHEMA_VERSION

    @property
    def semantic(self) -> bool:
        """Whether the generation has passage vectors to search by meaning."""
        return self.model is not None and self.vectors > 0

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "generation": self.generation,
            "built_at": self.built_at,
            "solutions": self.solutions,
            "fingerprint": self.fingerprint,
            "seconds": self.seconds,
            "changed": self.changed,
            "synonyms": self.synonyms.to_json(),
            "digests": self.corpus.digests,
            "file_stats": {name: list(stat) for name, stat in self.corpus.file_stats.items()},
            "stats_taken_ns": self.corpus.taken_ns,
            "model": self.model,
            "vectors": self.vectors,
        }

    @classmethod
    def from_json(cls, data: Any) -> IndexMeta:
        """Raises MetadataMismatch unless ``data`` has exactly the shape ``to_json`` gives."""
        _check_shape(data)
        try:
            corpus = CorpusSnapshot(
                digests={str(n): str(d) for n, d in data["digests"].items()},
                file_stats={str(n): (int(s), int(t)) for n, (s, t) in data["file_stats"].items()},
                taken_ns=data["stats_taken_ns"],
            )
            synonyms = Synonyms.from_json(data["synonyms"])
        except (TypeError, ValueError, KeyError, IndexError) as exc:
            raise MetadataMismatch(f"fichiers ou synonymes illisibles ({exc})") from exc
        return cls(
            generation=data["generation"],
            built_at=data["built_at"],
            solutions=data["solutions"],
            fingerprint=data["fingerprint"],
            seconds=float(data["seconds"]),
            changed=data["changed"],
            synonyms=synonyms,
            corpus=corpus,
            model=data["model"],
            vectors=data["vectors"],
            schema_version=data["schema_version"],
        )

    @classmethod
    def read(cls, folder: Path) -> IndexMeta:
        """The metadata of a generation folder.

        Raises OSError when it cannot be read, ValueError when it is not JSON, and
        MetadataMismatch (a ValueError) when another version wrote it.
        """
        return cls.from_json(json.loads((folder / META).read_text(encoding="utf-8")))

    def write(self, folder: Path) -> None:
        write_durably(folder / META, json.dumps(self.to_json(), ensure_ascii=False, indent=1))


# Each key and the JSON types its value may have (never a bool where a number is expected).
_KEYS: dict[str, type | tuple[type, ...]] = {
    "schema_version": int,
    "generation": int,
    "built_at": str,
    "solutions": int,
    "fingerprint": str,
    "seconds": (int, float),
    "changed": (int, type(None)),
    "synonyms": dict,
    "digests": dict,
    "file_stats": dict,
    "stats_taken_ns": int,
    "model": (str, type(None)),
    "vectors": int,
}


def _check_shape(data: Any) -> None:
    """Raise MetadataMismatch unless ``data`` is this version's object, key for key."""
    found = data.get("schema_version") if isinstance(data, dict) else None
    if found != SCHEMA_VERSION:
        raise MetadataMismatch(f"métadonnées de version {found}, attendu {SCHEMA_VERSION}")
    if set(data) != set(_KEYS):
        raise MetadataMismatch(f"clés inattendues : {sorted(set(data) ^ set(_KEYS))}")
    for key, kinds in _KEYS.items():
        if not isinstance(data[key], kinds) or isinstance(data[key], bool):
            raise MetadataMismatch(f"« {key} » : {type(data[key]).__name__} inattendu")
