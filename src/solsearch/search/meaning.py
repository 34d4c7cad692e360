"""Search by meaning: the query's vector against every passage vector of the generation.

Up to ``EXACT_PASSAGES`` passages, brute force with numpy: one matrix-vector product, then
each solution's best passage with ``np.maximum.reduceat`` over the rows of its passages
(stored one solution after another). Beyond, that product reads 1.2 GB at 100,000 solutions
and took 166 ms at p95 (bench/, random vectors), so faiss scans an 8-bit copy of the vectors
(a quarter of the bytes, twice as fast) for the ``MEANING_CANDIDATES`` closest passages, and
only those are scored, exactly, from the float32 rows. A graph index (HNSW) took 40 to 80 s
to build at 10,000 solutions already, and a generation is rebuilt on every edit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from solsearch.analysis import fold, lexicon
from solsearch.analysis.embedding import DIMENSION, Embedder, EmbedderUnavailable
from solsearch.index.vectors import StoredVectors
from solsearch.search.limits import EXACT_PASSAGES, MEANING_CANDIDATES, QUERY_VECTORS
from solsearch.search.sharedtable import SharedTable

_SYNTAX = re.compile(r"[^\w'’-]+")


@dataclass(frozen=True)
class MeaningScores:
    """A query's similarity to each solution (its best passage), and to each passage.

    -1, the farthest, where a solution or a passage has no vector or, in a generation of
    more than ``EXACT_PASSAGES`` passages, none among the candidates scored.
    """

    by_doc: np.ndarray  # cosine per document number
    by_passage: np.ndarray  # cosine per row of the generation's vectors
    best: float  # the best solution's similarity


class PassageVectors:
    """A generation's passage vectors, arranged by document number."""

    def __init__(
        self,
        stored: StoredVectors,
        docnums: np.ndarray,
        size: int,
        exact_passages: int = EXACT_PASSAGES,
        candidates: int = MEANING_CANDIDATES,
    ):
        """``docnums[i]``: the document number of ``stored.ids[i]`` (-1: not in the index).

        Above ``exact_passages`` passages, only the ``candidates`` closest are scored.
        """
        self.matrix = np.ascontiguousarray(stored.matrix, dtype=np.float32)
        self.candidates = candidates
        self.exact = len(self.matrix) <= exact_passages
        # Derived here, never stored: the cache and the generation keep float32 only.
        self._quantized = None if self.exact else _quantized(self.matrix)
        counts = np.asarray(stored.counts, dtype=np.int64)
        self.starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        self.ends = self.starts + counts
        self.docnums = np.asarray(docnums, dtype=np.int64)
        self.size = size
        self._segment = np.full(size, -1, dtype=np.int64)
        live = self.docnums >= 0
        self._segment[self.docnums[live]] = np.flatnonzero(live)

    def scores(self, query: np.ndarray) -> MeaningScores:
        """Cosines of the query (unit length) with every passage and every solution."""
        by_doc = np.full(self.size, -1.0, dtype=np.float32)
        if not len(self.matrix):
            return MeaningScores(by_doc, np.zeros(0, dtype=np.float32), -1.0)
        by_passage = self.matrix @ query if self.exact else self._closest_passages(query)
        best = np.maximum.reduceat(by_passage, self.starts)
        live = self.docnums >= 0
        by_doc[self.docnums[live]] = best[live]
        return MeaningScores(by_doc, by_passage, float(by_doc.max()))

    def _closest_passages(self, query: np.ndarray) -> np.ndarray:
        """The exact cosines of the candidate passages the 8-bit scan finds, -1 elsewhere."""
        count = min(self.candidates, len(self.matrix))
        _, found = self._quantized.search(query.reshape(1, -1).astype(np.float32), count)
        rows = np.sort(found[0][found[0] >= 0])
        by_passage = np.full(len(self.matrix), -1.0, dtype=np.float32)
        by_passage[rows] = self.matrix[rows] @ query
        return by_passage

    def best_passage(self, scores: MeaningScores, docnum: int) -> int | None:
        """Which of a solution's passages (0: the title) is closest to the query."""
        segment = self._segment[docnum] if 0 <= docnum < self.size else -1
        if segment < 0:
            return None
        start, end = self.starts[segment], self.ends[segment]
        return int(np.argmax(scores.by_passage[start:end]))

    @cached_property
    def _centroids(self) -> np.ndarray:
        """Each solution's mean passage direction less the corpus's, of unit length, by
        segment.

        What every solution says (insertion, employment, a territory) made a few of them
        close to all: the écomusée was among the four similar solutions of 18 of the 43,
        and 13 were never listed. Less the mean, it is listed by 5, the most listed by 9,
        41 are listed; the solutions listed share the theme 60 % of the time, not 55 %."""
        centroids = np.add.reduceat(self.matrix, self.starts, axis=0)
        centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
        live = self.docnums >= 0
        if live.any():
            centroids -= centroids[live].mean(axis=0)
        centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
        return centroids

    def similar(self, docnum: int, limit: int) -> list[tuple[int, float]]:
        """The solutions whose passages, on the whole, say the most the same thing, beyond
        what all say."""
        segment = self._segment[docnum] if 0 <= docnum < self.size else -1
        if segment < 0:
            return []
        sims = self._centroids @ self._centroids[segment]
        sims[segment] = -np.inf
        sims[self.docnums < 0] = -np.inf
        order = np.argsort(-sims, kind="stable")[:limit]
        return [(int(self.docnums[i]), float(sims[i])) for i in order if np.isfinite(sims[i])]


