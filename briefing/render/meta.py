"""What a briefing says about itself: title, date, model and glossary used."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from briefing import __version__
from briefing.document import ModelInfo

DEFAULT_TITLE = "Arabic press briefing"


def _today() -> str:
    return date.today().isoformat()


@dataclass(frozen=True)
class BriefingMeta:
    """The cover facts; counts are derived from the articles by the renderers."""

    title: str | None = DEFAULT_TITLE  # None: not a briefing (``translate``)
    date: str = field(default_factory=_today)  # ISO date the briefing is for
    model: ModelInfo = ModelInfo("unknown", "")
    glossary_name: str = ""  # "" when no glossary was used
    glossary_digest: str = ""  # sha256 hex of the glossary content
    tool_version: str = __version__
    left_out: tuple[str, ...] = ()  # "file.txt (Persian)": articles not in Arabic, left out

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "date": self.date,
            "model": self.model.to_dict(),
            "glossary": {"name": self.glossary_name, "digest": self.glossary_digest},
            "tool_version": self.tool_version,
            "left_out": list(self.left_out),
        }
