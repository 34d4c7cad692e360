"""Every page and API route through Flask's test client: content, errors, escaping."""

from __future__ import annotations

import re

import pytest

from solsearch.config import Settings
from solsearch.search import SearchQuery
from solsearch.web import create_app

from conftest import CORPUS, page_text, solution_file


def test_search_page_is_french_labelled_and_counts_in_title(client):
    page = page_text(client.get("/?q=garage+solidaire"))
    assert '<html lang="fr">' in page
    assert re.search(r'<form role="search"[^>]*method="get"', page)
    assert '<label for="q">Rechercher une solution</label>' in page
    assert (
        '<p role="status" id="statut" class="status">2 résultats pour « garage solidaire »' in page
    )
    assert "<title>2 résultats pour « garage solidaire »" in page
    assert '<a href="/solutions/solidarauto?retour=q%3Dgarage%2Bsolidaire">' in page
    assert "<mark>" in page
    assert 'rel="search" type="application/opensearchdescription+xml"' in page


def test_empty_query_browses_everything_with_pagination(client):
    page = page_text(client.get("/"))
    assert "<title>Toutes les solutions (43), page 1 sur 5 — Solutions COORACE</title>" in page
    assert page.count('class="result"') == 10
    nav = page[page.index('<nav class="pagination"') :]
    assert 'aria-current="page"' in nav and 'href="/?page=2"' in nav
    second = page_text(client.get("/?page=2"))
    assert '<ol class="results" start="11">' in second


def test_facets_are_checkbox_groups_with_disjunctive_counts(client):
    page = page_text(client.get("/?q=emploi&region=FR-IDF&region=bretagne"))
    assert '<fieldset class="facet" id="facette-region">' in page
    assert "<legend>Région</legend>" in page
    assert re.search(r'name="region" value="FR-IDF" id="f-region-FR-IDF" checked', page)
    assert re.search(r'name="region" value="FR-BRE" id="f-region-FR-BRE" checked', page)
    assert re.search(r'name="region" value="FR-HDF" id="f-region-FR-HDF">', page)  # still offered
    assert 'class="clear" href="/?q=emploi">Tout effacer' in page


def test_no_result_page_suggests_and_names_the_filter_to_drop(client):
    page = page_text(client.get("/?q=teatre&region=FR-BRE"))
    assert "Aucun résultat" in page
    assert (
        'Vouliez-vous dire <a href="/?q=th%C3%A9%C3%A2tre&amp;region=FR-BRE">« théâtre »</a>'
        in page
    )
    assert re.search(r'<a href="/\?q=teatre">Sans le filtre région : \d+ résultat', page)


def test_bad_parameters_give_a_french_page_with_400(client):
    assert "les pages commencent à 1" in page_text(client.get("/?page=0"), 400)
    assert "Région inconnue « Atlantide »" in page_text(client.get("/?region=Atlantide"), 400)


def test_solution_page_with_metadata_contact_and_similar(client):
    page = page_text(client.get("/solutions/chacasol"))
    assert "<h1>Une drôle de gare" in page
    assert "Territoire de Belfort" in page
    assert "chacasol90@gmail.com" in page
    assert "Solutions similaires" in page
    assert client.get("/solutions/nope").status_code == 404


