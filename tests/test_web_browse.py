"""The browse pages served from the bundled corpus, through Flask's test client."""

from __future__ import annotations

import pytest

from solsearch.config import Settings
from solsearch.web import create_app

from conftest import CORPUS, solution_file


@pytest.fixture(scope="module")
def client():
    app = create_app(Settings(corpus=CORPUS))
    return app.test_client()


def test_home_lists_the_43_solutions_with_theme_and_regions(client):
    page = client.get("/").get_data(as_text=True)
    assert page.count('class="result"') == 43
    assert '<html lang="fr">' in page
    assert 'href="/solutions/bati-plus"' in page
    assert "Une alternative à la prison, fondée sur le travail" in page
    assert "Occitanie" in page


def test_solution_page_shows_text_metadata_and_contact(client):
    page = client.get("/solutions/chacasol").get_data(as_text=True)
    assert "Une drôle de gare" in page
    assert "Territoire de Belfort" in page
    assert "chacasol90@gmail.com" in page
    assert '<abbr title="Atelier et chantier d’insertion">ACI</abbr>' in page


def test_unknown_solution_is_404(client):
    assert client.get("/solutions/nope").status_code == 404


def test_markup_in_a_corpus_file_is_escaped(write_corpus):
    body = 'Un <script>alert("x")</script> et [lien](javascript:alert(1)).\n'
    front = (
        solution_file("gas")
        .split("+++\n")[1]
        .replace('title = "Un garage solidaire à Baugy"', 'title = "<img src=x onerror=alert(1)>"')
    )
    folder = write_corpus({"gas.md": f"+++\n{front}+++\n{body}"})
    client = create_app(Settings(corpus=folder)).test_client()
    for url in ("/", "/solutions/gas"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert 'href="javascript:' not in page
