"""Place names as the corpus and visitors write them, mapped to ISO 3166-2 codes."""

from __future__ import annotations

import pytest

from solsearch.corpus import territories


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("92", "FR-92"),
        ("(92)", "FR-92"),
        ("FR-92", "FR-92"),
        ("fr-93", "FR-93"),
        ("09", "FR-09"),
        ("2A", "FR-2A"),
        ("2b", "FR-2B"),
        ("75", "FR-75C"),
        ("Paris", "FR-75C"),
        ("Seine-Saint-Denis", "FR-93"),
        ("seine saint denis", "FR-93"),
        ("Hauts de Seine", "FR-92"),
        ("Ariège", "FR-09"),
        ("ariege", "FR-09"),
        ("ARIEGE", "FR-09"),
        ("Drôme", "FR-26"),
        ("Maine et Loire", "FR-49"),
        ("Seine Maritime", "FR-76"),
        ("Côtes-d’Armor", "FR-22"),
        ("cotes d'armor", "FR-22"),
        ("Territoire de Belfort", "FR-90"),
        ("Bas-Rhin", "FR-67"),
        ("Nord", "FR-59"),
        ("Pas de Calais", "FR-62"),
        ("Seine-St-Denis", "FR-93"),
        ("Val d'Oise", "FR-95"),
    ],
)
def test_department_written_any_way(written, code):
    assert territories.department_code(written) == code


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("FR-BRE", "FR-BRE"),
        ("bre", "FR-BRE"),
        ("Bretagne", "FR-BRE"),
        ("Île-de-France", "FR-IDF"),
        ("Ile de France", "FR-IDF"),
        ("ILE-DE-FRANCE", "FR-IDF"),
        ("Grand Est", "FR-GES"),
        ("grand-est", "FR-GES"),
        ("Pays de la Loire", "FR-PDL"),
        ("Provence-Alpes-Côte d’Azur", "FR-PAC"),
        ("PACA", "FR-PAC"),
        ("IDF", "FR-IDF"),
        ("bfc", "FR-BFC"),
        ("Corse", "FR-20R"),
        ("Picardie", "FR-HDF"),
        ("Nord-Pas de Calais", "FR-HDF"),
        ("Nord-Pas de Calais-Picardie", "FR-HDF"),
        ("Franche-Comté", "FR-BFC"),
        ("franche comte", "FR-BFC"),
        ("Rhône-Alpes", "FR-ARA"),
        ("Midi-Pyrénées", "FR-OCC"),
        ("Languedoc-Roussillon", "FR-OCC"),
        ("Basse-Normandie", "FR-NOR"),
        ("Haute Normandie", "FR-NOR"),
        ("Alsace", "FR-GES"),
        ("Lorraine", "FR-GES"),
        ("Poitou-Charentes", "FR-NAQ"),
        ("Limousin", "FR-NAQ"),
        ("Centre", "FR-CVL"),
        ("région parisienne", "FR-IDF"),
    ],
)
def test_region_written_any_way(written, code):
    assert territories.region_code(written) == code


@pytest.mark.parametrize("written", ["Martinique", "FR-XXX", "Atlantide", "", "99", "Lyon"])
def test_unknown_places_map_to_nothing(written):
    assert territories.region_code(written) is None
    assert territories.department_code(written) is None


def test_the_13_regions_and_96_departments_with_french_labels():
    regions = territories.regions()
    assert len(regions) == 13
    assert regions["FR-GES"].label == "Grand Est"
    assert regions["FR-PDL"].label == "Pays de la Loire"
    departments = territories.departments()
    assert len(departments) == 96
    assert departments["FR-67"].region == "FR-GES"  # through the European collectivity of Alsace
    assert departments["FR-75C"].region == "FR-IDF"
    assert departments["FR-2A"].region == "FR-20R"
    assert all(d.region in regions for d in departments.values())


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Dans l’Ariège, à Le Peyrat", [("Ariège", "FR-OCC")]),
        ("Villeneuve la Garenne (92), LePoleS", [("(92)", "FR-IDF")]),
        ("En Nord-Pas de Calais-Picardie, AGIIE", [("Nord-Pas de Calais-Picardie", "FR-HDF")]),
        ("un atelier cuir à Romans sur Isère", []),
        ("le groupe Erdre et Loire Initiatives", []),
        ("dans le Nord du Département du Rhône", [("Rhône", "FR-ARA")]),
        ("le Centre d’Accompagnement Social", []),
    ],
)
def test_places_named_in_running_text(text, found):
    assert [(p.text, p.region) for p in territories.find_places(text)] == found
