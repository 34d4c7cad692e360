"""The search service on the real corpus: matching, ranking, filters, facets, snippets."""

from __future__ import annotations

import re
import tomllib
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA
from whoosh.support.levenshtein import damerau_levenshtein

from solsearch.corpus import STRUCTURES
from solsearch.corpus.reading import iter_solutions
from solsearch.corpus.synonyms import SYNONYMS_FILE, load_synonyms
from solsearch.index.schema import fold_title
from solsearch.search import QueryError, SearchQuery, SearchService
from solsearch.search.limits import BOUND_PREFIXES, COMPOUND_REST_LETTERS, NOT_A_COMPOUND_REST

from conftest import CORPUS, ids

SOLUTION_FILES = sorted(p for p in CORPUS.glob("*.md") if not p.name.startswith("_"))


def search(service, text="", **kwargs):
    return service.search(SearchQuery(text=text, **kwargs))


def _plain(text: str) -> str:
    """Lower case without accents, to look for a word in a file as a visitor would."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def solutions_with_word(word: str) -> set[str]:
    """The solutions whose file has the word (or its plural), read from the files
    themselves rather than through the index."""
    pattern = re.compile(rf"\b{word}s?\b")
    return {p.stem for p in SOLUTION_FILES if pattern.search(_plain(p.read_text("utf-8")))}


def corpus_titles() -> list[str]:
    """Every solution's title, read from the front matter of its file."""
    return [tomllib.loads(p.read_text("utf-8").split("+++")[1])["title"] for p in SOLUTION_FILES]


def test_two_words_find_the_two_solidarity_garages_first(service):
    result = search(service, "garage solidaire")
    assert set(ids(result)[:2]) == {"solidarauto", "gas-garage"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("chevres", "espoir-avenir"),  # accentless
        ("PERMACULTURE", "ode-vert-chez-moi"),  # capitals
        ("l’agroécologie", "ecopole-alimentaire"),  # typographic apostrophe
        ("l'agroécologie", "ecopole-alimentaire"),  # straight apostrophe
        ("gardiennes d'immeuble", "intermaide-gardiens"),  # feminine of gardien-ne-s
        ("boulangeries", "bou-sol"),
        ("Romainville", "baluchon"),
        ("Seine-Saint-Denis", "baluchon"),  # department only in the metadata
        ("Toulouse", "empc-auto-ecole"),
    ],
)
def test_french_forms_find_their_solution(service, query, expected):
    assert expected in ids(search(service, query))[:3]


def test_every_word_is_required_in_short_queries(service):
    both = set(ids(search(service, "monnaie locale", per_page=50)))
    assert both == {"la-pive"}


def test_quotes_make_a_phrase(service):
    loose = search(service, "insertion atelier", per_page=50).total
    phrase = search(service, '"atelier et chantier d’insertion"', per_page=50)
    assert 0 < phrase.total < loose
    for hit in phrase.hits:  # the words stand together, in this order, in every hit
        record = service.solution(hit.id)
        kinds = " ".join(STRUCTURES[code] for code in record.structures)  # the ACI label
        text = " ".join(f"{record.title} {record.text} {kinds}".lower().replace("'", "’").split())
        assert re.search(r"ateliers? et chantiers? d’insertion", text), hit.id


def test_leading_minus_excludes_a_word(service):
    with_word = set(ids(search(service, "recyclerie", per_page=50)))
    without = set(ids(search(service, "recyclerie -papier", per_page=50)))
    assert "fibre-49" in with_word
    assert "fibre-49" not in without
    assert without < with_word


@pytest.mark.parametrize("query", ["*", "(((", "-", "--", '""', "^3", "\x00\x1f", "{}[]<>"])
def test_whoosh_syntax_alone_lists_every_solution(service, query):
    result = search(service, query, per_page=50)
    assert set(ids(result)) == {p.stem for p in SOLUTION_FILES}


