"""The corpus: one Markdown file per solution, with TOML front matter, read and validated.

Editors write these files by hand, so every problem is reported with the file, the line
and what to write instead, in French, and all problems of a run are reported at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from solsearch.corpus.solution import Solution
from solsearch.corpus.validation import (
    LIST_FIELDS,
    Problem,
    check_fields,
    display_path,
    place_warnings,
)

_FENCE = "+++"


class CorpusError(Exception):
    """The corpus has errors; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        self.head = f"{count} erreur{'s' if count > 1 else ''} dans le corpus"
        super().__init__("\n".join([self.head + " :", *map(str, problems)]))


@dataclass
class Corpus:
    """The valid solutions of a corpus folder, with the warnings found while reading it."""

    directory: Path
    solutions: list[Solution]
    warnings: list[Problem]

    def get(self, solution_id: str) -> Solution | None:
        return next((s for s in self.solutions if s.id == solution_id), None)


def is_solution_name(name: str) -> bool:
    """Whether a file of a corpus folder is a solution. Files starting with "_" are not, nor
    hidden ones, which editors and systems make beside a file: an Emacs lock (« .#bou-sol.md »,
    a link to nowhere while the file is being edited) or a macOS copy's resource fork
    (« ._bou-sol.md »)."""
    return name.endswith(".md") and not name.startswith(("_", "."))


def corpus_files(directory: Path) -> list[Path]:
    """The solution files of a corpus folder (``is_solution_name``)."""
    return sorted(p for p in Path(directory).glob("*.md") if is_solution_name(p.name))


def require_folder(directory: Path | str) -> Path:
    """The corpus folder, or CorpusError when it does not exist."""
    directory = Path(directory)
    if not directory.is_dir():
        raise CorpusError([Problem(directory, 0, "dossier du corpus introuvable")])
    return directory


def load_corpus(directory: Path | str, warnings: bool = True) -> Corpus:
    """Read and validate every solution file; raise CorpusError listing all errors.

    ``warnings`` (places named outside the listed regions) are for editors checking the
    corpus; building an index skips them.
    """
    directory = require_folder(directory)
    solutions = list(iter_solutions(directory))
    return Corpus(directory, solutions, place_warnings(solutions) if warnings else [])


def iter_solutions(directory: Path | str) -> Iterator[Solution]:
    """Each valid solution in turn, so that a large corpus is never held whole; at the end,
    CorpusError listing every error if any file was invalid (the caller discards what it
    made of the solutions already given)."""
    directory = require_folder(directory)
    errors: list[Problem] = []
    first_path: dict[str, Path] = {}
    found = False
    for path in corpus_files(directory):
        solution, problems, solution_id = read_solution(path)
        errors += problems
        if solution_id is not None:
            first = first_path.setdefault(solution_id, path)
            if first != path:
                message = f"id « {solution_id} » déjà utilisé par {display_path(first)}"
                errors.append(Problem(path, 2, message))
                continue
        if solution is not None and not errors:
            found = True
            yield solution
    if not found and not errors:
        errors.append(Problem(directory, 0, "aucune solution (fichiers *.md) dans ce dossier"))
    if errors:
        raise CorpusError(errors)


def read_solution(path: Path) -> tuple[Solution | None, list[Problem], str | None]:
    """Parse and check one file: the solution when valid, its problems, the id it declares."""
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        return None, [Problem(path, 1, f"fichier illisible : {unreadable(exc)}")], None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        problem = Problem(
            path, line, f"encodage invalide à l’octet {exc.start} : enregistrez le fichier en UTF-8"
        )
        return None, [problem], None
    # A file saved on Windows ends its lines with \r\n: the front matter's last line kept its
    # \r, which TOML refused.
    front, body, problems = _split(path, text.replace("\r\n", "\n"))
    if front is None:
        return None, problems, None
    data, problems = check_fields(path, front)
    declared = data.get("id") if isinstance(data.get("id"), str) else None
    if not body.strip():
        problems.append(
            Problem(
                path,
                front.count("\n") + 4,
                "texte vide : écrivez le texte de la solution après le bloc +++",
            )
        )
    if problems:
        return None, problems, declared
    lists = {name: tuple(data.get(name, ())) for name in LIST_FIELDS}
    solution = Solution(
        data["id"],
        data["title"].strip(),
        data["theme"],
        **lists,
        body=body.strip(),
        contact=data.get("contact", {}),
        path=path,
    )
    return solution, [], declared


def unreadable(error: OSError) -> str:
    """Why a file of the corpus cannot be read, in French."""
    if isinstance(error, FileNotFoundError):  # or removed while the folder was read
        return "lien vers un fichier absent, ou fichier supprimé pendant la lecture"
    if isinstance(error, IsADirectoryError):
        return "c’est un dossier"
    if isinstance(error, PermissionError):
        return "lecture non autorisée (droits du fichier)"
    return f"erreur du système ({error.strerror or error})"


def _split(path: Path, text: str) -> tuple[str | None, str, list[Problem]]:
    """Separate the TOML front matter from the body."""
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].strip() != _FENCE:
        return (
            None,
            "",
            [
                Problem(
                    path,
                    1,
                    "le fichier doit commencer par une ligne +++ suivie "
                    "des champs (id, title, theme…) et d’une autre ligne +++",
                )
            ],
        )
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == _FENCE:
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]), []
    return (
        None,
        "",
        [Problem(path, 1, "bloc +++ non fermé : ajoutez une ligne +++ après le dernier champ")],
    )
