"""French spacing: no page lets a line start with « : ; ! ? » » or end with « « »."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from solsearch.web.typography import NBSP, set_html

# A breaking space where French wants a no-break one.
BREAKABLE = re.compile(r"[ \t\r\n]+[:;!?»]|«[ \t\r\n]+")
VERBATIM = {"code", "pre", "script", "style", "textarea"}
PAGES = [
    ("/", 200),
    ("/?q=garage+solidaire", 200),  # count line and title: « … »
    ("/?q=emploi+xylophone&region=FR-BRE", 200),  # « emploi » seul : 2 résultats
    ("/?q=pour+tous", 200),  # the common words' note: « le », « pour »… : …
    ("/?q=insertion+des+sans-abri", 200),  # meaning's note: … ; …
    ("/?q=emploi&sort=date", 400),  # Tri inconnu « date » : …
    ("/integrer", 200),
    ("/embed?q=garage+solidaire", 200),
    ("/nulle-part", 404),
]


class VisibleText(HTMLParser):
    """The text a reader sees: outside tags and outside code, scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.verbatim = 0

    def handle_starttag(self, tag, attrs):
        self.verbatim += tag in VERBATIM

    def handle_endtag(self, tag):
        self.verbatim -= tag in VERBATIM

    def handle_data(self, data):
        if not self.verbatim:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "".join(parser.parts)


def breakable(text: str) -> list[str]:
    return [text[max(m.start() - 25, 0) : m.end() + 10] for m in BREAKABLE.finditer(text)]


def test_pages_set_no_break_spaces_around_french_punctuation(client):
    seen = ""
    for path, status in PAGES:
        response = client.get(path)
        assert response.status_code == status, path
        text = visible_text(response.get_data(as_text=True))
        assert breakable(text) == [], path
        seen += text
    assert f"«{NBSP}garage solidaire{NBSP}»" in seen
    assert f"seul{NBSP}: 2 résultats" in seen
    assert f"ces mots{NBSP}; voici" in seen


def test_the_corpus_text_is_set_on_every_solution_page(client):
    ids = [hit["id"] for hit in client.get("/api/search?per_page=50").get_json()["results"]]
    assert len(ids) == 43
    spaced = 0
    for solution_id in ids:
        text = visible_text(client.get(f"/solutions/{solution_id}").get_data(as_text=True))
        assert breakable(text) == [], solution_id
        spaced += f"{NBSP}:" in text
    assert spaced > 20  # most texts have a colon: the pages set them


def test_what_is_not_text_is_sent_as_written(client):
    # The visitor's query in its field: what they typed, to edit it.
    page = client.get("/?q=recyclerie+%3A+%C2%AB+bois+%C2%BB").get_data(as_text=True)
    assert 'value="recyclerie : « bois »"' in page
    # Data for machines: the solution's title as its file writes it.
    for solution_id in ("triveo", "agiie"):
        title = client.get(f"/api/solutions/{solution_id}").get_json()["title"]
        assert " : " in title
        page = client.get(f"/solutions/{solution_id}").get_data(as_text=True)
        data = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        assert json.loads(data.group(1))["headline"] == title


@pytest.mark.parametrize(
    "html",
    [
        '<pre><code>&lt;p title="a ?"&gt;« b »&lt;/p&gt;</code></pre>',
        "<p>Le champ <code>q : texte</code> suffit.</p>",
        "<style>a { b: c !important; }</style><script>x = y ? 1 : 2;</script>",
    ],
)
def test_code_partners_copy_is_left_as_written(html):
    assert set_html(html) == html
