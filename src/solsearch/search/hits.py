"""Hits: what a page shows of each ranked document, as the project's own objects."""

from __future__ import annotations

from solsearch.corpus.facets import REGION, THEME
from solsearch.search import snippets
from solsearch.search.results import Hit, Labelled
from solsearch.search.state import GenerationState


def build_hits(
    state: GenerationState, pairs: list[tuple[int, float]], terms=None
) -> tuple[Hit, ...]:
    """Hits for (document, score) pairs, with snippets of ``terms`` (or the opening)."""
    records = [state.record(docnum) for docnum, _ in pairs]
    texts = [(docnum, r["text"]) for (docnum, _), r in zip(pairs, records, strict=True)]
    if terms:
        cut = snippets.snippets(state.reader, texts, terms)
    else:
        cut = [snippets.opening(text) for _, text in texts]
    return tuple(
        to_hit(record, score, snippet)
        for (_, score), record, snippet in zip(pairs, records, cut, strict=True)
    )


def to_hit(record: dict, score: float, snippet: str) -> Hit:
    """One stored solution as a hit, its theme and regions labelled in French."""
    return Hit(
        id=record["id"],
        title=record["title"],
        theme=Labelled(record["theme"], THEME.label(record["theme"])),
        regions=tuple(Labelled(code, REGION.label(code)) for code in record["regions"]),
        snippet=snippet,
        score=float(score),
    )
