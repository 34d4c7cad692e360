"""The search vocabulary an editor maintains: acronyms and equivalent expressions.

It lives in the corpus folder as ``_synonymes.toml`` so that editors change it like the
solutions, and it is checked the same way (file, line, what to write). The search service
applies it at query time: a query using one expression of a group also finds the others,
where the index noted them (``analysis.expressions``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from solsearch.corpus.reading import CorpusError, unreadable
from solsearch.corpus.validation import Problem, parse_front_matter

SYNONYMS_FILE = "_synonymes.toml"
_SECTIONS = ("sigles", "equivalences")


@dataclass(frozen=True)
class Synonyms:
    """Groups of equivalent expressions, as written in the file. ``named``: those of an
    acronym, the name of a structure, a scheme or an institution (« entreprise adaptée »,
    « Pôle emploi »), which their words apart do not mean, as the words of a description
    (« mobilité solidaire ») may."""

    groups: tuple[tuple[str, ...], ...] = field(default_factory=tuple)
    named: frozenset[tuple[str, ...]] = frozenset()

    def to_json(self) -> dict[str, list]:
        return {
            "groups": [list(group) for group in self.groups],
            "named": [i for i, group in enumerate(self.groups) if group in self.named],
        }

    @classmethod
    def from_json(cls, data: dict[str, list]) -> Synonyms:
        groups = tuple(tuple(group) for group in data["groups"])
        return cls(groups, frozenset(groups[i] for i in data["named"]))


def load_synonyms(path: Path | str) -> Synonyms:
    """Read and check the synonyms file; a missing file means no synonyms.

    Raises CorpusError listing every problem.
    """
    path = Path(path)
    if not path.exists():
        return Synonyms()
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise CorpusError([Problem(path, 1, f"fichier illisible : {unreadable(exc)}")]) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise CorpusError(
            [Problem(path, line, "encodage invalide : enregistrez en UTF-8")]
        ) from None
    # parse_front_matter numbers lines from the line after a +++ fence: shift back by one.
    data, problems = parse_front_matter(path, text)
    problems = [Problem(p.path, p.line - 1, p.message) for p in problems]
    groups = [] if data is None else _groups(path, text, data, problems)
    if problems:
        raise CorpusError(problems)
    return Synonyms(tuple(g for g, _ in groups), frozenset(g for g, named in groups if named))


def _groups(
    path: Path, text: str, data: dict, problems: list[Problem]
) -> list[tuple[tuple[str, ...], bool]]:
    """Each group with whether it is an acronym's."""
    groups = []
    for section in data.keys() - set(_SECTIONS):
        problems.append(
            Problem(
                path,
                _line_of(text, rf"\[{re.escape(section)}\]"),
                f"section inconnue [{section}] (attendu : [sigles] ou [equivalences])",
            )
        )
    for section in _SECTIONS:
        table = data.get(section, {})
        if not isinstance(table, dict):
            problems.append(
                Problem(
                    path,
                    _line_of(text, section),
                    f"« {section} » doit être une section [{section}]",
                )
            )
            continue
        for key, values in table.items():
            line = _line_of(text, rf"\s*\"?{re.escape(key)}\"?\s*=")
            if isinstance(values, str):
                values = [values]
            if not isinstance(values, list) or not all(
                isinstance(v, str) and v.strip() for v in values
            ):
                problems.append(
                    Problem(
                        path,
                        line,
                        f"« {key} » doit être une liste de textes "
                        f'non vides, par ex. {key} = ["…", "…"]',
                    )
                )
                continue
            group = tuple(dict.fromkeys([key, *values] if section == "sigles" else values))
            if len(group) < 2:
                problems.append(
                    Problem(
                        path, line, f"« {key} » : il faut au moins deux expressions équivalentes"
                    )
                )
                continue
            groups.append((group, section == "sigles"))
    return groups


def _line_of(text: str, pattern: str) -> int:
    regex = re.compile(rf"^{pattern}" if not pattern.startswith(r"\s") else f"^{pattern}")
    for number, line in enumerate(text.split("\n"), start=1):
        if regex.match(line):
            return number
    return 1
