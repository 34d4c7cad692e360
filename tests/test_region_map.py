"""The region facet as a tile map: through Flask (tiles, counts, links) and in headless
Chromium (clicks, keyboard, live updates, small screens). Screenshots in test-artifacts/."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest
from playwright.sync_api import expect

from solsearch.corpus import territories
from solsearch.web.regionmap import LAYOUT, level, region_map

from conftest import ARTIFACTS, page_text

TILE = re.compile(r'<(a|button) ([^>]*\bclass="tile [^>]*)>')
ATTRIBUTE = re.compile(r'([\w-]+)(?:="([^"]*)")?')
MAP_TILES = ".region-map .tile"
# A tile's accessible name: the region, the short name on the tile, the count.
NAME = re.compile(r"(.+?)(?:, [A-Z]{3})? : (\d+) solutions?")


def tiles_of(page: str) -> dict[str, dict]:
    """The map's tiles in a page's HTML, by accessible name's region label."""
    start = page.index('<div class="region-map"')
    found = {}
    for tag, attributes in TILE.findall(page[start:]):
        attrs = {k: html.unescape(v) for k, v in ATTRIBUTE.findall(attributes)}
        label, count = NAME.fullmatch(attrs["aria-label"]).groups()
        found[label] = {
            "code": attrs.get("data-region"),
            "count": int(count),
            "shade": int(re.search(r"shade-(\d)", attrs["class"]).group(1)),
            "href": attrs.get("href"),
            "pressed": attrs.get("aria-pressed") == "true",
            "active": tag == "a",
        }
    return found


# --- Through Flask -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "q=emploi",
        "q=emploi&theme=environnement",
        "q=emploi&region=FR-IDF&structure=ACI",
        "",
    ],
)
def test_tiles_show_the_api_region_counts(client, query):
    facets = client.get(f"/api/search?{query}").get_json()["facets"]["region"]
    expected = {v["label"]: (v["value"], v["count"], v["selected"]) for v in facets}
    tiles = tiles_of(page_text(client.get(f"/?{query}")))
    regions = territories.regions()
    assert set(tiles) == {r.label for r in regions.values()} | {"Outre-mer"}
    for region in regions.values():
        code, count, selected = expected.get(region.label, (region.code, 0, False))
        tile = tiles[region.label]
        assert (tile["count"], tile["pressed"]) == (count, selected), region.label
        assert tile["active"] == (count > 0 or selected)
        if tile["active"]:
            assert tile["code"] == code
    assert tiles["Outre-mer"] == {
        "code": None,
        "count": 0,
        "shade": 0,
        "href": None,
        "pressed": False,
        "active": False,
    }


def test_tile_links_toggle_the_region_filter(client):
    tiles = tiles_of(page_text(client.get("/?q=emploi&region=FR-IDF")))
    assert tiles["Île-de-France"]["pressed"] is True
    assert tiles["Île-de-France"]["href"] == "/?q=emploi"
    assert tiles["Bretagne"]["pressed"] is False
    assert tiles["Bretagne"]["href"] == "/?q=emploi&region=FR-IDF&region=FR-BRE"
    # Following a tile's link (no JavaScript) ticks its checkbox.
    page = page_text(client.get(tiles["Bretagne"]["href"]))
    assert re.search(r'name="region" value="FR-BRE" id="f-region-FR-BRE" checked', page)
    assert tiles_of(page)["Bretagne"]["pressed"] is True


def test_a_chosen_region_without_results_stays_a_toggle(client):
    tiles = tiles_of(page_text(client.get("/?q=xylophone&region=FR-BRE")))
    assert tiles["Bretagne"] == {
        "code": "FR-BRE",
        "count": 0,
        "shade": 0,
        "href": "/?q=xylophone",
        "pressed": True,
        "active": True,
    }


