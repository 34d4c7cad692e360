"""Hostile payloads as queries, facet values and corpus text: never unescaped anywhere.

A corpus whose titles, bodies, organisations, cities, contact fields and synonyms file carry
XSS payloads is indexed in a temporary folder; every page, snippet, suggestion, JSON answer
and the embed page are checked, and the <solsearch-box> widget is driven in Chromium.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from markupsafe import escape
from playwright.sync_api import expect

from conftest import Served

# Each payload sets window.__xss (or shows 49) if it ever runs.
PAYLOADS = {
    "script": "<script>window.__xss=1</script>",
    "img": '<img src=x onerror="window.__xss=1">',
    "attribute": '"><svg onload=window.__xss=1>',
    "quote": "'><svg/onload=window.__xss=1>",
    "url": "javascript:window.__xss=1",
    "link": '<a href="javascript:window.__xss=1">clic</a>',
    "close": "</script><script>window.__xss=1</script>",
    "json": '"}]}\',"x":"</script><!--',
    "template": "{{7*7}} {% print(7*7) %} ${7*7} #{7*7}",
    "mark": '<mark onmouseover="window.__xss=1">m</mark></mark><script>window.__xss=1</script>',
    "entities": "&lt;script&gt;window.__xss=1&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;",
    "escapes": "\\u003cscript\\u003ewindow.__xss=1\\u003c/script\\u003e \\x3cimg src=x\\x3e",
    "fullwidth": "＜script＞window.__xss=1＜/script＞",
    "srcdoc": '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    "style": "<style>@import 'javascript:window.__xss=1';</style>",
    "separators": "\u2028\u2029</script>",
}
ALL = tuple(PAYLOADS.values())
# A payload is unescaped when it appears as written in HTML: these characters prove it.
MARKUP = re.compile(r"[<>\"']")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "ping", "cite"}
SAFE_LINKS = {"stylesheet", "icon", "search", "canonical"}
# A <script> of this type is data, never run; its text must still be JSON without a "<".
DATA_SCRIPT = "application/ld+json"
DANGEROUS_TAGS = {"svg", "img", "iframe", "object", "embed", "style", "base", "math", "frame"}


def toml(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def hostile_solution(key: str, payload: str) -> str:
    value = toml(payload)
    return f"""+++
id = "hostile-{key}"
title = {toml(f"Xsstitre {payload} garage")}
theme = "emploi"
organisations = [{toml(f"Org {payload}")}]
regions = ["FR-CVL"]
departments = ["FR-18"]
cities = [{toml(f"Ville {payload}")}]
structures = ["ACI"]

[contact]
address = {value}
phone = {value}
email = {toml(f"{payload}@example.org")}
website = {value}
hours = {value}
people = [{value}, "Marie"]
+++
Dans le Cher, le garage xssmot {payload} répare les voitures des salariés en insertion.

[lien](javascript:window.__xss=1) et <javascript:window.__xss=1> et *{payload}*

<div onclick="window.__xss=1">{payload}</div>

> {payload}
"""


SYNONYMS = f"""# Vocabulaire de la recherche : sigles et expressions équivalentes.

[sigles]
# SIGLE = ["ce qu’il veut dire", "autre forme développée"]
XSS = [{toml(PAYLOADS["img"])}, "garage solidaire"]
GAS = ["garage associatif solidaire"]

