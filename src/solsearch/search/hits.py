"""Hits: what a page shows of each ranked document, as the project's own objects."""

from __future__ import annotations

from solsearch.analysis.passages import split_passages
from solsearch.corpus.facets import REGION, THEME
from solsearch.search import snippets
from solsearch.search.limits import SIMILAR_TERMS
from solsearch.search.results import Hit, Labelled
from solsearch.search.state import GenerationState

WORDS = ("words",)


def similar_hits(
    state: GenerationState, docnum: int, limit: int, by_meaning: bool
) -> tuple[Hit, ...]:
    """Solutions closest in meaning to one (their passages on the whole), or, without
    vectors, those sharing the most distinctive words with it."""
    if by_meaning and state.vectors is not None:
        found = state.vectors.similar(docnum, limit)
        return build_hits(state, found, how=dict.fromkeys(dict(found), ("meaning",)))
    text = state.record(docnum)["text"]  # the body field is not stored twice
    found = state.searcher.more_like(docnum, "body", text=text, top=limit, numterms=SIMILAR_TERMS)
    return build_hits(state, [(hit.docnum, hit.score) for hit in found])


def build_hits(
    state: GenerationState,
    pairs: list[tuple[int, float]],
    terms=None,
    how: dict[int, tuple[str, ...]] | None = None,
    passages: dict[int, tuple[int, list[str]]] | None = None,
    missing: dict[int, tuple[str, ...]] | None = None,
) -> tuple[Hit, ...]:
    """Hits for (document, score) pairs, with snippets of ``terms`` (or the opening).

    ``how``: how each document matched (default: by words); ``passages``: for documents found
    by meaning alone, (their closest passage, the query's words) for the snippet;
    ``missing``: the typed words each document lacks (default: none).
    """
    how, passages, missing = how or {}, passages or {}, missing or {}
    records = {docnum: state.record(docnum) for docnum, _ in pairs}
    # Those found by meaning alone show their closest passage instead: never highlighted.
    texts = [(d, records[d]["text"]) for d, _ in pairs if d not in passages]
    if terms:
        found = snippets.snippets(state.reader, texts, terms)
    else:
        found = [snippets.opening(text) for _, text in texts]
    cut = dict(zip((d for d, _ in texts), found, strict=True))
    cut |= {d: _meaning_snippet(records[d], *passages[d]) for d, _ in pairs if d in passages}
    return tuple(
        to_hit(records[docnum], score, cut[docnum], how.get(docnum, WORDS), missing.get(docnum, ()))
        for docnum, score in pairs
    )


def _meaning_snippet(record: dict, passage: int, words: list[str]) -> str:
    """The passage that matched best, from its sentence nearest the query; the title
    (passage 0) is shown already, so then the text's first passage."""
    found = split_passages(record["title"], record["text"])
    if len(found) < 2 or passage >= len(found):
        return snippets.opening(record["text"])
    return snippets.passage_snippet(found[max(passage, 1)], words)


def to_hit(
    record: dict,
    score: float,
    snippet: str,
    matched: tuple[str, ...] = WORDS,
    missing: tuple[str, ...] = (),
) -> Hit:
    """One stored solution as a hit, its theme and regions labelled in French."""
    return Hit(
        id=record["id"],
        title=record["title"],
        theme=Labelled(record["theme"], THEME.label(record["theme"])),
        regions=tuple(Labelled(code, REGION.label(code)) for code in record["regions"]),
        snippet=snippet,
        score=float(score),
        matched=matched,
        missing=missing,
    )
