"""Search by meaning in a large generation: an 8-bit scan, then the candidates scored exactly,
finds what the exact product finds; a small generation keeps the exact product itself.

The threshold and the number of candidates are lowered here (parameters), so that a few
thousand random passages stand for 100,000 solutions.
"""

from __future__ import annotations

import numpy as np
import pytest

from solsearch.analysis.embedding import DIMENSION
from solsearch.index.vectors import StoredVectors
from solsearch.search.limits import EXACT_PASSAGES
from solsearch.search.meaning import PassageVectors

SOLUTIONS = 400
CANDIDATES = 300


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def corpus():
    """Random passages (1 to 15 a solution), a few solutions gone from the word index, and
    queries: random ones and ones near a passage, as a real query is near its answer."""
    rng = np.random.default_rng(7)
    counts = rng.integers(1, 16, SOLUTIONS)
    matrix = unit(rng.standard_normal((counts.sum(), DIMENSION)))
    stored = StoredVectors("aléatoire", tuple(map(str, range(SOLUTIONS))), tuple(counts), matrix)
    docnums = rng.permutation(SOLUTIONS + 20)[:SOLUTIONS]  # some documents have no vectors
    docnums[:10] = -1
    near = matrix[rng.integers(0, len(matrix), 10)] + 0.05 * rng.standard_normal((10, DIMENSION))
    queries = unit(np.vstack([rng.standard_normal((10, DIMENSION)), near]))
    exact = PassageVectors(stored, docnums, SOLUTIONS + 20)
    large = PassageVectors(stored, docnums, SOLUTIONS + 20, exact_passages=500, candidates=300)
    return matrix, exact, large, queries


def top_ten(by_doc: np.ndarray) -> list[int]:
    return np.argsort(-by_doc, kind="stable")[:10].tolist()


def test_the_large_path_finds_the_same_best_solutions_as_the_exact_product(corpus):
    matrix, exact, large, queries = corpus
    assert exact.exact and not large.exact and len(matrix) > 500
    found = []
    for query in queries:
        truth, scanned = exact.scores(query), large.scores(query)
        found.append(len(set(top_ten(truth.by_doc)) & set(top_ten(scanned.by_doc))) / 10)
        assert scanned.best == pytest.approx(truth.best, abs=1e-6)
    assert np.mean(found) >= 0.95


def test_the_solutions_found_have_their_exact_similarity_and_the_others_none(corpus):
    _, exact, large, queries = corpus
    for query in queries:
        truth, scanned = exact.scores(query), large.scores(query)
        found = scanned.by_doc > -1
        assert 0 < found.sum() <= CANDIDATES
        assert np.count_nonzero(scanned.by_passage > -1) == CANDIDATES
        np.testing.assert_allclose(scanned.by_doc[found], truth.by_doc[found], atol=1e-6)
        assert (scanned.by_doc[~found] == -1).all()
        # Those left out are no closer than the farthest one found, but for the 8-bit
        # scan's rounding (measured: 0.0015 at most).
        assert truth.by_doc[~found].max() <= scanned.by_doc[found].min() + 0.005


def test_the_closest_passage_of_a_solution_found_is_the_exact_one(corpus):
    _, exact, large, queries = corpus
    for query in queries:
        truth, scanned = exact.scores(query), large.scores(query)
        for docnum in top_ten(scanned.by_doc):
            assert large.best_passage(scanned, docnum) == exact.best_passage(truth, docnum)


def test_a_small_generation_keeps_the_exact_product(corpus):
    matrix, exact, _, queries = corpus
    assert len(matrix) < EXACT_PASSAGES
    for query in queries:
        scores = exact.scores(query)
        assert np.array_equal(scores.by_passage, matrix @ query)
        best = np.maximum.reduceat(matrix @ query, exact.starts)
        live = exact.docnums >= 0
        assert np.array_equal(scores.by_doc[exact.docnums[live]], best[live])
        assert scores.best == float(best[live].max())


def test_the_bundled_corpus_is_searched_with_the_exact_product(state):
    if state.vectors is None:
        pytest.skip("index sans vecteurs de sens ici (modèle indisponible)")
    assert state.vectors.exact and len(state.vectors.matrix) < EXACT_PASSAGES
