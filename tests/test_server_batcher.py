"""Batching across requests, in process: concurrent jobs share one pass through the real
pipeline and engine and get what each would get alone; the token budget splits batches;
a translation past the timeout is a 503 and the batch goes on."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest

from briefing.api import RunResult, Settings, translate
from briefing.document import Article, Paragraph
from briefing.server.batcher import Batcher, Translator, token_estimate
from briefing.server.guard import ApiError
from briefing.server.state import Server, ServerConfig
from helpers import ROOT

LINES = [
    line.strip()
    for path in sorted((ROOT / "examples").glob("*.txt"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if len(line.split()) >= 4
]


def article(text: str) -> list[Article]:
    return [Article("", [Paragraph(text)])]


def test_concurrent_requests_share_batches_and_get_their_own_english(tmp_path: Path) -> None:
    settings = Settings(glossary_path=ROOT / "glossary", use_cache=False)
    calls: list[int] = []
    translator = Translator(settings)

    def counted(groups: list[list[Article]]) -> list[RunResult]:
        calls.append(len(groups))
        return translator(groups)

    async def run() -> list[RunResult]:
        batcher = Batcher(counted, window=0.05)
        batcher.start()
        try:
            return await asyncio.gather(*(batcher.translate(article(t)) for t in LINES))
        finally:
            await batcher.stop()

    results = asyncio.run(run())
    alone = [translate(article(t), settings).articles[0] for t in LINES]
    assert [r.articles[0].paragraphs[0].target for r in results] == [
        a.paragraphs[0].target for a in alone
    ]
    assert [r.articles[0].paragraphs[0].terms for r in results] == [
        a.paragraphs[0].terms for a in alone
    ]
    assert sum(calls) == len(LINES) and len(calls) < len(LINES) / 2


def test_a_hand_edit_keeping_size_mtime_and_inode_is_enforced_at_the_next_batch(
    tmp_path: Path,
) -> None:
    """The server's glossary is the compiled one, keyed by content (issue 23 item 4)."""
    path = tmp_path / "names.csv"
    header = "arabic,english,kind,variants,note\n"
    path.write_text(header + "رياض,Riyadh,place,,\n", encoding="utf-8")
    translator = Translator(Settings(glossary_path=path, use_cache=False))
    text = "قال المتحدث إن الاجتماع سيعقد غدا في الرياض."
    first = translator([article(text)])[0].articles[0].paragraphs[0]
    assert [t.english for t in first.terms] == ["Riyadh"]
    before = path.stat()
    path.write_text(header + "رياض,Riyadx,place,,\n", encoding="utf-8")  # in place
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    second = translator([article(text)])[0].articles[0].paragraphs[0]
    assert [t.english for t in second.terms] == ["Riyadx"]
    assert "Riyadx" in second.target


def test_the_token_budget_splits_batches() -> None:
    sizes: list[int] = []

    def echo(groups: list[list[Article]]) -> list[RunResult]:
        sizes.append(len(groups))
        return [RunResult(articles=[], model=None, stats=None) for _ in groups]

    text = " ".join(["كلمة"] * 10)
    assert token_estimate(article(text)) == 10

    async def run() -> None:
        batcher = Batcher(echo, window=0.05, max_tokens=30)
        batcher.start()
        try:
            await asyncio.gather(*(batcher.translate(article(text)) for _ in range(7)))
        finally:
            await batcher.stop()

    asyncio.run(run())
    assert sizes == [3, 3, 1]


def test_a_translation_past_the_timeout_is_a_503(tmp_path: Path) -> None:
    def slow(groups: list[list[Article]]) -> list[RunResult]:
        time.sleep(0.5)
        return [RunResult(articles=[], model=None, stats=None) for _ in groups]

    server = Server(ServerConfig(settings=Settings(glossary_path=None), timeout=0.1))

    async def run() -> None:
        server.batcher = Batcher(slow)
        server.batcher.start()
        try:
            with pytest.raises(ApiError) as late:
                await server.translate(article("نص"))
            assert late.value.status == 503
            assert "took more than 0.1 s" in late.value.message
        finally:
            await server.stop()

    asyncio.run(run())
