"""What a solution's page tells search engines and link previews: a description, Open Graph
properties and schema.org data (JSON-LD), all from the solution as the editor wrote it."""

from __future__ import annotations

import re

from solsearch.corpus import STRUCTURES, Solution, facet_named

SITE_NAME = "Solutions COORACE"
# Link previews show about two lines; search engines cut descriptions near 160 characters.
DESCRIPTION_LENGTH = 200


def opening(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """The start of a text, cut at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length + 1].rsplit(" ", 1)[0].rstrip(" ,;:.–-")
    return f"{cut}…"


def acronyms_in(text: str, shown: tuple[str, ...] = ()) -> dict[str, str]:
    """Structure codes a text uses (ACI, SIAE…) and what they stand for, except ``shown``."""
    used = set(re.findall(r"\b[A-Z]{2,5}\b", text))
    return {code: name for code, name in STRUCTURES.items() if code in used - set(shown)}


def solution_json_ld(solution: Solution, url: str) -> dict:
    """schema.org data for one solution: an Article by its organisations, about its places."""
    theme, structure = facet_named("theme"), facet_named("structure")
    places = [
        {"@type": "AdministrativeArea", "name": facet.label(code), "identifier": code}
        for facet in map(facet_named, ("region", "department"))
        for code in facet.values(solution)
    ]
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": solution.title,
        "name": solution.title,
        "description": opening(solution.text),
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "fr",
        "articleSection": theme.label(solution.theme),
        "about": [{"@type": "Thing", "name": structure.label(s)} for s in solution.structures],
        "spatialCoverage": places,
        "author": [{"@type": "Organization", "name": name} for name in solution.organisations],
        "publisher": {"@type": "Organization", "name": SITE_NAME},
    }