# A word of the corpus with syntax around it (the syntax holds no letter).
WRAPPED = ["(velo", "velo*", "velo~2", "^garage", "{garage}", '"garage', "garage^3"]
WRAPPED += ["[permaculture]", "monnaie:", "<solidaire>"]


@pytest.mark.parametrize("query", WRAPPED)
def test_whoosh_syntax_around_a_word_finds_what_the_word_finds(service, query):
    result = search(service, query, per_page=50)
    expected = solutions_with_word(re.sub(r"[^a-z]", "", query))
    assert result.total == len(expected) > 0
    assert set(ids(result)) == expected


@pytest.mark.parametrize(
    "query",
    ["title:(", "garage AND", "OR", "NOT solidaire", "a~2", "id:bati-plus", '"unterminated']
    + ["ñ" * 400],
)
def test_whoosh_operators_are_plain_words(service, query):
    """Operators and fields mean nothing: the query finds what its words alone find."""
    words = re.sub(r"[^\w\s-]", " ", query).lower()
    result, plain = search(service, query, per_page=50), search(service, words, per_page=50)
    assert (result.total, ids(result)) == (plain.total, ids(plain))


def test_a_query_too_long_is_a_clear_error(service):
    with pytest.raises(QueryError, match="trop longue"):
        search(service, "emploi " * 200)


def test_empty_query_lists_everything_by_title_page_after_page(service):
    pages = [search(service, "", per_page=7, page=n) for n in range(1, 8)]
    assert {page.total for page in pages} == {len(SOLUTION_FILES)}
    browsed = [hit.title for page in pages for hit in page.hits]
    assert [fold_title(t) for t in browsed] == sorted(fold_title(t) for t in corpus_titles())
    assert sorted(hit.id for page in pages for hit in page.hits) == [p.stem for p in SOLUTION_FILES]


def test_filters_or_inside_a_facet_and_across_facets(service):
    bretagne = search(service, region=("FR-BRE",), per_page=50).total
    hdf = search(service, region=("Hauts-de-France",), per_page=50).total
    either = search(service, region=("bretagne", "FR-HDF"), per_page=50)
    assert either.total == bretagne + hdf - len(
        set(ids(search(service, region=("FR-BRE",), per_page=50)))
        & set(ids(search(service, region=("FR-HDF",), per_page=50)))
    )
    narrowed = search(service, region=("bretagne", "FR-HDF"), theme=("environnement",))
    assert 0 < narrowed.total < either.total
    assert all(h.theme.value == "environnement" for h in narrowed.hits)


def test_region_names_and_old_names_are_accepted(service):
    assert search(service, region=("Picardie",)).filters["region"] == ("FR-HDF",)
    assert search(service, region=("ile de france",)).filters["region"] == ("FR-IDF",)


def by_filter(service, text: str, facet: str, code: str) -> set[str]:
    """The solutions a search by a place's name finds that the filter on that place does not
    list (those that merely name the place in their text), checking it finds the filter's."""
    found = set(ids(search(service, text, per_page=50)))
    listed = set(ids(search(service, per_page=50, **{facet: (code,)})))
    assert listed, f"{code}: the filter lists no solution, so nothing here could fail"
    assert listed <= found, f"{text}: the place's own solutions are missing"
    return found - listed


@pytest.mark.parametrize("query", ["près de Rouen", "autour de Lyon", "auprès de Nantes"])
def test_a_preposition_before_a_place_keeps_the_place_search(service, query):
    """« près » is in no text with « Rouen »: the search was by meaning alone."""
    place = query.split()[-1]
    result = search(service, query, per_page=50)
    assert not result.meaning_only
    assert ids(result) and set(ids(result)) == set(ids(search(service, place, per_page=50)))


