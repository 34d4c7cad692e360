"""Each validation error, from a broken fixture file, with the message an editor reads."""

from __future__ import annotations

import pytest

from solsearch.corpus import CorpusError, load_corpus

from conftest import VALID_FRONT, solution_file


def front(**changes: str | None) -> str:
    """The valid front matter with some lines replaced (value) or removed (None)."""
    lines = VALID_FRONT.format(id="gas").splitlines()
    out = []
    for line in lines:
        key = line.split("=")[0].strip()
        if key in changes:
            if changes[key] is not None:
                out.append(f"{key} = {changes[key]}")
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def errors_for(write_corpus, files: dict[str, str | bytes]) -> list[str]:
    with pytest.raises(CorpusError) as caught:
        load_corpus(write_corpus(files))
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        (front(title='"Un garage'), "gas.md:3: TOML invalide"),
        (front(title=None), "gas.md:2: champ « title » manquant : ajoutez une ligne title ="),
        (front(title='"  "'), "gas.md:3: champ « title » vide"),
        (front(organisations="[]"), "gas.md:5: champ « organisations » vide"),
        (front(regions='"FR-CVL"'), "gas.md:6: « regions » doit être une liste de textes"),
        (
            front(theme='"economie"'),
            "gas.md:4: thème inconnu « economie » (attendu : emploi, territoires, environnement)",
        ),
        (front(regions='["FR-XXX"]'), "gas.md:6: région inconnue « FR-XXX » (attendu : FR-ARA,"),
        (
            front(regions='["Centre-Val de Loire"]'),
            "gas.md:6: région inconnue « Centre-Val de Loire » : écrivez « FR-CVL »",
        ),
        (front(departments='["18"]'), "gas.md:7: département inconnu « 18 » : écrivez « FR-18 »"),
        (front(departments='["FR-999"]'), "gas.md:7: département inconnu « FR-999 » (attendu"),
        (
            front(departments='["FR-93"]'),
            "gas.md:7: département FR-93 (Seine-Saint-Denis) hors des régions indiquées : "
            "ajoutez « FR-IDF » (Île-de-France) à regions",
        ),
        (
            front(structures='["XYZ"]'),
            "gas.md:9: type de structure inconnu « XYZ » (attendu : ACI, AI,",
        ),
        (
            front(id='"garage"'),
            'gas.md:2: id « garage » différent du nom du fichier : écrivez id = "gas"',
        ),
        (front(id='"Gas Garage"'), "gas.md:2: id « Gas Garage » invalide"),
        (front() + 'region = ["FR-CVL"]\n', "gas.md:10: champ inconnu « region »"),
        (front() + '[contact]\nfax = "01"\n', "gas.md:10: champ de contact inconnu « fax »"),
    ],
)
def test_broken_front_matter_is_reported_with_file_line_and_fix(
    write_corpus, front_matter, expected
):
    errors = errors_for(write_corpus, {"gas.md": solution_file("gas", front_matter)})
    assert any(e.endswith(expected) or expected in e for e in errors), errors
    assert all(e.startswith(str(write_corpus({}) / "gas.md")) or "gas.md:" in e for e in errors)


def test_empty_body_is_an_error(write_corpus):
    errors = errors_for(write_corpus, {"gas.md": solution_file("gas", body="\n  \n")})
    assert any("gas.md:11: texte vide" in e for e in errors), errors


def test_invalid_utf8_names_the_line(write_corpus):
    data = solution_file("gas").encode("utf-8") + "Café\n".encode("latin-1")
    errors = errors_for(write_corpus, {"gas.md": data})
    assert any("gas.md:12: encodage invalide" in e and "UTF-8" in e for e in errors), errors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('id = "gas"\n', "gas.md:1: le fichier doit commencer par une ligne +++"),
        ('+++\nid = "gas"\n', "gas.md:1: bloc +++ non fermé"),
    ],
)
def test_missing_front_matter_fences(write_corpus, text, expected):
    errors = errors_for(write_corpus, {"gas.md": text})
    assert any(expected in e for e in errors), errors


def test_duplicate_id_names_both_files(write_corpus):
    files = {"a.md": solution_file("a"), "b.md": solution_file("b", front(id='"a"'))}
    errors = errors_for(write_corpus, files)
    assert any("b.md:2: id « a » différent du nom du fichier" in e for e in errors), errors
    assert any("b.md:2: id « a » déjà utilisé par" in e and "a.md" in e for e in errors), errors


def test_all_errors_of_a_run_are_listed(write_corpus):
    files = {
        "gas.md": solution_file("gas", front(theme='"x"', structures='["XYZ"]')),
        "other.md": solution_file("other", front(id='"other"', regions='["FR-XXX"]')),
        "fine.md": solution_file("fine"),
    }
    errors = errors_for(write_corpus, files)
    assert len(errors) == 4, errors  # theme, structure, region, and department outside regions
    assert sum("gas.md" in e for e in errors) == 2


def test_a_valid_file_loads(write_corpus):
    corpus = load_corpus(write_corpus({"gas.md": solution_file("gas")}))
    (solution,) = corpus.solutions
    assert solution.regions == ("FR-CVL",)
    assert solution.text.startswith("Dans le Cher")
    assert corpus.warnings == []


def test_a_file_saved_with_windows_line_ends_or_a_byte_order_mark_loads_the_same(write_corpus):
    """An editor on Windows saves \\r\\n and often a BOM: the front matter's last line
    kept its \\r and TOML refused the file."""
    (expected,) = load_corpus(write_corpus({"gas.md": solution_file("gas")})).solutions
    windows = "\ufeff" + solution_file("gas").replace("\n", "\r\n")
    (solution,) = load_corpus(write_corpus({"gas.md": windows.encode("utf-8")})).solutions
    assert solution.title == expected.title and solution.regions == expected.regions
    assert solution.text == expected.text and "\r" not in solution.text


def test_files_starting_with_underscore_are_not_solutions(write_corpus):
    corpus = load_corpus(write_corpus({"gas.md": solution_file("gas"), "_notes.md": "notes"}))
    assert [s.id for s in corpus.solutions] == ["gas"]


def test_place_outside_the_regions_is_a_warning(write_corpus):
    body = "Dans le Cher, et aussi à Roubaix dans le Nord (59).\n"
    corpus = load_corpus(write_corpus({"gas.md": solution_file("gas", body=body)}))
    warnings = [str(w) for w in corpus.warnings]
    assert any("gas.md:11: le texte nomme « Nord » (Hauts-de-France)" in w for w in warnings)
    assert any("« (59) »" in w for w in warnings), warnings
