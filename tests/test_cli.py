"""The command line: `solsearch check` on the bundled and on broken corpora."""

from __future__ import annotations

from click.testing import CliRunner

from solsearch.cli import cli

from conftest import CORPUS, solution_file


def test_check_passes_on_the_bundled_corpus():
    result = CliRunner().invoke(cli, ["check", "--corpus", str(CORPUS)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "43 solutions valides" in result.output


def test_check_lists_every_error_and_exits_1(write_corpus):
    folder = write_corpus(
        {
            "a.md": solution_file("a", 'id = "a"\ntitle = "x"\ntheme = "mer"\n'),
            "b.md": "pas de bloc\n",
        }
    )
    result = CliRunner().invoke(cli, ["check", "--corpus", str(folder)])
    assert result.exit_code == 1
    assert "a.md:4: thème inconnu « mer »" in result.output
    assert "a.md:2: champ « organisations » manquant" in result.output
    assert "b.md:1: le fichier doit commencer par une ligne +++" in result.output
    assert "Error: 7 erreurs dans le corpus" in result.output


def test_check_warns_about_a_place_outside_the_regions(write_corpus):
    folder = write_corpus({"gas.md": solution_file("gas", body="À Baugy et à Lille (59).\n")})
    result = CliRunner().invoke(cli, ["check", "--corpus", str(folder)])
    assert result.exit_code == 0
    assert "gas.md:11: le texte nomme « (59) » (Hauts-de-France)" in result.output
    assert "(avertissement)" in result.output


def test_check_reads_the_corpus_from_the_environment(write_corpus):
    folder = write_corpus({"gas.md": solution_file("gas")})
    result = CliRunner().invoke(cli, ["check"], env={"SOLSEARCH_CORPUS": str(folder)})
    assert result.exit_code == 0, result.output
    assert "1 solutions valides" in result.output or "1 solution valide" in result.output


def test_missing_corpus_folder_is_one_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["check", "--corpus", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "dossier du corpus introuvable" in result.output
