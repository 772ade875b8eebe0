"""What runs on the cluster's nodes: the node check and the translating actor.

A row is one translate_batch call of the run (``mt.engine.chunks``): its pieces, already
protected and tokenized by the driver, go in; their restored English comes out. Both
travel pickled in binary columns: the nodes run the same briefing as the driver, and
pickle keeps the scores exact.
"""

from __future__ import annotations

import pickle
import socket
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError
from briefing.mt.engine import DecodeOptions, Engine
from briefing.mt.packages import read_folder
from briefing.pipeline import restore_pieces

CHUNK = "chunk"
RESULT = "result"


def model_key(engine: Engine) -> str:
    """What must agree between the driver's model and a node's: the memory key less the
    files' identity (every copy of a model, on shared storage or in an image, has its own
    inodes and times), plus the model's size in bytes."""
    parts = [p for p in engine.cache_key().split(";") if not p.startswith("files=")]
    return ";".join([*parts, f"bytes={engine.model.size_bytes()}"])


def node_engine(model_dir: str, options: DecodeOptions, key: str) -> Engine:
    """The engine for the driver's model as this node sees it: the same model, tokenizer
    and settings (``model_key``), or a ModelError saying what differs."""
    from briefing.errors import ModelError

    where = f"Ray node {socket.gethostname()}"
    folder = Path(model_dir)
    if not folder.is_dir():
        raise ModelError(
            f"{where} has no model folder {folder}; every node must read the model at the "
            "same path (shared storage or baked into the image), or give its path there "
            "with --ray-model-dir"
        )
    engine = Engine(read_folder(folder), options)
    if model_key(engine) != key:
        raise ModelError(
            f"{where}: the model at {folder} is not the driver's ({model_key(engine)} "
            f"there, {key} here); install the same model and briefing version"
        )
    return engine


def check_node(model_dir: str, options: DecodeOptions, key: str) -> str:
    """'' when this node can translate, else the one-line reason (a Ray task's result)."""
    try:
        node_engine(model_dir, options, key)
    except BriefingError as exc:
        return str(exc)
    return ""


class TranslateActor:
    """A Ray Data actor: loads the model once, then translates → restores chunks."""

    def __init__(self, model_dir: str, options: DecodeOptions, key: str) -> None:
        self.engine = node_engine(model_dir, options, key)
        self.engine.load()

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        done = []
        for raw in batch.column(CHUNK).to_pylist():
            chunk = pickle.loads(raw)
            restored = list(restore_pieces(self.engine, self.engine.decode_chunk(chunk)))
            done.append(pickle.dumps(restored))
        return pa.table({RESULT: pa.array(done, pa.binary())})
