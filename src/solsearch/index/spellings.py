"""The corpus's words as written (accents, and the capital of names, kept), each with how
many solutions use it.

Completions and "did you mean" offer words a visitor would type, as the corpus spells
them. Counting them needs only the set of words of each solution, so a build counts them
beside the index rather than indexing the whole text a third time; the counts are stored
with each generation.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from solsearch.analysis import spelling_analyzer
from solsearch.analysis.words import ELISION_ARTICLES
from solsearch.corpus import Solution
from solsearch.index.durable import write_durably

FILE = "spellings.json"
_ANALYZER = spelling_analyzer()
_ELIDED = re.compile(r"\b\w{1,2}['’]$")  # « L’ » of « L’Écomusée »
_WORD = re.compile(r"\w+")
_CAPITALISED = re.compile(r"(?<!\w)[A-ZÀ-ÖØ-ÞŒŸ]\w*")
_PAIR = re.compile(r"(\w+)['’](\w+)")
# What comes before an apostrophe and glues no name: an elided article (« l’emploi »), or
# the start of a word that keeps its apostrophe, which the analyzer keeps whole.
_NOT_GLUE = frozenset(ELISION_ARTICLES) | {"aujourd", "prud", "presqu", "quelqu"}


def words_of(title: str, organisations, cities, text: str) -> set[str]:
    """The distinct words of a solution's title, organisations, cities and text, in lower
    case, but for the names it writes only with a capital (Bouchra, Figeac, TRIVEO): the
    capital of a sentence's first word says nothing, and one lower-case use is enough.

    The capitals are looked up by a pattern beside the analyzer's terms: reading each
    token's characters from the analyzer made this count five times slower."""
    names = "\n".join([*organisations, *cities])
    whole = "\n".join([title, names, text])
    terms, written = _ANALYZER.terms(whole), Counter(_WORD.findall(whole))
    capital: dict[str, str] = {}
    for part, anywhere in ((title, False), (names, True), (text, False)):
        for match in _CAPITALISED.finditer(part):
            word = match.group()
            key = word.lower()
            if key in terms and key not in written and key not in capital:
                if anywhere or _amid(part, match.start(), word):
                    capital[key] = word
    fragments = _fragments(whole, written)
    kept = {word for key, word in capital.items() if key not in fragments}
    return (terms - capital.keys() - fragments) | kept


def _fragments(text: str, written: Counter) -> set[str]:
    """The parts of names glued by an apostrophe (Agir’Recycl, Interm’Aide) that the text
    never writes alone (``written``: how often it writes each word): searched, but no word
    to offer (« recy » offered « recycl »)."""
    glued: Counter = Counter()
    for first, second in _PAIR.findall(text):
        if first.lower() not in _NOT_GLUE:
            glued.update((first, second))
    return {
        part.lower()
        for part, times in glued.items()
        if written[part] <= times and written[part.lower()] <= glued[part.lower()]
    }


def _amid(text: str, start: int, word: str) -> bool:
    """Whether a word stands inside a sentence, where its capital is its own (an acronym
    has its own anywhere), not first in a sentence, a line or a quote."""
    if word.isupper() and len(word) > 1:
        return True
    before = _ELIDED.sub("", text[max(start - 8, 0) : start])
    before = before.rstrip(' \t\u00a0«“"(')  # a few characters: « L’ » and spaces
    return bool(before) and before[-1] not in ".!?…\n"


def solution_words(solution: Solution) -> set[str]:
    return words_of(solution.title, solution.organisations, solution.cities, solution.text)


def record_words(record: dict) -> set[str]:
    """The same, from a solution as an index generation stores it."""
    return words_of(record["title"], record["organisations"], record["cities"], record["text"])


def read(generation_dir: Path) -> Counter:
    path = Path(generation_dir) / FILE
    if not path.exists():
        return Counter()
    return Counter(json.loads(path.read_text(encoding="utf-8")))


def write(generation_dir: Path, counts: Counter) -> None:
    kept = {word: n for word, n in sorted(counts.items()) if n > 0}
    write_durably(Path(generation_dir) / FILE, json.dumps(kept, ensure_ascii=False))
