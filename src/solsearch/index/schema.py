"""What each solution becomes in whoosh: the fields, their analyzers, and one document."""

from __future__ import annotations

import json

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from solsearch.analysis import exact_analyzer, fold, stem_analyzer
from solsearch.analysis.expressions import ExpressionTagger, synonym_expressions
from solsearch.corpus import STRUCTURES, Solution, registry, territories
from solsearch.corpus.synonyms import Synonyms

# Bump when the schema, the analysis chain, the passages (``analysis.passages``) or the
# metadata's shape (``metadata``) changes: older generations are then stale.
SCHEMA_VERSION = 21


def build_schema(synonyms: Synonyms | None = None) -> Schema:
    """Stemmed fields (weighted at query time), exact and spelling fields, one field per
    facet, and the whole record stored as JSON. Each extra field over the body costs a full
    analysis of the text at build time, so there are only these. The title and the body
    also note where they have the expressions of ``synonyms`` (``analysis.expressions``)."""
    stem = stem_analyzer()
    expressions = synonym_expressions(synonyms or Synonyms(), stem)
    noting = ExpressionTagger(stem, expressions)
    return Schema(
        # A column too: every document's id in one read (``GenerationState.ids``).
        id=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=noting),
        organisations=TEXT(analyzer=stem),
        places=TEXT(analyzer=stem),
        kinds=TEXT(analyzer=stem),
        body=TEXT(analyzer=noting, chars=True),
        # No phrase is searched here, so it keeps frequencies without positions.
        exact=TEXT(analyzer=exact_analyzer(), phrase=False),
        title_sort=ID(sortable=True),
        **facet_fields(),
        record=STORED,
    )


def facet_fields() -> dict:
    """A field per facet, named after the solution's field: a single value is one term
    (ID), a list is comma-separated terms (KEYWORD), so values may hold spaces."""
    return {
        facet.field: KEYWORD(commas=True, stored=True) if facet.several else ID(stored=True)
        for facet in registry()
    }


def fold_title(title: str) -> str:
    """A title's sort key: words without accents or case, so « École » sorts with « ecole »."""
    return " ".join(fold(word) for word in title.split())


def document(solution: Solution) -> dict:
    deps = territories.departments()
    places = [
        *solution.cities,
        *(deps[d].label for d in solution.departments),
        *(deps[d].number for d in solution.departments),
        *(territories.region_label(r) for r in solution.regions),
    ]
    kinds = [f"{code} {STRUCTURES[code]}" for code in solution.structures]
    text = solution.text
    return {
        "id": solution.id,
        "title": solution.title,
        "organisations": "\n".join(solution.organisations),
        "places": "\n".join(places),
        "kinds": "\n".join(kinds),
        "body": text,
        "exact": "\n".join([solution.title, *solution.organisations, *places, text]),
        "title_sort": fold_title(solution.title),
        **{facet.field: ",".join(facet.values(solution)) for facet in registry()},
        "record": json.dumps(solution.to_record(), ensure_ascii=False),
    }
