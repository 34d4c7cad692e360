"""The visitor's search page in Chromium at 360 and 1280 pixels: results first on a phone,
the « Filtrer » panel, « Voir plus », focus that stays put, history that Back undoes, chips,
sort, no dead end, focus rings. Each state is kept as test-artifacts/visitor-<state>-<width>.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from solsearch.index.schema import fold_title
from test_browser import contrast

from conftest import ARTIFACTS

PHONE, DESKTOP = (360, 740), (1280, 800)
SIZES = {"360": PHONE, "1280": DESKTOP}


@pytest.fixture(params=list(SIZES))
def sized(browser, request):
    """A page at each width, with the JavaScript errors it reports."""
    width, height = SIZES[request.param]
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": height})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.width = width
    yield page
    assert page.errors == []
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


def shoot(page, state: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(ARTIFACTS / f"visitor-{state}-{width}.png"))


def status(page) -> str:
    return page.locator("[role=status]").first.inner_text()


def total(page) -> int:
    found = re.match(r"(\d+) résultat|Toutes les solutions \((\d+)\)", status(page))
    return int(found.group(1) or found.group(2)) if found else 0


def focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def region_order(page) -> list[str]:
    """The region checkboxes' values in order; the tile map stays tiles only."""
    assert page.locator(".region-map-grid input").count() == 0
    assert page.locator(".region-map-grid li:not(:has(.tile))").count() == 0
    return page.locator("#facette-region input").evaluate_all("bs => bs.map(b => b.value)")


@pytest.mark.parametrize("address", ["/", "/?q=emploi", "/?q=emploi&region=FR-IDF&theme=emploi"])
def test_first_result_is_within_the_first_screen(sized, live, address):
    sized.goto(f"{live}{address}")
    top = sized.locator(".result").first.bounding_box()["y"]
    assert top < 740
    field = sized.get_by_label("Rechercher une solution").bounding_box()["width"]
    button = sized.get_by_role("button", name="Rechercher", exact=True).bounding_box()["width"]
    assert field > button and field >= 180
    assert sized.evaluate("document.documentElement.scrollWidth") <= sized.width
    shoot(sized, "premier-ecran" + ("-filtres" if "region" in address else ""))


def test_filter_panel_opens_counts_and_leads_to_the_results(phone, live):
    phone.goto(f"{live}/?q=emploi&region=FR-IDF")
    toggle = phone.locator("details.filters > summary")
    expect(toggle).to_have_text(re.compile(r"^Filtrer 1\s*filtre actif$"))
    expect(phone.locator("#facettes")).to_be_hidden()
    toggle.click()
    expect(phone.locator("#facette-theme")).to_be_visible()
    show = phone.locator("[data-show-results]")
    expect(show).to_have_text(f"Afficher {total(phone)} résultats")
    shoot(phone, "filtres-ouverts")
    phone.locator("#facette-theme input[value=emploi]").check()
    expect(toggle).to_have_text(re.compile(r"^Filtrer 2\s*filtres actifs$"))
    expect(show).to_have_text(re.compile(rf"^Afficher {total(phone)} résultats?$"))
    assert phone.locator("details.filters").evaluate("d => d.open")  # stays open while ticking
    show.click()
    expect(phone.locator("#facettes")).to_be_hidden()
    assert focused_id(phone) == "resultats"
    assert -2 <= phone.locator("#resultats").bounding_box()["y"] < 100
    toggle.click()
    phone.keyboard.press("Escape")
    expect(phone.locator("#facettes")).to_be_hidden()
    expect(toggle).to_be_focused()


def test_filters_stand_beside_the_results_on_wide_screens(page, live):
    page.goto(f"{live}/?q=emploi")
    expect(page.locator("details.filters > summary")).to_be_hidden()
    expect(page.locator("#facette-region")).to_be_visible()
    expect(page.locator("[data-show-results]")).to_be_hidden()


def test_voir_plus_shows_the_other_values_from_the_keyboard(sized, live):
    sized.goto(f"{live}/")
    if sized.width == 360:
        sized.locator("details.filters > summary").click()
    more = sized.locator("#plus-region > summary")
    hidden = int(re.search(r"\((\d+)\)", more.inner_text()).group(1))
    assert sized.locator("#facette-region input:visible").count() == 6
    more.focus()
    sized.keyboard.press("Enter")
    expect(more.locator(".when-open")).to_be_visible()
    expect(more.locator(".when-closed")).to_be_hidden()
    expect(sized.locator("#facette-region input:visible")).to_have_count(6 + hidden)
    more.scroll_into_view_if_needed()
    shoot(sized, "voir-plus")
    sized.keyboard.press("Enter")
    expect(sized.locator("#facette-region input:visible")).to_have_count(6)


