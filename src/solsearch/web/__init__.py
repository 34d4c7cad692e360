"""The web application: pages, and (later) the JSON API, all thin shells around the service."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader

from solsearch.config import Settings
from solsearch.corpus import load_corpus


def templates_dir() -> Path:
    """The shipped templates: inside the installed package, or the project's templates/."""
    packaged = Path(__file__).resolve().parent.parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


def create_app(settings: Settings | None = None) -> Flask:
    """Join settings, corpus, blueprints and error handlers; nothing is opened at import time."""
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
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.config["SOLSEARCH"] = settings
    app.extensions["solsearch.corpus"] = load_corpus(settings.corpus)

    from solsearch.web import filters, pages

    filters.register(app)
    app.register_blueprint(pages.bp)
    return app
