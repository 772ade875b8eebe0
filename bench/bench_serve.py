"""Batching across requests: `briefing serve` under 1 and under 32 concurrent clients.

    python bench/bench_serve.py [--seconds S] [--clients 1,32] [--package FILE] [--beam-size N]

Starts the real server (``python -m briefing serve``, uvicorn) on 127.0.0.1 with the
translation memory off (every request is decoded), then for each number of clients runs
that many asyncio clients (one kept-alive connection each) for S seconds, each sending
one paragraph of the examples per POST /translate, one after another. Reports requests/s, p50 and p99
latency, and the mean number of requests per batch (from /stats). The server's
figures are measured in one run, on one machine, side by side. The model is the bundled
demo, or ``--package`` (an .argosmodel, e.g. a base-size replica from
``tools/make_replicas.py --size base``: the size of the real models), installed into a
temporary package folder.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from server_support import free_port, make_workspace, wait_ready  # noqa: E402

from helpers import SHARED  # noqa: E402

CORPUS = SHARED / "corpus" / "saudinewsnet-275.jsonl"


def paragraphs() -> list[str]:
    """Distinct paragraphs: the pipeline translates a sentence repeated within a batch
    once, so repeats would flatter batching. The SaudiNewsNet sample's lines of 4 to 80
    words (read, never copied), else the examples' lines (only 15 distinct)."""
    if CORPUS.exists():
        lines = []
        for row in CORPUS.read_text(encoding="utf-8").splitlines():
            lines += json.loads(row)["content"].split("\n")
    else:
        print(f"{CORPUS} is missing: the examples' few lines are used", file=sys.stderr)
        lines = []
        for path in sorted((ROOT / "examples").glob("*.txt")):
            lines += path.read_text(encoding="utf-8").splitlines()
    found = [line.strip() for line in lines if 4 <= len(line.split()) <= 80]
    return list(dict.fromkeys(found))


async def post(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str, body: bytes
) -> tuple[int, bytes]:
    """One POST on a kept-alive HTTP/1.1 connection: a client far lighter than httpx,
    whose own work per request capped the measurement (even GET /health fell from 118 to
    55 requests/s with 32 httpx clients on one 2-core machine; this client does 1,200)."""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    writer.write(head.encode() + body)
    await writer.drain()
    answer = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in answer.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return int(answer.split(b" ", 2)[1]), await reader.readexactly(length)


async def client(
    port: int, texts: list[str], start: int, stop_at: float, latencies: list[float]
) -> None:
    """Requests one after another, each a paragraph the others are not sending now."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    index = start
    try:
        while time.perf_counter() < stop_at:
            body = {"q": texts[index % len(texts)], "source": "ar", "target": "en"}
            began = time.perf_counter()
            status, data = await post(reader, writer, "/translate", json.dumps(body).encode())
            if status != 200:
                raise RuntimeError(f"/translate answered {status}: {data[:300]!r}")
            latencies.append(time.perf_counter() - began)
            index += 1
    finally:
        writer.close()


async def measure(base: str, clients: int, seconds: float, texts: list[str]) -> dict[str, Any]:
    port = int(base.rsplit(":", 1)[1])
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        before = (await http.get("/stats")).json()
        latencies: list[float] = []
        began = time.perf_counter()
        stop_at = began + seconds
        step = max(1, len(texts) // clients)
        await asyncio.gather(
            *(client(port, texts, n * step, stop_at, latencies) for n in range(clients))
        )
        elapsed = time.perf_counter() - began
        after = (await http.get("/stats")).json()
    batches = after["batches"] - before["batches"]
    requests = after["requests"] - before["requests"]
    ordered = sorted(latencies)
    return {
        "clients": clients,
        "requests": len(latencies),
        "requests_per_s": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "mean_batch_size": requests / batches if batches else 0.0,
        "worker_busy": (after["translating_seconds"] - before["translating_seconds"]) / elapsed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--clients", default="1,32")
    parser.add_argument("--package", type=Path, default=None)
    parser.add_argument("--beam-size", default=None)
    args = parser.parse_args()
    texts = paragraphs()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as folder:
        workspace = make_workspace(Path(folder) / "ws")
        port = free_port()
        command = [sys.executable, "-m", "briefing", "-q", "serve", "--port", str(port)]
        command += ["--workspace", str(workspace), "--no-cache", "--rate-limit", "0"]
        command += ["--beam-size", args.beam_size] if args.beam_size else []
        env = dict(os.environ, BRIEFING_CACHE_DIR=str(Path(folder) / "cache"))
        if args.package is not None:
            env["ARGOS_PACKAGES_DIR"] = str(Path(folder) / "packages")
            install = [sys.executable, "-m", "briefing", "-q", "model", "install"]
            subprocess.run([*install, "--file", str(args.package)], env=env, check=True)
        log = Path(folder) / "server.log"
        with log.open("wb") as out:
            server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
            try:
                base = f"http://127.0.0.1:{port}"
                wait_ready(base, server, log)
                asyncio.run(measure(base, 4, 2.0, texts))  # warm-up
                rows = [
                    asyncio.run(measure(base, int(n), args.seconds, texts))
                    for n in args.clients.split(",")
                ]
            except Exception:
                print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
                raise
            finally:
                server.terminate()
                server.wait(30)
    for row in rows:
        print(json.dumps(row))
    print(f"{'clients':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'batch':>6}")
    for row in rows:
        print(
            f"{row['clients']:>8} {row['requests_per_s']:>8.1f} {row['p50_ms']:>8.0f} "
            f"{row['p99_ms']:>8.0f} {row['mean_batch_size']:>6.1f}"
        )
    if len(rows) >= 2:
        print(
            f"throughput {rows[-1]['clients']} vs {rows[0]['clients']} clients: "
            f"{rows[-1]['requests_per_s'] / rows[0]['requests_per_s']:.2f}x"
        )


if __name__ == "__main__":
    main()
