"""Links between the results and a solution's page: the way back to the visitor's search.

A result link carries the search it was listed by, as the query string of the search page
in one parameter (``/solutions/bati-plus?retour=q%3Demploi%26page%3D2``): it works without
JavaScript, survives a reload and a shared link, and needs no session. Without it, the
Referer is used only when it is this site's own search page. The value is never used as
a URL as such: only the search page's own parameters are kept from it and the link is
rebuilt on the search page's path, so it cannot lead anywhere else.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import Flask, request, url_for

from solsearch.web.params import page_parameters
from solsearch.web.urls import solution_url

BACK_PARAMETER = "retour"
MAX_CARRIED = 2000  # characters of a carried search; longer ones are not a search we made


def _search_pairs(query_string: str) -> list[tuple[str, str]]:
    """The search page's own parameters out of a query string, in their usual order."""
    if len(query_string) > MAX_CARRIED:
        return []
    pairs = parse_qsl(query_string, keep_blank_values=False)
    # Anything else in a carried search is dropped.
    return [(k, v) for key in page_parameters() for k, v in pairs if k == key and v.strip()]


def _search_page_url(pairs: list[tuple[str, str]]) -> str:
    path = url_for("pages.search")
    return f"{path}?{urlencode(pairs)}" if pairs else path


def current_search() -> str:
    """The search being shown, as the query string a result link carries."""
    return urlencode(_search_pairs(request.query_string.decode("utf-8", "replace")))


def result_url(solution_id: str, search: str | None = None) -> str:
    """A solution's address carrying the search it was found by (None: the current one)."""
    carried = current_search() if search is None else search
    return solution_url(solution_id, **{BACK_PARAMETER: carried})


def _from_referer() -> str | None:
    """The search page the visitor came from, when the Referer is this site's search page."""
    referer = urlsplit(request.referrer or "")
    if referer.netloc != request.host or referer.path != url_for("pages.search"):
        return None
    return referer.query


def carried_search() -> str | None:
    """The search a solution's page was reached from (query string), or None."""
    if BACK_PARAMETER in request.args:
        return urlencode(_search_pairs(request.args[BACK_PARAMETER]))
    referer = _from_referer()
    return None if referer is None else urlencode(_search_pairs(referer))


def back_link() -> tuple[str, str]:
    """Where "back" leads from a solution's page, and its label."""
    carried = carried_search()
    if carried is None:
        return url_for("pages.search"), "Toutes les solutions"
    return _search_page_url(parse_qsl(carried)), "Retour aux résultats"


def register(app: Flask) -> None:
    app.add_template_global(result_url)
    app.add_template_global(carried_search)
    app.add_template_global(back_link)
