"""One page of ranked documents on the real corpus: browsed, scored, or relaxed."""

from __future__ import annotations

import numpy as np

from solsearch.index.schema import fold_title
from solsearch.search.parse import parse_query
from solsearch.search.planning import plan_units
from solsearch.search.ranking import rank_page, scoring_query
from solsearch.search.relaxation import matching_documents


def ranked(state, text, start=0, count=10):
    parsed = parse_query(text)
    units = plan_units(state, parsed.words, parsed.phrases)
    docs, coverage = matching_documents(state, units) if units else (state.all_docs, None)
    return rank_page(state, units, np.flatnonzero(docs), start, count, coverage), coverage


def page_ids(state, page) -> list[str]:
    return [state.record(docnum)["id"] for docnum, _ in page.pairs]


def test_browsing_lists_by_title_without_scores_or_marks(state):
    first, _ = ranked(state, "", 0, 10)
    second, _ = ranked(state, "", 10, 10)
    both, _ = ranked(state, "", 0, 20)
    assert first.pairs + second.pairs == both.pairs
    titles = [fold_title(state.record(docnum)["title"]) for docnum, _ in both.pairs]
    assert titles == sorted(titles)
    assert {score for _, score in both.pairs} == {0.0}
    assert not both.terms


def test_scored_pages_follow_each_other_best_first(state):
    whole, _ = ranked(state, "insertion", 0, 20)
    second, _ = ranked(state, "insertion", 10, 10)
    assert second.pairs == whole.pairs[10:20]
    scores = [score for _, score in whole.pairs]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0


def test_snippets_mark_the_body_terms_of_every_unit(state):
    page, _ = ranked(state, "garage solidaire")
    assert set(page_ids(state, page)) == {"gas-garage", "solidarauto"}
    assert {"garag", "solidair"} <= page.terms.alone


def test_a_page_beyond_the_last_is_empty(state):
    page, _ = ranked(state, "garage solidaire", 10, 10)
    assert page.pairs == []


def test_relaxed_ranking_puts_better_coverage_first_even_below_a_better_score(state):
    """BATI + scores highest (it is about prisoners and work), but the workers' housing
    project has three of the question's words to its two."""
    page, coverage = ranked(state, "aider les détenus à trouver un travail")
    assert page_ids(state, page)[:3] == ["intermaide-gardiens", "bati-plus", "butte-pinson"]
    (first, first_score), (second, second_score) = page.pairs[:2]
    assert coverage[first] > coverage[second] and first_score < second_score
    keys = [(-coverage[docnum], -score) for docnum, score in page.pairs]
    assert keys == sorted(keys)


def test_a_relaxed_page_further_down_continues_the_first(state):
    whole, _ = ranked(state, "aider les détenus à trouver un travail", 0, 20)
    second, _ = ranked(state, "aider les détenus à trouver un travail", 10, 10)
    assert second.pairs == whole.pairs[10:20]


def test_scores_require_every_unit_unless_relaxed(state):
    parsed = parse_query("cuisine quantique")
    units = plan_units(state, parsed.words, parsed.phrases)
    required = state.scorer.scores(scoring_query(units, relaxed=False))
    any_of = state.scorer.scores(scoring_query(units, relaxed=True))
    assert not required.any()
    assert {state.record(int(d))["id"] for d in np.flatnonzero(any_of)} == {
        "baluchon",
        "ecopole-alimentaire",
        "ode-vert-chez-moi",
        "vita-air",
    }
