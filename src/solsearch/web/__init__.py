"""The web application: pages, JSON API and embedding, thin shells around the search service.

- ``pages``: the HTML pages; ``api``: the JSON routes; ``openapi``: their description.
- ``params``: query strings to ``SearchQuery``; ``filters``: Jinja filters and helpers.
- ``headers``: security and caching headers; ``embedding``: the snippets partners copy.
- ``regionmap``: the region facet drawn as a tile map of France.
- ``typography``: French no-break spaces in every page's text.

May import: ``search`` (and the layers below it for labels), ``config``, Flask. URLs are
built here, never in the layers below.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, jsonify, render_template, request
from jinja2 import ChoiceLoader, FileSystemLoader
from werkzeug.exceptions import HTTPException

from solsearch.config import Settings
from solsearch.search import IndexUnavailable, QueryError, SearchService


def templates_dir() -> Path:
    """The shipped templates: inside the installed package, or the project's templates/."""
    packaged = Path(__file__).resolve().parent.parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


def create_app(settings: Settings | None = None) -> Flask:
    """Join settings, the service, blueprints and error handlers; nothing opens at import."""
    settings = settings or Settings.from_env()
    app = Flask(
        __name__,
        template_folder=str(templates_dir()),
        static_folder=str(templates_dir() / "static"),
    )
    if settings.templates is not None:
        app.jinja_loader = ChoiceLoader(
            [FileSystemLoader(str(settings.templates)), FileSystemLoader(str(templates_dir()))]
        )
    # "/api/solutions//x" is not the solution "x": no redirect (an HTML 308 under /api/,
    # outside the documented answers), a 404 like any other unknown address.
    app.url_map.merge_slashes = False
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.config["SOLSEARCH"] = settings
    app.extensions["solsearch.service"] = SearchService(
        settings.index, cache_size=settings.cache, semantic=settings.semantic
    )

    from solsearch.web import (
        api,
        caching,
        crawlers,
        filters,
        headers,
        links,
        pages,
        regionmap,
        typography,
    )

    filters.register(app)
    links.register(app)
    regionmap.register(app)
    headers.register(app)
    caching.register(app)
    typography.register(app)  # after compression's: runs before it
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(crawlers.bp)
    _register_errors(app)
    return app


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _error(status: int, message: str):
    if _wants_json():
        return jsonify({"error": {"status": status, "message": message}}), status
    return render_template("error.html", status=status, message=message), status


_MESSAGES = {
    404: "Cette page n’existe pas.",
    405: "Cette adresse ne s’utilise qu’en lecture (GET).",
}


def _register_errors(app: Flask) -> None:
    """One handler per kind of error, answering JSON under /api/ and HTML elsewhere."""

    @app.errorhandler(QueryError)
    def query_error(error: QueryError):
        return _error(error.status, error.message)

    @app.errorhandler(IndexUnavailable)
    def no_index(error: IndexUnavailable):
        app.logger.error("index unavailable: %s", error)
        return _error(
            503, "La recherche est momentanément indisponible : l’index n’est pas encore construit."
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _error(
            error.code or 500, _MESSAGES.get(error.code, "La requête n’a pas pu être traitée.")
        )

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unexpected error")
        return _error(500, "Une erreur inattendue est survenue ; réessayez dans un instant.")
