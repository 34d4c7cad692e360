"""Checking what a search asks: its facet filters become the values the index holds, and its
page must exist.

Filters come from their own request parameters, never from the free text, and each value
is checked against its facet in the registry (``corpus.facets``): a region's name, old or
new, becomes its code; a value no facet knows is a ``QueryError`` that lists the valid ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from solsearch.corpus import registry
from solsearch.search import limits
from solsearch.search.results import QueryError


def check_count(name: str, values: Sequence[str]) -> None:
    """Refuse more values for one facet than any facet shows (``limits.MAX_FILTER_VALUES``)."""
    if len(values) > limits.MAX_FILTER_VALUES:
        raise QueryError(f"Trop de valeurs pour « {name} » : {limits.MAX_FILTER_VALUES} au plus.")


def check_filters(filters: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Every registered facet with its chosen values normalised (region names → codes…),
    without repeats, in the order given; raises QueryError for an unknown value."""
    checked = {}
    for facet in registry():
        values = filters.get(facet.name, ())
        check_count(facet.name, values)
        normalised = []
        for value in values:
            code = facet.normalise(value.strip())
            if code is None:
                raise QueryError(facet.unknown(value.strip()[: limits.QUOTED_CHARS]))
            normalised.append(code)
        checked[facet.name] = tuple(dict.fromkeys(normalised))
    return checked


def check_paging(page: int, per_page: int) -> None:
    """Refuse a page before the first or past ``limits.MAX_PAGE``, and sizes out of bounds."""
    if page < 1:
        raise QueryError(f"La page {page} n’existe pas : les pages commencent à 1.")
    if page > limits.MAX_PAGE:
        raise QueryError(f"La page {page} n’existe pas : {limits.MAX_PAGE} au plus.")
    if not 1 <= per_page <= limits.MAX_PER_PAGE:
        raise QueryError(
            f"per_page doit être compris entre 1 et {limits.MAX_PER_PAGE} (reçu : {per_page})."
        )
