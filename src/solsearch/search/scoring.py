"""Whoosh's BM25F scores for a whole query at once, from posting lists read into arrays.

whoosh scores a query by walking a tree of matchers one document at a time, in Python: about
10 µs per posting and per field, so a frequent word costs tens of milliseconds at 10,000
solutions. Here each term's posting list is read once per generation into arrays (document
numbers and BM25F values), and the Term / And / Or trees the service builds are scored with
array arithmetic. The scores are whoosh's own (same idf, field lengths, B and K1, boosts
multiplied down the tree, children's scores added), which the tests check against whoosh;
any other kind of query (phrases) is scored by whoosh's matchers.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from solsearch.search.recent import Recent

# Postings kept in memory per generation, counted in postings (16 bytes each), so that
# the words searched most are read from disk once.
POSTINGS_BUDGET = 8_000_000
_LENGTHS = np.array([byte_to_length(code) for code in range(256)], dtype=np.float64)


class Scorer:
    """Scores queries against one open searcher (one generation of the index)."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self.alive = np.zeros(self.size, dtype=bool)
        self.alive[list(searcher.reader().all_doc_ids())] = True
        weighting = searcher.weighting
        if not isinstance(weighting, BM25F):
            raise TypeError("only BM25F is scored with arrays")
        self._weighting = weighting
        self._lengths: dict[str, np.ndarray] = {}
        self._terms = Recent()
        self._held = 0

    # -- whole queries ---------------------------------------------------------------------

    def mask(self, query: wq.Query) -> np.ndarray:
        """For each document number, whether the query matches that document."""
        scores, matched = self._evaluate(query)
        return matched & self.alive

    def matches(self, query: wq.Query) -> np.ndarray:
        """The sorted numbers of the documents the query matches."""
        return np.flatnonzero(self.mask(query))

    def scores(self, query: wq.Query) -> np.ndarray:
        """Every document's score (0 where the query does not match)."""
        scores, matched = self._evaluate(query)
        scores[~(matched & self.alive)] = 0.0
        return scores

    def _evaluate(self, query: wq.Query) -> tuple[np.ndarray, np.ndarray]:
        scores = np.zeros(self.size)
        matched = np.zeros(self.size, dtype=bool)
        self._add(query, scores, matched, 1.0)
        return scores, matched

    def _add(self, query, scores, matched, boost) -> None:
        """Add the query's scores, times ``boost``, and its matches into the arrays."""
        if isinstance(query, wq.Term):
            ids, values = self._postings(query.fieldname, query.text)
            scores[ids] += values * (boost * query.boost)
            matched[ids] = True
        elif query is wq.NullQuery:
            return
        elif isinstance(query, wq.Or) and not (query.minmatch or query.scale):
            for sub in query.subqueries:
                self._add(sub, scores, matched, boost * _own_boost(query))
        elif isinstance(query, wq.And):
            both = np.ones(self.size, dtype=bool)
            total = np.zeros(self.size)
            for sub in query.subqueries:
                sub_scores, sub_matched = self._evaluate(sub)
                both &= sub_matched
                total += sub_scores
            total *= boost * _own_boost(query)
            scores[both] += total[both]
            matched |= both
        else:
            self._add_by_whoosh(query, scores, matched, boost)

    def _add_by_whoosh(self, query, scores, matched, boost) -> None:
        """Any other query: scored by whoosh's own matchers (slower, and rare: phrases)."""
        matcher = query.matcher(self.searcher, self.searcher.context())
        found, values = [], []
        while matcher.is_active():
            found.append(matcher.id())
            values.append(matcher.score())
            matcher.next()
        ids = np.asarray(found, dtype=np.int64)
        scores[ids] += np.asarray(values) * boost
        matched[ids] = True

    # -- one term --------------------------------------------------------------------------

    def _postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The term's documents and their BM25F values in this field, read once."""
        key = (fieldname, text)
        found = self._terms.get(key)
        if found is None:
            found = self._read_postings(fieldname, text)
            self._held += len(found[0])
            self._terms.put(key, found, POSTINGS_BUDGET)
            while self._held > POSTINGS_BUDGET and len(self._terms) > 1:
                _, (ids, _) = self._terms.popitem(last=False)
                self._held -= len(ids)
        return found

    def _read_postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        ids_parts, weight_parts = [], []
        for leaf, offset in self.searcher.reader().leaf_readers():
            try:
                matcher = leaf.postings(fieldname, text)
            except TermNotFound:
                continue
            if isinstance(matcher, FilterMatcher):  # deleted documents: masked by ``alive``
                matcher = matcher.child
            ids, weights = _read_matcher(matcher)
            ids_parts.append(ids + offset)
            weight_parts.append(weights)
        if not ids_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        ids, weights = np.concatenate(ids_parts), np.concatenate(weight_parts)
        return ids, self._bm25(fieldname, text, ids, weights)

    def _bm25(self, fieldname, text, ids, weights) -> np.ndarray:
        """whoosh's ``bm25()``, on arrays."""
        searcher, weighting = self.searcher, self._weighting
        if not searcher.schema[fieldname].scorable:
            return weights
        b = weighting._field_B.get(fieldname, weighting.B)
        k1 = weighting.K1
        idf = searcher.idf(fieldname, text)
        average = searcher.avg_field_length(fieldname) or 1
        lengths = self._field_lengths(fieldname)[ids]
        return idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average)))

    def _field_lengths(self, fieldname: str) -> np.ndarray:
        """Each document's length in the field, as whoosh stores it (one byte, rounded)."""
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            parts = []
            for leaf, _ in self.searcher.reader().leaf_readers():
                # whoosh 2.7's column of length bytes; read whole rather than per document.
                column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
                count = leaf.doc_count_all()
                codes = np.fromiter(column, dtype=np.int64, count=count) if column else None
                parts.append(_LENGTHS[codes] if codes is not None else np.ones(count))
            lengths = np.concatenate(parts) if parts else np.ones(0)
            lengths[lengths == 0] = 1  # no length: whoosh's default, never scored anyway
            self._lengths[fieldname] = lengths
        return lengths


