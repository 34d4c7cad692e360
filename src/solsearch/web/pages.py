"""HTML pages: search, one solution, embedding help, the iframe page; and health."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    jsonify,
    render_template,
    request,
    send_from_directory,
    url_for,
)

from solsearch.corpus import THEMES, territories
from solsearch.search import IndexUnavailable, QueryError
from solsearch.search.alternatives import totals_of_each_word, totals_without_each_filter
from solsearch.web.embedding import embed_snippets
from solsearch.web.metadata import acronyms_in, opening, solution_json_ld
from solsearch.web.params import search_query

bp = Blueprint("pages", __name__)


def service():
    return current_app.extensions["solsearch.service"]


def _search_page(template: str):
    """The search page and its iframe twin: the same search, two layouts."""
    try:
        query = search_query(request.args)
        result = service().search(query)
    except QueryError as error:
        return render_template(template, result=None, error=error.message), error.status
    g.search_filters = result.filters
    dropped = totals_without_each_filter(service(), query) if not result.total else {}
    # Found by meaning alone, or not at all: a word alone may be what was meant.
    words = {}
    if not result.total or result.meaning_only:
        words = totals_of_each_word(service(), query, contained=bool(result.total))
    return render_template(template, result=result, error=None, dropped=dropped, words=words)


@bp.get("/")
def search():
    return _search_page("search.html")


@bp.get("/embed")
def embed():
    return _search_page("embed.html")


@bp.get("/solutions/<solution_id>")
def solution(solution_id: str):
    record = service().solution(solution_id)
    if record is None:
        abort(404)
    url = url_for("pages.solution", solution_id=record.id, _external=True)
    return render_template(
        "solution.html",
        solution=record,
        similar=service().similar(solution_id),
        canonical=url,
        description=opening(record.text),
        json_ld=solution_json_ld(record, url),
        acronyms=acronyms_in(record.text, shown=record.structures),
    )


@bp.get("/integrer")
def integrate():
    host = request.host_url.rstrip("/")
    return render_template(
        "integrer.html",
        snippets=embed_snippets(host),
        themes=THEMES,
        regions={code: region.label for code, region in territories.regions().items()},
    )


@bp.get("/opensearch.xml")
def opensearch():
    body = render_template("opensearch.xml")
    return current_app.response_class(body, mimetype="application/opensearchdescription+xml")


@bp.get("/embed.js")
def embed_script():
    response = send_from_directory(
        current_app.static_folder, "embed.js", mimetype="text/javascript", max_age=300
    )
    return response


@bp.get("/healthz")
def health():
    try:
        state = service().health()
    except IndexUnavailable as error:
        return jsonify({"status": "unavailable", "message": str(error)}), 503
    return jsonify(
        {
            "status": "ok",
            "solutions": state.solutions,
            "generation": state.generation,
            "built_at": state.built_at,
            "semantic": state.semantic,
            "semantic_reason": state.semantic_reason,
        }
    )
