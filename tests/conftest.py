"""Shared fixtures: paths, small corpus folders, the built index, the app, and the browser."""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest
from waitress import wasyncore
from waitress.server import create_server

from solsearch.analysis.embedding import share_cores

# The model's engine as servers run it, in this process and every process it starts, set
# before any model exists: tests fork (gunicorn, subprocesses), and a process that embedded
# with several OpenMP threads leaves its forked children hanging. Parallel test workers do
# not share one count of the queries being embedded, so their waiting threads must sleep.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
share_cores()

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
# The public judged set (queries.tsv, qrels.tsv), shipped inside the package.
EVAL = ROOT / "src" / "solsearch" / "evaluation" / "data"
# The seed text and what was drawn from it (solutions.jsonl, not_solutions.jsonl).
DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "seed.txt"

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


def page_text(response, status: int = 200) -> str:
    """A page's HTML once its status is the one expected (an error page would pass any
    check that something is absent from it), its no-break spaces read as plain ones: the
    tests read the words, test_typography where French sets its spaces."""
    assert response.status_code == status, (response.status_code, response.request.url)
    return response.get_data(as_text=True).replace("\u00a0", " ")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="session")
def solutions_listed() -> list[dict]:
    """The 43 solutions as listed in the judged set (id, seed lines, anchors)."""
    return read_jsonl(DATA / "solutions.jsonl")


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


@pytest.fixture(scope="session")
def state(index_dir):
    """The bundled corpus's index opened as the service opens a generation, for testing the
    planning, relaxation and ranking functions on their own."""
    from solsearch.search.state import GenerationState

    opened = GenerationState(index_dir)
    yield opened
    opened.close()


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]


@pytest.fixture(scope="session")
def app(index_dir):
    from solsearch.config import Settings
    from solsearch.web import create_app

    return create_app(Settings(corpus=CORPUS, index=index_dir))


@pytest.fixture
def client(app):
    return app.test_client()


# --- Browser: the real server, a partner site on another origin, Chromium ----------------

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


#: Debian's old headless shell first (what Playwright runs headless, and pages open in half
#: the time), else the full browser (`make test` installs the former when it can).
CHROMIUM_BINARIES = ("chromium-headless-shell", "chromium")


def chromium_path() -> str | None:
    if chosen := os.environ.get("SOLSEARCH_CHROMIUM"):
        return chosen if Path(chosen).exists() else None
    return next(filter(None, map(shutil.which, CHROMIUM_BINARIES)), None)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = (
            "Chromium introuvable (ni chromium-headless-shell ni chromium) : "
            "tests navigateur NON exécutés."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message + " En CI, c’est une erreur.")
        print(f"\n!!! {message}\n", file=sys.stderr)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Served:
    """A WSGI app served by waitress on a free loopback port, in a thread."""

    def __init__(self, app, threads: int = 4):
        self.server = create_server(app, host="127.0.0.1", port=0, threads=threads)
        self.port = self.server.effective_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def close(self):
        # Closing the sockets from this thread races the loop's select() (EBADF in
        # the server thread); the trigger runs the close inside the loop instead,
        # which then ends because its map is empty.
        self.server.trigger.pull_trigger(lambda: wasyncore.close_all(self.server._map))
        self.thread.join(timeout=10)
        self.server.task_dispatcher.shutdown()


@pytest.fixture(scope="session")
def live(app):
    served = Served(app)
    yield served.url
    served.close()


def partner_app(solsearch: str):
    """A partner site on another origin, under a strict CSP that allows solsearch only."""
    csp = (
        f"default-src 'none'; script-src {solsearch}; connect-src {solsearch}; "
        f"style-src 'self'; frame-src {solsearch}; img-src 'self'"
    )
    pages = {
        "/widget": f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Partenaire</title><link rel="stylesheet" href="/style.css">
<script type="module" src="{solsearch}/embed.js"></script></head>
<body><h1>Un site partenaire</h1><p><a href="#" id="avant">Lien avant</a></p>
<solsearch-box region="FR-HDF" placeholder="Rechercher…"></solsearch-box>
</body></html>""",
        "/iframe": f"""<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Partenaire</title></head><body>
<iframe id="embed" src="{solsearch}/embed?q=ferme" title="Recherche de solutions COORACE"
 width="900" height="700"></iframe>
<iframe id="home" src="{solsearch}/" title="Page d’accueil" width="300" height="200"></iframe>
</body></html>""",
        "/style.css": "solsearch-box { --solsearch-accent: rgb(122, 31, 92); }",
    }

    def application(environ, start_response):
        body = pages.get(environ["PATH_INFO"])
        if body is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"absent"]
        kind = "text/css" if environ["PATH_INFO"].endswith(".css") else "text/html"
        start_response(
            "200 OK", [("Content-Type", f"{kind}; charset=utf-8"), ("Content-Security-Policy", csp)]
        )
        return [body.encode("utf-8")]

    return application


@pytest.fixture(scope="session")
def partner(live):
    served = Served(partner_app(live))
    yield served.url
    served.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    yield page
    if failed(request.node):  # what the page showed, to read beside the failure
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        item.stash[FAILED] = True
    return report


FAILED = pytest.StashKey[bool]()


def failed(item) -> bool:
    """Whether a phase of this test has failed so far (setup or call)."""
    return item.stash.get(FAILED, False)
