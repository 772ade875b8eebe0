"""What a team shares beyond LibreTranslate's API: briefings, the glossary, the approved
memory. The same library functions the CLI calls, under the same locks, so the CLI and
the server can work on one workspace at once. Blocking work runs in a thread."""

from __future__ import annotations

import asyncio
import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from briefing import api, glossary_api, review_api
from briefing.choices import GlossaryFormat, Kind, OutputFormat
from briefing.server.guard import ApiError
from briefing.server.state import ERRORS, Server, server_of

router = APIRouter()
_MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "tbx": "application/x-tbx+xml",
}
ApiKey = Annotated[str | None, Form(description="API key, when the server has keys")]
LIST_LIMIT = 500  # entries a listing returns unless asked: the page stays fast at 100,000
LIST_MAX = 10_000  # the whole glossary is /glossary/export


class Entry(BaseModel):
    arabic: str = Field(min_length=1, max_length=200)
    english: str = Field(min_length=1, max_length=200)
    kind: Kind
    variants: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default=[], max_length=50
    )
    note: str = Field(default="", max_length=1000)


class NewEntry(Entry):
    replace: bool = False
    api_key: str | None = None


class Entries(BaseModel):
    total: int = Field(description="How many entries match; at most `limit` are listed")
    entries: list[Entry]


class Outcome(BaseModel):
    outcome: str


class Removed(BaseModel):
    removed: list[dict[str, str]]


class ImportReport(BaseModel):
    added: int
    updated: int
    unchanged: int
    skipped: list[str]


class ReviewReport(BaseModel):
    approved: int
    unchanged: int
    skipped: list[str]
    notes: list[str]


def _glossary(server: Server) -> Path:
    path = server.config.settings.glossary_path
    if path is None:
        raise ApiError(400, "this server runs without a glossary (--no-glossary)")
    return path


def _safe_name(name: str | None, default: str) -> str:
    cleaned = re.sub(r"[^\w.-]", "_", name or "").strip("._")[-100:]
    return cleaned or default


async def _save(upload: UploadFile, folder: Path, default: str, prefix: str = "") -> Path:
    path = folder / (prefix + _safe_name(upload.filename, default))
    path.write_bytes(await upload.read())
    return path


@router.get("/glossary", tags=["glossary"], response_model=Entries, responses=ERRORS)
async def glossary_list(
    request: Request,
    search: Annotated[str | None, Query(max_length=200)] = None,
    kind: Kind | None = None,
    limit: Annotated[
        int, Query(ge=1, le=LIST_MAX, description="At most this many entries")
    ] = LIST_LIMIT,
    offset: Annotated[int, Query(ge=0, le=2**31, description="Skip this many (the next page)")] = 0,
) -> dict[str, Any]:
    """Entries of the glossary, sorted: ``total`` match, ``limit`` are listed."""
    server = server_of(request)
    server.check(request)
    path = _glossary(server)
    return await asyncio.to_thread(
        glossary_api.glossary_page,
        path,
        kind.value if kind else None,
        search,
        limit=limit,
        offset=offset,
    )


@router.post("/glossary", tags=["glossary"], response_model=Outcome, responses=ERRORS)
async def glossary_add(request: Request, entry: NewEntry) -> dict[str, str]:
    server = server_of(request)
    server.check(request, entry.api_key, write=True)
    outcome = await asyncio.to_thread(
        glossary_api.glossary_add,
        _glossary(server),
        entry.arabic,
        entry.english,
        entry.kind.value,
        entry.variants,
        entry.note,
        replace=entry.replace,
    )
    return {"outcome": outcome}


@router.delete("/glossary/{arabic}", tags=["glossary"], response_model=Removed, responses=ERRORS)
async def glossary_remove(request: Request, arabic: str) -> dict[str, Any]:
    server = server_of(request)
    server.check(request, write=True)
    removed = await asyncio.to_thread(glossary_api.glossary_remove, _glossary(server), arabic)
    return {"removed": removed}


@router.post("/glossary/import", tags=["glossary"], response_model=ImportReport, responses=ERRORS)
async def glossary_import(
    request: Request,
    file: Annotated[UploadFile, File(description="A CSV, TSV or TBX file")],
    replace: Annotated[bool, Form()] = False,
    api_key: ApiKey = None,
) -> dict[str, Any]:
    server = server_of(request)
    server.check(request, api_key, write=True)
    with tempfile.TemporaryDirectory(prefix="briefing-upload-") as folder:
        source = await _save(file, Path(folder), "glossary.csv")
        return await asyncio.to_thread(
            glossary_api.glossary_import, _glossary(server), source, replace=replace
        )


