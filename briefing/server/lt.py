"""LibreTranslate's API as its clients call it (LibreTranslate 1.9's ``app.py``):
``/translate``, ``/detect``, ``/languages``, ``/translate_file`` with ``/download_file``,
``/frontend/settings`` and ``/health``; JSON or form bodies, ``{"error": ...}`` answers.

Arabic to English only, with the glossary always enforced. What LibreTranslate lacks
rides in an extra ``briefing`` field its clients ignore: each text's glossary terms, QA
flags and whether the approved memory gave its English.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel

from briefing.api import MODEL_LANGUAGES, decode_text, refuse_other_languages, screen_languages
from briefing.document import APPROVED, Article, Paragraph, TranslatedArticle
from briefing.render.context import DEMO_NOTICE
from briefing.server.detect import detect
from briefing.server.guard import ApiError
from briefing.server.state import ERRORS, Error, server_of
from briefing.server.texts import FILE_SUFFIXES, Layout, file_layout, text_layout
from briefing.text.language import is_foreign_paragraph

router = APIRouter(tags=["translate"])
LANGUAGES = {"ar": "Arabic", "en": "English"}
_TAG = re.compile(r"<[^>]*>")  # markup is no language: detection reads the text between
_FILE_NAME = re.compile(r"^[0-9a-f]{32}\.[\w.-]{1,200}$")


class Detection(BaseModel):
    confidence: float
    language: str


class Translation(BaseModel):
    translatedText: str | list[str]
    detectedLanguage: Detection | list[Detection] | None = None
    alternatives: list[str] | list[list[str]] | None = None
    briefing: dict[str, Any] | list[dict[str, Any]]


class Language(BaseModel):
    code: str
    name: str
    targets: list[str]


class FileTranslation(BaseModel):
    translatedFileUrl: str


def _text_body(schema: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI request body taken as JSON or as a form, as LibreTranslate takes it."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": schema},
                "application/x-www-form-urlencoded": {"schema": schema},
            },
        }
    }


_Q = {
    "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
    "description": "Text to translate, or a list of texts",
}
_TRANSLATE_SCHEMA = {
    "type": "object",
    "required": ["q", "source", "target"],
    "properties": {
        "q": _Q,
        "source": {"type": "string", "enum": ["ar", "auto"]},
        "target": {"type": "string", "enum": ["en"]},
        "format": {"type": "string", "enum": ["text", "html"], "default": "text"},
        "alternatives": {"type": "integer", "minimum": 0, "default": 0},
        "api_key": {"type": "string"},
    },
}
_DETECT_SCHEMA = {
    "type": "object",
    "required": ["q"],
    "properties": {"q": {"type": "string"}, "api_key": {"type": "string"}},
}


async def fields(request: Request) -> dict[str, Any]:
    """The body's fields, JSON or form (a field given twice is a list)."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = json.loads(await request.body())
        except ValueError:
            raise ApiError(400, "Invalid JSON format") from None
        if not isinstance(data, dict):
            raise ApiError(400, "Invalid JSON format")
        return data
    form = await request.form()
    return {
        name: values[0] if len(values) == 1 else values
        for name in form
        if (values := form.getlist(name))
    }


def _texts(data: dict[str, Any], limit: int, batch_limit: int) -> list[str]:
    q = data.get("q")
    if q is None or q == "" or q == []:
        raise ApiError(400, "Invalid request: missing q parameter")
    texts = q if isinstance(q, list) else [q]
    if not all(isinstance(t, str) for t in texts):
        raise ApiError(400, "Invalid request: q must be a text or a list of texts")
    if len(texts) > batch_limit:
        raise ApiError(
            400,
            f"Invalid request: request ({len(texts)}) exceeds text limit ({batch_limit})",
        )
    for text in texts:
        if len(text) > limit:
            raise ApiError(
                400, f"Invalid request: request ({len(text)}) exceeds text limit ({limit})"
            )
        check_unicode(text, "q")
    return texts


