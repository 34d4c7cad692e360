"""The one search service: the page, the API, the widget, the CLI and the benchmarks call it."""

from __future__ import annotations

import math
import threading
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import numpy as np
from whoosh import query as wq

from solsearch.analysis import fold
from solsearch.corpus import STRUCTURES, THEMES, Solution, territories
from solsearch.index import read_current
from solsearch.search import snippets
from solsearch.search.matching import (
    Or,
    Unit,
    merge_units,
    phrase_unit,
    replaced_unit,
    with_alternatives,
    word_unit,
)
from solsearch.search.parse import parse_query
from solsearch.search.results import (
    Hit,
    IndexHealth,
    Labelled,
    QueryError,
    SearchQuery,
    SearchResult,
    Suggestion,
)
from solsearch.search.scoring import top as scoring_top
from solsearch.search.state import GenerationState, typo_distance

MAX_PER_PAGE = 50
MAX_PAGE = 10_000
MAX_FILTER_VALUES = 20
# Questions no document answers whole relax to this share of their words (never fewer than
# two), or from four words on, to this share of their weight (rare words weigh more).
RELAX_SHARE = 0.5
RELAX_WEIGHT = 0.35
# How many of the best covered documents a relaxed query scores.
RELAXED_POOL = 200


class SearchService:
    """Searches the current generation of an index folder, reopening it when it changes."""

    def __init__(self, index_dir: Path | str, cache_size: int = 1024):
        """``cache_size``: results kept per index generation (0: none, as for cold figures)."""
        self.index_dir = Path(index_dir)
        self.cache_size = cache_size
        self._state: GenerationState | None = None
        self._lock = threading.Lock()

    # -- generation ------------------------------------------------------------------------

    def _current(self) -> GenerationState:
        """The open state, reopened when CURRENT names another generation (caller locks)."""
        name = read_current(self.index_dir)
        if self._state is None or (name is not None and name != self._state.name):
            old, self._state = self._state, GenerationState(self.index_dir)
            if old is not None:
                old.close()
        return self._state

    def health(self) -> IndexHealth:
        with self._lock:
            state = self._current()
            return IndexHealth(state.doc_count, state.generation, state.meta["built_at"])

    # -- search ----------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        """Ranked, filtered, faceted results; raises QueryError for what a visitor must fix."""
        filters = self.check_filters(query)
        _check_paging(query.page, query.per_page)
        parsed = parse_query(query.text)
        key = (query.text, tuple(filters.items()), query.page, query.per_page)
        with self._lock:
            state = self._current()
            cached = state.results.get(key)
            if cached is not None:
                return cached
            result = self._search(state, query, parsed, filters)
            state.results.put(key, result, self.cache_size)
            return result

    def _search(self, state, query: SearchQuery, parsed, filters) -> SearchResult:
        units = self._units(state, parsed.words, parsed.phrases)
        matched, coverage = _required(state, units) if units else (state.all_docs, None)
        for word in parsed.excluded:
            unit = word_unit(word) or phrase_unit(word)
            if unit is not None:
                matched = matched & ~state.docs(unit.match)
        final = np.flatnonzero(state.facets.apply(matched, filters))
        start = (query.page - 1) * query.per_page
        hits = self._page(state, units, final, start, query.per_page, coverage)
        corrected = tuple(w for u in units for w in u.corrected)
        suggestion = None
        if corrected or not len(final):
            suggestion = self._suggestion(state, parsed.words)
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
        )

    def totals_without_each_filter(self, query: SearchQuery) -> dict[str, int]:
        """For a search that found nothing: how many results each filter, dropped, gives."""
        return {
            facet: self.search(replace(query, page=1, **{facet: ()})).total
            for facet, values in query.filters().items()
            if values
        }

    def _units(self, state: GenerationState, words, phrases) -> list[Unit]:
        """One unit per word (synonym spans merged, typos corrected) and per phrase."""
        word_units = [(w, word_unit(w)) for w in words]
        word_units = [(w, u) for w, u in word_units if u is not None]
        units = _synonym_spans(state, word_units)
        units = [self._typo_tolerant(state, u) for u in units]
        units += [u for u in map(phrase_unit, phrases) if u is not None]
        return units

    @staticmethod
    def _typo_tolerant(state: GenerationState, unit: Unit) -> Unit:
        """A word no document has: matched by its derivations, else by the nearest words the
        corpus writes.

        Distances are measured on whole words as written (folded, unstemmed), where a typo
        is one edit, rather than on stems, where unrelated words collide.
        """
        if len(unit.terms) != 1 or state.docs(unit.match).any():
            return unit
        derived = [u for u in map(word_unit, state.derivations(unit.text)) if u is not None]
        if derived:
            return replaced_unit(unit, derived, corrected=False)
        folded = fold(unit.text)
        close = state.close_terms("exact", folded, typo_distance(folded))[:3]
        alternatives = [u for u in map(word_unit, close) if u is not None]
        return replaced_unit(unit, alternatives, corrected=True) if alternatives else unit

    def _page(self, state, units, final, start, per_page, coverage) -> tuple[Hit, ...]:
        """One page of hits: by title when browsing, by score when searching.

        Relaxed results (a long question no document answers whole) are ranked by how much
        of the question they have first, then by score.
        """
        if start >= len(final):
            return ()
        if not units:
            ordered = state.by_title(final, start, per_page)
            return self._hits(state, [(d, 0.0) for d in ordered])
        # Every unit's score query matches the documents its match query does, so scoring
        # needs no more.
        scores = [u.score for u in units]
        relaxed = coverage is not None
        scoring = Or(scores) if relaxed or len(scores) == 1 else wq.And(scores)
        values = state.scorer.scores(scoring)
        if relaxed:
            # Relaxed results are ranked by coverage first: only the best covered ones can
            # reach the page, so only those are ranked.
            pool = max(RELAXED_POOL, start + per_page)
            best = [docnum for docnum, _ in scoring_top(coverage, final, pool)]
            ranked = sorted(
                ((docnum, float(values[docnum])) for docnum in best),
                key=lambda pair: (-coverage[pair[0]], -pair[1], pair[0]),
            )
        else:
            ranked = scoring_top(values, final, start + per_page)
        terms = {t for field, t in scoring.iter_all_terms() if field == snippets.FIELD}
        return self._hits(state, ranked[start : start + per_page], terms)

    def _hits(self, state, page: list[tuple[int, float]], terms=None) -> tuple[Hit, ...]:
        """Hits for (document, score) pairs, with snippets of ``terms`` (or the opening)."""
        records = [state.record(docnum) for docnum, _ in page]
        texts = [(docnum, r["text"]) for (docnum, _), r in zip(page, records, strict=True)]
        if terms:
            cut = snippets.snippets(state.reader, texts, terms)
        else:
            cut = [snippets.opening(text) for _, text in texts]
        return tuple(
            Hit(
                id=record["id"],
                title=record["title"],
                url=f"/solutions/{record['id']}",
                theme=Labelled(record["theme"], THEMES.get(record["theme"], record["theme"])),
                regions=tuple(
                    Labelled(code, territories.region_label(code)) for code in record["regions"]
                ),
                snippet=snippet,
                score=float(score),
            )
            for (_, score), record, snippet in zip(page, records, cut, strict=True)
        )

    def _suggestion(self, state: GenerationState, words) -> str | None:
        """The query with each unknown word replaced by the closest word of the corpus,
        offered only when that query finds something."""
        changed, out = False, []
        for word in words:
            unit, replacement = word_unit(word), None
            known = unit is None or len(unit.terms) != 1 or state.docs(unit.match).any()
            folded = fold(word)
            if not known and folded.isalpha():
                close = state.close_terms("exact", folded, typo_distance(folded))
                replacement = state.spellings.get(close[0], close[0]) if close else None
            changed |= replacement is not None
            out.append(replacement or word)
        if not changed:
            return None
        units = self._units(state, out, ())
        return " ".join(out) if units and _required(state, units)[0].any() else None

    # -- filters ---------------------------------------------------------------------------

    def check_filters(self, query: SearchQuery) -> dict[str, tuple[str, ...]]:
        """Normalise facet values (region names → codes…); unknown values are a QueryError."""
        checked = {}
        for facet, values in query.filters().items():
            if len(values) > MAX_FILTER_VALUES:
                raise QueryError(f"Trop de valeurs pour « {facet} » : {MAX_FILTER_VALUES} au plus.")
            checked[facet] = tuple(dict.fromkeys(_facet_value(facet, v) for v in values))
        return checked

    # -- one solution, similar ones, completions -------------------------------------------

    def solution(self, solution_id: str) -> Solution | None:
        """One whole solution as the index holds it."""
        with self._lock:
            state = self._current()
            docnum = state.docnum(solution_id)
            if docnum is None:
                return None
            record = state.record(docnum)
        return Solution.from_record(record)

    def solution_ids(self) -> list[str]:
        """The id of every solution in the index, in the order of their titles."""
        with self._lock:
            state = self._current()
            docnums = state.by_title(np.flatnonzero(state.all_docs), 0, state.doc_count)
            return [state.searcher.stored_fields(docnum)["id"] for docnum in docnums]

    def similar(self, solution_id: str, limit: int = 4) -> tuple[Hit, ...]:
        """Solutions whose text shares the most distinctive words with this one."""
        with self._lock:
            state = self._current()
            docnum = state.docnum(solution_id)
            if docnum is None:
                return ()
            text = state.record(docnum)["text"]  # the body field is not stored twice
            found = state.searcher.more_like(docnum, "body", text=text, top=limit, numterms=25)
            return self._hits(state, [(hit.docnum, hit.score) for hit in found])

    def suggest(self, text: str, limit: int = 8) -> tuple[Suggestion, ...]:
        """Completions of the last word being typed, then titles of matching solutions."""
        words = parse_query(text).words
        if not words or len(fold(words[-1])) < 2:
            return ()
        head, last = words[:-1], fold(words[-1])
        with self._lock:
            state = self._current()
            completions = state.completions(last, limit)
            titles = [state.record(d) for d in state.titles_starting(list(words), 3)]
        found = [" ".join([*head, word]) for word in completions]
        out = [Suggestion(label, f"/?q={quote(label)}") for label in found[: limit - len(titles)]]
        out += [Suggestion(r["title"], f"/solutions/{r['id']}") for r in titles]
        return tuple(out)


