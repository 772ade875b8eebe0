"""Start the server: uvicorn on one process, so one engine and one batcher."""

from __future__ import annotations

from briefing.server.app import create_app
from briefing.server.state import ServerConfig


def serve(config: ServerConfig, host: str, port: int, *, quiet: bool = False) -> None:
    import uvicorn

    uvicorn.run(
        create_app(config),
        host=host,
        port=port,
        workers=1,  # one engine per process: batching needs every request in one process
        log_level="warning" if quiet else "info",
        timeout_graceful_shutdown=int(config.timeout) + 5,
    )
