"""HTTP figures: the real server (`solsearch serve`) on the bundled corpus, over keep-alive.

/healthz answers without searching, so its latency is the floor that the network stack,
the HTTP server and Flask cost; /api/search and the page are compared to it in the same run.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from bench.queries import QUERIES
from bench.runner import ROOT, BenchError
from bench.stats import summary
from solsearch.evaluation import public_set
from solsearch.evaluation.measures import read_tsv

HOST = "127.0.0.1"
BUNDLED_CORPUS = ROOT / "corpus"
CONCURRENCY = (1, 8, 32)
START_TIMEOUT = 120


def request_paths(tsv: Path | None = None) -> list[tuple[str, str]]:
    """(/api/search?…, /?…) for each judged query (by default the public set's): its text,
    theme and region only."""
    paths = []
    for row in read_tsv(tsv or public_set()[0]):
        params = [
            (name, (row.get(column) or "").strip())
            for name, column in (("q", "query"), ("theme", "theme"), ("region", "region"))
        ]
        query = urlencode([(name, value) for name, value in params if value])
        paths.append((f"/api/search?{query}", f"/?{query}"))
    return paths


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(
    corpus: Path = BUNDLED_CORPUS, cache: int | None = None, environ: dict | None = None
):
    """`solsearch serve` in a subprocess on a free port, stopped on the way out, always;
    ``cache``: results kept per process (SOLSEARCH_CACHE), the server's default if None;
    ``environ``: more settings. Yields the port; ``SERVERS[port]`` is the server's pid."""
    with tempfile.TemporaryDirectory(prefix="solsearch-bench-http-") as tmp:
        port = free_port()
        log_path = Path(tmp) / "server.log"
        command = [
            sys.executable,
            "-m",
            "solsearch",
            "serve",
            "--corpus",
            str(corpus),
            "--index",
            str(Path(tmp) / "index"),
            "--host",
            HOST,
            "--port",
            str(port),
        ]
        environment = {**os.environ, **(environ or {})}
        if cache is not None:
            environment["SOLSEARCH_CACHE"] = str(cache)
        with open(log_path, "w", encoding="utf-8") as log:
            server = subprocess.Popen(
                command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
            )
        try:
            _wait_until_healthy(server, port, log_path)
            SERVERS[port] = server.pid
            yield port
        finally:
            SERVERS.pop(port, None)
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


SERVERS: dict[int, int] = {}


def memory(pid: int) -> dict:
    """Resident and proportional memory (MiB) of a process and its children (the gunicorn
    workers). PSS shares each page between the processes that map it (the model's file, the
    index): the machine's real cost; RSS counts shared pages once per process."""
    tree, rss, pss = _process_tree(pid), 0, 0
    for number in tree:
        try:
            rollup = Path(f"/proc/{number}/smaps_rollup").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in rollup.splitlines()[1:])
        rss += int(fields["Rss"].split()[0])
        pss += int(fields["Pss"].split()[0])
    return {"processes": len(tree), "rss_mib": rss / 1024, "pss_mib": pss / 1024}


def _process_tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, todo = [], [pid]
    while todo:
        number = todo.pop()
        tree.append(number)
        todo += children.get(number, [])
    return tree


#: The first page a fresh server is asked for: a typo and missing accents, so that it needs
#: the spelling table and the model, which a new worker builds and loads before it accepts
#: visitors.
FIRST_QUERY = "recylage des dechets"


def fresh_server(paths: list[str], seconds: float, environ: dict | None = None) -> dict:
    """A fresh server's first page, asked as soon as it answers /healthz (a visitor just
    after a restart), then its memory after the same load as the throughput's warm-up (every
    worker answers every query), with ``environ`` as its settings: run with and without
    search by meaning (SOLSEARCH_SEMANTIC=0), the difference is what the model and the
    vectors add."""
    with running_server(environ=environ) as port:
        client = Client(port)
        started = time.perf_counter()
        status = client.get("/?" + urlencode({"q": FIRST_QUERY}))
        first_page = {"query": FIRST_QUERY, "ms": (time.perf_counter() - started) * 1000}
        client.close()
        throughput(port, paths, max(CONCURRENCY), seconds)
        return {**memory(SERVERS[port]), "first_page": {**first_page, "status": status}}


