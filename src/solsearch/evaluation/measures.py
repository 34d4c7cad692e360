"""Relevance measures over a judged query set, through the search service.

Queries (qid, query, theme, region, category) and judgments (qid, key, grade) are TSV
files; without others, a set shipped in ``data/``: the public one, or ``own``, written apart
from it so that an engine tuned while watching one set is still measured on queries it never
saw. Measures: nDCG@10 (gain
2^grade − 1), recall@10, MRR, the share of queries with no result, and for negative
queries (nothing relevant exists) the share answered with nothing.
"""

from __future__ import annotations

import csv
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from solsearch.search import SearchQuery, SearchService

CUTOFF = 10
NEGATIVE = "negative"
#: ``misspelled`` takes a letter from the longest word of a query from this length:
#: shorter words are corrected only by one letter or not at all.
TYPO_FROM_LETTERS = 6
#: How many typos of each query ``solsearch eval --typos`` measures.
TYPO_DRAWS = 3
#: The judged sets shipped with the package, by name → their folder under ``data/``.
JUDGED_SETS = {"public": "", "own": "own"}


@dataclass(frozen=True)
class QueryScore:
    qid: str
    category: str
    query: str
    ndcg: float
    recall: float
    reciprocal_rank: float
    answered: bool
    ranked: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    """Averages over judged queries (negatives apart) for one category or overall."""

    name: str
    queries: int
    ndcg: float
    recall: float
    mrr: float
    no_result: float
    negatives: int
    negatives_empty: int


def judged_set(name: str = "public") -> tuple[Traversable, Traversable]:
    """A judged set shipped with the package (queries, qrels), read from the package itself
    so that it works from an installed wheel."""
    data = files(__package__) / "data"
    if JUDGED_SETS[name]:
        data = data / JUDGED_SETS[name]
    return data / "queries.tsv", data / "qrels.tsv"


def public_set() -> tuple[Traversable, Traversable]:
    """The public judged set (queries, qrels)."""
    return judged_set("public")


def read_tsv(path: Path | Traversable) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def read_judgments(path: Path | Traversable) -> dict[str, dict[str, int]]:
    judged: dict[str, dict[str, int]] = defaultdict(dict)
    for row in read_tsv(path):
        judged[row["qid"]][row["key"]] = int(row["grade"])
    return judged


def dcg(grades: list[int]) -> float:
    return sum((2**g - 1) / math.log2(rank + 2) for rank, g in enumerate(grades))


def score_query(row: dict[str, str], judged: dict[str, int], ranked: list[str]) -> QueryScore:
    top = ranked[:CUTOFF]
    ideal = dcg(sorted(judged.values(), reverse=True)[:CUTOFF])
    ndcg = dcg([judged.get(key, 0) for key in top]) / ideal if ideal else 0.0
    relevant = {k for k, g in judged.items() if g > 0}
    recall = len(relevant & set(top)) / len(relevant) if relevant else 0.0
    first = next((rank for rank, key in enumerate(ranked, 1) if key in relevant), None)
    return QueryScore(
        row["qid"],
        row["category"],
        row["query"],
        ndcg,
        recall,
        1 / first if first else 0.0,
        bool(ranked),
        tuple(top),
    )


def misspelled(text: str, draw: int) -> str:
    """The query with one letter taken from its longest word, neither the first nor the
    last, the place drawn from the query and ``draw``: the same typo at every run."""
    words = text.split()
    if not words:
        return text
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < TYPO_FROM_LETTERS:
        return text
    cut = 1 + random.Random(f"{draw}:{text}").randrange(len(word) - 2)
    words[longest] = word[:cut] + word[cut + 1 :]
    return " ".join(words)


def evaluate(
    service: SearchService,
    queries: Path | None = None,
    qrels: Path | None = None,
    judged_name: str = "public",
    typo: int | None = None,
) -> list[QueryScore]:
    """Run every query through the service and score its first results.

    Without ``queries`` or ``qrels``, the file of the shipped set ``judged_name`` stands in
    for the one missing. ``typo``: each query is typed with the typo of this draw
    (``misspelled``), judged as the query itself.
    """
    default_queries, default_qrels = judged_set(judged_name)
    judged = read_judgments(qrels or default_qrels)
    scores = []
    for row in read_tsv(queries or default_queries):
        if typo is not None:
            row = {**row, "query": misspelled(row["query"], typo)}
        query = SearchQuery(
            text=row["query"],
            theme=(row["theme"],) if row.get("theme") else (),
            region=(row["region"],) if row.get("region") else (),
            per_page=CUTOFF,
        )
        ranked = [hit.id for hit in service.search(query).hits]
        scores.append(score_query(row, judged.get(row["qid"], {}), ranked))
    return scores


def summarise(name: str, scores: list[QueryScore]) -> Summary:
    judged = [s for s in scores if s.category != NEGATIVE]
    negatives = [s for s in scores if s.category == NEGATIVE]
    count = len(judged) or 1
    return Summary(
        name=name,
        queries=len(judged),
        ndcg=sum(s.ndcg for s in judged) / count,
        recall=sum(s.recall for s in judged) / count,
        mrr=sum(s.reciprocal_rank for s in judged) / count,
        no_result=sum(not s.answered for s in judged) / count,
        negatives=len(negatives),
        negatives_empty=sum(not s.answered for s in negatives),
    )


def summaries(scores: list[QueryScore]) -> list[Summary]:
    """Overall first, then one per category in the order they appear."""
    categories = list(dict.fromkeys(s.category for s in scores))
    return [summarise("ensemble", scores)] + [
        summarise(c, [s for s in scores if s.category == c]) for c in categories
    ]


def table(scores: list[QueryScore], details: bool = False) -> list[str]:
    """The figures as ``solsearch eval`` prints them: one line per category, and with
    ``details`` each judged query below 0.75."""
    lines = [
        f"{'catégorie':<12} {'requêtes':>8} {'nDCG@10':>8} {'rappel':>7} {'MRR':>6}"
        f" {'sans rép.':>9}  négatives vides"
    ]
    for s in summaries(scores):
        negatives = f"{s.negatives_empty}/{s.negatives}" if s.negatives else ""
        lines.append(
            f"{s.name:<12} {s.queries:>8} {s.ndcg:>8.3f} {s.recall:>7.3f} {s.mrr:>6.3f}"
            f" {s.no_result:>9.1%}  {negatives}"
        )
    if details:
        lines += [
            f"{score.qid} {score.ndcg:.2f} {score.query!r}: "
            f"{', '.join(score.ranked[:5]) or '(aucun résultat)'}"
            for score in scores
            if score.category != NEGATIVE and score.ndcg < 0.75
        ]
    return lines
