"""The OpenAPI 3.1 description of the JSON routes; tests check real responses against it.

The facet parameters come from the facet registry and every bound from ``search.limits``,
so the document says what the service does.
"""

from __future__ import annotations

from solsearch.corpus import STRUCTURES, THEMES, Facet, facet_names, registry
from solsearch.search import limits
from solsearch.search.sorting import SORTS

_STRING_LIST = {"type": "array", "items": {"type": "string"}}
_LABELLED = {
    "type": "object",
    "required": ["value", "label"],
    "properties": {"value": {"type": "string"}, "label": {"type": "string"}},
    "additionalProperties": False,
}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


def _filter(facet: Facet) -> dict:
    """A facet's parameter: repeatable, each value a code or a name."""
    return {
        "name": facet.name,
        "in": "query",
        "required": False,
        "description": facet.description(),
        "schema": {
            "type": "array",
            "items": {"type": "string", "maxLength": limits.MAX_FILTER_CHARS},
            "maxItems": limits.MAX_FILTER_VALUES,
        },
        "style": "form",
        "explode": True,
        "examples": {"exemple": {"value": [facet.example]}},
    }


def _text(name: str, description: str | None = None) -> dict:
    """A text parameter as long as a query may be."""
    parameter = {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": "string", "maxLength": limits.MAX_QUERY_CHARS},
    }
    return {**parameter, "description": description} if description else parameter


def _integer(name: str, maximum: int, default: int) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": maximum, "default": default},
    }


_SORT = {
    "name": "sort",
    "in": "query",
    "required": False,
    "description": "Ordre des résultats : relevance (pertinence, par défaut avec un texte) "
    "ou title (titre, par défaut sans texte ; sans texte, l’ordre est toujours celui des titres).",
    "schema": {"type": "string", "enum": list(SORTS)},
}

_SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "message"],
                "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
            }
        },
    },
    "Hit": {
        "type": "object",
        "required": [
            "id",
            "title",
            "url",
            "theme",
            "regions",
            "snippet",
            "score",
            "matched",
            "missing",
        ],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "url": {"type": "string"},
            "theme": _LABELLED,
            "regions": {"type": "array", "items": _LABELLED},
            "snippet": {"type": "string", "description": "HTML : tout est échappé sauf <mark>."},
            "score": {"type": "number"},
            "matched": {
                "type": "array",
                "items": {"enum": ["words", "meaning"]},
                "minItems": 1,
                "uniqueItems": True,
                "description": "Comment la solution a été trouvée : par les mots tapés "
                "(« words »), par le sens (« meaning »), ou les deux. Quand les mots "
                "ne trouvent qu’une solution, ou que la liste est triée par titre, le sens "
                "n’est pas consulté : « words ».",
            },
            "missing": {
                "type": "array",
                "items": {"type": "string"},
                "uniqueItems": True,
                "description": "Les mots tapés (ou expressions entre guillemets) que la "
                "solution ne contient pas, tels que tapés : vide quand elle les a tous ; "
                "une longue question ou le sens trouvent aussi des solutions qui n’en ont "
                "qu’une partie, ou aucun.",
            },
        },
        "additionalProperties": False,
    },
    "FacetValue": {
        "type": "object",
        "required": ["value", "label", "count", "selected"],
        "properties": {
            "value": {"type": "string"},
            "label": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
            "selected": {"type": "boolean"},
        },
        "additionalProperties": False,
    },
    "SearchResponse": {
        "type": "object",
        "required": [
            "query",
            "filters",
            "total",
            "page",
            "per_page",
            "pages",
            "results",
            "facets",
            "suggestion",
            "meaning_only",
        ],
        "properties": {
            "query": {"type": "string"},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": limits.MAX_PER_PAGE},
            "pages": {"type": "integer", "minimum": 1},
            "results": {"type": "array", "items": _ref("Hit")},
            "facets": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": _ref("FacetValue")},
            },
            "suggestion": {"type": ["string", "null"]},
            "sort": {"type": "string", "enum": list(SORTS)},
            "meaning_only": {
                "type": "boolean",
                "description": "Vrai quand aucune solution ne contient les mots cherchés et "
                "que les résultats sont les plus proches par le sens.",
            },
        },
    },
    "Solution": {
        "type": "object",
        "required": [
            "id",
            "title",
            "theme",
            "organisations",
            "regions",
            "departments",
            "cities",
            "structures",
            "contact",
            "body",
            "text",
            "url",
        ],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "theme": {"type": "string", "enum": list(THEMES)},
            "organisations": _STRING_LIST,
            "regions": {"type": "array", "items": {"type": "string"}},
            "departments": {"type": "array", "items": {"type": "string"}},
            "cities": _STRING_LIST,
            "structures": {"type": "array", "items": {"type": "string", "enum": list(STRUCTURES)}},
            "contact": {"type": "object"},
            "body": {"type": "string", "description": "Texte en Markdown."},
            "text": {"type": "string", "description": "Texte brut."},
            "url": {"type": "string"},
        },
    },
    "SuggestResponse": {
        "type": "object",
        "required": ["query", "suggestions"],
        "properties": {
            "query": {"type": "string"},
            "suggestions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["label", "url"],
                    "properties": {"label": {"type": "string"}, "url": {"type": "string"}},
                },
            },
        },
    },
}


def _schemas() -> dict:
    """The schemas, with the search response's ``filters``: one list per registered facet."""
    response = _SCHEMAS["SearchResponse"]
    filters = {"type": "object", "properties": dict.fromkeys(facet_names(), _STRING_LIST)}
    search_response = {**response, "properties": {**response["properties"], "filters": filters}}
    return {**_SCHEMAS, "SearchResponse": search_response}


def openapi_document(server_url: str) -> dict:
    """The document, with the server this instance answers on."""
    search_parameters = [
        _text("q", 'Texte cherché ; "…" pour une expression, -mot pour exclure.'),
        *(_filter(facet) for facet in registry()),
        _integer("page", limits.MAX_PAGE, 1),
        _integer("per_page", limits.MAX_PER_PAGE, limits.DEFAULT_PER_PAGE),
        _SORT,
    ]
    json_ok = {"application/json": {}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "solsearch",
            "version": "1",
            "description": "Recherche dans les solutions du réseau COORACE.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/api/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Chercher des solutions",
                    "parameters": search_parameters,
                    "responses": {
                        "200": {
                            "description": "Résultats classés, facettes et suggestion",
                            "content": {"application/json": {"schema": _ref("SearchResponse")}},
                        },
                        "400": _error("Paramètre invalide"),
                    },
                }
            },
            "/api/solutions/{id}": {
                "get": {
                    "operationId": "solution",
                    "summary": "Une solution entière",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "maxLength": 200},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "La solution",
                            "content": {"application/json": {"schema": _ref("Solution")}},
                        },
                        "404": _error("Aucune solution avec cet identifiant"),
                    },
                }
            },
            "/api/suggest": {
                "get": {
                    "operationId": "suggest",
                    "summary": "Complétions pour un champ de recherche",
                    "parameters": [_text("q")],
                    "responses": {
                        "200": {
                            "description": "Mots et titres qui complètent la saisie",
                            "content": {"application/json": {"schema": _ref("SuggestResponse")}},
                        },
                        "400": _error("Paramètre invalide"),
                    },
                }
            },
            "/api/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "Cette description",
                    "responses": {"200": {"description": "OpenAPI 3.1", "content": json_ok}},
                }
            },
        },
        "components": {"schemas": _schemas()},
    }
