"""The wheel ships everything the commands need, and works installed away from the checkout;
a settings folder overrides the templates one file at a time."""

from __future__ import annotations

import os
import re
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from solsearch.config import Settings
from solsearch.web import create_app

from conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from the checkout, as `pip wheel .` builds it."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(folder),
            str(ROOT),
        ],
        check=True,
    )
    (built,) = folder.glob("solsearch-*.whl")
    return built


def test_wheel_ships_templates_static_files_and_the_judged_set(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "search.html",
        "solution.html",
        "static/embed.js",
        "static/search.js",
        "static/solsearch.css",
        "opensearch.xml",
    ):
        assert f"solsearch/templates/{name}" in names
    for name in (
        "evaluation/data/queries.tsv",
        "evaluation/data/qrels.tsv",
        "evaluation/data/own/queries.tsv",
        "evaluation/data/own/qrels.tsv",
    ):
        assert f"solsearch/{name}" in names
    # Every module of the checkout's package, none left behind (an ignore rule once did).
    package = ROOT / "src" / "solsearch"
    modules = {f"solsearch/{p.relative_to(package).as_posix()}" for p in package.rglob("*.py")}
    assert modules <= names


def installed(wheel: Path, folder: Path) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin folder.

    The environment borrows the dependencies of the running one (a .pth file naming its
    site-packages) instead of downloading them, so the test runs offline. A .pth line only
    adds a folder: the .pth files inside it, such as an editable install of the checkout,
    are not run, so solsearch can only come from the wheel.
    """
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    borrowed = [p for p in site.getsitepackages() if not Path(p).is_relative_to(ROOT / "src")]
    (venv / "lib" / version / "site-packages" / "_borrowed.pth").write_text(
        "\n".join(borrowed) + "\n", encoding="utf-8"
    )
    bin_dir = venv / "bin"
    install = [bin_dir / "python", "-m", "pip", "install", "--quiet", "--no-deps", wheel]
    subprocess.run(install, check=True, env=_clean_env(), cwd=folder)
    return bin_dir


def _clean_env() -> dict[str, str]:
    """The environment without anything that would point Python or solsearch elsewhere."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "SOLSEARCH_", "VIRTUAL_ENV", "PIP_"))
    }


def test_the_installed_wheel_indexes_searches_and_evaluates_from_an_empty_folder(wheel, tmp_path):
    bin_dir = installed(wheel, tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    index = tmp_path / "index"

    def run(*args) -> str:
        done = subprocess.run(
            [*args], cwd=empty, env=_clean_env(), capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    where = run(bin_dir / "python", "-c", "import solsearch; print(solsearch.__file__)")
    assert Path(where.strip()).is_relative_to(tmp_path / "venv")
    solsearch = bin_dir / "solsearch"
    built = run(solsearch, "index", "--corpus", CORPUS, "--index", index)
    assert "43 solutions indexées" in built
    found = run(solsearch, "search", "velo", "--index", index)
    total = re.match(r"(\d+) résultats? ", found)
    assert total and int(total[1]) > 0, found
    assert re.search(r"^ +1\. .+ \[[a-z0-9-]+\]", found, re.MULTILINE), found
    measured = run(solsearch, "eval", "--index", index).splitlines()
    assert "nDCG@10" in measured[0]
    assert re.match(r"ensemble +\d+ +[01]\.\d{3} ", measured[1]), measured
    assert list(empty.iterdir()) == []


def test_a_template_folder_overrides_one_template(tmp_path, index_dir):
    (tmp_path / "_count.html").write_text("{{ result.total }} fiches trouvées", encoding="utf-8")
    client = create_app(Settings(index=index_dir, templates=tmp_path)).test_client()
    page = client.get("/?q=garage+solidaire").get_data(as_text=True)
    assert "2 fiches trouvées" in page
    assert '<form role="search"' in page  # the other templates are still the shipped ones
