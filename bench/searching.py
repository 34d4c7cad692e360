"""Query latency through SearchService, as the search page calls it.

Cold: a new SearchService per query, so each query pays for opening the index and
building the per-searcher structures (facet sets, spelling table…), as an index opened
per request would. Warm: one long-lived service, as the server keeps, with its result
cache off so that every repetition is computed again. Cached: the same with the result
cache on, which is what a repeated query costs the server.
"""

from __future__ import annotations

import gc
import resource
from pathlib import Path

from bench.queries import QUERIES, BenchQuery
from bench.stats import timed_ms
from solsearch.search import SearchQuery, SearchService
from solsearch.search.alternatives import totals_of_each_word, totals_without_each_filter


def search_query(query: BenchQuery) -> SearchQuery:
    return SearchQuery(text=query.text, theme=query.theme, region=query.region)


def page_search(service: SearchService, query: SearchQuery) -> int:
    """What the search page does: one search, and when nothing is found, the searches
    that it offers instead (each filter dropped, each word alone). Returns the number of
    results."""
    result = service.search(query)
    if not result.total:
        totals_without_each_filter(service, query)
        totals_of_each_word(service, query)
    return result.total


def run(index_dir: Path, repeat: int) -> dict:
    """Warm, cached then cold latencies of every query, and the process's peak RSS."""
    queries = [search_query(q) for q in QUERIES]
    figures = _warm(SearchService(index_dir, cache_size=0), queries, repeat)
    # Peak RSS with one service open, as in a server process; then free it before the next.
    figures["warm_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    gc.collect()
    figures["cached_ms"] = _warm(SearchService(index_dir), queries, repeat)["warm_ms"]
    figures["cold_ms"] = [
        [timed_ms(lambda q=q: page_search(SearchService(index_dir), q))] for q in queries
    ]
    figures["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return figures


def _warm(service: SearchService, queries: list[SearchQuery], repeat: int) -> dict:
    """One untimed pass, then ``repeat`` timed passes of the searches and completions."""
    totals = [page_search(service, q) for q in queries]
    warm: list[list[float]] = [[] for _ in queries]
    completion = []
    for _ in range(repeat):
        for samples, query in zip(warm, queries, strict=True):
            samples.append(timed_ms(lambda q=query: page_search(service, q)))
        completion += [timed_ms(lambda q=q: service.suggest(q.text)) for q in queries if q.text]
    return {"totals": totals, "warm_ms": warm, "completion_ms": completion}