def _facet_value(facet: str, value: str) -> str:
    value = value.strip()
    if facet == "theme":
        if value.lower() in THEMES:
            return value.lower()
        valid = ", ".join(THEMES)
    elif facet == "region":
        if code := territories.region_code(value):
            return code
        valid = ", ".join(f"{c} ({r.label})" for c, r in territories.regions().items())
    elif facet == "department":
        if code := territories.department_code(value):
            return code
        valid = "un code de FR-01 à FR-95, FR-2A, FR-2B, FR-75C, ou un nom de département"
    else:
        if value.upper() in STRUCTURES:
            return value.upper()
        valid = ", ".join(STRUCTURES)
    names = {
        "theme": "thème",
        "region": "région",
        "department": "département",
        "structure": "type de structure",
    }
    raise QueryError(
        f"{names[facet].capitalize()} inconnu{'e' if facet == 'region' else ''} "
        f"« {value[:80]} » : valeurs possibles : {valid}."
    )


def _check_paging(page: int, per_page: int) -> None:
    if page < 1:
        raise QueryError(f"La page {page} n’existe pas : les pages commencent à 1.")
    if page > MAX_PAGE:
        raise QueryError(f"La page {page} n’existe pas : {MAX_PAGE} au plus.")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(
            f"per_page doit être compris entre 1 et {MAX_PER_PAGE} (reçu : {per_page})."
        )


