"""Templates ship in the wheel, and a settings folder overrides them one file at a time."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from solsearch.config import Settings
from solsearch.web import create_app

from conftest import ROOT


def test_wheel_ships_templates_and_static_files(tmp_path):
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
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("solsearch-*.whl")
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


def test_a_template_folder_overrides_one_template(tmp_path, index_dir):
    (tmp_path / "_count.html").write_text("{{ result.total }} fiches trouvées", encoding="utf-8")
    client = create_app(Settings(index=index_dir, templates=tmp_path)).test_client()
    page = client.get("/?q=garage+solidaire").get_data(as_text=True)
    assert "2 fiches trouvées" in page
    assert '<form role="search"' in page  # the other templates are still the shipped ones
