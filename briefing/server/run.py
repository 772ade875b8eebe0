"""Start the server: uvicorn on one process, so one engine and one batcher."""

from __future__ import annotations

from fastapi import FastAPI

from briefing.mt.packages import InstalledModel
from briefing.server.app import create_app
from briefing.server.batcher import Translator
from briefing.server.state import ServerConfig


def build(config: ServerConfig) -> FastAPI:
    """The application with its engine and glossary loaded now, before uvicorn starts: a
    missing model or a broken glossary is the CLI's one-line error, not a failed startup."""
    return create_app(config, Translator(config.settings))


def served_model(app: FastAPI) -> InstalledModel:
    """The model whose engine ``build`` loaded."""
    model: InstalledModel = app.state.server.translator.engine.model
    return model


def serve(app: FastAPI, config: ServerConfig, host: str, port: int, *, quiet: bool) -> None:
    import uvicorn

    uvicorn.run(
        app,
        host=host,
        port=port,
        workers=1,  # one engine per process: batching needs every request in one process
        log_level="warning" if quiet else "info",
        timeout_graceful_shutdown=int(config.timeout) + 5,
    )
