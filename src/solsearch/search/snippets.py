"""Snippets: the best passage of the text, matched words in <mark>, everything else escaped."""

from __future__ import annotations

from markupsafe import escape
from whoosh import highlight

SNIPPET_CHARS = 220


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


def configure(results) -> None:
    """Set the fragmenter and formatter on whoosh Results before calling ``highlights``."""
    results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=80)
    results.formatter = MarkFormatter()


def opening(text: str) -> str:
    """The start of the text, escaped, cut at a word, when no word of the query is in it."""
    if len(text) <= SNIPPET_CHARS:
        return str(escape(text))
    cut = text.rfind(" ", 0, SNIPPET_CHARS)
    return str(escape(text[: cut if cut > 0 else SNIPPET_CHARS])) + " …"
