"""A rebuild killed with SIGKILL at random points: the previous index keeps serving, the next
rebuild succeeds, and no lock is left for a person to remove.

The corpus is the bundled one three times over (new ids), so that a full build lasts a second
or two. Before each run some files get a new marker word, and the runs alternate full and
incremental builds: after each kill, the index must hold the files either all as they were at
the last switch or all as they are on disk, never a mix.
"""

from __future__ import annotations

import fcntl
import os
import random
import re
import shutil
import signal
import string
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT

LONG = os.environ.get("SOLSEARCH_LONG_TESTS") == "1"
KILLS = 50 if LONG else 10
COPIES = 3
SOLUTIONS = 43 * COPIES


def cli_index(corpus: Path, index: Path, full: bool) -> list[str]:
    command = [sys.executable, "-m", "solsearch", "index", "--corpus", str(corpus)]
    return [*command, "--index", str(index), *(["--full"] if full else [])]


def cli_env() -> dict[str, str]:
    paths = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def build(corpus: Path, index: Path, full: bool) -> float:
    """A whole rebuild through the CLI; its duration in seconds."""
    started = time.monotonic()
    done = subprocess.run(
        cli_index(corpus, index, full), env=cli_env(), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


class Corpus:
    """The corpus folder and the marker word each file carries, on disk and as last indexed."""

    def __init__(self, folder: Path, seed: int):
        self.folder = folder
        self.chooser = random.Random(seed)
        self.on_disk: dict[str, str | None] = {}
        for copy in range(COPIES):
            for path in sorted(CORPUS.glob("[!_]*.md")):
                solution_id = f"{path.stem}-{copy}"
                text = re.sub(
                    r'^id = ".*"$',
                    f'id = "{solution_id}"',
                    path.read_text("utf-8"),
                    count=1,
                    flags=re.M,
                )
                (folder / f"{solution_id}.md").write_text(text, "utf-8")
                self.on_disk[solution_id] = None
        shutil.copy(CORPUS / "_synonymes.toml", folder)
        self.indexed = dict(self.on_disk)

    def mark_some(self) -> str:
        """A new marker word appended to a few files (replacing their previous one)."""
        marker = "".join(self.chooser.choices(string.ascii_lowercase, k=12))
        for solution_id in self.chooser.sample(sorted(self.on_disk), self.chooser.randint(5, 30)):
            path = self.folder / f"{solution_id}.md"
            text = re.sub(r"\n\nMarqueur : [a-z]+\.\n$", "\n", path.read_text("utf-8"))
            path.write_text(f"{text.rstrip()}\n\nMarqueur : {marker}.\n", "utf-8")
            self.on_disk[solution_id] = marker
        return marker

    def marked(self, marker: str, state: dict[str, str | None]) -> set[str]:
        return {solution_id for solution_id, m in state.items() if m == marker}


def serves(index: Path, corpus: Corpus, markers: list[str], service=None) -> int:
    """Check the index answers whole and as of one corpus state; return its generation."""
    from solsearch.search import SearchQuery, SearchService

    service = service or SearchService(index)
    assert service.search(SearchQuery()).total == SOLUTIONS
    assert service.search(SearchQuery("garage solidaire")).hits, "a query lost its answers"
    found = {m: {h.id for h in service.search(SearchQuery(m, per_page=50)).hits} for m in markers}
    states = (corpus.indexed, corpus.on_disk)
    matching = [s for s in states if all(found[m] == corpus.marked(m, s) for m in markers)]
    assert matching, f"the index holds a mix of two corpus states: {found}"
    if matching[0] is corpus.on_disk:
        corpus.indexed = dict(corpus.on_disk)
    return service.health().generation


def lock_is_free(index: Path) -> bool:
    with open(index / ".lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The corpus, its index, and how long a full and an incremental build last here."""
    base = tmp_path_factory.mktemp("crash")
    (base / "corpus").mkdir()
    corpus, index = Corpus(base / "corpus", seed=KILLS), base / "index"
    build(corpus.folder, index, full=True)  # the first run also warms the caches
    durations = {True: build(corpus.folder, index, full=True)}
    corpus.mark_some()
    durations[False] = build(corpus.folder, index, full=False)
    corpus.indexed = dict(corpus.on_disk)
    return corpus, index, durations


def test_killed_rebuilds_leave_the_previous_index_serving(site):
    from solsearch.search import SearchService

    corpus, index, measured = site
    durations = dict(measured)  # how long a build lasts now, learnt from those that finish
    serving = SearchService(index)  # a server's service, open through every kill
    generation = serves(index, corpus, [], serving)
    killed = finished = 0
    recent: list[str] = []
    for n in range(KILLS):
        full = n % 2 == 0
        recent = [*recent[-3:], corpus.mark_some()]
        duration = durations[full]
        # Anywhere in the build, or around its end: the commit, the switch and the pruning.
        window = (0.0, duration) if n % 4 < 2 else (0.75 * duration, 1.2 * duration)
        delay = corpus.chooser.uniform(*window)
        started = time.monotonic()
        process = subprocess.Popen(
            cli_index(corpus.folder, index, full),
            env=cli_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            process.wait(timeout=delay)
            # Done before its kill: builds run faster than measured on this shared machine
            # (its load varies), so the next kills aim within the time they take now.
            durations[full] = time.monotonic() - started
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
        returncode = process.wait(timeout=30)
        killed += returncode == -signal.SIGKILL
        finished += returncode == 0
        now = serves(index, corpus, recent)
        assert now >= generation, f"run {n}: generation went back from {generation} to {now}"
        assert serves(index, corpus, recent, serving) == now
        assert lock_is_free(index), f"run {n}: the build lock is still held"
        generation = now
    print(f"\n{killed} rebuilds killed, {finished} finished first ({durations})")
    # Enough builds died midway for the runs above to mean something (about half of the
    # kills aimed around a build's end let it finish first, by design).
    assert killed >= KILLS // 3

    build(corpus.folder, index, full=False)
    assert serves(index, corpus, recent) > generation
    assert corpus.indexed == corpus.on_disk
    assert not list(index.glob(".build-*")) and not (index / "CURRENT.tmp").exists()
    assert len(list(index.glob("gen-*"))) <= 2


class Killed(BaseException):
    """Stands for SIGKILL at one precise point of a build."""


def test_a_build_killed_between_rename_and_switch_keeps_the_serving_generation(
    tmp_path, monkeypatch
):
    """A build killed after renaming .build-N to gen-N but before writing CURRENT leaves a
    generation no reader ever opened; the next build must still keep the one that served."""
    from solsearch.index import build_index, generations

    index = tmp_path / "index"
    build_index(CORPUS, index)
    build_index(CORPUS, index, full=True)
    serving = generations.read_current(index)
    write_durably = generations.write_durably

    def killed_at_switch(path, text, replace=False):
        if path.name == generations.CURRENT:
            raise Killed
        write_durably(path, text, replace)

    monkeypatch.setattr(generations, "write_durably", killed_at_switch)
    with pytest.raises(Killed):
        build_index(CORPUS, index, full=True)
    monkeypatch.undo()
    assert generations.read_current(index) == serving
    build_index(CORPUS, index, full=True)
    kept = sorted(path.name for path in index.glob("gen-*"))
    assert serving in kept, f"{serving} served until this switch but was removed; kept {kept}"
