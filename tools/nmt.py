"""A tiny pre-norm Transformer in torch, its training loop, and export to CTranslate2.

The torch modules mirror CTranslate2's ``TransformerSpec`` exactly (pre-norm, final layer
norms, fused QKV, embeddings scaled by sqrt(d), an explicit sinusoidal position table,
ReLU FFN, shared source/target/output embeddings) so the converted model decodes the same.
"""

from __future__ import annotations

import math
import os
import random
import time
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

LN_EPS = 1e-6
MAX_POSITIONS = 512


@dataclass(frozen=True)
class Config:
    vocab: int
    pad: int
    bos: int
    eos: int
    d_model: int = 128
    heads: int = 4
    ffn: int = 512
    enc_layers: int = 2
    dec_layers: int = 2
    dropout: float = 0.1


def sinusoids(length: int, dim: int) -> Tensor:
    position = torch.arange(length, dtype=torch.float32)[:, None]
    rate = torch.exp(torch.arange(0, dim, 2, dtype=torch.float32) * (-math.log(10000.0) / dim))
    table = torch.zeros(length, dim)
    table[:, 0::2] = torch.sin(position * rate)
    table[:, 1::2] = torch.cos(position * rate)
    return table


class Attention(nn.Module):
    def __init__(self, cfg: Config, cross: bool) -> None:
        super().__init__()
        d = cfg.d_model
        self.heads = cfg.heads
        self.cross = cross
        self.norm = nn.LayerNorm(d, eps=LN_EPS)
        if cross:
            self.q = nn.Linear(d, d)
            self.kv = nn.Linear(d, 2 * d)
        else:
            self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.dropout = cfg.dropout

    def _split(self, x: Tensor) -> Tensor:
        b, t, d = x.shape
        return x.view(b, t, self.heads, d // self.heads).transpose(1, 2)

    def forward(self, x: Tensor, mask: Tensor, memory: Tensor | None = None) -> Tensor:
        h = self.norm(x)
        if memory is None:
            q, k, v = self.qkv(h).chunk(3, dim=-1)
        else:
            q = self.q(h)
            k, v = self.kv(memory).chunk(2, dim=-1)
        drop = self.dropout if self.training else 0.0
        att = F.scaled_dot_product_attention(
            self._split(q), self._split(k), self._split(v), attn_mask=mask, dropout_p=drop
        )
        b, _, t, _ = att.shape
        return self.out(att.transpose(1, 2).reshape(b, t, -1))


class FeedForward(nn.Module):
    def __init__(self, cfg: Config) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(cfg.d_model, eps=LN_EPS)
        self.w1 = nn.Linear(cfg.d_model, cfg.ffn)
        self.w2 = nn.Linear(cfg.ffn, cfg.d_model)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x: Tensor) -> Tensor:
        return self.w2(self.drop(F.relu(self.w1(self.norm(x)))))


class EncoderLayer(nn.Module):
    def __init__(self, cfg: Config) -> None:
        super().__init__()
        self.attn = Attention(cfg, cross=False)
        self.ffn = FeedForward(cfg)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x: Tensor, mask: Tensor) -> Tensor:
        x = x + self.drop(self.attn(x, mask))
        return x + self.drop(self.ffn(x))


class DecoderLayer(nn.Module):
    def __init__(self, cfg: Config) -> None:
        super().__init__()
        self.self_attn = Attention(cfg, cross=False)
        self.cross_attn = Attention(cfg, cross=True)
        self.ffn = FeedForward(cfg)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x: Tensor, memory: Tensor, self_mask: Tensor, src_mask: Tensor) -> Tensor:
        x = x + self.drop(self.self_attn(x, self_mask))
        x = x + self.drop(self.cross_attn(x, src_mask, memory))
        return x + self.drop(self.ffn(x))


