"""French spacing in the pages: no line break before « : ; ! ? » » or after « « ».

French sets a space before double punctuation and inside guillemets. Typed as a plain
space, as in the templates, the messages and the corpus, it lets a narrow screen break the
line there and start the next one with « ? » or « » ». Every HTML answer is set once, here,
as it leaves, with the no-break space the search box's widget already uses.

Only text is set: tags and their attributes (a visitor's query in its field, addresses) and
the text of code, pre, script, style and textarea elements (the code partners copy) are
sent as they are.
"""

from __future__ import annotations

import re

from flask import Flask, Response

NBSP = "\u00a0"

_VERBATIM = re.compile(
    r"(<(code|pre|script|style|textarea)\b.*?</\2\s*>)", re.IGNORECASE | re.DOTALL
)
# Spaces outside any tag: a ">" before the next "<" means inside one (text escapes ">").
# Each pattern starts with a literal character, which the regex engine looks for quickly:
# a character class there made a results page take 1.3 ms instead of 0.15.
_BEFORE = re.compile(r" (?! )\s*(?=[:;!?»])(?![^<]*>)")
_AFTER = re.compile(r"«\s+(?![^<]*>)")


def set_text(text: str) -> str:
    """Plain spaces before « : ; ! ? » » and after « « » made no-break spaces."""
    return _AFTER.sub("«" + NBSP, _BEFORE.sub(NBSP, text))


def set_html(html: str) -> str:
    """``set_text`` on a page's text, not on its tags or its verbatim elements."""
    pieces = _VERBATIM.split(html)  # text, element, its name, text…
    return "".join(
        set_text(piece) if i % 3 == 0 else piece if i % 3 == 1 else ""
        for i, piece in enumerate(pieces)
    )


def register(app: Flask) -> None:
    @app.after_request
    def french_spacing(response: Response) -> Response:
        if response.mimetype == "text/html" and not response.direct_passthrough:
            response.set_data(set_html(response.get_data(as_text=True)))
        return response
