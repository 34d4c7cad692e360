"""Passages: the pieces of a solution that are embedded, each one a vector.

A solution is scored by its best passage, a sharper signal than one vector for the whole
text (a page of 600 words averages several topics away), and the best passage is also
what a hit found by meaning alone shows as its snippet. Passage 0 is the title; then each
paragraph's sentences are packed into passages of about ``PASSAGE_WORDS`` words, never
across a paragraph.

Measured on the public judged set and the off-line paraphrase set (README, « Recherche par
le sens »): passages of about 60 words ranked as well as two whole paragraphs and make
snippets that fit, where whole paragraphs had to be cut blindly.
"""

from __future__ import annotations

import re

#: Words packed into one passage, sentences kept whole.
PASSAGE_WORDS = 60

_PARAGRAPHS = re.compile(r"\n")  # plain text: one paragraph per line
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_ADDRESS_LABEL_WORDS = 5
# A sentence ends at . ! ? or … followed by a space and a capital, a digit or a quote.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"(A-ZÀ-ÖØ-Þ0-9])")


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, whitespace collapsed."""
    flat = " ".join(text.split())
    return [s for s in _SENTENCE_END.split(flat) if s]


def _only_an_address(paragraph: str) -> bool:
    """A web address and its label (« Pour suivre l’action : www… »): nothing of what the
    solution does, and so short a text is close to every query."""
    words = paragraph.split()
    rest = [w for w in words if not _ADDRESS.match(w)]
    return len(rest) < len(words) and len(rest) <= _ADDRESS_LABEL_WORDS


def split_passages(title: str, text: str, words: int = PASSAGE_WORDS) -> list[str]:
    """The title, then the sentences of each paragraph (a line of the plain text), packed
    into passages of about ``words`` words."""
    found = [" ".join(title.split())]
    for paragraph in _PARAGRAPHS.split(text):
        if _only_an_address(paragraph):
            continue
        chunk: list[str] = []
        size = 0
        for sentence in sentences(paragraph):
            length = len(sentence.split())
            if chunk and size + length > words:
                found.append(" ".join(chunk))
                chunk, size = [], 0
            chunk.append(sentence)
            size += length
        if chunk:
            found.append(" ".join(chunk))
    return [passage for passage in found if passage]
