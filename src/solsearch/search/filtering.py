"""Checking a search's facet filters: what a visitor wrote becomes the values the index holds.

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