class Seq2Seq(nn.Module):
    def __init__(self, cfg: Config) -> None:
        super().__init__()
        self.cfg = cfg
        d = cfg.d_model
        self.embed = nn.Embedding(cfg.vocab, d)
        nn.init.normal_(self.embed.weight, std=d**-0.5)
        self.register_buffer("pe", sinusoids(MAX_POSITIONS, d), persistent=False)
        self.enc = nn.ModuleList(EncoderLayer(cfg) for _ in range(cfg.enc_layers))
        self.dec = nn.ModuleList(DecoderLayer(cfg) for _ in range(cfg.dec_layers))
        self.enc_norm = nn.LayerNorm(d, eps=LN_EPS)
        self.dec_norm = nn.LayerNorm(d, eps=LN_EPS)
        self.out_bias = nn.Parameter(torch.zeros(cfg.vocab))
        self.drop = nn.Dropout(cfg.dropout)

    def _embed(self, ids: Tensor) -> Tensor:
        x = self.embed(ids) * math.sqrt(self.cfg.d_model) + self.pe[: ids.shape[1]]
        return self.drop(x)

    def encode(self, src: Tensor) -> tuple[Tensor, Tensor]:
        src_mask = (src != self.cfg.pad)[:, None, None, :]
        x = self._embed(src)
        for layer in self.enc:
            x = layer(x, src_mask)
        return self.enc_norm(x), src_mask

    def decode(self, tgt_in: Tensor, memory: Tensor, src_mask: Tensor) -> Tensor:
        t = tgt_in.shape[1]
        causal = torch.ones(t, t, dtype=torch.bool).tril()[None, None]
        x = self._embed(tgt_in)
        for layer in self.dec:
            x = layer(x, memory, causal, src_mask)
        return F.linear(self.dec_norm(x), self.embed.weight, self.out_bias)

    def forward(self, src: Tensor, tgt_in: Tensor) -> Tensor:
        memory, src_mask = self.encode(src)
        return self.decode(tgt_in, memory, src_mask)

    @torch.no_grad()
    def greedy(self, src: Tensor, max_len: int = 200) -> list[list[int]]:
        self.eval()
        memory, src_mask = self.encode(src)
        ys = torch.full((src.shape[0], 1), self.cfg.bos, dtype=torch.long)
        done = torch.zeros(src.shape[0], dtype=torch.bool)
        for _ in range(max_len):
            nxt = self.decode(ys, memory, src_mask)[:, -1].argmax(-1)
            nxt = torch.where(done, torch.full_like(nxt, self.cfg.eos), nxt)
            ys = torch.cat([ys, nxt[:, None]], dim=1)
            done |= nxt == self.cfg.eos
            if bool(done.all()):
                break
        result = []
        for row in ys[:, 1:].tolist():
            result.append(row[: row.index(self.cfg.eos)] if self.cfg.eos in row else row)
        return result


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _pad(rows: list[list[int]], pad: int) -> Tensor:
    width = max(len(r) for r in rows)
    return torch.tensor([r + [pad] * (width - len(r)) for r in rows], dtype=torch.long)


def _batches(
    pairs: list[tuple[list[int], list[int]]], max_tokens: int, rng: random.Random
) -> list[list[int]]:
    order = sorted(range(len(pairs)), key=lambda i: (len(pairs[i][0]), rng.random()))
    batches: list[list[int]] = []
    current: list[int] = []
    width = 0
    for i in order:
        width = max(width, len(pairs[i][0]), len(pairs[i][1]) + 1)
        if current and width * (len(current) + 1) > max_tokens:
            batches.append(current)
            current, width = [], max(len(pairs[i][0]), len(pairs[i][1]) + 1)
        current.append(i)
    if current:
        batches.append(current)
    rng.shuffle(batches)
    return batches