[equivalences]
# nom_du_groupe = ["expression", "expression", …]
{toml(PAYLOADS["attribute"])} = [{toml(PAYLOADS["script"])}, "voiture", "véhicule"]
modele = ["{{{{7*7}}}}", "mécanique"]
"""


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    from solsearch.config import Settings
    from solsearch.index import build_index
    from solsearch.web import create_app

    folder = tmp_path_factory.mktemp("hostile") / "corpus"
    folder.mkdir()
    for key, payload in PAYLOADS.items():
        (folder / f"hostile-{key}.md").write_text(hostile_solution(key, payload), "utf-8")
    (folder / "_synonymes.toml").write_text(SYNONYMS, "utf-8")
    index = folder.parent / "index"
    build_index(folder, index)
    return create_app(Settings(corpus=folder, index=index))


@pytest.fixture
def hostile(hostile_app):
    return hostile_app.test_client()


# --- Checks ----------------------------------------------------------------------------------


class Elements(HTMLParser):
    """Every element of a page with its attributes, the text inside <script>, and the data
    blocks (JSON-LD) apart."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.inline_script = ""
        self.data_blocks: list[str] = []
        self._in_script = False
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        self._in_data = tag == "script" and dict(attrs).get("type") == DATA_SCRIPT
        self._in_script = tag == "script" and not self._in_data
        if self._in_data:
            self.data_blocks.append("")

    def handle_endtag(self, tag):
        self._in_script = self._in_data = False

    def handle_data(self, data):
        if self._in_script:
            self.inline_script += data
        elif self._in_data:
            self.data_blocks[-1] += data


def html_problems(html: str) -> list[str]:
    """What in a page could run a script or load something a payload chose."""
    parser = Elements()
    parser.feed(html)
    problems = (
        [f"inline script {parser.inline_script[:80]!r}"] if parser.inline_script.strip() else []
    )
    for block in parser.data_blocks:
        if "<" in block:
            problems.append(f"data block with '<' {block[:80]!r}")
        try:
            json.loads(block)
        except ValueError:
            problems.append(f"data block not JSON {block[:80]!r}")
    for tag, attrs in parser.elements:
        for name, value in attrs.items():
            if name.startswith("on") or name in ("srcdoc", "formaction"):
                problems.append(f"<{tag} {name}={value[:60]!r}>")
            url = re.sub(r"[\x00-\x20]", "", value).lower()
            if name in URL_ATTRIBUTES and url.startswith(("javascript:", "data:", "vbscript:")):
                problems.append(f"<{tag} {name}={value[:60]!r}>")
        if tag in DANGEROUS_TAGS:
            problems.append(f"<{tag}> element")
        data = tag == "script" and attrs.get("type") == DATA_SCRIPT and "src" not in attrs
        if tag == "script" and not data and not attrs.get("src", "").startswith("/static/"):
            problems.append(f"<script> {attrs}")
        if tag == "mark" and attrs:
            problems.append(f"<mark> with attributes {attrs}")
        if tag == "link" and attrs.get("rel") not in SAFE_LINKS:
            problems.append(f"<link> {attrs}")
    return problems


def check_page(response, payloads=ALL) -> str:
    assert response.status_code < 500
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert html_problems(html) == [], response.request.url
    for payload in payloads:
        if MARKUP.search(payload):
            assert payload not in html, (payload, response.request.url)
    return html


def check_snippet(snippet: str) -> None:
    """HTML in which everything but bare <mark> tags is escaped."""
    bare = re.sub(r"</?mark>", "", snippet)
    assert not re.search(r"[<>]", bare), snippet
    assert not re.search(r"&(?!#\d+;|#x[0-9a-fA-F]+;|[a-zA-Z]+;)", bare), snippet


def check_json(response) -> dict:
    assert response.status_code < 500
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    return json.loads(response.get_data(as_text=True))


# --- Payloads sent by visitors ---------------------------------------------------------------

QUERY_ROUTES = ["/", "/embed"]


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
@pytest.mark.parametrize("route", QUERY_ROUTES)
def test_payload_as_query_is_escaped_in_pages(hostile, route, payload):
    html = check_page(hostile.get(f"{route}?{urlencode({'q': payload})}"), [payload])
    assert f'value="{escape(payload)}"' in html  # shown as typed: escaped once, never run


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
@pytest.mark.parametrize("facet", ["theme", "region", "department", "structure"])
@pytest.mark.parametrize("route", QUERY_ROUTES)
def test_payload_as_facet_value_is_escaped_in_the_error_page(hostile, route, facet, payload):
    response = hostile.get(f"{route}?{urlencode({facet: payload, 'q': 'garage'})}")
    assert response.status_code == 400
    check_page(response, [payload])


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_payload_in_the_api_is_data_in_json(hostile, payload):
    data = check_json(hostile.get(f"/api/search?{urlencode({'q': payload})}"))
    assert data["query"] == payload
    for hit in data["results"]:
        check_snippet(hit["snippet"])
    error = check_json(hostile.get(f"/api/search?{urlencode({'region': payload})}"))
    assert payload.strip()[:80] in error["error"]["message"]
    suggested = check_json(hostile.get(f"/api/suggest?{urlencode({'q': payload})}"))
    assert suggested["query"] == payload
    missing = check_json(hostile.get(f"/api/solutions/{quote(payload, safe='')}"))
    assert missing["error"]["status"] == 404


