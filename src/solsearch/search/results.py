"""What the search service takes and returns: the project's own objects, never whoosh's.

``to_json`` gives exactly the shapes of the HTTP contract (DESIGN.md), so the API, the CLI's
``--json`` and the page all show one thing.
"""

from __future__ import annotations

from dataclasses import dataclass

FACETS = ("theme", "region", "department", "structure")


class QueryError(Exception):
    """A request the visitor can fix; the message is French and says how."""

    status = 400

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class SearchQuery:
    """A visitor's search: free text, facet filters (OR inside one, AND across) and a page."""

    text: str = ""
    theme: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    department: tuple[str, ...] = ()
    structure: tuple[str, ...] = ()
    page: int = 1
    per_page: int = 10

    def filters(self) -> dict[str, tuple[str, ...]]:
        return {name: getattr(self, name) for name in FACETS}


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
    url: str
    theme: Labelled
    regions: tuple[Labelled, ...]
    snippet: str
    score: float

    def to_json(self) -> dict:
        # Written out: dataclasses.asdict deep-copies every value, which cost more than
        # answering a cached search.
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "theme": self.theme.to_json(),
            "regions": [region.to_json() for region in self.regions],
            "snippet": self.snippet,
            "score": round(self.score, 4),
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

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "filters": {name: list(values) for name, values in self.filters.items()},
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "pages": self.pages,
            "results": [hit.to_json() for hit in self.hits],
            "facets": {name: [v.to_json() for v in values] for name, values in self.facets.items()},
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class Suggestion:
    label: str
    url: str


@dataclass(frozen=True)
class IndexHealth:
    solutions: int
    generation: int
    built_at: str
