"""Snippets: the best passage of the text, matched words in <mark>, everything else escaped.

The body field stores each term's character offsets, so a snippet is cut from the stored
text at the offsets of the query's terms, without analysing the text again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from markupsafe import escape
from whoosh import highlight
from whoosh import query as wq
from whoosh.analysis import Token
from whoosh.reading import TermNotFound

from solsearch.analysis import fold
from solsearch.analysis.expressions import reach
from solsearch.analysis.passages import sentences
from solsearch.analysis.words import same_length, strip_elision

SNIPPET_CHARS = 220
FIELD = "body"
_fragmenter = highlight.PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=90, autotrim=True)
_scorer = highlight.BasicFragmentScorer()


class MarkFormatter(highlight.HtmlFormatter):
    """whoosh's HTML formatter (it escapes the text around matches), with bare <mark> tags
    and an ellipsis where the passage does not start or end the text."""

    def __init__(self):
        super().__init__(tagname="mark", between=" … ")

    def format_token(self, text, token, replace=False):
        return f"<mark>{highlight.htmlescape(highlight.get_text(text, token, replace))}</mark>"

    def format(self, fragments, replace=False):
        parts = []
        for fragment in fragments:
            html = self.format_fragment(fragment, replace=replace).strip()
            if fragment.startchar > 0:
                html = "… " + html
            if fragment.endchar < len(fragment.text.rstrip()):
                html += " …"
            parts.append(html)
        return " ".join(parts)


_formatter = MarkFormatter()


@dataclass(frozen=True)
class Marks:
    """The body terms a snippet marks: a typed word's wherever it is; those of an
    expression (a synonym's « personne détenue », a quoted phrase) only where the expression
    stands, since a document matches it with its words anywhere in one field, and
    « personnes » marked in every sentence says nothing of « détenue »."""

    alone: frozenset[str] = frozenset()
    together: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.alone or self.together)

    def terms(self) -> set[str]:
        return set(self.alone).union(*self.together)

    @cached_property
    def groups(self) -> dict[str, list[tuple[str, ...]]]:
        """The expressions each word belongs to."""
        found: dict[str, list[tuple[str, ...]]] = {}
        for words in self.together:
            for word in words:
                found.setdefault(word, []).append(words)
        return found


def marks(query: wq.Query) -> Marks:
    """What a search's scoring query marks in the body field."""
    alone: set[str] = set()
    together: list[tuple[str, ...]] = []

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Term):
            if node.fieldname == FIELD:
                alone.add(node.text)
        elif isinstance(node, wq.Phrase):
            if node.fieldname == FIELD:
                together.append(tuple(node.words))
        elif isinstance(node, wq.And) and all(
            isinstance(sub, wq.Term) and sub.fieldname == FIELD for sub in node.subqueries
        ):
            together.append(tuple(sub.text for sub in node.subqueries))
        else:
            for child in node.children():
                walk(child)

    walk(query)
    return Marks(frozenset(alone), tuple(dict.fromkeys(together)))


def _standing_together(tokens: list[Token], marked: Marks) -> list[Token]:
    """The tokens of words typed, and those of an expression's words where every other
    word of the expression is near (stop words between them, any order)."""
    if all(t.text in marked.alone for t in tokens):
        return tokens
    places: dict[str, list[int]] = {}
    for token in tokens:
        places.setdefault(token.text, []).append(token.pos)

    def near(token: Token, words: tuple[str, ...]) -> bool:
        within = reach(len(words))
        return all(
            any(abs(pos - token.pos) <= within for pos in places.get(word, ()))
            for word in words
            if word != token.text
        )

    groups = marked.groups
    return [
        t
        for t in tokens
        if t.text in marked.alone or any(near(t, words) for words in groups.get(t.text, ()))
    ]


def _matches(reader, docnums: list[int], marked: Marks) -> dict[int, list[Token]]:
    """Each document's marked tokens, reading each term's postings once for the page."""
    wanted = sorted(set(docnums))
    found: dict[int, list[Token]] = {d: [] for d in wanted}
    for term in marked.terms():
        try:
            postings = reader.postings(FIELD, term)
        except TermNotFound:
            continue
        for docnum in wanted:
            if postings.is_active() and postings.id() < docnum:
                postings.skip_to(docnum)
            if not postings.is_active():
                break
            if postings.id() == docnum:
                for position, start, end in postings.value_as("characters"):
                    found[docnum].append(
                        Token(text=term, pos=position, startchar=start, endchar=end)
                    )
    for tokens in found.values():
        tokens[:] = _standing_together(tokens, marked)
        tokens.sort(key=lambda t: (t.startchar, -t.endchar))
        # Stacked forms (salariés/salariées) share their offsets: keep one token per place.
        tokens[:] = [
            t for i, t in enumerate(tokens) if i == 0 or t.startchar != tokens[i - 1].startchar
        ]
    return found


def snippets(reader, pages: list[tuple[int, str]], marked: Marks) -> list[str]:
    """For each (document, text): the passage with the most distinct query terms, or the
    opening of the text."""
    matches = _matches(reader, [docnum for docnum, _ in pages], marked)
    return [_best(text, matches[docnum]) for docnum, text in pages]


def _best(text: str, tokens: list[Token]) -> str:
    fragments = list(_fragmenter.fragment_matches(text, tokens)) if tokens else []
    if not fragments:
        return opening(text)
    return _formatter.format([max(fragments, key=_scorer)])


def opening(text: str) -> str:
    """The start of the text, escaped, cut at a word, when no word of the query is in it."""
    if len(text) <= SNIPPET_CHARS:
        return str(escape(text))
    cut = text.rfind(" ", 0, SNIPPET_CHARS)
    return str(escape(text[: cut if cut > 0 else SNIPPET_CHARS])) + " …"


def passage_snippet(passage: str, query_words: list[str]) -> str:
    """A hit found by meaning: its closest passage, from the sentence nearest the query.

    Nearest by the words it shares with the query, folded and cut to their first letters
    (« recycler » meets « recyclage »); without any, the passage's first sentence. Embedding
    each sentence at query time would cost a model call per sentence on every page. No word
    is marked: the words typed are not what matched.
    """
    found = sentences(passage) or [passage]
    stems = {_stem(word) for word in query_words if len(word) > 2}

    def shared(sentence: str) -> int:
        return len(stems & {_stem(word) for word in _WORD.findall(sentence)})

    best = max(range(len(found)), key=lambda i: (shared(found[i]), -i))
    text = " ".join(found[best:])
    shown = opening(text)
    return shown if best == 0 else "… " + shown


# Letters of a word compared between query and sentence: enough to tell topics apart, few
# enough for a verb and its noun to meet.
_STEM_LETTERS = 5
_WORD = re.compile(r"[\w'’]+")


def _stem(word: str) -> str:
    """A word's first letters, folded, after its elided articles: « d’insertion » meets
    « insertion »."""
    word = same_length(word)
    return fold(word[strip_elision(word) :])[:_STEM_LETTERS]