# --- Payloads in the corpus ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?q=xssmot",
        "/?q=xsstitre&page=2",
        "/?q=garage+xssmot&region=FR-CVL",
        "/?q=voiture",  # through the hostile synonym group
        "/?q=XSS",
        "/embed?q=xssmot",
        "/embed?q=org+ville",
        "/?q=xssmotte",  # a typo: the suggestion is built from corpus words
    ],
)
def test_hostile_corpus_is_escaped_in_result_pages(hostile, url):
    html = check_page(hostile.get(url))
    if "q=" in url and "voiture" not in url and "xssmotte" not in url:
        assert 'class="result"' in html


@pytest.mark.parametrize("key", PAYLOADS)
def test_hostile_corpus_is_escaped_in_solution_pages(hostile, key):
    html = check_page(hostile.get(f"/solutions/hostile-{key}"))
    assert f"<h1>Xsstitre {escape(PAYLOADS[key])} garage</h1>" in html  # escaped once
    assert "Marie" in html  # the contact is shown


def test_hostile_snippets_escape_everything_but_mark(hostile):
    data = check_json(hostile.get("/api/search?q=xssmot&per_page=50"))
    assert data["total"] == len(PAYLOADS)
    for hit in data["results"]:
        check_snippet(hit["snippet"])
        assert "<mark>xssmot</mark>" in hit["snippet"]
    escaped = " ".join(hit["snippet"] for hit in data["results"])
    assert "&lt;script&gt;" in escaped and "&lt;img src=x onerror=" in escaped


def test_hostile_solutions_come_back_as_written_in_json(hostile):
    for key, payload in PAYLOADS.items():
        record = check_json(hostile.get(f"/api/solutions/hostile-{key}"))
        assert record["title"] == f"Xsstitre {payload} garage"
        assert record["organisations"] == [f"Org {payload}"]
        assert record["cities"] == [f"Ville {payload}"]
        assert record["contact"]["people"] == [payload, "Marie"]


def test_hostile_titles_are_suggested_as_plain_text(hostile):
    data = check_json(hostile.get("/api/suggest?q=xsstitre"))
    titles = {f"Xsstitre {payload} garage" for payload in PAYLOADS.values()}
    labels = [s["label"] for s in data["suggestions"]]
    assert labels and set(labels) <= titles | {"xsstitre"}
    for suggestion in data["suggestions"]:
        assert re.fullmatch(r"/solutions/hostile-[a-z]+|/\?q=[\w%.+-]*", suggestion["url"])


# --- The widget in a real browser ------------------------------------------------------------


def open_partner(solsearch: str):
    """A partner page with no CSP at all: only the widget's own care stops a payload."""
    page = f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Partenaire</title><script type="module" src="{solsearch}/embed.js"></script></head>
