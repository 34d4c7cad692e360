"""Production serving: one worker process per core with gunicorn where it runs (POSIX),
waitress in one process elsewhere or when asked for a single worker.

Searching is CPU-bound, and threads share one interpreter lock, so only processes use more
than one core. The app opens no index before it serves, so forked workers each open
their own searcher, and load the model, in the background as soon as they start (``warm``).
"""

from __future__ import annotations

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


def warm(app: Flask) -> threading.Thread:
    """Compile the pages' templates, open the index, build its derived tables and run the
    model, in the background, so that the first visitors of a new worker process do not
    wait for them (measured: a worker's first page with an unknown word took 0.43 s when
    warming only opened the index and loaded the model, 0.11 s now)."""

    def run() -> None:
        # The template folder also holds the static files, which are no templates.
        for name in app.jinja_env.list_templates(extensions=("html", "xml")):
            app.jinja_env.get_template(name)
        try:
            app.extensions["solsearch.service"].prepare()
        except IndexUnavailable:  # each request says so to its visitor
            pass

    thread = threading.Thread(target=run, name="solsearch-warm", daemon=True)
    thread.start()
    return thread


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
        _Gunicorn(
            app,
            {
                "bind": f"{settings.host}:{settings.port}",
                "workers": workers,
                "worker_class": "gthread",
                "threads": settings.threads,
                "accesslog": None,
                "errorlog": "-",
                "loglevel": "warning",
                # In each worker, after the fork: the model must not run before it.
                "post_worker_init": lambda worker: warm(app),
            },
        ).run()
        return "gunicorn"
    from waitress import serve as waitress_serve

    warm(app)
    waitress_serve(app, host=settings.host, port=settings.port, threads=settings.threads)
    return "waitress"


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
