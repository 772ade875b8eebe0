"""Batching across requests: one engine per process, concurrent requests decoded together.

Each request is a job (its articles). The worker takes the first job waiting, gathers
what else arrives within a short window (once the load has made batches of several jobs)
up to a budget of tokens, and translates them all
in one ``api.translate_groups`` call: one pass through the pipeline, so the translation
memory and the approved memory are looked up first and the engine decodes every
remaining sentence of every job in shared CTranslate2 batches. While a batch decodes, new
requests queue; the next batch takes them all at once, so batches grow with the load.
The calls run on one worker thread: CTranslate2 uses its own threads underneath.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from briefing.api import RunResult, Settings, load_engine, make_protector, translate_groups
from briefing.document import Article

_TOKEN = re.compile(r"\w+|[^\w\s]")
MAX_WINDOW = 0.05  # seconds: the longest the batcher waits for more jobs


def token_estimate(articles: Sequence[Article]) -> int:
    """Words and marks: close enough to subword tokens to bound a batch."""
    total = 0
    for article in articles:
        total += len(_TOKEN.findall(article.title))
        total += sum(len(_TOKEN.findall(p.text)) for p in article.paragraphs)
        total += token_estimate(article.related)
    return total


class Translator:
    """The process's engine, loaded once, and its glossary, the compiled one of the files'
    content at each batch."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = load_engine(settings)
        make_protector(settings.glossary_path)  # a bad glossary stops the start, in one line

    def __call__(self, groups: list[list[Article]]) -> list[RunResult]:
        # Keyed by the files' bytes, as every command's: any edit (the server's, the CLI's,
        # or by hand keeping the size, time and inode) is enforced from the next batch, for
        # the cost of hashing the files (0.25 ms for the built-in glossary).
        protector = make_protector(self.settings.glossary_path)
        return translate_groups(groups, self.settings, engine=self.engine, protector=protector)


@dataclass
class _Job:
    articles: list[Article]
    tokens: int
    future: asyncio.Future[RunResult]


@dataclass
class BatchStats:
    batches: int = 0
    jobs: int = 0
    seconds: float = 0.0  # spent translating batches: near the time elapsed, the worker is busy
    sizes: list[int] = field(default_factory=list)  # jobs per batch, the last 10,000

    def to_dict(self) -> dict[str, float]:
        mean = sum(self.sizes) / len(self.sizes) if self.sizes else 0.0
        return {
            "batches": self.batches,
            "requests": self.jobs,
            "mean_batch_size": mean,
            "translating_seconds": self.seconds,
        }


class Batcher:
    """Queues jobs and runs them in batches on one worker thread."""

    def __init__(
        self,
        translate: Callable[[list[list[Article]]], list[RunResult]],
        *,
        window: float = 0.005,
        max_tokens: int = 4096,
    ) -> None:
        self._translate = translate
        self.window = window
        self.max_tokens = max_tokens
        self.stats = BatchStats()
        self._queue: asyncio.Queue[_Job] = asyncio.Queue()
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="briefing-batch")
        self._task: asyncio.Task[None] | None = None
        self._last_seconds = 0.0

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self._executor.shutdown(wait=True)

    async def translate(self, articles: list[Article]) -> RunResult:
        future: asyncio.Future[RunResult] = asyncio.get_running_loop().create_future()
        await self._queue.put(_Job(articles, token_estimate(articles), future))
        return await future

    async def _gather(self, first: _Job) -> tuple[list[_Job], _Job | None]:
        """``first`` and the jobs that arrive within the window and fit the token budget;
        the job that did not fit waits for the next batch."""
        loop = asyncio.get_running_loop()
        batch, tokens = [first], first.tokens
        deadline = loop.time() + self._window()
        while tokens < self.max_tokens:
            try:
                job = self._queue.get_nowait()
            except asyncio.QueueEmpty:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    break
                try:
                    job = await asyncio.wait_for(self._queue.get(), remaining)
                except TimeoutError:
                    break
            if tokens + job.tokens > self.max_tokens:
                return batch, job
            batch.append(job)
            tokens += job.tokens
        return batch, None

    def _window(self) -> float:
        """How long to wait for more jobs. A lone client waits for nobody: the window opens
        once batches hold several jobs. Then it is ``window``, or a tenth of the last
        batch's time up to MAX_WINDOW: when a batch takes seconds (a large model), the
        clients it answered need more than a few milliseconds to send again, and waiting
        for them costs little beside the batch."""
        if not self.stats.sizes or self.stats.sizes[-1] <= 1:
            return 0.0
        return max(self.window, min(MAX_WINDOW, self._last_seconds / 10))

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        waiting: _Job | None = None
        while True:
            first = waiting or await self._queue.get()
            batch, waiting = await self._gather(first)
            live = [job for job in batch if not job.future.done()]  # timed out: dropped
            if not live:
                continue
            self.stats.batches += 1
            self.stats.jobs += len(live)
            self.stats.sizes = [*self.stats.sizes[-9999:], len(live)]
            began = time.perf_counter()
            try:
                results = await loop.run_in_executor(
                    self._executor, self._translate, [job.articles for job in live]
                )
            except Exception as error:  # every job of the batch gets the error
                for job in live:
                    if not job.future.done():
                        job.future.set_exception(error)
                continue
            finally:
                self._last_seconds = time.perf_counter() - began
                self.stats.seconds += self._last_seconds
            for job, result in zip(live, results, strict=True):
                if not job.future.done():
                    job.future.set_result(result)
