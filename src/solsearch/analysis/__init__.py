"""Analysis: how text becomes index terms, and a visitor's query the same terms.

- ``words``: French word rules on plain strings (stop lists, elision, inclusive writing,
  compounds), free of whoosh.
- ``stemming``: folding and the light stemmer (inflections), free of whoosh too.
- ``derivation``: Snowball's heavier stemmer, for words of one family.
- ``lexicon``: how common a word is in French (wordfreq's list, loaded on first use), which
  tells a real word the corpus lacks from a typo.
- ``filters``: those rules as whoosh filters; ``memo``: a word-at-a-time replay for indexing.
- ``expressions``: the synonyms file's expressions, noted as terms where their words stand
  together, when indexing the title and the body.
- ``chains``: the one builder of every analyzer.

May import: ``corpus`` (the synonyms), whoosh, wordfreq, and the standard library. Nothing
above.
"""

from solsearch.analysis.chains import (
    analyze,
    exact_analyzer,
    french_analyzer,
    spelling_analyzer,
    stem_analyzer,
)
from solsearch.analysis.derivation import derived_stem
from solsearch.analysis.stemming import fold, light_stem
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
