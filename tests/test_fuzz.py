"""Fuzzing: any text, filters and numbers, through the service and every route; never a 5xx.

Each property runs under a hypothesis profile: a small one for `make test`, and with
SOLSEARCH_LONG_TESTS=1 (`make test-long`) one that tries more than 10,000 inputs in total.
The number of inputs tried is printed at the end of the session.
"""

from __future__ import annotations

import os
import re
import resource
import sys
from collections import Counter
from urllib.parse import quote

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solsearch.corpus import facet_names
from solsearch.search import QueryError, SearchQuery, SearchResult
from test_hostile import html_problems

FACETS = facet_names()
LONG = os.environ.get("SOLSEARCH_LONG_TESTS") == "1"
FUZZ_TESTS = 8  # hypothesis loops below: the long profile shares 10,400 inputs among them
settings.register_profile(
    "solsearch-fuzz",
    max_examples=150,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
settings.register_profile(
    "solsearch-fuzz-long",
    parent=settings.get_profile("solsearch-fuzz"),
    max_examples=10_400 // FUZZ_TESTS,
)
FUZZ = settings.get_profile("solsearch-fuzz-long" if LONG else "solsearch-fuzz")
MAX_GROWTH_MB = 300
TRIED: Counter[str] = Counter()
ANSWERED: Counter[str] = Counter()  # of those, how many got past the checks to an answer

# --- What a visitor (or a robot) may send ----------------------------------------------------

# Every piece of syntax whoosh's query language knows, and a few of other engines.
SYNTAX = [
    "title:", "body:", "id:", "all:", "*", "?", "~", "~2", "^3", "^", "AND", "OR", "NOT",
    "ANDNOT", "ANDMAYBE", "TO", "(", ")", "[a TO b]", "[", "]", "{", "}", "{a TO}", "[* TO z]",
    '"', "'", "\\", "-", "+", "<", ">", ":", "title:(", "*:*", "gar*", "f?rme", '"a b"~3',
    "é*", '-"', "«", "»", "’", "l'", "d’", "NOT NOT", "(((", ")))", "&&", "||", "!", "/", "=",
    "%", "%00", "&amp;", "<mark>", "</mark>", "#", ";", ",", "..", "-garage", "+emploi",
    "theme:emploi", "region:FR-BRE", '"garage', 'solidaire"', "*garage*", "title:garage^3~2",
]  # fmt: skip
# Combining marks, bidi controls, joiners, emoji, other planes, lookalike digits.
EXOTIC = [
    "\u0301", "e\u0301", "\u202e", "\u200f", "\u200b", "\u200d", "\ufeff", "\u00ad", "مرحبا",
    "עברית", "👩\u200d👩\u200d👧", "🇫🇷", "𝕒𝕓𝕔", "ﬁ", "ǅ", "İ", "ß", "\x00", "\x1b[31m",
    "\r\n", "\t", "\x7f", "\x85", "\u2028", "\U0010fffd", "\U000e0001", "Ω", "ℌ", "①", "٣",
    "𝟚", "²", "…", "œ", "Æ", "\ufffd", "ｇａｒａｇｅ", "Z\u0351\u0352\u0353\u0354",
]  # fmt: skip
WORDS = [
    "garage", "solidaire", "emploi", "recyclage", "ferme", "Bretagne", "insertion", "IAE",
    "salarié-e-s", "l’économie", "éco-pâturage", "comment recycler le marc de café",
    "chantier d’insertion", "Île-de-France", "monnaie locale", "garaje", "recylage",
]  # fmt: skip
# Values each filter accepts, in the spellings visitors use.
VALID = {
    "theme": ["emploi", "territoires", "environnement", "EMPLOI", " emploi "],
    "region": ["FR-BRE", "fr-bre", "Bretagne", "Auvergne-Rhône-Alpes", "auvergne rhone alpes",
               "Limousin", "FR-IDF", "île de france"],
    "department": ["FR-93", "93", "(93)", "Seine-Saint-Denis", "FR-2A", "FR-75C", "cher"],
    "structure": ["ACI", "aci", "EI", "ETTI", "SCOP"],
}  # fmt: skip
FILTER_VALUES = [
    *(v for values in VALID.values() for v in values), "FR-XXX", "", " ", "FR-", "999", "FR-99",
]  # fmt: skip
NUMBERS = [
    "1", "2", "0", "-1", "-0", "+1", "1e3", "1.0", "1.5", "٣", "𝟚", "²", " 2 ", "\t3\n", "1_0",
    "0x10", "NaN", "inf", "", " ", "10", "50", "51", "9999", "10000", "10001",
    "9" * 30, "-" + "9" * 30, "9" * 5000, "١٠", "ⅻ", "1 2",
]  # fmt: skip

characters = st.characters(codec="utf-8")  # every category, surrogates excluded
rare = st.characters(categories=["Mn", "Me", "Cf", "Cc", "Co", "Zs", "Zl", "Zp", "So", "Sk"])
fragments = st.one_of(
    st.sampled_from(SYNTAX + EXOTIC + WORDS),
    st.text(characters, max_size=20),
    st.text(rare, max_size=6),
    st.integers().map(str),
)
huge = st.builds(
    lambda piece, size: (piece * (size // len(piece) + 1))[:size],
    st.sampled_from([*SYNTAX, *EXOTIC, *WORDS, "a", "é "]),
    st.sampled_from([499, 500, 501, 4096, 100_000, 102_400]),
)


def mostly(usual, other):
    """``usual`` three times out of four, ``other`` once: most inputs reach the search itself."""
    return st.sampled_from([True, True, True, False]).flatmap(lambda ok: usual if ok else other)


short_texts = st.one_of(
    st.lists(fragments, max_size=12).map(" ".join),
    st.lists(fragments, max_size=12).map("".join),
    st.text(characters, max_size=600),
)
texts = mostly(short_texts, st.one_of(short_texts, huge))
filter_values = st.one_of(st.sampled_from(FILTER_VALUES), texts)
numbers = st.one_of(
    st.sampled_from(NUMBERS), st.integers().map(str), st.text(characters, max_size=8)
)
any_ints = st.one_of(st.integers(-3, 60), st.sampled_from([9999, 10_000, 10_001]), st.integers())


def valid_values(facet: str):
    return st.lists(st.sampled_from(VALID[facet]), max_size=3).map(tuple)


@st.composite
def search_queries(draw) -> SearchQuery:
    """A search with valid filters and paging, in which at most one part is broken."""
    parts = {facet: draw(valid_values(facet)) if draw(st.booleans()) else () for facet in FACETS}
    parts["page"], parts["per_page"] = draw(st.integers(1, 12)), draw(st.integers(1, 50))
    broken = draw(st.sampled_from([*[None] * 6, *FACETS, "page", "per_page"]))
    if broken in FACETS:
        parts[broken] = tuple(draw(st.lists(filter_values, min_size=1, max_size=25)))
    elif broken is not None:
        parts[broken] = draw(any_ints)
    return SearchQuery(draw(texts), **parts)


# What a query string may carry: the known parameters, repeated, others, broken pieces.
other_names = st.one_of(
    st.sampled_from(["Q", "q[]", "page[]", "", "utm_source", "__proto__", "q ", "%71", "theme "]),
    st.text(characters, max_size=10),
)
filter_pairs = st.lists(
    st.sampled_from(FACETS).flatmap(lambda f: st.tuples(st.just(f), st.sampled_from(VALID[f]))),
    max_size=4,
)
paging_pairs = st.lists(
    st.tuples(st.sampled_from(["page", "per_page"]), st.integers(1, 12).map(str)), max_size=2
)
unknown_pairs = st.lists(st.tuples(other_names, texts), max_size=3)
broken_pairs = st.one_of(
    st.lists(
        st.one_of(
            st.tuples(st.sampled_from(FACETS), filter_values),
            st.tuples(st.sampled_from(["page", "per_page"]), numbers),
            st.tuples(st.just("q"), texts),
        ),
        min_size=1,
        max_size=3,
    ),
    st.tuples(st.sampled_from(FACETS), st.sampled_from(FILTER_VALUES), st.integers(1, 30)).map(
        lambda t: [(t[0], t[1])] * t[2]
    ),
)
garbage = st.sampled_from(["&", "&&", "=", "==", "%", "%zz", "%ff%fe", "%C0%80", "q", ";q=1"])


@st.composite
def query_strings(draw) -> str:
    """A query string as a robot may write one: repeated, unknown and broken parameters."""
    chosen = [("q", draw(texts))] if draw(st.booleans()) else []
    chosen += draw(filter_pairs) + draw(paging_pairs) + draw(unknown_pairs)
    chosen += draw(mostly(st.just([]), broken_pairs))
    draw(st.randoms()).shuffle(chosen)
    encoded = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in chosen)
    return encoded + draw(mostly(st.just(""), garbage))


# --- Checks ----------------------------------------------------------------------------------

FRENCH = re.compile(r"[àâçéèêëîïôûùœ«»’]|\b(la|le|les|de|du|des|un|une|doit|pas|au)\b")


def rss_mb() -> float:
    """The resident memory of this process now (Linux), else its peak."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def run_bounded(fuzz) -> None:
    """Run a hypothesis loop and check that memory did not grow without bound meanwhile."""
    before = rss_mb()
    fuzz()
    growth = rss_mb() - before
    assert growth < MAX_GROWTH_MB, f"memory grew by {growth:.0f} MB during the fuzz loop"


@pytest.fixture(scope="session", autouse=True)
def inputs_summary(request):
    """Print how many generated inputs the fuzz properties tried, once, at the end."""
    yield
    if not TRIED:
        return
    detail = ", ".join(
        f"{name} {n} ({ANSWERED[name]} answered)" for name, n in sorted(TRIED.items())
    )
    line = f"fuzz: {sum(TRIED.values())} generated inputs tried: {detail}"
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write("\n")
            reporter.write_line(line)


@pytest.fixture(scope="module")
def api_schemas(client_factory):
    """Validators for the 200 answers of each JSON route, from the API's own OpenAPI document."""
    document = client_factory().get("/api/openapi.json").get_json()

    def validator(name: str):
        schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
        return jsonschema.Draft202012Validator(schema)

    return {
        "/api/search": validator("SearchResponse"),
        "/api/suggest": validator("SuggestResponse"),
        "/api/solutions": validator("Solution"),
        "Error": validator("Error"),
    }


@pytest.fixture(scope="module")
def client_factory(app):
    return app.test_client


def check_api_answer(response, schemas, route: str, documented: set[int]) -> None:
    """A documented JSON answer: 200 in the described shape, or a French JSON error."""
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    body = response.get_json()
    if response.status_code == 200:
        schemas[route].validate(body)
        return
    assert response.status_code in documented | {404}, response.status_code
    schemas["Error"].validate(body)
    assert body["error"]["status"] == response.status_code
    assert FRENCH.search(body["error"]["message"]), body["error"]["message"]


def check_page(response) -> None:
    """A French HTML page: the results, or an error the visitor can read."""
    assert response.status_code in (200, 400, 404), response.status_code
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert html_problems(html) == []  # nothing typed became markup
    if response.status_code == 400:
        assert 'role="alert"' in html
    if response.status_code == 404:
        assert "Cette page n’existe pas." in html


def check_snippet(snippet: str) -> None:
    """HTML in which everything but <mark> is escaped."""
    bare = re.sub(r"</?mark>", "", snippet)
    assert "<" not in bare and ">" not in bare, snippet


def check_result(result: SearchResult, query: SearchQuery) -> None:
    assert result.page == query.page and result.per_page == query.per_page
    assert len(result.hits) <= query.per_page
    assert result.total >= len(result.hits)
    assert len({hit.id for hit in result.hits}) == len(result.hits)
    if (query.page - 1) * query.per_page >= result.total:
        assert result.hits == ()
    for hit in result.hits:
        check_snippet(hit.snippet)
        # Found by the words, by meaning (the model saw the query, cut to its window), or both.
        assert hit.matched in (("words",), ("meaning",), ("words", "meaning"))
    if result.meaning_only:
        assert all(hit.matched == ("meaning",) for hit in result.hits)
    for facet, values in result.facets.items():
        assert facet in FACETS
        assert all(v.count >= 0 for v in values)


# --- The service -----------------------------------------------------------------------------


def test_service_search_answers_any_query_or_raises_query_error(service):
    @FUZZ
    @given(search_queries())
    def fuzz(query):
        TRIED["service.search"] += 1
        try:
            result = service.search(query)
        except QueryError as error:
            assert error.status == 400 and FRENCH.search(error.message), error.message
            return
        ANSWERED["service.search"] += 1
        check_result(result, query)

    run_bounded(fuzz)


def test_service_suggest_answers_any_text_or_raises_query_error(service):
    @FUZZ
    @given(texts)
    def fuzz(text):
        TRIED["service.suggest"] += 1
        try:
            found = service.suggest(text)
        except QueryError as error:
            assert error.status == 400 and len(text) > 500, error.message
            return
        ANSWERED["service.suggest"] += 1
        assert len(found) <= 8
        for suggestion in found:
            assert suggestion.label.strip()
            assert suggestion.solution_id is None or service.solution(suggestion.solution_id)

    run_bounded(fuzz)


# --- Every route, through the Flask test client ----------------------------------------------


@pytest.mark.parametrize("route", ["/api/search", "/api/suggest"])
def test_api_answers_any_query_string_with_a_documented_shape(client_factory, api_schemas, route):
    client = client_factory()

    @FUZZ
    @given(query_strings())
    def fuzz(query_string):
        TRIED[route] += 1
        response = client.get(route, query_string=query_string)
        check_api_answer(response, api_schemas, route, {400})
        ANSWERED[route] += response.status_code == 200
        if route == "/api/search" and response.status_code == 200:
            for hit in response.get_json()["results"]:
                check_snippet(hit["snippet"])

    run_bounded(fuzz)


@pytest.mark.parametrize("route", ["/", "/embed"])
def test_pages_answer_any_query_string_with_a_french_page(client_factory, route):
    client = client_factory()

    @FUZZ
    @given(query_strings())
    def fuzz(query_string):
        TRIED[route] += 1
        response = client.get(route, query_string=query_string)
        check_page(response)
        ANSWERED[route] += response.status_code == 200

    run_bounded(fuzz)


# Long ids are ASCII: werkzeug's test client itself takes seconds to quote 100 kB of others.
solution_ids = st.one_of(
    st.sampled_from(["bati-plus", "BATI-PLUS", "bati-plus ", "..", "%2e%2e", "/bati-plus", "a//b"]),
    st.sampled_from(["bati-plus", "gas-garage", "zest", "la-pive"]),
    st.text(characters, max_size=300),
    st.lists(fragments, max_size=12).map(" ".join),
    st.builds(str.__mul__, st.sampled_from(["a", "-", "%", "bati-plus"]), st.integers(20, 12_000)),
)
origins = st.one_of(
    st.just(None), st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
)


def test_solution_routes_answer_any_id(client_factory, api_schemas):
    client = client_factory()

    @FUZZ
    @given(solution_ids, query_strings(), origins)
    def fuzz(solution_id, query_string, origin):
        TRIED["/solutions/<id>"] += 1
        path = quote(solution_id, safe="")
        headers = {"Origin": origin} if origin is not None else {}
        api = client.get(f"/api/solutions/{path}", query_string=query_string, headers=headers)
        check_api_answer(api, api_schemas, "/api/solutions", {404})
        page = client.get(f"/solutions/{path}", query_string=query_string)
        check_page(page)
        ANSWERED["/solutions/<id>"] += api.status_code == page.status_code == 200

    run_bounded(fuzz)


def test_other_routes_ignore_any_query_string(client_factory):
    client = client_factory()
    routes = ["/integrer", "/healthz", "/opensearch.xml", "/embed.js", "/api/openapi.json"]

    @FUZZ
    @given(st.sampled_from(routes), query_strings())
    def fuzz(route, query_string):
        TRIED["other routes"] += 1
        response = client.get(route, query_string=query_string)
        assert response.status_code == 200, (route, response.status_code)
        ANSWERED["other routes"] += 1
        response.close()

    run_bounded(fuzz)
