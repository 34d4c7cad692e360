"""Checks of corpus files: the vocabulary they may use and messages editors can act on.

Each message says what is wrong and what to write instead, in French, with the line of the
field in the file (the front matter starts on line 2, after the opening +++).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from unidecode import unidecode

from solsearch.corpus import territories

THEMES = {
    "emploi": "Emploi et insertion",
    "territoires": "Atouts des territoires",
    "environnement": "Ressources et planète",
}

STRUCTURES = {
    "ACI": "Atelier et chantier d’insertion",
    "AI": "Association intermédiaire",
    "CAE": "Coopérative d’activité et d’emploi",
    "EA": "Entreprise adaptée",
    "EI": "Entreprise d’insertion",
    "ESAT": "Établissement et service d’aide par le travail",
    "ETTI": "Entreprise de travail temporaire d’insertion",
    "GEIQ": "Groupement d’employeurs pour l’insertion et la qualification",
    "GES": "Groupe économique solidaire",
    "PTCE": "Pôle territorial de coopération économique",
    "SCIC": "Société coopérative d’intérêt collectif",
    "SCOP": "Société coopérative et participative",
    "SIAE": "Structure d’insertion par l’activité économique",
}


@dataclass(frozen=True)
class Problem:
    """An error or a warning about one line of one corpus file."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}: {self.message}"


def display_path(path: Path) -> str:
    """A path relative to the working directory when it is below it, as editors type it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def parse_front_matter(path: Path, front: str) -> tuple[dict | None, list[Problem]]:
    """tomllib's parse, with its error turned into a file:line message."""
    try:
        return tomllib.loads(front), []
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) + 1 if match else 2
        reason = re.sub(r"\s*\(at .*\)$", "", str(exc))
        return None, [
            Problem(
                path,
                line,
                f"TOML invalide ({reason}) : vérifiez les guillemets, "
                "les crochets et le signe = de cette ligne",
            )
        ]


CONTACT_FIELDS = ("address", "phone", "email", "website", "hours", "people")
TEXT_FIELDS = ("id", "title", "theme")
LIST_FIELDS = ("organisations", "regions", "departments", "cities", "structures")
_NON_EMPTY_LISTS = ("organisations",)
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _field_line(front: str, name: str) -> int:
    """The file line on which a front-matter key is written (line 2 when absent)."""
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*=|^\s*\[{re.escape(name)}\]")
    for number, line in enumerate(front.split("\n"), start=2):
        if pattern.match(line):
            return number
    return 2


def _listing(values) -> str:
    return ", ".join(values)


def check_fields(path: Path, front: str) -> tuple[dict, list[Problem]]:
    """Parse the front matter and check every field; return the data and all problems."""
    data, problems = parse_front_matter(path, front)
    if data is None:
        return {}, problems

    def problem(name: str, message: str) -> None:
        problems.append(Problem(path, _field_line(front, name), message))

    known = {*TEXT_FIELDS, *LIST_FIELDS, "contact"}
    for name in data.keys() - known:
        problem(name, f"champ inconnu « {name} » (champs possibles : {_listing(sorted(known))})")
    for name in TEXT_FIELDS:
        value = data.get(name)
        if value is None:
            problem(name, f'champ « {name} » manquant : ajoutez une ligne {name} = "…"')
        elif not isinstance(value, str) or not value.strip():
            problem(name, f"champ « {name} » vide : écrivez un texte entre guillemets")
    for name in LIST_FIELDS:
        value = data.get(name)
        if value is None:
            problem(
                name,
                f"champ « {name} » manquant : ajoutez une ligne {name} = [] "
                'ou {name} = ["…"]'.replace("{name}", name),
            )
        elif not isinstance(value, list) or not all(
            isinstance(v, str) and v.strip() for v in value
        ):
            problem(name, f'« {name} » doit être une liste de textes, par ex. {name} = ["…"]')
        elif name in _NON_EMPTY_LISTS and not value:
            problem(name, f"champ « {name} » vide : nommez au moins une organisation")
    # Check the vocabulary of every field that is well formed, so one run lists everything.
    valid = {
        name: value
        for name, value in data.items()
        if (name in TEXT_FIELDS and isinstance(value, str) and value.strip())
        or (
            name in LIST_FIELDS
            and isinstance(value, list)
            and all(isinstance(v, str) for v in value)
        )
    }
    if "id" in valid:
        _check_id(path, valid["id"], problem)
    _check_vocabulary(valid, problem)
    _check_contact(data.get("contact"), problem)
    return data, problems


