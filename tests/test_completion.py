"""Completions for the search box on the real corpus: words of the corpus, then titles."""

from __future__ import annotations

import pytest

from solsearch.search.completion import completable, complete


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
