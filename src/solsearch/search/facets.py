"""Facet counts from per-value document lists, built once per searcher.

Counting from these lists instead of whoosh's ``groupedby`` keeps the cost to one array
lookup per document having a value, and makes disjunctive counts cheap: each facet is
counted with every filter but its own, as if the visitor also ticked that value. Sets of
documents are boolean masks indexed by document number.
"""

from __future__ import annotations

import numpy as np

from solsearch.corpus import Facet, registry
from solsearch.search.results import FacetValue

_NONE = np.zeros(0, dtype=np.int64)


def _value_docs(reader, facet: Facet) -> dict[str, np.ndarray]:
    """The documents having each value of one facet (none for an index without its field)."""
    values = {}
    if facet.field in reader.schema.names():
        for term in reader.lexicon(facet.field):
            value = term.decode("utf-8") if isinstance(term, bytes) else term
            ids = list(reader.postings(facet.field, term).all_ids())
            values[value] = np.array(ids, dtype=np.int64)
    return values


def _pairs(by_value: dict[str, np.ndarray]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The values, and for every document having one: its number and the value's index."""
    names = list(by_value)
    ids = np.concatenate([by_value[n] for n in names]) if names else _NONE
    value_of = np.repeat(np.arange(len(names)), [len(by_value[n]) for n in names])
    return names, ids, value_of.astype(np.int64)


class FacetSets:
    """For each facet, the set of document numbers having each value."""

    def __init__(self, reader, size: int):
        self.size = size
        facets = registry()
        self._label = {facet.name: facet.label for facet in facets}
        self.docs: dict[str, dict[str, np.ndarray]] = {
            facet.name: _value_docs(reader, facet) for facet in facets
        }
        # Labels and their sort keys are fixed for a generation: computed once, not per search.
        self.labels = {
            facet.name: {value: facet.label(value) for value in self.docs[facet.name]}
            for facet in facets
        }
        self._order = {
            facet.name: {v: facet.sort_key(label) for v, label in self.labels[facet.name].items()}
            for facet in facets
        }
        # Per facet, every (document, value) pair as two flat arrays, so that counting all
        # the values is one ``bincount`` instead of one array lookup per value.
        self._pairs = {name: _pairs(by_value) for name, by_value in self.docs.items()}

    def selected_docs(self, facet: str, values: tuple[str, ...]) -> np.ndarray | None:
        """Documents having any of the values (OR inside a facet); None when none is chosen."""
        if not values:
            return None
        found = np.zeros(self.size, dtype=bool)
        for value in values:
            found[self.docs.get(facet, {}).get(value, _NONE)] = True
        return found

    def apply(
        self, docs: np.ndarray, filters: dict[str, tuple[str, ...]], skip: str | None = None
    ) -> np.ndarray:
        """The documents that pass every chosen facet (AND across facets) but ``skip``."""
        for facet, values in filters.items():
            chosen = self.selected_docs(facet, values) if facet != skip else None
            if chosen is not None:
                docs = docs & chosen
        return docs

    def counts(
        self, matched: np.ndarray, filters: dict[str, tuple[str, ...]]
    ) -> dict[str, tuple[FacetValue, ...]]:
        """Disjunctive counts: each facet ignores its own filter. A chosen value no solution
        has is listed too (count 0), so that pages can show every active filter."""
        result = {}
        for facet, docs in self.docs.items():
            base = self.apply(matched, filters, skip=facet)
            chosen = set(filters.get(facet, ()))
            labels, order = self.labels[facet], self._order[facet]
            names, ids, value_of = self._pairs[facet]
            tally = np.bincount(value_of[base[ids]], minlength=len(names))
            values = [
                FacetValue(value, labels[value], int(count), value in chosen)
                for value, count in zip(names, tally.tolist(), strict=True)
                if count or value in chosen
            ]
            values.sort(key=lambda v: (-v.count, order[v.value]))
            absent = [v for v in filters.get(facet, ()) if v not in docs]
            values += [FacetValue(v, self._label[facet](v), 0, True) for v in absent]
            result[facet] = tuple(values)
        return result
