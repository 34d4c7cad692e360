"""The French analysis chain: what must match, what must not, and what whoosh receives."""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import fields, index
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight
from whoosh.qparser import QueryParser
from wordfreq import top_n_list

import solsearch
from solsearch.analysis import (
    analyze,
    exact_analyzer,
    fold,
    light_stem,
    prepare_user_query,
    spelling_analyzer,
    stem_analyzer,
)
from solsearch.analysis.expressions import MARK, ExpressionTagger, reach, synonym_expressions
from solsearch.analysis.words import STOP_WORD_ACRONYMS
from solsearch.corpus.synonyms import Synonyms, load_synonyms
from solsearch.index.schema import build_schema

from conftest import CORPUS, SEED

STEM = stem_analyzer()
EXACT = exact_analyzer()
SPELL = spelling_analyzer()


def query_words(query: str) -> list[tuple[list[str], str | None]]:
    """Each word of a prepared query as (parts, catenation or None).

    In query mode a compound's catenation comes last, stacked on its last part's position.
    """
    words = []
    for word in prepare_user_query(query).split():
        tokens = [(t.text, t.pos) for t in STEM(word, mode="query", positions=True)]
        if len(tokens) > 1 and tokens[-1][1] == tokens[-2][1]:
            words.append(([text for text, _ in tokens[:-1]], tokens[-1][0]))
        elif tokens:
            words.append(([text for text, _ in tokens], None))
    return words


def matches(query: str, text: str) -> bool:
    """Whether a search for ``query`` finds ``text``, as solsearch parses queries.

    Every word must match; a compound matches by its catenation or by all its parts
    (Or(And(parts), catenation)), never by one loose part.
    """
    terms = set(analyze(text))
    words = query_words(query)
    return bool(words) and all(
        (joined is not None and joined in terms) or set(parts) <= terms for parts, joined in words
    )


MUST_MATCH = [
    # accents, case, ligatures
    ("écoles", "ecole"),
    ("ecole", "les écoles"),
    ("ECONOMIE", "l’économie"),
    ("l’économie", "economie"),
    ("activites", "activités"),
    ("theatre", "théâtre"),
    ("chevres", "chèvres"),
    ("coeur", "cœur"),
    ("cœur", "coeur"),
    ("oeuvre", "le gros œuvre"),
    # elision, every apostrophe
    ("insertion", "d’insertion"),
    ("l'insertion", "l’insertion"),
    ("emploi", "jusqu’à l‘emploi"),
    ("emploi", "lʼemploi"),
    ("Emploi", "BASSIN D’EMPLOI"),
    ("accompagner", "afin d’accompagner"),
    ("aujourd'hui", "aujourd’hui"),
    ("aujourdhui", "d’aujourd’hui"),
    # inclusive writing
    ("salariées", "salarié-e-s"),
    ("salariés", "salarié·e·s"),
    ("salariée", "salarié.e.s"),
    ("salariées", "salarié(e)s"),
    ("salariées", "salarié/e/s"),
    ("salarié-e-s", "les salariées"),
    ("actrices", "acteurs-trices"),
    ("actrice", "acteur-trice"),
    ("acteurs-trices", "une actrice"),
    ("chômeuse", "chômeur-euse"),
    ("conseillères", "conseiller-e-s"),
    ("citoyennes", "citoyen-ne-s"),
    ("professionnelles", "professionnel-le-s"),
    ("nombreuses", "nombreux-euses"),
    ("locales", "locaux-les"),
    ("agricultrices", "agriculteurs-trices"),
    ("gardienne d'immeuble", "gardien-ne d’immeuble"),
    ("chacune", "chacun-e"),
    ("investisseuses", "investisseurs-euses"),
    ("cheffes", "chef-fe-s"),
    ("habitantes", "habitant-e-s"),
    ("actrices", "acteur·rice·s"),
    # inflections
    ("emplois", "emploi"),
    ("emploi", "emplois"),
    ("boulanger", "boulangeries"),
    ("boulangeries", "boulanger"),
    ("cuisiner", "cuisinés"),
    ("cuisinés", "cuisine"),
    ("cuisine", "cuisiner"),
    ("salarié", "salariées"),
    ("chevaux", "cheval"),
    ("cheval", "chevaux"),
    ("travailleuse", "travailleurs"),
    ("économies", "économie"),
    ("première", "premier"),
    ("française", "Français"),
    ("meilleure", "meilleur"),
    ("réussie", "réussir"),
    ("accueillies", "accueillir"),
    ("aider", "aide"),
    ("plastiques recyclables", "plastique recyclable"),
    ("travailleurs handicapés", "travailleur handicapé"),
    # compounds and split spellings
    ("upcycling", "up cycling"),
    ("up cycling", "upcycling"),
    ("up-cycling", "d’up cycling"),
    ("écopâturage", "l’éco-pâturage"),
    ("éco-pâturage", "écopâturage"),
    ("éco pâturage", "l’éco-pâturage"),
    ("eco paturage", "écopâturage"),
    ("Île-de-France", "ile de france"),
    ("ile de france", "Île-de-France"),
    ("Ile-de-France", "Île-de-France"),
    ("Villeneuve-la-Garenne", "Villeneuve la Garenne"),
    ("Villeneuve la Garenne", "Villeneuve-la-Garenne"),
    ("villeneuvelagarenne", "Villeneuve-la-Garenne"),
    ("Seine-Saint-Denis", "seine saint denis"),
    ("sans-abri", "sans abri"),
    ("EBE", "E.B.E"),
    ("E.B.E", "l’EBE"),
    ("ebe", "l’E.B.E."),
    ("E.T.T.I", "ETTI"),
    ("P.T.C.E.", "le PTCE"),
    ("intermaide", "Interm’Aide"),
    ("Interm'Aide", "intermaide"),
    ("startup", "Start’up"),
    ("start-up", "startup"),
    ("start up", "start-up"),
    ("Start’up", "start up"),
    # places
    ("Grand Est", "la région Grand Est"),
    ("92", "Hauts-de-Seine (92)"),
    ("44", "Loire-Atlantique (44)"),
]

