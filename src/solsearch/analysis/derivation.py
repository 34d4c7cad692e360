"""Words of one family: Snowball's heavier stemmer, which also removes derivations."""

from __future__ import annotations

from functools import lru_cache

from whoosh.lang import stemmer_for_language

from solsearch.analysis.stemming import fold

_snowball = stemmer_for_language("fr")


@lru_cache(maxsize=100_000)
def derived_stem(word: str) -> str:
    """Snowball's heavier stem of a folded word, derivations removed.

    Snowball also removes derivational suffixes (pollinisateurs, pollinisation → pollinis),
    which the light stemmer keeps apart on purpose; the search service falls back on it only
    for a word the light chain finds nowhere, so its over-conflation never outranks a match.
    A -culture noun and its -cole adjective, which Snowball keeps apart, already share their
    light stem (``stemming.CULTURE_COMPOUND``).
    """
    return _snowball(fold(word))
