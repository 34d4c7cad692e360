"""Which generation of the index a service searches, and the switch to a rebuilt one.

Searches read a generation under one lock (whoosh's readers are not made for concurrent
use). A rebuild writes a new generation and points CURRENT at it; the first search to see
that opens and prepares it outside the lock, then swaps it in, while the other searches keep
reading the last one: at 100,000 solutions the vectors alone take seconds to open. A
generation that cannot be opened or prepared is not served: the last one goes on, and the
failure is logged once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from solsearch.index import read_current
from solsearch.search.state import GenerationState

log = logging.getLogger(__name__)


class ServedGeneration:
    """The open generation of an index folder, followed across rebuilds."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        self._state: GenerationState | None = None
        self._lock = threading.Lock()
        self._switching = threading.Lock()
        self._refused: str | None = None  # a generation that failed to open, not retried

    @contextmanager
    def locked(self, follow: bool = True) -> Iterator[GenerationState]:
        """The generation served, for the caller's block alone (the first one is opened
        here, on first use); ``follow``: look at CURRENT first (a file read), which a second
        step of the same search need not do."""
        if follow:
            self._follow()
        with self._lock:
            if self._state is None:
                self._state = GenerationState(self.index_dir)
            yield self._state

    def _follow(self) -> None:
        """Switch to the generation CURRENT names, opened and prepared outside the lock."""
        name, state = read_current(self.index_dir), self._state
        if state is None or name is None or name in (state.name, self._refused):
            return
        if not self._switching.acquire(blocking=False):
            return  # another search is opening it
        try:
            try:
                new = GenerationState(self.index_dir)
                new.prepare()
            except Exception:  # whatever it is, the generation served so far still answers
                self._refused = name
                log.exception("generation %s not served, %s still is", name, state.name)
                return
            with self._lock:
                old, self._state = self._state, new
        finally:
            self._switching.release()
        old.close()
