"""Reading a request's query string into a SearchQuery, with French messages for bad input."""

from __future__ import annotations

import re

from werkzeug.datastructures import MultiDict

from solsearch.corpus import facet_names
from solsearch.search import QueryError, SearchQuery
from solsearch.search.filtering import check_count

# Plain decimal digits only, as the OpenAPI document says (integer): not "1_0" or "٣", which
# Python's int() would take.
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _integer(args: MultiDict, name: str, default: int) -> int:
    """An integer parameter; absent means the default, but present and blank is refused."""
    raw = args.get(name)
    if raw is None:
        return default
    if not raw.strip():
        raise QueryError(f"« {name} » est vide : donnez un nombre entier ou retirez-le.")
    try:
        if _INTEGER.fullmatch(raw.strip()):
            return int(raw.strip())
    except ValueError:  # more digits than int() converts
        pass
    raise QueryError(f"« {name} » doit être un nombre entier (reçu : « {raw[:40]} »).")


def page_parameters() -> tuple[str, ...]:
    """What a search page's address may hold, in the order its links write them."""
    return ("q", *facet_names(), "sort", "page")


def search_query(args: MultiDict, per_page_default: int = 10) -> SearchQuery:
    """The visitor's search from ?q=&page=&per_page=&sort= and one parameter per facet
    (?theme=&region=…), each of which may repeat."""
    filters = {}
    for name in facet_names():
        # Blank values (an empty <select> option) are ignored, but counted: the limit is on
        # what the request carries, as the OpenAPI document says (maxItems).
        values = args.getlist(name)
        check_count(name, values)
        filters[name] = tuple(v for v in values if v.strip())
    return SearchQuery(
        text=args.get("q", ""),
        filters=filters,
        page=_integer(args, "page", 1),
        per_page=_integer(args, "per_page", per_page_default),
        sort=args.get("sort"),
    )
