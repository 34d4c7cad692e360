"""Search by meaning: what the model and the vector search cost (printed, never asserted).

- query embedding, a query the process never saw, then the same query again (the per-process
  cache of query vectors), and a new query while another process embeds queries (two
  server workers, each answering a visitor);
- a whole search on the bundled corpus, with vectors and with words alone (result cache off);
- the vector search alone at 10,000 and 100,000 solutions, on RANDOM unit vectors of the
  model's dimension (``--passages`` a solution, 8 by default: the bundled corpus has 8.3):
  embedding such corpora would take hours, and the cost of the search does not depend on
  the values. It is the path the server takes at that size: the exact product up to
  ``EXACT_PASSAGES`` passages, beyond it the 8-bit scan (faiss), whose opening time and
  top ten against the exact product's are printed as well.

Run: ``python -m bench.semantic`` (``--sizes 10000,100000``). The model's engine is set as
in the server: a query on every core when no other is being embedded, counted across
processes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from bench.queries import QUERIES
from bench.stats import percentile
from solsearch.analysis.embedding import DIMENSION, share_cores, shared_embedder
from solsearch.index import build_index
from solsearch.index.vectors import StoredVectors
from solsearch.search import SearchQuery, SearchService
from solsearch.search.meaning import PassageVectors, QueryVectors
from solsearch.search.scoring import top

share_cores()  # as the server runs the model; before any model exists

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PASSAGES_PER_SOLUTION = 8


def _ms(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def _line(name: str, samples: list[float]) -> str:
    p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
    return f"{name:<46} p50 {p50:8.2f} ms   p95 {p95:8.2f} ms"


def embedding_figures(texts: list[str]) -> list[str]:
    with _another_worker(texts) as beside:
        vectors = QueryVectors(shared_embedder())
        vectors.vector("échauffement")  # the model's pages come in on first use
        new = [_ms(lambda t=t: vectors.vector(t)) for t in texts]
        again = [_ms(lambda t=t: vectors.vector(t)) for t in texts]
        pair = beside(lambda: [_ms(lambda t=t: vectors.vector(f"{t} ?")) for t in texts])
    return [
        _line("plongement d’une requête nouvelle", new),
        _line("même requête (cache)", again),
        _line("requête nouvelle, deux processus à la fois", pair),
    ]


@contextmanager
def _another_worker(texts: list[str]):
    """A second server worker, embedding lone queries while ``beside(measure)`` measures:
    two workers each answering one visitor. Forked, as a server's are, before this process
    runs the model (a process that ran it on several threads cannot fork safely), it shares
    the count of queries being embedded."""
    context = multiprocessing.get_context("fork")
    go, ready, stop = context.Event(), context.Event(), context.Event()
    other = context.Process(target=_embed_until, args=(texts, go, ready, stop))
    other.start()

    def beside(measure):
        go.set()
        ready.wait(60)
        return measure()

    try:
        yield beside
    finally:
        stop.set()
        go.set()
        other.join()


def _embed_until(texts: list[str], go, ready, stop) -> None:
    go.wait()
    if stop.is_set():  # the measures ended before this one's turn
        return
    embedder = shared_embedder()
    embedder.warm()
    ready.set()
    turn = 0
    while not stop.is_set():
        embedder.embed([f"{texts[turn % len(texts)]} {turn}"], is_query=True)
        turn += 1


def search_figures(texts: list[str], repeat: int) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        build_index(CORPUS, folder)
        lines = []
        for label, semantic in (("recherche avec le sens", True), ("recherche mots seuls", False)):
            service = SearchService(folder, cache_size=0, semantic=semantic)
            if semantic and not service.health().semantic:  # else words alone, mislabelled
                raise SystemExit(f"recherche par le sens indisponible : {service.health()}")
            for text in texts:
                service.search(SearchQuery(text))  # query vectors cached, as in a server
            samples = [
                _ms(lambda t=t, s=service: s.search(SearchQuery(t)))
                for _ in range(repeat)
                for t in texts
            ]
            lines.append(_line(f"{label} (43 solutions)", samples))
        return lines


def vector_figures(size: int, repeat: int, per: int = PASSAGES_PER_SOLUTION) -> list[str]:
    rng = np.random.default_rng(size)
    rows = size * per
    matrix = rng.standard_normal((rows, DIMENSION), dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    ids = tuple(str(i) for i in range(size))
    stored = StoredVectors("aléatoire", ids, (per,) * size, matrix)
    docs = np.arange(size)
    opened = time.perf_counter()
    vectors = PassageVectors(stored, docs, size)  # as the server opens a generation
    opened = time.perf_counter() - opened
    queries = rng.standard_normal((repeat, DIMENSION), dtype=np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)

    def search(query, vectors=vectors) -> set[int]:
        scores = vectors.scores(query)
        return {docnum for docnum, _ in top(scores.by_doc.astype(np.float64), docs, 10)}

    samples = [_ms(lambda q=q: search(q)) for q in queries]
    label = f"vecteurs ALÉATOIRES {size}×{per}"
    if vectors.exact:
        return [_line(f"{label}, produit exact", samples)]
    exact = PassageVectors(stored, docs, size, exact_passages=rows)
    same = [len(search(q) & search(q, exact)) / 10 for q in queries]
    return [
        _line(f"{label}, scan 8 bits", samples),
        f"  ouverture (copie 8 bits) {opened:.1f} s ; 10 premières = produit exact : "
        f"{np.mean(same):.1%}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Coût de la recherche par le sens.")
    parser.add_argument("--sizes", default="10000,100000", help="tailles synthétiques")
    parser.add_argument("--repeat", type=int, default=50, help="répétitions")
    parser.add_argument("--passages", type=int, default=PASSAGES_PER_SOLUTION, help="par solution")
    args = parser.parse_args(argv)
    texts = list(dict.fromkeys(q.text for q in QUERIES if q.text))  # each new once
    for line in embedding_figures(texts) + search_figures(texts, 3):
        print(line)
    for size in (int(s) for s in args.sizes.split(",") if s):
        for line in vector_figures(size, args.repeat, args.passages):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