def _required(state: GenerationState, units: list[Unit]) -> tuple[np.ndarray, np.ndarray | None]:
    """Documents with every unit; for questions of three words or more with none, with most
    of the words.

    Returns the documents (a mask), and for a relaxed match how much of the question each
    one has: the words it has (a synonym span matched by an equivalent expression has all of
    its words), each weighted by its rarity, since the rare words of a question carry its
    topic. A long question may use words the corpus never does ("comment former … à
    écrire"): those cannot tell documents apart, so they are left out once three known words
    remain. From four words on, a document with the question's rarest words is kept even
    with fewer words. Short queries keep every word, so that an off-topic query finds
    nothing.
    """
    docsets = [(state.docs(u.match), u.width) for u in units]
    everything = np.logical_and.reduce([docs for docs, _ in docsets])
    typed = words = sum(width for _, width in docsets)
    if everything.any() or words < 3:
        return everything, None
    sizes = [int(np.count_nonzero(docs)) for docs, _ in docsets]
    known = [(docs, width) for (docs, width), size in zip(docsets, sizes, strict=True) if size]
    if len(units) >= 4 and sum(width for _, width in known) >= 3:
        docsets, words = known, sum(width for _, width in known)
        sizes = [size for size in sizes if size]
    total = state.doc_count + 1
    counts = np.zeros(len(state.all_docs), dtype=np.int64)
    weights = np.zeros(len(state.all_docs))
    heavy = 0.0
    for (docs, width), size in zip(docsets, sizes, strict=True):
        rarity = width * math.log(total / (size + 1)) if size else 0.0
        counts[docs] += width
        weights[docs] += rarity
        heavy += rarity * RELAX_WEIGHT
    floor = max(2, math.ceil(words * RELAX_SHARE))
    found = (counts >= floor) | ((counts > 0) & (typed >= 4) & (weights >= heavy))
    return found, weights if found.any() else None


def _synonym_spans(state: GenerationState, word_units) -> list[Unit]:
    """Merge consecutive words that spell a synonym expression, adding its alternatives."""
    table, longest = state.synonym_table, state.longest_synonym
    units, i = [], 0
    while i < len(word_units):
        for size in range(min(len(word_units) - i, longest), 0, -1):
            span = word_units[i : i + size]
            key = tuple(t for _, u in span for t in u.terms)
            if key in table:
                merged = (
                    span[0][1]
                    if size == 1
                    else merge_units([u for _, u in span], " ".join(w for w, _ in span))
                )
                units.append(with_alternatives(merged, table[key]))
                i += size
                break
        else:
            units.append(word_units[i][1])
            i += 1
    return units


__all__ = ["SearchService"]