MUST_NOT_MATCH = [
    ("formation", "forme"),
    ("forme", "formation"),
    ("organisation", "organe"),
    ("mobilisation", "mobile"),
    ("environnement", "environ"),
    ("département", "départ"),
    ("équipement", "équipe"),
    ("placement", "place"),
    ("chantier", "chant"),
    ("quartier", "quart"),
    ("salariées", "salaire"),
    ("avions", "avis"),
    ("emploi", "employé"),
    ("parc", "parce qu’il pleut"),
    ("fondation", "fonds"),
    ("premier", "prime"),
    ("chevaux", "chevreaux"),
    ("Grand Est", "un grand jardin"),
    ("Villeneuve-la-Garenne", "la garenne"),
    ("up cycling", "cycling"),
    ("start-up", "start"),
    ("éco-pâturage", "écologie"),
    ("été", "étain"),
    ("sommes", "son"),
]


@pytest.mark.parametrize(("query", "text"), MUST_MATCH)
def test_query_finds_text(query, text):
    assert matches(query, text), (query_words(query), analyze(text))


@pytest.mark.parametrize(("query", "text"), MUST_NOT_MATCH)
def test_query_does_not_find_text(query, text):
    assert query_words(query) and analyze(text), "both sides must keep terms for a real test"
    assert not matches(query, text), (query_words(query), analyze(text))


# --- Stop words -------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["les", "ils", "elles", "cette", "et", "de", "très", "où"])
def test_function_words_are_stopped(word):
    assert analyze(word) == []
    assert analyze(word, EXACT) == []
    assert analyze(word, SPELL) == []


@pytest.mark.parametrize(
    ("word", "term"),
    [("été", "ete"), ("étés", "etes"), ("est", "est"), ("son", "son"), ("sommes", "sommes")]
    + [("avions", "avions"), ("fût", "fut"), ("as", "as")],
)
def test_homonyms_of_nouns_are_kept(word, term):
    assert analyze(word, EXACT) == [term]
    assert analyze(word, SPELL) == [word]


def test_ete_is_a_word_and_not_et():
    assert analyze("chantier d’été", EXACT) == ["chantier", "ete"]
    assert analyze("chantier et", EXACT) == ["chantier"]


