"""How common a word is in French: what tells a real word from a typo.

The corpus writes some 2,700 words; French has far more. A visitor's word that the corpus
lacks is not necessarily a typo of the nearest corpus word: "âgés" is no misspelling of
"axes", nor "apiculteurs" of "agriculteurs". wordfreq's French list (word frequencies in
subtitles, books, Wikipedia and web text; code Apache-2.0, data partly CC-BY-SA 4.0) says
how often French writes a word, on the Zipf scale: log10 of uses per billion words, 0 for
a word it never met, about 3 for "piscine"-like words, under 1.5 for the misspellings common
enough on the web to be listed ("teatre" 1.36).

Visitors often leave accents out ("chomeurs", "ages", "agés"): a word is as common as the most
common of its spellings with and without accents, and ``written`` gives the accents back where
French writes them (the meaning model reads "chomeurs ages" as other words than "chômeurs
âgés"; the word index folds accents and needs no such help).

The list costs about a second and 40 MB to load: it is loaded once per process, when a word
is first looked up (never at import, and completions never look one up), or by the server
before it serves. Where it cannot be
loaded, ``zipf`` answers None and the caller decides on the corpus alone.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections.abc import Callable

log = logging.getLogger(__name__)

LANGUAGE = "fr"
WORDLIST = "best"  # wordfreq's default list: the largest it has for French
#: How much more common (Zipf, about three times) an accented spelling must be than the word
#: typed without accents to replace it: « economie » is « économie » (4.1 against 5.1), but
#: « marche » stays « marche » beside « marché » (5.2 against 5.2).
ACCENT_MARGIN = 0.5
# Letters that no Unicode decomposition splits: folded by hand, as visitors type them.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "Œ": "oe", "Æ": "ae"})


def unaccented(word: str) -> str:
    """The word in lower case without accents (âgés → ages, œuvre → oeuvre)."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class WordList:
    """French word frequencies, loaded on first use, once, whatever the threads."""

    def __init__(self, loader: Callable[[], tuple[Callable[[str], float], dict[str, str]]]):
        self._loader = loader
        self._lock = threading.Lock()
        self._loaded: tuple[Callable[[str], float], dict[str, str]] | None = None
        self._failed = False

    def zipf(self, word: str) -> float | None:
        """The word's Zipf frequency, the highest of its spellings with or without accents;
        None when the list could not be loaded."""
        loaded = self._load()
        if loaded is None:
            return None
        frequency, accented = loaded
        plain = unaccented(word)
        spelled = accented.get(plain)
        return max(frequency(word), frequency(plain), frequency(spelled) if spelled else 0.0)

    def written(self, word: str) -> str | None:
        """How French writes a word typed without accents: as typed when it is a word in its
        own right (within ``ACCENT_MARGIN`` of its accented spellings), else its most common
        accented spelling (« ages » → « âgés »). None when French writes it neither way, or
        without the list; a word typed with accents is taken as written."""
        loaded = self._load()
        if loaded is None:
            return None
        if not word.isascii():
            return word
        frequency, accented = loaded
        typed = frequency(word.lower())
        spelled = accented.get(unaccented(word))
        if spelled and frequency(spelled) - typed >= ACCENT_MARGIN:
            return spelled
        return word if typed > 0 else None

    def warm(self) -> None:
        """Load the list now: a server does it before it forks its workers, so that they
        share it and no visitor waits for it."""
        self._load()

    def _load(self):
        if self._loaded is not None or self._failed:
            return self._loaded
        with self._lock:
            if self._loaded is None and not self._failed:
                try:
                    self._loaded = self._loader()
                except Exception as error:  # any failure: the search must go on without it
                    self._failed = True
                    log.warning(
                        "French word list unavailable, typos judged on the corpus alone: %s", error
                    )
        return self._loaded


def load_wordfreq() -> tuple[Callable[[str], float], dict[str, str]]:
    """wordfreq's lookup, and each unaccented spelling → its most common accented spelling
    (the list itself holds "âgés", not "ages" for it): the list's own strings, no copy."""
    import wordfreq

    def frequency(word: str) -> float:
        return wordfreq.zipf_frequency(word, LANGUAGE, WORDLIST)

    accented: dict[str, str] = {}
    # Asked for exactly as ``zipf_frequency`` asks (language and list, by position): the
    # list is cached under its call's arguments, and ``get_frequency_dict("fr")`` alone
    # loaded a second copy on the first lookup, 0.12 s and 40 MB more in every worker.
    # It comes most common first (wordfreq builds it band by band, as ``iter_wordlist``
    # yields it): the first accented spelling met is the most common.
    for word in wordfreq.get_frequency_dict(LANGUAGE, WORDLIST):
        if not word.isascii():
            accented.setdefault(unaccented(word), word)
    return frequency, accented


FRENCH = WordList(load_wordfreq)


def zipf(word: str) -> float | None:
    """How common a word is in French (Zipf scale), or None without the word list."""
    return FRENCH.zipf(word)


def written(word: str) -> str | None:
    """How French writes a word typed without accents (see ``WordList.written``)."""
    return FRENCH.written(word)
