"""Template helpers: links that keep the visitor's search, and the one place that marks
HTML safe (snippets from the service, Markdown bodies rendered with HTML disabled)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, g, request
from markdown_it import MarkdownIt
from markupsafe import Markup

from solsearch.corpus import facet_named, facet_names
from solsearch.search import FacetValue, SearchResult
from solsearch.search.sorting import RELEVANCE, SORTS
from solsearch.web.params import page_parameters

#: Values of a facet listed before « Voir plus »: the common ones, without a long scroll.
FACET_VALUES_SHOWN = 6

# Raw HTML in a corpus file is escaped, not rendered: editors write Markdown only.
_markdown = MarkdownIt("commonmark", {"html": False}).disable("image")


def markdown_html(body: str) -> Markup:
    """A corpus body rendered from Markdown, with any HTML in it escaped."""
    return Markup(_markdown.render(body))


def snippet_html(snippet: str) -> Markup:
    """A snippet from the search service: everything escaped there but <mark>."""
    return Markup(snippet)


def _current() -> list[tuple[str, str]]:
    """The visitor's text and filters, the filters as the service understood them (codes)."""
    checked = getattr(g, "search_filters", None)
    pairs = [("q", v) for v in request.args.getlist("q")[:1] if v.strip()]
    for facet in facet_names():
        values = checked.get(facet, ()) if checked else request.args.getlist(facet)
        pairs += [(facet, v) for v in values if v.strip()]
    # Relevance is the default order wherever it means anything: links need not say it.
    pairs += [("sort", v) for v in request.args.getlist("sort")[:1] if v and v != RELEVANCE]
    return pairs


def search_url(path: str = "/", **changes) -> str:
    """The current search with some parameters replaced (None removes one); page resets."""
    values: dict[str, list[str]] = {}
    for key, value in _current():
        values.setdefault(key, []).append(value)
    for key, value in changes.items():
        chosen = value if isinstance(value, list | tuple) else [value]
        values[key] = [str(v) for v in chosen if v is not None and v != ""]
    if values.get("page") == ["1"]:
        del values["page"]
    pairs = [(k, v) for k in page_parameters() for v in values.get(k, [])]
    query = urlencode(pairs)
    return f"{path}?{query}" if query else path


def toggle_url(facet: str, value: str, path: str = "/") -> str:
    """The current search with one facet value ticked or unticked."""
    chosen = [v for k, v in _current() if k == facet]
    chosen = [v for v in chosen if v != value] if value in chosen else [*chosen, value]
    return search_url(path, **{facet: chosen})


def clear_filters_url(path: str = "/") -> str:
    """The current search without any facet filter."""
    return search_url(path, **dict.fromkeys(facet_names()))


def active_filters(result: SearchResult) -> list[tuple[str, FacetValue]]:
    """The ticked values, facet by facet, each with its facet's name (chips, count line)."""
    return [
        (name, value)
        for name, values in result.facets.items()
        for value in values
        if value.selected
    ]


def register(app: Flask) -> None:
    app.add_template_filter(markdown_html, "markdown")
    app.add_template_filter(snippet_html, "snippet")
    app.add_template_global(search_url)
    app.add_template_global(toggle_url)
    app.add_template_global(clear_filters_url)
    app.add_template_global(active_filters)
    app.add_template_global(FACET_VALUES_SHOWN, "facet_values_shown")
    # Facet names and labels come from the registry: templates name no facet themselves.
    app.add_template_global(facet_named, "facet")
    app.add_template_global(SORTS, "sorts")  # the orders offered, from the service
