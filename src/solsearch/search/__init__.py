"""Search: the one service that the page, the API, the widget, the CLI and the benchmarks call,
and the objects it returns (never whoosh's).

- ``service``: ``SearchService``, thin: it orchestrates the stages of a search.
- ``served``: which generation is searched, followed across rebuilds.
- ``state``: everything opened and derived once per generation.
- ``parse``, ``matching``: a visitor's text to query units; ``scoring``: ranking on arrays.
- ``facets``: facet counts; ``snippets``: highlighted extracts; ``results``: returned objects.
- ``meaning``: search by meaning; ``sharedtable``: the query vectors and results that a
  server's workers share.
- ``alternatives``: what a search that found nothing offers instead.
- ``limits``: every bound and tuning number, named once.

May import: ``corpus``, ``analysis``, ``index``, whoosh, numpy. Nothing of ``web`` or the CLI.
"""

from solsearch.index import IndexUnavailable
from solsearch.search.results import (
    FacetValue,
    Hit,
    QueryError,
    SearchQuery,
    SearchResult,
    Suggestion,
)
from solsearch.search.service import SearchService

__all__ = [
    "FacetValue",
    "Hit",
    "IndexUnavailable",
    "QueryError",
    "SearchQuery",
    "SearchResult",
    "SearchService",
    "Suggestion",
]
