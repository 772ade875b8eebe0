"""The data that flows between the stages: read → segment → protect → translate → check → render.

Plain dataclasses with ``to_dict`` so every renderer (and the JSON format) sees the same shape.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Paragraph:
    """One cleaned source paragraph; ``heading`` marks a subheading inside the body."""

    text: str
    heading: bool = False
    ocr: bool = False  # read from a picture of the page: names and numbers need a second look


@dataclass
class Article:
    """One article as the reader returns it, before translation."""

    title: str
    paragraphs: list[Paragraph]
    published: str | None = None  # ISO 8601 date or datetime
    updated: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    path: str | None = None  # the file it came from ("-" for stdin)
    related: list[Article] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # every line the cleaner dropped
    ocr_pages: int = 0  # pages (or images) read by OCR


@dataclass(frozen=True)
class Term:
    """A glossary match: offsets index into the paragraph's source text."""

    start: int
    end: int
    source: str
    english: str
    kind: str
    entry: str  # the glossary entry's headword (its `arabic` column)
    variant: bool = False
    clitic: str = ""  # proclitics just before ``start`` ("و", "لل", "وال"), outside the span

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Flag:
    """A QA finding on one paragraph, e.g. ``missing-term`` or ``number-mismatch``."""

    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


MT = "mt"  # origin: the model's translation
APPROVED = "approved"  # origin: English a reviewer approved, from the approved memory


@dataclass(frozen=True)
class Suggestion:
    """The closest approved paragraph to one that has no exact match: help, never used."""

    source: str
    english: str
    similarity: float  # 0–1, rapidfuzz's normalized Indel similarity of the folded Arabic

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "english": self.english, "similarity": self.similarity}


@dataclass
class TranslatedSentence:
    source: str
    target: str
    score: float
    origin: str = MT

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "score": self.score,
            "origin": self.origin,
        }


@dataclass
class TranslatedParagraph:
    source: str
    target: str
    sentences: list[TranslatedSentence]
    heading: bool = False
    terms: list[Term] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    origin: str = MT  # APPROVED when the whole English comes from the approved memory
    suggestion: Suggestion | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {
            "source": self.source,
            "target": self.target,
            "heading": self.heading,
            "origin": self.origin,
            "sentences": [s.to_dict() for s in self.sentences],
            "terms": [t.to_dict() for t in self.terms],
            "flags": [f.to_dict() for f in self.flags],
        }
        if self.suggestion is not None:
            data["suggestion"] = self.suggestion.to_dict()
        return data


@dataclass
class TranslatedArticle:
    article: Article
    title: TranslatedParagraph
    paragraphs: list[TranslatedParagraph]
    related: list[TranslatedArticle] = field(default_factory=list)
    source_target: str | None = None  # the source in English, from the glossary

    def flags(self) -> list[Flag]:
        found = list(self.title.flags)
        for paragraph in self.paragraphs:
            found.extend(paragraph.flags)
        return found

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "title": a.title,
            "title_target": self.title.target,
            "title_flags": [f.to_dict() for f in self.title.flags],
            "published": a.published,
            "updated": a.updated,
            "source": a.source,
            "source_target": self.source_target,
            "url": a.url,
            "author": a.author,
            "path": a.path,
            "ocr_pages": a.ocr_pages,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "related": [r.to_dict() for r in self.related],
            "removed": list(a.removed),
        }


@dataclass(frozen=True)
class ModelInfo:
    id: str
    version: str
    demo: bool = False
    bundled: bool = False  # the demo inside the package, used because none is installed

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "demo": self.demo, "bundled": self.bundled}
