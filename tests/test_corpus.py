"""The bundled corpus: the 43 solutions, faithful to the seed, with valid metadata."""

from __future__ import annotations

import re

import pytest

from solsearch.corpus import load_corpus

from conftest import CORPUS, DATA, SEED, read_jsonl


def normalise(text: str) -> str:
    """Compare texts with apostrophes, dashes and white space written one way."""
    text = re.sub(r"[’‘ʼ′´]", "'", text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(text.split())


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


def test_corpus_has_exactly_the_43_listed_solutions(corpus, solutions_listed):
    assert sorted(s.id for s in corpus.solutions) == sorted(s["key"] for s in solutions_listed)
    assert len(corpus.solutions) == 43


def test_each_body_keeps_its_three_anchors(corpus, solutions_listed):
    missing = [
        (listed["key"], anchor)
        for listed in solutions_listed
        for anchor in listed["anchors"]
        if normalise(anchor) not in normalise(corpus.get(listed["key"]).text)
    ]
    assert missing == []


def test_no_file_contains_text_that_is_not_a_solution(seed_lines):
    """Introduction, theme headers, advertisement and footers never reach a corpus file."""
    passages = read_jsonl(DATA / "not_solutions.jsonl")
    files = {p.name: normalise(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.md")}
    leaks = []
    for passage in passages:
        if passage["kind"] == "contact-block" and passage["line_start"] < 200:
            continue  # CHACASOL's block is kept as its contact details, checked below
        for line in seed_lines[passage["line_start"] - 1 : passage["line_end"]]:
            for fragment in re.split(r"(?<=[.!?:])\s+", normalise(line)):
                if len(fragment) >= 20:
                    leaks += [(name, fragment) for name, text in files.items() if fragment in text]
    assert leaks == []


def test_advertisement_words_are_nowhere(corpus):
    for solution in corpus.solutions:
        assert "Meilleur Investissement" not in solution.body
        assert "logements neufs" not in solution.body


def test_contact_block_is_contact_details_not_body(corpus):
    chacasol = corpus.get("chacasol")
    assert chacasol.contact["email"] == "chacasol90@gmail.com"
    assert "chacasol90@gmail.com" not in chacasol.body
    assert "BELBEZIER" not in chacasol.body


def _section_of(line: int, headers: list[int]) -> str:
    themes = ["emploi", "territoires", "environnement"]
    return themes[sum(1 for h in headers if h <= line) - 1]


def test_theme_is_the_section_the_solution_sits_in(corpus, solutions_listed):
    headers = sorted(
        p["line_start"]
        for p in read_jsonl(DATA / "not_solutions.jsonl")
        if p["kind"] == "theme-header"
    )
    wrong = [
        (s["key"], corpus.get(s["key"]).theme)
        for s in solutions_listed
        if corpus.get(s["key"]).theme != _section_of(s["line_start"], headers)
    ]
    assert wrong == []


def test_titles_are_unique_and_not_empty(corpus):
    titles = [s.title for s in corpus.solutions]
    assert all(titles)
    assert len(set(titles)) == len(titles)


def test_every_department_sits_in_a_listed_region(corpus):
    from solsearch.corpus.territories import departments

    for solution in corpus.solutions:
        for code in solution.departments:
            assert departments()[code].region in solution.regions, solution.id


@pytest.mark.parametrize(
    ("solution_id", "region", "department"),
    [
        ("bati-plus", "FR-OCC", "FR-09"),  # "Dans l’Ariège"
        ("baluchon", "FR-IDF", "FR-93"),  # Romainville
        ("poles-ecole-du-web", "FR-IDF", "FR-92"),  # "(92)"
        ("agiie", "FR-HDF", None),  # "Nord-Pas de Calais-Picardie"
        ("la-pive", "FR-BFC", "FR-39"),  # "Poligny(39)"
        ("chacasol", "FR-BFC", "FR-90"),  # Delle, Territoire de Belfort
    ],
)
def test_places_written_every_way_are_mapped(corpus, solution_id, region, department):
    solution = corpus.get(solution_id)
    assert region in solution.regions
    if department:
        assert department in solution.departments


def test_most_solutions_name_a_place(corpus):
    """Only a solution whose text names no place may leave regions empty."""
    without = sorted(s.id for s in corpus.solutions if not s.regions)
    assert without == ["inter-relais"]
