"""One ranking from two: the documents the words find and those the meaning finds.

Which documents a search returns (``admit``), decided before the facet filters so that the
list, its total and the facet counts all come from one set:

- every document with all of the words stays (it contains what the visitor typed);
- a long question's *relaxed* matches (most of its words, not all) stay only if meaning
  confirms them: a similarity of ``RELAXED_SURE``, or of ``RELAXED_MEANING_FLOOR`` with a
  fair share of the question's weight (``RELAXED_SHARE``). Sharing « maison neuve » with
  « comment obtenir un crédit immobilier pour une maison neuve » is not being about it;
- a document that has a typed word only through another word of its family (réparation
  for réparateurs), or a typed expression of the synonyms file only as words apart
  (« mobilité » in one sentence, « solidaire » in another), stays if meaning confirms it:
  a similarity of ``RELATIVES_SURE`` (``confirmed_relatives``);
- documents found by meaning alone are let in only when no document has every word, when
  the gate is open (the best solution's similarity reaches ``MEANING_GATE``), and then only
  those close to the best one (within ``MEANING_SPAN``) and above ``MEANING_FLOOR``.

How they are ordered (``fused_scores``): reciprocal-rank fusion of the word ranking
(relaxed matches by how much of the question they have, then score) and the meaning
ranking, the word side weighted more (``WORDS_WEIGHT``), since a document that contains
the words was asked for more surely than one that is merely close; the documents with a
typed expression's words only apart come after those that have it.

The evidence behind every number is in ``limits`` and in the README (« Recherche par le
sens »): 93 judged queries, the public set and an off-line set of paraphrases and
off-topic questions, measured with both rankings.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from solsearch.search.hits import build_hits
from solsearch.search.limits import (
    MEANING_FLOOR,
    MEANING_GATE,
    MEANING_SPAN,
    RELATIVES_SURE,
    RELAXED_MEANING_FLOOR,
    RELAXED_SHARE,
    RELAXED_SURE,
    RRF_K,
    WORDS_WEIGHT,
)
from solsearch.search.matching import Unit
from solsearch.search.meaning import MeaningScores
from solsearch.search.ranking import rank_page, word_scores
from solsearch.search.results import Hit
from solsearch.search.scoring import top
from solsearch.search.snippets import Marks
from solsearch.search.state import GenerationState


class Admitted(NamedTuple):
    """Masks by document number: all the documents found, those by words, by meaning, and
    those with a typed expression's words only apart (``admit``)."""

    found: np.ndarray
    words: np.ndarray
    meaning: np.ndarray
    apart: np.ndarray | None = None


def admit(
    matched: np.ndarray,
    share: np.ndarray | None,
    scores: MeaningScores,
    alone: bool,
    apart: np.ndarray | None = None,
) -> Admitted:
    """The documents of a search (see the module's docstring).

    ``share``: for a relaxed question, how much of its weight each document has (None when
    every word matched); ``alone``: whether meaning may add documents without the words
    (not for a quoted phrase, asked for exactly); ``apart``: of ``matched``, those that have
    a typed expression's words only apart, which meaning confirmed (``confirmed_relatives``).
    """
    similarity = scores.by_doc
    words = matched
    if share is not None:
        sure = similarity >= RELAXED_SURE
        likely = (similarity >= RELAXED_MEANING_FLOOR) & (share >= RELAXED_SHARE)
        words = matched & (sure | likely)
    close = similarity >= max(MEANING_FLOOR, scores.best - MEANING_SPAN)
    meaning = close if scores.best >= MEANING_GATE else np.zeros_like(matched)
    # Solutions with every word typed are what was asked for: meaning then only ranks them.
    # Measured: of the 39 solutions meaning alone added beside such solutions in the judged
    # queries, 35 were judged irrelevant (« garage solidaire » brought a bakery).
    alone = alone and (share is not None or not matched.any())
    found = words | meaning if alone else words
    return Admitted(found, words, meaning & found, apart)


def confirmed_relatives(only_relatives: np.ndarray, scores: MeaningScores) -> np.ndarray:
    """Of the documents found only through words of the typed words' families, those close
    enough in meaning: « réparateurs de voitures » keeps the garage that does « réparation »
    of « voitures »; « assurance habitation » would not keep « assurer un logement »."""
    return only_relatives & (scores.by_doc >= RELATIVES_SURE)


