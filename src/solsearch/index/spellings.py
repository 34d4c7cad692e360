"""The corpus's words as written (accents kept), each with how many solutions use it.

Completions and "did you mean" offer words a visitor would type, as the corpus spells
them. Counting them needs only the set of words of each solution, so a build counts them
beside the index rather than indexing the whole text a third time; the counts are stored
with each generation.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from solsearch.analysis import spelling_analyzer
from solsearch.corpus import Solution
from solsearch.index.durable import write_durably

FILE = "spellings.json"
_ANALYZER = spelling_analyzer()


def words_of(title: str, organisations, cities, text: str) -> set[str]:
    """The distinct words of a solution's title, organisations, cities and text."""
    return _ANALYZER.terms("\n".join([title, *organisations, *cities, text]))


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
