"""``--ray``: the translate step on a real local Ray cluster (one per test session,
``num_cpus=2``) gives the JSON of a local run byte for byte, survives a killed actor,
and says in one line what is wrong when the nodes lack the model or Ray is missing."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from briefing import api
from briefing.choices import TextFormat
from helpers import DEMO_ID, ROOT, STANDIN_ID, shared_path

EXAMPLES = ROOT / "examples"
CORPUS = "corpus/saudinewsnet-275.jsonl"
ACTOR = "TranslateActor"  # in the actors' process titles: ray::MapWorker(MapBatches(…))
# Ray's own modules warn about their own deprecated settings when Ray Data starts.
pytestmark = pytest.mark.filterwarnings(r"ignore::DeprecationWarning:ray\..*")


@pytest.fixture(scope="session")
def ray_address() -> Iterator[str]:
    """A local cluster for the whole session (starting one costs seconds)."""
    ray = pytest.importorskip("ray", reason="the Ray extra is absent: pip install -e '.[ray]'")
    pytest.importorskip("ray.data", reason="the Ray extra is absent: pip install -e '.[ray]'")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    yield str(ray.get_runtime_context().gcs_address)
    ray.shutdown()


def briefing(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def settings(cache: Path | None = None) -> api.Settings:
    return api.Settings(
        model_id=DEMO_ID, use_cache=cache is not None, cache_path=cache, use_approved=False
    )


def as_json(result: api.RunResult) -> str:
    return api.render_translation(result, TextFormat.json)


def backend(**options: Any) -> Any:
    from briefing.cluster.driver import RayBackend, RayOptions

    return RayBackend(RayOptions(**options))


@pytest.fixture(scope="module")
def corpus() -> list[Any]:
    articles, _ = api.read_inputs([shared_path(CORPUS)], max_bytes=50 * 1024 * 1024)
    return articles[:50]


def test_build_on_the_cluster_writes_the_local_json(
    ray_address: str, installed_models: Path, tmp_path: Path
) -> None:
    here, there = tmp_path / "local.json", tmp_path / "ray.json"
    common = [str(EXAMPLES), "--model", DEMO_ID, "--no-cache", "--title", "Examples"]
    local = briefing("build", *common, "-o", str(here))
    assert local.returncode == 0, local.stderr
    joined = briefing("build", *common, "-o", str(there), "--ray", ray_address)
    assert joined.returncode == 0, joined.stderr
    assert there.read_bytes() == here.read_bytes()


def test_fifty_corpus_articles_as_a_local_run(
    ray_address: str, installed_models: Path, corpus: list[Any], tmp_path: Path
) -> None:
    """The nodes read a copy of the model (other inodes and times, as in an image)."""
    local = as_json(api.translate(corpus, settings()))
    memory = tmp_path / "memory.sqlite"
    copy = shutil.copytree(installed_models / DEMO_ID, tmp_path / "image" / DEMO_ID)
    with backend(actors=2, threads=1, model_dir=copy) as on_ray:
        result = api.translate(corpus, settings(memory), backend=on_ray)
    assert result.stats.decoded > 400  # all 460 sentences went to the actors
    assert as_json(result) == local
    # The driver stored the actors' results: a local run now finds every sentence there.
    again = api.translate(corpus, settings(memory))
    assert again.stats.decoded == 0 and as_json(again) == local


def _actor_pids() -> list[int]:
    import psutil

    return [
        p.pid
        for p in psutil.process_iter(["cmdline"])
        if any(ACTOR in part for part in p.info["cmdline"] or [])
    ]


def test_an_actor_killed_mid_run_is_replaced_and_the_briefing_is_complete(
    ray_address: str, installed_models: Path, corpus: list[Any]
) -> None:
    """Small calls (64 sentences) give many; an actor is killed once the first are in."""
    articles = corpus[:25]
    with backend(actors=2, threads=1, batch_size=64) as on_ray:
        calm = as_json(api.translate(articles, settings(), backend=on_ray))
    killed: list[int] = []

    def kill_one(done: int, total: int) -> None:
        if not killed and 0 < done < total:
            pids = _actor_pids()
            assert pids, "no actor process to kill"
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    with backend(actors=2, threads=1, batch_size=64) as on_ray:
        result = api.translate(articles, settings(), kill_one, backend=on_ray)
    assert killed and killed[0] not in _actor_pids()
    assert as_json(result) == calm
    assert all(s.target for a in result.articles for p in a.paragraphs for s in p.sentences)


def test_nodes_without_the_model_give_one_clear_error(
    ray_address: str, installed_models: Path, tmp_path: Path
) -> None:
    absent = tmp_path / "not-here"
    done = briefing(
        "build", str(EXAMPLES), "-o", str(tmp_path / "b.json"), "--model", DEMO_ID,
        "--no-cache", "--ray", ray_address, "--ray-model-dir", str(absent),
    )  # fmt: skip
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith("error: Ray node ") and f"no model folder {absent};" in lines[-1]
    assert "Traceback" not in done.stderr and not (tmp_path / "b.json").exists()
    # Another model at the nodes' path: named, before any actor starts.
    from briefing.errors import ModelError

    articles, _ = api.read_inputs([EXAMPLES / "aid.txt"], max_bytes=1 << 20)
    with backend(model_dir=installed_models / STANDIN_ID) as on_ray:
        with pytest.raises(ModelError, match=r"^Ray node .*: the model at .* is not the driver's"):
            api.translate(articles, settings(), backend=on_ray)


def test_a_jsonl_feed_on_the_cluster_writes_the_local_lines(
    ray_address: str, installed_models: Path, tmp_path: Path
) -> None:
    """``translate --format jsonl --ray`` decodes on the cluster (it was run locally)."""
    feed = tmp_path / "feed.jsonl"
    with shared_path(CORPUS).open(encoding="utf-8") as corpus:
        feed.write_text("".join(next(corpus) for _ in range(4)), encoding="utf-8")
    common = ["translate", str(feed), "--format", "jsonl", "--model", DEMO_ID, "--no-cache"]
    absent = tmp_path / "not-here"
    refused = briefing(*common, "--ray", ray_address, "--ray-model-dir", str(absent))
    assert refused.returncode == 1 and f"no model folder {absent};" in refused.stderr
    assert refused.stdout == ""
    local = briefing(*common)
    assert local.returncode == 0, local.stderr
    joined = briefing(*common, "--ray", ray_address)
    assert joined.returncode == 0, joined.stderr
    assert joined.stdout == local.stdout and len(local.stdout.splitlines()) == 4


def test_without_the_extra_one_line_says_how_to_install_it(tmp_path: Path) -> None:
    """Runs without Ray too: a ``ray`` that cannot be imported stands first on the path."""
    fake = tmp_path / "shadow" / "ray"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('no ray here')\n", encoding="utf-8")
    path = os.pathsep.join([str(fake.parent), os.environ.get("PYTHONPATH", "")])
    done = briefing(
        "build", str(EXAMPLES), "-o", str(tmp_path / "b.json"), "--ray",
        env={"PYTHONPATH": path},
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip() == "error: --ray needs Ray: pip install 'briefing[ray]'"
