"""French regions and departments: ISO 3166-2 codes, French labels and the names people write.

pycountry's ISO 3166-2:FR is the source of the codes, the French labels and the
department → region links. What it does not know is how the corpus and visitors write
places: department numbers ("(92)"), names without accents or hyphens, and the regions
that existed before the 2016 reform ("Picardie", "Nord-Pas de Calais-Picardie").
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import cache

import pycountry
from unidecode import unidecode

# Regions before 2016, the transitional names of 2016 and the names and abbreviations in
# common use (« PACA », « IDF », « Région parisienne »), mapped to today's region. Not
# « AURA » for Auvergne-Rhône-Alpes: « il aura » would be a place.
_OLD_REGIONS = {
    "Alsace": "FR-GES",
    "Aquitaine": "FR-NAQ",
    "Auvergne": "FR-ARA",
    "Basse-Normandie": "FR-NOR",
    "Bourgogne": "FR-BFC",
    "Centre": "FR-CVL",
    "Champagne-Ardenne": "FR-GES",
    "Franche-Comté": "FR-BFC",
    "Haute-Normandie": "FR-NOR",
    "Languedoc-Roussillon": "FR-OCC",
    "Limousin": "FR-NAQ",
    "Lorraine": "FR-GES",
    "Midi-Pyrénées": "FR-OCC",
    "Nord-Pas-de-Calais": "FR-HDF",
    "Picardie": "FR-HDF",
    "Poitou-Charentes": "FR-NAQ",
    "Rhône-Alpes": "FR-ARA",
    "Alsace-Champagne-Ardenne-Lorraine": "FR-GES",
    "Aquitaine-Limousin-Poitou-Charentes": "FR-NAQ",
    "Languedoc-Roussillon-Midi-Pyrénées": "FR-OCC",
    "Nord-Pas-de-Calais-Picardie": "FR-HDF",
    "PACA": "FR-PAC",
    "IDF": "FR-IDF",
    "BFC": "FR-BFC",
    "HDF": "FR-HDF",
    "Pays de Loire": "FR-PDL",
    "Région parisienne": "FR-IDF",
}

# Words that, just before a department name, show it is part of another name
# ("Romans-sur-Isère", "Erdre et Loire"), not the department itself.
_NOT_A_PLACE_BEFORE = ("sur", "et", "de la")
# ... and words just after it that show a direction or a common noun ("le Nord du Rhône").
_NOT_A_PLACE_AFTER = re.compile(r"[\s-]+(?:du|de|des|d')\b", re.IGNORECASE)
# Old region names too common as words to be read as places in running text.
_TOO_COMMON = {"Centre"}


@dataclass(frozen=True)
class Region:
    code: str
    label: str


@dataclass(frozen=True)
class Department:
    code: str
    label: str
    number: str
    region: str


@dataclass(frozen=True)
class Place:
    """A place named in a text: the words as written, and the region they are in."""

    text: str
    region: str
    department: str | None = None


def place_key(name: str) -> str:
    """Fold a place name for lookups: no accents, no case, no hyphens or apostrophes, and
    « St », « Ste » written out (« Seine-St-Denis »)."""
    words = re.sub(r"[^0-9a-z]+", " ", unidecode(name).lower()).split()
    return " ".join(_ABBREVIATED.get(word, word) for word in words)


_ABBREVIATED = {"st": "saint", "ste": "sainte"}


@cache
def _french() -> gettext.NullTranslations:
    return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)


def _label(subdivision) -> str:
    return _french().gettext(subdivision.name)


@cache
def regions() -> dict[str, Region]:
    """The 13 metropolitan regions of 2016, by ISO code, in label order."""
    found = [
        Region(s.code, _label(s))
        for s in pycountry.subdivisions.get(country_code="FR")
        if s.type == "Metropolitan region" or s.code == "FR-20R"
    ]
    return {r.code: r for r in sorted(found, key=lambda r: place_key(r.label))}


def _region_above(code: str) -> str | None:
    """Walk up the parents (Bas-Rhin → Alsace → Grand Est) to a region."""
    while code and code not in regions():
        parent = pycountry.subdivisions.get(code=code).parent_code
        if parent is None:
            return None
        code = parent
    return code


@cache
def departments() -> dict[str, Department]:
    """The metropolitan departments (and Paris), by ISO code, in number order."""
    found = []
    for s in pycountry.subdivisions.get(country_code="FR"):
        if s.type != "Metropolitan department" and s.code != "FR-75C":
            continue
        region = _region_above(s.code)
        if region is not None:
            number = s.code.removeprefix("FR-").removesuffix("C")
            found.append(Department(s.code, _label(s), number, region))
    return {d.code: d for d in sorted(found, key=lambda d: d.number)}


@cache
def _region_names() -> dict[str, str]:
    names = {place_key(old): code for old, code in _OLD_REGIONS.items()}
    for region in regions().values():
        names[place_key(region.label)] = region.code
        names[place_key(region.code)] = region.code
        names[place_key(region.code.removeprefix("FR-"))] = region.code
    return names


@cache
def _department_names() -> dict[str, str]:
    names = {}
    for dep in departments().values():
        names[place_key(dep.label)] = dep.code
        names[place_key(dep.number)] = dep.code
        names[place_key("FR-" + dep.number)] = dep.code
        names[place_key(dep.code)] = dep.code
    return names


def region_code(text: str) -> str | None:
    """The region code for a code or a name, current or pre-2016, written any way."""
    return _region_names().get(place_key(text))


def department_code(text: str) -> str | None:
    """The department code for a code, a number ("92", "(92)") or a name, written any way."""
    return _department_names().get(place_key(text))


def region_label(code: str) -> str:
    return regions()[code].label


def named_place(key: str) -> str | None:
    """The region or department (its code) that a folded name (``place_key``) names."""
    return _region_names().get(key) or _department_names().get(key)


def place_label(code: str) -> str:
    """The French name of a region or a department, by its code."""
    return region_label(code) if code in regions() else department_label(code)


def former_region(key: str) -> str | None:
    """Today's region for a name it had before 2016 (« Midi-Pyrénées », « Picardie »,
    « PACA »), folded (``place_key``), which visitors still type; None for any other text
    and for names too common as words (« Centre »)."""
    return _former_names().get(key)


@cache
def _former_names() -> dict[str, str]:
    return {place_key(old): code for old, code in _OLD_REGIONS.items() if old not in _TOO_COMMON}


@cache
def overseas_names() -> frozenset[str]:
    """The folded names of several words of the territories overseas (« La Réunion »,
    « Saint-Pierre-et-Miquelon »): outside the 13 regions, so no solution is there, but
    typed, they are still one place's name."""
    return frozenset(
        key
        for s in pycountry.subdivisions.get(country_code="FR")
        if s.type.startswith(("Overseas", "Dependency"))
        for key in [place_key(re.sub(r"\s*\(.*\)", "", _label(s))), place_key(_label(s))]
        if " " in key
    )


