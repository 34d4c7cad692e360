"""The README documents every command and every setting, as the code defines them."""

from __future__ import annotations

import pytest

from solsearch.cli import cli
from solsearch.config import settings_help

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert "make serve" in first_block
    assert "make test" in first_block


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_in_the_readme_and_has_an_example(name):
    assert f"solsearch {name}" in README
    assert "Example:" in (cli.commands[name].help or "")


@pytest.mark.parametrize(("variable", "default", "help_text"), settings_help())
def test_every_setting_is_in_the_readme_table(variable, default, help_text):
    row = f"| `{variable}` | {f'`{default}`' if default else ''} | {help_text} |"
    assert row in README
