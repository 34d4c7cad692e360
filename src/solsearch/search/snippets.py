"""Snippets: the best passage of the text, matched words in <mark>, everything else escaped.

The body field stores each term's character offsets, so a snippet is cut from the stored
text at the offsets of the query's terms, without analysing the text again.
"""

from __future__ import annotations

from markupsafe import escape
from whoosh import highlight
from whoosh.analysis import Token
from whoosh.reading import TermNotFound

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


def _matches(reader, docnum: int, terms) -> list[Token]:
    tokens = []
    for term in terms:
        try:
            postings = reader.postings(FIELD, term)
        except TermNotFound:
            continue
        postings.skip_to(docnum)
        if postings.is_active() and postings.id() == docnum:
            for position, start, end in postings.value_as("characters"):
                tokens.append(Token(text=term, pos=position, startchar=start, endchar=end))
    tokens.sort(key=lambda t: (t.startchar, -t.endchar))
    # Stacked forms (salariés/salariées) share their offsets: keep one token per place.
    return [t for i, t in enumerate(tokens) if i == 0 or t.startchar != tokens[i - 1].startchar]


def snippet(reader, docnum: int, text: str, terms) -> str:
    """The passage with the most distinct query terms, or the opening of the text."""
    tokens = _matches(reader, docnum, terms)
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
