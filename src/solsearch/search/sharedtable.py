"""What a server's workers remember for each other: query vectors and whole results.

A server forks its workers from the process that made the search service, and a visitor's
connection reaches any of them: with memory per process, a query asked again on another
worker paid the model again (15 to 20 ms of a never-seen query's 20), and its search again
(6 to 8 ms of a cached one's 2). A table lives in anonymous shared memory made before the
fork, so every worker reads what any of them put; in a process that never forks, it is
simply that process's memory. Anonymous memory is reachable only by this process and its
forks: what a worker reads there, another worker of the same server wrote.

Direct-mapped: an entry's slot is its key's hash modulo the table's size, and an entry
landing on a taken slot replaces the one there. Each slot holds a 16-byte hash of the key
(all zeros: empty), the entry's length and its bytes. A lock shared by the processes guards
every read and write, so that no reader sees half of an entry being written; where the
system cannot share a lock, each process keeps its own table. A worker killed while it
held the lock cannot hang the others: they give the table up (``SharedTable._acquire``).
"""

from __future__ import annotations

import hashlib
import mmap
import pickle
import threading

import numpy as np

from solsearch.analysis.embedding import SHARED_LOCK_WAIT_SECONDS, fork_context
from solsearch.search.limits import SHARED_RESULT_BYTES

_KEY_BYTES = 16
_LENGTH_BYTES = 4


class SharedTable:
    """``slots`` entries of at most ``size`` bytes, by text key, shared with later forks."""

    def __init__(self, slots: int, size: int):
        self.slots = max(slots, 0)
        self.size = size
        row = _KEY_BYTES + _LENGTH_BYTES + size
        self._lock, shared = _process_lock()
        self._given_up = False
        # Anonymous and shared: the same pages in this process and in its forks, allocated
        # when first written. Without a lock the forks share, each fork gets its own copy,
        # which its own lock guards: shared pages under separate locks could hand a reader
        # half of an entry.
        length = max(self.slots * row, 1)
        if hasattr(mmap, "MAP_SHARED"):
            flags = mmap.MAP_SHARED if shared else mmap.MAP_PRIVATE
            self._memory = mmap.mmap(-1, length, flags=flags)
        else:  # Windows: no fork, the process's own memory
            self._memory = mmap.mmap(-1, length)
        table = np.frombuffer(self._memory, dtype=np.uint8)[: self.slots * row]
        table = table.reshape(self.slots, row)
        self._keys = table[:, :_KEY_BYTES]
        self._lengths = table[:, _KEY_BYTES : _KEY_BYTES + _LENGTH_BYTES].view(np.uint32)
        self._data = table[:, _KEY_BYTES + _LENGTH_BYTES :]

    def _slot(self, key: str) -> tuple[int, bytes]:
        digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        return int.from_bytes(digest[:8], "little") % self.slots, digest

    def get(self, key: str) -> bytes | None:
        """The entry put under ``key``, or None."""
        if not self.slots:
            return None
        slot, digest = self._slot(key)
        if not self._acquire():
            return None
        try:
            if self._keys[slot].tobytes() != digest:
                return None
            return self._data[slot, : int(self._lengths[slot, 0])].tobytes()
        finally:
            self._lock.release()

    def put(self, key: str, data: bytes) -> bool:
        """Remember ``data`` under ``key``; False when it is longer than a slot (or the
        table was given up)."""
        if not self.slots or len(data) > self.size:
            return False
        slot, digest = self._slot(key)
        if not self._acquire():
            return False
        try:
            self._keys[slot] = np.frombuffer(digest, dtype=np.uint8)
            self._lengths[slot, 0] = len(data)
            self._data[slot, : len(data)] = np.frombuffer(data, dtype=np.uint8)
        finally:
            self._lock.release()
        return True

    def _acquire(self) -> bool:
        """Take the lock, unless it is still held after ``SHARED_LOCK_WAIT_SECONDS``: a
        copy holds it for microseconds, so its holder died holding it (a worker killed) and
        would never release it. This process then gives the table up, at once from then
        on: its searches go on without what the other workers remember."""
        if self._given_up or not self._lock.acquire(timeout=SHARED_LOCK_WAIT_SECONDS):
            self._given_up = True
            return False
        return True


class SharedResults:
    """Whole results of searches, by generation, for every worker of a server.

    A worker keeps its own results too (``GenerationState.results``), which cost no
    unpickling: this table serves what another worker computed (a pickle of 1.6 KB and
    0.03 ms for « garage solidaire », 21 KB and 0.4 ms for a page of 50 of all solutions).
    A result larger than ``SHARED_RESULT_BYTES`` stays with its worker.
    """

    def __init__(self, slots: int):
        self._table = SharedTable(slots, SHARED_RESULT_BYTES)

    def get(self, generation: tuple[int, str], key: tuple):
        """The result of the search ``key`` in ``generation`` (number, build time), or None."""
        found = self._table.get(repr((generation, key)))
        return None if found is None else pickle.loads(found)

    def put(self, generation: tuple[int, str], key: tuple, result) -> None:
        if self._table.slots:
            data = pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
            self._table.put(repr((generation, key)), data)


def _process_lock():
    """A lock shared with the processes forked later, and True; where the system has no
    shared semaphores (no /dev/shm), a thread lock and False."""
    try:
        return fork_context().Lock(), True
    except OSError:
        return threading.Lock(), False