def train(
    cfg: Config,
    pairs: list[tuple[list[int], list[int]]],
    epochs: int,
    seed: int,
    lr: float = 2e-3,
    max_tokens: int = 2500,
    label_smoothing: float = 0.1,
    log: bool = True,
) -> tuple[Seq2Seq, dict[str, float]]:
    """Train from token-id pairs; returns the model and timing figures."""
    seed_everything(seed)
    model = Seq2Seq(cfg)
    rng = random.Random(seed)
    steps_per_epoch = len(_batches(pairs, max_tokens, random.Random(0)))
    total = steps_per_epoch * epochs
    warmup = min(400, total // 10)
    opt = torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.98), eps=1e-9)

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        progress = (step - warmup) / max(1, total - warmup)
        return max(0.02, 0.5 * (1 + math.cos(math.pi * progress)))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, schedule)
    wall, cpu = time.perf_counter(), time.process_time()
    for epoch in range(epochs):
        model.train()
        loss_sum, count = 0.0, 0
        for batch in _batches(pairs, max_tokens, rng):
            src = _pad([pairs[i][0] for i in batch], cfg.pad)
            tgt_in = _pad([[cfg.bos] + pairs[i][1] for i in batch], cfg.pad)
            tgt_out = _pad([pairs[i][1] + [cfg.eos] for i in batch], cfg.pad)
            logits = model(src, tgt_in)
            loss = F.cross_entropy(
                logits.reshape(-1, cfg.vocab),
                tgt_out.reshape(-1),
                ignore_index=cfg.pad,
                label_smoothing=label_smoothing,
            )
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            loss_sum += loss.item()
            count += 1
        if log:
            print(
                f"  epoch {epoch + 1}/{epochs} loss {loss_sum / count:.3f} "
                f"({time.perf_counter() - wall:.0f}s)",
                flush=True,
            )
    figures = {
        "wall_seconds": time.perf_counter() - wall,
        "cpu_seconds": time.process_time() - cpu,
        "steps": float(total),
    }
    model.eval()
    return model, figures


def _np(t: Tensor) -> np.ndarray:
    return t.detach().cpu().numpy().astype(np.float32)


def export_ctranslate2(model: Seq2Seq, vocab: list[str], out_dir: str, quantization: str) -> None:
    """Fill a CTranslate2 TransformerSpec from the torch weights and save it."""
    from ctranslate2.specs import common_spec, transformer_spec

    cfg = model.cfg
    spec = transformer_spec.TransformerSpec.from_config(
        (cfg.enc_layers, cfg.dec_layers),
        cfg.heads,
        pre_norm=True,
        activation=common_spec.Activation.RELU,
    )
    spec.config.layer_norm_epsilon = LN_EPS
    emb = _np(model.embed.weight)
    pe = _np(sinusoids(MAX_POSITIONS, cfg.d_model))

    def norm(dst: object, src: nn.LayerNorm) -> None:
        dst.gamma = _np(src.weight)  # type: ignore[attr-defined]
        dst.beta = _np(src.bias)  # type: ignore[attr-defined]

    def linear(dst: object, src: nn.Linear) -> None:
        dst.weight = _np(src.weight)  # type: ignore[attr-defined]
        dst.bias = _np(src.bias)  # type: ignore[attr-defined]

    def ffn(dst: object, src: FeedForward) -> None:
        norm(dst.layer_norm, src.norm)  # type: ignore[attr-defined]
        linear(dst.linear_0, src.w1)  # type: ignore[attr-defined]
        linear(dst.linear_1, src.w2)  # type: ignore[attr-defined]

    enc = spec.encoder
    enc.embeddings[0].weight = emb
    enc.position_encodings.encodings = pe
    norm(enc.layer_norm, model.enc_norm)
    for dst, src in zip(enc.layer, model.enc, strict=True):
        norm(dst.self_attention.layer_norm, src.attn.norm)
        linear(dst.self_attention.linear[0], src.attn.qkv)
        linear(dst.self_attention.linear[1], src.attn.out)
        ffn(dst.ffn, src.ffn)
    dec = spec.decoder
    dec.embeddings.weight = emb
    dec.position_encodings.encodings = pe
    norm(dec.layer_norm, model.dec_norm)
    dec.projection.weight = emb
    dec.projection.bias = _np(model.out_bias)
    for dst, src in zip(dec.layer, model.dec, strict=True):
        norm(dst.self_attention.layer_norm, src.self_attn.norm)
        linear(dst.self_attention.linear[0], src.self_attn.qkv)
        linear(dst.self_attention.linear[1], src.self_attn.out)
        norm(dst.attention.layer_norm, src.cross_attn.norm)
        linear(dst.attention.linear[0], src.cross_attn.q)
        linear(dst.attention.linear[1], src.cross_attn.kv)
        linear(dst.attention.linear[2], src.cross_attn.out)
        ffn(dst.ffn, src.ffn)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization=quantization)
    os.makedirs(out_dir, exist_ok=True)
    spec.save(out_dir)
