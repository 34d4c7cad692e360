"""How solsearch has whoosh write an index faster, with the same index as a result.

whoosh 2.7 is pure Python, and two of its writing habits cost a third of a build:

- a writer's postings that outgrow memory are sorted into temporary runs, one pickle call
  per posting on the way out and on the way back; runs are written here in chunks of
  sorted postings instead (``ChunkedRuns``);
- each posting's field length is read back to keep per-block length statistics, which
  only whoosh's own block skipping uses (``LeanCodec``).

And one of its reading habits costs memory: a segment packed in one compound file is read
through an in-memory copy of each part (``BytesIO`` over the mapped file), so every open
reader held the whole index; segments are written as separate files, and read through
memory maps without copying (``MappedStorage``), so that reading a posting list needs no
system call and the pages stay the operating system's to share and drop.
"""

from __future__ import annotations

import io
import mmap
import os
import pickle
from itertools import islice

from whoosh import writing
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

_CHUNK = 8192


class LeanCodec(W3Codec):
    """whoosh's codec without the per-block field length statistics.

    They only tighten the bounds whoosh's own top-N scoring uses to skip blocks (the array
    scoring reads every posting). Scores are unchanged: they read each document's length.
    """

    length_stats = False


class MappedStorage(FileStorage):
    """A folder of index files, each read through a read-only memory map."""

    def open_file(self, name, **kwargs):
        with open(self._fpath(name), "rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                return StructFile(io.BytesIO(b""), name=name, **kwargs)
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        return StructFile(mapped, name=name, **kwargs)


def writer_options(limitmb: int) -> dict:
    """Keyword arguments for whoosh's ``Index.writer()``: ``limitmb`` of postings kept in
    memory (per process) before they go to a run. Runs are written in chunks from then on."""
    use_chunked_runs()
    return {"limitmb": limitmb, "codec": LeanCodec(), "compound": False}


def _write_run(self, f, items) -> None:
    items = iter(items)
    while chunk := list(islice(items, _CHUNK)):
        pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
    f.close()


def _read_run(self, path):
    f = self._open_run(path)
    try:
        while True:
            try:
                chunk = pickle.load(f)
            except EOFError:
                return
            yield from chunk
    finally:
        f.close()
        self._remove_run(path)


def use_chunked_runs() -> None:
    """Make whoosh's posting pools write and read their runs in chunks.

    whoosh builds its pools itself (SegmentWriter ignores its ``poolclass`` argument), so
    the two methods are replaced on its PostingPool; a pool only ever reads runs it wrote,
    and processes forked for parallel writing inherit the change.
    """
    writing.PostingPool._write_run = _write_run
    writing.PostingPool._read_run = _read_run
