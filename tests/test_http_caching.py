"""Compressed answers, and the JSON API's ETag, Cache-Control and 304s, through HTTP."""

from __future__ import annotations

import gzip

import brotli
import pytest

from solsearch.config import Settings
from solsearch.web import create_app

from conftest import VALID_BODY, solution_file

API_URLS = ["/api/search?q=emploi&region=FR-IDF", "/api/solutions/bati-plus", "/api/suggest?q=recy"]
COMPRESSED_URLS = [
    "/",
    "/solutions/bati-plus",
    "/integrer",
    "/embed.js",
    "/static/solsearch.css",
    "/static/search.js",
    "/api/search?q=emploi",
    "/sitemap.xml",
]
DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}


@pytest.mark.parametrize("url", COMPRESSED_URLS)
@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_answers_are_compressed_when_the_client_accepts_it(client, url, encoding):
    with client.get(url) as response:  # closed: static files are files
        plain = response.get_data()
    with client.get(url, headers={"Accept-Encoding": encoding}) as response:
        body = response.get_data()
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert len(body) < len(plain)
    assert DECODE[encoding](body) == plain


def test_brotli_is_preferred_and_gzip_is_the_fallback(client):
    both = client.get("/", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert both.headers["Content-Encoding"] == "br"
    old = client.get("/", headers={"Accept-Encoding": "gzip, deflate"})
    assert old.headers["Content-Encoding"] == "gzip"


def test_no_compression_unasked_for_tiny_bodies_or_304s(client):
    assert "Content-Encoding" not in client.get("/").headers
    assert "Accept-Encoding" in client.get("/").headers["Vary"]
    tiny = client.get("/robots.txt", headers={"Accept-Encoding": "gzip"})
    assert tiny.status_code == 200 and "Content-Encoding" not in tiny.headers
    first = client.get("/api/search?q=emploi", headers={"Accept-Encoding": "gzip"})
    again = client.get(
        "/api/search?q=emploi",
        headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304 and again.get_data() == b""
    assert "Content-Encoding" not in again.headers


@pytest.mark.parametrize("url", API_URLS)
def test_api_answers_carry_an_etag_and_cache_control(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["ETag"].startswith('W/"')
    assert response.headers["Cache-Control"] == "public, max-age=60"
    # the same answer compressed keeps the same (weak) tag: one representation
    compressed = client.get(url, headers={"Accept-Encoding": "br"})
    assert compressed.headers["ETag"] == response.headers["ETag"]


@pytest.mark.parametrize("url", API_URLS)
def test_if_none_match_gives_304_without_a_body(client, url):
    etag = client.get(url).headers["ETag"]
    response = client.get(url, headers={"If-None-Match": etag, "Origin": "https://a.example"})
    assert response.status_code == 304
    assert response.get_data() == b""
    assert response.headers["ETag"] == etag
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert response.headers["Access-Control-Allow-Origin"] == "*"  # headers kept on 304
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    stale = client.get(url, headers={"If-None-Match": 'W/"autre-chose"'})
    assert stale.status_code == 200 and stale.get_json()


def test_the_etag_depends_on_the_request(client):
    tags = {client.get(url).headers["ETag"] for url in API_URLS}
    tags.add(client.get("/api/search?q=emploi&region=FR-HDF").headers["ETag"])
    tags.add(client.get("/api/search?q=emploi&region=FR-IDF&page=2").headers["ETag"])
    assert len(tags) == len(API_URLS) + 2


def test_errors_are_not_tagged_nor_cached(client):
    for url in ("/api/search?page=0", "/api/solutions/nope"):
        response = client.get(url)
        assert response.status_code in (400, 404)
        assert "ETag" not in response.headers and "Cache-Control" not in response.headers


def test_the_etag_changes_when_the_index_is_rebuilt(write_corpus, tmp_path):
    from solsearch.index import build_index

    folder = write_corpus({"gas.md": solution_file("gas")})
    build_index(folder, tmp_path / "index")
    client = create_app(Settings(corpus=folder, index=tmp_path / "index")).test_client()
    url = "/api/search?q=garage"
    before = client.get(url)
    assert before.get_json()["total"] == 1
    etag = before.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304

    write_corpus({"autre.md": solution_file("autre", body=VALID_BODY.replace("Cher", "Loiret"))})
    build_index(folder, tmp_path / "index")
    after = client.get(url, headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after.get_json()["total"] == 2
    assert after.headers["ETag"] != etag
    assert client.get(url, headers={"If-None-Match": after.headers["ETag"]}).status_code == 304


def test_static_files_keep_their_conditional_answers_once_compressed(client):
    with client.get("/static/solsearch.css", headers={"Accept-Encoding": "gzip"}) as first:
        assert first.headers["Content-Encoding"] == "gzip"
    headers = {"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]}
    with client.get("/static/solsearch.css", headers=headers) as again:
        assert again.status_code == 304 and again.get_data() == b""
