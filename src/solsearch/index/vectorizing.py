"""How a build gets its passage vectors: which model, which cache, and what when there is none.

The word index never waits on the model: when the model cannot load, or the semantic part
is switched off, the generation is written without vectors (its metadata says so) and search
works with words alone; the reason is kept for the command to print once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from whoosh import index as whoosh_index

from solsearch.analysis.embedding import Embedder, shared_embedder
from solsearch.analysis.passages import split_passages
from solsearch.index.vectors import (
    VectorCache,
    default_cache_dir,
    read_vectors,
    write_generation_vectors,
)


class Vectorizer:
    """The semantic half of a build: ``write`` embeds what changed and writes the vectors."""

    def __init__(
        self,
        enabled: bool = True,
        embedder: Embedder | None = None,
        cache: Path | str | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ):
        self.enabled = enabled
        self.embedder = embedder
        self.cache = VectorCache(cache if cache is not None else default_cache_dir())
        self.on_progress = on_progress
        self.reason: str | None = None  # why the last build has no vectors, in French

    def write(
        self, building: Path, texts: dict[str, list[str] | None], current: Path | None
    ) -> tuple[str | None, int]:
        """Write ``building``'s vectors; the model id (None: no vectors) and their number.

        ``texts``: each solution's passages, or None for one unchanged since ``current``,
        whose vectors are copied (or embedded again if ``current`` has none of this model),
        and for every solution of a full build: their passages are read back from the index
        being built, only when there is something to embed.
        """
        if not self.enabled:
            return None, 0
        embedder = self.embedder or shared_embedder()
        self.reason = embedder.reason()
        if self.reason is not None:
            return None, 0
        previous = read_vectors(current) if current is not None else None
        if previous is not None and previous.model != embedder.model_id:
            previous = None
        known = set(previous.ids) if previous is not None else set()
        unknown = [sid for sid, passages in texts.items() if passages is None and sid not in known]
        if unknown:
            texts = {**texts, **_stored_passages(building, set(unknown))}
        return write_generation_vectors(
            building, texts, previous, embedder, self.cache, self.on_progress
        )


def _stored_passages(building: Path, wanted: set[str]) -> dict[str, list[str]]:
    """Passages of solutions read back from the index being built (their files unchanged)."""
    found = {}
    with whoosh_index.open_dir(str(building)).searcher() as searcher:
        for fields in searcher.all_stored_fields():
            if fields["id"] in wanted:
                record = json.loads(fields["record"])
                found[fields["id"]] = split_passages(record["title"], record["text"])
    return found
