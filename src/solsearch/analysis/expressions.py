"""The synonyms file's expressions found in a text, each indexed as a term of its own.

An expression stands for its group only where its words stand together: « EI » is an
« entreprise d'insertion », not a text that has « entreprise » in one sentence and
« insertion » in another. Matched as words anywhere in the text, « EI » found 21 of the 43
solutions, 6 of which write the expression. Reading word positions at query time (whoosh's
span queries) cost 0.2 to 1.2 s per search at 10,000 solutions, so the index notes each
expression where it finds it: the title and body analyzer emits, beside the words, one
term per expression whose words stand within ``reach`` of each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from whoosh.analysis import Analyzer, Token

from solsearch.corpus.synonyms import Synonyms

#: Begins every expression's term: no word the tokenizer makes can begin with it.
MARK = "§"


def written_terms(terms: list[tuple[int, str]]) -> tuple[str, ...]:
    """The terms in order, one per position: of terms stacked at one position (a compound's
    catenation), the first, which is the written part."""
    seen: set[int] = set()
    return tuple(t for p, t in terms if not (p in seen or seen.add(p)))


def reach(words: int) -> int:
    """How many positions (stop words not counted) may separate the first and the last word
    of an expression of ``words`` words: one more word may stand between or around them
    (« entreprises solidaires d'insertion »)."""
    return words + 1


def expression_term(words: tuple[str, ...]) -> str:
    """The index term of an expression, from its words as the query analyzer makes them."""
    return MARK + " ".join(words)


def query_terms(text: str, analyzer: Analyzer) -> list[tuple[int, str]]:
    """(position, term) pairs of a query text; stacked alternatives share a position."""
    return [(t.pos, t.text) for t in analyzer(text, mode="query", positions=True) if not t.stopped]


def synonym_expressions(synonyms: Synonyms, analyzer: Analyzer) -> list[tuple[str, ...]]:
    """The words of every expression of several words in the synonyms file, as ``analyzer``
    makes them of a query (as the search service does, ``synonym_table``)."""
    found = set()
    for group in synonyms.groups:
        for expression in group:
            words = written_terms(query_terms(expression, analyzer))
            if len(words) > 1:
                found.add(words)
    return sorted(found)


class ExpressionTagger(Analyzer):
    """An analyzer that, when indexing, also emits ``expression_term`` at the last word of
    each expression whose words all stand within ``reach``; queries are left as they are."""

    def __init__(self, analyzer: Analyzer, expressions: Iterable[tuple[str, ...]]) -> None:
        self.analyzer = analyzer
        self.expressions = tuple(sorted(set(expressions)))
        self._by_word = _by_word(self.expressions)

    def __getstate__(self):
        return {"analyzer": self.analyzer, "expressions": self.expressions}

    def __setstate__(self, state):
        self.analyzer, self.expressions = state["analyzer"], state["expressions"]
        self._by_word = _by_word(self.expressions)

    def __eq__(self, other):
        return (
            type(other) is type(self)
            and other.analyzer == self.analyzer
            and other.expressions == self.expressions
        )

    def __call__(self, value, positions=False, chars=False, mode="", **kwargs):
        tokens = self.analyzer(value, positions=positions, chars=chars, mode=mode, **kwargs)
        if mode != "index" or not positions or not self._by_word:
            return tokens
        return self._tagged(tokens, chars)

    def _tagged(self, tokens: Iterator[Token], chars: bool) -> Iterator[Token]:
        by_word = self._by_word
        last: dict[str, tuple[int, int]] = {}  # word of an expression → its last position, start
        for token in tokens:
            yield token
            text = token.text
            expressions = by_word.get(text)
            if expressions is None or token.stopped:
                continue
            pos = token.pos
            start = token.startchar if chars else 0
            last[text] = (pos, start)
            for words, within, term in expressions:
                first = start
                for word in words:
                    seen = last.get(word)
                    if seen is None or pos - seen[0] > within:
                        break
                    first = min(first, seen[1])
                else:
                    # The same (reused) token, as the expression, over all its words.
                    token.text, token.startchar = term, first
                    yield token
                    token.text, token.startchar = text, start


def _by_word(expressions) -> dict[str, list[tuple[tuple[str, ...], int, str]]]:
    """Each word → the expressions it is part of: their words, ``reach`` and term."""
    table: dict[str, list[tuple[tuple[str, ...], int, str]]] = {}
    for words in expressions:
        for word in set(words):
            table.setdefault(word, []).append((words, reach(len(words)), expression_term(words)))
    return table
