"""Which documents a query finds on the real corpus: all of it, or for long questions most."""

from __future__ import annotations

import numpy as np
import pytest

from solsearch.search.parse import parse_query
from solsearch.search.planning import plan_units
from solsearch.search.relaxation import matching_documents, without_excluded


def plan(state, text):
    parsed = parse_query(text)
    return plan_units(state, parsed.words, parsed.phrases)


def ids(state, mask) -> set[str]:
    return {state.record(int(d))["id"] for d in np.flatnonzero(mask)}


def test_documents_with_every_word_are_not_relaxed(state):
    docs, coverage = matching_documents(state, plan(state, "garage solidaire"))
    assert ids(state, docs) == {"gas-garage", "solidarauto"}
    assert coverage is None


@pytest.mark.parametrize("query", ["cuisine quantique", "garage quantique", "vélo Martinique"])
def test_a_two_word_off_topic_query_is_never_relaxed(state, query):
    """Some solutions have one of the words: relaxed, the query would find those."""
    units = plan(state, query)
    assert any(state.docs(u.match).any() for u in units)
    docs, coverage = matching_documents(state, units)
    assert not docs.any()
    assert coverage is None


def test_a_three_word_query_relaxes_to_two_of_its_words(state):
    docs, coverage = matching_documents(state, plan(state, "cuisine solidaire quantique"))
    assert coverage is not None
    assert ids(state, docs) == {"ode-vert-chez-moi", "ecopole-alimentaire"}


def test_a_long_question_relaxes_to_the_documents_with_its_rare_words(state):
    """No solution has all of it; "hôtel" and "cuisine" are rare, "trouver" is common:
    a solution with only "hôtel" is kept, one with only "trouver" is not. ("cuisiniers",
    a French word no solution writes, would be left out of the question, not rare.)"""
    units = plan(state, "trouver des serveurs et la cuisine pour mon hôtel")
    docs, coverage = matching_documents(state, units)
    assert coverage is not None
    assert ids(state, docs) == {"baluchon", "zest", "intermaide-ruchers", "ecopole-alimentaire"}
    trouver, *_ = units
    assert ids(state, state.docs(trouver.match)) - ids(state, docs)


def test_relaxed_coverage_weighs_rare_words_more(state):
    units = plan(state, "devenir programmeur quand on vient de banlieue")
    docs, coverage = matching_documents(state, units)
    best = int(np.argmax(coverage))
    assert state.record(best)["id"] == "poles-ecole-du-web"  # the only one with "programmeur"
    # The farm of the Butte Pinson also came, through « quartier » and « populaire » written
    # far apart (« restauration populaire »): no expression of « banlieue » stands in it.
    assert ids(state, docs) == {"poles-ecole-du-web", "intermaide-gardiens"}


def test_words_the_corpus_never_uses_do_not_count_against_a_long_question(state):
    """ "concert" is in no solution ("musées" only in "écomusée"): two of the four other
    words are enough."""
    units = plan(state, "travailler dans les musées et salles de concert en insertion")
    assert [u.text for u in units if not state.docs(u.match).any()] == ["concert"]
    docs, _ = matching_documents(state, units)
    travailler, _, _, _, insertion = units
    both = state.docs(travailler.match) & state.docs(insertion.match)
    assert both.any() and not (both & ~docs).any()


def test_excluded_words_and_phrases_remove_their_documents(state):
    docs, _ = matching_documents(state, plan(state, "recyclerie"))
    kept = without_excluded(state, docs, ("papier",))
    assert ids(state, kept) < ids(state, docs)
    assert without_excluded(state, docs, ("marc de café", "de")).sum() < docs.sum()
    assert (without_excluded(state, docs, ("le",)) == docs).all()  # a stop word excludes nothing
