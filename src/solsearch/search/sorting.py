"""The orders a visitor may ask for: by relevance, or by title as when browsing.

Without a query there is nothing to be relevant to, so the results are in the order of
their titles whatever was asked; with one, relevance is the default.
"""

from __future__ import annotations

from solsearch.search.results import QueryError

RELEVANCE = "relevance"
TITLE = "title"
#: Each order and its French name, in the order pages offer them.
SORTS = {RELEVANCE: "pertinence", TITLE: "titre"}


def check_sort(sort: str | None) -> None:
    """Refuse an order the service does not know; None is the default."""
    if sort is None or sort in SORTS:
        return
    known = ", ".join(f"{name} ({label})" for name, label in SORTS.items())
    if not sort.strip():
        raise QueryError(f"« sort » est vide : donnez {known}, ou retirez-le.")
    raise QueryError(f"Tri inconnu « {sort.strip()[:40]} » : valeurs possibles : {known}.")


def effective_sort(sort: str | None, searching: bool) -> str:
    """The order a search uses: by title without words to match, else the one asked for."""
    if not searching:
        return TITLE
    return sort or RELEVANCE
