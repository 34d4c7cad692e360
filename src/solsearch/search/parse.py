"""What a visitor may type: words, "quoted phrases" and -exclusions; everything else is text.

No whoosh syntax reaches whoosh: field names, wildcards, boolean words and brackets are
plain words here, and the analyzer drops the punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from solsearch.analysis import prepare_user_query
from solsearch.search.limits import MAX_QUERY_CHARS, MAX_TERMS
from solsearch.search.results import QueryError

_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})
_PIECE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Question words that carry no topic: dropped from questions of three words or more
# ("comment recycler le marc de café"), kept in short queries where they may be the topic.
QUESTION_WORDS = frozenset(
    {"comment", "pourquoi", "combien", "quand", "quoi", "est-ce", "qu'est-ce", "est-ce-que"}
)


@dataclass(frozen=True)
class ParsedQuery:
    """The visitor's text split into what must match, what must match together, what not."""

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.words or self.phrases)


def clean_text(text: str) -> str:
    """Visible characters only: control and format characters become spaces."""
    text = unicodedata.normalize("NFC", text)
    return "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text).strip()


def parse_query(text: str) -> ParsedQuery:
    """Split a visitor's query; raise QueryError only for a query too long to be one."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"La recherche est trop longue ({len(text)} caractères) : "
            f"{MAX_QUERY_CHARS} caractères au plus."
        )
    text = prepare_user_query(clean_text(text).translate(_QUOTES))
    words, phrases, excluded = [], [], []
    for match in _PIECE.finditer(text):
        negated, phrase, word = match.groups()
        if phrase is not None:
            target = excluded if negated else phrases
            if phrase.strip():
                target.append(" ".join(phrase.split()))
        elif word.startswith("-") and len(word) > 1 and word[1].isalnum():
            excluded.append(word[1:])
        else:
            words.append(word)
    if len(words) >= 3:
        words = [w for w in words if w.lower() not in QUESTION_WORDS]
    return ParsedQuery(
        tuple(words[:MAX_TERMS]), tuple(phrases[:MAX_TERMS]), tuple(excluded[:MAX_TERMS])
    )
