"""A solution's page through HTTP: the way back to the results, links to the matching
searches, written-out acronyms, and what search engines and link previews read."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from markupsafe import escape

from solsearch.config import Settings
from solsearch.web import create_app

from conftest import page_text, solution_file


def hrefs(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', page)]


def back_href(page: str) -> str:
    match = re.search(r'<p class="back"><a href="([^"]*)">(.*?)</a>', page)
    assert match, "no back link"
    return html.unescape(match.group(1)), re.sub(r"<[^>]+>", "", match.group(2))


def result_links(page: str) -> list[str]:
    return [h for h in hrefs(page) if h.startswith("/solutions/")]


@pytest.mark.parametrize(
    "search",
    [
        "/?q=emploi",
        "/?q=emploi&region=FR-IDF&region=FR-HDF&theme=emploi",
        "/?q=insertion&page=2",
        "/?structure=ACI&department=FR-62",
    ],
)
def test_back_link_returns_to_the_same_search_query_filters_and_page(client, search):
    results = page_text(client.get(search))
    link = result_links(results)[0]
    page = page_text(client.get(link))
    href, label = back_href(page)
    assert label == "← Retour aux résultats"
    assert urlsplit(href).path == "/"
    assert parse_qs(urlsplit(href).query) == parse_qs(urlsplit(search).query)
    # following it shows the same results as the search the visitor came from
    assert result_links(page_text(client.get(href))) == result_links(results)


def test_back_link_from_an_embedded_search_opens_the_full_search(client):
    results = page_text(client.get("/embed?q=ferme&theme=territoires"))
    page = page_text(client.get(result_links(results)[0]))
    assert back_href(page) == ("/?q=ferme&theme=territoires", "← Retour aux résultats")


def test_back_link_without_a_search_lists_every_solution(client):
    assert back_href(page_text(client.get("/solutions/bati-plus"))) == (
        "/",
        "← Toutes les solutions",
    )


def test_back_link_from_our_search_page_as_referer(client):
    page = page_text(
        client.get(
            "/solutions/bati-plus",
            headers={"Referer": "http://localhost/?q=prison&region=FR-OCC&page=1"},
        )
    )
    assert back_href(page) == ("/?q=prison&region=FR-OCC&page=1", "← Retour aux résultats")


@pytest.mark.parametrize(
    "referer",
    [
        "https://ailleurs.example/?q=prison",  # another site
        "http://localhost/integrer?q=prison",  # not the search page
        "http://localhost.evil.example/?q=prison",
        "not a url",
    ],
)
def test_other_referers_are_ignored(client, referer):
    page = page_text(client.get("/solutions/bati-plus", headers={"Referer": referer}))
    assert back_href(page) == ("/", "← Toutes les solutions")


@pytest.mark.parametrize(
    ("carried", "expected"),
    [
        ("https://evil.example/", "/"),  # no parameter of the search page: all solutions
        ("//evil.example/?q=x", "/"),
        ("q=x&next=https://evil.example&per_page=50", "/?q=x"),
        ('q="><script>alert(1)</script>', "/?q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E"),
        ("q=x" + "&region=FR-IDF" * 400, "/"),  # too long to be a search of ours
    ],
)
def test_a_carried_search_keeps_only_the_search_parameters(client, carried, expected):
    response = client.get("/solutions/bati-plus", query_string={"retour": carried})
    page = page_text(response)
    assert back_href(page) == (expected, "← Retour aux résultats")
    assert "<script>alert" not in page


def test_similar_solutions_carry_the_search_along(client):
    page = page_text(client.get("/solutions/bati-plus?retour=q%3Dprison"))
    similar = page[page.index('class="similar"') :]
    assert re.search(r'href="/solutions/[a-z0-9-]+\?retour=q%3Dprison"', similar)
    plain = page_text(client.get("/solutions/bati-plus"))
    assert "retour=" not in plain[plain.index('class="similar"') :]


FACET_LINKS = [
    ("Thème", "/?theme=emploi", "theme", "emploi"),
    ("Région", "/?region=FR-OCC", "region", "FR-OCC"),
    ("Département", "/?department=FR-09", "department", "FR-09"),
    ("Type de structure", "/?structure=ACI", "structure", "ACI"),
]


FIELDS = {"theme": "theme", "region": "regions", "department": "departments"}


@pytest.mark.parametrize(("label", "href", "facet", "value"), FACET_LINKS)
def test_facts_link_to_the_matching_searches(client, label, href, facet, value):
    page = page_text(client.get("/solutions/bati-plus"))
    facts = page[page.index('<dl class="facts">') : page.index("</dl>")]
    fact = facts[facts.index(f"<dt>{label}</dt>") :]
    assert html.unescape(re.search(r'href="([^"]+)"', fact).group(1)) == href
    # the page it leads to is that search: the value ticked, and every result has it
    listing = page_text(client.get(href))
    assert re.search(rf'name="{facet}" value="{value}" id="[^"]+" checked', listing)
    found = client.get(f"/api/search?{facet}={value}&per_page=50").get_json()
    assert f"{found['total']} résultat" in listing
    assert "bati-plus" in [hit["id"] for hit in found["results"]]
    for hit in found["results"]:
        record = client.get(f"/api/solutions/{hit['id']}").get_json()
        stored = record[FIELDS.get(facet, "structures")]
        assert value in (stored if isinstance(stored, list) else [stored]), hit["id"]


def test_structure_codes_are_written_out(client):
    page = page_text(client.get("/solutions/bati-plus"))
    assert "<abbr>ACI</abbr> — Atelier et chantier d’insertion</a>" in page


def test_acronyms_of_the_text_are_written_out(client):
    # a solution whose text uses structure codes that its facts do not list
    for solution_id in client.get("/sitemap.xml").get_data(as_text=True).split("/solutions/")[1:]:
        solution_id = solution_id.split("<")[0]
        record = client.get(f"/api/solutions/{solution_id}").get_json()
        used = set(re.findall(r"\b(SIAE|PTCE|SCIC|SCOP|GEIQ|ETTI)\b", record["text"]))
        extra = used - set(record["structures"])
        if extra:
            break
    else:
        pytest.fail("no solution uses an acronym beyond its structures")
    page = page_text(client.get(f"/solutions/{solution_id}"))
    section = page[page.index('aria-labelledby="sigles-titre"') :]
    for code in extra:
        assert re.search(rf"<dt><abbr>{code}</abbr></dt><dd>[^<]+</dd>", section), code


def head_meta(page: str) -> dict[str, str]:
    found = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', page))
    return {key: html.unescape(value) for key, value in found.items()}


def json_ld(page: str) -> dict:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_canonical_open_graph_and_json_ld(client):
    page = page_text(
        client.get("/solutions/bati-plus?retour=q%3Dx", base_url="https://exemple.org")
    )
    canonical = "https://exemple.org/solutions/bati-plus"
    assert f'<link rel="canonical" href="{canonical}">' in page
    meta = head_meta(page)
    assert meta["og:title"] == "Une alternative à la prison, fondée sur le travail"
    assert meta["og:type"] == "article" and meta["og:locale"] == "fr_FR"
    assert meta["og:url"] == canonical and meta["og:site_name"] == "Solutions COORACE"
    assert meta["og:description"].startswith("Dans l’Ariège, à Le Peyrat, BATI + coopère")
    assert meta["og:description"].endswith("…") and len(meta["og:description"]) <= 201
    assert meta["description"] == meta["og:description"]
    data = json_ld(page)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["headline"] == data["name"] == meta["og:title"]
    assert data["url"] == canonical and data["description"] == meta["og:description"]
    assert data["author"] == [{"@type": "Organization", "name": "BATI +"}]
    assert {"@type": "AdministrativeArea", "name": "Occitanie", "identifier": "FR-OCC"} in data[
        "spatialCoverage"
    ]
    assert data["inLanguage"] == "fr"


HOSTILE_TITLE = "</script><script>alert(1)</script><!-- \" & ' >"


def test_json_ld_and_meta_are_safe_with_a_hostile_title(write_corpus, tmp_path):
    from solsearch.index import build_index

    toml = HOSTILE_TITLE.replace("\\", "\\\\").replace('"', '\\"')
    front = (
        solution_file("gas")
        .split("+++\n")[1]
        .replace('title = "Un garage solidaire à Baugy"', f'title = "{toml}"')
        .replace('organisations = ["GAS"]', f'organisations = ["{toml}"]')
    )
    folder = write_corpus({"gas.md": f"+++\n{front}+++\nUn garage </script> & <!-- là.\n"})
    build_index(folder, tmp_path / "index")
    client = create_app(Settings(corpus=folder, index=tmp_path / "index")).test_client()
    page = page_text(client.get("/solutions/gas"))
    assert "<script>alert" not in page
    head = page[: page.index("</head>")]
    assert head.count("</script>") == 1  # the JSON-LD block's own end, nothing else
    data = json_ld(page)
    assert data["name"] == HOSTILE_TITLE
    assert data["author"][0]["name"] == HOSTILE_TITLE
    assert data["description"] == "Un garage </script> & <!-- là."
    assert head_meta(page)["og:title"] == HOSTILE_TITLE


def test_copy_button_is_hidden_until_the_script_shows_it(client):
    page = page_text(client.get("/solutions/bati-plus"))
    assert (
        '<button type="button" class="copy" data-copy-link hidden>Copier le lien</button>' in page
    )
    assert '<p class="visually-hidden" role="status" data-copy-status></p>' in page
    assert '<script type="module" src="/static/copy.js"></script>' in page


def test_integration_page_lists_the_accepted_codes_from_the_code(client):
    from solsearch.corpus import THEMES, territories

    page = page_text(client.get("/integrer"))
    codes = page[page.index('<h2 id="codes">') :]
    for code, label in THEMES.items():
        assert f"<tr><td><code>{code}</code></td><td>{label}</td></tr>" in codes
    regions = territories.regions()
    assert len(regions) == 13
    for code, region in regions.items():
        label = str(escape(region.label))
        assert f"<tr><td><code>{code}</code></td><td>{label}</td></tr>" in codes


def test_integration_code_blocks_are_named_focusable_regions(client):
    page = page_text(client.get("/integrer"))
    blocks = re.findall(r'<pre class="snippet-code" id="code-(\w+)" ([^>]*)>', page)
    assert [name for name, _ in blocks] == ["form", "widget", "theme", "iframe"]
    for _, attributes in blocks:
        assert 'tabindex="0" role="region" aria-label="' in attributes
    assert page.count('data-copy-from="code-') == 4
    assert "<li><code>--solsearch-accent-text</code></li>" in page


def test_embed_page_has_a_heading_and_says_which_links_open_a_new_tab(client):
    page = page_text(client.get("/embed?q=ferme"))
    assert '<h1 class="visually-hidden">' in page
    new_tab = re.findall(r'<a [^>]*target="_blank"[^>]*>.*?</a>', page)
    assert len(new_tab) > 1
    for link in new_tab:
        assert 'rel="noopener"' in link
        assert '<span class="visually-hidden"> (nouvel onglet)</span></a>' in link