@pytest.mark.parametrize(
    ("text", "facet", "code"),
    [
        ("Midi-Pyrénées", "region", "FR-OCC"),
        ("midi pyrenees", "region", "FR-OCC"),
        ("Haute-Normandie", "region", "FR-NOR"),
        ("Picardie", "region", "FR-HDF"),
        ("PACA", "region", "FR-PAC"),
        ("IDF", "region", "FR-IDF"),
        ("région parisienne", "region", "FR-IDF"),
        ("Hauts-de-France", "region", "FR-HDF"),
        ("hauts de france", "region", "FR-HDF"),
        ("Pays de la Loire", "region", "FR-PDL"),
        ("pays de loire", "region", "FR-PDL"),  # often written without « la »
        ("Seine St Denis", "department", "FR-93"),
    ],
)
def test_a_place_typed_finds_its_solutions_by_any_of_its_names(service, text, facet, code):
    """A name from before 2016 or abbreviated finds the place, as the filter does; a name of
    several words is one name, not words found apart (« Hauts-de-Seine » and « France »)."""
    for other in by_filter(service, text, facet, code):  # outside: they name the place
        record = service.solution(other)
        assert _plain(text).replace("-", " ") in _plain(record.text).replace("-", " ")


def test_a_region_with_no_solution_finds_none_through_its_common_words(service):
    """« grand » and « est » (« c’est ») are in most texts: as words, they found twelve
    solutions, none in the Grand Est (the corpus has none there)."""
    assert search(service, region=("FR-GES",)).total == 0
    assert search(service, "Grand Est").total == 0
    assert search(service, "Alsace").total == 0


@pytest.mark.parametrize(
    ("acronym", "expression"),
    [("EI", "entreprises? d'insertion"), ("ESS", "economie sociale et solidaire")],
)
def test_an_acronym_finds_the_texts_that_write_it_or_its_expression(service, acronym, expression):
    """An expression's words spread over a text are not the expression: matched as words
    anywhere, « EI » found 21 solutions, 15 of them without « entreprise d'insertion »."""
    found = set(ids(search(service, acronym, per_page=50)))
    written = {
        solution.id
        for solution in iter_solutions(CORPUS)
        if re.search(
            rf"\b{acronym}\b", " ".join([solution.title, solution.text, *solution.structures])
        )
        or re.search(
            rf"\b{expression}\b", _plain(solution.title + " " + solution.text).replace("’", "'")
        )
    }
    assert found and found <= written


def test_a_misspelled_expression_finds_what_the_expression_finds(service):
    """A typo was corrected after the synonyms' spans were sought: « recylage
    informatique » missed the solution that writes « réemploi informatique »."""
    words_alone = SearchService(service.index_dir, semantic=False)
    compared = 0
    for group in load_synonyms(CORPUS / SYNONYMS_FILE).groups:
        for expression in group:
            words = expression.split()
            longest = max(range(len(words)), key=lambda i: len(words[i]))
            word = words[longest]
            if len(words) < 2 or len(word) < 8:
                continue
            typo = " ".join([*words[:longest], word[:3] + word[4:], *words[longest + 1 :]])
            typed = words_alone.search(SearchQuery(typo, per_page=50))
            if (typed.suggestion or "").replace("'", "’") != expression:
                continue  # corrected into another word, or not at all
            right = words_alone.search(SearchQuery(expression, per_page=50))
            assert set(ids(typed)) == set(ids(right)), typo
            compared += 1
    assert compared > 100


@pytest.mark.parametrize("kind", sorted(STRUCTURES))
def test_a_kind_of_structure_written_with_dots_finds_what_its_acronym_finds(service, kind):
    """« E.T.T.I » listed every solution: a « t » (as in « a-t-il ») kept its letters
    apart, and single letters are no words."""
    dotted = ".".join(kind)
    found = set(ids(search(service, dotted, per_page=50)))
    assert found == set(ids(search(service, kind, per_page=50)))
    assert len(found) < search(service, "").total


