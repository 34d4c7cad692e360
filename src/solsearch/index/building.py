"""The builds that write the index.

A build validates what it reads, writes a new generation and switches readers to it (see
``generations``). It is incremental: only the corpus files whose content changed since the
current generation are analysed again; a new schema or ``full=True`` rebuilds everything.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq

from solsearch.analysis.expressions import ExpressionTagger
from solsearch.analysis.passages import split_passages
from solsearch.corpus import CorpusError, iter_solutions, read_solution, require_folder
from solsearch.corpus.reading import is_solution_name
from solsearch.corpus.synonyms import SYNONYMS_FILE, Synonyms, load_synonyms
from solsearch.index import spellings
from solsearch.index.generations import (
    IndexUnavailable,
    build_lock,
    current_meta,
    last_generation,
    link_copy,
    open_generation,
    read_current,
    remove_abandoned_builds,
    switch_to,
)
from solsearch.index.metadata import CorpusSnapshot, IndexMeta
from solsearch.index.schema import build_schema, document
from solsearch.index.storage import writer_options
from solsearch.index.vectorizing import Vectorizer

# A file modified this close to the moment its size and time were noted is read again:
# a second write within one tick of the file system's clock would not change its time.
_RACY_NS = 2_000_000_000
#: The digest of a solution file that cannot be read (a link to nowhere, a folder named like
#: one): noted, so that an incremental build reads it and says why, as a full one does.
UNREADABLE = "illisible"


def corpus_state(corpus_dir: Path, known: CorpusSnapshot | None = None) -> CorpusSnapshot:
    """Each file of the corpus folder (solutions, synonyms) with a digest of its content,
    and the sizes and times noted to spare reading the files next time.

    With ``known`` (what a previous build noted), a file whose size and modification time
    are unchanged keeps its digest without being read, as git does: an incremental build
    of a large corpus then reads only the files that changed.
    """
    known = known or CorpusSnapshot()
    before = known.taken_ns - _RACY_NS
    taken_ns = time.time_ns()
    digests, stats = {}, {}
    with os.scandir(corpus_dir) as entries:
        found = sorted((e.name, e) for e in entries if not e.name.startswith("."))
    for name, entry in found:
        try:
            if not entry.is_file():
                if is_solution_name(name):
                    digests[name] = UNREADABLE
                continue
            info = entry.stat()
            stat = (info.st_size, info.st_mtime_ns)
            old = known.digests.get(name)
            if known.file_stats.get(name) == stat and info.st_mtime_ns < before and old:
                digests[name] = old
            else:
                with open(entry.path, "rb") as handle:
                    digests[name] = hashlib.file_digest(handle, "sha256").hexdigest()
            stats[name] = stat
        except OSError:  # removed meanwhile, or not ours to read
            digests[name] = UNREADABLE
    return CorpusSnapshot(digests=digests, file_stats=stats, taken_ns=taken_ns)


def _opens(index_dir: Path) -> bool:
    """Whether the current generation can be read (else a build starts from scratch)."""
    try:
        open_generation(index_dir)
    except IndexUnavailable:
        return False
    return True


def build_index(
    corpus_dir: Path | str,
    index_dir: Path | str,
    on_progress: Callable[[int, int], None] | None = None,
    full: bool = False,
    vectorizer: Vectorizer | None = None,
) -> IndexMeta:
    """Validate the corpus, build a new generation and switch readers to it atomically.

    ``vectorizer`` embeds the passages (default: the shared model and vector cache; pass
    ``Vectorizer(enabled=False)`` for words alone). Raises CorpusError (nothing is changed)
    when the corpus or the synonyms file is invalid.
    """
    vectorizer = vectorizer or Vectorizer()
    started = time.monotonic()
    corpus_dir, index_dir = require_folder(corpus_dir), Path(index_dir)
    synonyms = load_synonyms(corpus_dir / SYNONYMS_FILE)
    index_dir.mkdir(parents=True, exist_ok=True)
    with build_lock(index_dir):
        remove_abandoned_builds(index_dir)
        # None when there is no generation or its metadata is another version's.
        previous = current_meta(index_dir)
        corpus = corpus_state(corpus_dir, previous.corpus if previous else None)
        generation = last_generation(index_dir) + 1
        building = index_dir / f".build-{generation:06d}-{os.getpid()}"
        incremental = not full and previous is not None and _opens(index_dir)
        texts: dict[str, list[str] | None] = {}
        try:
            before = previous.corpus if incremental else None
            count, changed = _words(
                corpus_dir, index_dir, before, corpus, building, on_progress, texts, synonyms
            )
            current = index_dir / read_current(index_dir) if incremental else None
            model, vectors = vectorizer.write(building, texts, current)
        except BaseException:
            # An invalid file found midway: what was written is discarded, nothing served changes.
            shutil.rmtree(building, ignore_errors=True)
            raise
        meta = IndexMeta(
            generation=generation,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            solutions=count,
            fingerprint=corpus.fingerprint(),
            seconds=round(time.monotonic() - started, 3),
            changed=changed,
            synonyms=synonyms,
            corpus=corpus,
            model=model,
            vectors=vectors,
        )
        meta.write(building)
        switch_to(index_dir, building, generation)
    return meta


def _words(corpus_dir, index_dir, before, now, building, on_progress, texts, synonyms):
    """The word index of the new generation: updated from the current one when ``before``
    (what it was built from) is given, else built afresh. (solutions, files re-analysed)."""
    if before is not None:
        return _update(corpus_dir, index_dir, before, now, building, on_progress, texts, synonyms)
    total = sum(map(is_solution_name, now.digests))
    return _build(corpus_dir, building, total, on_progress, texts, synonyms), None


# From this many solutions a full build splits the work between one writer process per
# core (whoosh's MpWriter, one segment each); below it, starting them costs more than it saves.
PARALLEL_FROM = 2_000


def writer_processes(solutions: int) -> int:
    """How many writer processes a full build of this many solutions starts (0: it writes
    in the calling process)."""
    procs = min(os.cpu_count() or 1, 1 + solutions // PARALLEL_FROM)
    return procs if procs > 1 else 0


def _build(
    corpus_dir: Path, building: Path, total: int, on_progress, texts: dict, synonyms: Synonyms
) -> int:
    """Every solution analysed into a fresh index, read one file at a time; ``texts``
    receives each one's id, its passages left for the vectorizer to read back from the index
    once written, if it embeds: held here, every passage of the corpus stayed in memory
    beside the writers (1.4 GiB at the peak of a 100,000-solution build, 0.8 without)."""
    building.mkdir()
    ix = whoosh_index.create_in(str(building), build_schema(synonyms))
    procs = writer_processes(total)
    if procs:
        writer = ix.writer(procs=procs, multisegment=True, **writer_options(128))
    else:
        writer = ix.writer(**writer_options(256))
    done, words = 0, Counter()
    try:
        for done, solution in enumerate(iter_solutions(corpus_dir), start=1):
            writer.add_document(**document(solution))
            words.update(spellings.solution_words(solution))
            texts[solution.id] = None
            if on_progress:
                on_progress(done, total)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    spellings.write(building, words)
    return done


def _update(
    corpus_dir: Path,
    index_dir: Path,
    before: CorpusSnapshot,
    now: CorpusSnapshot,
    building: Path,
    on_progress,
    texts: dict,
    synonyms: Synonyms,
) -> tuple[int, int]:
    """The current generation, copied, with only the changed solution files re-analysed,
    and those that may have an expression the synonyms file gained (``_noting_anew``);
    ``texts`` receives their passages, and None for each solution left unchanged."""
    current = index_dir / read_current(index_dir)
    schema = build_schema(synonyms)
    changed = [
        n for n, d in now.digests.items() if is_solution_name(n) and before.digests.get(n) != d
    ]
    removed = [n for n in before.digests if is_solution_name(n) and n not in now.digests]
    gone = set(changed) | set(removed)
    changed += [n for n in _noting_anew(current, schema) if n in now.digests and n not in gone]
    solutions, problems = [], []
    for name in changed:
        solution, found, _ = read_solution(corpus_dir / name)
        problems += found
        if solution is not None:
            solutions.append(solution)
    if problems:
        raise CorpusError(problems)
    link_copy(current, building)
    # Opened with this build's schema, which the commit writes: the expressions noted next.
    ix = whoosh_index.open_dir(str(building), schema=schema)
    words = spellings.read(current)
    with ix.searcher() as searcher:
        for name in [*removed, *changed]:
            docnum = searcher.document_number(id=Path(name).stem)
            if docnum is not None:
                record = json.loads(searcher.stored_fields(docnum)["record"])
                words.subtract(spellings.record_words(record))
    writer = ix.writer(**writer_options(256))
    for name in [*removed, *changed]:
        writer.delete_by_term("id", Path(name).stem)
    texts.update(dict.fromkeys(_kept_ids(ix, {Path(n).stem for n in [*removed, *changed]})))
    for done, solution in enumerate(solutions, start=1):
        writer.add_document(**document(solution))
        words.update(spellings.solution_words(solution))
        texts[solution.id] = split_passages(solution.title, solution.text)
        if on_progress:
            on_progress(done, len(solutions))
    writer.commit()
    spellings.write(building, words)
    return ix.doc_count(), len(changed) + len(removed)


def _noting_anew(current: Path, schema) -> list[str]:
    """The files of the solutions that may have an expression of ``schema`` that the current
    generation's texts were not analysed for: every word of it in the title, or in the body.

    Each text has the terms of every expression its generation's schema lists (a text
    analysed before an expression was added is analysed again here), so a change of the
    synonyms file re-analyses these few solutions, not the corpus.
    """
    ix = whoosh_index.open_dir(str(current))
    before = set(_noted_expressions(ix.schema))
    added = [words for words in _noted_expressions(schema) if words not in before]
    if not added:
        return []
    found: set[int] = set()
    with ix.searcher() as searcher:
        for words in added:
            query = wq.Or([wq.And([wq.Term(name, w) for w in words]) for name in ("title", "body")])
            found.update(searcher.docs_for_query(query))
        return sorted(f"{searcher.stored_fields(d)['id']}.md" for d in found)


def _noted_expressions(schema) -> tuple[tuple[str, ...], ...]:
    analyzer = schema["body"].analyzer
    return analyzer.expressions if isinstance(analyzer, ExpressionTagger) else ()


def _kept_ids(ix, dropped: set[str]) -> list[str]:
    """The ids of the solutions an incremental build leaves as they were, read from the id
    column: reading every stored record to get them took a third of an update's time."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        column = reader.column_reader("id")
        ids = (column[docnum] for docnum in reader.all_doc_ids())
        return [solution_id for solution_id in ids if solution_id not in dropped]


def index_status(index_dir: Path | str, corpus_dir: Path | str) -> str:
    """ "missing", "stale" (corpus or schema changed since the build) or "fresh"."""
    index_dir = Path(index_dir)
    meta = current_meta(index_dir)
    if meta is None:
        # A generation whose metadata is unreadable or another version's must be rebuilt.
        return "missing" if read_current(index_dir) is None else "stale"
    if meta.fingerprint != corpus_state(Path(corpus_dir), meta.corpus).fingerprint():
        return "stale"
    return "fresh"
