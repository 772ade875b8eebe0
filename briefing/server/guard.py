"""API keys, rate limits and the errors a client gets, in LibreTranslate's shape.

The key file holds one ``sha256:<hex> name`` line per key, never the key itself: a key is
32 random bytes, so a fast hash cannot be reversed by guessing, and a stolen file gives
no access. With a key file every endpoint but the page, the schema and the language list
needs a key; without one, reads are open and writes (glossary edits, review imports) are
taken from this machine only.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import time
from collections import deque
from pathlib import Path

from briefing.errors import UsageError

KEY_PREFIX = "sha256:"


class ApiError(Exception):
    """An answer other than 200: ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def hash_key(key: str) -> str:
    return KEY_PREFIX + hashlib.sha256(key.encode()).hexdigest()


def new_key_line(name: str) -> tuple[str, str]:
    """A new key and its line for the key file (the key is shown once, never stored)."""
    if not name or any(c.isspace() for c in name):
        raise UsageError(f"--new-key '{name}': a key's name is one word, e.g. alice")
    key = secrets.token_urlsafe(32)
    return key, f"{hash_key(key)} {name}\n"


def load_keys(path: Path) -> dict[str, str]:
    """hash -> name, from a key file; UsageError naming the line that is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(
            f"{path}: cannot read the API key file ({error.strerror}); "
            "make one with 'briefing serve --api-keys FILE --new-key NAME'"
        ) from None
    keys: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        digest = fields[0]
        if not digest.startswith(KEY_PREFIX) or len(digest) != len(KEY_PREFIX) + 64:
            raise UsageError(
                f"{path}:{number}: not a hashed key ('sha256:<64 hex digits> name'); "
                "add keys with 'briefing serve --api-keys FILE --new-key NAME'"
            )
        keys[digest] = fields[1] if len(fields) > 1 else f"key {number}"
    return keys


def is_loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class Guard:
    """Who may do what, and how often."""

    def __init__(self, keys: dict[str, str] | None, per_minute: int) -> None:
        self.keys = keys
        self.per_minute = per_minute
        self._seen: dict[str, deque[float]] = {}

    @property
    def keys_required(self) -> bool:
        return self.keys is not None

    def check(self, key: str | None, client: str | None, *, write: bool = False) -> str:
        """The caller's identity (key name, or address), or ApiError 403/429."""
        identity = self._identity(key, client, write)
        self._limit(identity)
        return identity

    def _identity(self, key: str | None, client: str | None, write: bool) -> str:
        if self.keys is None:
            if write and not is_loopback(client):
                raise ApiError(
                    403,
                    "Writes are taken from this machine only; start the server with "
                    "--api-keys to allow them from others",
                )
            return f"address {client}"
        if not key:
            raise ApiError(403, "Invalid API key: this server needs one (api_key)")
        digest = hash_key(key)
        for known, name in self.keys.items():
            if hmac.compare_digest(known, digest):
                return f"key {name}"
        raise ApiError(403, "Invalid API key")

    def _limit(self, identity: str) -> None:
        if self.per_minute <= 0:
            return
        now = time.monotonic()
        seen = self._seen.setdefault(identity, deque())
        while seen and seen[0] <= now - 60:
            seen.popleft()
        if len(seen) >= self.per_minute:
            raise ApiError(
                429, f"Slowdown: {self.per_minute} per 1 minute; wait a moment and try again"
            )
        seen.append(now)