def test_grand_est_keeps_est():
    assert analyze("Grand Est", EXACT) == ["grand", "est"]
    assert analyze("l’Est lyonnais", EXACT) == ["est", "lyonnais"]


@pytest.mark.parametrize(
    ("text", "number"), [("Hauts-de-Seine (92)", "92"), ("Loire-Atlantique (44)", "44")]
)
def test_department_numbers_survive(text, number):
    assert number in analyze(text)
    assert number in analyze(text, SPELL)


def test_an_acronym_in_capitals_is_not_the_stop_word_it_spells():
    """« AI », an association intermédiaire, is kept; « ai » of « j'ai » is stopped."""
    text = "une association intermédiaire (AI) ; j’ai vu, J'AI VU"
    assert analyze(text, EXACT) == ["association", "intermediaire", "ai", "vu", "vu"]
    assert analyze("AI", SPELL) == ["ai"]
    assert analyze("ai", EXACT) == analyze("Ai", EXACT) == []


def test_every_acronym_of_the_synonyms_file_that_spells_a_stop_word_is_kept():
    """The list of such acronyms is written by hand: an editor adding one to the synonyms
    file must find it here too, or it would be stopped like « ai » was."""
    groups = load_synonyms(CORPUS / "_synonymes.toml").groups
    acronyms = {e for group in groups for e in group if e.isupper() and " " not in e}
    stopped = {a for a in acronyms if not analyze(a.lower(), EXACT)}
    assert stopped and stopped <= STOP_WORD_ACRONYMS
    assert all(analyze(a, EXACT) for a in acronyms)


def test_single_letters_are_dropped():
    assert analyze("a b c à y", EXACT) == []


# --- Elision ----------------------------------------------------------------------------------


ARTICLES = ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"]


@pytest.mark.parametrize("article", ARTICLES)
@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_every_article_is_elided(article, apostrophe):
    assert analyze(f"{article}{apostrophe}atelier", EXACT) == ["atelier"]
    assert analyze(f"{article.upper()}{apostrophe}ATELIER", EXACT) == ["atelier"]


@pytest.mark.parametrize("text", ["aujourd’hui", "d’aujourd’hui", "aujourd'hui"])
def test_aujourdhui_stays_whole(text):
    assert analyze(text, EXACT) == ["aujourdhui"]
    assert analyze(text, SPELL) == ["aujourd'hui"]


# --- Inclusive writing ------------------------------------------------------------------------

SALARIES = ["salariés", "salariées"]
INCLUSIVE_WORDS = [
    ("salarié-e-s", SALARIES),
    ("salarié·e·s", SALARIES),
    ("salarié.e.s", SALARIES),
    ("salarié(e)s", SALARIES),
    ("salarié/e/s", SALARIES),
    ("salarié-e-e-s", SALARIES),
    ("acteurs-trices", ["acteurs", "actrices"]),
    ("acteur-trice", ["acteur", "actrice"]),
    ("acteur·rice·s", ["acteurs", "actrices"]),
    ("agriculteur·ice·s", ["agriculteurs", "agricultrices"]),
    ("chômeur-euse", ["chômeur", "chômeuse"]),
    ("conseiller-e-s", ["conseillers", "conseillères"]),
    ("citoyen-ne-s", ["citoyens", "citoyennes"]),
    ("citoyen-nes", ["citoyens", "citoyennes"]),
    ("professionnel-le-s", ["professionnels", "professionnelles"]),
    ("nombreux-euses", ["nombreux", "nombreuses"]),
    ("nombreux-ses", ["nombreux", "nombreuses"]),
    ("locaux-les", ["locaux", "locales"]),
    ("agriculteurs-trices", ["agriculteurs", "agricultrices"]),
    ("chef-fe-s", ["chefs", "cheffes"]),
    ("actif-ve-s", ["actifs", "actives"]),
    ("réactifs-ves", ["réactifs", "réactives"]),
    ("gardien-ne", ["gardien", "gardienne"]),
    ("quelqu’un-e", ["quelqu'un", "quelqu'une"]),
    ("un-e", []),
    ("il-elle", []),
    ("elles-ils", []),
    ("qu’elles-ils", []),
    ("tous-tes", []),
    ("la-e", []),
]
FRAGMENTS = {"e", "s", "es", "ne", "nes", "le", "les", "fe", "te", "tes", "se", "ses", "ve"}
FRAGMENTS |= {"ves", "tric", "trice", "trices", "rice", "rices", "ice", "ices"}
FRAGMENTS |= {"euse", "euses", "eus"}


