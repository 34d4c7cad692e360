"""For search engines: robots.txt (everything may be crawled) and a sitemap of every page."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for

bp = Blueprint("crawlers", __name__)


@bp.get("/robots.txt")
def robots():
    sitemap = url_for("crawlers.sitemap", _external=True)
    body = f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n"
    return current_app.response_class(body, mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    """The home page and every solution's page, as absolute URLs (sitemaps.org 0.9).

    The protocol allows 50,000 addresses per file: a corpus past that needs a sitemap index.
    """
    ids = current_app.extensions["solsearch.service"].solution_ids()
    body = render_template("sitemap.xml", solution_ids=ids)
    return current_app.response_class(body, mimetype="application/xml")
