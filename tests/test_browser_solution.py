"""A solution's page and the embedding help in headless Chromium: the way back to the
results with and without JavaScript, links to the matching searches, the copy buttons and
the printed page. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS, failed


@pytest.fixture
def clipboard_page(browser, request):
    """A page allowed to write and read the clipboard."""
    context = browser.new_context(
        locale="fr-FR",
        viewport={"width": 1200, "height": 900},
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    if failed(request.node):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def clipboard(page) -> str:
    return page.evaluate("(window.__clipboard || navigator.clipboard).readText()")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_back_link_returns_to_the_search_page_and_filters(browser, live, javascript):
    context = browser.new_context(locale="fr-FR", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live}/?q=emploi&theme=emploi&page=2")
    first = page.locator(".result h3 a").first
    title = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/solutions/"))
    assert page.locator("h1").inner_text() == title
    page.get_by_role("link", name="Retour aux résultats").click()
    page.wait_for_url(re.compile(r"/\?q=emploi&theme=emploi&page=2$"))
    expect(page.locator("#facette-theme input[value=emploi]")).to_be_checked()
    expect(page.locator("nav.pagination [aria-current=page]")).to_contain_text("2")
    assert page.locator(".result h3 a").first.inner_text() == title
    context.close()


def test_back_link_after_live_typing_and_ticking(page, live):
    page.goto(f"{live}/")
    page.get_by_label("Rechercher une solution").fill("recyclerie")
    expect(page.locator("[role=status]").first).to_contain_text("pour « recyclerie »")
    page.locator("#facette-theme input").first.check()
    page.wait_for_url(re.compile(r"theme="))
    search = page.url
    page.locator(".result h3 a").first.click()
    page.wait_for_url(re.compile(r"/solutions/"))
    page.get_by_role("link", name="Retour aux résultats").click()
    page.wait_for_url(search)
    expect(page.get_by_label("Rechercher une solution")).to_have_value("recyclerie")


def test_facts_lead_to_the_filtered_searches(page, live):
    page.goto(f"{live}/solutions/bati-plus")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("ACI — Atelier et chantier d’insertion")
    facts.get_by_role("link", name="Occitanie").click()
    page.wait_for_url(f"{live}/?region=FR-OCC")
    expect(page.locator("#facette-region input[value=FR-OCC]")).to_be_checked()
    expect(page.get_by_role("link", name=re.compile("Une alternative à la prison"))).to_be_visible()
    page.go_back()
    page.locator("dl.facts").get_by_role("link", name=re.compile("^ACI")).click()
    page.wait_for_url(f"{live}/?structure=ACI")
    expect(page.locator("#facette-structure input[value=ACI]")).to_be_checked()


def test_on_a_phone_each_fact_reads_under_its_label(browser, live):
    context = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live}/solutions/triveo")
    labels = page.locator("dl.facts dt")
    assert labels.count() >= 5
    for i in range(labels.count()):
        label = labels.nth(i).bounding_box()
        value = page.locator("dl.facts dt + dd").nth(i).bounding_box()
        assert value["x"] == label["x"] and value["y"] >= label["y"] + label["height"]
        assert value["width"] > 300  # the page's width, not what a label column leaves
    # A similar solution's theme and regions under its title, however long the title.
    for item in page.locator(".similar li").all():
        title, meta = item.locator("a").bounding_box(), item.locator(".meta-inline").bounding_box()
        assert meta["y"] >= title["y"] + title["height"] - 1
    context.close()


def test_copy_link_copies_the_page_address_and_says_so(clipboard_page, live):
    page = clipboard_page
    page.goto(f"{live}/solutions/bati-plus?retour=q%3Demploi")
    button = page.get_by_role("button", name="Copier le lien")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator("[data-copy-status]")).to_have_text("Lien copié")
    assert clipboard(page) == f"{live}/solutions/bati-plus"  # canonical: no way back
    assert page.errors == []


def test_copy_link_falls_back_without_the_clipboard_api(clipboard_page, live):
    page = clipboard_page
    page.add_init_script(
        "window.__clipboard = navigator.clipboard;"
        "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});"
    )
    page.goto(f"{live}/solutions/bati-plus")
    page.get_by_role("button", name="Copier le lien").click()
    expect(page.locator("[data-copy-status]")).to_have_text("Lien copié")
    assert clipboard(page) == f"{live}/solutions/bati-plus"


def test_copy_buttons_are_absent_without_javascript(browser, live):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for url in ("/solutions/bati-plus", "/integrer"):
        page.goto(f"{live}{url}")
        assert page.get_by_role("button", name=re.compile("^Copier")).count() == 0
    context.close()


def test_code_blocks_copy_and_are_reachable_by_keyboard(clipboard_page, live):
    page = clipboard_page
    page.goto(f"{live}/integrer")
    blocks = page.locator("pre.snippet-code")
    assert blocks.count() == 4
    for index in range(blocks.count()):
        block = blocks.nth(index)
        assert block.get_attribute("tabindex") == "0"
        assert block.get_attribute("aria-label")
    # Tab reaches the first code block, then its copy button
    page.locator("h1").click()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "code-form":
            break
    assert page.evaluate("document.activeElement.id") == "code-form"
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Copier : code du formulaire")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("[data-copy-status]")).to_have_text("Code copié")
    copied = clipboard(page)
    assert copied == blocks.first.inner_text()
    assert copied.startswith(f'<form action="{live}/" method="get" role="search"')
    page.get_by_role("button", name="Copier : code de l’iframe").click()
    expect(page.locator("[data-copy-status]")).to_have_text("Code copié")
    assert clipboard(page).startswith(f'<iframe src="{live}/embed?region=FR-BRE"')


def test_the_printed_page_has_the_text_and_no_controls(page, live):
    page.goto(f"{live}/solutions/chacasol?retour=q%3Dgare")
    page.emulate_media(media="print")
    for selector in ("header .menu", "footer.site", ".back", ".share", "button", ".similar"):
        for element in page.locator(selector).all():
            assert element.evaluate("e => getComputedStyle(e).display") == "none", selector
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".facts")).to_be_visible()
    expect(page.locator(".print-only")).to_contain_text(f"{live}/solutions/chacasol")
    colors = page.locator(".body p").first.evaluate(
        "e => [getComputedStyle(e).color, getComputedStyle(document.body).backgroundColor]"
    )
    assert colors[0] == "rgb(0, 0, 0)"
    assert colors[1] in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    page.pdf(path=str(ARTIFACTS / "solution-print.pdf"))
    page.emulate_media(media="screen")
    expect(page.get_by_role("button", name="Copier le lien")).to_be_visible()


def test_the_printed_search_page_has_the_results_only(page, live):
    page.goto(f"{live}/?q=garage+solidaire")
    page.emulate_media(media="print")
    for selector in (".searchbar", "#facettes", "button"):
        for element in page.locator(selector).all():
            assert element.evaluate("e => getComputedStyle(e).display") == "none", selector
    expect(page.locator("[role=status]").first).to_contain_text("2 résultats")
    expect(page.locator(".result").first).to_be_visible()
