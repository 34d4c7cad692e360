"""Which generation of the index a service searches, and the switch to a rebuilt one.

Searches read a generation under one lock (whoosh's readers are not made for concurrent
use). A rebuild writes a new generation and points CURRENT at it; the first search to see
that opens and prepares it outside the lock, then swaps it in, while the other searches keep
reading the last one: at 100,000 solutions the vectors alone take seconds to open.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from solsearch.index import read_current
from solsearch.search.state import GenerationState


class ServedGeneration:
    """The open generation of an index folder, followed across rebuilds."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        self._state: GenerationState | None = None
        self._lock = threading.Lock()
        self._switching = threading.Lock()

    @contextmanager
    def locked(self) -> Iterator[GenerationState]:
        """The generation served, for the caller's block alone (the first one is opened
        here, on first use)."""
        self._follow()
        with self._lock:
            if self._state is None:
                self._state = GenerationState(self.index_dir)
            yield self._state

    def _follow(self) -> None:
        """Switch to the generation CURRENT names, opened and prepared outside the lock."""
        name, state = read_current(self.index_dir), self._state
        if state is None or name is None or name == state.name:
            return
        if not self._switching.acquire(blocking=False):
            return  # another search is opening it
        try:
            new = GenerationState(self.index_dir)
            new.prepare()
            with self._lock:
                old, self._state = self._state, new
            old.close()
        finally:
            self._switching.release()
