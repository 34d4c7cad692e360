"""HTML pages: the list of solutions and one page per solution."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

bp = Blueprint("pages", __name__)


def _corpus():
    return current_app.extensions["solsearch.corpus"]


@bp.get("/")
def index():
    solutions = sorted(_corpus().solutions, key=lambda s: s.title.casefold())
    return render_template("browse.html", solutions=solutions)


@bp.get("/solutions/<solution_id>")
def solution(solution_id: str):
    found = _corpus().get(solution_id)
    if found is None:
        abort(404)
    return render_template("solution.html", solution=found)
