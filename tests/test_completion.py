"""Completions for the search box on the real corpus: words of the corpus, then titles."""

from __future__ import annotations

import re

import pytest

from solsearch.analysis import fold
from solsearch.corpus.reading import iter_solutions
from solsearch.index.schema import fold_title
from solsearch.index.spellings import words_of
from solsearch.search.completion import completable, complete
from solsearch.search.limits import COMPLETED_TITLES

from conftest import CORPUS


@pytest.mark.parametrize(
    ("words", "expected"),
    [((), False), (("r",), False), (("é",), False), (("re",), True), (("garage", "s"), False)],
)
def test_completions_wait_for_two_letters_of_the_last_word(words, expected):
    assert completable(words) is expected


def test_the_words_typed_before_are_kept_and_titles_come_last(state):
    found = complete(state, ("garage", "sol"), 8)
    assert len(found) == 8
    assert (found[0].label, found[0].solution_id) == ("garage solidaire", None)
    assert [s for s in found if s.solution_id] == [found[-1]]
    assert found[-1].solution_id == "solidarauto"
    assert found[-1].label == "Solidarauto, le garage solidaire"


def test_words_used_most_are_completed_first(state):
    labels = [s.label for s in complete(state, ("recy",), 8)]
    assert labels[:2] == ["recyclage", "recyclerie"]


@pytest.mark.parametrize("prefix", ["em", "ga", "ch", "re", "so", "zz"])
def test_titles_offered_are_the_first_in_title_order_with_a_word_so_begun(state, prefix):
    """The titles offered for a word being typed: those with a word that begins so, the
    first ones in the order of the titles (accents and case aside)."""
    titles = [
        (fold_title(solution.title), solution.id)
        for solution in iter_solutions(CORPUS)
        if any(fold(word).startswith(prefix) for word in re.findall(r"\w+", solution.title))
    ]
    offered = [s.solution_id for s in complete(state, (prefix,), 8) if s.solution_id]
    assert offered == [sid for _, sid in sorted(titles)][:COMPLETED_TITLES]


def test_names_are_completed_with_their_capital(state):
    """« fig » offered « figeac »: the words were counted in lower case. A word keeps its
    capital when the corpus writes it only so inside sentences; « emploi » stays lower case
    though titles write « Interm’Aide Emploi »."""
    assert [s.label for s in complete(state, ("fig",), 8)][:1] == ["Figeac"]
    assert "emploi" in [s.label for s in complete(state, ("emp",), 8)]
    whole = "\n".join(
        "\n".join([s.title, *s.organisations, *s.cities, s.text]) for s in iter_solutions(CORPUS)
    )
    named = [word for word in state.spellings.values() if word != word.lower()]
    assert len(named) > 50
    for word in named:
        assert word in whole and not re.search(rf"(?<!\w){word.lower()}(?!\w)", whole), word


def test_a_capital_that_begins_a_sentence_is_not_a_name():
    text = "Formellement, EMCP a créé. L’Association de Bouchra. « Pour » rouler : EMCP à Figeac."
    assert words_of("Agir’Recycl à Vernon", ["Garage Associatif"], ["Boulogne-sur-Mer"], text) == {
        "Vernon", "Garage", "Associatif", "Boulogne", "Mer", "formellement",
        "EMCP", "créé", "association", "Bouchra", "rouler", "Figeac",
    }  # fmt: skip


def test_no_part_of_a_name_glued_by_an_apostrophe_is_offered_as_a_word(state):
    """« recy » offered « recycl », from « Agir’Recycl » and « Recycl’AIRE »; the title
    is still offered."""
    found = complete(state, ("recy",), 8)
    assert "Recycl" not in [s.label for s in found] and "recycl" not in [s.label for s in found]
    assert any(s.label.startswith("Agir’Recycl") for s in found if s.solution_id)
    whole = "\n".join(
        "\n".join([s.title, *s.organisations, *s.cities, s.text]) for s in iter_solutions(CORPUS)
    )
    elided = {"l", "d", "qu", "n", "s", "j", "m", "t", "c", "jusqu", "lorsqu", "puisqu"}
    pairs = re.findall(r"(\w+)['’](\w+)", whole)
    glued = {p for a, b in pairs if a.lower() not in elided | {"aujourd"} for p in (a, b)}
    offered = {word.lower() for word in state.spellings.values()}
    never_alone = {
        part.lower()
        for part in glued
        if not re.search(rf"(?<![\w’']){part}(?![\w’'])", whole, re.IGNORECASE)
    }
    assert len(never_alone) >= 5 and not never_alone & offered
