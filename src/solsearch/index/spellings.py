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
_WORD = re.compile(r"\w+")
_UPPER = "A-ZÀ-ÖØ-ÞŒŸ"
_CAPITALISED = re.compile(rf"(?<!\w)[{_UPPER}]\w*")
# A capitalised word inside a sentence: after a word, a comma, a colon… and a space, maybe
# with an elided article (« de l’Écomusée »), or after a hyphen (« Nord-Pas »). Each starts
# with its literal character, which the engine scans for: three times faster.
_AFTER_SPACE = re.compile(rf" (?<=[\w,;:)»] )(?:\w{{1,2}}['’])?([{_UPPER}]\w*)")
_AFTER_HYPHEN = re.compile(rf"-(?<=\w-)([{_UPPER}]\w*)")
# Runs of capitals, inside words too: those that are whole words (in ``written``) are acronyms.
_CAPITALS = re.compile(rf"[{_UPPER}][{_UPPER}\d]+")
_APOSTROPHES = ("'", "’")
_ARTICLE_BEFORE = re.compile(rf"(?<!\w)(?:{'|'.join(ELISION_ARTICLES)})['’]$", re.IGNORECASE)
_PAIR = re.compile(r"(?<!\w)(\w++)['’](\w+)")  # possessive: no backtracking in a word
# What comes before an apostrophe and glues no name: an elided article (« l’emploi »), or
# the start of a word that keeps its apostrophe, which the analyzer keeps whole.
_NOT_GLUE = frozenset(ELISION_ARTICLES) | {"aujourd", "prud", "presqu", "quelqu"}


def words_of(title: str, organisations, cities, text: str) -> set[str]:
    """The distinct words of a solution's title, organisations, cities and text, in lower
    case, but for the names it writes only with a capital (Bouchra, Figeac, TRIVEO): the
    capital of a sentence's, a line's or a quote's first word says nothing, and one
    lower-case use is enough. The organisations' and cities' lines are names.

    The capitals are found by patterns beside the analyzer's terms: reading each token's
    characters from the analyzer made this count five times slower."""
    names = "\n".join([*organisations, *cities])
    whole = "\n".join([title, names, text])
    terms, written = _ANALYZER.terms(whole), set(_WORD.findall(whole))
    capitals = written.intersection(_CAPITALS.findall(whole))  # acronyms, anywhere
    capitals.update(_CAPITALISED.findall(names))
    for part in (title, text):
        capitals.update(_AFTER_SPACE.findall(part), _AFTER_HYPHEN.findall(part))
    capital: dict[str, str] = {}
    for word in sorted(capitals):  # a stable choice between TRIVEO and Triveo: the first
        key = word.lower()
        if key in terms and key not in written and key not in capital:
            capital[key] = word
    fragments = _fragments(whole, written)
    kept = {word for key, word in capital.items() if key not in fragments}
    return (terms - capital.keys() - fragments) | kept


def _fragments(text: str, written: set[str]) -> set[str]:
    """The parts of names glued by an apostrophe (Agir’Recycl, Interm’Aide) that the text
    never writes alone: searched, but no word to offer (« recy » offered « recycl »)."""
    glued = {
        part for pair in _PAIR.findall(text) if pair[0].lower() not in _NOT_GLUE for part in pair
    }
    return {part.lower() for part in glued if not _alone(text, part)}


def _alone(text: str, word: str) -> bool:
    """Whether ``text`` writes ``word`` (or in lower case) other than glued by an apostrophe
    to another word; after an elided article (« l’Agir ») it stands alone."""
    for form in {word, word.lower()}:
        start = text.find(form)
        while start >= 0:
            end = start + len(form)
            before, after = text[max(start - 7, 0) : start], text[end : end + 2]
            whole = not (before[-1:].isalnum() or after[:1].isalnum())
            glued_after = after[:1] in _APOSTROPHES and after[1:2].isalnum()
            glued_before = (
                before[-1:] in _APOSTROPHES
                and before[-2:-1].isalnum()
                and not _ARTICLE_BEFORE.search(before)
            )
            if whole and not (glued_before or glued_after):
                return True
            start = text.find(form, end)
    return False


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