def _check_id(path: Path, value: str, problem) -> None:
    if not _ID.fullmatch(value):
        problem(
            "id",
            f"id « {value} » invalide : lettres minuscules sans accents, chiffres et "
            "tirets seulement",
        )
    elif value != path.stem:
        problem(
            "id",
            f'id « {value} » différent du nom du fichier : écrivez id = "{path.stem}" '
            f"ou renommez le fichier en {value}.md",
        )


def _check_vocabulary(data: dict, problem) -> None:
    if "theme" in data and data["theme"] not in THEMES:
        problem("theme", f"thème inconnu « {data['theme']} » (attendu : {_listing(THEMES)})")
    regions = territories.regions()
    for value in data.get("regions", ()):
        if value not in regions:
            problem(
                "regions",
                f"région inconnue « {value} »{_suggest(territories.region_code(value))}"
                f" (attendu : {_listing(regions)})",
            )
    departments = territories.departments()
    for value in data.get("departments", ()):
        dep = departments.get(value)
        if dep is None:
            problem(
                "departments",
                f"département inconnu « {value} »"
                f"{_suggest(territories.department_code(value))} (attendu : un "
                "code de FR-01 à FR-95, FR-2A, FR-2B ou FR-75C pour Paris)",
            )
        elif "regions" in data and dep.region not in data["regions"]:
            problem(
                "departments",
                f"département {value} ({dep.label}) hors des régions indiquées :"
                f" ajoutez « {dep.region} » "
                f"({territories.region_label(dep.region)}) à regions",
            )
    for value in data.get("structures", ()):
        if value not in STRUCTURES:
            problem(
                "structures",
                f"type de structure inconnu « {value} » (attendu : {_listing(STRUCTURES)})",
            )


def _suggest(code: str | None) -> str:
    return f" : écrivez « {code} »" if code else ""


def _check_contact(contact, problem) -> None:
    if contact is None:
        return
    if not isinstance(contact, dict):
        problem(
            "contact", "« contact » doit être une table [contact] placée après les autres champs"
        )
        return
    for name, value in contact.items():
        if name not in CONTACT_FIELDS:
            problem(
                "contact",
                f"champ de contact inconnu « {name} » "
                f"(champs possibles : {_listing(CONTACT_FIELDS)})",
            )
        elif not isinstance(value, str | list):
            problem("contact", f"contact « {name} » doit être un texte ou une liste de textes")


def place_warnings(solutions) -> list[Problem]:
    """Warn where a body names a department, old region or corpus city outside its regions."""
    city_regions = {}
    for solution in solutions:
        if len(solution.regions) == 1:
            for city in solution.cities:
                city_regions.setdefault(city, solution.regions[0])
    city_pattern = _words_pattern(city_regions)
    warnings = []
    for solution in solutions:
        named = [(p.text, p.region) for p in territories.find_places(solution.body)]
        if city_pattern is not None:
            folded = unidecode(solution.body)
            named += [
                (m.group(0), city_regions[_unfold(city_regions, m.group(0))])
                for m in city_pattern.finditer(folded)
            ]
        for text, region in dict.fromkeys(named):
            if region not in solution.regions:
                label = territories.region_label(region)
                warnings.append(
                    Problem(
                        solution.path,
                        _body_line(solution, text),
                        f"le texte nomme « {text} » ({label}) mais regions "
                        f"ne contient pas « {region} »",
                    )
                )
    return warnings


def _words_pattern(names) -> re.Pattern[str] | None:
    if not names:
        return None
    spelled = [
        r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", unidecode(n))))
        for n in sorted(names, key=len, reverse=True)
    ]
    return re.compile(r"\b(?:" + "|".join(spelled) + r")\b")


def _unfold(names, written: str) -> str:
    key = territories.place_key(written)
    return next(n for n in names if territories.place_key(n) == key)


def _body_line(solution, text: str) -> int:
    """The file line where a body first names ``text`` (accents ignored)."""
    lines = solution.path.read_text(encoding="utf-8").split("\n")
    body_start = lines.index("+++", 1) + 1 if "+++" in lines[1:] else 0
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        if text in unidecode(line):
            return number
    return 1
