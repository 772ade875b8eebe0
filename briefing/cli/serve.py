"""``serve``: the LibreTranslate-compatible server (the optional ``briefing[serve]`` extra)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Annotated

import typer

from briefing.choices import Device
from briefing.cli.app import State, app, err, handled, out, warn
from briefing.cli.glossary import GlossaryPathOpt
from briefing.cli.options import (
    BeamOpt,
    DeviceOpt,
    ModelOpt,
    NoCacheOpt,
    NoGlossaryOpt,
    ThreadsOpt,
    settings_from,
)

SERVER_MODULES = ("fastapi", "uvicorn", "multipart")
INSTALL_HINT = "pip install 'briefing[serve]'"


def _require_extra() -> None:
    from briefing.errors import UsageError

    missing = [name for name in SERVER_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageError(
            f"briefing serve needs the server extra ({', '.join(missing)} missing); "
            f"install it with: {INSTALL_HINT}"
        )


def _add_key(keys: Path | None, name: str) -> None:
    from briefing.errors import UsageError
    from briefing.files import write_text_atomic

    if keys is None:
        raise UsageError("--new-key adds a key to a key file: give --api-keys FILE too")
    from briefing.server.guard import new_key_line

    key, line = new_key_line(name)
    before = keys.read_text(encoding="utf-8") if keys.exists() else ""
    write_text_atomic(keys, before + ("" if before.endswith("\n") or not before else "\n") + line)
    out(key + "\n")
    if not State.quiet:
        err.print(f"added key '{name}' to {keys} (only its hash is stored: keep the key now)")


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; 0.0.0.0 opens it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 5000,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            help="Workspace folder (from `briefing init`): its glossary and templates.",
        ),
    ] = None,
    api_keys: Annotated[
        Path | None,
        typer.Option(
            "--api-keys", help="File of hashed API keys: with it, every request needs a key."
        ),
    ] = None,
    new_key: Annotated[
        str | None,
        typer.Option(
            "--new-key", help="Add a key with this name to --api-keys, print it, and exit."
        ),
    ] = None,
    char_limit: Annotated[
        int, typer.Option("--char-limit", min=1, help="Characters per text of /translate.")
    ] = 5000,
    rate_limit: Annotated[
        int,
        typer.Option(
            "--rate-limit", min=0, help="Requests per minute per key or address; 0: none."
        ),
    ] = 600,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1, help="Seconds a translation may take.")
    ] = 120.0,
    max_upload: Annotated[
        int, typer.Option("--max-upload-size", min=1, help="Largest request, in megabytes.")
    ] = 10,
    batch_window: Annotated[
        float,
        typer.Option(
            "--batch-window",
            min=0,
            help="Milliseconds to wait for more requests to batch, under load (at least).",
        ),
    ] = 5.0,
    max_batch_tokens: Annotated[
        int, typer.Option("--max-batch-tokens", min=1, help="Words per batch of requests, at most.")
    ] = 4096,
    model: ModelOpt = None,
    beam_size: BeamOpt = None,
    device: DeviceOpt = Device.cpu,
    threads: ThreadsOpt = 0,
    no_cache: NoCacheOpt = False,
    glossary: GlossaryPathOpt = None,
    no_glossary: NoGlossaryOpt = False,
) -> None:
    """Serve LibreTranslate's API, briefings and the team glossary: [bold]briefing serve
    --port 5000[/] then open http://127.0.0.1:5000/"""
    with handled():
        if new_key is not None:
            _add_key(api_keys, new_key)
            return
        _require_extra()
        from dataclasses import replace

        from briefing.server.guard import is_loopback
        from briefing.server.run import build, served_model
        from briefing.server.run import serve as run
        from briefing.server.state import MB, ServerConfig
        from briefing.workspace import glossary_label, glossary_to_edit

        if workspace is not None:
            if not workspace.is_dir():
                from briefing.errors import UsageError

                raise UsageError(
                    f"--workspace {workspace}: no such folder; make one with 'briefing init'"
                )
            api_keys = api_keys.resolve() if api_keys is not None else None
            glossary = glossary.resolve() if glossary is not None else None
            os.chdir(workspace)  # its glossary and templates, as the CLI run there finds them
        settings = settings_from(model, beam_size, device, threads, no_cache, None, True)
        if not no_glossary:  # reads and edits go to one glossary, never the packaged one
            path = glossary_to_edit(glossary)  # named in outputs as build names it
            label = glossary_label(path, glossary is not None)
            settings = replace(settings, glossary_path=path, glossary_label=label)
        config = ServerConfig(
            settings=settings,
            api_keys=api_keys,
            char_limit=char_limit,
            rate_limit=rate_limit,
            timeout=timeout,
            max_body_bytes=max_upload * MB,
            batch_window=batch_window / 1000,
            max_batch_tokens=max_batch_tokens,
        )
        application = build(config)
        served = served_model(application)
        if served.demo:  # as translate and build say it: every client gets its nonsense
            warn(f"'{served.id}' is a demo model: real news needs the real model")
        if api_keys is None and not is_loopback(host):
            warn(
                f"{host} is open to the network without API keys: anyone there may translate; "
                "glossary and memory edits are taken from this machine only"
            )
        if not State.quiet:
            where = settings.glossary_path or "none"
            err.print(f"serving on http://{host}:{port}/ (glossary: {where})")
        run(application, config, host, port, quiet=State.quiet)
