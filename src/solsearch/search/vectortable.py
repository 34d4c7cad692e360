"""Query vectors remembered for every worker of a server, not for one process.

A server forks its workers from the process that made the search service, and a visitor's
connection reaches any of them: with vectors remembered per process, a query asked again
on another worker paid the model again (15 to 20 ms of a never-seen query's 20). The table
lives in anonymous shared memory made before the fork, so every worker reads what any of
them embedded; in a process that never forks, it is simply that process's memory.

Direct-mapped: a query's slot is its hash modulo the table's size, and a query landing on
a taken slot replaces the one there. Each slot holds a 16-byte hash of the query's text
(all zeros: empty) and the vector. A lock shared by the processes guards every read and
write, so that no reader sees half of a vector being written; where the system cannot
share a lock, each process keeps its own table, as before.
"""

from __future__ import annotations

import hashlib
import mmap
import threading

import numpy as np

from solsearch.analysis.embedding import fork_context

_KEY_BYTES = 16


class SharedVectors:
    """``slots`` vectors of ``dimension`` float32, by text, shared with later forks."""

    def __init__(self, slots: int, dimension: int):
        self.slots = max(slots, 0)
        row = _KEY_BYTES + 4 * dimension
        self._lock, shared = _process_lock()
        # Anonymous and shared: the same pages in this process and in its forks. Without a
        # lock the forks share, each fork gets its own copy, which its own lock guards:
        # shared pages under separate locks could hand a reader half of a vector.
        size = max(self.slots * row, 1)
        if hasattr(mmap, "MAP_SHARED"):
            flags = mmap.MAP_SHARED if shared else mmap.MAP_PRIVATE
            self._memory = mmap.mmap(-1, size, flags=flags)
        else:  # Windows: no fork, the process's own memory
            self._memory = mmap.mmap(-1, size)
        raw = np.frombuffer(self._memory, dtype=np.uint8)[: self.slots * row]
        table = raw.reshape(self.slots, row)
        self._keys = table[:, :_KEY_BYTES]
        self._rows = table[:, _KEY_BYTES:].view(np.float32)

    def _slot(self, text: str) -> tuple[int, bytes]:
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        return int.from_bytes(key[:8], "little") % self.slots, key

    def get(self, text: str) -> np.ndarray | None:
        """The vector remembered for ``text`` (a read-only copy), or None."""
        if not self.slots:
            return None
        slot, key = self._slot(text)
        with self._lock:
            if self._keys[slot].tobytes() != key:
                return None
            found = self._rows[slot].copy()
        found.flags.writeable = False
        return found

    def put(self, text: str, vector: np.ndarray) -> None:
        if not self.slots:
            return
        slot, key = self._slot(text)
        with self._lock:
            self._keys[slot] = np.frombuffer(key, dtype=np.uint8)
            self._rows[slot] = vector


def _process_lock():
    """A lock shared with the processes forked later, and True; where the system has no
    shared semaphores (no /dev/shm), a thread lock and False."""
    try:
        return fork_context().Lock(), True
    except OSError:
        return threading.Lock(), False
