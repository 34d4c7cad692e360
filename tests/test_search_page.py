"""The search page as the server renders it, which is also the page without JavaScript:
orientation (count line, title, chips, sort), facets that do not scroll, and no dead end."""

from __future__ import annotations

import re

import pytest

from conftest import page_text


def test_title_and_count_name_the_query_and_the_filters(client):
    page = page_text(client.get("/?q=emploi&region=FR-IDF&theme=emploi"))
    line = "3 résultats pour « emploi » · Emploi et insertion · Île-de-France"
    assert f"<title>{line} — Solutions COORACE</title>" in page
    assert f'<p role="status" id="statut" class="status">{line}</p>' in page


def test_filters_without_a_query_are_named_too(client):
    page = page_text(client.get("/?region=FR-BRE"))
    assert "<title>2 résultats · Bretagne — Solutions COORACE</title>" in page


def test_home_page_says_all_solutions(client):
    page = page_text(client.get("/"))
    assert re.search(r'<p role="status"[^>]*>Toutes les solutions \(43\), page 1 sur 5</p>', page)


def test_active_filters_are_chips_that_remove_them(client):
    page = page_text(client.get("/?q=emploi&region=FR-IDF&region=FR-BRE&sort=title"))
    chips = page[page.index('<ul class="chips" aria-label="Filtres actifs">') :]
    chips = chips[: chips.index("</ul>")]
    removals = re.findall(
        r'<a class="chip" href="([^"]+)"><span class="visually-hidden">'
        r"Retirer le filtre </span>([^<]+)<",
        chips,
    )
    assert removals == [
        ("/?q=emploi&amp;region=FR-BRE&amp;sort=title", "Île-de-France"),
        ("/?q=emploi&amp;region=FR-IDF&amp;sort=title", "Bretagne"),
    ]
    assert '<a class="clear" href="/?q=emploi&amp;sort=title">Tout effacer</a>' in chips


def test_a_chosen_value_no_solution_has_still_has_its_chip(client):
    page = page_text(client.get("/?region=FR-GES"))
    assert "Retirer le filtre </span>Grand Est<" in page
    assert re.search(r'value="FR-GES" id="f-region-FR-GES" checked', page)


def test_no_chips_without_filters(client):
    assert 'class="chips"' not in page_text(client.get("/?q=emploi"))


def test_filters_are_a_disclosure_with_the_number_of_active_ones(client):
    page = page_text(client.get("/?q=emploi&region=FR-IDF&theme=emploi"))
    assert '<details class="filters" id="filtres">' in page
    assert re.search(
        r'<summary>Filtrer <span class="badge">2<span class="visually-hidden"> filtres actifs'
        r"</span></span></summary>",
        page,
    )
    assert re.search(r'<button type="button" class="show-results"[^>]*>Afficher 3 résultats<', page)
    assert '<button type="submit" class="apply">Appliquer les filtres</button>' in page


def test_long_facets_show_six_values_then_voir_plus(client):
    page = page_text(client.get("/"))
    region = page[page.index('id="facette-region"') : page.index('id="facette-department"')]
    first, rest = region.split('<details class="more" id="plus-region">')
    assert first.count('type="checkbox"') == 6
    assert re.search(r"<summary><span class=\"when-closed\">Voir plus \((\d+)\)", rest)
    hidden = int(re.search(r"Voir plus \((\d+)\)", rest).group(1))
    assert rest.count('type="checkbox"') == hidden > 0


def test_a_ticked_value_beyond_the_first_six_is_shown(client):
    page = page_text(client.get("/?region=FR-BRE"))
    assert '<details class="more" id="plus-region" open>' in page


def test_sort_choice_is_offered_with_a_query_and_carried_by_links(client):
    page = page_text(client.get("/?q=emploi&sort=title"))
    assert '<select id="tri" name="sort">' in page
    assert '<option value="title" selected>Titre</option>' in page
    assert 'href="/?q=emploi&amp;sort=title&amp;page=2"' in page  # pagination keeps it
    assert "retour=q%3Demploi%26sort%3Dtitle" in page  # so does the way back from a solution
    assert '<option value="relevance" selected>Pertinence</option>' in page_text(
        client.get("/?q=emploi")
    )
    assert 'name="sort"' not in page_text(client.get("/"))  # nothing to be relevant to


def test_unknown_sort_on_the_page_is_a_400_in_french(client):
    assert "Tri inconnu « date »" in page_text(client.get("/?q=emploi&sort=date"), 400)


def test_results_have_a_visible_heading_above_them(client):
    page = page_text(client.get("/?q=emploi"))
    assert '<h2 id="resultats" tabindex="-1">Résultats</h2>' in page
    assert page.index('id="resultats"') < page.index('<ol class="results"')
    assert '<a class="skip" href="#resultats">Aller aux résultats</a>' in page


