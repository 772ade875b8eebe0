"""The driver's side of a Ray run: join or start the cluster, check every node has the
model, and stream the memory's misses through a pool of ``TranslateActor``s.

The rest of the run is ``briefing.api``'s, unchanged: this module only supplies the
backend that turns an engine into a ``UnitTranslator``.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

from briefing.choices import DEFAULT_RAY_THREADS, RAY_AUTO
from briefing.cluster.actor import CHUNK, RESULT, TranslateActor, check_node, model_key
from briefing.errors import ClusterError, ModelError, UsageError
from briefing.mt.engine import CHUNK_UNITS, DecodeOptions, Engine, Unit, chunks
from briefing.pipeline import PieceResult, UnitResult, UnitTranslator, assemble

INSTALL_HINT = "--ray needs Ray: pip install 'briefing[ray]'"


@dataclass(frozen=True)
class RayOptions:
    address: str = RAY_AUTO  # "auto", or a cluster's address (host:port, ray://host:port)
    actors: int = 0  # 0: as many as the cluster's CPUs hold at ``threads`` each
    threads: int = DEFAULT_RAY_THREADS  # CTranslate2 threads (and Ray CPUs) per actor
    # Sentences (pieces) per actor call; 0: the local engine's own calls, which is what
    # makes the output identical to a local run's, scores to the last bit.
    batch_size: int = 0
    model_dir: Path | None = None  # the model's folder on the nodes; None: the driver's


def import_ray() -> ModuleType:
    try:
        import ray
        import ray.data  # noqa: F401  (the extra brings both; a bare ray lacks Data's deps)
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    return ray


class RayBackend:
    """``api.translate``'s backend: joins the cluster on the first sentence to decode
    (a run the memory answers whole starts nothing) and leaves it on ``close``."""

    def __init__(self, options: RayOptions) -> None:
        if options.threads < 1 or options.actors < 0 or options.batch_size < 0:
            raise UsageError(
                "--ray-threads must be 1 or more, --ray-actors and --ray-batch 0 or more"
            )
        self.options = options
        self.ray = import_ray()
        self._started = False

    def __enter__(self) -> RayBackend:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._started:
            self.ray.shutdown()
            self._started = False

    def __call__(self, engine: Engine) -> UnitTranslator:
        def translate(
            units: list[Unit], progress: Callable[[int], None] | None
        ) -> Iterator[tuple[int, UnitResult]]:
            if units:
                self._connect()
                yield from self._run(engine, units, progress)

        return translate

    # -- the cluster ----------------------------------------------------------------------
    def _connect(self) -> None:
        ray = self.ray
        if ray.is_initialized():  # a library caller's (or the tests') cluster: theirs to end
            return
        address = self.options.address
        local = address == RAY_AUTO and not os.environ.get("RAY_ADDRESS")
        try:
            if local:
                ray.init(address="local", include_dashboard=False, **_QUIET)
            else:
                ray.init(address=None if address == RAY_AUTO else address, **_QUIET)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = "a local cluster" if local else f"the Ray cluster at {address}"
            raise ClusterError(
                f"cannot start or join {where} ({_first_line(exc)}); check the address "
                "(`ray status` on the head node prints it)"
            ) from None
        self._started = True

    def _quiet(self) -> None:
        """The command's own bar counts sentences: no Ray Data bars or progress logs."""
        context = self.ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        context.enable_auto_log_stats = False
        logging.getLogger("ray.data").setLevel(logging.ERROR)

    def _actors(self, gpu: bool) -> int:
        """The pool's size: as asked, else as many as the cluster's CPUs (GPUs) hold."""
        resources = self.ray.cluster_resources()
        threads, cpus, gpus = self.options.threads, int(resources.get("CPU", 0)), 0
        actors = self.options.actors or max(1, cpus // threads)
        if gpu:
            gpus = int(resources.get("GPU", 0))
            actors = self.options.actors or max(1, gpus)
        if actors * threads > cpus or (gpu and actors > gpus):
            need = f"{actors * threads} CPUs" + (f" and {actors} GPUs" if gpu else "")
            raise UsageError(
                f"{actors} actors of {threads} threads need {need}; the Ray cluster has "
                f"{cpus} CPUs and {int(resources.get('GPU', 0))} GPUs: give fewer "
                "--ray-actors or --ray-threads"
            )
        return actors

    def _check_nodes(self, model_dir: str, options: DecodeOptions, key: str) -> None:
        """Every node that can host an actor reads the same model: one clear error now,
        not an actor failing over and over later."""
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        check = self.ray.remote(check_node)
        nodes = [n for n in self.ray.nodes() if n["Alive"] and n["Resources"].get("CPU", 0) > 0]
        pending = [
            check.options(
                num_cpus=0,
                scheduling_strategy=NodeAffinitySchedulingStrategy(n["NodeID"], soft=False),
            ).remote(model_dir, options, key)
            for n in nodes
        ]
        problems = [p for p in self.ray.get(pending) if p]
        if problems:
            more = f" (and {len(problems) - 1} more nodes)" if len(problems) > 1 else ""
            raise ModelError(problems[0] + more)

    def _run(
        self, engine: Engine, units: list[Unit], progress: Callable[[int], None] | None
    ) -> Iterator[tuple[int, UnitResult]]:
        ray = self.ray
        # The device the driver resolved (its cache key says so): --device cuda gives each
        # actor a GPU of its own; auto on a driver without one decodes on the nodes' CPUs.
        device = engine.options.resolved_device()
        options = replace(
            engine.options, device=device, threads=self.options.threads, inter_threads=0
        )
        model_dir = str(self.options.model_dir or engine.model.path)
        key = model_key(engine)
        self._check_nodes(model_dir, options, key)
        self._quiet()
        # The driver protects and tokenizes (the calls are cut by token length), so that
        # the actors decode exactly the translate_batch calls a local run would make.
        pieces = engine.pieces(units)
        calls = chunks(pieces, self.options.batch_size or CHUNK_UNITS)
        rows = [{CHUNK: pickle.dumps([pieces[i] for i in call])} for call in calls]
        # No more actors than calls: an actor with none would only load the model.
        actors = min(self._actors(device == "cuda"), len(calls))
        translated = ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
            TranslateActor,
            fn_constructor_kwargs={
                "model_dir": model_dir,
                "options": options,
                "key": key,
            },
            batch_size=1,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=actors),
            num_cpus=self.options.threads,
            num_gpus=1 if device == "cuda" else 0,
        )

        def restored() -> Iterator[PieceResult]:
            try:
                for batch in translated.iter_batches(batch_size=None, batch_format="pyarrow"):
                    for raw in batch.column(RESULT).to_pylist():
                        yield from pickle.loads(raw)
            except ray.exceptions.RayError as exc:
                raise ClusterError(f"the Ray run failed: {_first_line(exc)}") from None

        for index, result in assemble(restored()):
            if progress:
                progress(1)
            yield index, result


_QUIET: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR}


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__
