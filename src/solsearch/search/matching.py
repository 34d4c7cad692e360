"""From a parsed query to whoosh queries: one unit per word, phrase or synonym span.

Each unit knows which documents it match (its terms on any text field) and how to score
them (the same terms with each field's weight). ``relaxation`` requires every unit first
and relaxes to most of them for long questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from whoosh import query as wq
from whoosh.matching import UnionMatcher

from solsearch.analysis import exact_analyzer, stem_analyzer
from solsearch.analysis.expressions import expression_term, query_terms, written_terms

# Query-time field weights: a word in the title says more than the same word in the body.
FIELD_BOOSTS = {"title": 3.0, "organisations": 2.0, "places": 2.0, "kinds": 1.5, "body": 1.0}
SYNONYM_WEIGHT = 0.6
TEXT_FIELDS = ("title", "body")
FUZZY_WEIGHT = 0.5
EXACT_WEIGHT = 0.4


class Or(wq.Or):
    """whoosh's Or as a plain balanced tree of unions.

    whoosh's own picks, on indexes under 5,000 documents, a matcher that preloads 2,048-slot
    arrays, and elsewhere a tree weighted by each branch's estimated size, which looks up
    every term's frequency again at every level; either costs more than the search itself
    on questions with many words, synonyms and fields.
    """

    def _matcher(self, subs, searcher, context):
        return self._tree_matcher(subs, UnionMatcher, searcher, context, None)

    def __hash__(self) -> int:
        # Units are never changed once made, and the documents' cache hashes them at every
        # lookup: whoosh hashed the whole tree (fields × forms, dozens of terms) each time.
        # A copy (``with_boost``) that keeps a stale hash only misses that cache.
        try:
            return self._hash
        except AttributeError:
            self._hash = super().__hash__()
            return self._hash


_STEM = stem_analyzer()
_EXACT = exact_analyzer()


@dataclass
class Unit:
    """Something the visitor asked for: a word, a phrase, or a span with synonyms."""

    text: str
    match: wq.Query  # which documents have it, on any field
    score: wq.Query  # on the weighted fields: how well they have it
    terms: tuple[str, ...] = ()
    corrected: list[str] = field(default_factory=list)
    width: int = 1  # how many of the visitor's words it stands for
    # Typed words that spell an expression: the documents with its words anywhere, not
    # only together; candidates that only meaning can confirm (``planning.with_word_families``)
    apart: wq.Query | None = None
    # A typo: the terms of its nearest correction, which a synonym span is sought with
    spelled: tuple[str, ...] = ()


def analyze_terms(text: str, analyzer=_STEM) -> list[tuple[int, str]]:
    """(position, term) pairs of a query text; stacked alternatives share a position."""
    return query_terms(text, analyzer)


def _shape(terms: list[tuple[int, str]], fieldname: str, boost: float = 1.0) -> wq.Query | None:
    """The query for one word's terms on one field.

    A compound typed with a joiner comes back as its parts plus the catenation stacked on the
    last part ("éco-pâturage" → eco, paturag | ecopaturag): either all parts or the catenation.
    """
    if not terms:
        return None
    if len(terms) >= 3 and terms[-1][0] == terms[-2][0] and len({p for p, _ in terms}) > 1:
        parts = wq.And([wq.Term(fieldname, t) for _, t in terms[:-1]])
        return Or([parts, wq.Term(fieldname, terms[-1][1])], boost=boost)
    by_position: dict[int, list[str]] = {}
    for position, term in terms:
        by_position.setdefault(position, []).append(term)
    groups = [
        wq.Term(fieldname, ts[0]) if len(ts) == 1 else Or([wq.Term(fieldname, t) for t in ts])
        for ts in by_position.values()
    ]
    shaped = groups[0] if len(groups) == 1 else wq.And(groups)
    shaped.boost = boost
    return shaped


def _phrase(terms: list[tuple[int, str]], fieldname: str, boost: float = 1.0) -> wq.Query:
    """The words in this order."""
    words = written_terms(terms)
    if len(words) == 1:
        return wq.Term(fieldname, words[0], boost=boost)
    return wq.Phrase(fieldname, words, boost=boost)


def _together(terms: list[tuple[int, str]], fieldname: str, boost: float = 1.0) -> wq.Query:
    """The words of an expression in one field, in any order: nearly as precise as a phrase
    for the expressions of the synonyms file, without reading word positions, which made
    long questions cost a second at 10,000 solutions."""
    words = written_terms(terms)
    if len(words) == 1:
        return wq.Term(fieldname, words[0], boost=boost)
    return wq.And([wq.Term(fieldname, w) for w in words], boost=boost)


def _noted(terms: list[tuple[int, str]]) -> wq.Query:
    """The documents with an expression: its term where the index noted it, in the title or
    the text; a single word, that word."""
    words = written_terms(terms)
    if len(words) == 1:
        return Or([wq.Term(name, words[0]) for name in TEXT_FIELDS])
    return Or([wq.Term(name, expression_term(words)) for name in TEXT_FIELDS])


def _scored(terms, build, weight: float = 1.0) -> wq.Query:
    return Or([build(terms, name, boost * weight) for name, boost in FIELD_BOOSTS.items()])


def _anywhere(terms, build) -> wq.Query:
    return Or([build(terms, name) for name in FIELD_BOOSTS])


@lru_cache(maxsize=8192)
def word_unit(word: str) -> Unit | None:
    """A typed word, or None for a stop word or punctuation (remembered: the same words
    come back in most searches, and units are never changed once made)."""
    terms = analyze_terms(word)
    if not terms:
        return None
    exact = [wq.Term("exact", t, boost=EXACT_WEIGHT) for _, t in analyze_terms(word, _EXACT)]
    return Unit(
        word,
        _anywhere(terms, _shape),
        Or([_scored(terms, _shape), *exact]),
        tuple(t for _, t in terms),
    )


def phrase_unit(text: str) -> Unit | None:
    """A quoted phrase: its words in this order (stop words skipped)."""
    terms = analyze_terms(text)
    if not terms:
        return None
    return Unit(
        text,
        _anywhere(terms, _phrase),
        _scored(terms, _phrase),
        tuple(t for _, t in terms),
    )


def named_place_unit(text: str) -> Unit | None:
    """A place's name matched only where the index writes the places, not in the text."""
    terms = analyze_terms(text)
    if not terms:
        return None
    places = FIELD_BOOSTS["places"]
    return Unit(
        text, _phrase(terms, "places"), _phrase(terms, "places", places), written_terms(terms)
    )


