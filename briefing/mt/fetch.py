"""HTTP(S) GET with an overall deadline, for the package index and the downloads.

A socket timeout bounds each read, not the whole transfer: a server that trickles a byte
a second, or never finishes its headers, would hold ``model install`` for hours. Here a
timer shuts down every connection a request opened once its deadline has passed, which
ends any read waiting on it; the caller then says which URL was too slow.
"""

from __future__ import annotations

import http.client
import os
import socket
import ssl
import threading
import urllib.error
import urllib.request
from types import TracebackType
from typing import Any

from briefing.errors import ModelError

TIMEOUT = 8.0  # seconds per connection attempt and per read
INDEX_DEADLINE = 60.0  # seconds for the whole index
DOWNLOAD_DEADLINE = 3600.0  # seconds for one package (NLLB is 1.4 GB)
DEADLINE_ENV = "BRIEFING_DOWNLOAD_DEADLINE"  # seconds; overrides both (tests, slow links)


def deadline_seconds(default: float) -> float:
    """``default``, or what ``$BRIEFING_DOWNLOAD_DEADLINE`` says when it is a number > 0."""
    try:
        given = float(os.environ.get(DEADLINE_ENV, ""))
    except ValueError:
        return default
    return given if given > 0 else default


class Deadline:
    """Shuts down the connections it watches ``seconds`` after it is entered."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
        if self.expired:
            self._expire()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                try:  # the plain socket's shutdown, under TLS too: it wakes a blocked read
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                except OSError:
                    pass


class _WatchedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, deadline: Deadline | None = None, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self.deadline = deadline

    def connect(self) -> None:
        super().connect()
        if self.deadline is not None:
            self.deadline.watch(self.sock)


class _WatchedHTTPS(_WatchedHTTP, http.client.HTTPSConnection):
    """The same over TLS: ``super()`` is HTTPSConnection's, which wraps the socket."""


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_WatchedHTTP, req, deadline=self.deadline)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline) -> None:
        self.context = ssl.create_default_context()
        super().__init__(context=self.context)
        self.deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_WatchedHTTPS, req, context=self.context, deadline=self.deadline)


def failure(url: str, exc: BaseException, deadline: Deadline, hint: str) -> ModelError:
    """The one-line error for ``exc`` raised while fetching ``url``."""
    if deadline.expired:
        return ModelError(
            f"{url}: not done within {deadline.seconds:g} s (the server is too slow); "
            f"try again later, or {hint}"
        )
    if isinstance(exc, urllib.error.HTTPError):
        return ModelError(f"{url}: the server answered {exc.code} {exc.reason}")
    if isinstance(exc, http.client.HTTPException):
        return ModelError(
            f"{url}: the server does not answer as an HTTP server does "
            f"({type(exc).__name__}); check the address, or {hint}"
        )
    reason = getattr(exc, "reason", None) or exc
    return ModelError(f"no connection to {url} ({reason}); {hint}")


FETCH_ERRORS = (urllib.error.URLError, http.client.HTTPException, OSError, ValueError)


def open_url(url: str, deadline: Deadline, hint: str) -> Any:
    """The response to a GET of ``url``, its connections watched by ``deadline``."""
    if not url.startswith(("https://", "http://")):
        raise ModelError(f"{url}: only http(s) downloads are supported")
    opener = urllib.request.build_opener(_HTTPHandler(deadline), _HTTPSHandler(deadline))
    try:
        return opener.open(url, timeout=TIMEOUT)
    except FETCH_ERRORS as exc:
        raise failure(url, exc, deadline, hint) from None
