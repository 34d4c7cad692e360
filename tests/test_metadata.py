"""A generation's metadata: written and read by one class, refused whole when another
version wrote it."""

from __future__ import annotations

import json
import shutil

import pytest

from solsearch.index import (
    SCHEMA_VERSION,
    IndexMeta,
    IndexUnavailable,
    MetadataMismatch,
    build_index,
    index_status,
    read_current,
)
from solsearch.index.metadata import META
from solsearch.search import SearchQuery, SearchService

from conftest import CORPUS

KEYS = {
    "schema_version",
    "generation",
    "built_at",
    "solutions",
    "fingerprint",
    "seconds",
    "changed",
    "synonyms",
    "digests",
    "file_stats",
    "stats_taken_ns",
    "model",
    "vectors",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A corpus folder, an index built from it, and what the build returned."""
    folder = tmp_path_factory.mktemp("meta")
    corpus, index = folder / "corpus", folder / "index"
    shutil.copytree(CORPUS, corpus)
    return corpus, index, build_index(corpus, index)


def meta_path(index):
    return index / read_current(index) / META


def test_the_file_has_one_key_per_meaning_and_reads_back_equal(built):
    corpus, index, info = built
    data = json.loads(meta_path(index).read_text(encoding="utf-8"))
    assert set(data) == KEYS
    assert data["schema_version"] == SCHEMA_VERSION
    files = sorted(p.name for p in corpus.iterdir())
    assert sorted(data["digests"]) == files == sorted(data["file_stats"])
    assert all(len(digest) == 64 for digest in data["digests"].values())
    size, mtime_ns = data["file_stats"]["la-pive.md"]
    stat = (corpus / "la-pive.md").stat()
    assert (size, mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    assert IndexMeta.read(index / read_current(index)) == info
    assert IndexMeta.from_json(info.to_json()) == info


def test_the_metadata_is_typed(built):
    _, _, info = built
    assert (info.generation, info.solutions, info.changed) == (1, 43, None)
    assert info.fingerprint == info.corpus.fingerprint()
    assert any("recyclerie" in group for group in info.synonyms.groups)


def older_shape(data):
    """What version 8 wrote: content digests under "files", sizes and times under "stats"."""
    digests, stats = data.pop("digests"), data.pop("file_stats")
    data["stats"] = {"taken_ns": data.pop("stats_taken_ns"), "files": stats}
    return {**data, "files": digests, "schema_version": SCHEMA_VERSION - 1}


@pytest.mark.parametrize(
    "change",
    [
        older_shape,
        lambda data: {**data, "schema_version": SCHEMA_VERSION + 1},
        lambda data: {k: v for k, v in data.items() if k != "digests"},
        lambda data: {**data, "generation": "1"},
        lambda data: {**data, "solutions": True},
        lambda data: {**data, "file_stats": {"a.md": [1]}},
        lambda data: [data],
    ],
    ids=["v8", "newer", "missing", "str", "bool", "stat", "list"],
)
def test_another_shape_says_so_and_the_next_build_starts_afresh(built, tmp_path, change):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(built[0], corpus)
    shutil.copytree(built[1], index)
    path = meta_path(index)
    changed = change(json.loads(path.read_text(encoding="utf-8")))
    path.write_text(json.dumps(changed), encoding="utf-8")
    with pytest.raises(MetadataMismatch):
        IndexMeta.read(path.parent)
    with pytest.raises(IndexUnavailable, match="autre version.*solsearch index --full"):
        SearchService(index).search(SearchQuery("emploi"))
    assert index_status(index, corpus) == "stale"
    info = build_index(corpus, index)
    assert info.changed is None and info.solutions == 43 and info.generation == 2
    assert index_status(index, corpus) == "fresh"
    assert SearchService(index).search(SearchQuery("emploi")).total > 0