@router.get(
    "/glossary/export",
    tags=["glossary"],
    response_class=Response,
    responses={200: {"content": {_MEDIA[f].split(";")[0]: {} for f in GlossaryFormat}}, **ERRORS},
)
async def glossary_export(
    request: Request, format: GlossaryFormat = GlossaryFormat.csv
) -> Response:
    server = server_of(request)
    server.check(request)
    text = await asyncio.to_thread(glossary_api.glossary_export, _glossary(server), format.value)
    return Response(text, media_type=_MEDIA[format.value])


@router.post("/review/import", tags=["memory"], response_model=ReviewReport, responses=ERRORS)
async def review_import(
    request: Request,
    file: Annotated[UploadFile, File(description="A reviewed briefing .docx or an XLIFF file")],
    api_key: ApiKey = None,
) -> dict[str, Any]:
    server = server_of(request)
    server.check(request, api_key, write=True)
    with tempfile.TemporaryDirectory(prefix="briefing-upload-") as folder:
        path = await _save(file, Path(folder), "review.docx")
        memory = server.config.settings.cache_path
        report = await asyncio.to_thread(review_api.import_review, path, memory_path=memory)
    return {
        "approved": report.approved,
        "unchanged": report.unchanged,
        "skipped": report.skipped,
        "notes": report.notes,
    }


@router.get(
    "/memory/export",
    tags=["memory"],
    response_class=Response,
    responses={200: {"content": {"application/x-tmx+xml": {}}}, **ERRORS},
)
async def memory_export(request: Request) -> Response:
    server = server_of(request)
    server.check(request)
    with tempfile.TemporaryDirectory(prefix="briefing-tmx-") as folder:
        output = Path(folder) / "memory.tmx"
        memory = server.config.settings.cache_path
        await asyncio.to_thread(review_api.export_memory, output, memory_path=memory)
        data = output.read_bytes()
    return Response(
        data,
        media_type="application/x-tmx+xml",
        headers={"Content-Disposition": 'attachment; filename="memory.tmx"'},
    )


@router.post(
    "/briefing",
    tags=["briefing"],
    response_class=Response,
    responses={200: {"content": {_MEDIA[f].split(";")[0]: {} for f in OutputFormat}}, **ERRORS},
)
async def briefing(
    request: Request,
    files: Annotated[list[UploadFile] | None, File(description="Article files")] = None,
    text: Annotated[str, Form(description="Pasted articles")] = "",
    format: Annotated[OutputFormat, Form()] = OutputFormat.docx,
    title: Annotated[str, Form(max_length=200)] = "",
    api_key: ApiKey = None,
) -> Response:
    """Articles in (uploaded files, pasted text, or both), a briefing out."""
    server = server_of(request)
    server.check(request, api_key)
    with tempfile.TemporaryDirectory(prefix="briefing-upload-") as folder:
        paths = [
            await _save(f, Path(folder), "article.txt", prefix=f"{n}-")
            for n, f in enumerate(files or [])
        ]
        if text.strip():
            pasted = Path(folder) / "pasted.txt"
            pasted.write_text(text, encoding="utf-8")
            paths.append(pasted)
        if not paths:
            raise ApiError(400, "Invalid request: paste an article or upload a file")
        limit = server.config.max_body_bytes
        articles, _ = await asyncio.to_thread(api.read_inputs, paths, max_bytes=limit)
        # as ``build``: an article in Persian or English is left out and listed on the cover
        articles, left_out, _ = await asyncio.to_thread(api.briefing_articles, articles)
        chars = sum(len(p.text) for a in articles for p in a.paragraphs)
        if chars > server.config.file_char_limit:
            raise ApiError(
                400,
                f"Invalid request: {chars} characters of articles; at most "
                f"{server.config.file_char_limit} per briefing",
            )
        result = await server.translate(articles)
        result.left_out = left_out
        output = Path(folder) / f"briefing.{format.value}"
        build = api.BuildRequest(inputs=paths, output=output, title=title.strip() or None)
        data = await asyncio.to_thread(api.render_briefing, result, build)
    return Response(
        data,
        media_type=_MEDIA[format.value],
        headers={"Content-Disposition": f'attachment; filename="briefing.{format.value}"'},
    )
