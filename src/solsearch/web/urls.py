"""The addresses of the site's pages, built from its routes: only the web layer knows them."""

from __future__ import annotations

from flask import url_for

from solsearch.search import Suggestion


def solution_url(solution_id: str, **kwargs) -> str:
    """The page of one solution."""
    return url_for("pages.solution", solution_id=solution_id, **kwargs)


def suggestion_url(suggestion: Suggestion) -> str:
    """Where a completion leads: its solution's page, or the search for its words."""
    if suggestion.solution_id is not None:
        return solution_url(suggestion.solution_id)
    return url_for("pages.search", q=suggestion.label)
