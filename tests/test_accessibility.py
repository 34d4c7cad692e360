"""Every kind of page checked by axe-core in Chromium, at 1280 and 360 pixels wide.

axe-core is the version pinned by package-lock.json (`npm ci`, run by `make test`). It is
loaded as an init script: an inline <script> would be refused by the pages' own
Content-Security-Policy, and the pages are audited under their real policy. Any violation
of WCAG 2.1 A/AA or of axe's best practices fails the test, with each rule's id, the
elements concerned and the rule's help. A screenshot of each page at each width is kept in
test-artifacts/ (axe-<page>-<width>.png).
"""

from __future__ import annotations

import os
import sys

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS, ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDTHS = [1280, 360]


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        message = (
            f"axe-core absent ({AXE.relative_to(ROOT)}) : lancez `npm ci` (make test le fait)."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message + " En CI, c’est une erreur.")
        print(f"\n!!! {message}\n", file=sys.stderr)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def tick_a_facet(page, live):
    page.goto(f"{live}/?q=emploi")
    toggle = page.locator("details.filters > summary")
    if toggle.is_visible():  # small screens: the filters fold under « Filtrer »
        toggle.click()
    page.locator("#facette-region input[value=FR-IDF]").check()
    page.wait_for_url(lambda url: "region=FR-IDF" in url)
    expect(page.locator("#facette-region input[value=FR-IDF]")).to_be_checked()


def open_filters(page, live):
    """The filter panel open (the « Filtrer » button on small screens), « Voir plus » too."""
    page.goto(f"{live}/?q=emploi&region=FR-IDF")
    toggle = page.locator("details.filters > summary")
    if toggle.is_visible():
        toggle.click()
    page.locator("#plus-region > summary").click()
    expect(page.locator("#facette-region input[value=FR-BRE]")).to_be_visible()


def open_suggestions(page, live):
    """The suggestion list of the search box (the <solsearch-box> preview of /integrer)."""
    page.goto(f"{live}/integrer")
    page.locator("solsearch-box input[role=combobox]").fill("recy")
    expect(page.locator("solsearch-box [role=listbox] [role=option]").first).to_be_visible()
    page.keyboard.press("ArrowDown")


PAGES = {
    "recherche": lambda page, live: page.goto(f"{live}/?q=emploi"),
    "facette-cochee": tick_a_facet,
    "filtres-ouverts": open_filters,
    "tri-titre": lambda page, live: page.goto(f"{live}/?q=emploi&region=FR-IDF&sort=title"),
    "suggestions": open_suggestions,
    "aucun-resultat": lambda page, live: page.goto(f"{live}/?q=xylophone&region=FR-BRE"),
    "aucun-resultat-mots": lambda page, live: page.goto(f"{live}/?q=garage+xylophone"),
    # No solution has every word: the page says so, and each hit names the words it lacks.
    "question-partielle": lambda page, live: page.goto(
        f"{live}/?q=trouver+un+emploi+apr%C3%A8s+la+prison"
    ),
    # Found by meaning alone: the page says so, and offers the word the solutions contain.
    "par-le-sens": lambda page, live: page.goto(f"{live}/?q=insertion+des+sans-abri"),
    "solution": lambda page, live: page.goto(f"{live}/solutions/chacasol?retour=q%3Dgare"),
    "integrer": lambda page, live: page.goto(f"{live}/integrer"),
    "embed": lambda page, live: page.goto(f"{live}/embed?q=ferme"),
    "erreur-404": lambda page, live: page.goto(f"{live}/solutions/inconnue"),
}

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, { runOnly: { type: "tag", values: tags } });
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {target}" for target in v["targets"][:10]]
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(PAGES))
def test_page_has_no_accessibility_violation(browser, live, axe_source, kind, width):
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
    context.add_init_script(script=axe_source)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        PAGES[kind](page, live)
        violations = page.evaluate(RUN_AXE, TAGS)
        if violations:  # what the page looked like, to read the report beside it
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"axe-{kind}-{width}.png"), full_page=True)
    finally:
        context.close()
    assert not [e for e in errors if "Content Security Policy" in e]
    assert violations == [], f"axe, {kind} à {width} px :\n{describe(violations)}"


def test_axe_reports_what_it_finds(browser, live, axe_source):
    """The check itself: axe runs, applies its rules, and a fault made on purpose is found."""
    context = browser.new_context(locale="fr-FR")
    context.add_init_script(script=axe_source)
    page = context.new_page()
    page.goto(f"{live}/")
    passes = page.evaluate(
        """async (tags) => (await axe.run(document, { runOnly: { type: "tag", values: tags } }))
            .passes.map((rule) => rule.id)""",
        TAGS,
    )
    assert {"color-contrast", "label", "landmark-one-main", "html-has-lang"} <= set(passes)
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    violations = page.evaluate(RUN_AXE, TAGS)
    context.close()
    assert [v["id"] for v in violations] == ["image-alt"]
    assert "image-alt" in describe(violations)
