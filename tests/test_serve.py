"""`solsearch serve` as it runs in production: worker processes on a real port, picking up a
rebuild made by `solsearch index` in another process without a restart."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import CORPUS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def wait_until_up(url: str, process) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve stopped: {process.stdout.read()}")
        try:
            get_json(url)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("serve did not answer within 30 s")


def test_serve_builds_the_index_and_follows_rebuilds(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "solsearch",
            "serve",
            "--corpus",
            str(corpus),
            "--index",
            str(index),
            "--port",
            str(port),
            "--workers",
            "2",
            "--threads",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/healthz", process)
        assert get_json(f"{base}/healthz")["solutions"] == 43  # built because it was missing
        assert get_json(f"{base}/api/search?q=garage+solidaire")["total"] == 2
        (corpus / "solidarauto.md").unlink()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "solsearch",
                "index",
                "--corpus",
                str(corpus),
                "--index",
                str(index),
            ],
            check=True,
            capture_output=True,
        )
        for _ in range(10):  # each worker process answers from the new generation
            assert get_json(f"{base}/api/search?q=garage+solidaire")["total"] == 1
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert "2 processus" in output


def test_serve_refuses_a_broken_corpus_with_the_file_and_line_and_keeps_a_built_index(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    (corpus / "zz-brouillon.md").write_text("pas de champs\n", encoding="utf-8")
    command = [sys.executable, "-m", "solsearch", "serve", "--corpus", "corpus"]
    command += ["--index", str(index), "--port", str(free_port())]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "corpus/zz-brouillon.md:1: " in done.stderr
    assert "aucun index à servir" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (index / "CURRENT").exists()


def test_a_worker_prepares_everything_before_its_first_visitor(index_dir, monkeypatch):
    """Warmed, a worker's first pages compile no template, load no model and build no word
    table: a first page with an unknown word took 0.43 s when warming only opened the index
    and loaded the model, 0.11 s now."""
    from solsearch.analysis.embedding import Embedder
    from solsearch.config import Settings
    from solsearch.search import service as service_module
    from solsearch.search import state as state_module
    from solsearch.server import warm
    from solsearch.web import create_app

    embedder = Embedder()  # its own, not the process's, which earlier tests loaded
    monkeypatch.setattr(service_module, "shared_embedder", lambda: embedder)
    app = create_app(Settings(index=index_dir))
    warm(app)

    def refuse(*args, **kwargs):
        raise AssertionError("prepared too late: a visitor paid for it")

    stems = []
    derived_stem = state_module.derived_stem
    monkeypatch.setattr(state_module, "derived_stem", lambda w: stems.append(w) or derived_stem(w))
    monkeypatch.setattr(Embedder, "_load", refuse)
    monkeypatch.setattr(type(app.jinja_env.loader), "get_source", refuse)
    client = app.test_client()
    # An unknown word (its family), a typo (the vocabulary), a word alone, a solution.
    for query, found in (("pollinisateurs", "/solutions/"), ("ressourcrie", "agir-recycl")):
        page = client.get(f"/?q={query}")
        assert page.status_code == 200 and found in page.get_data(as_text=True)
    assert "xylophone" in client.get("/?q=xylophone+garage").get_data(as_text=True)
    assert client.get("/solutions/gas-garage").status_code == 200
    hits = client.get("/api/search?q=garage+solidaire").get_json()["results"]
    assert any("meaning" in hit["matched"] for hit in hits)
    # The queries' own words, not the corpus's 2,700.
    assert set(stems) <= {"pollinisateurs", "ressourcrie", "xylophone", "garage", "solidaire"}


def test_warming_without_an_index_leaves_the_requests_to_say_so(tmp_path):
    from solsearch.config import Settings
    from solsearch.server import warm
    from solsearch.web import create_app

    app = create_app(Settings(index=tmp_path / "absent"))
    warm(app)  # quietly
    response = app.test_client().get("/api/search?q=garage")
    assert response.status_code == 503


def test_a_gunicorn_worker_accepts_visitors_only_once_warm(index_dir, monkeypatch):
    """gunicorn calls post_worker_init before the worker's loop accepts connections: the
    warm-up must be over when it returns, not left running beside the first visitors, and
    the worker must tell the arbiter meanwhile that it lives."""
    from solsearch import server as server_module
    from solsearch.config import Settings
    from solsearch.search import service as service_module
    from solsearch.server import gunicorn_options
    from solsearch.web import create_app

    prepared = []
    prepare = service_module.SearchService.prepare

    def slow_prepare(service):
        time.sleep(0.3)
        prepare(service)
        prepared.append(True)

    class Worker:  # what gunicorn passes: its arbiter kills a worker that stops notifying
        notified = 0

        def notify(self):
            self.notified += 1

    monkeypatch.setattr(service_module.SearchService, "prepare", slow_prepare)
    monkeypatch.setattr(server_module, "HEARTBEAT_SECONDS", 0.05)
    settings = Settings(index=index_dir)
    options = gunicorn_options(create_app(settings), settings, workers=2)
    worker = Worker()
    options["post_worker_init"](worker)
    assert prepared == [True]
    assert worker.notified >= 3  # alive all along a warm-up longer than the beat


def test_waitress_listens_before_warming_and_serves_after(index_dir, monkeypatch):
    """With one process, the socket is open before the warm-up (early visitors wait in its
    queue instead of being refused) and served only after it."""
    import waitress

    from solsearch.analysis import embedding
    from solsearch.config import Settings
    from solsearch.search import service as service_module
    from solsearch.server import serve
    from solsearch.web import create_app

    events = []
    prepare = service_module.SearchService.prepare
    monkeypatch.setattr(
        service_module.SearchService,
        "prepare",
        lambda service: (prepare(service), events.append("warm")),
    )

    class Server:
        def run(self):
            events.append("serve")

    def create_server(app, **options):
        events.append("listen")
        return Server()

    monkeypatch.setattr(waitress, "create_server", create_server)
    # serve() shares a new count of the queries being embedded: the process's comes back.
    monkeypatch.setattr(embedding, "_running", embedding.running_queries())
    settings = Settings(index=index_dir, workers=1)
    assert serve(create_app(settings), settings) == "waitress"
    assert events == ["listen", "warm", "serve"]


def test_a_failed_warm_up_is_logged_and_the_worker_still_starts(index_dir, monkeypatch, caplog):
    """A worker whose warm-up raises would fail to boot, and gunicorn would restart it
    again and again: it logs the error and serves, each request meeting the error itself."""
    from solsearch.config import Settings
    from solsearch.search import service as service_module
    from solsearch.server import warm
    from solsearch.web import create_app

    def broken(service):
        raise RuntimeError("tables impossibles")

    monkeypatch.setattr(service_module.SearchService, "prepare", broken)
    app = create_app(Settings(index=index_dir))
    warm(app)
    assert "tables impossibles" in caplog.text
    assert app.test_client().get("/api/search?q=garage").status_code == 200
