"""Query planning on the real corpus: synonym spans, derivations, typos and "did you mean"."""

from __future__ import annotations

import re

import numpy as np
import pytest

from solsearch.analysis import lexicon
from solsearch.corpus import iter_solutions
from solsearch.search.matching import word_unit
from solsearch.search.parse import parse_query
from solsearch.search.planning import (
    doubled_consonant,
    plan_units,
    replace_unknown_word,
    spelling_suggestion,
    typo_distance,
    with_apostrophe,
)

from conftest import CORPUS


def plan(state, text):
    parsed = parse_query(text)
    return plan_units(state, parsed.words, parsed.phrases)


def found(state, unit) -> set[str]:
    return {state.record(int(d))["id"] for d in np.flatnonzero(state.docs(unit.match))}


@pytest.mark.parametrize(
    ("query", "text", "width"),
    [
        ("sous main de justice", "main justice", 2),
        ("atelier chantier d'insertion", "atelier chantier d'insertion", 3),
        ("chantier d’insertion", "chantier d'insertion", 2),
    ],
)
def test_words_spelling_a_synonym_expression_become_one_unit(state, query, text, width):
    (unit,) = plan(state, query)
    assert (unit.text, unit.width) == (text, width)


def test_words_out_of_order_are_not_an_expression(state):
    assert [u.text for u in plan(state, "justice main")] == ["justice", "main"]


def test_a_synonym_finds_the_texts_that_use_another_expression(state):
    """No solution writes "détenus": BATI + says "prison", La Butte Pinson "sous main de
    justice", both expressions of the same group."""
    assert not state.docs(word_unit("détenus").match).any()
    (unit,) = plan(state, "détenus")
    assert found(state, unit) == {"bati-plus", "butte-pinson"}
    (span,) = plan(state, "sous main de justice")
    assert found(state, span) == {"bati-plus", "butte-pinson"}


def test_a_word_the_corpus_writes_is_kept_as_typed(state):
    unit = word_unit("garage")
    assert replace_unknown_word(state, unit) is unit


def test_a_typo_is_replaced_by_the_nearest_written_word(state):
    (unit,) = plan(state, "recylage")
    assert unit.corrected == ["recylage"]
    assert unit.terms == word_unit("recyclage").terms
    assert found(state, unit) == found(state, word_unit("recyclage"))


def test_a_derivation_is_tried_before_a_typo(state):
    """No solution writes "activistes" and the nearest written word is "activités", but the
    word's own family ("actives") comes first, and is no correction to point out."""
    assert state.close_terms("exact", "activistes", typo_distance("activistes"))[0] == "activites"
    unit = replace_unknown_word(state, word_unit("activistes"))
    assert unit.corrected == []
    assert unit.terms == word_unit("actives").terms


def test_a_derivation_matches_the_words_of_the_family(state):
    unit = replace_unknown_word(state, word_unit("pollinisateurs"))
    assert unit.corrected == []
    assert found(state, unit) == {"intermaide-ruchers"}


@pytest.mark.parametrize(
    ("word", "edits"),
    [("velo", 1), ("eco", 0), ("recylage", 1), ("pollinisateurs", 2), ("a" * 31, 0)],
)
def test_typo_distance_grows_with_the_word(word, edits):
    assert typo_distance(word) == edits


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("recylage", "recyclage"),
        ("acitvite", "activité"),  # spelled as the corpus does, accents included
        ("teatre emploi", "théâtre emploi"),
        ("garage solidaire", None),  # nothing to correct
        ("recylage quantique", None),  # corrected, it still finds nothing
        ("xyzzy plugh", None),  # nothing close enough
    ],
)
def test_did_you_mean_offers_a_query_that_finds_something(state, query, suggestion):
    assert spelling_suggestion(state, parse_query(query).words) == suggestion


@pytest.mark.parametrize("word", ["âgés", "ages", "agés", "piscine", "guitare"])
def test_a_real_french_word_is_not_rewritten_into_a_corpus_word(state, word):
    """No solution writes these words; French does, so they are not typos of "axes" or of
    another corpus word: they stay as typed, and find what has them (nothing)."""
    unit = replace_unknown_word(state, word_unit(word))
    assert unit.corrected == []
    assert unit.terms == word_unit(word).terms


def test_a_real_word_is_matched_by_its_family_never_by_a_near_spelling(state):
    """« apiculteurs » is two edits from « agriculteurs », which the corpus writes; it is
    of the family of « apicole », which the corpus writes too, and only that finds it."""
    unit = replace_unknown_word(state, word_unit("apiculteurs"))
    assert unit.corrected == []
    assert found(state, unit) == found(state, word_unit("apicole")) != set()


def test_an_unaccented_real_word_still_finds_the_accented_one(state):
    (unit,) = plan(state, "chomeurs")
    assert unit.corrected == []
    assert "empc-auto-ecole" in found(state, unit)


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("insersion", "insertion"),
        ("insersion des detenus", "insertion des detenus"),
        ("chantier d'insersion", "chantier d'insertion"),  # the article stays as typed
        ("chômeurs âgés", None),  # never "chômeurs axes"
        ("chomeurs ages", None),
        ("cours de guitare", None),
        # French lists this misspelling (Zipf 2.3), the corpus writes the word (4.6)
        ("insertion professionelle", "insertion professionnelle"),
        ("foire aux vins", None),  # a real word, one letter from « faire »
    ],
)
def test_did_you_mean_corrects_typos_not_french_words(state, query, suggestion):
    assert spelling_suggestion(state, parse_query(query).words) == suggestion


