"""robots.txt and sitemap.xml: every solution's page is offered to search engines."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from solsearch.config import Settings
from solsearch.web import create_app

from conftest import solution_file

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_robots_allows_everything_and_names_the_sitemap(client):
    response = client.get("/robots.txt", base_url="https://exemple.org")
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert "Sitemap: https://exemple.org/sitemap.xml" in lines
    assert not [line for line in lines if line.startswith("Disallow")]


def locations(response) -> list[str]:
    root = ET.fromstring(response.get_data())
    assert root.tag == f"{SITEMAP}urlset"
    return [url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")]


def test_sitemap_lists_the_home_page_and_every_solution(client, solutions_listed):
    response = client.get("/sitemap.xml", base_url="https://exemple.org")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    found = locations(response)
    assert found[0] == "https://exemple.org/"
    expected = {f"https://exemple.org/solutions/{s['key']}" for s in solutions_listed}
    assert set(found[1:]) == expected and len(found) == len(expected) + 1
    assert client.get(found[1].removeprefix("https://exemple.org")).status_code == 200


def test_sitemap_addresses_are_escaped(write_corpus, tmp_path):
    from solsearch.index import build_index

    folder = write_corpus({"gas.md": solution_file("gas")})
    build_index(folder, tmp_path / "index")
    client = create_app(Settings(corpus=folder, index=tmp_path / "index")).test_client()
    response = client.get("/sitemap.xml", base_url="https://exemple.org/a&b")
    assert b"/a&amp;b/" in response.get_data()
    assert locations(response) == [
        "https://exemple.org/a&b/",
        "https://exemple.org/a&b/solutions/gas",
    ]
