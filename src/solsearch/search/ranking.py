"""One page of ranked documents: by title when browsing or when asked, by score when searching.

Relaxed results (a long question no document answers whole) are ranked by how much of the
question they have first, then by score.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from whoosh import query as wq

from solsearch.search import snippets
from solsearch.search.limits import RELAXED_POOL
from solsearch.search.matching import Or, Unit
from solsearch.search.scoring import top
from solsearch.search.state import GenerationState


class RankedPage(NamedTuple):
    """(document number, score) pairs, best first, and the body terms their snippets mark
    (none when browsing: the snippets show each text's opening)."""

    pairs: list[tuple[int, float]]
    terms: snippets.Marks | None = None


def rank_page(
    state: GenerationState,
    units: list[Unit],
    docs: np.ndarray,
    start: int,
    count: int,
    coverage: np.ndarray | None = None,
    by_title: bool = False,
) -> RankedPage:
    """The ``count`` documents from ``start`` among ``docs`` (sorted numbers), in order.

    ``coverage``: how much of a relaxed question each document has (``matching_documents``).
    ``by_title``: in the order of their titles (each keeps its score and its marked words).
    """
    if start >= len(docs):
        return RankedPage([])
    if not units:
        return RankedPage([(docnum, 0.0) for docnum in state.by_title(docs, start, count)])
    values, terms = word_scores(state, units, relaxed=coverage is not None)
    if by_title:
        ordered = state.by_title(docs, 0, start + count)
        ranked = [(docnum, float(values[docnum])) for docnum in ordered]
    elif coverage is None:
        ranked = top(values, docs, start + count)
    else:
        ranked = rank_by_coverage(coverage, values, docs, start + count)
    return RankedPage(ranked[start : start + count], terms)


def word_scores(state: GenerationState, units: list[Unit], relaxed: bool):
    """Every document's score by the words, and the body terms its snippet marks."""
    scoring = scoring_query(units, relaxed)
    return state.scorer.scores(scoring), snippets.marks(scoring)


def scoring_query(units: list[Unit], relaxed: bool) -> wq.Query:
    """Every unit's score query, all of them required unless the question was relaxed.

    Every unit's score query matches the documents its match query does, so scoring needs no
    more.
    """
    scores = [u.score for u in units]
    return Or(scores) if relaxed or len(scores) == 1 else wq.And(scores)


def rank_by_coverage(
    coverage: np.ndarray, scores: np.ndarray, docs: np.ndarray, count: int
) -> list[tuple[int, float]]:
    """At least the ``count`` best covered documents, by coverage, then score, then number.

    Only the best covered ones can reach the page, so only those are ranked.
    """
    pool = max(RELAXED_POOL, count)
    best = [docnum for docnum, _ in top(coverage, docs, pool)]
    return sorted(
        ((docnum, float(scores[docnum])) for docnum in best),
        key=lambda pair: (-coverage[pair[0]], -pair[1], pair[0]),
    )
