"""The JSON API of DESIGN.md: thin views around the search service."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request, url_for

from solsearch.search import QueryError
from solsearch.web.caching import conditional
from solsearch.web.openapi import openapi_document
from solsearch.web.params import search_query
from solsearch.web.urls import solution_url, suggestion_url

bp = Blueprint("api", __name__, url_prefix="/api")


def service():
    return current_app.extensions["solsearch.service"]


@bp.get("/search")
@conditional
def search():
    result = service().search(search_query(request.args))
    return jsonify(result.to_json(solution_url))


@bp.get("/solutions/<solution_id>")
@conditional
def solution(solution_id: str):
    found = service().solution(solution_id)
    if found is None:
        raise QueryError(f"Aucune solution « {solution_id[:80]} ».", status=404)
    return jsonify({**found.to_record(), "url": solution_url(found.id)})


@bp.get("/suggest")
@conditional
def suggest():
    text = request.args.get("q", "")
    found = service().suggest(text)
    return jsonify(
        {
            "query": text,
            "suggestions": [{"label": s.label, "url": suggestion_url(s)} for s in found],
        }
    )


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(url_for("pages.search", _external=True).rstrip("/")))