@cache
def first_words() -> frozenset[str]:
    """The first word of every name of a region, a department or a territory overseas,
    folded: a cheap test that a query's word may begin one."""
    names = (*_region_names(), *_department_names(), *overseas_names())
    return frozenset(key.split()[0] for key in names)


def department_label(code: str) -> str:
    return departments()[code].label


@cache
def _names_pattern() -> re.Pattern[str]:
    """One pattern for every region and department name, longest first, hyphen or space."""
    names = {unidecode(r.label) for r in regions().values()}
    names |= {unidecode(old) for old in _OLD_REGIONS if old not in _TOO_COMMON}
    names |= {unidecode(d.label) for d in departments().values()}
    spelled = [
        r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", name))
        for name in sorted(names, key=len, reverse=True)
    ]
    return re.compile(r"\b(" + "|".join(spelled) + r")\b|\((\d{2}|2[AB])\)")


def find_places(text: str) -> list[Place]:
    """Regions and departments named in a text: capitalised names and numbers like "(92)"."""
    folded, origin = _fold_with_origin(text)
    places = []
    for match in _names_pattern().finditer(folded):
        before = folded[: match.start()].rstrip(" -").lower()
        after = _NOT_A_PLACE_AFTER.match(folded, match.end())
        if match.group(1) and (before.endswith(_NOT_A_PLACE_BEFORE) or after):
            continue
        written = text[origin[match.start()] : origin[match.end() - 1] + 1]
        dep = department_code(written)
        if dep is not None:
            places.append(Place(written, departments()[dep].region, dep))
        elif (region := region_code(written)) is not None:
            places.append(Place(written, region))
    return places


def _fold_with_origin(text: str) -> tuple[str, list[int]]:
    """The text without accents, and for each folded character its index in ``text``."""
    folded, origin = [], []
    for index, char in enumerate(text):
        ascii_char = unidecode(char) if ord(char) > 127 else char
        folded.append(ascii_char)
        origin += [index] * len(ascii_char)
    return "".join(folded), origin
