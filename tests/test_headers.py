"""Headers: a strict CSP everywhere, framing only for /embed, CORS for what partners load."""

from __future__ import annotations

import pytest

ROUTES = [
    "/",
    "/?q=emploi",
    "/solutions/bati-plus",
    "/integrer",
    "/embed",
    "/opensearch.xml",
    "/healthz",
    "/api/search?q=emploi",
    "/api/solutions/bati-plus",
    "/api/suggest?q=em",
    "/api/openapi.json",
    "/api/solutions/nope",
    "/api/search?page=0",
    "/nope",
    "/static/solsearch.css",
    "/static/search.js",
]


@pytest.mark.parametrize("url", ROUTES)
def test_every_response_has_the_security_headers(client, url):
    with client.get(url) as response:
        headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "object-src 'none'" in csp and "base-uri 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    expected = "frame-ancestors *" if url == "/embed" else "frame-ancestors 'self'"
    assert csp.endswith(expected)


@pytest.mark.parametrize(
    "url",
    ["/api/search?q=emploi", "/api/suggest?q=em", "/api/solutions/bati-plus", "/api/openapi.json"],
)
def test_api_allows_cross_origin_reads(client, url):
    response = client.get(url, headers={"Origin": "https://partenaire.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]


def test_pages_are_not_shared_cross_origin(client):
    response = client.get("/", headers={"Origin": "https://partenaire.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_configured_origins_and_frame_ancestors(index_dir):
    from solsearch.config import Settings
    from solsearch.web import create_app

    settings = Settings(
        index=index_dir,
        cors_origins="https://a.example https://b.example",
        frame_ancestors="https://a.example",
    )
    client = create_app(settings).test_client()
    allowed = client.get("/api/search", headers={"Origin": "https://b.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://b.example"
    assert "Origin" in allowed.headers["Vary"]
    refused = client.get("/api/search", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in refused.headers
    embed = client.get("/embed").headers["Content-Security-Policy"]
    assert embed.endswith("frame-ancestors 'self' https://a.example")
    assert client.get("/").headers["Content-Security-Policy"].endswith("frame-ancestors 'self'")


def test_preflight_is_answered(client):
    response = client.options(
        "/api/search",
        headers={"Origin": "https://partenaire.example", "Access-Control-Request-Method": "GET"},
    )
    assert response.status_code in (200, 204)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
