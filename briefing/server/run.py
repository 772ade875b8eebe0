"""Start the server: uvicorn on one process, so one engine and one batcher."""

from __future__ import annotations

from briefing.server.app import create_app
from briefing.server.state import ServerConfig


# The batch worker thread runs Python (restoring, checks) between CTranslate2 calls; at the
# default 5 ms switch interval the event loop waits up to 5 ms for the GIL after every
# socket call, and under load requests stall before they reach the queue (the convoy
# effect). A short interval hands the GIL back to the loop at once.
SWITCH_INTERVAL = 0.0002


def serve(config: ServerConfig, host: str, port: int, *, quiet: bool = False) -> None:
    import sys

    import uvicorn

    sys.setswitchinterval(SWITCH_INTERVAL)

    uvicorn.run(
        create_app(config),
        host=host,
        port=port,
        workers=1,  # one engine per process: batching needs every request in one process
        log_level="warning" if quiet else "info",
        timeout_graceful_shutdown=int(config.timeout) + 5,
    )
