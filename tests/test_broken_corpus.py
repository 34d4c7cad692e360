"""A rebuild from a broken corpus is refused with the file and the line, through the CLI, and
the index in service is left as it was: same generation, same results."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

from solsearch.cli import cli

from conftest import CORPUS

QUERIES = ["", "garage solidaire", "monnaie locale", "chantier d’insertion bretagne"]
FILE = "gas-garage.md"


def line_of(text: str, start: str) -> int:
    """The 1-based number of the first line starting with ``start``."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start))


def replace_line(text: str, start: str, new: str) -> tuple[str, int]:
    number = line_of(text, start)
    lines = text.split("\n")
    lines[number - 1] = new
    return "\n".join(lines), number


def bad_toml(text):
    return replace_line(text, "title =", 'title = "Le GAS, sans guillemet fermant')


def missing_field(text):
    return replace_line(text, "theme =", "")[0], 2  # an absent field is reported on line 2


def unknown_region(text):
    return replace_line(text, "regions =", 'regions = ["FR-XYZ"]')


def unknown_theme(text):
    return replace_line(text, "theme =", 'theme = "emplois"')


def invalid_utf8(text):
    body = line_of(text, "Au GAS")
    return text.replace("Au GAS", "Au G\udcffAS", 1), body


def empty_body(text):
    closing = text.index("+++", 3)
    return text[: closing + 4], text[:closing].count("\n") + 2


def no_front_matter(text):
    return text.replace("+++\n", "", 1), 1


def other_id(text):
    return replace_line(text, "id =", 'id = "un-autre-garage"')


# The file broken, how (giving the new text and the line to report), words of the message.
BROKEN = {
    "bad-toml": (FILE, bad_toml, "TOML invalide"),
    "missing-field": (FILE, missing_field, "champ « theme » manquant"),
    "unknown-region": (FILE, unknown_region, "région inconnue « FR-XYZ »"),
    "unknown-theme": (FILE, unknown_theme, "thème inconnu « emplois »"),
    "invalid-utf8": (FILE, invalid_utf8, "encodage invalide"),
    "empty-body": (FILE, empty_body, "texte vide"),
    "no-front-matter": (FILE, no_front_matter, "doit commencer par une ligne +++"),
    "other-id": (FILE, other_id, "différent du nom du fichier"),
    "new-file": ("nouvelle.md", lambda _: ('+++\nid = "nouvelle"\n+++\nTexte.\n', 2), "manquant"),
}


def synonyms_bad_toml(text):
    return replace_line(text, "IAE =", 'IAE = ["insertion par l’activité économique]')


def synonyms_unknown_section(text):
    return replace_line(text, "[equivalences]", "[equivalence]")


def synonyms_single(text):
    return replace_line(text, "AI =", 'AI = ["AI"]')


BROKEN |= {
    "synonyms-bad-toml": ("_synonymes.toml", synonyms_bad_toml, "TOML invalide"),
    "synonyms-section": ("_synonymes.toml", synonyms_unknown_section, "section inconnue"),
    "synonyms-single": ("_synonymes.toml", synonyms_single, "au moins deux expressions"),
}


def results(service) -> dict[str, tuple[int, list[str]]]:
    from solsearch.search import SearchQuery

    found = {}
    for text in QUERIES:
        result = service.search(SearchQuery(text, per_page=50))
        found[text] = (result.total, [hit.id for hit in result.hits])
    return found


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """An index in service, built from a copy of the bundled corpus, and what it answers."""
    from solsearch.index import build_index
    from solsearch.search import SearchService

    base = tmp_path_factory.mktemp("broken")
    shutil.copytree(CORPUS, base / "pristine")
    build_index(base / "pristine", base / "index")
    service = SearchService(base / "index")
    return base / "index", service, results(service), service.health().generation


@pytest.mark.parametrize("full", [False, True], ids=["incremental", "full"])
@pytest.mark.parametrize(("broken", "breakage", "message"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_corpus_is_refused_with_file_and_line(
    live, tmp_path, monkeypatch, broken, breakage, message, full
):
    from solsearch.index import read_current
    from solsearch.search import SearchService

    index, service, before, generation = live
    current = read_current(index)
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    original = (corpus / broken).read_text("utf-8") if (corpus / broken).exists() else ""
    text, line = breakage(original)
    (corpus / broken).write_bytes(text.encode("utf-8", "surrogateescape"))
    monkeypatch.chdir(tmp_path)  # the CLI names files as given: corpus/…
    arguments = ["index", "--corpus", "corpus", "--index", str(index)]
    done = CliRunner().invoke(cli, arguments + (["--full"] if full else []))
    output = done.output
    assert done.exception is None or isinstance(done.exception, SystemExit), output
    assert done.exit_code == 1, output
    assert f"corpus/{broken}:{line}: " in output, output
    assert message in output, output
    assert re.search(r"\d+ erreurs? dans le corpus : l’index en service n’a pas changé", output)
    assert "Traceback" not in output
    assert service.health().generation == generation
    assert read_current(index) == current
    assert results(service) == before
    assert results(SearchService(index)) == before
    assert not list(index.glob(".build-*"))


def dangling_link(path):
    path.symlink_to(path.parent / "nulle-part.md")


def folder_instead(path):
    path.unlink(missing_ok=True)
    path.mkdir()


# A file of the corpus that cannot be read, and what the editor is told.
UNREADABLE = {
    "link-to-nowhere": ("lien.md", dangling_link, "lien vers un fichier absent"),
    "folder": ("dossier.md", folder_instead, "c’est un dossier"),
    "synonyms-folder": ("_synonymes.toml", folder_instead, "c’est un dossier"),
}


@pytest.mark.parametrize("full", [False, True], ids=["incremental", "full"])
@pytest.mark.parametrize(("name", "make", "message"), UNREADABLE.values(), ids=UNREADABLE.keys())
def test_a_file_that_cannot_be_read_is_refused_by_name(
    live, tmp_path, monkeypatch, name, make, message, full
):
    index, service, before, generation = live
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    make(corpus / name)
    monkeypatch.chdir(tmp_path)
    arguments = ["index", "--corpus", "corpus", "--index", str(index)]
    done = CliRunner().invoke(cli, arguments + (["--full"] if full else []))
    assert done.exit_code == 1, done.output
    assert f"corpus/{name}:1: fichier illisible : {message}" in done.output
    assert "Traceback" not in done.output
    assert service.health().generation == generation
    assert results(service) == before


def test_files_editors_and_systems_hide_beside_a_solution_are_not_read(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    # Emacs's lock while the file is being edited: a link to nowhere.
    (corpus / f".#{FILE}").symlink_to("editeur@poste.4242:1765000000")
    # The resource fork a macOS copy leaves on a shared drive: binary, not UTF-8.
    (corpus / f"._{FILE}").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X\xff\xfe")
    monkeypatch.chdir(tmp_path)
    for extra in ([], ["--full"]):
        done = CliRunner().invoke(cli, ["index", "--corpus", "corpus", "--index", "index", *extra])
        assert done.exit_code == 0, done.output
        assert "43 solutions indexées" in done.output