def _wait_until_healthy(server: subprocess.Popen, port: int, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log = log_path.read_text(encoding="utf-8")[-2000:]
            raise BenchError(f"le serveur s’est arrêté (code {server.returncode}) :\n{log}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"le serveur ne répond pas sur /healthz après {START_TIMEOUT} s")


class Client:
    """One keep-alive connection; reconnects if the server closes it."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)

    def get(self, path: str) -> int:
        try:
            self.connection.request("GET", path)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
            self.connection.request("GET", path)
            response = self.connection.getresponse()
        response.read()
        return response.status

    def close(self) -> None:
        self.connection.close()


def warmup_paths() -> list[str]:
    """The bench's own queries, less those the judged set also asks: they open the index and
    build what the service derives lazily (spelling table, synonyms) before anything is
    timed, and leave every judged query a first time."""
    judged = {row["query"] for row in read_tsv(public_set()[0])}
    paths = []
    for query in (q for q in QUERIES if q.text not in judged):
        params = [("q", query.text)] + [("theme", t) for t in query.theme]
        paths.append("/api/search?" + urlencode(params + [("region", r) for r in query.region]))
    return paths


def latencies(port: int, paths: list[tuple[str, str]], repeat: int) -> dict:
    """Latencies of /healthz, /api/search and /, request by request in turn so that all
    three see the same moments of a shared machine.

    The server caches results, so the first pass is timed apart: there each API call
    computes its search, and the page just after it finds the result cached, which
    leaves the HTML rendering. Each query is then asked once on a connection another
    worker holds (``api_cached_other_worker``: the result the first one computed, from the
    memory they share). The ``repeat`` passes after it are all cache hits.
    """
    client = Client(port)
    for path in warmup_paths():
        client.get(path)
    statuses: dict[int, int] = {}
    first = _timed_pass(client, paths, statuses)
    elsewhere = asked_elsewhere(port, client, paths, statuses)
    repeated: dict[str, list[float]] = {name: [] for name in first}
    for _ in range(repeat):
        for name, values in _timed_pass(client, paths, statuses).items():
            repeated[name] += values
    client.close()
    return {
        "healthz": summary(first["healthz"] + repeated["healthz"]),
        "api_first": summary(first["api"]),
        "api_cached": summary(repeated["api"]),
        "page_cached": summary(first["page"] + repeated["page"]),
        "api_cached_other_worker": summary(elsewhere) if elsewhere else None,
        "statuses": statuses,
    }


def computed_latencies(port: int, paths: list[tuple[str, str]], repeat: int) -> dict:
    """On a server that keeps no result: each request is computed. One untimed pass reads
    the judged queries' words from disk, as a server running for a while has; the
    ``repeat`` passes after it are timed, /healthz in turn as the floor of this run.

    Before them, each query is asked once on a connection that another worker process
    holds, one that has never seen it: what a visitor's repeated query costs when another
    worker answers it (``api_other_worker``; None with a single worker)."""
    client = Client(port)
    statuses: dict[int, int] = {}
    for path in warmup_paths() + [path for pair in paths for path in pair]:
        client.get(path)
    elsewhere = asked_elsewhere(port, client, paths, statuses)
    samples: dict[str, list[float]] = {"healthz": [], "api": [], "page": []}
    for _ in range(repeat):
        for name, values in _timed_pass(client, paths, statuses).items():
            samples[name] += values
    client.close()
    return {
        "healthz_computed": summary(samples["healthz"]),
        "api_other_worker": summary(elsewhere) if elsewhere else None,
        "api_computed": summary(samples["api"]),
        "page_computed": summary(samples["page"]),
        "statuses_computed": statuses,
    }


def asked_elsewhere(port: int, client: Client, paths, statuses: dict[int, int]) -> list[float]:
    """The latency of each API query asked once on a connection another worker process
    than ``client``'s holds; none with a single worker."""
    other, elsewhere = other_worker_client(port, client), []
    if other is not None:
        for api_path, _ in paths:
            started = time.perf_counter()
            status = other.get(api_path)
            elsewhere.append((time.perf_counter() - started) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
        other.close()
    return elsewhere


def other_worker_client(port: int, first: Client, tries: int = 16) -> Client | None:
    """A new connection that another worker process than ``first``'s holds; None when the
    server has one worker, or none was reached in ``tries`` connections."""
    held = worker_of(port, first)
    for _ in range(tries):
        client = Client(port)
        client.get("/healthz")
        worker = worker_of(port, client)
        if held is not None and worker is not None and worker != held:
            return client
        client.close()
    return None


def worker_of(port: int, client: Client) -> int | None:
    """The server process that holds a client's connection (Linux): the server side's
    socket in /proc/net/tcp, found among the open files of the server's processes."""
    sock = client.connection.sock
    if sock is None or port not in SERVERS:
        return None
    local = sock.getsockname()[1]
    inode = None
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            ours, theirs = fields[1].rsplit(":", 1)[1], fields[2].rsplit(":", 1)[1]
            if int(ours, 16) == port and int(theirs, 16) == local:
                inode = fields[9]
    if inode is None:
        return None
    for pid in _process_tree(SERVERS[port]):
        try:
            links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
        except OSError:
            continue
        if f"socket:[{inode}]" in links:
            return pid
    return None


def _timed_pass(client: Client, paths, statuses: dict[int, int]) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {"healthz": [], "api": [], "page": []}
    for api_path, page_path in paths:
        for name, path in (("healthz", "/healthz"), ("api", api_path), ("page", page_path)):
            started = time.perf_counter()
            status = client.get(path)
            samples[name].append((time.perf_counter() - started) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
    return samples


def throughput(port: int, paths: list[str], clients: int, seconds: float) -> dict:
    """Requests per second with ``clients`` threads, each on its own connection."""
    counts = [0] * clients
    errors = [0] * clients
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def work(number: int) -> None:
        client = Client(port)
        start.wait()
        position = number
        while time.monotonic() < stop_at[0]:
            status = client.get(paths[position % len(paths)])
            position += 1
            counts[number] += 1
            errors[number] += status != 200
        client.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.monotonic() + seconds
    began = time.monotonic()
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    return {
        "clients": clients,
        "requests": sum(counts),
        "errors": sum(errors),
        "seconds": elapsed,
        "requests_per_second": sum(counts) / elapsed,
    }


def measure_http(repeat: int, seconds: float) -> dict:
    """Latencies against the floor, then throughput at 1, 8 and 32 clients; then the same
    latencies with the result cache off."""
    paths = request_paths()
    with running_server() as port:
        figures = latencies(port, paths, repeat)
        api_paths = [api for api, _ in paths]
        # Unmeasured: each worker process computes every query once (its model loaded, its
        # results cached), else the first level measured would pay for it alone.
        throughput(port, api_paths, max(CONCURRENCY), seconds)
        levels = [throughput(port, api_paths, clients, seconds) for clients in CONCURRENCY]
    with_meaning = fresh_server(api_paths, seconds)
    without_meaning = fresh_server(api_paths, seconds, {"SOLSEARCH_SEMANTIC": "0"})
    with running_server(cache=0) as port:
        figures.update(computed_latencies(port, paths, repeat))
    floors = {"healthz": figures["healthz"], "healthz_computed": figures["healthz_computed"]}
    one, eight = levels[0]["requests_per_second"], levels[1]["requests_per_second"]
    names = {
        "api_first": "healthz",
        "api_cached": "healthz",
        "page_cached": "healthz",
        "api_computed": "healthz_computed",
        "page_computed": "healthz_computed",
    }
    if figures["api_cached_other_worker"] is not None:
        names["api_cached_other_worker"] = "healthz"
    if figures["api_other_worker"] is not None:
        names["api_other_worker"] = "healthz_computed"
    return {
        "corpus": str(BUNDLED_CORPUS),
        "requests": len(paths),
        "repeat": repeat,
        "latency_ms": {name: figures[name] for name in (*floors, *names)},
        "ratio_to_floor": {
            name: {p: figures[name][p] / floors[floor][p] for p in ("p50", "p95")}
            for name, floor in names.items()
        },
        "statuses": figures["statuses"],
        "statuses_computed": figures["statuses_computed"],
        "throughput": levels,
        "scaling_8_over_1": eight / one,
        "fresh_server": {"with_meaning": with_meaning, "without_meaning": without_meaning},
    }
