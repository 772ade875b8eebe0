"""The one JSON document of ``translate --format json`` and ``build -o x.json``.

Both commands write the same envelope, described by ``briefing.schema.json`` (shipped in
the package; ``schema_path()``): what made it (tool, model, glossary), the briefing's
title and date when it is a briefing, the QA counts, and the articles.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from briefing.document import TranslatedArticle
from briefing.qa.checks import summarize
from briefing.render.meta import BriefingMeta
from briefing.text.safety import clean_tree

FORMAT_NAME = "briefing"
FORMAT_VERSION = 1


def schema_path() -> Path:
    """The JSON Schema (draft 2020-12) every JSON output validates against."""
    return Path(str(resources.files("briefing.render") / "briefing.schema.json"))


def document(articles: list[TranslatedArticle], meta: BriefingMeta) -> dict[str, Any]:
    """The envelope as a dict; ``briefing.title`` is None for ``translate`` (not a briefing)."""
    briefing = meta.to_dict()
    if not briefing["glossary"]["digest"]:
        briefing["glossary"] = None
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "briefing": briefing,
        "qa": summarize(articles),
        "articles": [article.to_dict() for article in articles],
    }


def render_json(articles: list[TranslatedArticle], meta: BriefingMeta | None = None) -> str:
    """The envelope as indented UTF-8 JSON, control characters removed."""
    tree = document(articles, meta or BriefingMeta())
    return json.dumps(clean_tree(tree), ensure_ascii=False, indent=2) + "\n"
