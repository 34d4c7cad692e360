"""The index: generations of a whoosh index built from the corpus, switched atomically.

- ``schema``: the fields and what one solution becomes in them.
- ``building``: full and incremental builds, and whether an index is fresh.
- ``generations``: the folders, the CURRENT pointer, locks and durable writes.
- ``storage``: how whoosh writes segments and reads them through memory maps.
- ``spellings``: the corpus's words as written, counted beside each generation.

May import: ``corpus``, ``analysis``, whoosh. Nothing of ``search``, ``web`` or the CLI.
"""

from solsearch.index.building import (
    IndexInfo,
    build_index,
    corpus_state,
    index_status,
    writer_processes,
)
from solsearch.index.generations import IndexUnavailable, open_generation, read_current
from solsearch.index.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "IndexInfo",
    "IndexUnavailable",
    "build_index",
    "corpus_state",
    "index_status",
    "open_generation",
    "read_current",
    "writer_processes",
]
