"""Production serving: one worker process per core with gunicorn where it runs (POSIX),
waitress in one process elsewhere or when asked for a single worker.

Searching is CPU-bound, and threads share one interpreter lock, so only processes use more
than one core. The app opens no index before the fork, so that each worker opens its own
searcher and loads the model; it does so before it accepts its first visitor (``warm``),
while the listening socket, already open, queues connections instead of refusing them.
"""

from __future__ import annotations

import logging
import os
import threading

from flask import Flask

from solsearch.analysis import lexicon
from solsearch.analysis.embedding import share_cores
from solsearch.config import Settings
from solsearch.search import IndexUnavailable


def worker_count(settings: Settings) -> int:
    if settings.workers > 0:
        return settings.workers
    return os.cpu_count() or 1


def warm(app: Flask) -> None:
    """Compile the pages' templates, open the index, build its derived tables and run the
    model, before a worker accepts visitors.

    Its first visitors then never pay for them (measured: a worker's first page with an
    unknown word took 0.43 s when warming only opened the index and loaded the model, 0.11 s
    with all of it), nor meet a warm-up running beside them, as they did when it ran in the
    background; and a restarted server answers /healthz from warm workers only, so that a
    load balancer sends it visitors once they are served at full speed."""
    # The template folder also holds the static files, which are no templates.
    for name in app.jinja_env.list_templates(extensions=("html", "xml")):
        app.jinja_env.get_template(name)
    try:
        app.extensions["solsearch.service"].prepare()
    except IndexUnavailable:  # each request says so to its visitor
        pass
    except Exception:  # a worker that cannot start would be restarted without end
        app.logger.exception("warm-up failed; requests will meet the error themselves")


def serve(app: Flask, settings: Settings) -> str:
    """Serve until stopped; return the name of the server used.

    The model's engine defaults to one thread per process, and the workers share one count
    of the queries being embedded (``share_cores``): forked workers are then safe, and only
    a query that no worker is embedding beside it runs on every core. The French word list
    is loaded first, shared by the workers: no visitor waits for it.
    """
    share_cores()
    lexicon.FRENCH.warm()
    workers = worker_count(settings)
    if workers > 1 and os.name == "posix":
        _Gunicorn(app, gunicorn_options(app, settings, workers)).run()
        return "gunicorn"
    from waitress import create_server

    logging.basicConfig()  # as waitress.serve does: its errors reach the console
    server = create_server(app, host=settings.host, port=settings.port, threads=settings.threads)
    warm(app)  # the socket listens already: early visitors wait instead of being refused
    server.run()
    return "waitress"


def gunicorn_options(app: Flask, settings: Settings, workers: int) -> dict:
    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": settings.threads,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        # In each worker, after the fork (the model must not run before it) and before it
        # accepts visitors.
        "post_worker_init": lambda worker: warm_beating(app, worker),
    }


#: How often a warming worker tells gunicorn's arbiter that it lives.
HEARTBEAT_SECONDS = 1.0


def warm_beating(app: Flask, worker) -> None:
    """``warm``, telling the arbiter meanwhile that the worker lives: it kills a worker
    silent for its timeout (30 s), and would start it again, without end, if preparing the
    index took longer (measured on two cores: 2 s at 10,000 and 100,000 solutions, plus about
    2 s for the vectors' 8-bit copy at 100,000; a loaded or slower machine takes longer)."""
    done = threading.Event()

    def beat() -> None:
        while not done.wait(HEARTBEAT_SECONDS):
            worker.notify()

    threading.Thread(target=beat, name="solsearch-heartbeat", daemon=True).start()
    try:
        warm(app)
    finally:
        done.set()


def _gunicorn_base():
    from gunicorn.app.base import BaseApplication

    return BaseApplication


class _Gunicorn(_gunicorn_base() if os.name == "posix" else object):
    """gunicorn driven from Python, with our settings instead of its command line."""

    def __init__(self, app: Flask, options: dict):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application
