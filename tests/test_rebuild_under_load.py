"""Rebuilds under load: the real server answers every request from one complete index while
the CLI rebuilds it in another process (incremental builds, and some full ones), alternating
between corpora of 43 and 42 solutions."""

from __future__ import annotations

import csv
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from conftest import CORPUS, EVAL, ROOT, Served

LONG = os.environ.get("SOLSEARCH_LONG_TESTS") == "1"
REBUILDS = 20 if LONG else 6
CLIENTS = 20
THREADS = 8
DROPPED = "zest"  # the solution missing from the second corpus


def cli_env() -> dict[str, str]:
    """The environment of a CLI run: this interpreter, and the package from src/."""
    paths = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def cli_index(corpus: Path, index: Path, cwd: Path, full: bool) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "solsearch", "index", "--corpus", str(corpus)]
    return subprocess.run(
        [*command, "--index", str(index), *(["--full"] if full else [])],
        cwd=cwd,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def judged_queries() -> list[dict]:
    with open(EVAL / "queries.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [row for row in rows if row["category"] != "negative" and row["query"].strip()]


def params(row: dict) -> dict[str, str]:
    found = {"q": row["query"], "per_page": "50"}
    found.update({k: row[k] for k in ("theme", "region") if row.get(k)})
    return found


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """Two corpus folders (43 and 42 solutions), the served index built from the first, and the
    judged queries that have answers in both, with the totals each corpus gives them."""
    from solsearch.config import Settings
    from solsearch.index import build_index
    from solsearch.web import create_app

    base = tmp_path_factory.mktemp("load")
    whole, reduced = base / "corpus-43", base / "corpus-42"
    shutil.copytree(CORPUS, whole)
    shutil.copytree(CORPUS, reduced)
    (reduced / f"{DROPPED}.md").unlink()
    build_index(whole, base / "index")
    build_index(reduced, base / "scratch")
    clients = [
        create_app(Settings(corpus=c, index=i)).test_client()
        for c, i in ((whole, base / "index"), (reduced, base / "scratch"))
    ]
    expected = {}
    for row in judged_queries():
        query = urlencode(params(row))
        totals = [client.get(f"/api/search?{query}").get_json()["total"] for client in clients]
        if min(totals) > 0:
            expected[query] = set(totals)
    everything = [
        frozenset(hit["id"] for hit in client.get("/api/search?per_page=50").get_json()["results"])
        for client in clients
    ]
    return base, whole, reduced, expected, everything


class Load:
    """Clients asking the server in a loop and checking each answer, until stopped."""

    def __init__(self, port: int, expected: dict[str, set[int]], everything: list[frozenset]):
        self.port, self.expected, self.everything = port, expected, everything
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.requests = 0
        self.failures: list[str] = []
        self.totals_seen: set[int] = set()
        self.threads = [
            threading.Thread(target=self.client, args=(n,), daemon=True) for n in range(CLIENTS)
        ]

    def client(self, number: int) -> None:
        chooser = random.Random(number)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        generation = 0
        queries = list(self.expected)
        while not self.stop.is_set():
            kind = chooser.choice(["all", "query", "query", "query", "health"])
            url = {
                "all": "/api/search?per_page=50",
                "query": f"/api/search?{chooser.choice(queries)}",
                "health": "/healthz",
            }[kind]
            try:
                connection.request("GET", url)
                response = connection.getresponse()
                body = response.read()
                problem = self.check(kind, url, response.status, body, generation)
                if kind == "health" and response.status == 200:
                    generation = json.loads(body)["generation"]
            except (OSError, http.client.HTTPException, ValueError) as error:
                problem = f"{url}: {error!r}"
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            with self.lock:
                self.requests += 1
                if problem:
                    self.failures.append(problem)
        connection.close()

    def check(self, kind: str, url: str, status: int, body: bytes, generation: int) -> str | None:
        if status != 200:
            return f"{url}: status {status} {body[:200]!r}"
        data = json.loads(body)
        if kind == "health":
            if data["generation"] < generation:
                return f"generation went back from {generation} to {data['generation']}"
            return None
        ids = frozenset(hit["id"] for hit in data["results"])
        if kind == "all":
            with self.lock:
                self.totals_seen.add(data["total"])
            if data["total"] not in (43, 42) or ids not in self.everything:
                return f"{url}: total {data['total']}, {len(ids)} ids: not one whole index"
            return None
        if not ids or data["total"] not in self.expected[url.split("?", 1)[1]]:
            return f"{url}: total {data['total']}, expected {self.expected[url.split('?', 1)[1]]}"
        return None


def test_rebuilds_from_the_cli_never_disturb_searches(corpora):
    from solsearch.config import Settings
    from solsearch.web import create_app

    base, whole, reduced, expected, everything = corpora
    assert len(expected) >= 20 and len(everything[0]) == 43 and len(everything[1]) == 42
    app = create_app(Settings(corpus=whole, index=base / "index"))
    server = Served(app, threads=THREADS)
    load = Load(server.port, expected, everything)
    try:
        for thread in load.threads:
            thread.start()
        time.sleep(0.3)
        rebuilt = []
        for n in range(REBUILDS):
            corpus = reduced if n % 2 == 0 else whole
            done = cli_index(corpus, base / "index", base, full=n % 3 == 2)  # some in full
            assert done.returncode == 0, done.stderr
            rebuilt.append(done.stdout.strip())
            time.sleep(0.2)
        time.sleep(0.3)
    finally:
        load.stop.set()
        for thread in load.threads:
            thread.join(timeout=120)
        server.close()
    print(f"\n{load.requests} requests by {CLIENTS} clients during {REBUILDS} rebuilds")
    assert load.failures == [], f"{len(load.failures)} failed: {load.failures[:10]}"
    assert load.requests >= 20 * REBUILDS
    assert load.totals_seen == {42, 43}, "the server never switched between the two corpora"
    assert all(line.startswith(("42 solutions", "43 solutions")) for line in rebuilt), rebuilt
