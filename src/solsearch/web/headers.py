"""Headers every response carries: a strict CSP, no sniffing, a referrer policy, CORS."""

from __future__ import annotations

from flask import Flask, Response, request

# No inline script or style anywhere: pages load /static files only.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors {ancestors}"
)
# Routes another site may use from its own pages (fetch, <script type=module>).
_SHARED_PREFIXES = ("/api/", "/embed.js", "/opensearch.xml", "/static/embed")


def _ancestors(value: str) -> str:
    return "*" if value.strip() == "*" else " ".join(["'self'", *value.split()])


def _cors_origin(allowed: str) -> str | None:
    if allowed.strip() == "*":
        return "*"
    origin = request.headers.get("Origin", "")
    return origin if origin in allowed.split() else None


def register(app: Flask) -> None:
    settings = app.config["SOLSEARCH"]

    @app.after_request
    def secure(response: Response) -> Response:
        framed = request.path == "/embed"
        ancestors = _ancestors(settings.frame_ancestors) if framed else "'self'"
        response.headers["Content-Security-Policy"] = _CSP.format(ancestors=ancestors)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        if request.path.startswith(_SHARED_PREFIXES):
            response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
            origin = _cors_origin(settings.cors_origins)
            if origin:
                response.headers["Access-Control-Allow-Origin"] = origin
                response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
                response.headers["Access-Control-Max-Age"] = "3600"
            if origin != "*":
                response.vary.add("Origin")
        else:
            response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        return response
