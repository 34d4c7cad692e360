"""Every route of the app, read from its URL map, answers with the security headers.

A new route is audited without anyone listing it here; a route with a new URL variable
fails until a sample value is added to SAMPLES.
"""

from __future__ import annotations

import pytest
from flask import Flask, request

# A real value for every variable of every route, so that each route answers as usual.
SAMPLES = {"solution_id": "bati-plus", "filename": "solsearch.css"}
# Answers that are not a route of their own but must carry the headers too.
EXTRA = ["/nope", "/api/nope", "/api/search?page=0", "/?page=0", "/solutions/nope"]
REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


def directives(csp: str) -> dict[str, list[str]]:
    parsed = {}
    for part in csp.split(";"):
        if part.split():
            name, *values = part.split()
            parsed[name.lower()] = values
    return parsed


def header_problems(url: str, headers, framed: str = "*") -> list[str]:
    """What is missing or weak in the security headers of one answer."""
    problems = []
    csp = directives(headers.get("Content-Security-Policy", ""))
    if not csp:
        return [f"{url}: no Content-Security-Policy"]
    script = csp.get("script-src", csp.get("default-src"))
    if script is None:
        problems.append(f"{url}: CSP without script-src nor default-src")
    elif {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"} & set(script):
        problems.append(f"{url}: unsafe script-src {' '.join(script)}")
    if csp.get("object-src") != ["'none'"]:
        problems.append(f"{url}: object-src is not 'none'")
    ancestors = csp.get("frame-ancestors")
    expected = framed.split() if url.split("?")[0] == "/embed" else ["'self'"]
    if ancestors != expected:
        problems.append(f"{url}: frame-ancestors {ancestors}, expected {expected}")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{url}: X-Content-Type-Options is not nosniff")
    if headers.get("Referrer-Policy") not in REFERRER_POLICIES:
        problems.append(f"{url}: Referrer-Policy {headers.get('Referrer-Policy')!r}")
    return problems


def route_urls(app: Flask) -> list[str]:
    """One URL per GET route of the app, its variables filled from SAMPLES."""
    adapter = app.url_map.bind("localhost")
    urls = []
    for rule in app.url_map.iter_rules():
        missing = rule.arguments - SAMPLES.keys()
        assert not missing, f"route {rule.rule}: add a sample value for {missing} to SAMPLES"
        assert "GET" in rule.methods, f"route {rule.rule} does not answer GET: audit it too"
        values = {name: SAMPLES[name] for name in rule.arguments}
        urls.append(adapter.build(rule.endpoint, values, method="GET"))
    return urls


def audit(app: Flask, urls: list[str]) -> list[str]:
    client = app.test_client()
    problems = []
    for url in urls:
        with client.get(url) as response:
            if response.status_code >= 500:
                problems.append(f"{url}: status {response.status_code}")
            problems += header_problems(url, response.headers)
    return problems


def test_every_route_answers_with_the_security_headers(app):
    urls = route_urls(app)
    assert {"/", "/embed", "/api/search", "/solutions/bati-plus", "/healthz"} <= set(urls)
    assert audit(app, urls + EXTRA) == []


@pytest.fixture
def fresh_app(index_dir):
    from solsearch.config import Settings
    from solsearch.web import create_app

    return create_app(Settings(index=index_dir))


def test_a_new_route_is_audited_without_being_listed(fresh_app):
    @fresh_app.get("/nouvelle")
    def new_page():
        return "<p>nouvelle page</p>"

    assert "/nouvelle" in route_urls(fresh_app)
    assert audit(fresh_app, route_urls(fresh_app)) == []


def test_a_new_route_without_the_headers_is_reported(fresh_app):
    @fresh_app.get("/carte")
    def map_page():
        return "<script>carte()</script>"

    def weaken(response):  # runs last: after_request functions run in reverse order
        if request.path == "/carte":
            del response.headers["X-Content-Type-Options"]
            response.headers["Content-Security-Policy"] = "script-src 'self' 'unsafe-inline'"
        return response

    fresh_app.after_request_funcs.setdefault(None, []).insert(0, weaken)
    problems = audit(fresh_app, route_urls(fresh_app))
    assert "/carte: unsafe script-src 'self' 'unsafe-inline'" in problems
    assert "/carte: X-Content-Type-Options is not nosniff" in problems
    assert not [p for p in problems if not p.startswith("/carte")]


def test_a_new_route_with_an_unknown_variable_asks_for_a_sample(fresh_app):
    @fresh_app.get("/regions/<code>")
    def region_page(code):
        return code

    with pytest.raises(AssertionError, match="add a sample value for {'code'}"):
        route_urls(fresh_app)


def test_framing_follows_the_configured_ancestors(index_dir):
    from solsearch.config import Settings
    from solsearch.web import create_app

    app = create_app(Settings(index=index_dir, frame_ancestors="https://a.example"))
    response = app.test_client().get("/embed")
    assert header_problems("/embed", response.headers, framed="'self' https://a.example") == []
    assert header_problems("/embed", response.headers) != []