@pytest.mark.parametrize("query", ["La Réunion", "la reunion", "île de la Réunion"])
def test_la_reunion_is_a_place_not_the_meetings_of_two_texts(service, query):
    """Without its article, « La Réunion » is « réunion »: it found the two solutions that
    write « les réunions des groupes », and no solution is overseas."""
    assert search(service, "réunions").total
    assert search(service, query).total == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"region": ("Atlantide",)}, "Région inconnue « Atlantide » : valeurs possibles : FR-ARA"),
        ({"theme": ("sport",)}, "Thème inconnu « sport » : valeurs possibles : emploi"),
        ({"structure": ("XYZ",)}, "Type de structure inconnu « XYZ »"),
        ({"department": ("999",)}, "Département inconnu « 999 »"),
        ({"page": 0}, "les pages commencent à 1"),
        ({"per_page": 51}, "entre 1 et 50"),
        ({"per_page": 0}, "entre 1 et 50"),
    ],
)
def test_unknown_filter_values_and_bad_paging_are_errors(service, kwargs, message):
    with pytest.raises(QueryError) as caught:
        search(service, "emploi", **kwargs)
    assert message in caught.value.message
    assert caught.value.status == 400


def test_facet_counts_are_disjunctive(service):
    plain = search(service, "emploi")
    ticked = search(service, "emploi", region=("FR-IDF",))
    plain_regions = {v.value: v.count for v in plain.facets["region"]}
    ticked_regions = {v.value: v.count for v in ticked.facets["region"]}
    assert ticked_regions == plain_regions  # the region facet ignores its own filter
    assert [v.value for v in ticked.facets["region"] if v.selected] == ["FR-IDF"]
    assert ticked.total == plain_regions["FR-IDF"]
    themes = {v.value: v.count for v in ticked.facets["theme"]}
    assert sum(themes.values()) == ticked.total  # other facets are counted within the filter


def test_facet_values_carry_french_labels(service):
    result = search(service, "")
    labels = {v.value: v.label for v in result.facets["region"]}
    assert labels["FR-PDL"] == "Pays de la Loire"  # French label, not "Pays-de-la-Loire"
    assert labels["FR-IDF"] == "Île-de-France"
    assert "FR-GES" not in labels  # no solution there: a value with no count is not listed


def test_snippet_marks_matched_words_and_escapes_the_rest(service):
    result = search(service, "garage solidaire")
    snippet = result.hits[0].snippet
    assert "<mark>garage</mark>" in snippet.lower()
    without_marks = re.sub(r"</?mark>", "", snippet)
    assert "<" not in without_marks and ">" not in without_marks


def test_an_expression_is_marked_where_it_stands_not_its_words_anywhere(service):
    """« prison » is also found as « maison d’arrêt » or « personne détenue » (synonyms):
    their words are marked where the expression stands, not at every « personnes »."""
    bati = next(hit for hit in search(service, "prison").hits if hit.id == "bati-plus")
    assert "<mark>Maison</mark> d’<mark>Arrêt</mark>" in bati.snippet
    assert "personnes" in bati.snippet and "<mark>personnes</mark>" not in bati.snippet
    # A quoted phrase: its words are marked together, never one alone.
    text = (CORPUS / "solidarauto.md").read_text(encoding="utf-8").lower()
    assert text.count("garage") > text.count("garage solidaire")
    snippet = search(service, '"garage solidaire" voitures').hits[0].snippet.lower()
    assert "<mark>garage</mark> <mark>solidaire</mark>" in snippet
    assert snippet.count("<mark>garage</mark>") == snippet.count("<mark>solidaire</mark>")


def test_snippet_marks_inclusive_forms(service):
    result = search(service, "salariées")
    assert any("<mark>salarié-e-s</mark>" in h.snippet for h in result.hits)


