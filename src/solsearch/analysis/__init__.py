"""Analysis: how text becomes index terms, and a visitor's query the same terms.

- ``words``: French word rules on plain strings (stop lists, elision, inclusive writing,
  compounds), free of whoosh.
- ``stemming``: folding, the light stemmer and Snowball's heavier one.
- ``filters``: those rules as whoosh filters; ``memo``: a word-at-a-time replay for indexing.
- ``chains``: the one builder of every analyzer.

May import: ``corpus`` (nothing yet), whoosh, and the standard library. Nothing above.
"""

from solsearch.analysis.chains import (
    analyze,
    exact_analyzer,
    french_analyzer,
    spelling_analyzer,
    stem_analyzer,
)
from solsearch.analysis.stemming import derived_stem, fold, light_stem
from solsearch.analysis.words import prepare_user_query

__all__ = [
    "analyze",
    "derived_stem",
    "exact_analyzer",
    "fold",
    "french_analyzer",
    "light_stem",
    "prepare_user_query",
    "spelling_analyzer",
    "stem_analyzer",
]
