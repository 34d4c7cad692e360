"""The search page in headless Chromium: live results, facets, pagination, no JavaScript,
small screens. Screenshots of each test are kept in test-artifacts/."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def status(page) -> str:
    return page.locator("[role=status]").first.inner_text()


def test_typing_updates_results_without_reloading(page, live):
    page.goto(f"{live}/")
    page.evaluate("window.__sameDocument = true")
    assert status(page) == "Toutes les solutions (43), page 1 sur 5"
    page.get_by_label("Rechercher une solution").fill("garage solidaire")
    expect(page.locator("[role=status]")).to_contain_text("2 résultats")
    assert page.evaluate("window.__sameDocument") is True  # no reload
    assert re.search(r"\?q=garage\+solidaire$", page.url)
    titles = page.locator(".result h3 a").all_inner_texts()
    assert any("Solidarauto" in t for t in titles)
    assert page.locator(".result mark").count() > 0
    assert page.title().startswith("2 résultats pour «\u00a0garage solidaire\u00a0»")
    assert page.errors == []


def test_the_live_region_says_when_no_solution_has_every_word(page, live):
    """Typed live, a long question's note is read with the count, from the same region."""
    note = "Aucune solution ne contient tous ces mots ; voici celles qui en ont le plus."
    page.goto(f"{live}/?q=emploi")
    page.evaluate("document.querySelector('[role=status]').__kept = true")
    box = page.get_by_label("Rechercher une solution")
    box.fill("trouver un emploi après la prison")
    expect(page.locator("[role=status]")).to_contain_text(note)
    assert page.evaluate("document.querySelector('[role=status]').__kept") is True
    expect(page.locator("[role=status] .status-note")).to_contain_text(note)  # its own line
    assert page.locator(".result .missing").count() >= 5
    box.fill("garage solidaire")
    expect(page.locator("[role=status]")).to_have_text("2 résultats pour « garage solidaire »")
    assert page.errors == []


def test_ticking_a_region_updates_counts_and_url(page, live):
    page.goto(f"{live}/?q=emploi")
    page.evaluate("window.__sameDocument = true")
    before = status(page)
    box = page.locator("#facette-region input[value=FR-IDF]")
    idf_count = int(re.search(r"\((\d+)", box.locator("xpath=..").inner_text()).group(1))
    box.check()
    page.wait_for_url(re.compile(r"region=FR-IDF"))
    expect(page.locator("[role=status]")).to_have_text(re.compile(rf"^{idf_count} résultat"))
    assert status(page) != before
    assert page.locator("#facette-region input[value=FR-IDF]").is_checked()
    assert page.evaluate("window.__sameDocument") is True
    # the region facet keeps offering the other regions (disjunctive counts)
    assert page.locator("#facette-region input").count() > 1


def test_pagination_moves_through_pages(page, live):
    page.goto(f"{live}/")
    page.evaluate("window.__sameDocument = true")
    first = page.locator(".result h3 a").first.inner_text()
    page.locator("nav.pagination a", has_text="2").first.click()
    page.wait_for_url(re.compile(r"page=2"))
    expect(page.locator("ol.results")).to_have_attribute("start", "11")
    assert page.locator(".result h3 a").first.inner_text() != first
    current = page.locator("nav.pagination [aria-current=page]")
    assert current.inner_text().strip().endswith("2")
    page.go_back()
    expect(page.locator("ol.results")).to_have_attribute("start", "1")


def test_the_page_works_without_javascript(browser, live):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live}/")
    page.get_by_label("Rechercher une solution").fill("recyclerie")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    page.wait_for_url(re.compile(r"q=recyclerie"))
    assert "résultat" in status(page)
    page.locator("#facette-theme input").first.check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url(re.compile(r"theme="))
    assert page.locator("#facette-theme input:checked").count() == 1
    page.get_by_role("link", name="Tout effacer").click()
    page.wait_for_url(re.compile(r"\?q=recyclerie$"))
    context.close()


def test_small_screen_without_javascript_filters_voir_plus_and_sort(browser, live):
    """Without JavaScript, « Filtrer » and « Voir plus » are disclosures of their own, and
    the filters and the order apply with the form's buttons."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live}/?q=emploi")
    assert page.locator(".result").first.bounding_box()["y"] < 740
    expect(page.locator("#facettes")).to_be_hidden()
    page.get_by_text("Filtrer", exact=True).click()
    page.locator("#plus-region > summary").click()
    page.locator("#f-region-FR-BRE").check()
    expect(page.locator("[data-show-results]")).to_be_hidden()  # its count would not follow
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url(re.compile(r"\?q=emploi&region=FR-BRE&sort=relevance$"))
    expect(page.locator("#plus-region")).to_have_attribute("open", "")  # the ticked box shows
    expect(page.locator("details.filters > summary")).to_contain_text("1 filtre actif")
    page.get_by_label("Trier par").select_option("title")
    page.get_by_role("button", name="Trier").click()
    page.wait_for_url(re.compile(r"\?q=emploi&region=FR-BRE&sort=title$"))
    page.screenshot(path="test-artifacts/visitor-sans-javascript-360.png")
    context.close()


def test_wide_screen_without_javascript_shows_the_facets(browser, live):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    page.goto(f"{live}/?q=emploi")
    expect(page.locator("#facette-region")).to_be_visible()
    expect(page.locator("details.filters > summary")).to_be_hidden()
    page.screenshot(path="test-artifacts/visitor-sans-javascript-1280.png")
    context.close()


def test_usable_at_360_pixels_with_visible_focus(browser, live):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live}/?q=emploi")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.screenshot(path="test-artifacts/search-360px.png", full_page=False)
    context.close()


def test_solution_page_and_similar_links(page, live):
    page.goto(f"{live}/?q=garage+solidaire")
    page.locator(".result h3 a").first.click()
    page.wait_for_url(re.compile(r"/solutions/"))
    assert page.locator("h1").inner_text()
    assert page.get_by_role("heading", name="Solutions similaires").count() == 1


CONTRAST_OF = """el => {
  const color = getComputedStyle(el).color;
  let node = el, background = "rgba(0, 0, 0, 0)";
  while (node && node.nodeType === 1) {
    background = getComputedStyle(node).backgroundColor;
    if (!background.endsWith(", 0)") && background !== "transparent") break;
    node = node.parentElement;
  }
  return [color, node ? background : "rgb(255, 255, 255)"];
}"""


def _luminance(rgb: str) -> float:
    red, green, blue = (int(v) / 255 for v in re.findall(r"\d+", rgb)[:3])
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_text_contrast_meets_wcag_aa(page, live):
    page.goto(f"{live}/?q=garage+solidaire")
    selectors = [
        "main label",
        ".status",
        ".result h3 a",
        ".meta .theme",
        ".meta .region",
        ".snippet",
        ".snippet mark",
        ".facet legend",
        ".facet label",
        ".count",
        "button[type=submit]",
        "header .tagline",
        "footer p",
        ".menu a",
        ".clear",
    ]
    low = {}
    for selector in selectors:
        element = page.locator(selector).first
        if element.count() == 0:
            continue
        color, background = element.evaluate(CONTRAST_OF)
        ratio = contrast(color, background)
        if ratio < 4.5:
            low[selector] = round(ratio, 2)
    assert low == {}
