"""Template helpers; the only place where text is marked safe for HTML."""

from __future__ import annotations

from flask import Flask
from markdown_it import MarkdownIt
from markupsafe import Markup

from solsearch import territories
from solsearch.corpus import STRUCTURES, THEMES

# Raw HTML in a corpus file is escaped, not rendered: editors write Markdown only.
_markdown = MarkdownIt("commonmark", {"html": False}).disable("image")


def markdown_html(body: str) -> Markup:
    """A corpus body rendered from Markdown, with any HTML in it escaped."""
    return Markup(_markdown.render(body))


def register(app: Flask) -> None:
    app.add_template_filter(markdown_html, "markdown")
    app.add_template_global(THEMES, "THEMES")
    app.add_template_global(STRUCTURES, "STRUCTURES")
    app.add_template_global(territories.region_label, "region_label")
    app.add_template_global(territories.department_label, "department_label")
