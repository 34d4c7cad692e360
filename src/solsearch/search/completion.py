"""Completions for a search box as the visitor types: words of the corpus, then titles."""

from __future__ import annotations

from solsearch.analysis import fold
from solsearch.search.limits import COMPLETE_FROM_LETTERS, COMPLETED_TITLES
from solsearch.search.results import Suggestion
from solsearch.search.state import GenerationState


def completable(words: tuple[str, ...]) -> bool:
    """Whether enough of the last word is typed for completions to help."""
    return bool(words) and len(fold(words[-1])) >= COMPLETE_FROM_LETTERS


def complete(state: GenerationState, words: tuple[str, ...], limit: int) -> tuple[Suggestion, ...]:
    """Completions of the last word being typed, then titles of matching solutions."""
    head, last = words[:-1], fold(words[-1])
    completions = state.completions(last, limit)
    titles = [state.record(d) for d in state.titles_starting(list(words), COMPLETED_TITLES)]
    found = [" ".join([*head, word]) for word in completions]
    out = [Suggestion(label) for label in found[: limit - len(titles)]]
    out += [Suggestion(r["title"], solution_id=r["id"]) for r in titles]
    return tuple(out)
