"""Indexing at the speed of a dictionary lookup: each distinct word is analysed once."""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Analyzer, Token


class WordMemo(Analyzer):
    """The chain, remembering what it makes of each word when indexing.

    Every filter after the tokenizer works within one token (its pieces, their slots and
    offsets); only the position numbering crosses tokens. So when indexing, each distinct
    token is run through the filters once, and its terms are replayed with positions and
    offsets shifted; analysing a document is then a regex pass and dictionary lookups.
    Queries and highlighting (other modes, other options) run the chain itself. A test
    checks that both ways give the same tokens on the whole corpus.
    """

    MEMO_SIZE = 200_000

    def __init__(self, chain: Analyzer) -> None:
        self.chain = chain
        self.memo: dict[str, tuple[tuple, int]] = {}

    def __getstate__(self):
        return {"chain": self.chain}

    def __setstate__(self, state):
        self.chain, self.memo = state["chain"], {}

    def __eq__(self, other):
        return type(other) is type(self) and other.chain == self.chain

    def __call__(self, value, positions=False, chars=False, mode="", **kwargs):
        plain = not (kwargs.get("start_pos") or kwargs.get("start_char"))
        plain = plain and kwargs.get("removestops", True) and kwargs.get("tokenize", True)
        if mode != "index" or not plain:
            return self.chain(value, positions=positions, chars=chars, mode=mode, **kwargs)
        return self._replay(value, positions, chars, kwargs)

    def _replay(self, value, positions, chars, kwargs) -> Iterator[Token]:
        tokenizer = self.chain.items[0]
        out = Token(positions, chars, removestops=True, mode="index", **kwargs)
        base, last_slot, pos = 0, None, None
        # The tokenizer's own loop, without building a Token per word.
        for match in tokenizer.expression.finditer(tokenizer.normalise(value)):
            terms, width = self._word(match.group(0))
            start = match.start()
            for text, slot, first, last in terms:
                slot += base
                if pos is None:
                    pos = slot
                elif slot != last_slot:
                    pos += 1
                last_slot = slot
                out.text, out.boost, out.stopped = text, 1.0, False
                if positions:
                    out.pos = pos
                if chars:
                    out.startchar, out.endchar = start + first, start + last
                yield out
            base += width

    def terms(self, value: str) -> set[str]:
        """The distinct terms indexing ``value`` would make, without positions."""
        tokenizer, word = self.chain.items[0], self._word
        found: set[str] = set()
        for match in tokenizer.expression.finditer(tokenizer.normalise(value)):
            found.update(term[0] for term in word(match.group(0))[0])
        return found

    def _word(self, word: str) -> tuple[tuple, int]:
        """The kept terms of one token (text, slot, offsets from its start), and how many
        slots it takes."""
        found = self.memo.get(word)
        if found is None:
            token = Token(positions=True, chars=True, removestops=False, mode="index")
            token.text, token.pos, token.startchar, token.endchar = word, 0, 0, len(word)
            stream: Iterator[Token] = iter([token])
            for item in self.chain.items[1:]:
                stream = item(stream)
            terms, width = [], 0
            for t in stream:
                width = max(width, t.slot + 1)
                if not t.stopped:
                    terms.append((t.text, t.slot, t.startchar, t.endchar))
            found = (tuple(terms), width)
            if len(self.memo) >= self.MEMO_SIZE:
                self.memo.clear()
            self.memo[word] = found
        return found