def with_alternatives(unit: Unit, alternatives: list[list[tuple[int, str]]]) -> Unit:
    """The unit, also matched by synonym expressions in the title or the text (names and
    places need none): found where the index noted the expression, its words standing
    together (``analysis.expressions``), and scored by its words, weighted lower."""
    if not alternatives:
        return unit
    phrases = [
        Or([_together(a, f, FIELD_BOOSTS[f] * SYNONYM_WEIGHT) for f in TEXT_FIELDS])
        for a in alternatives
    ]
    match = Or([unit.match, *map(_noted, alternatives)])
    return replace(unit, match=match, score=Or([unit.score, *phrases]))


def also_named(unit: Unit, name: str) -> Unit:
    """The unit, also matched by another name of the same place, where the index writes the
    places (« Hauts-de-France » for « Picardie »)."""
    terms = analyze_terms(name)
    match = Or([unit.match, _phrase(terms, "places")])
    score = Or([unit.score, _phrase(terms, "places", FIELD_BOOSTS["places"])])
    return Unit(unit.text, match, score, unit.terms, unit.corrected, unit.width)


def replaced_unit(unit: Unit, alternatives: list[Unit], corrected: bool) -> Unit:
    """The unit matched instead by other words of the vocabulary, weighted lower: its
    derivations, or for a typo (``corrected``) the closest words."""
    match = Or([a.match for a in alternatives])
    score = Or([a.score for a in alternatives], boost=FUZZY_WEIGHT)
    terms = tuple(t for a in alternatives for t in a.terms)
    if not corrected:
        return Unit(unit.text, match, score, terms, [], unit.width)
    nearest = alternatives[0].terms
    return Unit(unit.text, match, score, terms, [unit.text], unit.width, spelled=nearest)


def with_relatives(unit: Unit, relatives: list[Unit]) -> Unit:
    """The unit, also matched by other words of its family (réparation for réparateurs),
    these weighted lower, as derivations are."""
    others = replaced_unit(unit, relatives, corrected=False)
    match, score = Or([unit.match, others.match]), Or([unit.score, others.score])
    return Unit(unit.text, match, score, unit.terms + others.terms, unit.corrected, unit.width)


def with_words_apart(unit: Unit) -> Unit:
    """A typed expression's unit, also matched where its words stand apart."""
    return replace(unit, match=Or([unit.match, unit.apart]), apart=None)


def with_compounds(unit: Unit, compounds: list[Unit]) -> Unit:
    """The unit, also matched by words that join a bound prefix to it (écopâturage for
    pâturage), as fully as by the same compound written with a hyphen, whose parts the
    index has (``_shape``)."""
    match = Or([unit.match, *(c.match for c in compounds)])
    score = Or([unit.score, *(c.score for c in compounds)])
    return Unit(unit.text, match, score, unit.terms, unit.corrected, unit.width)


def merge_units(units: list[Unit], text: str, words: tuple[str, ...], apart: bool) -> Unit:
    """Several typed words that spell an expression of the synonyms file (``words``, as the
    index notes it): found where the index noted the expression in the title or the text,
    its words standing together, or with each word in a name, a place or a kind of
    structure (« AI Association intermédiaire »); scored by its words. ``apart``: whether
    its words anywhere are candidates (``Unit.apart``), not for a name: « entreprise
    adaptée » is not every text that has « entreprise » in one sentence and « adaptée »
    in another."""
    spread = [
        wq.And([Or([wq.Term(name, t) for t in u.terms]) for u in units])
        for name in FIELD_BOOSTS
        if name not in TEXT_FIELDS
    ]
    noted = [wq.Term(name, expression_term(words)) for name in TEXT_FIELDS]
    return Unit(
        text,
        Or([*noted, *spread]),
        Or([u.score for u in units]),
        tuple(t for u in units for t in u.terms),
        [word for u in units for word in u.corrected],
        width=sum(u.width for u in units),
        apart=wq.And([u.match for u in units]) if apart else None,
    )
