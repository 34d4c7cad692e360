"""The command line: `solsearch check` on the bundled and on broken corpora."""

from __future__ import annotations

import json

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
    assert "1 solution valide dans" in result.output


def test_missing_corpus_folder_is_one_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["check", "--corpus", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "dossier du corpus introuvable" in result.output


def test_index_search_and_eval_commands(tmp_path):
    runner = CliRunner()
    index = str(tmp_path / "index")
    built = runner.invoke(
        cli, ["index", "--corpus", str(CORPUS), "--index", index], catch_exceptions=False
    )
    assert built.exit_code == 0, built.output
    assert "43 solutions indexées en" in built.output
    found = runner.invoke(
        cli, ["search", "garage solidaire", "--index", index], catch_exceptions=False
    )
    assert found.exit_code == 0
    assert "2 résultats" in found.output and "[solidarauto]" in found.output
    assert "absent" not in found.output  # both solutions have both words
    by_meaning = runner.invoke(
        cli, ["search", "gare désaffectée", "--index", index], catch_exceptions=False
    )
    assert "plus proches par le sens" in by_meaning.output
    assert "[chacasol]" in by_meaning.output and "Mot absent : « désaffectée »" in by_meaning.output
    as_json = runner.invoke(
        cli,
        ["search", "garage", "--region", "centre-val de loire", "--json", "--index", index],
        catch_exceptions=False,
    )
    data = json.loads(as_json.output)
    assert data["filters"]["region"] == ["FR-CVL"]
    assert [r["id"] for r in data["results"]] == ["gas-garage"]
    measured = runner.invoke(cli, ["eval", "--index", index], catch_exceptions=False)
    assert measured.exit_code == 0
    assert measured.output.splitlines()[1].startswith("ensemble")
    typed = runner.invoke(cli, ["eval", "--typos", "--index", index], catch_exceptions=False)
    assert typed.exit_code == 0
    assert typed.output.splitlines()[1].split()[:2] == ["ensemble", str(3 * 54)]


def test_search_errors_are_one_line_and_exit_1(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(cli, ["search", "emploi", "--index", str(tmp_path / "none")])
    assert missing.exit_code == 1
    assert "lancez `solsearch index`" in missing.output
    index = str(tmp_path / "index")
    runner.invoke(cli, ["index", "--corpus", str(CORPUS), "--index", index])
    bad = runner.invoke(cli, ["search", "emploi", "--region", "Atlantide", "--index", index])
    assert bad.exit_code == 1
    assert "Error: Région inconnue « Atlantide »" in bad.output


def test_index_refuses_an_invalid_corpus(write_corpus, tmp_path):
    folder = write_corpus({"gas.md": solution_file("gas", 'id = "gas"\n')})
    result = CliRunner().invoke(
        cli, ["index", "--corpus", str(folder), "--index", str(tmp_path / "index")]
    )
    assert result.exit_code == 1
    assert "gas.md:2: champ « title » manquant" in result.output
    assert "l’index en service n’a pas changé" in result.output
