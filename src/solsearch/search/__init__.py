"""Search: the one service and the objects it returns."""

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
