"""Writing whoosh segments faster leaves the same index: runs in chunks, lean codec."""

from __future__ import annotations

from whoosh import index as whoosh_index

from solsearch.corpus import load_corpus
from solsearch.index.schema import build_schema, document
from solsearch.index.storage import LeanCodec, use_chunked_runs

from conftest import CORPUS


def _write(folder, limitmb: float) -> dict:
    """Index the bundled corpus; every term's postings (ids, weights, values)."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = ix.writer(limitmb=limitmb, codec=LeanCodec())
    for solution in load_corpus(CORPUS, warnings=False).solutions:
        writer.add_document(**document(solution))
    runs = len(writer.pool.runs)
    writer.commit()
    postings = {}
    with ix.reader() as reader:
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            postings[fieldname, text] = list(matcher.items_as("weight")), list(matcher.all_ids())
        stored = [reader.stored_fields(d) for d in range(reader.doc_count_all())]
    return {"runs": runs, "postings": postings, "stored": stored}


def test_postings_written_through_chunked_runs_are_the_same(tmp_path):
    in_memory = _write(tmp_path / "memory", limitmb=256)
    use_chunked_runs()
    through_runs = _write(tmp_path / "runs", limitmb=0.5)
    assert in_memory["runs"] == 0 and through_runs["runs"] >= 3
    assert through_runs["postings"] == in_memory["postings"]
    assert through_runs["stored"] == in_memory["stored"]
    assert len(in_memory["postings"]) > 5000
