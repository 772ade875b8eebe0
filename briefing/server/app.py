"""The application: routes, the page at ``/``, limits, and errors as ``{"error": ...}``.

Every refusal is a 4xx with one clear line; anything unforeseen is a 500 whose body says
only that the log has the details (the traceback goes to the log, never to the client).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from briefing import __version__
from briefing.errors import BriefingError
from briefing.server import lt, team
from briefing.server.batcher import Translator
from briefing.server.guard import ApiError
from briefing.server.state import Server, ServerConfig, server_of

log = logging.getLogger("briefing.server")


class BodyLimit:
    """Refuses a request body over ``limit`` bytes with 413, before any route reads it:
    by its Content-Length, or while it streams in when it has none."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await self._refuse(scope, receive, send)
            return
        body: list[Message] = []
        size = 0
        while True:  # buffered, so a body without a length is refused before the route
            message = await receive()
            body.append(message)
            size += len(message.get("body", b""))
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            if message["type"] != "http.request" or not message.get("more_body"):
                break

        async def replay() -> Message:
            return body.pop(0) if body else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        mb = self.limit / 1024 / 1024
        response = JSONResponse(
            {"error": f"Request too large: at most {mb:g} MB; send less text or a smaller file"},
            status_code=413,
        )
        await response(scope, receive, send)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _validation_message(error: RequestValidationError) -> str:
    first: dict[str, Any] = error.errors()[0] if error.errors() else {}
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
    return f"Invalid request: {where or 'body'}: {first.get('msg', 'not understood')}"


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return _error(error.status, error.message)

    @app.exception_handler(BriefingError)
    async def briefing_error(request: Request, error: BriefingError) -> JSONResponse:
        return _error(400, str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        return _error(400, _validation_message(error))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        return _error(error.status_code, str(error.detail))

    @app.exception_handler(Exception)
    async def unforeseen(request: Request, error: Exception) -> JSONResponse:
        log.exception("unforeseen error in %s %s", request.method, request.url.path)
        return _error(500, "internal error; the server's log has the details")


def create_app(config: ServerConfig, translator: Translator | None = None) -> FastAPI:
    server = Server(config, translator)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await server.start()
        try:
            yield
        finally:
            await server.stop()

    app = FastAPI(
        title="briefing",
        version=__version__,
        description="Arabic→English translation with a team glossary and approved memory; "
        "LibreTranslate's API at /translate, /detect, /languages, /translate_file.",
        lifespan=lifespan,
    )
    app.state.server = server
    app.include_router(lt.router)
    app.include_router(team.router)
    _handlers(app)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> str:
        return (resources.files("briefing.server") / "page.html").read_text(encoding="utf-8")

    @app.get("/stats", tags=["server"])
    async def stats(request: Request) -> dict[str, float]:
        """Batches decoded, requests in them, and the mean requests per batch."""
        batcher = server_of(request).batcher
        return batcher.stats.to_dict() if batcher is not None else {}

    app.add_middleware(BodyLimit, limit=config.max_body_bytes)
    app.openapi = lambda: _schema(app)  # type: ignore[method-assign]
    return app


def _schema(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema without its 422 answers: a request it cannot parse is a 400 here,
    as in LibreTranslate."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                operation.get("responses", {}).pop("422", None)
        app.openapi_schema = schema
    return app.openapi_schema