@pytest.mark.parametrize(
    ("word", "other", "doubling"),
    [
        ("professionel", "professionnel", True),
        ("personnel", "personel", True),
        ("apel", "appel", True),
        ("contree", "contre", False),  # a vowel: contrée is no misspelling of contre
        ("foire", "faire", False),
        ("bab", "ab", False),  # a letter added at the start, not doubled
    ],
)
def test_a_doubled_consonant_is_told_from_other_edits(word, other, doubling):
    assert doubled_consonant(word, other) is doubling


def test_a_misspelling_is_still_corrected_for_matching(state):
    (unit,) = plan(state, "insersion")
    assert unit.corrected == ["insersion"]
    assert found(state, unit) == found(state, word_unit("insertion"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("recyclrie", {"agir-recycl", "fibre-49"}),
        ("garrage solidaire", {"gas-garage", "solidarauto"}),
    ],
)
def test_misspellings_still_find_their_solutions(state, query, expected):
    units = plan(state, query)
    assert expected <= set.intersection(*(found(state, u) for u in units))


def test_without_the_word_list_typos_are_judged_on_the_corpus_alone(state, monkeypatch):
    """Where the list cannot load, the length of the word alone decides, as before it."""
    monkeypatch.setattr(lexicon, "zipf", lambda word: None)
    assert replace_unknown_word(state, word_unit("âgés")).corrected == ["âgés"]
    assert spelling_suggestion(state, parse_query("insersion").words) == "insertion"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("dinsertion", "d'insertion"),
        ("lemploi", "l'emploi"),  # French lists it, rarely: a web misspelling
        ("Laccompagnement", "L'accompagnement"),
        ("quinsertion", "qu'insertion"),
        ("tissus", "tissus"),  # a French word, though « issus » is in the corpus
        ("insertion", "insertion"),  # the corpus has it whole
        ("lami", "lami"),  # too short a rest to be sure
        ("dxyzzy", "dxyzzy"),  # nor has the corpus the rest
    ],
)
def test_an_article_glued_to_its_word_is_read_as_elided(state, typed, read):
    assert with_apostrophe(state, typed) == read


def test_without_the_word_list_no_article_is_unglued(state, monkeypatch):
    """Nothing tells « Lille » from a glued « l'ille » then: words stay as typed."""
    monkeypatch.setattr(lexicon, "zipf", lambda word: None)
    assert with_apostrophe(state, "dinsertion") == "dinsertion"


def test_a_glued_article_joins_the_synonyms_span(state):
    """« chantier dinsertion » is the acronym ACI's expression, as with its apostrophe."""
    (glued,) = plan(state, "chantier dinsertion")
    (written,) = plan(state, "chantier d'insertion")
    assert found(state, glued) == found(state, written) != set()


def test_a_territory_overseas_is_one_name(state):
    """« Saint-Martin » stays a phrase of the text, as a city's name may have it; « La
    Réunion », whose phrase would be the one word « réunion », is sought among the places
    only."""
    (saint_martin,) = plan(state, "Saint-Martin")
    assert "body" in {t.fieldname for t in saint_martin.match.leaves()}
    (reunion,) = plan(state, "la Réunion")
    assert {t.fieldname for t in reunion.match.leaves()} == {"places"}
    assert not found(state, reunion)


def corpus_words() -> set[str]:
    """The words of the bundled corpus's titles and texts, lowercased as written."""
    text = " ".join(f"{s.title} {s.text}" for s in iter_solutions(CORPUS))
    return {word.lower() for word in re.findall(r"[^\W\d_]+", text)}


@pytest.mark.parametrize(
    ("typed", "written"),
    [("web master", "webmasters"), ("web masters", "webmasters")],
)
def test_two_words_the_corpus_writes_as_one_find_that_word(state, typed, written):
    (unit,) = plan(state, typed)
    assert (unit.text, unit.width) == (typed, 2)
    assert found(state, unit) == found(state, plan(state, written)[0]) != set()


def test_two_words_are_joined_only_when_no_solution_has_both(state):
    """Every corpus word that splits into two corpus words: typed apart, they find what the
    word finds when no solution has both, else they stay two words (« socio professionnel »)."""
    words = corpus_words()
    joined = apart = 0
    for word in sorted(w for w in words if len(w) >= 6):
        for cut in range(3, len(word) - 2):
            first, second = word[:cut], word[cut:]
            units = [word_unit(first), word_unit(second), word_unit(word)]
            if first not in words or second not in words or None in units:
                continue
            if (state.docs(units[0].match) & state.docs(units[1].match)).any():
                whole = units[2].terms
                assert all(u.terms != whole for u in plan(state, f"{first} {second}")), word
                apart += 1
            else:
                (unit,) = plan(state, f"{first} {second}")
                (whole,) = plan(state, word)
                assert found(state, unit) == found(state, whole), word
                joined += 1
    assert joined >= 5 and apart >= 5
