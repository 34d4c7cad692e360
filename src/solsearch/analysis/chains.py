"""The analyzers: one builder makes every chain the index, the queries and highlights use.

    FrenchTokenizer | AcronymFilter | LowercaseFilter | FrenchWordFilter | FoldFilter
        | StackedStopFilter | StemFilter(light_stem) | DedupeStackFilter

Fields differ only by which steps they keep (stemming, folding, catenation); indexing and
querying differ by the ``mode`` whoosh passes down the one chain, as its ``MultiFilter`` does.
Every class an analyzer holds is defined at module level: the schema, analyzers included,
is pickled into the index and a fresh process must be able to unpickle it. Reindex after
any change here: whoosh does not notice that an analyzer changed.
"""

from __future__ import annotations

from functools import cache

from whoosh.analysis import Analyzer, LowercaseFilter, StemFilter

from solsearch.analysis.filters import (
    AcronymFilter,
    DedupeStackFilter,
    FoldFilter,
    FrenchTokenizer,
    FrenchWordFilter,
    StackedStopFilter,
)
from solsearch.analysis.memo import WordMemo
from solsearch.analysis.stemming import light_stem
from solsearch.analysis.words import STOP_WORDS, STOP_WORDS_ACCENTED


def french_analyzer(*, stem: bool = True, folding: bool = True, catenate: bool = True) -> Analyzer:
    """The French chain, with the steps a field needs.

    stem: light stemming (inflections only), for the ranked text fields.
    folding: accents and case removed before stop words and stemming (measured to matter);
    without it, stop words are matched with their accents.
    catenate: a compound also as one word (éco-pâturage → écopâturage).
    """
    chain = FrenchTokenizer() | AcronymFilter() | LowercaseFilter()
    chain = chain | FrenchWordFilter(catenate=catenate)
    if folding:
        chain = chain | FoldFilter()
    chain = chain | StackedStopFilter(STOP_WORDS if folding else STOP_WORDS_ACCENTED, minsize=2)
    if stem:
        chain = chain | StemFilter(stemfn=light_stem, cachesize=50000)
    return WordMemo(chain | DedupeStackFilter())


def stem_analyzer() -> Analyzer:
    """The full chain, for stemmed TEXT fields."""
    return french_analyzer()


def exact_analyzer() -> Analyzer:
    """The same chain without stemming, for an exact-match boost."""
    return french_analyzer(stem=False)


def spelling_analyzer() -> Analyzer:
    """Real corpus words, accents kept, for "did you mean" and completions.

    No folding, no stemming (a suggestion must be a word a visitor would type), no catenation
    (villeneuvelagarenne is no word), stop words removed.
    """
    return french_analyzer(stem=False, folding=False, catenate=False)


@cache
def _default_analyzer() -> Analyzer:
    return stem_analyzer()


def analyze(text: str, analyzer: Analyzer | None = None, mode: str = "index") -> list[str]:
    """The terms of ``text`` (stem_analyzer by default), for tests and debugging."""
    analyzer = analyzer or _default_analyzer()
    return [t.text for t in analyzer(text, mode=mode)]
