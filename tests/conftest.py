"""Shared fixtures: the project's paths, and a factory of small corpus folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
EVAL = Path(__file__).resolve().parent / "data" / "eval"
SEED = Path(__file__).resolve().parent / "data" / "seed.txt"

VALID_FRONT = """\
id = "{id}"
title = "Un garage solidaire à Baugy"
theme = "environnement"
organisations = ["GAS"]
regions = ["FR-CVL"]
departments = ["FR-18"]
cities = ["Baugy"]
structures = ["ACI"]
"""
VALID_BODY = "Dans le Cher, à Baugy, un garage solidaire répare les voitures.\n"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="session")
def solutions_listed() -> list[dict]:
    """The 43 solutions as listed in the judged set (id, seed lines, anchors)."""
    return read_jsonl(EVAL / "solutions.jsonl")


@pytest.fixture
def write_corpus(tmp_path):
    """Write {file name: text} into a fresh corpus folder and return the folder."""

    def write(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "corpus"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            (folder / name).write_bytes(data)
        return folder

    return write


def solution_file(solution_id: str = "gas", front: str | None = None, body: str = VALID_BODY):
    """The text of a corpus file, valid unless ``front`` or ``body`` say otherwise."""
    front = VALID_FRONT.format(id=solution_id) if front is None else front
    return f"+++\n{front}+++\n{body}"


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    """The bundled corpus indexed once for the whole run."""
    from solsearch.index import build_index

    folder = tmp_path_factory.mktemp("index")
    build_index(CORPUS, folder)
    return folder


@pytest.fixture(scope="session")
def service(index_dir):
    from solsearch.search import SearchService

    return SearchService(index_dir)


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]
