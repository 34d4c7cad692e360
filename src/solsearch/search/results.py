"""What the search service takes and returns: the project's own objects, never whoosh's.

``to_json`` gives exactly the shapes of the HTTP contract (DESIGN.md), so the API, the CLI's
``--json`` and the page all show one thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from solsearch.corpus import facet_names


class QueryError(Exception):
    """A request the visitor can fix; the message is French and says how."""

    status = 400

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True, init=False)
class SearchQuery:
    """A visitor's search: free text, facet filters (OR inside one, AND across), a page and
    an order (``sort``: "relevance" or "title"; None for the default, see ``sorting``).

    ``filters`` maps a facet's name to the values asked for, as written (the service checks
    and normalises them); facets without values are left out, so equal searches compare
    equal. Each facet may also be given as a keyword, which is how code usually writes it:
    ``SearchQuery("garage solidaire", region=("Bretagne",))``.
    """

    text: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 10
    sort: str | None = None

    def __init__(
        self,
        text: str = "",
        filters: Mapping[str, Iterable[str]] | None = None,
        page: int = 1,
        per_page: int = 10,
        sort: str | None = None,
        **by_facet: Iterable[str],
    ):
        given = {**(filters or {}), **by_facet}
        names = facet_names()
        unknown = sorted(set(given) - set(names))
        if unknown:
            raise TypeError(f"SearchQuery() got an unknown facet: {', '.join(unknown)}")
        # In the registry's order, so that equal searches have equal hashes.
        chosen = {name: _values(given[name]) for name in names if name in given}
        setattr_ = object.__setattr__  # the dataclass is frozen
        setattr_(self, "text", text)
        setattr_(self, "filters", MappingProxyType({k: v for k, v in chosen.items() if v}))
        setattr_(self, "page", page)
        setattr_(self, "per_page", per_page)
        setattr_(self, "sort", sort)

    def __hash__(self) -> int:
        return hash((self.text, tuple(self.filters.items()), self.page, self.per_page, self.sort))

    def values(self, facet: str) -> tuple[str, ...]:
        """The values asked for one facet (none when it is not filtered)."""
        return self.filters.get(facet, ())

    def without(self, facet: str) -> SearchQuery:
        """The same search without one facet's filter, from its first page."""
        rest = {name: values for name, values in self.filters.items() if name != facet}
        return SearchQuery(self.text, rest, page=1, per_page=self.per_page, sort=self.sort)


def _values(values: Iterable[str]) -> tuple[str, ...]:
    """A facet's values as a tuple; one string is one value, not a sequence of letters."""
    return (values,) if isinstance(values, str) else tuple(values)


@dataclass(frozen=True)
class Labelled:
    value: str
    label: str

    def to_json(self) -> dict:
        return {"value": self.value, "label": self.label}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool

    def to_json(self) -> dict:
        return {
            "value": self.value,
            "label": self.label,
            "count": self.count,
            "selected": self.selected,
        }


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    theme: Labelled
    regions: tuple[Labelled, ...]
    snippet: str
    score: float
    # How it was found: "words" (it has the words typed), "meaning" (close in meaning).
    matched: tuple[str, ...] = ("words",)
    # The typed words (or quoted phrases) it does not have, as typed: a relaxed question's
    # match or a solution found by meaning has only part of them, or none.
    missing: tuple[str, ...] = ()

    @property
    def missing_note(self) -> str | None:
        """The words it lacks, as the page and the command line say them, in French."""
        if not self.missing:
            return None
        label = "Mots absents" if len(self.missing) > 1 else "Mot absent"
        return f"{label} : {', '.join(f'« {word} »' for word in self.missing)}"

    def to_json(self, url: str | None = None) -> dict:
        """The hit as the API shows it; ``url``, its page, comes from the web layer."""
        # Written out: dataclasses.asdict deep-copies every value, which cost more than
        # answering a cached search.
        shown = {"id": self.id, "title": self.title}
        if url is not None:
            shown["url"] = url
        return {
            **shown,
            "theme": self.theme.to_json(),
            "regions": [region.to_json() for region in self.regions],
            "snippet": self.snippet,
            "score": round(self.score, 4),
            "matched": list(self.matched),
            "missing": list(self.missing),
        }


@dataclass(frozen=True)
class SearchResult:
    query: str
    filters: dict[str, tuple[str, ...]]
    total: int
    page: int
    per_page: int
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[FacetValue, ...]]
    suggestion: str | None = None
    relaxed: bool = False
    corrected: tuple[str, ...] = ()
    sort: str = "relevance"
    # No solution found has the words: every one shown is there by meaning.
    meaning_only: bool = False
    # Only very common words were typed (« pour », « le la »): none is searched, and no
    # solution is listed as if it matched them.
    common_words_only: bool = False
    # Text was typed but nothing in it is searched, a letter alone or signs (« x », « R&D »):
    # every solution is listed, and the visitor is told why.
    nothing_searched: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def note(self) -> str | None:
        """What the visitor must know of the results beside their count, in French: that
        the words typed are too common to be searched, or that nothing typed is a word, that
        none has every word typed (a relaxed question), or none any (meaning alone)."""
        if self.common_words_only:
            return (
                "Les mots très courants (« le », « pour », « avec »…) ne sont pas cherchés : "
                "ajoutez un mot plus précis."
            )
        if self.nothing_searched:
            return "Une lettre seule ou des signes ne sont pas cherchés : ajoutez un mot."
        if self.meaning_only:
            return "Aucune solution ne contient ces mots ; voici les plus proches par le sens."
        if self.relaxed and self.total:
            return "Aucune solution ne contient tous ces mots ; voici celles qui en ont le plus."
        return None

    def to_json(self, solution_url: Callable[[str], str] | None = None) -> dict:
        """The shape of the HTTP contract; ``solution_url`` gives each hit's page."""
        return {
            "query": self.query,
            "filters": {name: list(values) for name, values in self.filters.items()},
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "pages": self.pages,
            "results": [
                hit.to_json(solution_url(hit.id) if solution_url else None) for hit in self.hits
            ],
            "facets": {name: [v.to_json() for v in values] for name, values in self.facets.items()},
            "suggestion": self.suggestion,
            "sort": self.sort,
            "meaning_only": self.meaning_only,
        }


@dataclass(frozen=True)
class Suggestion:
    """A completion: a search for ``label``, or the page of the solution so titled."""

    label: str
    solution_id: str | None = None


@dataclass(frozen=True)
class IndexHealth:
    solutions: int
    generation: int
    built_at: str
    semantic: bool = False
    semantic_reason: str | None = None  # French, when ``semantic`` is false