@pytest.mark.parametrize(
    ("typo", "expected", "word"),
    [
        ("permaculure", "ode-vert-chez-moi", "permaculture"),
        ("teatre", "tremplin-theatre", "théâtre"),
        ("abeiles", "intermaide-ruchers", "abeilles"),
    ],
)
def test_typos_still_find_and_suggest_the_corpus_word(service, typo, expected, word):
    result = search(service, typo)
    assert expected in ids(result)[:3]
    assert result.suggestion is None or word in result.suggestion


@pytest.mark.parametrize("article", ["l'", "d'", "qu’"])
def test_a_typo_behind_an_elided_article_is_corrected_too(service, article):
    """« d'insersion » was left uncorrected: the article hid the word from the correction."""
    typed = search(service, f"chantier {article}insersion", per_page=50)
    assert not typed.meaning_only and typed.corrected
    assert set(ids(typed)) == set(ids(search(service, "chantier insertion", per_page=50)))


def test_did_you_mean_is_in_unstemmed_words_with_accents(service):
    assert search(service, "teatre emploi").suggestion == "théâtre emploi"


@pytest.mark.parametrize("query", ["recette de la tarte tatin", "Martinique"])
def test_off_topic_queries_find_nothing(service, query):
    result = search(service, query)
    assert result.total == 0


@pytest.mark.parametrize("query", ["pour", "le la les", "avec -garage", '"de la"', "qu'il"])
def test_only_very_common_words_find_nothing_and_say_why(service, query):
    """They are not searched: every solution was listed as if it matched « pour »."""
    result = search(service, query)
    assert result.total == 0 and result.common_words_only
    assert "très courants" in result.note and "ajoutez un mot plus précis" in result.note


@pytest.mark.parametrize("query", ["", "-garage"])
def test_no_word_but_exclusions_still_lists_the_solutions(service, query):
    result = search(service, query, per_page=50)
    everything = {s.id for s in iter_solutions(CORPUS)}
    with_garage = set(ids(search(service, "garage", per_page=50))) if query else set()
    assert set(ids(result)) == everything - with_garage and (with_garage or not query)
    assert not result.common_words_only and result.note is None


def test_long_questions_relax_to_most_of_their_words(service):
    question = (
        "quelles entreprises d'insertion travaillent avec les bailleurs sociaux pour recruter"
    )
    result = search(service, question)
    assert result.relaxed
    assert {"intermaide-gardiens", "unis-vers-emploi"} & set(ids(result)[:3])


def test_synonyms_from_the_editor_file_apply(service):
    spelled = set(ids(search(service, "insertion par l'activité économique", per_page=50)))
    acronym = set(ids(search(service, "IAE", per_page=50)))
    assert acronym and acronym & spelled


def test_a_word_finds_what_a_bound_prefix_joins_it_to(service):
    """« musée » finds the écomusée, but « logique » is not found in « écologique »."""
    assert "ecomusee-alzen" in ids(search(service, "musées"))
    for hit in search(service, "logique", per_page=50).hits:
        assert re.search(r"\blogique", _plain(service.solution(hit.id).text)), hit.id


def _bound_compounds() -> dict[str, set[str]]:
    """Each word that a file joins to a bound prefix (éco, agro), with or without a hyphen
    (« pâturage » in « écopâturage » and « éco-pâturage ») → the solutions that do so.
    Not the Greek roots of écologie and économie."""
    joined = re.compile(rf"\b(?:{'|'.join(BOUND_PREFIXES)})-?(\w{{{COMPOUND_REST_LETTERS},}})")
    found: dict[str, set[str]] = {}
    for path in SOLUTION_FILES:
        for rest in joined.findall(_plain(path.read_text("utf-8"))):
            if not rest.startswith(NOT_A_COMPOUND_REST):
                found.setdefault(rest, set()).add(path.stem)
    return found


def test_a_word_finds_the_compounds_of_a_bound_prefix_however_joined(service):
    """« pâturage » found the « éco-pâturage » of one solution but not the « écopâturage »
    of another: one spelling of a compound must not hide it."""
    compounds = _bound_compounds()
    assert len(compounds) >= 5 and "paturage" in compounds
    for word, written in compounds.items():
        assert written <= set(ids(search(service, word, per_page=50))), word


