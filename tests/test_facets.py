"""The facet registry: each facet's normalisation and messages, and a new facet being one entry.

The second half registers a facet over the solutions' existing ``cities`` field and follows it
through every consumer: the index, the service, the API, the OpenAPI document, the search page
and the command line. Nothing else is changed for it.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner

from solsearch.cli import cli
from solsearch.config import Settings
from solsearch.corpus import Facet, Solution, facet_named, facet_names, registry
from solsearch.corpus import facets as facet_registry
from solsearch.index import build_index
from solsearch.search import QueryError, SearchQuery, SearchService
from solsearch.search.filtering import check_filters
from solsearch.web import create_app

from conftest import CORPUS, page_text


@pytest.mark.parametrize(
    ("name", "written", "stored"),
    [
        ("theme", "emploi", "emploi"),
        ("theme", " EMPLOI ", "emploi"),
        ("theme", "Ressources et planète", "environnement"),
        ("theme", "ressources et planete", "environnement"),
        ("region", "FR-BRE", "FR-BRE"),
        ("region", "bre", "FR-BRE"),
        ("region", "Île-de-France", "FR-IDF"),
        ("region", "ile de france", "FR-IDF"),
        ("region", "Picardie", "FR-HDF"),
        ("department", "FR-93", "FR-93"),
        ("department", "93", "FR-93"),
        ("department", "seine saint denis", "FR-93"),
        ("department", "Corse-du-Sud", "FR-2A"),
        ("structure", "aci", "ACI"),
        ("structure", "Entreprise d'insertion", "EI"),
        ("structure", "ETABLISSEMENT ET SERVICE D’AIDE PAR LE TRAVAIL", "ESAT"),
    ],
)
def test_a_code_or_a_name_written_any_way_becomes_the_stored_code(name, written, stored):
    assert facet_named(name).normalise(written) == stored


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("theme", "sport"),
        ("theme", ""),
        ("region", "FR-XXX"),
        ("region", "Atlantide"),
        ("department", "999"),
        ("department", "FR-99"),
        ("structure", "XYZ"),
        ("structure", "-"),
    ],
)
def test_an_unknown_value_normalises_to_none(name, written):
    assert facet_named(name).normalise(written) is None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("theme", "Thème inconnu « x » : valeurs possibles : emploi, territoires, environnement."),
        ("region", "Région inconnue « x » : valeurs possibles : FR-ARA (Auvergne-Rhône-Alpes), "),
        ("department", "Département inconnu « x » : valeurs possibles : un code de FR-01 à FR-95"),
        ("structure", "Type de structure inconnu « x » : valeurs possibles : ACI, AI, CAE, "),
    ],
)
def test_unknown_value_messages_agree_with_the_facet_name(name, message):
    assert facet_named(name).unknown("x").startswith(message)


def test_the_registry_names_each_facet_once_over_a_solution_field():
    assert facet_names() == ("theme", "region", "department", "structure")
    fields = {f.name for f in dataclasses.fields(Solution)}
    assert all(facet.field in fields for facet in registry())
    assert [facet.several for facet in registry()] == [False, True, True, True]
    with pytest.raises(KeyError):
        facet_named("city")


def test_check_filters_normalises_and_drops_repeats():
    checked = check_filters({"region": ("bretagne", "FR-BRE", "Picardie"), "theme": ("Emploi",)})
    assert checked == {
        "theme": ("emploi",),
        "region": ("FR-BRE", "FR-HDF"),
        "department": (),
        "structure": (),
    }


def test_check_filters_refuses_too_many_values_and_quotes_little_of_a_long_one():
    with pytest.raises(QueryError, match=r"^Trop de valeurs pour « region » : 20 au plus\.$"):
        check_filters({"region": ("FR-BRE",) * 21})
    with pytest.raises(QueryError) as caught:
        check_filters({"theme": ("x" * 500,)})
    assert caught.value.message.startswith(f"Thème inconnu « {'x' * 80} » :")


def test_search_query_takes_facets_by_keyword_or_as_a_mapping():
    by_keyword = SearchQuery("garage", region=("FR-BRE",), theme=())
    as_mapping = SearchQuery("garage", {"region": ["FR-BRE"]})
    assert by_keyword == as_mapping and hash(by_keyword) == hash(as_mapping)
    assert dict(by_keyword.filters) == {"region": ("FR-BRE",)}
    assert SearchQuery(region="FR-BRE").values("region") == ("FR-BRE",)  # one value, not letters
    assert dataclasses.replace(by_keyword, page=3).filters == by_keyword.filters
    assert by_keyword.without("region") == SearchQuery("garage")
    with pytest.raises(TypeError, match="regoin"):
        SearchQuery(regoin=("FR-BRE",))


# --- A new facet: one registry entry over an existing field ----------------------------------

CITY = Facet(
    name="city",
    field="cities",
    noun="commune",
    feminine=True,
    normalise=lambda text: text or None,
    choices=lambda: "le nom d’une commune, tel que les solutions l’écrivent",
    accepts="nom de la commune",
    example="Besançon",
)


@pytest.fixture
def city_registered(monkeypatch):
    """The registry with a city facet, for one test."""
    monkeypatch.setattr(facet_registry, "FACETS", (*facet_registry.FACETS, CITY))


@pytest.fixture(scope="module")
def city_index(tmp_path_factory):
    """The bundled corpus indexed with the city facet registered."""
    index = tmp_path_factory.mktemp("city-index")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(facet_registry, "FACETS", (*facet_registry.FACETS, CITY))
        build_index(CORPUS, index)
    return index


@pytest.fixture
def with_city(city_registered, city_index):
    return city_index


@pytest.fixture
def city_client(with_city):
    return create_app(Settings(corpus=CORPUS, index=with_city)).test_client()


def test_the_service_filters_and_counts_a_new_facet(with_city):
    result = SearchService(with_city).search(SearchQuery(city=("Besançon",), per_page=50))
    assert sorted(hit.id for hit in result.hits) == [
        "intermed-besancon",
        "intermed-verts",
        "la-pive",
    ]
    assert result.filters["city"] == ("Besançon",)
    cities = {v.value: (v.count, v.selected) for v in result.facets["city"]}
    assert cities["Besançon"] == (3, True)
    assert cities["Poligny"] == (1, False)
    assert cities["Rouen"] == (2, False)  # each facet is counted without its own filter


def test_the_api_takes_a_new_facet_and_lists_its_values(city_client):
    data = city_client.get("/api/search?city=Rouen").get_json()
    assert data["total"] == 2
    assert data["filters"]["city"] == ["Rouen"]
    rouen = next(v for v in data["facets"]["city"] if v["value"] == "Rouen")
    assert rouen == {"value": "Rouen", "label": "Rouen", "count": 2, "selected": True}
    blank = city_client.get("/api/search?city=").get_json()
    assert blank["total"] == 43  # a blank value is no filter


def test_the_openapi_document_describes_a_new_facet(city_client):
    document = city_client.get("/api/openapi.json").get_json()
    parameters = {p["name"]: p for p in document["paths"]["/api/search"]["get"]["parameters"]}
    assert parameters["city"]["description"] == (
        "Commune : nom de la commune ; valeurs possibles : "
        "le nom d’une commune, tel que les solutions l’écrivent."
    )
    assert parameters["city"]["schema"]["maxItems"] == 20
    filters = document["components"]["schemas"]["SearchResponse"]["properties"]["filters"]
    assert "city" in filters["properties"]


def test_the_search_page_shows_a_new_facet_group(city_client):
    page = page_text(city_client.get("/?city=Besan%C3%A7on"))
    assert '<fieldset class="facet" id="facette-city">' in page
    assert "<legend>Commune</legend>" in page
    assert 'name="city" value="Besançon" id="f-city-Besançon" checked' in page
    assert 'name="city" value="Le Peyrat" id="f-city-Le_Peyrat">' in page
    nothing = page_text(city_client.get("/?q=garage+solidaire&city=Rouen"))
    assert "Sans le filtre commune : 2 résultats" in nothing


def test_the_search_command_has_an_option_for_a_new_facet(with_city):
    runner = CliRunner()
    shown = runner.invoke(cli, ["search", "--help"], catch_exceptions=False)
    assert "--city TEXT" in shown.output
    assert "Commune (répétable) : nom de la commune." in shown.output
    args = ["search", "--city", "Rouen", "--json", "--index", str(with_city)]
    found = runner.invoke(cli, args, catch_exceptions=False)
    assert found.exit_code == 0, found.output
    assert json.loads(found.output)["filters"]["city"] == ["Rouen"]


def test_without_the_new_entry_the_facet_is_gone():
    assert "city" not in facet_names()
    assert "--city" not in CliRunner().invoke(cli, ["search", "--help"]).output
    with pytest.raises(TypeError):
        SearchQuery(city=("Rouen",))
