"""The server's one engine, batcher, guard and settings, shared by every route."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from pydantic import BaseModel

from briefing.api import RunResult, Settings
from briefing.document import Article
from briefing.server.batcher import Batcher, Translator
from briefing.server.guard import ApiError, Guard, load_keys

MB = 1024 * 1024
FILES_KEPT = 3600.0  # seconds a translated file waits for its download


@dataclass(frozen=True)
class ServerConfig:
    # The model, the memory, and the glossary every translation enforces and every edit
    # changes (None: --no-glossary; edits are refused). Templates: the working folder's.
    settings: Settings
    api_keys: Path | None = None
    char_limit: int = 5000  # per text of /translate, as LibreTranslate's --char-limit
    file_char_limit: int = 200_000  # per file of /translate_file and /briefing
    batch_limit: int = 64  # texts per /translate request
    max_body_bytes: int = 10 * MB
    rate_limit: int = 600  # requests per minute per key (or address); 0: none
    timeout: float = 120.0  # seconds a translation may wait and run
    batch_window: float = 0.005  # seconds the batcher waits for more requests
    max_batch_tokens: int = 4096  # tokens (words and marks) per batch, at most


class Error(BaseModel):
    error: str


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Error, "description": what}
    for code, what in (
        (400, "Invalid request"),
        (403, "Missing or invalid API key, or a write from elsewhere without keys"),
        (413, "Request too large"),
        (429, "Too many requests"),
        (503, "The translation took too long"),
    )
}


class Server:
    def __init__(self, config: ServerConfig, translator: Translator | None = None) -> None:
        self.config = config
        self.translator = translator
        keys = load_keys(config.api_keys) if config.api_keys is not None else None
        self.guard = Guard(keys, config.rate_limit)
        self.files = Path(tempfile.mkdtemp(prefix="briefing-serve-"))
        self.batcher: Batcher | None = None

    async def start(self) -> None:
        """Start the batcher, with the engine loaded before (``serve`` loads it first, so
        a missing model is one line, not a failed startup) or now, in a thread."""
        if self.translator is None:
            self.translator = await asyncio.to_thread(Translator, self.config.settings)
        self.batcher = Batcher(
            self.translator,
            window=self.config.batch_window,
            max_tokens=self.config.max_batch_tokens,
        )
        self.batcher.start()

    async def stop(self) -> None:
        if self.batcher is not None:
            await self.batcher.stop()
        shutil.rmtree(self.files, ignore_errors=True)

    def forget_old_files(self, keep: float = FILES_KEPT) -> None:
        """Translated files are downloaded soon after; older ones go (at most an hour)."""
        cutoff = time.time() - keep
        for path in self.files.iterdir():
            with contextlib.suppress(OSError):  # a download may be reading it; next time
                if path.stat().st_mtime < cutoff:
                    path.unlink()

    def check(self, request: Request, key: Any = None, *, write: bool = False) -> str:
        """The caller's identity, or ApiError 403/429; the key from the body (``key``),
        the ``api_key`` query parameter, or an ``Authorization: Bearer`` header."""
        if not isinstance(key, str) or not key:
            key = request.query_params.get("api_key") or None
        bearer = request.headers.get("authorization", "")
        if key is None and bearer.lower().startswith("bearer "):
            key = bearer[7:].strip() or None
        client = request.client.host if request.client else None
        return self.guard.check(key, client, write=write)

    async def translate(self, articles: list[Article]) -> RunResult:
        assert self.batcher is not None, "the server translates once started"
        try:
            return await asyncio.wait_for(self.batcher.translate(articles), self.config.timeout)
        except TimeoutError:
            raise ApiError(
                503,
                f"the translation took more than {self.config.timeout:g} s; send less text "
                "or try again later",
            ) from None


def server_of(request: Request) -> Server:
    server: Server = request.app.state.server
    return server
