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


def same_sense(word: str, other: str) -> bool:
    """Whether two folded words of one family surely keep one sense: a « -culture » noun,
    its agent and its adjective (agriculture, agriculteurs, agricole), joined by the rule
    above. Snowball's own derivations may change sense (assurance, assurer): only meaning
    can tell those apart."""
    joined = derived_stem(word) == derived_stem(other)
    return joined and (_culture_word(word) or _culture_word(other))


@lru_cache(maxsize=100_000)
def _culture_word(word: str) -> bool:
    return _CULTURE_STEM.search(_snowball(fold(word))) is not None
