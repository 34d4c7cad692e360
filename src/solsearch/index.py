"""The on-disk index: whoosh generations switched atomically under a CURRENT pointer.

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
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from solsearch import territories
from solsearch.analysis import exact_analyzer, spelling_analyzer, stem_analyzer
from solsearch.corpus import STRUCTURES, Solution, corpus_fingerprint, load_corpus
from solsearch.synonyms import SYNONYMS_FILE, load_synonyms

# Bump when the schema or the analysis chain changes: older generations are then stale.
SCHEMA_VERSION = 3
CURRENT = "CURRENT"
META = "solsearch.json"
_KEEP_GENERATIONS = 2
_OPEN_RETRIES = 5


class IndexUnavailable(Exception):
    """No index can be opened; the message says what to run."""


@dataclass(frozen=True)
class IndexInfo:
    """What a generation was built from, as recorded next to it."""

    generation: int
    built_at: str
    solutions: int
    fingerprint: str
    schema_version: int
    seconds: float


def build_schema() -> Schema:
    """Stemmed fields (weighted at query time), exact and spelling fields, keyword facets,
    and the whole record stored as JSON. Each extra field over the body costs a full
    analysis of the text at build time, so there are only these."""
    stem = stem_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=stem),
        organisations=TEXT(analyzer=stem),
        places=TEXT(analyzer=stem),
        kinds=TEXT(analyzer=stem),
        body=TEXT(analyzer=stem, stored=True, chars=True),
        exact=TEXT(analyzer=exact_analyzer()),
        spell=TEXT(analyzer=spelling_analyzer()),
        theme=ID(stored=True),
        regions=KEYWORD(commas=True, stored=True),
        departments=KEYWORD(commas=True, stored=True),
        structures=KEYWORD(commas=True, stored=True),
        record=STORED,
    )


def solution_record(solution: Solution) -> dict:
    """The stored form of a solution: its front matter, Markdown body and plain text."""
    return {
        "id": solution.id,
        "title": solution.title,
        "theme": solution.theme,
        "organisations": list(solution.organisations),
        "regions": list(solution.regions),
        "departments": list(solution.departments),
        "cities": list(solution.cities),
        "structures": list(solution.structures),
        "contact": solution.contact,
        "body": solution.body,
        "text": solution.text,
    }


def _document(solution: Solution) -> dict:
    deps = territories.departments()
    places = [
        *solution.cities,
        *(deps[d].label for d in solution.departments),
        *(deps[d].number for d in solution.departments),
        *(territories.region_label(r) for r in solution.regions),
    ]
    kinds = [f"{code} {STRUCTURES[code]}" for code in solution.structures]
    text = solution.text
    return {
        "id": solution.id,
        "title": solution.title,
        "organisations": "\n".join(solution.organisations),
        "places": "\n".join(places),
        "kinds": "\n".join(kinds),
        "body": text,
        "exact": "\n".join([solution.title, *solution.organisations, *places, text]),
        "spell": "\n".join([solution.title, *solution.organisations, *solution.cities, text]),
        "theme": solution.theme,
        "regions": ",".join(solution.regions),
        "departments": ",".join(solution.departments),
        "structures": ",".join(solution.structures),
        "record": json.dumps(solution_record(solution), ensure_ascii=False),
    }


def build_index(
    corpus_dir: Path | str,
    index_dir: Path | str,
    on_progress: Callable[[int, int], None] | None = None,
) -> IndexInfo:
    """Validate the corpus, build a new generation and switch readers to it atomically.

    Raises CorpusError (nothing is changed) when the corpus or the synonyms file is invalid.
    """
    started = time.monotonic()
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    fingerprint = corpus_fingerprint(corpus_dir)
    corpus = load_corpus(corpus_dir, warnings=False)
    synonyms = load_synonyms(corpus_dir / SYNONYMS_FILE)
    index_dir.mkdir(parents=True, exist_ok=True)
    with _build_lock(index_dir):
        _remove_abandoned_builds(index_dir)
        generation = _last_generation(index_dir) + 1
        building = index_dir / f".build-{generation:06d}-{os.getpid()}"
        building.mkdir()
        ix = whoosh_index.create_in(str(building), build_schema())
        writer = ix.writer(limitmb=256)
        total = len(corpus.solutions)
        for done, solution in enumerate(corpus.solutions, start=1):
            writer.add_document(**_document(solution))
            if on_progress:
                on_progress(done, total)
        writer.commit()
        info = IndexInfo(
            generation=generation,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            solutions=total,
            fingerprint=fingerprint,
            schema_version=SCHEMA_VERSION,
            seconds=round(time.monotonic() - started, 3),
        )
        meta = {**asdict(info), "synonyms": synonyms.to_json()}
        _write_durably(building / META, json.dumps(meta, ensure_ascii=False, indent=1))
        final = index_dir / _generation_name(generation)
        os.rename(building, final)
        _write_durably(index_dir / CURRENT, final.name, replace=True)
        _prune(index_dir, keep=_KEEP_GENERATIONS)
    return info


def _generation_name(generation: int) -> str:
    return f"gen-{generation:06d}"


def _write_durably(path: Path, text: str, replace: bool = False) -> None:
    """Write a file and fsync it; with ``replace``, swap it in atomically."""
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


@contextmanager
def _build_lock(index_dir: Path) -> Iterator[None]:
    with open(index_dir / ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _generations(index_dir: Path) -> list[Path]:
    return sorted(p for p in index_dir.glob("gen-*") if p.is_dir())


def _last_generation(index_dir: Path) -> int:
    numbers = [int(p.name.removeprefix("gen-")) for p in _generations(index_dir)]
    current = read_current(index_dir)
    if current:
        numbers.append(int(current.removeprefix("gen-")))
    return max(numbers, default=0)


def _remove_abandoned_builds(index_dir: Path) -> None:
    """Builds killed before their switch; safe to remove since we hold the lock."""
    for path in index_dir.glob(".build-*"):
        shutil.rmtree(path, ignore_errors=True)
    (index_dir / (CURRENT + ".tmp")).unlink(missing_ok=True)


def _prune(index_dir: Path, keep: int) -> None:
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


def read_info(generation_dir: Path) -> IndexInfo:
    meta = json.loads((generation_dir / META).read_text(encoding="utf-8"))
    return IndexInfo(**{k: meta[k] for k in IndexInfo.__dataclass_fields__})


def read_meta(generation_dir: Path) -> dict:
    return json.loads((generation_dir / META).read_text(encoding="utf-8"))


def open_generation(index_dir: Path | str):
    """Open the current generation: (name, whoosh index, metadata dict).

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
            return name, whoosh_index.open_dir(str(path)), read_meta(path)
        except (OSError, whoosh_index.EmptyIndexError, ValueError) as exc:
            last_error = exc
            time.sleep(0.01)
    raise IndexUnavailable(
        f"index illisible dans {index_dir} ({last_error}) : relancez `solsearch index`"
    )


def index_status(index_dir: Path | str, corpus_dir: Path | str) -> str:
    """ "missing", "stale" (corpus or schema changed since the build) or "fresh"."""
    name = read_current(index_dir)
    if name is None:
        return "missing"
    try:
        meta = read_meta(Path(index_dir) / name)
    except (OSError, ValueError):
        return "missing"
    if meta.get("schema_version") != SCHEMA_VERSION:
        return "stale"
    if meta.get("fingerprint") != corpus_fingerprint(Path(corpus_dir)):
        return "stale"
    return "fresh"
