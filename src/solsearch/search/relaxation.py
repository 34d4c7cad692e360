"""Which documents a query finds: those with every unit, or for a long question, most of it.

Short queries keep every word, so that an off-topic query finds nothing. A question no
document answers whole is relaxed to the documents that have most of its words, and the
ranking then puts those that have the most of it first.
"""

from __future__ import annotations

import math

import numpy as np

from solsearch.search.limits import (
    DROP_UNKNOWN_FROM_UNITS,
    RELAX_BY_WEIGHT_FROM_WORDS,
    RELAX_FROM_WORDS,
    RELAX_MIN_WORDS,
    RELAX_SHARE,
    RELAX_WEIGHT,
)
from solsearch.search.matching import Unit, phrase_unit, word_unit
from solsearch.search.state import GenerationState

# (documents with a unit, as a mask; how many of the visitor's words the unit stands for)
DocSet = tuple[np.ndarray, int]


def matching_documents(
    state: GenerationState, units: list[Unit]
) -> tuple[np.ndarray, np.ndarray | None]:
    """Documents with every unit; for questions of three words or more with none, with most
    of the words.

    Returns the documents (a mask), and for a relaxed match how much of the question each
    one has: the words it has (a synonym span matched by an equivalent expression has all of
    its words), each weighted by its rarity, since the rare words of a question carry its
    topic. A long question may use words the corpus never does ("comment former … à
    écrire"): those cannot tell documents apart, so they are left out once three known words
    remain. From four words on, a document with the question's rarest words is kept even
    with fewer words. Short queries keep every word, so that an off-topic query finds
    nothing.
    """
    docsets = [(state.docs(u.match), u.width) for u in units]
    everything = np.logical_and.reduce([docs for docs, _ in docsets])
    typed = sum(width for _, width in docsets)
    if everything.any() or typed < RELAX_FROM_WORDS:
        return everything, None
    return _relaxed(state, docsets, typed)


def without_excluded(state: GenerationState, docs: np.ndarray, excluded) -> np.ndarray:
    """The documents less those with any excluded word or phrase (``-papier``)."""
    for word in excluded:
        unit = word_unit(word) or phrase_unit(word)
        if unit is not None:
            docs = docs & ~state.docs(unit.match)
    return docs


def _relaxed(
    state: GenerationState, docsets: list[DocSet], typed: int
) -> tuple[np.ndarray, np.ndarray | None]:
    """The documents with enough of a question that no document has whole, and each one's
    coverage (None when even those are none)."""
    sizes = [int(np.count_nonzero(docs)) for docs, _ in docsets]
    known = [(docs, width) for (docs, width), size in zip(docsets, sizes, strict=True) if size]
    words = typed
    known_words = sum(width for _, width in known)
    if len(docsets) >= DROP_UNKNOWN_FROM_UNITS and known_words >= RELAX_FROM_WORDS:
        docsets, words = known, known_words
        sizes = [size for size in sizes if size]
    counts, weights, heavy = _coverage(state, docsets, sizes)
    floor = max(RELAX_MIN_WORDS, math.ceil(words * RELAX_SHARE))
    by_weight = typed >= RELAX_BY_WEIGHT_FROM_WORDS
    found = (counts >= floor) | ((counts > 0) & by_weight & (weights >= heavy))
    return found, weights if found.any() else None


def _coverage(
    state: GenerationState, docsets: list[DocSet], sizes: list[int]
) -> tuple[np.ndarray, np.ndarray, float]:
    """Per document, how many of the words it has and their weight (each word's rarity, as
    an idf, times its width), and the weight that keeps a document however few words it has."""
    counts = np.zeros(len(state.all_docs), dtype=np.int64)
    weights = np.zeros(len(state.all_docs))
    heavy = 0.0
    for (docs, width), size in zip(docsets, sizes, strict=True):
        rarity = _rarity(state, size, width) if size else 0.0
        counts[docs] += width
        weights[docs] += rarity
        heavy += rarity * RELAX_WEIGHT
    return counts, weights, heavy


def question_weight(state: GenerationState, units: list[Unit]) -> float:
    """The weight of a whole question, words the corpus never uses counted at the highest
    rarity: a relaxed match's coverage over it is how much of the question's topic it has
    (« crédit immobilier » unknown, a document with « maison neuve » has little of it)."""
    return sum(_rarity(state, int(np.count_nonzero(state.docs(u.match))), u.width) for u in units)


def _rarity(state: GenerationState, size: int, width: int) -> float:
    """The weight of a word found in ``size`` documents: its idf, times its width."""
    return width * math.log((state.doc_count + 1) / (size + 1))