@pytest.mark.parametrize(("text", "words"), INCLUSIVE_WORDS)
def test_inclusive_form_gives_masculine_and_feminine_words(text, words):
    assert analyze(text, SPELL) == words
    assert analyze(text, EXACT) == [fold(word) for word in words]


@pytest.mark.parametrize("text", [text for text, _ in INCLUSIVE_WORDS])
@pytest.mark.parametrize("analyzer", [STEM, EXACT, SPELL], ids=["stem", "exact", "spell"])
@pytest.mark.parametrize(("mode", "chars"), [("index", False), ("query", False), ("query", True)])
def test_inclusive_forms_leave_no_fragment(text, analyzer, mode, chars):
    terms = [t.text for t in analyzer(text, mode=mode, chars=chars)]
    assert not FRAGMENTS & set(terms), terms


def test_inclusive_query_keeps_the_masculine_only():
    """The parser would AND stacked forms; the index has both, so one is enough."""
    assert analyze("salarié-e-s", EXACT, mode="query") == ["salaries"]
    assert analyze("salarié-e-s", EXACT) == ["salaries", "salariees"]


def test_equal_stacked_stems_are_counted_once():
    assert analyze("salarié-e-s") == ["sala"]
    assert analyze("acteurs-trices") == ["acteu"]


def test_stacked_forms_share_a_position_and_phrases_skip_stop_words():
    text = "Des salarié-e-s formé-e-s à Villeneuve-la-Garenne"
    tokens = [(t.text, t.pos) for t in EXACT(text, positions=True)]
    assert tokens == [
        ("salaries", 1),
        ("salariees", 1),
        ("formes", 2),
        ("formees", 2),
        ("villeneuvelagarenne", 3),
        ("villeneuve", 3),
        ("garenne", 4),
    ]
    split = [(t.text, t.pos) for t in EXACT("Villeneuve la Garenne", positions=True)]
    assert split == [("villeneuve", 0), ("garenne", 1)]


def test_compound_catenation_comes_last_in_queries():
    tokens = [(t.text, t.pos) for t in EXACT("l’éco-pâturage bio", mode="query", positions=True)]
    assert tokens == [("eco", 0), ("paturage", 1), ("ecopaturage", 1), ("bio", 2)]


def test_parts_and_catenation_point_at_the_original_text():
    text = "l’éco-pâturage"
    tokens = [(t.text, text[t.startchar : t.endchar]) for t in EXACT(text, chars=True)]
    assert tokens == [("ecopaturage", "éco-pâturage"), ("eco", "éco"), ("paturage", "pâturage")]


def test_highlight_mode_yields_feminine_forms_on_the_original_text():
    """whoosh's highlight() re-analyses stored text with mode="query", chars=True."""
    text = "Les salarié·e·s et acteurs-trices"
    tokens = [(t.text, t.startchar, t.endchar) for t in EXACT(text, mode="query", chars=True)]
    assert tokens == [
        ("salaries", 4, 15),
        ("salariees", 4, 15),
        ("acteurs", 19, 33),
        ("actrices", 19, 33),
    ]
    assert text[4:15] == "salarié·e·s" and text[19:33] == "acteurs-trices"
    marked = highlight(text, {"actrices"}, EXACT, ContextFragmenter(), HtmlFormatter())
    assert '<strong class="match term0">acteurs-trices</strong>' in marked