def test_api_search_has_the_contract_shape(client):
    response = client.get("/api/search?q=garage+solidaire&theme=environnement")
    data = response.get_json()
    assert response.status_code == 200
    assert data["total"] == 1 and data["filters"]["theme"] == ["environnement"]
    assert data["results"][0]["url"].startswith("/solutions/")
    themes = {v["value"]: v for v in data["facets"]["theme"]}
    assert themes["environnement"]["selected"] is True
    assert themes["territoires"] == {
        "value": "territoires",
        "label": "Atouts des territoires",
        "count": 1,
        "selected": False,
    }  # disjunctive count


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/search?page=0", 400, "les pages commencent à 1"),
        ("/api/search?page=deux", 400, "« page » doit être un nombre entier"),
        ("/api/search?per_page=51", 400, "entre 1 et 50"),
        ("/api/search?per_page=0", 400, "entre 1 et 50"),
        ("/api/search?per_page=1e3", 400, "« per_page » doit être un nombre entier"),
        ("/api/search?theme=sport", 400, "Thème inconnu « sport »"),
        ("/api/search?region=FR-XXX", 400, "Région inconnue « FR-XXX »"),
        ("/api/search?department=999", 400, "Département inconnu"),
        ("/api/search?structure=XYZ", 400, "Type de structure inconnu"),
        ("/api/search?" + "&".join(["region=FR-BRE"] * 21), 400, "Trop de valeurs"),
        ("/api/search?q=" + "a" * 501, 400, "trop longue"),
        ("/api/solutions/nope", 404, "Aucune solution « nope »"),
        ("/api/nothing", 404, "Cette page n’existe pas."),
    ],
)
def test_api_errors_are_json_with_a_french_message(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    body = response.get_json()
    assert body["error"]["status"] == status
    assert message in body["error"]["message"]


def test_api_solution_and_suggest(client):
    record = client.get("/api/solutions/bati-plus").get_json()
    assert record["url"] == "/solutions/bati-plus"
    assert record["regions"] == ["FR-OCC"] and "Peyrat" in record["text"]
    suggest = client.get("/api/suggest?q=recy").get_json()
    assert suggest["query"] == "recy"
    assert any(
        s["label"].startswith("recycl") and s["url"].startswith("/?q=")
        for s in suggest["suggestions"]
    )


def test_post_is_refused_cleanly(client):
    assert client.post("/api/search").status_code == 405
    assert client.post("/").status_code == 405


def test_healthz_reports_the_index(client):
    data = client.get("/healthz").get_json()
    assert data["status"] == "ok" and data["solutions"] == 43
    assert data["generation"] >= 1 and data["built_at"]


def test_healthz_is_503_without_index(tmp_path):
    from solsearch.config import Settings
    from solsearch.web import create_app

    client = create_app(Settings(index=tmp_path / "none")).test_client()
    assert client.get("/healthz").status_code == 503
    response = client.get("/api/search?q=emploi")
    assert response.status_code == 503
    assert "indisponible" in response.get_json()["error"]["message"]


def test_integration_page_gives_the_three_snippets_escaped(client):
    page = page_text(client.get("/integrer"))
    assert "&lt;form action=&#34;http://localhost/&#34;" in page
    assert "&lt;script type=&#34;module&#34; src=&#34;http://localhost/embed.js&#34;" in page
    assert "&lt;iframe src=&#34;http://localhost/embed?region=FR-BRE&#34;" in page
    assert "title=&#34;Recherche de solutions COORACE&#34;" in page


def test_embed_page_and_opensearch(client):
    embed = page_text(client.get("/embed?q=ferme"))
    assert 'action="/embed"' in embed and 'target="_blank"' in embed
    xml = client.get("/opensearch.xml")
    assert xml.mimetype == "application/opensearchdescription+xml"
    assert "<ShortName>Solutions ESS</ShortName>" in page_text(xml)
    assert 'template="http://localhost/?q={searchTerms}"' in page_text(xml)


HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


@pytest.mark.parametrize(
    "url",
    [
        "/?q={p}",
        "/embed?q={p}",
        "/?q={p}&region=FR-BRE",
        "/?region={p}",
        "/?q=teatre+{p}",
    ],
)
def test_hostile_query_is_escaped_in_pages(client, url):
    # A hostile region is refused (400), its page escaped all the same.
    status = 400 if url.startswith("/?region=") else 200
    page = page_text(client.get(url.format(p=HOSTILE)), status)
    assert "<script>alert" not in page
    assert "<img src=x" not in page


def test_hostile_corpus_is_escaped_everywhere(write_corpus, tmp_path):
    from solsearch.config import Settings
    from solsearch.index import build_index
    from solsearch.web import create_app

    toml = HOSTILE.replace('"', '\\"')
    front = (
        solution_file("gas")
        .split("+++\n")[1]
        .replace('title = "Un garage solidaire à Baugy"', f'title = "garage {toml}"')
        .replace('organisations = ["GAS"]', f'organisations = ["{toml}"]')
    )
    body = f"Un garage {HOSTILE} et [lien](javascript:alert(1)) </script>.\n"
    folder = write_corpus({"gas.md": f"+++\n{front}+++\n{body}"})
    build_index(folder, tmp_path / "index")
    client = create_app(Settings(corpus=folder, index=tmp_path / "index")).test_client()
    for url in ("/", "/?q=garage", "/solutions/gas", "/embed?q=garage"):
        page = page_text(client.get(url))
        assert "<script>alert" not in page and "<img src=x" not in page, url
        assert 'href="javascript:' not in page, url
    api = client.get("/api/search?q=garage").get_json()
    snippet = api["results"][0]["snippet"]
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet


def test_the_result_cache_keeps_the_last_searches_and_can_be_turned_off(index_dir):
    queries = ("emploi", "vélo", "bois")
    for size, answered_again in ((0, [False, False, False]), (2, [True, True, False])):
        app = create_app(Settings(corpus=CORPUS, index=index_dir, cache=size))
        client = app.test_client()
        answers = [client.get(f"/api/search?q={q}").get_json() for q in queries]
        assert all(a["total"] > 0 for a in answers)
        service = app.extensions["solsearch.service"]
        first = [service.search(SearchQuery(q)) for q in queries]
        again = [service.search(SearchQuery(q)) for q in reversed(queries)]
        # bois and vélo are the last two searched: the same result comes back; emploi is not
        kept = [one is other for one, other in zip(reversed(first), again, strict=True)]
        assert kept == answered_again, size
