"""The bench's synthetic corpus: valid, deterministic, and searchable like the real one.

Only the generator is tested here; the figures themselves come from ``make bench``.
"""

from __future__ import annotations

from bench import synthetic
from bench.queries import QUERIES
from bench.searching import page_search, search_query

from solsearch.corpus import load_corpus
from solsearch.index import build_index
from solsearch.index.vectorizing import Vectorizer
from solsearch.search import SearchService


def test_the_synthetic_corpus_is_valid_deterministic_and_finds_the_bench_queries(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        synthetic.write_corpus(folder, 300, seed=7)
    files = sorted(p.name for p in first.iterdir())
    assert len(files) == 301  # the solutions and the synonyms file
    assert all((first / n).read_bytes() == (second / n).read_bytes() for n in files)
    corpus = load_corpus(first, warnings=False)
    assert len(corpus.solutions) == 300
    assert len({s.theme for s in corpus.solutions}) >= 3
    assert any(len(s.regions) > 1 for s in corpus.solutions)
    build_index(first, tmp_path / "index", vectorizer=Vectorizer(enabled=False))  # as bench
    service = SearchService(tmp_path / "index")
    found = [page_search(service, search_query(q)) for q in QUERIES]
    # Most bench queries find something, as at every size of the bench.
    assert sum(1 for total in found if total) >= 0.8 * len(QUERIES)
