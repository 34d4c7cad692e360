"""Everything opened for one index generation: the searcher and what is derived from it once.

A new generation gets a new state; nothing here is ever refreshed in place (whoosh's
``refresh()`` is avoided on purpose), so a search sees one complete index from start to end.
"""

from __future__ import annotations

import bisect
import json
import weakref
from functools import cached_property
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh import query as wq

from solsearch.analysis import derived_stem, fold
from solsearch.analysis.expressions import written_terms
from solsearch.index import open_generation, spellings
from solsearch.index.vectors import read_vectors
from solsearch.search.facets import FacetSets
from solsearch.search.limits import (
    BOUND_PREFIXES,
    COMPOUND_REST_LETTERS,
    DERIVATION_CANDIDATES,
    NOT_A_COMPOUND_REST,
)
from solsearch.search.matching import Or, analyze_terms
from solsearch.search.meaning import PassageVectors
from solsearch.search.recent import Recent
from solsearch.search.scoring import Scorer, top

_CORRECTION_PREFIX = 1
# Document sets kept per generation (least recently used dropped first).
_DOCSET_CACHE = 512
_RECORD_CACHE = 2048


class GenerationState:
    """One open generation of the index and the per-searcher structures built from it."""

    def __init__(self, index_dir: Path):
        self.name, self.ix, self.meta = open_generation(index_dir)
        self.path = Path(index_dir) / self.name
        self.searcher = self.ix.searcher()
        # Segment files are real files: closed when the service moves on to another
        # generation, or else when this state is dropped.
        self._close_files = weakref.finalize(self, self.searcher.close)
        self.reader = self.searcher.reader()
        self.scorer = Scorer(self.searcher)
        self.facets = FacetSets(self.reader, self.scorer.size)
        # Sets of documents are boolean masks indexed by document number, never changed
        # in place once made (cached ones are read-only).
        self.all_docs = _read_only(self.scorer.alive.copy())
        self.doc_count = int(np.count_nonzero(self.all_docs))
        self._records = Recent()
        self._docsets = Recent()
        self.results = Recent()  # whole results, filled by the service
        self._close = Recent()
        self._vocabularies: dict[str, dict[str, list[str]]] = {}

    def close(self) -> None:
        self._close_files()

    def prepare(self) -> None:
        """Build now what searches derive on first use, so that no visitor waits for it: the
        vectors, the vocabulary tables (a third of a second for the word families alone at
        43 solutions, growing with the vocabulary) and the title order."""
        for name in (
            "vectors",
            "synonym_table",
            "named_expressions",
            "spellings",
            "_derivation_table",
            "_compound_table",
            "ids_by_title",
        ):
            getattr(self, name)
        self._vocabulary("exact")

    @property
    def generation(self) -> int:
        return self.meta.generation

    @property
    def version(self) -> tuple[int, str]:
        """The generation's number and build time: what tells its results from another's,
        even from those of a generation of that number built again."""
        return self.meta.generation, self.meta.built_at

    def docs(self, query: wq.Query) -> np.ndarray:
        """The documents a query matches (a mask), remembered for the words searched most."""
        found = self._docsets.get(query)
        if found is None:
            found = _read_only(self.scorer.mask(query))
            self._docsets.put(query, found, _DOCSET_CACHE)
        return found

    def record(self, docnum: int) -> dict:
        """A solution as stored, decoded; the most recently shown ones are kept."""
        found = self._records.get(docnum)
        if found is None:
            found = json.loads(self.searcher.stored_fields(docnum)["record"])
            self._records.put(docnum, found, _RECORD_CACHE)
        return found

    def docnum(self, solution_id: str) -> int | None:
        return self._docnums.get(solution_id)

    @cached_property
    def vectors(self) -> PassageVectors | None:
        """The generation's passage vectors by document number; None when it has none."""
        stored = read_vectors(self.path) if self.meta.semantic else None
        if stored is None or stored.model != self.meta.model:
            return None
        docnums = np.array([self._docnums.get(sid, -1) for sid in stored.ids], dtype=np.int64)
        return PassageVectors(stored, docnums, self.scorer.size)

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """Each document number's solution id (deleted documents' too), read from the id
        column at once: looked up one by one, 53 µs each, the ids of 100,000 solutions took
        5 s on the first search after each rebuild."""
        return tuple(
            v.decode("utf-8") if isinstance(v, bytes) else v
            for v in self.reader.column_reader("id")
        )

    @cached_property
    def _docnums(self) -> dict[str, int]:
        """Each live solution's document number, by id (an edited solution's older, deleted
        document keeps its id in the column)."""
        return {sid: d for d, sid in enumerate(self.ids) if self.all_docs[d]}

    @cached_property
    def ids_by_title(self) -> tuple[str, ...]:
        """The id of every solution of the generation, in the order of their titles (read once:
        the sitemap asks for it on every request)."""
        docnums = self.by_title(np.flatnonzero(self.all_docs), 0, self.doc_count)
        return tuple(self.ids[docnum] for docnum in docnums)

    def by_title(self, docs: np.ndarray, start: int, count: int) -> list[int]:
        """A page of documents (numbers) in alphabetical order of title."""
        ordered = top(self._title_order, docs, start + count)
        return [docnum for docnum, _ in ordered[start:]]

    @cached_property
    def _title_order(self) -> np.ndarray:
        """Each document's place in the alphabetical order of titles, negated so that the
        first title ranks highest, read from the sort column once per generation."""
        keys = list(self.reader.column_reader("title_sort"))
        order = sorted(range(len(keys)), key=keys.__getitem__)
        rank = np.empty(len(keys), dtype=np.float64)
        rank[order] = -np.arange(len(keys))
        return rank

    def titles_starting(self, words: list[str], limit: int) -> list[int]:
        """Documents whose title has every word, the last one as a prefix being typed, in
        the order of their titles.

        The prefix is expanded to the title's terms here, so that the whole query is read
        as arrays (``Scorer``), and the documents are ordered by the title order read once:
        whoosh's sorted search read the sort column again on every keystroke (1.9 ms at
        10,000 solutions, 26 ms for « emploi »)."""
        *whole, last = words
        typed = [t.decode("utf-8") for t in self.reader.expand_prefix("title", fold(last))]
        parts = [wq.Term("title", t) for w in whole for t in _stems(w)]
        parts.append(Or([wq.Term("title", t) for t in dict.fromkeys(typed + _stems(last))]))
        # Not kept among the search's document sets: each keystroke would push one out.
        return self.by_title(self.scorer.matches(wq.And(parts)), 0, limit)

    @cached_property
    def _synonym_groups(self) -> list[tuple[list[list[tuple[int, str]]], bool]]:
        """Each group of the synonyms file, its expressions analysed as queries are, with
        whether it is an acronym's."""
        synonyms = self.meta.synonyms
        return [
            ([analyze_terms(expression) for expression in group], group in synonyms.named)
            for group in synonyms.groups
        ]

    @cached_property
    def synonym_table(self) -> dict[tuple[str, ...], list[list[tuple[int, str]]]]:
        """Each expression's terms → the terms of the other expressions of its group."""
        table: dict[tuple[str, ...], list[list[tuple[int, str]]]] = {}
        for analysed, _ in self._synonym_groups:
            for i, terms in enumerate(analysed):
                key = written_terms(terms)
                if key:
                    others = [a for j, a in enumerate(analysed) if j != i and a]
                    table.setdefault(key, []).extend(others)
        return table

    @cached_property
    def named_expressions(self) -> frozenset[tuple[str, ...]]:
        """The terms of the expressions of acronyms' groups: names, whose words apart do
        not mean them."""
        return frozenset(
            written_terms(terms)
            for analysed, named in self._synonym_groups
            if named
            for terms in analysed
        )

    @cached_property
    def longest_synonym(self) -> int:
        """How many terms the longest synonym expression has."""
        return max(map(len, self.synonym_table), default=0)

    @cached_property
    def _spelling_table(self) -> dict[str, tuple[int, str]]:
        """Folded word → (documents using it in any spelling, the spelling used most, in
        lower case if a solution writes it so: a name is one the corpus always capitalises)."""
        best: dict[str, tuple[int, tuple[bool, int], str]] = {}
        for word, frequency in spellings.read(self.path).items():
            key = fold(word)
            if not key:
                continue
            total, top, spelled = best.get(key, (0, (False, -1), word))
            if (rank := (word == word.lower(), frequency)) > top:
                top, spelled = rank, word
            best[key] = (total + frequency, top, spelled)
        return {key: (total, spelled) for key, (total, _, spelled) in best.items()}

    @cached_property
    def spellings(self) -> dict[str, str]:
        """Folded word → the accented spelling the corpus uses most."""
        return {key: spelled for key, (_, spelled) in self._spelling_table.items()}

    @cached_property
    def _completion_keys(self) -> list[str]:
        return sorted(self._spelling_table)

    def completions(self, prefix: str, limit: int) -> list[str]:
        """Corpus words starting with a folded prefix, most used first, as the corpus spells
        them; words found in a single document (often a brand's fragment) only fill up."""
        keys = self._completion_keys
        start = bisect.bisect_left(keys, prefix)
        found = []
        for key in keys[start:]:
            if not key.startswith(prefix):
                break
            if len(key) > len(prefix):
                found.append(self._spelling_table[key])
        found.sort(key=lambda entry: (entry[0] < 2, -entry[0], entry[1]))
        return [spelled for _, spelled in found[:limit]]

    @cached_property
    def _derivation_table(self) -> dict[str, list[str]]:
        """Snowball stem → the words of the corpus (folded) that have it, or that join a
        bound prefix to a word that has it (écomusée for musée, écopâturage for pâturage),
        most used first."""
        table: dict[str, list[str]] = {}
        for key in self._completion_keys:
            table.setdefault(derived_stem(key), []).append(key)
            if rest := _compound_rest(key):
                table.setdefault(derived_stem(rest), []).append(key)
        return self._most_used_first(table)

    @cached_property
    def _compound_table(self) -> dict[str, list[str]]:
        """Stem of a word → the corpus words (folded) that join a bound prefix to it, most
        used first: paturag → écopâturage, as the index has « éco-pâturage » under paturag."""
        table: dict[str, list[str]] = {}
        for key in self._completion_keys:
            if (rest := _compound_rest(key)) and (stems := _stems(rest)):
                table.setdefault(stems[0], []).append(key)
        return self._most_used_first(table)

    def _most_used_first(self, table: dict[str, list[str]]) -> dict[str, list[str]]:
        """Each list of corpus words sorted once, most used first, for every query to read."""
        for found in table.values():
            found.sort(key=lambda w: -self._spelling_table[w][0])
        return table

    def compounds(self, term: str) -> list[str]:
        """Corpus words made of a bound prefix and a word of this stem, most used first."""
        return self._compound_table.get(term, [])

    def derivations(self, word: str) -> list[str]:
        """Corpus words sharing a word's Snowball stem (pollinisateurs → pollinisation), or
        made of a bound prefix and such a word (musée → écomusée), most used first."""
        return self._derivation_table.get(derived_stem(word), [])[:DERIVATION_CANDIDATES]

    def close_terms(self, fieldname: str, text: str, maxdist: int) -> list[str]:
        """Terms of a field at the smallest distance (up to ``maxdist``), most frequent first.

        Compared with the terms sharing the first letter, in one call to rapidfuzz (the
        distance whoosh computes in Python, as optimal string alignment); remembered, since
        the same typos come back."""
        key = (fieldname, text, maxdist)
        found = self._close.get(key)
        if found is None:
            found = self._nearest(fieldname, text, maxdist)
            self._close.put(key, found, _DOCSET_CACHE)
        return found

    def _nearest(self, fieldname: str, text: str, maxdist: int) -> list[str]:
        if maxdist < 1:
            return []
        candidates = self._vocabulary(fieldname).get(text[:_CORRECTION_PREFIX], [])
        scored = process.extract(
            text, candidates, scorer=OSA.distance, score_cutoff=maxdist, limit=None
        )
        scored = [(word, distance) for word, distance, _ in scored if word != text]
        if not scored:
            return []
        best = min(distance for _, distance in scored)
        nearest = sorted(word for word, distance in scored if distance == best)
        return sorted(nearest, key=lambda t: -self.reader.doc_frequency(fieldname, t))

    def _vocabulary(self, fieldname: str) -> dict[str, list[str]]:
        """A field's terms by first letter, read from the index once per generation."""
        found = self._vocabularies.get(fieldname)
        if found is None:
            found = {}
            for raw in self.reader.lexicon(fieldname):
                word = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                found.setdefault(word[:_CORRECTION_PREFIX], []).append(word)
            self._vocabularies[fieldname] = found
        return found


def _stems(word: str) -> list[str]:
    return [term for _, term in analyze_terms(word)]


def _read_only(mask: np.ndarray) -> np.ndarray:
    mask.flags.writeable = False
    return mask


def _compound_rest(word: str) -> str | None:
    """The word a bound prefix is joined to (écomusée → musée), None for another word or a
    Greek root (écologie)."""
    for prefix in BOUND_PREFIXES:
        rest = word.removeprefix(prefix)
        if rest != word and len(rest) >= COMPOUND_REST_LETTERS:
            return None if rest.startswith(NOT_A_COMPOUND_REST) else rest
    return None
