"""The whoosh filters of the French chain, each a thin wrapper around a rule of ``words``."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from whoosh.analysis import Filter, RegexTokenizer, StopFilter, Token

from solsearch.analysis.stemming import fold
from solsearch.analysis.words import (
    LIGATURES,
    STOP_WORD_ACRONYMS,
    TOKEN_PATTERN,
    join_split_spellings,
    same_length,
    split_word,
)


class FrenchTokenizer(RegexTokenizer):
    """Tokenise with TOKEN_PATTERN after same-length normalisation (offsets stay exact).

    Apostrophe variants become "'", non-breaking spaces become spaces, and the known split
    spellings are hyphenated, so "up cycling" reaches the compound logic as one token.
    """

    def __init__(self) -> None:
        super().__init__(TOKEN_PATTERN)

    def __call__(self, value: str, **kwargs) -> Iterator[Token]:
        return super().__call__(self.normalise(value), **kwargs)

    def normalise(self, value: str) -> str:
        return join_split_spellings(same_length(value))


class AcronymFilter(Filter):
    """Mark the tokens written as an acronym that the stop list holds (« AI », « A.I. »),
    while their capitals are still there to tell them from the word (« ai »): they are kept."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.acronym = t.text.replace(".", "") in STOP_WORD_ACRONYMS
            yield t


class FrenchWordFilter(Filter):
    """Elision, inclusive writing and compounds; needs lowercased tokens.

    - l'économie → économie; aujourd'hui stays whole.
    - salarié-e-s → salariés + salariées at one position. The feminine is emitted when
      indexing and when character offsets are asked for (whoosh's highlighter re-analyses with
      mode="query", chars=True), never for a plain query: the parser would AND both forms.
    - éco-pâturage → éco, pâturage at consecutive positions + écopâturage, so that every
      spelling matches another.
    Each term gets a ``slot``: terms sharing a slot are stacked (alternatives at one position).
    Ligatures are expanded here so that the spelling field (no folding) has "coeur" too.
    """

    def __init__(self, catenate: bool = True) -> None:
        self.catenate = catenate

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        next_slot = None
        for t in tokens:
            # Read everything first: downstream filters rewrite the shared Token while this
            # generator is suspended, so nothing may be read back from it after a yield.
            text, positions, chars = unicodedata.normalize("NFC", t.text), t.positions, t.chars
            if next_slot is None:
                next_slot = t.pos if positions else 0
            pieces = split_word(text, t.mode != "query" or chars, self.catenate)
            start, end = (t.startchar, t.endchar) if chars else (0, 0)
            exact = end - start == len(text)
            base, boost = next_slot, t.boost
            for piece in pieces:
                t.text = piece.text.translate(LIGATURES)
                t.slot, t.boost, t.stopped = base + piece.slot, boost, False
                if positions:
                    t.pos = t.slot
                if chars:
                    t.startchar, t.endchar = (
                        (start + piece.start, start + piece.end) if exact else (start, end)
                    )
                yield t
            next_slot = base + max((p.slot for p in pieces), default=-1) + 1


class FoldFilter(Filter):
    """ASCII-fold each term (unidecode) and keep [0-9a-z], before stop words and stemming.

    Folding first means the stop list and the stemmer see one form whether or not the visitor
    typed the accents (the research notes measured coeur/cœur and activite/activités lost when
    folding after stemming). Only the term changes, never the offsets: highlights stay on the
    original text.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = fold(t.text)
            yield t


class StackedStopFilter(StopFilter):
    """Remove stop words and renumber positions so that phrases skip them, keeping stacks.

    Stock ``StopFilter(renumber=True)`` gives each surviving term its own position, which would
    pull apart salariés/salariées; here terms sharing a slot keep sharing a position.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        last_slot = last_pos = None
        for t in tokens:
            text = t.text
            size_ok = self.min <= len(text) and (self.max is None or len(text) <= self.max)
            if not size_ok or (text in self.stops and not getattr(t, "acronym", False)):
                if not t.removestops:
                    t.stopped = True
                    yield t
                continue
            t.stopped = False
            if self.renumber and t.positions:
                slot = getattr(t, "slot", t.pos)
                if last_pos is None:
                    last_pos = t.pos
                elif slot != last_slot:
                    last_pos += 1
                last_slot, t.pos = slot, last_pos
            yield t


class DedupeStackFilter(Filter):
    """Drop a term identical to one already stacked at its slot.

    Masculine and feminine often stem alike (salariés/salariées → sala); keeping both would
    double the term frequency of inclusive forms.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        slot, seen = None, set()
        for t in tokens:
            if t.stopped:
                yield t
                continue
            if getattr(t, "slot", None) != slot:
                slot, seen = getattr(t, "slot", None), set()
            if slot is None or t.text not in seen:
                seen.add(t.text)
                yield t
