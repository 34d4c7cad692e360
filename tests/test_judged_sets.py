"""The judged sets shipped with the package are sound: a broken judgment would silently move
every figure measured on them."""

from __future__ import annotations

import pytest

from solsearch.evaluation import JUDGED_SETS, judged_set, misspelled
from solsearch.evaluation.measures import NEGATIVE, read_judgments, read_tsv

from conftest import CORPUS

SOLUTION_IDS = {path.stem for path in CORPUS.glob("*.md") if not path.name.startswith("_")}
QUERY_COLUMNS = ["qid", "query", "theme", "region", "category"]


def rows(name: str) -> list[dict[str, str]]:
    return read_tsv(judged_set(name)[0])


@pytest.mark.parametrize("name", sorted(JUDGED_SETS))
def test_every_query_has_a_unique_id_and_a_category(name):
    queries = rows(name)
    assert list(queries[0]) == QUERY_COLUMNS
    assert all(row["category"] for row in queries)
    assert len({row["qid"] for row in queries}) == len(queries)


@pytest.mark.parametrize("name", sorted(JUDGED_SETS))
def test_every_judgment_names_a_solution_of_the_corpus_and_a_grade(name):
    queries = {row["qid"] for row in rows(name)}
    judged = read_judgments(judged_set(name)[1])
    assert set(judged) <= queries
    for qid, grades in judged.items():
        assert set(grades) <= SOLUTION_IDS, qid
        assert set(grades.values()) <= {1, 2}, qid


@pytest.mark.parametrize("name", sorted(JUDGED_SETS))
def test_off_topic_queries_have_nothing_relevant_and_the_others_something(name):
    judged = read_judgments(judged_set(name)[1])
    for row in rows(name):
        if row["category"] == NEGATIVE:
            assert row["qid"] not in judged, row["query"]
        elif row["query"]:
            assert any(g > 0 for g in judged.get(row["qid"], {}).values()), row["query"]


def test_the_own_set_covers_what_the_public_set_samples_lightly():
    """At least 30 queries: 12 paraphrases, 8 word families, 10 off-topic questions, some
    typos; and none of them is a public query, so the two sets measure different things."""
    own = rows("own")
    count = {c: sum(row["category"] == c for row in own) for c in {r["category"] for r in own}}
    assert len(own) >= 30
    assert count["paraphrase"] >= 12
    assert count["morphology"] >= 8
    assert count[NEGATIVE] >= 10
    assert count.get("typo", 0) + count.get("accentless", 0) >= 3
    public = {row["query"].casefold() for row in rows("public")}
    assert not public & {row["query"].casefold() for row in own}
    assert {row["qid"] for row in own}.isdisjoint(row["qid"] for row in rows("public"))


def test_a_misspelled_query_misses_one_inner_letter_of_its_longest_word_always_the_same():
    text = "insertion professionnelle des jeunes"
    typed = [misspelled(text, draw) for draw in range(1, 6)]
    assert typed == [misspelled(text, draw) for draw in range(1, 6)]  # same at every run
    assert len(set(typed)) > 1
    for typo in typed:
        words = typo.split()
        assert words[0] == "insertion" and words[2:] == ["des", "jeunes"]
        assert len(words[1]) == len("professionnelle") - 1
        assert words[1][0] == "p" and words[1][-1] == "e"
        assert any(
            "professionnelle"[:i] + "professionnelle"[i + 1 :] == words[1] for i in range(15)
        )
    assert misspelled("vélo bio", 1) == "vélo bio"  # no word of 6 letters
    assert misspelled("", 1) == ""