def check_unicode(text: str, name: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ApiError(400, f"Invalid request: {name} is not valid Unicode text") from None


def _language(data: dict[str, Any], name: str, allowed: tuple[str, ...]) -> str:
    value = data.get(name)
    if not value:
        raise ApiError(400, f"Invalid request: missing {name} parameter")
    if value not in allowed:
        raise ApiError(400, f"{value} is not supported")
    return str(value)


def _not_arabic(texts: list[str], single: bool) -> dict[int, str]:
    """Why each text in Arabic script that is not Arabic (Persian, Urdu) is not, by its
    index: ``translate``'s screening, each text an article named as the request names it.
    A text mostly in another script (English with an Arabic line) goes to the pipeline,
    which keeps each paragraph in another script as it is, flagged, and translates the rest."""
    articles = [
        Article("", [Paragraph(text)], path="q" if single else f"q[{index}]")
        for index, text in enumerate(texts)
    ]
    index_of = {id(article): index for index, article in enumerate(articles)}
    found = {index_of[id(article)]: why for article, why in screen_languages(articles)[1]}
    return {index: why for index, why in found.items() if not is_foreign_paragraph(texts[index])}


def _extra(done: TranslatedArticle) -> dict[str, Any]:
    """What clients ignore and a team reads: glossary terms, QA flags, approved or not."""
    paragraphs = done.paragraphs
    return {
        "terms": [
            {"source": t.source, "english": t.english, "kind": t.kind}
            for p in paragraphs
            for t in p.terms
        ],
        "flags": [f.to_dict() for p in paragraphs for f in p.flags],
        "approved": bool(paragraphs) and all(p.origin == APPROVED for p in paragraphs),
    }


async def translate_layouts(request: Request, layouts: list[Layout]) -> list[TranslatedArticle]:
    server = server_of(request)
    result = await server.translate([layout.article for layout in layouts])
    return result.articles


async def translate_file_layout(request: Request, layout: Layout) -> str | bytes:
    """The file's English; a demo model's says so first (a DOCX on every page), as every
    output of ``build`` and ``translate`` does."""
    result = await server_of(request).translate([layout.article])
    if result.model.demo:
        layout.sign(DEMO_NOTICE)
    return layout.render(result.articles[0])


@router.post(
    "/translate",
    summary="Translate Text",
    response_model=Translation,
    response_model_exclude_none=True,
    responses=ERRORS,
    openapi_extra=_text_body(_TRANSLATE_SCHEMA),
)
async def translate(request: Request) -> dict[str, Any]:
    server = server_of(request)
    data = await fields(request)
    server.check(request, data.get("api_key"))
    texts = _texts(data, server.config.char_limit, server.config.batch_limit)
    source = _language(data, "source", ("ar", "auto"))
    _language(data, "target", ("en",))
    text_format = data.get("format") or "text"
    if text_format not in ("text", "html"):
        raise ApiError(400, f"{text_format} format is not supported")
    try:
        alternatives = max(0, int(data.get("alternatives") or 0))
    except (TypeError, ValueError):
        raise ApiError(400, "Invalid request: alternatives parameter is not a number") from None
    visible = [_TAG.sub(" ", t) if text_format == "html" else t for t in texts]
    detected = [detect(text)[0] for text in visible]
    single = not isinstance(data["q"], list)
    others = await asyncio.to_thread(_not_arabic, visible, single)
    # A text in no Arabic comes back as it is: with source=auto as detected, with source=ar
    # as ``translate`` screens it (Persian is never sent to the model), flagged
    todo = [
        i
        for i, (lang, _) in enumerate(detected)
        if i not in others and (source == "ar" or lang == "ar")
    ]
    layouts = [text_layout(texts[i], text_format) for i in todo]
    done = await translate_layouts(request, layouts)
    english = list(texts)
    extras: list[dict[str, Any]] = [{"terms": [], "flags": [], "approved": False} for _ in texts]
    if source == "ar":
        for index, reason in others.items():
            kept = f"{reason}: kept as it is, not translated ({MODEL_LANGUAGES})"
            extras[index]["flags"] = [{"code": "foreign", "message": kept}]
    for index, layout, article in zip(todo, layouts, done, strict=True):
        english[index] = str(layout.render(article))
        extras[index] = _extra(article)
    result: dict[str, Any] = {
        "translatedText": english[0] if single else english,
        "briefing": extras[0] if single else extras,
    }
    if source == "auto":
        found = [{"confidence": conf, "language": lang} for lang, conf in detected]
        result["detectedLanguage"] = found[0] if single else found
    if alternatives:
        result["alternatives"] = [] if single else [[] for _ in texts]
    return result


@router.post(
    "/detect",
    summary="Detect Language of Text",
    response_model=list[Detection],
    responses=ERRORS,
    openapi_extra=_text_body(_DETECT_SCHEMA),
)
async def detect_language(request: Request) -> list[dict[str, Any]]:
    server = server_of(request)
    data = await fields(request)
    server.check(request, data.get("api_key"))
    q = data.get("q")
    if not q:
        raise ApiError(400, "Invalid request: missing q parameter")
    if not isinstance(q, str):
        raise ApiError(400, "Invalid request: q must be a text")
    if len(q) > server.config.char_limit:
        raise ApiError(
            400,
            f"Invalid request: request ({len(q)}) exceeds text limit ({server.config.char_limit})",
        )
    return [{"confidence": conf, "language": lang} for lang, conf in detect(q)]


@router.get("/languages", summary="Get Supported Languages", response_model=list[Language])
async def languages() -> list[dict[str, Any]]:
    return [
        {"code": "ar", "name": LANGUAGES["ar"], "targets": ["en"]},
        {"code": "en", "name": LANGUAGES["en"], "targets": []},
    ]


@router.get("/health", summary="Health Check")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/frontend/settings", summary="Retrieve Frontend Settings")
async def frontend_settings(request: Request) -> dict[str, Any]:
    server = server_of(request)
    return {
        "charLimit": server.config.char_limit,
        "frontendTimeout": int(server.config.timeout * 1000),
        "apiKeys": server.guard.keys_required,
        "keyRequired": server.guard.keys_required,
        "suggestions": False,
        "filesTranslation": True,
        "supportedFilesFormat": list(FILE_SUFFIXES),
        "language": {
            "source": {"code": "ar", "name": LANGUAGES["ar"]},
            "target": {"code": "en", "name": LANGUAGES["en"]},
        },
    }


_FILE_SCHEMA = {
    "type": "object",
    "required": ["file", "source", "target"],
    "properties": {
        "file": {"type": "string", "format": "binary"},
        "source": {"type": "string", "enum": ["ar", "auto"]},
        "target": {"type": "string", "enum": ["en"]},
        "api_key": {"type": "string"},
    },
}


@router.post(
    "/translate_file",
    summary="Translate a File",
    response_model=FileTranslation,
    responses=ERRORS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"multipart/form-data": {"schema": _FILE_SCHEMA}},
        }
    },
)
async def translate_file(request: Request) -> dict[str, str]:
    server = server_of(request)
    form = await request.form()
    key = form.get("api_key")
    server.check(request, key if isinstance(key, str) else None)
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise ApiError(400, "Invalid request: missing file parameter")
    _language(dict(form), "source", ("ar", "auto"))
    _language(dict(form), "target", ("en",))
    name = re.sub(r"[^\w.-]", "_", upload.filename or "")[-200:]
    if not name.strip("._"):
        raise ApiError(400, "Invalid request: empty file")
    if not name.lower().endswith(FILE_SUFFIXES):
        raise ApiError(400, "Invalid request: file format not supported")
    data = await upload.read()
    layout = file_layout(name, data, decode_text)
    layout.article.path = name  # as ``translate``: a file in Persian is refused, named
    await asyncio.to_thread(refuse_other_languages, [layout.article])
    if sum(len(p.text) for p in layout.article.paragraphs) > server.config.file_char_limit:
        raise ApiError(
            400,
            f"Invalid request: {name} has more than {server.config.file_char_limit} characters",
        )
    output = await translate_file_layout(request, layout)
    stored = f"{uuid.uuid4().hex}.{name}"
    server.forget_old_files()
    path = server.files / stored
    if isinstance(output, bytes):
        path.write_bytes(output)
    else:
        path.write_text(output, encoding="utf-8")
    return {"translatedFileUrl": str(request.url_for("download_file", filename=stored))}


@router.get(
    "/download_file/{filename}",
    summary="Download a translated file",
    response_class=FileResponse,
    responses={
        200: {"content": {"application/octet-stream": {}}},
        404: {"model": Error, "description": "No such file"},
        **ERRORS,
    },
)
async def download_file(filename: str, request: Request) -> FileResponse:
    path = server_of(request).files / filename
    if not _FILE_NAME.match(filename) or not path.is_file():
        raise ApiError(404, "No such translated file; translate it again")
    return FileResponse(path, filename=filename.split(".", 1)[1])