def fused_scores(
    docs: np.ndarray,
    words: np.ndarray,
    word_scores: np.ndarray,
    coverage: np.ndarray | None,
    similarity: np.ndarray,
    apart: np.ndarray | None = None,
) -> np.ndarray:
    """A score per document number, higher first, for the documents ``docs`` (numbers).

    The documents that have a typed expression's words only apart (``apart``) come after
    all those that have it: ranked among them, they put the five solutions that write
    « créer son entreprise » second and fourth to seventh of 7, and the only one that
    writes « mobilité solidaire » third of 3.

    Ranks are computed over the whole list (two sorts), so any page is ranked exactly.
    """
    fused = np.zeros(len(similarity))
    by_words = docs[words[docs]]
    if len(by_words):
        keys = [-word_scores[by_words]]
        if coverage is not None:
            keys.append(-coverage[by_words])
        order = by_words[np.lexsort(keys)]
        fused[order] += WORDS_WEIGHT / (RRF_K + 1 + np.arange(len(order)))
    order = docs[np.argsort(-similarity[docs], kind="stable")]
    fused[order] += 1.0 / (RRF_K + 1 + np.arange(len(order)))
    if apart is not None and apart[docs].any():
        # Scaled below the lowest of the others, in their order.
        others, behind = docs[~apart[docs]], docs[apart[docs]]
        if len(others):
            fused[behind] *= fused[others].min() / (2 * fused[behind].max())
    return fused


class FusedPage(NamedTuple):
    """One page of a search with meaning: what ``hits.build_hits`` takes."""

    pairs: list[tuple[int, float]]
    terms: Marks | None
    how: dict[int, tuple[str, ...]]
    passages: dict[int, int]  # closest passage of each document found by meaning alone


def fused_page(
    state: GenerationState,
    units: list[Unit],
    docs: np.ndarray,
    page: tuple[int, int],
    coverage: np.ndarray | None,
    admitted: Admitted,
    scores: MeaningScores,
    by_title: bool = False,
) -> FusedPage:
    """The documents of one page (``page``: start, count) among ``docs`` (sorted numbers),
    by fused score or, ``by_title``, in the order of their titles."""
    start, count = page
    if start >= len(docs):
        return FusedPage([], None, {}, {})
    by_words, terms = np.zeros(len(admitted.found)), None
    if units:
        by_words, terms = word_scores(state, units, relaxed=coverage is not None)
    fused = fused_scores(docs, admitted.words, by_words, coverage, scores.by_doc, admitted.apart)
    if by_title:
        pairs = [(docnum, float(fused[docnum])) for docnum in state.by_title(docs, start, count)]
    else:
        pairs = top(fused, docs, start + count)[start:]
    how, passages = {}, {}
    for docnum, _ in pairs:
        by = ("words",) if admitted.words[docnum] else ()
        how[docnum] = by + (("meaning",) if admitted.meaning[docnum] else ())
        if not by:
            passages[docnum] = state.vectors.best_passage(scores, docnum) or 0
    return FusedPage(pairs, terms, how, passages)


def page_hits(
    state, units, final, page, coverage, admitted, scores, words, by_title
) -> tuple[Hit, ...]:
    """The hits of one page (start, count): ranked by words alone, or fused with meaning,
    the documents found by meaning alone showing their closest passage; ``by_title``: in
    the order of their titles instead."""
    start, count = page
    if admitted is None:
        ranked = rank_page(state, units, final, start, count, coverage, by_title)
        lacking = missing_words(state, units, ranked.pairs)
        return build_hits(state, ranked.pairs, ranked.terms, missing=lacking)
    fused = fused_page(state, units, final, page, coverage, admitted, scores, by_title)
    passages = {docnum: (i, list(words)) for docnum, i in fused.passages.items()}
    lacking = missing_words(state, units, fused.pairs)
    return build_hits(state, fused.pairs, fused.terms, fused.how, passages, lacking)


def missing_words(
    state: GenerationState, units: list[Unit], pairs: list[tuple[int, float]]
) -> dict[int, tuple[str, ...]]:
    """The typed words (phrases, synonym spans) that each document of a page lacks.

    A relaxed question's matches and the solutions found by meaning lack some, which a
    visitor should see rather than guess (« réfugiés » absent from an insertion workshop). A
    word counts as present through its matches: a typo's correction, a synonym, a relative
    of its family confirmed by meaning.
    """
    masks = [(unit.text, state.docs(unit.match)) for unit in units]
    return {
        docnum: tuple(dict.fromkeys(text for text, has in masks if not has[docnum]))
        for docnum, _ in pairs
    }
