"""Array scoring gives whoosh's own scores and matches, for every query the service builds."""

from __future__ import annotations

import csv
import shutil

import numpy as np
import pytest
from whoosh import query as wq

from solsearch.index import build_index
from solsearch.search.matching import Or
from solsearch.search.parse import parse_query
from solsearch.search.planning import plan_units
from solsearch.search.scoring import Scorer, top
from solsearch.search.state import GenerationState

from conftest import CORPUS, EVAL

OTHER_QUERIES = [
    "éco-pâturage",
    '"marc de café"',
    "recylage",
    "ACI recyclerie",
    "salarié-e-s en insertion",
    "comment trouver un emploi quand on est éloigné du marché du travail",
]


def _queries():
    with open(EVAL / "queries.tsv", encoding="utf-8") as f:
        judged = [row["query"] for row in csv.DictReader(f, delimiter="\t") if row["query"]]
    return judged + OTHER_QUERIES


def _whoosh_queries(state: GenerationState, text: str) -> list[wq.Query]:
    """The ranking queries the service builds for a text: all units required, and any."""
    parsed = parse_query(text)
    units = plan_units(state, parsed.words, parsed.phrases)
    if not units:
        return []
    scores = [u.score for u in units]
    built = [wq.And(scores), Or(scores), units[0].match, units[-1].score]
    return built + [query.normalize() for query in built]


def _assert_same(searcher, query):
    expected = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
    scorer = Scorer(searcher)
    scores = scorer.scores(query)
    assert set(np.flatnonzero(scores).tolist()) == set(expected), query
    assert set(scorer.matches(query).tolist()) == set(expected), query
    for docnum, score in expected.items():
        assert scores[docnum] == pytest.approx(score, rel=1e-9), (query, docnum)


def test_scores_are_whooshs_on_the_corpus(state):
    checked = 0
    for text in _queries():
        for query in _whoosh_queries(state, text):
            _assert_same(state.searcher, query)
            checked += 1
    assert checked > 400


def test_scores_are_whooshs_with_deleted_documents_and_several_segments(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    build_index(corpus, tmp_path / "index")
    (corpus / "bati-plus.md").unlink()
    path = corpus / "la-pive.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nDes chantiers en plus.\n", "utf-8")
    build_index(corpus, tmp_path / "index")
    state = GenerationState(tmp_path / "index")
    reader = state.searcher.reader()
    assert reader.has_deletions() or len(reader.leaf_readers()) > 1
    for text in ["chantier", "insertion emploi", "Peyrat", "bâtiment"]:
        for query in _whoosh_queries(state, text):
            _assert_same(state.searcher, query)
    state.close()


def test_top_ranks_like_whoosh_with_ties_in_document_order():
    scores = np.array([0.0, 2.0, 1.0, 2.0, 3.0, 1.0])
    docs = np.array([1, 2, 3, 4, 5])
    assert top(scores, docs, 3) == [(4, 3.0), (1, 2.0), (3, 2.0)]
    assert top(scores, docs, 4) == [(4, 3.0), (1, 2.0), (3, 2.0), (2, 1.0)]
    assert top(scores, docs, None) == [(4, 3.0), (1, 2.0), (3, 2.0), (2, 1.0), (5, 1.0)]
    assert top(scores, np.array([], dtype=np.int64), 10) == []
