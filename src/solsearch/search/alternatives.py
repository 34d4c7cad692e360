"""What a search that found nothing offers instead: the same search with each filter
dropped, and each of its words alone, each with the number of results it gives.

Each count is the total of the search a click on it runs (``SearchService.count``), so the
number shown is the number found.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from solsearch.search.limits import MAX_WORDS_ALONE
from solsearch.search.matching import word_unit
from solsearch.search.parse import parse_query
from solsearch.search.results import SearchQuery

if TYPE_CHECKING:
    from solsearch.search.service import SearchService


def totals_without_each_filter(service: SearchService, query: SearchQuery) -> dict[str, int]:
    """How many results the search gives with each of its filters dropped."""
    return {facet: service.count(query.without(facet)) for facet in query.filters}


def totals_of_each_word(
    service: SearchService, query: SearchQuery, contained: bool = False
) -> dict[str, int]:
    """For several words: how many results each word alone gives, with the same filters
    (the first ``MAX_WORDS_ALONE`` words), for those that find any. Stop words are left
    out: « des » alone searches nothing, so it would offer every solution. ``contained``:
    only the words that solutions contain, for a page already found by meaning (« réfugiés »
    alone would find by meaning what the page shows)."""
    typed = dict.fromkeys(parse_query(query.text).words)
    words = [word for word in typed if word_unit(word) is not None][:MAX_WORDS_ALONE]
    if len(words) < 2:
        return {}
    alone = {word: replace(query, text=word, page=1) for word in words}
    if contained:
        alone = {w: q for w, q in alone.items() if service.count(q, words_only=True)}
    totals = {word: service.count(q) for word, q in alone.items()}
    return {word: total for word, total in totals.items() if total}