@pytest.mark.parametrize("semantic", [True, False])
def test_a_culture_noun_and_its_cole_adjective_find_each_other(index_dir, semantic):
    """« agriculture », « agriculteurs » and « agricole » are one word to the stemmer: each
    finds every solution that writes another, with or without meaning (the Ecopôle writes
    only « espace agricole »), and those the synonyms of « agriculteur » find (paysans,
    fermiers); none is found through « culture » alone."""
    service = SearchService(index_dir, semantic=semantic)
    found = {
        word: set(ids(search(service, word, per_page=50)))
        for word in ("agriculture", "agriculteurs", "agricoles")
    }
    assert "ecopole-alimentaire" in found["agriculture"]
    assert found["agriculture"] == found["agricoles"] == found["agriculteurs"]
    for hit in search(service, "agriculture", per_page=50).hits:
        text = _plain(service.solution(hit.id).text)
        assert re.search(r"\b(?:agri(?:col|cult)|paysan|fermier)", text), hit.id


def test_an_acronym_that_spells_a_stop_word_finds_its_structures(service):
    """« AI » found every solution (it was « ai », a stop word); it finds the solutions that
    an association intermédiaire carries, or that write it out."""
    found = set(ids(search(service, "AI", per_page=50)))
    carried = {s.id for s in iter_solutions(CORPUS) if "AI" in s.structures}
    assert carried and carried <= found
    assert found == set(ids(search(service, "association intermédiaire", per_page=50)))
    assert len(found) < search(service, "").total


def test_pagination_with_totals(service):
    first = search(service, "", per_page=10, page=1)
    last = search(service, "", per_page=10, page=5)
    beyond = search(service, "", per_page=10, page=9)
    assert first.pages == 5 and len(first.hits) == 10
    assert len(last.hits) == 3
    assert beyond.hits == () and beyond.total == 43
    assert not set(ids(first)) & set(ids(last))


def test_result_json_has_the_contract_shape(service):
    result = search(service, "garage solidaire", theme=("environnement",))
    assert "url" not in result.to_json()["results"][0]  # pages are the web layer's to name
    data = result.to_json(lambda solution_id: f"/page/{solution_id}")
    assert set(data) == {
        "query",
        "filters",
        "total",
        "page",
        "per_page",
        "pages",
        "results",
        "facets",
        "suggestion",
        "sort",
        "meaning_only",
    }
    hit = data["results"][0]
    assert set(hit) == {
        "id",
        "title",
        "url",
        "theme",
        "regions",
        "snippet",
        "score",
        "matched",
        "missing",
    }
    assert hit["url"] == f"/page/{hit['id']}"
    assert set(hit["theme"]) == {"value", "label"}
    assert set(data["facets"]["theme"][0]) == {"value", "label", "count", "selected"}


def test_solution_record_and_similar(service):
    record = service.solution("chacasol")
    assert record.title.startswith("Une drôle de gare")
    assert record.contact["email"] == "chacasol90@gmail.com"
    assert service.solution("nope") is None
    similar = service.similar("solidarauto")
    assert similar and "solidarauto" not in [h.id for h in similar]


def test_suggest_completes_the_last_word(service):
    labels = [s.label for s in service.suggest("recy")]
    assert any(label.startswith("recycl") for label in labels)
    titles = service.suggest("garage")
    assert any(s.solution_id == "solidarauto" for s in titles)
    assert service.suggest("") == ()


@settings(max_examples=500, deadline=None)
@given(st.text("abcdeé", max_size=10), st.text("abcdeé", max_size=10))
def test_typo_candidates_use_whooshs_edit_distance(one, other):
    """rapidfuzz's optimal string alignment is whoosh's Damerau-Levenshtein."""
    assert OSA.distance(one, other) == damerau_levenshtein(one, other)
