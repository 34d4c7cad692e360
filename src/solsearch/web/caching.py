"""HTTP caching of the JSON API, and compression of what the server sends.

An API answer depends only on the index generation, the request's address (path and query
string; the API reads no body) and the code that shapes it. Its ETag is a hash of those, so
it is known before searching: a revalidation that matches is answered 304 without any
search. The ETag is weak (W/): the same JSON sent gzip, br or plain is the same answer, and
the compression layer leaves weak tags alone (it would suffix a strong one per encoding).

Cache policy: ``public, max-age=60``. The data are public and read-only, and the index
changes only when an editor rebuilds it, so a minute of staleness after a rebuild is
harmless; in exchange a widget retyping the same prefix, or a partner page reloaded, is
served from the browser or a shared cache without a request, and after that minute a
revalidation costs a 304. (``no-cache`` would send every request to the server for a result
that almost never changes.)

Compression is Flask-Compress (brotli, then gzip), for pages, scripts, style sheets, XML and
JSON; bodies under ``COMPRESS_MIN_SIZE`` bytes and answers other than 2xx (304s among them)
are sent as they are. It adds ``Vary: Accept-Encoding`` to every answer, and gives a
compressed static file its own strong ETag ("…:gzip") and conditional answer.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata

from flask import Flask, Response, current_app, make_response, request
from flask_compress import Compress

API_CACHE_CONTROL = "public, max-age=60"
# Bodies smaller than this gain less from compression than its headers and CPU cost.
COMPRESS_MIN_SIZE = 500
# Brotli first (every current browser sends "br"), gzip for every other client.
COMPRESS_ALGORITHMS = ["br", "gzip"]
# Static files are streamed from disk; those up to this size are read whole before
# compression, so that they are compressed like any other body (Flask-Compress's streaming
# path leaves the file open and offers no gzip).
BUFFERED_FILE_SIZE = 1 << 20


@functools.cache
def _code_version() -> str:
    """The installed version, read once: the package metadata takes about a millisecond."""
    try:
        return metadata.version("solsearch")
    except metadata.PackageNotFoundError:
        return "dev"


def api_etag() -> str:
    """The ETag of the current API request: index generation, address and code version."""
    generation, built_at = current_app.extensions["solsearch.service"].generation()
    key = "\n".join(
        [
            str(generation),
            built_at,
            _code_version(),
            request.path,
            request.query_string.decode("latin-1"),
        ]
    )
    return hashlib.blake2b(key.encode("utf-8"), digest_size=12).hexdigest()


def conditional(view):
    """An API view answered with ETag and Cache-Control, and 304 when the client has it."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        etag = api_etag()
        if request.if_none_match.contains_weak(etag):
            response = current_app.response_class(status=304)
        else:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200:
                return response
        response.set_etag(etag, weak=True)
        response.headers["Cache-Control"] = API_CACHE_CONTROL
        return response

    return wrapped


def register(app: Flask) -> None:
    """Compress answers for clients that accept it (Accept-Encoding)."""
    app.config.setdefault("COMPRESS_ALGORITHM", COMPRESS_ALGORITHMS)
    app.config.setdefault("COMPRESS_MIN_SIZE", COMPRESS_MIN_SIZE)
    Compress(app)

    @app.after_request  # registered after Compress: runs before it
    def read_small_files(response: Response) -> Response:
        size = response.content_length
        if response.is_streamed and size is not None and size <= BUFFERED_FILE_SIZE:
            response.direct_passthrough = False
            response.make_sequence()  # closes the file when the answer is closed
        return response
