"""The embeddable search box and the iframe, on a partner site of another origin whose
Content-Security-Policy allows only the solsearch server for scripts and connections."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def widget_input(page):
    return page.locator("solsearch-box input[role=combobox]")


def test_widget_combobox_by_keyboard_only(page, partner, live):
    page.goto(f"{partner}/widget")
    combobox = widget_input(page)
    expect(combobox).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Tab")  # the partner's own link
    page.keyboard.press("Tab")  # into the widget
    expect(combobox).to_be_focused()
    page.keyboard.type("recy")
    expect(combobox).to_have_attribute("aria-expanded", "true")
    options = page.locator("solsearch-box [role=listbox] [role=option]")
    expect(options.first).to_be_visible()
    expect(page.locator("solsearch-box [role=status]")).to_contain_text("suggestion")
    page.keyboard.press("ArrowDown")
    first_id = options.first.get_attribute("id")
    expect(combobox).to_have_attribute("aria-activedescendant", first_id)
    expect(options.first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    expect(combobox).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
    page.keyboard.press("Escape")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Escape")
    expect(combobox).to_have_value("")
    page.keyboard.type("garage")
    expect(combobox).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(live) + r"/(\?q=|solutions/)"))
    assert not [e for e in page.errors if "Content Security Policy" in e]


def test_widget_titles_keep_french_punctuation_on_their_line(page, partner):
    page.goto(f"{partner}/widget")
    widget_input(page).fill("triveo")
    option = page.locator("solsearch-box [role=option]", has_text="TRIVEO")
    expect(option).to_be_visible()
    assert "TRIVEO\u00a0: le tri manuel" in option.text_content()


def test_widget_submits_to_the_full_search_with_its_presets(page, partner, live):
    page.goto(f"{partner}/widget")
    widget_input(page).click()
    page.keyboard.type("ferme")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(live) + r"/\?q=ferme&region=FR-HDF"))
    expect(page.locator("[role=status]").first).to_contain_text("résultat")


def test_widget_is_styled_and_themed_under_the_strict_csp(page, partner):
    page.goto(f"{partner}/widget")
    button = page.locator("solsearch-box button[type=submit]")
    expect(button).to_be_visible()
    # the partner's stylesheet sets --solsearch-accent; the widget's own stylesheet applies it
    background = button.evaluate("b => getComputedStyle(b).backgroundColor")
    assert background == "rgb(122, 31, 92)"
    label = page.locator("solsearch-box label")
    expect(label).to_have_text("Rechercher une solution")
    assert not [e for e in page.errors if "Content Security Policy" in e]


def test_embed_page_can_be_framed_and_other_pages_cannot(page, partner):
    page.goto(f"{partner}/iframe")
    framed = page.frame_locator("#embed")
    expect(framed.locator("[role=status]")).to_contain_text("résultat")
    expect(framed.locator(".result").first).to_be_visible()
    home = page.locator("#home").element_handle().content_frame()
    page.wait_for_timeout(300)
    assert home is None or home.locator("form[role=search]").count() == 0