def _own_boost(query: wq.CompoundQuery) -> float:
    """A compound's boost as whoosh applies it: not at all when it has a single child
    (whoosh hands that child's matcher up as is; normalising the query would keep it)."""
    return query.boost if len(query.subqueries) > 1 else 1.0


def _read_matcher(matcher) -> tuple[np.ndarray, np.ndarray]:
    """A posting list's document numbers and weights, a block at a time when whoosh's
    on-disk format allows it, else a posting at a time."""
    ids: list = []
    weights: list = []
    if isinstance(matcher, W3LeafMatcher) and not matcher._byteids:
        # whoosh 2.7's blocks: (document numbers as deltas, weights or one weight or None, …)
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            deltas, block_weights = matcher._data[0], matcher._data[1]
            ids.append(np.cumsum(np.asarray(deltas, dtype=np.int64)))
            if block_weights is None or isinstance(block_weights, float):
                block_weights = np.full(len(deltas), block_weights or 1.0)
            weights.append(np.asarray(block_weights, dtype=np.float64))
            matcher._next_block()
        if ids:
            return np.concatenate(ids), np.concatenate(weights)
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)


def top(scores: np.ndarray, docs: np.ndarray, count: int | None) -> list[tuple[int, float]]:
    """The ``count`` best (document, score) pairs among ``docs``, best first; equal scores
    in document order, as whoosh ranks them."""
    values = scores[docs]
    if count is not None and count < len(docs):
        # Keep the documents above the count-th best score, and enough of those equal to it.
        threshold = np.partition(values, len(values) - count)[len(values) - count]
        keep = values >= threshold
        docs, values = docs[keep], values[keep]
    order = np.lexsort((docs, -values))[:count]
    return list(zip(docs[order].tolist(), values[order].tolist(), strict=True))