def _quantized(matrix: np.ndarray):
    """An 8-bit copy of the rows (each dimension over its own range), scanned by faiss."""
    import faiss  # only large generations need it

    index = faiss.IndexScalarQuantizer(
        matrix.shape[1], faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
    )
    index.train(matrix)
    index.add(matrix)
    return index


def semantic_reason(queries: QueryVectors | None, has_vectors: bool) -> str | None:
    """Why search by meaning is off, in French; None when it is on."""
    if queries is None:
        return "la recherche par le sens est désactivée (SOLSEARCH_SEMANTIC=0)."
    if not has_vectors:
        return "l’index n’a pas de vecteurs de sens : relancez `solsearch index`."
    return queries.embedder.reason()


def as_written(word: str, spellings: Mapping[str, str]) -> str:
    """A word typed without its accents, as written: the model reads « chomeurs ages » as
    other words than « chômeurs âgés » (the former found nothing, the latter four solutions)
    and « economie circulaire » ranked worse than « économie circulaire ».

    As the French word list writes it most often (« eleves » → « élèves »), kept as typed when
    French writes it so too (« marche » beside « marché »); a word the list does not know, as
    the corpus spells it (« ecopaturage » → « écopâturage »).
    """
    if not word.isascii() or len(word) < _ACCENTED_FROM_LETTERS:
        return word
    french = lexicon.written(word)
    if french is not None:
        return french
    return spellings.get(fold(word), word).lower()


# « a », « ou », « la » are words as typed, and shorter ones are too short to tell.
_ACCENTED_FROM_LETTERS = 3


class QueryVectors:
    """The query's vector, remembered: a repeated query costs a lookup, in any worker
    forked after the service was made (``sharedtable``).

    The model is thread-safe and releases the GIL; the table has its own lock.
    """

    def __init__(self, embedder: Embedder, size: int = QUERY_VECTORS):
        self.embedder = embedder
        self._remembered = SharedTable(size, 4 * DIMENSION)

    def for_words(
        self, parsed, spellings: Mapping[str, str], corrected: Mapping[str, str] | None = None
    ) -> np.ndarray | None:
        """The meaning of the words and phrases typed (exclusions are not what is sought).

        Syntax and case are not meaning: « {garage} » and « GARAGE » are sought as « garage ».
        Nor are missing accents (``as_written``) and typos; ``spellings``: folded word → the
        corpus's spelling of it; ``corrected``: typed word (lower case) → its correction.
        """
        words = [corrected.get(w.lower(), w) for w in parsed.words] if corrected else parsed.words
        text = " ".join(_SYNTAX.sub(" ", " ".join([*words, *parsed.phrases])).split())
        text = " ".join(as_written(word, spellings) for word in text.lower().split())
        return self.vector(text) if text else None

    def vector(self, text: str) -> np.ndarray | None:
        """The unit vector of a query; None when the model cannot be used."""
        remembered = self._remembered.get(text)
        if remembered is not None:
            return np.frombuffer(remembered, dtype=np.float32)  # read-only, as bytes are
        try:
            found = self.embedder.embed([text], is_query=True)[0]
        except EmbedderUnavailable:
            return None
        found.flags.writeable = False
        self._remembered.put(text, found.astype(np.float32, copy=False).tobytes())
        return found
