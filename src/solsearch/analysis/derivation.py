"""Words of one family: Snowball's heavier stemmer, which also removes derivations."""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.lang import stemmer_for_language

from solsearch.analysis.stemming import fold

_snowball = stemmer_for_language("fr")

#: Latin compounds of « -culture » whose adjective ends in « -cole » (agriculture, agriculteur,
#: agricultrice, agricole; viticulture, viticole; apiculture, apicole…): Snowball leaves the
#: stems apart (agricultur, agriculteur, agricol), so they are brought to the adjective's.
_CULTURE_STEM = re.compile(r"(?<=..i)cult(?:ur|eur|ric)$")


@lru_cache(maxsize=100_000)
def derived_stem(word: str) -> str:
    """Snowball's heavier stem of a folded word, derivations removed.

    Snowball also removes derivational suffixes (pollinisateurs, pollinisation → pollinis),
    which the light stemmer keeps apart on purpose; the search service falls back on it only
    for a word the light chain finds nowhere, so its over-conflation never outranks a match.
    """
    return _CULTURE_STEM.sub("col", _snowball(fold(word)))