def test_ticking_keeps_focus_on_the_box_and_the_order(page, live):
    page.goto(f"{live}/?q=emploi")
    before = region_order(page)
    page.locator("#f-region-FR-NOR").focus()
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"region=FR-NOR"))
    expect(page.locator("#f-region-FR-NOR")).to_be_checked()
    expect(page.locator("#f-region-FR-NOR")).to_be_focused()
    assert region_order(page) == before
    page.keyboard.press("ArrowDown")  # still in the page's flow: no jump to its start
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"region=.+&region="))
    assert focused_id(page).startswith("f-region-")
    assert region_order(page) == before
    page.locator("#facette-theme input").last.check()  # another facet's counts change…
    page.wait_for_url(re.compile(r"theme="))
    after = region_order(page)
    assert [v for v in after if v in before] == [v for v in before if v in after]  # …not its order
    expect(page.locator("#f-region-FR-NOR")).to_be_checked()


def test_back_undoes_filters_and_settled_queries(page, live):
    page.goto(f"{live}/")
    page.get_by_label("Rechercher une solution").fill("emploi")
    page.wait_for_url(re.compile(r"\?q=emploi$"))
    page.wait_for_timeout(1200)  # the query settles: the next one is an entry of its own
    page.get_by_label("Rechercher une solution").fill("emploi jeunes")
    page.wait_for_url(re.compile(r"\?q=emploi\+jeunes$"))
    page.locator("#f-region-FR-IDF").check()
    page.wait_for_url(re.compile(r"region=FR-IDF"))
    page.locator("#facette-theme input").first.check()
    page.wait_for_url(re.compile(r"theme="))
    page.go_back()
    page.wait_for_url(re.compile(r"\?q=emploi\+jeunes&region=FR-IDF$"))
    expect(page.locator("#facette-theme input:checked")).to_have_count(0)
    expect(page.locator("#f-region-FR-IDF")).to_be_checked()
    page.go_back()
    page.wait_for_url(re.compile(r"\?q=emploi\+jeunes$"))
    expect(page.locator("#f-region-FR-IDF")).not_to_be_checked()
    expect(page.locator("[role=status]")).not_to_contain_text("Île-de-France")
    page.go_back()
    page.wait_for_url(re.compile(r"\?q=emploi$"))
    expect(page.get_by_label("Rechercher une solution")).to_have_value("emploi")
    expect(page.locator("[role=status]")).to_contain_text("pour « emploi »,")
    page.go_forward()
    page.wait_for_url(re.compile(r"\?q=emploi\+jeunes$"))
    expect(page.get_by_label("Rechercher une solution")).to_have_value("emploi jeunes")


def test_pagination_moves_focus_and_view_to_the_results_heading(sized, live):
    sized.goto(f"{live}/?q=emploi")
    sized.locator("nav.pagination a", has_text="Suivante").click()
    sized.wait_for_url(re.compile(r"page=2"))
    expect(sized.locator("#resultats")).to_be_focused()
    assert -2 <= sized.locator("#resultats").bounding_box()["y"] < 100
    shoot(sized, "page-2")


def test_chips_remove_filters_and_tout_effacer_removes_all(sized, live):
    sized.goto(f"{live}/?q=emploi&region=FR-IDF&region=FR-NOR&theme=emploi")
    chips = sized.locator(".chips .chip")
    expect(chips).to_have_count(3)
    shoot(sized, "puces")
    sized.get_by_role("link", name="Retirer le filtre Île-de-France").click()
    sized.wait_for_url(re.compile(r"\?q=emploi&theme=emploi&region=FR-NOR$"))
    expect(chips).to_have_count(2)
    expect(sized.locator("#f-region-FR-IDF")).not_to_be_checked()
    expect(sized.locator("#resultats")).to_be_focused()  # the chip is gone, not the visitor
    sized.get_by_role("link", name="Tout effacer").click()
    sized.wait_for_url(re.compile(r"\?q=emploi$"))
    expect(chips).to_have_count(0)
    expect(sized.locator("#facettes input:checked")).to_have_count(0)