# --- Queries and the stemmer ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "prepared"),
    [
        ("l’up cycling", "l'up-cycling"),
        ("start up", "start-up"),
        ("éco pâturage", "éco-pâturage"),
        ("cœur", "coeur"),
        ("Interm’Aide", "Interm'Aide"),
        ("Grand\u00a0Est", "Grand Est"),
        ("garage solidaire", "garage solidaire"),
    ],
)
def test_prepare_user_query(raw, prepared):
    assert prepare_user_query(raw) == prepared


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("chevaux", "cheval"),
        ("hiboux", "hibou"),
        ("chantés", "chant"),
        ("baronnes", "baron"),
        ("anneaux", "aneau"),
        ("affreuse", "afreu"),
        ("productrice", "product"),
        ("acheteuse", "achet"),
        ("caissière", "caisi"),
        ("abrasive", "abrasif"),
        ("folle", "fou"),
        ("personnelle", "person"),
        ("complète", "complet"),
        ("faiblesse", "faibl"),
        ("patinage", "patin"),
        ("créées", "cre"),
        ("22hh00", "22h00"),
        ("formation", "formation"),
        ("organisation", "organisation"),
        ("salariées", "sala"),
        ("première", "premi"),
        ("réussir", "reus"),
        ("agriculteurs", "agricol"),
        ("difficultés", "dificult"),  # no compound of -culture
    ],
)
def test_light_stem(word, stem):
    assert light_stem(word) == stem


@pytest.mark.parametrize(
    "family",
    [
        ["emploi", "emplois"],
        ["boulanger", "boulangeries", "boulangerie"],
        ["cuisiner", "cuisinés", "cuisine"],
        ["salarié", "salariée", "salariés", "salariées"],
        ["chevaux", "cheval"],
        ["acteur", "actrice", "actrices"],
        ["citoyen", "citoyenne", "citoyennes"],
        ["français", "française", "françaises"],
        ["investi", "investies", "investir"],
        ["agriculture", "agriculteurs", "agricultrices", "agricole", "agricoles"],
        ["apiculture", "apiculteur", "apicole"],
    ],
)
def test_light_stem_conflates(family):
    assert len({light_stem(word) for word in family}) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("formation", "forme"),
        ("organisation", "organe"),
        ("environnement", "environ"),
        ("agriculture", "culture"),
        ("permaculture", "culture"),
    ],
)
def test_light_stem_keeps_derived_nouns_apart(one, other):
    assert light_stem(one) != light_stem(other)


def test_every_culture_compound_french_writes_meets_its_cole_adjective():
    """Each noun, agent or feminine agent in -culture that French writes with an adjective
    in -cole (wordfreq's 300,000 most common French words) shares the adjective's stem."""
    french = set(top_n_list("fr", 300_000))
    pairs = [
        (word, found[1] + "cole")
        for word in french
        if (found := re.fullmatch(r"(\w+i)cult(?:ure|eur|rice)s?", word))
        and found[1] + "cole" in french
    ]
    assert len(pairs) >= 30  # agriculteurs, viticulture, sylvicultrice…
    assert [(w, a) for w, a in pairs if light_stem(w) != light_stem(a)] == []


# --- whoosh -----------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [stem_analyzer, exact_analyzer, spelling_analyzer])
def test_analyzers_survive_pickling(make):
    text = "Les salarié-e-s de l’éco-pâturage à Villeneuve-la-Garenne (92)"
    analyzer = make()
    copy = pickle.loads(pickle.dumps(analyzer))
    assert analyze(text, copy) == analyze(text, analyzer) != []


FRESH_PROCESS = """
import json, sys
from whoosh import index
from whoosh.qparser import QueryParser
ix = index.open_dir(sys.argv[1])
with ix.searcher() as searcher:
    query = QueryParser("body", ix.schema).parse("salariées")
    print(json.dumps([hit["id"] for hit in searcher.search(query)]))
"""


