"""Relevance measures over judged queries, and the public judged set they run on by default.

- ``measures``: reading judged queries, running them through the search service, scoring.
- ``data/``: the public judged set (``queries.tsv``, ``qrels.tsv``) and, in ``data/own/``,
  a second set kept apart from it (same formats), both shipped inside the package and read
  through ``importlib.resources`` so that ``solsearch eval`` works from an installed wheel,
  in any folder.

May import: ``search`` (its service). Nothing of ``web`` or the CLI.
"""

from solsearch.evaluation.measures import (
    CUTOFF,
    JUDGED_SETS,
    TYPO_DRAWS,
    QueryScore,
    Summary,
    evaluate,
    judged_set,
    misspelled,
    public_set,
    summaries,
    table,
)

__all__ = [
    "CUTOFF",
    "JUDGED_SETS",
    "TYPO_DRAWS",
    "QueryScore",
    "Summary",
    "evaluate",
    "judged_set",
    "misspelled",
    "public_set",
    "summaries",
    "table",
]
