"""The index on disk: atomic generations, a killed build, staleness, invalid input."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from solsearch.corpus import CorpusError
from solsearch.index import IndexUnavailable, build_index, index_status, read_current, spellings
from solsearch.index.vectorizing import Vectorizer
from solsearch.search import SearchQuery, SearchService
from solsearch.search.state import GenerationState

from conftest import CORPUS, ids, solution_file


def copy_corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    return folder


def test_build_switches_generations_and_keeps_the_previous_one(tmp_path):
    corpus, index = copy_corpus(tmp_path), tmp_path / "index"
    first = build_index(corpus, index)
    second = build_index(corpus, index)
    third = build_index(corpus, index)
    assert (first.generation, second.generation, third.generation) == (1, 2, 3)
    assert read_current(index) == "gen-000003"
    assert sorted(p.name for p in index.glob("gen-*")) == ["gen-000002", "gen-000003"]
    assert third.solutions == 43


def test_a_reader_follows_a_rebuild_without_restart(tmp_path):
    corpus, index = copy_corpus(tmp_path), tmp_path / "index"
    build_index(corpus, index)
    service = SearchService(index)
    assert service.search(SearchQuery("")).total == 43
    (corpus / "bati-plus.md").unlink()
    build_index(corpus, index)
    assert service.search(SearchQuery("")).total == 42
    assert service.health().generation == 2


def test_an_invalid_corpus_changes_nothing(tmp_path):
    corpus, index = copy_corpus(tmp_path), tmp_path / "index"
    build_index(corpus, index)
    (corpus / "broken.md").write_text(solution_file("broken", 'id = "broken"\n'))
    with pytest.raises(CorpusError) as caught:
        build_index(corpus, index)
    assert "broken.md:2: champ « title » manquant" in str(caught.value)
    assert read_current(index) == "gen-000001"
    assert SearchService(index).search(SearchQuery("")).total == 43


def test_an_invalid_synonyms_file_changes_nothing(tmp_path):
    corpus, index = copy_corpus(tmp_path), tmp_path / "index"
    build_index(corpus, index)
    (corpus / "_synonymes.toml").write_text('[sigles]\nIAE = ["x"\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"_synonymes\.toml:\d+: TOML invalide"):
        build_index(corpus, index)
    (corpus / "_synonymes.toml").write_text("[sigles]\nIAE = []\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"_synonymes\.toml:2: « IAE » : il faut au moins"):
        build_index(corpus, index)
    assert read_current(index) == "gen-000001"


def test_staleness_follows_the_corpus(tmp_path):
    corpus, index = copy_corpus(tmp_path), tmp_path / "index"
    assert index_status(index, corpus) == "missing"
    build_index(corpus, index)
    assert index_status(index, corpus) == "fresh"
    path = corpus / "la-pive.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUn ajout.\n", encoding="utf-8")
    assert index_status(index, corpus) == "stale"
    build_index(corpus, index)
    assert index_status(index, corpus) == "fresh"


def test_no_index_says_what_to_run(tmp_path):
    with pytest.raises(IndexUnavailable, match="lancez `solsearch index`"):
        SearchService(tmp_path / "nothing").search(SearchQuery("emploi"))


def _big_corpus(tmp_path, copies: int):
    """The bundled corpus many times over, so that a build lasts long enough to be killed."""
    folder = tmp_path / "big"
    folder.mkdir()
    for path in CORPUS.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        for n in range(copies):
            new_id = f"{path.stem}-{n}"
            (folder / f"{new_id}.md").write_text(
                text.replace(f'id = "{path.stem}"', f'id = "{new_id}"'), encoding="utf-8"
            )
    return folder


def test_a_build_killed_midway_leaves_the_previous_index_serving(tmp_path):
    index = tmp_path / "index"
    build_index(CORPUS, index)
    big = _big_corpus(tmp_path, 20)
    command = [
        sys.executable,
        "-m",
        "solsearch",
        "index",
        "--corpus",
        str(big),
        "--index",
        str(index),
    ]
    for delay in (0.0, 0.3, 0.8):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not list(index.glob(".build-*")) and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert read_current(index) == "gen-000001"
        assert SearchService(index).search(SearchQuery("")).total == 43
    info = build_index(CORPUS, index)  # no stale lock, abandoned builds cleaned
    assert info.generation == 2
    assert not list(index.glob(".build-*"))


def test_an_incremental_build_reanalyses_only_changed_files(tmp_path):
    corpus, index = copy_corpus(tmp_path), tmp_path / "index"
    assert build_index(corpus, index).changed is None  # the first build is full
    path = corpus / "la-pive.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nUn marché de producteurs zygomatiques.\n",
        encoding="utf-8",
    )
    (corpus / "bati-plus.md").unlink()
    info = build_index(corpus, index)
    assert info.changed == 2 and info.solutions == 42
    service = SearchService(index)
    assert [h.id for h in service.search(SearchQuery("zygomatiques")).hits] == ["la-pive"]
    assert service.search(SearchQuery("Peyrat")).total == 0
    assert service.search(SearchQuery("")).total == 42
    # the previous generation, hard-linked from, still answers as it was
    previous = sorted(index.glob("gen-*"))[0]
    from whoosh import index as whoosh_index

    with whoosh_index.open_dir(str(previous)).searcher() as searcher:
        assert searcher.doc_count() == 43
    assert build_index(corpus, index, full=True).solutions == 42


def test_a_synonyms_change_reanalyses_only_the_solutions_with_the_new_expression(tmp_path):
    """The index notes each expression of the synonyms file where its words stand together:
    a new expression needs the texts that have its words analysed again, not the corpus,
    and then finds what a full build finds."""
    corpus, index = copy_corpus(tmp_path), tmp_path / "index"
    build_index(corpus, index)
    synonyms = corpus / "_synonymes.toml"
    written = synonyms.read_text(encoding="utf-8")
    assert "changer les choses" not in written
    synonyms.write_text(
        written.replace(
            "[equivalences]", '[equivalences]\nzorglub = ["zorglub", "changer les choses"]'
        ),
        encoding="utf-8",
    )
    info = build_index(corpus, index)
    assert 0 < info.changed < info.solutions
    build_index(corpus, tmp_path / "full", full=True)

    def found(folder):
        result = SearchService(folder).search(SearchQuery("zorglub", per_page=50))
        return {h.id for h in result.hits}

    assert "solidarauto" in found(index)
    assert found(index) == found(tmp_path / "full")


def test_an_incremental_build_keeps_the_spellings_a_full_build_counts(tmp_path):
    corpus, index = copy_corpus(tmp_path), tmp_path / "index"
    build_index(corpus, index)
    path = corpus / "la-pive.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("monnaie", "Monnaïe") + "\nÉpicerie zyblotée.\n",
        encoding="utf-8",
    )
    (corpus / "bati-plus.md").unlink()
    build_index(corpus, index)
    build_index(corpus, tmp_path / "full", full=True)
    updated = spellings.read(index / read_current(index))
    full = spellings.read(tmp_path / "full" / read_current(tmp_path / "full"))
    assert +updated == +full
    assert updated["zyblotée"] == 1 and updated["Monnaïe"] == 1  # only written with a capital
    service = SearchService(index)
    assert [s.label for s in service.suggest("zyblo")][:1] == ["zyblotée"]


def test_an_incremental_build_reads_only_the_files_whose_size_or_time_changed(
    tmp_path, monkeypatch
):
    corpus, index = copy_corpus(tmp_path), tmp_path / "index"
    an_hour_ago = time.time() - 3600
    for path in corpus.iterdir():
        os.utime(path, (an_hour_ago, an_hour_ago))
    build_index(corpus, index)
    read = []
    digest = hashlib.file_digest
    monkeypatch.setattr(
        hashlib, "file_digest", lambda f, name: read.append(Path(f.name).name) or digest(f, name)
    )
    path = corpus / "la-pive.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nDes zygomatiques.\n", "utf-8")
    assert index_status(index, corpus) == "stale"
    info = build_index(corpus, index)
    assert read == ["la-pive.md", "la-pive.md"] and info.changed == 1
    assert index_status(index, corpus) == "fresh"
    service = SearchService(index)
    assert [h.id for h in service.search(SearchQuery("zygomatiques")).hits] == ["la-pive"]


# whoosh leaves its table of contents open when it cannot unpickle it.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_index_from_another_version_says_so_and_the_next_build_starts_afresh(tmp_path):
    corpus, index = copy_corpus(tmp_path), tmp_path / "index"
    build_index(corpus, index)
    # whoosh pickles the codec class in its table of contents: rename its module
    (toc,) = (index / read_current(index)).glob("*.toc")
    moved = toc.read_bytes().replace(b"solsearch.index.storage", b"solsearch.index.storagX")
    toc.write_bytes(moved)
    with pytest.raises(IndexUnavailable, match="autre version"):
        SearchService(index).search(SearchQuery("emploi"))
    info = build_index(corpus, index)
    assert info.changed is None and info.solutions == 43
    assert SearchService(index).search(SearchQuery("emploi")).total > 0


def serving_then_rebuilt(write_corpus, tmp_path) -> SearchService:
    """A service that has answered from a one-solution index, rebuilt since with a second
    solution (the service has not seen the rebuild yet)."""
    corpus, index = write_corpus({"gas.md": solution_file("gas")}), tmp_path / "index"
    build_index(corpus, index, vectorizer=Vectorizer(enabled=False))
    service = SearchService(index, semantic=False)
    assert ids(service.search(SearchQuery("garage"))) == ["gas"]
    write_corpus({"zest.md": solution_file("zest")})
    build_index(corpus, index, vectorizer=Vectorizer(enabled=False))
    return service


def test_a_new_generation_is_opened_while_the_last_one_keeps_answering(
    write_corpus, tmp_path, monkeypatch
):
    """The first search to see a rebuild opens and prepares the new generation (seconds at
    100,000 solutions); the searches meanwhile are answered by the last one, not held."""
    service = serving_then_rebuilt(write_corpus, tmp_path)

    opening, opened = threading.Event(), threading.Event()
    prepare = GenerationState.prepare

    def slow_prepare(state):
        opening.set()
        opened.wait(30)
        prepare(state)

    monkeypatch.setattr(GenerationState, "prepare", slow_prepare)
    with ThreadPoolExecutor(1) as pool:
        switching = pool.submit(service.search, SearchQuery("garage"))
        assert opening.wait(30)
        assert ids(service.search(SearchQuery("garage", page=1, per_page=5))) == ["gas"]
        opened.set()
        assert sorted(ids(switching.result(30))) == ["gas", "zest"]
    assert sorted(ids(service.search(SearchQuery("garage", per_page=5)))) == ["gas", "zest"]


def test_a_generation_that_cannot_be_opened_leaves_the_last_one_serving(
    write_corpus, tmp_path, monkeypatch, caplog
):
    """Whatever fails while a rebuilt generation is opened (here, preparing it), searches go
    on with the last one; the failure is logged once, not retried on every search."""
    service = serving_then_rebuilt(write_corpus, tmp_path)

    attempts = []

    def broken_prepare(state):
        attempts.append(state.name)
        raise OSError("fichier illisible")

    monkeypatch.setattr(GenerationState, "prepare", broken_prepare)
    with caplog.at_level(logging.ERROR, logger="solsearch.search.served"):
        for page in (1, 1, 2):  # each a search of its own (page 2 is not cached)
            result = service.search(SearchQuery("garage", page=page, per_page=1))
            assert result.total == 1
    assert len(attempts) == 1
    assert [r.levelno for r in caplog.records] == [logging.ERROR]
    assert attempts[0] in caplog.records[0].getMessage()
