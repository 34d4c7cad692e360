"""The one search service: the page, the API, the widget, the CLI and the benchmarks call it.

It searches the generation of the index that ``served`` keeps open (a rebuild's is opened
beside it), keeps its results, checks what a visitor sent, and runs a search through its
stages: ``planning`` (what the words become), ``relaxation`` (which documents the words
find), ``meaning`` and ``fusion`` (what the meaning adds, and one ranking of both),
``ranking`` and ``hits`` (one page, in order, and what the page shows of each).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import numpy as np

from solsearch.analysis.embedding import Embedder, shared_embedder
from solsearch.corpus import Solution
from solsearch.search import filtering, fusion
from solsearch.search.completion import completable, complete
from solsearch.search.hits import similar_hits
from solsearch.search.matching import Unit
from solsearch.search.meaning import MeaningScores, QueryVectors, semantic_reason
from solsearch.search.parse import parse_query
from solsearch.search.planning import (
    corrected_spellings,
    plan_units,
    spelling_suggestion,
    with_word_families,
)
from solsearch.search.relaxation import matching_documents, question_weight, without_excluded
from solsearch.search.results import (
    Hit,
    IndexHealth,
    SearchQuery,
    SearchResult,
    Suggestion,
)
from solsearch.search.served import ServedGeneration
from solsearch.search.sharedtable import SharedResults
from solsearch.search.sorting import TITLE, check_sort, effective_sort

#: A word, as opposed to syntax or a letter alone: two letters or digits in a row.
_WORD = re.compile(r"[^\W_]{2}")


class SearchService:
    """Searches the current generation of an index folder, reopening it when it changes."""

    def __init__(
        self,
        index_dir: Path | str,
        cache_size: int = 1024,
        semantic: bool = True,
        embedder: Embedder | None = None,
    ):
        """``cache_size``: results kept per index generation, by this process and for the
        processes it forks later (0: none, as for cold figures);
        ``semantic``: whether to search by meaning too (when the index has vectors and the
        model loads; else words alone)."""
        self.index_dir = Path(index_dir)
        self.cache_size = cache_size
        self.semantic = semantic
        self._queries = QueryVectors(embedder or shared_embedder()) if semantic else None
        self._shared = SharedResults(cache_size)
        self._served = ServedGeneration(self.index_dir)

    # -- generation ------------------------------------------------------------------------

    def generation(self) -> tuple[int, str]:
        """The served generation's number and build time: an HTTP cache validator that never
        touches the model."""
        with self._served.locked() as state:
            return state.version

    def prepare(self) -> None:
        """Open the index, build what searches derive from it and run the model once, before
        any visitor asks (as a server's worker starts)."""
        with self._served.locked() as state:
            state.prepare()
        if self._queries:
            self._queries.embedder.warm()

    def health(self) -> IndexHealth:
        with self._served.locked() as state:
            has_vectors = state.vectors is not None
        reason = semantic_reason(self._queries, has_vectors)
        return IndexHealth(
            state.doc_count, state.generation, state.meta.built_at, reason is None, reason
        )

    # -- search ----------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        """Ranked, filtered, faceted results; raises QueryError for what a visitor must fix."""
        filters = filtering.check_filters(query.filters)
        filtering.check_paging(query.page, query.per_page)
        check_sort(query.sort)
        parsed = parse_query(query.text)
        key = (query.text, tuple(filters.items()), query.page, query.per_page, query.sort)
        with self._served.locked() as state:
            cached = state.results.get(key)
            if cached is None:
                cached = self._shared.get(state.version, key)  # another worker's
                if cached is not None:
                    state.results.put(key, cached, self.cache_size)
            if cached is not None:
                return cached
            meaning = self._queries is not None and state.vectors is not None
            found = _found_by_words(state, parsed, families=meaning)
            meaning = meaning and _meaning_may_change(state, found, parsed, filters, query.sort)
            spellings, opened = state.spellings if meaning else {}, state
            corrected = corrected_spellings(state, found.units) if meaning else {}
        # Outside the lock, the model call holds back no other search.
        vector = self._queries.for_words(parsed, spellings, corrected) if meaning else None
        with self._served.locked(follow=False) as state:
            scores = state.vectors.scores(vector) if vector is not None and state.vectors else None
            if state is not opened or (meaning and scores is None):
                found = None  # another generation, or the model failed: look again
            result = self._search(state, query, parsed, filters, scores, found)
            state.results.put(key, result, self.cache_size)
            version = state.version
        self._shared.put(version, key, result)  # pickled outside the lock: 0.03 to 0.5 ms
        return result

    def count(self, query: SearchQuery, words_only: bool = False) -> int:
        """``search(query).total``, without a page of hits, and without the model when a
        document has every word: meaning then only ranks (``fusion.admit``), unless the
        words' families would add documents for it to confirm. ``words_only``: the
        solutions that have the words, without what meaning adds or confirms."""
        filters = filtering.check_filters(query.filters)
        parsed = parse_query(query.text)
        with self._served.locked() as state:
            families = self._queries is not None and not words_only
            found = _found_by_words(state, parsed, families=families)
            if words_only or _words_decide(found):
                return _listed(state, found, parsed, filters)
        return self.search(query).total

    def _search(
        self,
        state,
        query: SearchQuery,
        parsed,
        filters,
        scores: MeaningScores | None,
        found: Found | None = None,
    ) -> SearchResult:
        """``found``: what the words find in ``state``, looked up for or without meaning
        as ``scores`` is; None to look it up here."""
        if found is None:
            found = _found_by_words(state, parsed, scores is not None)
        units, matched, coverage, families = found
        apart = None
        if families is not None:
            confirmed = fusion.confirmed_relatives(families.only, scores)
            if confirmed.any():
                apart = _apart(state, units, confirmed)
                units, matched = families.units, matched | confirmed
        admitted = None
        if scores is not None:
            share = None if coverage is None else coverage / question_weight(state, units)
            admitted = fusion.admit(matched, share, scores, not parsed.phrases, apart)
            matched = admitted.found
        matched = without_excluded(state, matched, parsed.excluded)
        final = np.flatnonzero(state.facets.apply(matched, filters))
        start = (query.page - 1) * query.per_page
        sort = effective_sort(query.sort, bool(units))
        hits = fusion.page_hits(
            state,
            units,
            final,
            (start, query.per_page),
            coverage,
            admitted,
            scores,
            parsed.words,
            sort == TITLE,
        )
        corrected = tuple(w for u in units for w in u.corrected)
        suggestion = None
        if corrected or not len(final):
            suggestion = spelling_suggestion(state, parsed.words)
        return SearchResult(
            query=query.text,
            filters=filters,
            total=len(final),
            page=query.page,
            per_page=query.per_page,
            hits=hits,
            facets=state.facets.counts(matched, filters),
            suggestion=suggestion,
            relaxed=coverage is not None,
            corrected=corrected,
            sort=sort,
            meaning_only=bool(admitted and len(final) and not admitted.words[final].any()),
            common_words_only=not units and _only_common_words(parsed),
            nothing_searched=not units and _only_signs(parsed),
        )

    # -- one solution, similar ones, completions -------------------------------------------

    def solution(self, solution_id: str) -> Solution | None:
        """One whole solution as the index holds it."""
        with self._served.locked() as state:
            docnum = state.docnum(solution_id)
            record = None if docnum is None else state.record(docnum)
        return None if record is None else Solution.from_record(record)

    def solution_ids(self) -> list[str]:
        """The id of every solution in the index, in the order of their titles."""
        with self._served.locked() as state:
            return list(state.ids_by_title)

    def similar(self, solution_id: str, limit: int = 4) -> tuple[Hit, ...]:
        """Solutions closest in meaning to this one (their passages on the whole), or, for
        an index without vectors, those sharing the most distinctive words with it."""
        with self._served.locked() as state:
            docnum = state.docnum(solution_id)
            if docnum is None:
                return ()
            return similar_hits(state, docnum, limit, by_meaning=self.semantic)

    def suggest(self, text: str, limit: int = 8) -> tuple[Suggestion, ...]:
        """Completions of the last word being typed, then titles of matching solutions."""
        words = parse_query(text).words
        if not completable(words):
            return ()
        with self._served.locked() as state:
            return complete(state, words, limit)


class Families(NamedTuple):
    """The units widened to their words' families, and the documents only these find."""

    units: list[Unit]
    only: np.ndarray


class Found(NamedTuple):
    """What the words find: the query's units, the documents they find (all of them
    without a word), for a relaxed question each one's coverage, and the documents the
    words' families would add (``Families``), for meaning to confirm."""

    units: list[Unit]
    matched: np.ndarray
    coverage: np.ndarray | None
    families: Families | None


def _words_decide(found: Found) -> bool:
    """Whether the words alone decide which solutions a search lists: some solution has
    every word and their families add none for meaning to confirm, so meaning adds nothing
    (``fusion.admit``) and could only order them."""
    return (
        bool(found.units)
        and found.coverage is None
        and found.families is None
        and bool(found.matched.any())
    )


def _listed(state, found: Found, parsed, filters) -> int:
    """How many solutions the words find, less the excluded, inside the filters."""
    matched = without_excluded(state, found.matched, parsed.excluded)
    return int(np.count_nonzero(state.facets.apply(matched, filters)))


def _meaning_may_change(state, found: Found, parsed, filters, sort: str | None) -> bool:
    """Whether meaning may change a search's result, which is worth a model call (most of a
    search's time). Not when the words decide the list and it is by title or has at most
    one solution: meaning has nothing to order. Such a hit then says it was found by words
    only, which it was."""
    if not found.units:
        return False  # browsing, or nothing searchable typed: no words to mean anything
    if not _words_decide(found):
        return True
    return effective_sort(sort, True) != TITLE and _listed(state, found, parsed, filters) > 1


def _apart(state, units, confirmed: np.ndarray) -> np.ndarray | None:
    """Of the documents meaning confirmed, those that lack a typed expression (``units``
    as planned, before their widening) and have its words only apart."""
    expressions = [state.docs(u.match) for u in units if u.apart is not None]
    return confirmed & ~np.logical_and.reduce(expressions) if expressions else None


def _only_common_words(parsed) -> bool:
    """Whether a query that plans to no unit had words (two letters or digits in a row),
    only very common ones then, rather than syntax or a letter alone (« * », « ^3 », « l' »)."""
    return any(_WORD.search(text) for text in (*parsed.words, *parsed.phrases))


def _only_signs(parsed) -> bool:
    """Whether a query that plans to no unit had text, but no word in it: a letter alone
    or signs (« x », « R&D », « * »), not an exclusion alone (« -emploi »)."""
    return bool(parsed.words or parsed.phrases) and not _only_common_words(parsed)


def _found_by_words(state, parsed, families: bool) -> Found:
    """``families``: whether to look for what the words' families add (only meaning can
    confirm it). They widen only a search that keeps every word: a relaxed question
    already keeps documents with part of it, on meaning's word."""
    units = plan_units(state, parsed.words, parsed.phrases)
    if not units:
        # No word, or syntax alone (« * »), lists every solution; very common words only
        # (« pour »), which are not searched, list none rather than all as if they matched.
        common = _only_common_words(parsed)
        return Found(units, np.zeros_like(state.all_docs) if common else state.all_docs, None, None)
    matched, coverage = matching_documents(state, units)
    widened = with_word_families(state, units) if families and coverage is None else None
    if widened is not None:
        wide, wide_coverage = matching_documents(state, widened)
        only = wide & ~matched
        if wide_coverage is None and only.any():
            return Found(units, matched, None, Families(widened, only))
    return Found(units, matched, coverage, None)


__all__ = ["SearchService"]