<body><h1>Un site partenaire</h1><solsearch-box></solsearch-box></body></html>"""

    def application(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [page.encode("utf-8")]

    return Served(application)


@pytest.fixture(scope="module")
def hostile_servers(hostile_app):
    solsearch = Served(hostile_app)
    partner = open_partner(solsearch.url)
    yield solsearch.url, partner.url
    partner.close()
    solsearch.close()


def test_widget_shows_hostile_suggestions_and_typed_payloads_as_text(page, hostile_servers):
    solsearch, partner = hostile_servers
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{partner}/")
    box = page.locator("solsearch-box input[role=combobox]")
    box.click()
    page.keyboard.type("xsstitre")
    options = page.locator("solsearch-box [role=listbox] [role=option]")
    expect(options.first).to_be_visible()
    listbox = page.locator("solsearch-box [role=listbox]")
    expect(listbox).to_contain_text(PAYLOADS["link"])
    expect(listbox).to_contain_text(PAYLOADS["srcdoc"])
    assert (
        page.locator("solsearch-box").evaluate(
            "box => box.shadowRoot.querySelectorAll('a, img, svg, script, iframe, style').length"
        )
        == 0
    )
    for payload in (PAYLOADS["img"], PAYLOADS["attribute"], PAYLOADS["close"]):
        box.fill("")
        page.keyboard.type(f"xssmot {payload}")
        expect(listbox).to_contain_text(f"xssmot {payload}"[:50])
    page.keyboard.press("Enter")  # the full search page, on the solsearch origin
    page.wait_for_url(re.compile(re.escape(solsearch) + r"/\?q=xssmot"))
    expect(page.locator("#q")).to_have_value(f"xssmot {PAYLOADS['close']}")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__xss") is None
    assert dialogs == []


def test_live_search_page_swaps_in_hostile_results_as_text(page, hostile_servers):
    """The search page's script parses fetched pages and swaps them in: nothing may run, and
    the CSP reports no blocked inline script or handler (which an unescaped payload causes)."""
    solsearch = hostile_servers[0]
    page.goto(f"{solsearch}/?q=xssmot")
    expect(page.locator(".result").first).to_be_visible()
    query = page.locator("#q")
    for payload in (PAYLOADS["img"], PAYLOADS["attribute"], PAYLOADS["mark"]):
        query.fill("")
        query.type(f"xsstitre {payload}")
        expect(page.locator("[role=status]").first).to_contain_text(f"xsstitre {payload}"[:30])
    page.locator(".result a").first.click()
    page.wait_for_url(re.compile(re.escape(solsearch) + r"/solutions/hostile-"))
    expect(page.locator("h1")).to_contain_text("Xsstitre")
    assert page.evaluate("() => window.__xss") is None
    assert not [e for e in page.errors if "Content Security Policy" in e], page.errors


def test_a_parsed_payload_would_be_seen_by_the_browser_tests(page, hostile_servers):
    """The control of the two tests above: parsed as HTML, the payload runs on the partner
    page, and on a solsearch page the CSP blocks it and says so."""
    solsearch, partner = hostile_servers
    inject = "html => document.body.insertAdjacentHTML('beforeend', html)"
    page.goto(f"{partner}/")
    page.evaluate(inject, PAYLOADS["img"])
    page.wait_for_function("() => window.__xss === 1")
    page.goto(f"{solsearch}/?q=xssmot")
    page.evaluate(inject, PAYLOADS["img"])
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__xss") is None
    assert [e for e in page.errors if "Content Security Policy" in e]
    page.errors.clear()  # expected here: the page fixture must not report them


@pytest.mark.parametrize(
    "key", ["script", "img", "attribute", "quote", "link", "close", "mark", "srcdoc", "style"]
)
def test_the_page_check_catches_each_payload_left_unescaped(key):
    """The control of the page checks: each payload pasted raw into a page is reported."""
    page = f'<p>{PAYLOADS[key]}</p><input value="{PAYLOADS[key]}">'
    assert html_problems(page) != []


# Queries that reach the model: longer than its window, made of one endless "word", of
# characters it never saw, of control and direction characters.
ODD_QUERIES = [
    "emploi " * 70,
    "a" * 500,
    "🙂" * 200,
    "\u202egare désaffectée\u202c \ufeff\u200b",
    "ﷺ" * 120,
    "\x00\x01 gare \x7f",
    "設計" * 200,
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_huge_or_odd_queries_through_the_meaning_path_never_fail(client, query):
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert all(hit["matched"] for hit in response.get_json()["results"])


def test_a_query_is_cut_to_the_models_query_window():
    from solsearch.analysis.embedding import MAX_QUERY_TOKENS, Embedder

    embedder = Embedder()
    if not embedder.available():
        pytest.skip(embedder.reason())
    cut = embedder.truncate("insertion " * 300, is_query=True)
    assert 0 < embedder._get().token_count(cut, True) <= MAX_QUERY_TOKENS
    assert cut.split() == ["insertion"] * len(cut.split())