def test_title_and_count_line_name_the_query_and_filters(page, live):
    page.goto(f"{live}/")
    assert page.title() == "Toutes les solutions (43), page 1 sur 5 — Solutions COORACE"
    page.get_by_label("Rechercher une solution").fill("emploi")
    page.wait_for_url(re.compile(r"\?q=emploi$"))
    page.locator("#f-region-FR-IDF").check()
    expect(page.locator("[role=status]")).to_have_text(
        "5 résultats pour « emploi » · Île-de-France"
    )
    title = "5 résultats pour «\u00a0emploi\u00a0» · Île-de-France — Solutions COORACE"
    assert page.title() == title  # no-break spaces, set by the server


def test_sort_by_title_in_the_page(sized, live):
    sized.goto(f"{live}/?q=emploi")
    sized.get_by_label("Trier par").focus()
    sized.get_by_label("Trier par").select_option("title")
    sized.wait_for_url(re.compile(r"\?q=emploi&sort=title$"))
    titles = sized.locator(".result h3 a").all_inner_texts()
    assert [fold_title(t) for t in titles] == sorted(fold_title(t) for t in titles)
    expect(sized.get_by_label("Trier par")).to_be_focused()
    shoot(sized, "tri-titre")
    sized.locator("nav.pagination a", has_text="Suivante").click()
    sized.wait_for_url(re.compile(r"\?q=emploi&sort=title&page=2$"))
    later = sized.locator(".result h3 a").all_inner_texts()
    assert fold_title(later[0]) >= fold_title(titles[-1])


def test_no_result_offers_each_word_alone(sized, live):
    sized.goto(f"{live}/?q=garage+xylophone")
    shoot(sized, "aucun-resultat")
    sized.get_by_role("link", name="« garage » seul : 2 résultats").click()
    sized.wait_for_url(re.compile(r"\?q=garage$"))
    expect(sized.locator("[role=status]")).to_have_text("2 résultats pour « garage »")
    expect(sized.get_by_label("Rechercher une solution")).to_have_value("garage")


def test_back_from_a_solution_returns_to_the_same_place(phone, live):
    phone.goto(f"{live}/?q=emploi")
    link = phone.locator(".result h3 a").nth(6)
    link.scroll_into_view_if_needed()
    phone.mouse.wheel(0, 120)
    phone.wait_for_timeout(100)
    left_at = phone.evaluate("window.scrollY")
    assert left_at > 1000
    link.focus()
    phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile(r"/solutions/"))
    phone.go_back()
    phone.wait_for_url(re.compile(r"\?q=emploi$"))
    expect(phone.locator(".result h3 a").nth(6)).to_be_focused()
    assert abs(phone.evaluate("window.scrollY") - left_at) <= 2


def test_skip_link_leads_to_the_results(phone, live):
    phone.goto(f"{live}/?q=emploi")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("link", name="Aller aux résultats")).to_be_focused()
    phone.keyboard.press("Enter")
    expect(phone.locator("#resultats")).to_be_focused()


RING = """el => {
  const ring = getComputedStyle(el).outlineColor;
  let node = el.parentElement, background = "rgba(0, 0, 0, 0)";
  while (node) {
    background = getComputedStyle(node).backgroundColor;
    if (!background.endsWith(", 0)") && background !== "transparent") break;
    node = node.parentElement;
  }
  return [ring, node ? background : "rgb(255, 255, 255)", getComputedStyle(el).outlineStyle];
}"""


@pytest.mark.parametrize(
    "selector",
    [".brand", ".menu a", "#q", ".chip", "#f-region-FR-IDF", "#carte-FR-IDF", ".result h3 a"]
    + ["footer a"],
)
def test_focus_rings_stand_out_at_3_to_1_on_every_background(page, live, selector):
    page.goto(f"{live}/?q=emploi&region=FR-IDF")
    page.locator(selector).first.focus()
    page.keyboard.press("Shift+Tab")  # focus by keyboard, as :focus-visible wants
    page.keyboard.press("Tab")
    ring, background, style = page.locator(selector).first.evaluate(RING)
    assert style != "none"
    assert contrast(ring, background) >= 3, (selector, ring, background)
