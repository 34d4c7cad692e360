"""Relevance on the public judged set: the figures the engine must keep (regression test)."""

from __future__ import annotations

import pytest

from solsearch.evaluation import evaluate, summaries

from conftest import EVAL


@pytest.fixture(scope="module")
def figures(service):
    scores = evaluate(service, EVAL / "queries.tsv", EVAL / "qrels.tsv")
    return {s.name: s for s in summaries(scores)}


def test_overall_targets(figures):
    overall = figures["ensemble"]
    assert overall.ndcg >= 0.90
    assert overall.mrr >= 0.90
    assert overall.no_result <= 0.02


def test_every_category_reaches_075(figures):
    low = {
        name: round(s.ndcg, 3)
        for name, s in figures.items()
        if name not in ("ensemble", "negative") and s.ndcg < 0.75
    }
    assert low == {}


def test_off_topic_queries_mostly_find_nothing(figures):
    negative = figures["negative"]
    assert negative.negatives == 4
    assert negative.negatives_empty >= 3