def test_index_round_trip_finds_inclusive_text_and_reopens_in_a_fresh_process(tmp_path):
    schema = fields.Schema(
        id=fields.ID(stored=True),
        body=fields.TEXT(analyzer=stem_analyzer(), stored=True),
        spell=fields.TEXT(analyzer=spelling_analyzer()),
    )
    ix = index.create_in(tmp_path, schema)
    with ix.writer() as writer:
        writer.add_document(id="bati", body="Les salarié-e-s du bâtiment", spell="salarié-e-s")
        writer.add_document(id="gas", body="Un garage solidaire", spell="garage")
    with ix.searcher() as searcher:
        query = QueryParser("body", ix.schema).parse(prepare_user_query("salariées"))
        assert [hit["id"] for hit in searcher.search(query)] == ["bati"]
        assert {"salariés", "salariées"} <= set(searcher.reader().field_terms("spell"))

    package_root = str(Path(solsearch.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([package_root, *sys.path])}
    result = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(result.stdout) == ["bati"]


TRICKY = (
    "Les salarié-e-s et l’éco-pâturage d'aujourd'hui : up cycling, cœur, 93 (Seine-Saint-Denis)"
    " — «\u00a0chantier\u00a0» / ACI-AI ; e-mail, ÉCOLE, le la les, x, 2016-2018, Ⅻ, 😀 fin."
)


@pytest.mark.parametrize("make", [stem_analyzer, exact_analyzer, spelling_analyzer])
def test_indexing_replays_what_the_chain_makes_of_each_word(make):
    """The per-word memo used when indexing gives the chain's own tokens, word for word."""
    memo = make()
    texts = [TRICKY, SEED.read_text(encoding="utf-8")]
    texts += [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.md"))]
    for text in texts:
        for options in ({"positions": True, "chars": True}, {"positions": True}, {}):
            replayed = [_seen(t, options) for t in memo(text, mode="index", **options)]
            direct = [_seen(t, options) for t in memo.chain(text, mode="index", **options)]
            assert replayed == direct
    assert len(memo.memo) > 1000


def _seen(token, options) -> tuple:
    """What whoosh reads of a token given the options it asked for."""
    return (
        token.text,
        token.pos if options.get("positions") else None,
        (token.startchar, token.endchar) if options.get("chars") else None,
    )


#: A synonyms file of one group: an acronym and its expression of two words.
_EI = Synonyms((("EI", "entreprise d’insertion"),))


def _noted(text: str, mode: str = "index") -> list[str]:
    tagger = ExpressionTagger(STEM, synonym_expressions(_EI, STEM))
    tokens = tagger(text, positions=True, chars=True, mode=mode)
    return [t.text for t in tokens if t.text.startswith(MARK)]


@pytest.mark.parametrize(
    "text",
    [
        "une entreprise d’insertion",
        "des entreprises d'insertion",
        "Entreprise solidaire d’insertion",  # one word between
        "l’insertion : une entreprise",  # any order
    ],
)
def test_an_expression_is_noted_where_its_words_stand_together(text):
    assert _noted(text) == [MARK + "entrepris insertion"]


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Cette entreprise accompagne depuis 2010 des salariés vers l’insertion.", "index"),
        ("entreprise d’insertion", "query"),  # a query is matched against the noted term
    ],
)
def test_an_expression_is_not_noted_from_words_apart_nor_in_a_query(text, mode):
    assert _noted(text, mode) == []


def test_a_schema_noting_expressions_survives_pickling():
    """The schema is pickled into each generation: its tagger must come back whole."""
    schema = pickle.loads(pickle.dumps(build_schema(_EI)))
    tokens = schema["body"].analyzer("une entreprise d’insertion", positions=True, mode="index")
    assert MARK + "entrepris insertion" in [t.text for t in tokens]


_NEAR_WORDS = ["entreprise", "d'insertion", "de", "solidaire", "jardin"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_NEAR_WORDS), max_size=12))
def test_an_expression_is_noted_exactly_where_its_last_word_closes_the_reach(words):
    """At a word of the expression, its term is noted when every word of it stands at most
    ``reach`` positions before (stop words not counted): the tagger's running memory of
    last positions checked against a count over all the positions."""
    text = " ".join(words)
    expression = ("entrepris", "insertion")
    terms = [(t.pos, t.text) for t in STEM(text, positions=True, mode="index")]
    expected = [
        pos
        for pos, term in terms
        if term in expression
        and all(
            any(pos - reach(2) <= p <= pos for p, t in terms if t == word) for word in expression
        )
    ]
    tagger = ExpressionTagger(STEM, [expression])
    noted = [t.pos for t in tagger(text, positions=True, mode="index") if t.text.startswith(MARK)]
    assert noted == expected
