"""The same searches through SQLite FTS5, the baseline any Python project has at hand.

As comparable as the two engines allow: the same fields weighted (title above names and
places above the body), accents folded by the tokenizer, a BM25-ranked top 10 with a
snippet of the body, the total, and disjunctive counts for theme and region by GROUP BY.
FTS5 has no French stemming, no synonyms and no typo correction: a question no solution
has whole is retried with OR, as solsearch relaxes it.
"""

from __future__ import annotations

import re
import resource
import sqlite3
import time
from pathlib import Path

from bench.queries import QUERIES, BenchQuery
from bench.stats import timed_ms
from solsearch.corpus import corpus_files, read_solution, territories

_SCHEMA = """
CREATE VIRTUAL TABLE docs USING fts5(
    id UNINDEXED, theme UNINDEXED, title, organisations, places, body,
    tokenize = "unicode61 remove_diacritics 2"
);
CREATE TABLE regions (doc INTEGER, region TEXT);
"""
_INDEXES = "CREATE INDEX regions_by_doc ON regions (doc, region);"
_RANK = "bm25(docs, 0, 0, 5.0, 3.0, 2.0, 1.0)"
_SNIPPET = "snippet(docs, 5, '<mark>', '</mark>', '…', 24)"
_WORD = re.compile(r"\w{2,}")


def build(corpus_dir: Path, db_path: Path) -> float:
    """Load every solution into a new FTS5 database; returns the seconds it took."""
    started = time.monotonic()
    connection = sqlite3.connect(db_path)
    connection.executescript(_SCHEMA)
    departments = territories.departments()
    with connection:
        for rowid, path in enumerate(corpus_files(corpus_dir), start=1):
            solution = read_solution(path)[0]
            places = [*solution.cities, *(departments[d].label for d in solution.departments)]
            places += [territories.region_label(r) for r in solution.regions]
            connection.execute(
                "INSERT INTO docs (rowid, id, theme, title, organisations, places, body)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    rowid,
                    solution.id,
                    solution.theme,
                    solution.title,
                    "\n".join(solution.organisations),
                    "\n".join(places),
                    solution.text,
                ),
            )
            connection.executemany(
                "INSERT INTO regions VALUES (?, ?)", [(rowid, r) for r in solution.regions]
            )
        connection.execute(_INDEXES)
    connection.close()
    return time.monotonic() - started


def run(db_path: Path, repeat: int) -> dict:
    """Latencies of every query on one long-lived connection, after one untimed pass."""
    connection = sqlite3.connect(db_path)
    totals = [search(connection, q) for q in QUERIES]
    warm = [[] for _ in QUERIES]
    for _ in range(repeat):
        for samples, query in zip(warm, QUERIES, strict=True):
            samples.append(timed_ms(lambda q=query: search(connection, q)))
    connection.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"totals": totals, "warm_ms": warm, "rss_kb": rss}


def match_expression(text: str, joiner: str = " ") -> str:
    """The words of a query, each quoted (FTS5 syntax cannot leak in), AND by default."""
    return joiner.join(f'"{word}"' for word in _WORD.findall(text.lower()))


def search(connection: sqlite3.Connection, query: BenchQuery) -> int:
    """Top 10, total and theme and region counts; returns the total."""
    expression = match_expression(query.text)
    total = _search(connection, expression, query)
    if not total and len(_WORD.findall(query.text)) >= 3:
        total = _search(connection, match_expression(query.text, " OR "), query)
    return total


def _search(connection: sqlite3.Connection, expression: str, query: BenchQuery) -> int:
    match = (["docs MATCH ?"], [expression]) if expression else ([], [])
    theme = _theme_filter(query.theme)
    region = _region_filter(query.region)
    where, params = _where(match, theme, region)
    if expression:
        # Rank first, then snippet the ten shown: in one SELECT, SQLite would build a
        # snippet for every match before sorting them.
        connection.execute(
            f"WITH top AS (SELECT rowid AS doc, {_RANK} AS score FROM docs {where}"
            " ORDER BY score LIMIT 10)"
            f" SELECT id, title, {_SNIPPET} FROM top JOIN docs ON docs.rowid = top.doc"
            " WHERE docs MATCH ? ORDER BY top.score",
            [*params, expression],
        ).fetchall()
    else:
        connection.execute(
            f"SELECT id, title, substr(body, 1, 220) FROM docs {where} ORDER BY title LIMIT 10",
            params,
        ).fetchall()
    total = connection.execute(f"SELECT count(*) FROM docs {where}", params).fetchone()[0]
    where, params = _where(match, region)  # a facet ignores its own filter
    connection.execute(
        f"SELECT theme, count(*) FROM docs {where} GROUP BY theme", params
    ).fetchall()
    where, params = _where(match, theme)
    connection.execute(
        f"SELECT region, count(*) FROM regions WHERE doc IN (SELECT rowid FROM docs {where})"
        " GROUP BY region",
        params,
    ).fetchall()
    return total


def _theme_filter(values: tuple[str, ...]) -> tuple[list[str], list[str]]:
    if not values:
        return [], []
    return [f"docs.theme IN ({', '.join('?' * len(values))})"], list(values)


def _region_filter(values: tuple[str, ...]) -> tuple[list[str], list[str]]:
    if not values:
        return [], []
    marks = ", ".join("?" * len(values))
    # EXISTS, not rowid IN (…): SQLite then runs the full-text match once, not per region row.
    clause = f"EXISTS (SELECT 1 FROM regions WHERE doc = docs.rowid AND region IN ({marks}))"
    return [clause], list(values)


def _where(*parts: tuple[list[str], list[str]]) -> tuple[str, list[str]]:
    clauses = [c for clause, _ in parts for c in clause]
    params = [p for _, values in parts for p in values]
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params
