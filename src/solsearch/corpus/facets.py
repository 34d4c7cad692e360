"""The facets: the fields of a solution a visitor can filter on, each defined once.

Every consumer loops over ``registry()``: the index schema (one field per facet), the
service (checking and normalising request values, counting values), the OpenAPI document,
request parsing, the templates and the command line. A new facet is one ``Facet`` in
``FACETS`` over a field of ``Solution``; its index field is new, so bump
``index.schema.SCHEMA_VERSION`` with it for older generations to be rebuilt.

Consumers call ``registry()`` when they run rather than keep a copy of ``FACETS`` from
import time, so that a registry extended at run time (as the tests do) reaches all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from solsearch.corpus import territories
from solsearch.corpus.territories import place_key
from solsearch.corpus.validation import LIST_FIELDS, STRUCTURES, THEMES


def _same(value: str) -> str:
    return value


@dataclass(frozen=True)
class Facet:
    """One facet: how requests name it, where solutions keep it, how people read it.

    ``normalise`` turns what a visitor wrote (a code or a name, in any case, with or without
    accents) into the value stored in the index, or None when no value matches. ``choices``
    describes the valid values for an error message; it is a function because listing
    places loads pycountry's data, which importing the corpus should not pay for.
    """

    #: The request parameter and the key in the ``filters`` and ``facets`` of an answer.
    name: str
    #: The attribute of ``Solution`` holding the values, also the index field's name.
    field: str
    #: The French name in a sentence ("type de structure"), and its gender for agreement.
    noun: str
    feminine: bool
    normalise: Callable[[str], str | None]
    choices: Callable[[], str]
    #: What a visitor may write, in French, for the CLI help and the OpenAPI document.
    accepts: str
    #: A value the OpenAPI document shows as an example.
    example: str
    label: Callable[[str], str] = _same
    #: Sort key of a label: facet values with the same count are listed in this order.
    sort_key: Callable[[str], str] = place_key

    @property
    def title(self) -> str:
        """The French name at the start of a sentence or as a heading ("Type de structure")."""
        return self.noun[:1].upper() + self.noun[1:]

    @property
    def several(self) -> bool:
        """Whether a solution may have several values (a list field) or exactly one."""
        return self.field in LIST_FIELDS

    def values(self, solution) -> tuple[str, ...]:
        """The values of one solution (a ``Solution``, or anything with the field)."""
        value = getattr(solution, self.field)
        return (value,) if isinstance(value, str) else tuple(value)

    def unknown(self, value: str) -> str:
        """The French message for a value ``normalise`` does not know."""
        unknown = "inconnue" if self.feminine else "inconnu"
        return f"{self.title} {unknown} « {value} » : valeurs possibles : {self.choices()}."

    def description(self) -> str:
        """The OpenAPI description of the request parameter."""
        return f"{self.title} : {self.accepts} ; valeurs possibles : {self.choices()}."

    @property
    def cli_help(self) -> str:
        return f"{self.title} (répétable) : {self.accepts}."


def code_or_name(table: dict[str, str]) -> Callable[[str], str | None]:
    """A ``normalise`` for a fixed vocabulary {code: name}: the code or the name, written
    in any case, with or without accents, hyphens or apostrophes."""
    keys = {place_key(name): code for code, name in table.items()}
    keys.update({place_key(code): code for code in table})
    return lambda text: keys.get(place_key(text))


def _regions() -> str:
    return ", ".join(f"{code} ({r.label})" for code, r in territories.regions().items())


THEME = Facet(
    name="theme",
    field="theme",
    noun="thème",
    feminine=False,
    normalise=code_or_name(THEMES),
    choices=lambda: ", ".join(THEMES),
    accepts="code ou nom",
    example="environnement",
    label=lambda code: THEMES.get(code, code),
)
REGION = Facet(
    name="region",
    field="regions",
    noun="région",
    feminine=True,
    normalise=territories.region_code,
    choices=_regions,
    accepts="code ISO ou nom, même d’avant 2016",
    example="FR-BRE",
    label=territories.region_label,
)
DEPARTMENT = Facet(
    name="department",
    field="departments",
    noun="département",
    feminine=False,
    normalise=territories.department_code,
    choices=lambda: "un code de FR-01 à FR-95, FR-2A, FR-2B, FR-75C, ou un nom de département",
    accepts="code ISO, numéro ou nom",
    example="FR-93",
    label=territories.department_label,
)
STRUCTURE = Facet(
    name="structure",
    field="structures",
    noun="type de structure",
    feminine=False,
    normalise=code_or_name(STRUCTURES),
    choices=lambda: ", ".join(STRUCTURES),
    accepts="sigle ou nom",
    example="ACI",
    label=lambda code: STRUCTURES.get(code, code),
)

#: The registry, in the order pages, answers and commands show the facets.
FACETS: tuple[Facet, ...] = (THEME, REGION, DEPARTMENT, STRUCTURE)


def registry() -> tuple[Facet, ...]:
    """Every facet, read when called (see the module's docstring)."""
    return FACETS


def facet_names() -> tuple[str, ...]:
    return tuple(facet.name for facet in registry())


def facet_named(name: str) -> Facet:
    """The facet a request parameter names; KeyError when there is none."""
    for facet in registry():
        if facet.name == name:
            return facet
    raise KeyError(name)
