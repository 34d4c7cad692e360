"""Facet counts from per-value document lists, built once per searcher.

Counting from these lists instead of whoosh's ``groupedby`` keeps the cost to one array
lookup per document having a value, and makes disjunctive counts cheap: each facet is
counted with every filter but its own, as if the visitor also ticked that value. Sets of
documents are boolean masks indexed by document number.
"""

from __future__ import annotations

import numpy as np

from solsearch.corpus import STRUCTURES, THEMES, territories
from solsearch.search.results import FACETS, FacetValue

_NONE = np.zeros(0, dtype=np.int64)

FIELDS = {
    "theme": "theme",
    "region": "regions",
    "department": "departments",
    "structure": "structures",
}


def facet_label(facet: str, value: str) -> str:
    if facet == "theme":
        return THEMES.get(value, value)
    if facet == "region":
        return territories.region_label(value)
    if facet == "department":
        return territories.department_label(value)
    return STRUCTURES.get(value, value)


class FacetSets:
    """For each facet, the set of document numbers having each value."""

    def __init__(self, reader, size: int):
        self.size = size
        self.docs: dict[str, dict[str, np.ndarray]] = {}
        for facet, fieldname in FIELDS.items():
            values = {}
            if fieldname in reader.schema.names():
                for term in reader.lexicon(fieldname):
                    value = term.decode("utf-8") if isinstance(term, bytes) else term
                    ids = list(reader.postings(fieldname, term).all_ids())
                    values[value] = np.array(ids, dtype=np.int64)
            self.docs[facet] = values
        # Labels and their sort keys are fixed for a generation: computed once, not per search.
        self.labels = {
            facet: {value: facet_label(facet, value) for value in values}
            for facet, values in self.docs.items()
        }
        self._order = {
            facet: {value: territories.place_key(label) for value, label in labels.items()}
            for facet, labels in self.labels.items()
        }

    def selected_docs(self, facet: str, values: tuple[str, ...]) -> np.ndarray | None:
        """Documents having any of the values (OR inside a facet); None when none is chosen."""
        if not values:
            return None
        found = np.zeros(self.size, dtype=bool)
        for value in values:
            found[self.docs[facet].get(value, _NONE)] = True
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
        """Disjunctive counts: each facet ignores its own filter."""
        result = {}
        for facet in FACETS:
            base = self.apply(matched, filters, skip=facet)
            chosen = set(filters.get(facet, ()))
            labels, order = self.labels[facet], self._order[facet]
            values = [
                FacetValue(value, labels[value], int(np.count_nonzero(base[docs])), value in chosen)
                for value, docs in self.docs[facet].items()
            ]
            values = [v for v in values if v.count or v.selected]
            values.sort(key=lambda v: (-v.count, order[v.value]))
            result[facet] = tuple(values)
        return result