def test_the_map_is_a_labelled_group_inside_the_region_facet(client):
    page = page_text(client.get("/?q=emploi"))
    fieldset = page[page.index('id="facette-region"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    assert '<div class="region-map" role="group" aria-labelledby="carte-regions">' in fieldset
    assert '<p class="region-map-title" id="carte-regions">Carte des régions</p>' in fieldset
    assert fieldset.index("region-map") < fieldset.index('type="checkbox"')  # then the list
    embed = page_text(client.get("/embed?q=emploi"))
    assert 'class="region-map"' in embed and "region-map.css" in embed


@pytest.mark.parametrize(
    "count, top, shade",
    [(0, 8, 0), (1, 8, 1), (2, 8, 1), (3, 8, 2), (6, 8, 3), (8, 8, 4), (0, 0, 0)],
)
def test_shade_is_the_share_of_the_largest_count_rounded_up(count, top, shade):
    assert level(count, top) == shade


def test_tile_names_agree_in_number():
    tiles = {t.label: t for t in region_map([])}
    assert tiles["Corse"].name == "Corse, COR : 0 solution"
    assert tiles["Outre-mer"].name == "Outre-mer : 0 solution"
    assert replace(tiles["Bretagne"], count=1).name == "Bretagne, BRE : 1 solution"
    assert replace(tiles["Bretagne"], count=2).name == "Bretagne, BRE : 2 solutions"
    assert len(tiles) == len(LAYOUT) + 1
    positions = [(t.row, t.column) for t in tiles.values()]
    assert len(set(positions)) == len(positions)  # one tile per square


# --- In Chromium ---------------------------------------------------------------------------


def counts_on_map(page) -> dict[str, int]:
    names = page.locator(MAP_TILES).evaluate_all("els => els.map(e => e.ariaLabel)")
    return {label: int(count) for label, count in (NAME.fullmatch(n).groups() for n in names)}


def counts_in_list(page) -> dict[str, int]:
    # textContent: values past « Voir plus » are in a closed <details>, not rendered.
    labels = page.locator("#facette-region li label").evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    return {
        re.sub(r"\s*\(.*", "", t, flags=re.S).strip(): int(re.search(r"\((\d+)", t).group(1))
        for t in labels
    }


def assert_map_matches_list(page):
    on_map, in_list = counts_on_map(page), counts_in_list(page)
    assert {k: v for k, v in on_map.items() if v} == {k: v for k, v in in_list.items() if v}


def test_clicking_a_tile_ticks_the_region_and_updates_everything(page, live):
    page.goto(f"{live}/?q=emploi")
    page.evaluate("window.__sameDocument = true")
    before = counts_on_map(page)
    name = f"Île-de-France, IDF : {before['Île-de-France']} solutions"
    tile = page.get_by_role("button", name=name, exact=True)
    expect(tile).to_have_attribute("aria-pressed", "false")
    tile.click()
    page.wait_for_url(re.compile(r"region=FR-IDF"))
    expect(page.locator("[role=status]")).to_have_text(
        re.compile(rf"^{before['Île-de-France']} résultats")
    )
    expect(page.locator("#facette-region input[value=FR-IDF]")).to_be_checked()
    expect(page.locator("#carte-FR-IDF")).to_have_attribute("aria-pressed", "true")
    # Disjunctive counts: the region facet ignores its own filter, the results do not.
    assert counts_on_map(page) == before
    assert_map_matches_list(page)
    assert all("Île-de-France" in r for r in page.locator(".result .meta").all_inner_texts())
    # Another filter changes the tiles' counts, still those of the list.
    page.locator("#facette-theme input[value=environnement]").check()
    page.wait_for_url(re.compile(r"theme=environnement"))
    expect(page.locator("#facette-theme input[value=environnement]")).to_be_checked()
    assert counts_on_map(page) != before
    assert_map_matches_list(page)
    expect(page.locator("#carte-FR-IDF")).to_have_attribute("aria-pressed", "true")
    page.locator("#facette-theme input[value=environnement]").uncheck()
    page.wait_for_url(re.compile(r"\?q=emploi&region=FR-IDF$"))
    assert page.evaluate("window.__sameDocument") is True
    # Another tile adds its region (OR inside the facet), then a click unticks it.
    page.locator("#carte-FR-BRE").click()
    page.wait_for_url(re.compile(r"region=FR-IDF&region=FR-BRE"))
    page.locator("#carte-FR-IDF").click()
    page.wait_for_url(re.compile(r"\?q=emploi&region=FR-BRE$"))
    expect(page.locator("#facette-region input[value=FR-IDF]")).not_to_be_checked()
    assert page.errors == []


def test_keyboard_reaches_the_tiles_and_toggles_with_enter_and_space(page, live):
    page.goto(f"{live}/?q=emploi")
    page.locator("#q").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.region-map .tile')"):
            break
    first = page.evaluate("document.activeElement.id")
    assert first == "carte-FR-HDF"  # the first tile in reading order: north first
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "carte-FR-NOR"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"region=FR-NOR"))
    expect(page.locator("#facette-region input[value=FR-NOR]")).to_be_checked()
    expect(page.locator("#carte-FR-NOR")).to_be_focused()  # the new map's tile has the focus
    expect(page.locator("#carte-FR-NOR")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"\?q=emploi$"))
    expect(page.locator("#facette-region input[value=FR-NOR]")).not_to_be_checked()
    expect(page.locator("#carte-FR-NOR")).to_be_focused()
    assert page.errors == []


def test_map_follows_the_other_filters_after_live_updates(page, live):
    page.goto(f"{live}/")
    assert_map_matches_list(page)
    page.get_by_label("Rechercher une solution").fill("insertion")
    expect(page.locator("[role=status]")).to_contain_text("pour « insertion »")
    assert_map_matches_list(page)
    page.locator("#facette-theme input").first.check()
    page.wait_for_url(re.compile(r"theme="))
    expect(page.locator("#facette-theme input:checked")).to_have_count(1)
    assert_map_matches_list(page)
    total = int(re.match(r"\d+", page.locator("[role=status]").inner_text()).group())
    assert max(counts_on_map(page).values()) <= total


def test_tiles_work_without_javascript(browser, live):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live}/?q=emploi")
    page.locator("#carte-FR-ARA").click()
    page.wait_for_url(re.compile(r"\?q=emploi&region=FR-ARA$"))
    assert page.locator("#facette-region input[value=FR-ARA]").is_checked()
    assert page.locator("#carte-FR-ARA").get_attribute("aria-pressed") == "true"
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_tiles_are_large_enough_and_fit_the_screen(browser, live, width):
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live}/?q=emploi&region=FR-IDF")
    if not page.locator("details.filters").evaluate("e => e.open"):
        page.locator("details.filters > summary").click()  # small screens: « Filtrer »
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    boxes = page.locator(MAP_TILES).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert len(boxes) == 14
    assert min(min(w, h) for w, h in boxes) >= 44
    page.locator("#carte-FR-BRE").focus()
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#facette-region").screenshot(path=str(ARTIFACTS / f"region-map-{width}.png"))
    page.screenshot(path=str(ARTIFACTS / f"region-map-page-{width}.png"), full_page=False)
    context.close()