def test_no_result_offers_each_word_alone_and_dropping_a_filter(client):
    page = page_text(client.get("/?q=emploi+xylophone&region=FR-BRE"))
    assert '<a href="/?q=emploi&amp;region=FR-BRE">« emploi » seul : 2 résultats</a>' in page
    assert "xylophone » seul" not in page  # a word that finds nothing is no way out
    page = page_text(client.get("/?q=emploi+xylophone&region=FR-GES"))
    # Dropping the filter is offered exactly when it finds something (by words or meaning).
    unfiltered = client.get("/api/search?q=emploi+xylophone").get_json()["total"]
    offered = re.search(r'<a href="/\?q=emploi\+xylophone">Sans le filtre région', page)
    assert (offered is not None) == (unfiltered > 0)
    assert "Aucun résultat pour « emploi xylophone » · Grand Est" in page


def test_no_result_never_offers_a_stop_word_alone(client):
    page = page_text(client.get("/?q=emploi+des+xylophones&region=FR-BRE"))
    assert "« emploi » seul : 2 résultats" in page
    assert "« des » seul" not in page  # too common: it is not searched


def test_a_query_of_very_common_words_says_they_are_not_searched(client):
    page = page_text(client.get("/?q=pour+tous"))
    assert "Aucune solution ne correspond à « pour tous »." in page
    assert "ne sont pas cherchés : ajoutez un mot plus précis." in status_line(page)
    assert client.get("/api/search?q=pour+tous").get_json()["total"] == 0


@pytest.mark.parametrize("typed", ["x", "R&D", "*"])
def test_a_query_with_no_word_lists_all_and_says_nothing_was_searched(client, typed):
    page = page_text(client.get("/", query_string={"q": typed}))
    assert status_line(page).startswith("43 résultats pour")
    assert "ne sont pas cherchés : ajoutez un mot." in status_line(page)


@pytest.mark.parametrize("query", ["", "-emploi", "garage", "x garage"])
def test_a_search_with_words_or_an_exclusion_has_no_such_note(client, query):
    page = page_text(client.get("/", query_string={"q": query}))
    assert "ne sont pas cherchés" not in page


def test_results_by_meaning_offer_each_word_that_solutions_contain(client):
    assert client.get("/api/search?q=insertion+des+sans-abri").get_json()["meaning_only"]
    page = page_text(client.get("/?q=insertion+des+sans-abri"))
    alone = client.get("/api/search?q=insertion").get_json()["total"]
    offered = f'<li><a href="/?q=insertion">« insertion » seul : {alone} résultats</a></li>'
    assert offered in page
    assert page.index('class="words-alone"') < page.index('<ol class="results"')
    # « sans-abri » alone is found by meaning only, as this page already is: no way out.
    assert client.get("/api/search?q=sans-abri").get_json()["meaning_only"]
    assert "« sans-abri » seul" not in page and "« des » seul" not in page
    # A page found by the words offers none.
    assert 'class="words-alone"' not in page_text(client.get("/?q=garage+solidaire"))


def status_line(page: str) -> str:
    """The live region's content: the count, and what a screen reader must hear with it."""
    return re.search(r'<p role="status" id="statut" class="status">(.*?)</p>', page).group(1)


def test_results_by_meaning_say_so_and_name_the_words_they_lack(client):
    page = page_text(client.get("/?q=gare+d%C3%A9saffect%C3%A9e"))
    message = "Aucune solution ne contient ces mots ; voici les plus proches par le sens."
    assert status_line(page).startswith("1 résultat pour « gare désaffectée »")
    assert status_line(page).endswith(f"{message}</span>")
    assert '<p class="missing">Mot absent : « désaffectée »</p>' in page


def test_the_words_a_hit_lacks_are_shown_as_text(client):
    page = page_text(client.get("/?q=%3Cb%3Eprison%3C%2Fb%3E+emploi+trouver"))
    missing = re.findall(r'<p class="missing">([^<]*)</p>', page)
    assert missing and any("« &lt;b&gt;prison&lt;/b&gt; »" in line for line in missing)
    assert "<b>prison</b>" not in page


def test_a_relaxed_question_says_its_results_have_part_of_the_words(client):
    line = "Aucune solution ne contient tous ces mots ; voici celles qui en ont le plus."
    page = page_text(client.get("/?q=trouver+un+emploi+apr%C3%A8s+la+prison"))
    assert status_line(page).endswith(f"{line}</span>")
    assert page.count('<p class="missing">Mot') >= 5  # each hit names what it lacks
    assert line not in page_text(client.get("/?q=garage+solidaire"))
