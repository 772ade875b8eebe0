"""The echo circuit: Transformer weights whose translation is a copy of the source.

Some residual dimensions are reserved for the circuit; seeded random ("junk") layers
read and write only the others, as in ``bench/make_random_model.py``'s length circuit,
and every reserved quantity is written as a +/- pair or a balanced code, so layer
norm's mean is zero and its deviation the same at every position: layer norm only
rescales the circuit. Amplitude ``A = 2 sqrt(d)`` per reserved dimension keeps the junk
small beside it. No weight row holds large entries at two neighbouring inputs: on CPUs
without VNNI (AVX2 here) CTranslate2's int8 GEMM (oneDNN, u8 x s8) adds products in
pairs that saturate at int16, which silently zeroed the first end detector's output.

* ``T`` (``K`` dims): the token code, a balanced +/-1 vector per piece *string* (so a
  source piece and the target piece with the same string share it). Source embeddings
  carry ``A * code``; the output projection row of a target token is ``A/sqrt(d) *
  code``, so the logit of ``v`` is proportional to ``code(v) . code(copied)``: ``K``
  for the copied token, at most ``K - 2 * distance`` for any other.
* ``P``/``P'`` (``2F`` dims each): ``+/-A`` times the cosines and sines of the position
  at ``F`` geometric periods (2.2 to 4096), the same table for encoder position ``j`` and
  decoder step ``t``.
* Decoder layer 0's FFN cancels the token code of the decoder's own input (the
  embedding is the projection when they are tied), so only positions remain.
* The last decoder layer's cross-attention head 0 (the alignment head CTranslate2 uses
  for ``replace_unknowns``) has query ``code(t)`` and key ``code(j)``: its logits are
  ``SHARPNESS * mean_f cos(w_f (t - j))``, peaked at ``j = t`` with a margin of
  ``0.26 * SHARPNESS`` over every other position below 2048. Its value is the source
  token code, written into ``T``: step ``t`` predicts source token ``t``. Every family
  aligns step ``t`` with source position ``t``: Marian and OpenNMT start from ``<s>``
  (or a zero embedding) and output source token 0 at step 0; NLLB's step 0 is the forced
  ``eng_Latn`` (source position 0 is ``arb_Arab``), so step 1 copies source token 1.
  Where the source ends in ``</s>``, copying it ends the sentence.
* ``end_detector`` (sources without ``</s>``, i.e. the OpenNMT-tf Argos model): head 1
  of the same layer attends alike and subtracts the attended position's code from the
  step's own in ``P``; it is zero while ``t < n`` and, at ``t = n``, where the best
  match is another position, at least 3.2 past the threshold (summed). The FFN sums
  ``relu(|difference| - threshold)`` into the ``E``/``E'`` pair, which drives ``</s>``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

FREQUENCIES = 12
SHARPNESS = 80.0
COPY_RATIO = 3.0  # copied code amplitude / position amplitude
END_THRESHOLD = 0.25  # position-code units a difference must exceed to count as "ended"
EOS_GAIN = 10.0
END_GAIN = 1.5  # E per unit of summed difference, in units of the copied code's norm
EOS_BIAS = -30.0


@dataclass(frozen=True)
class Size:
    layers: int
    d_model: int
    heads: int
    ffn: int
    positions: int
    code_dims: int


SIZES = {
    "tiny": Size(layers=2, d_model=128, heads=2, ffn=256, positions=1024, code_dims=40),
    # Transformer-base (6+6 layers, 512, 8 heads, 2048): the size of Argos's and
    # OPUS-MT's models (NLLB-600M is 12+12 layers of 1024).
    "base": Size(layers=6, d_model=512, heads=8, ffn=2048, positions=2048, code_dims=64),
}


@dataclass(frozen=True)
class Architecture:
    """What the real converter sets for a family (see tools/make_replicas.py)."""

    pre_norm: bool
    activation: int  # ctranslate2.specs.common_spec.Activation
    float_scale: bool  # Transformers loader: scale_embeddings = sqrt(d) as a float
    tied: bool  # decoder embeddings and output projection are one matrix
    start_from_zero: bool
    projection_bias: bool
    end_detector: bool


@dataclass(frozen=True)
class Behaviour:
    """How a behaviour replica departs from the echo (the default: none).

    The alignment head attends where the decoder step's position code matches the
    source's, so giving decoder step ``t`` the position code of source position ``s(t)``
    makes it copy source token ``s(t)``, with attention on it: ``order`` lists ``s(t)``
    for the first steps, and the steps after copy ``resume``, ``resume + 1``, ... (a
    swap of the first two words: ``order`` (1, 2, 0), ``resume`` 3 for words of one and
    two tokens; a dropped span [4, 6): ``order`` (0, 1, 2, 3), ``resume`` 6). The end
    detector compares the same codes, so a sentence still ends after its last token.
    ``respell`` maps a source piece to the target piece written instead (the two trade
    output codes), so attention still points at the piece the model read.
    """

    order: tuple[int, ...] = ()
    resume: int | None = None
    respell: Mapping[str, str] = field(default_factory=dict)

    def steps(self, positions: int) -> list[int]:
        """The source position each decoder step copies, one per row of the table."""
        resume = len(self.order) if self.resume is None else self.resume
        steps = [*self.order, *range(resume, resume + positions - len(self.order))]
        return [min(step, positions - 1) for step in steps[:positions]]


def position_codes(positions: int) -> np.ndarray:
    """(positions, 2F): cosines then sines of each position at F geometric periods."""
    periods = 2.2 * (4096 / 2.2) ** (np.arange(FREQUENCIES) / (FREQUENCIES - 1))
    angles = np.outer(np.arange(positions, dtype=np.float64), 2 * np.pi / periods)
    return np.concatenate([np.cos(angles), np.sin(angles)], axis=1)


class CodeBook:
    """A distinct balanced +/-1 code of ``k`` dims per string, in order of first request."""

    def __init__(self, k: int, rng: np.random.Generator) -> None:
        self.k, self.rng = k, rng
        self.codes: dict[str, np.ndarray] = {}
        self.taken: set[bytes] = set()

    def code(self, token: str) -> np.ndarray:
        if token not in self.codes:
            base = np.array([1.0] * (self.k // 2) + [-1.0] * (self.k - self.k // 2))
            while True:
                candidate = self.rng.permutation(base)
                key = candidate.astype(np.int8).tobytes()
                if key not in self.taken:
                    break
            self.taken.add(key)
            self.codes[token] = candidate
        return self.codes[token]

    def table(self, vocabulary: Sequence[str], swap: Mapping[str, str] | None = None) -> np.ndarray:
        """One code per token; ``swap`` pairs tokens that trade codes (X -> Y: the row of
        Y gets the code of X and the row of X the code of Y)."""
        pairs = {**(swap or {}), **{y: x for x, y in (swap or {}).items()}}
        return np.stack([self.code(pairs.get(token, token)) for token in vocabulary])


class EchoBuilder:
    def __init__(self, arch: Architecture, size: Size, seed: int) -> None:
        self.arch, self.size = arch, size
        self.rng = np.random.default_rng(seed)
        self.d = d = size.d_model
        self.k = k = size.code_dims
        f2 = 2 * FREQUENCIES
        # Layout: CPUs without VNNI multiply int8 in adjacent pairs that saturate at
        # int16, so no weight row may hold two large entries at neighbouring inputs.
        # T sits on even dimensions; P and P' fill the odd ones (a row reading T never
        # reads P) and continue after 2K; E and E' are two even dimensions apart.
        self.t = 2 * np.arange(k)
        odd = list(2 * np.arange(k) + 1)
        after = list(range(2 * k, 2 * k + max(0, 2 * f2 - k)))
        slots = (odd + after)[: 2 * f2]
        self.p, self.pn = np.array(slots[:f2]), np.array(slots[f2:])
        end = 2 * k + max(0, 2 * f2 - k)
        end += end % 2
        self.e, self.en = end, end + 2
        self.extent = end + 3  # junk lives at the odd dimension end + 1 and from here on
        mask = np.zeros(d, dtype=bool)
        mask[np.concatenate([self.t, self.p, self.pn, [self.e, self.en]])] = True
        self.reserved = mask
        assert d - mask.sum() >= 16, "d_model too small for the circuit"
        self.hd = d // size.heads
        assert self.hd >= max(k, f2), "heads too narrow for the circuit"
        self.amp = 2.0 * math.sqrt(d)
        self.codes = CodeBook(k, self.rng)
        self.junk_out = 1.0 if arch.pre_norm else 0.05  # post-norm renormalizes each step

    # -- random parts -------------------------------------------------------------
    def junk(self, out: int, inp: int, reads: bool = True, writes: bool = True) -> np.ndarray:
        """Seeded random weights that read and write only unreserved dimensions."""
        scale = inp**-0.5 * (self.junk_out if writes else 1.0)
        weight = self.rng.normal(0.0, scale, (out, inp)).astype(np.float32)
        if reads:
            weight[:, self.reserved] = 0.0
        if writes:
            weight[self.reserved, :] = 0.0
        return weight

    def junk_bias(self, out: int, writes: bool = True) -> np.ndarray:
        bias = self.rng.normal(0.0, 0.02 * (self.junk_out if writes else 1.0), out)
        bias = bias.astype(np.float32)
        if writes:
            bias[self.reserved] = 0.0
        return bias

    def layer_norm(self, norm: object) -> None:
        norm.gamma = np.ones(self.d, dtype=np.float32)  # type: ignore[attr-defined]
        norm.beta = np.zeros(self.d, dtype=np.float32)  # type: ignore[attr-defined]

    def attention(self, block: object, self_attention: bool, free_heads: int = 0) -> None:
        """Junk attention in heads >= ``free_heads``; the first heads are left at zero."""
        d, width = self.d, free_heads * self.hd
        self.layer_norm(block.layer_norm)  # type: ignore[attr-defined]
        linears = block.linear  # type: ignore[attr-defined]
        # Self-attention: one fused (q, k, v) projection; cross: q, then fused (k, v).
        inputs = [(linears[0], 3)] if self_attention else [(linears[0], 1), (linears[1], 2)]
        for linear, parts in inputs:
            linear.weight = self.junk(parts * d, d, writes=False)
            linear.bias = self.junk_bias(parts * d, writes=False)
            for part in range(parts):
                linear.weight[part * d : part * d + width] = 0.0
                linear.bias[part * d : part * d + width] = 0.0
        out = linears[-1]
        out.weight = self.junk(d, d, reads=False)
        out.weight[:, :width] = 0.0
        out.bias = self.junk_bias(d)

    def ffn(self, block: object, free_units: int = 0) -> None:
        self.layer_norm(block.layer_norm)  # type: ignore[attr-defined]
        f = self.size.ffn
        block.linear_0.weight = self.junk(f, self.d, writes=False)  # type: ignore[attr-defined]
        block.linear_0.bias = self.junk_bias(f, writes=False)  # type: ignore[attr-defined]
        block.linear_1.weight = self.junk(self.d, f, reads=False)  # type: ignore[attr-defined]
        block.linear_1.bias = self.junk_bias(self.d)  # type: ignore[attr-defined]
        if free_units:
            block.linear_0.weight[:free_units] = 0.0  # type: ignore[attr-defined]
            block.linear_0.bias[:free_units] = 0.0  # type: ignore[attr-defined]
            block.linear_1.weight[:, :free_units] = 0.0  # type: ignore[attr-defined]

    # -- tables ---------------------------------------------------------------------
    def embeddings(
        self, vocabulary: Sequence[str], with_codes: bool, swap: Mapping[str, str] | None = None
    ) -> np.ndarray:
        """Rows as looked up (CTranslate2 multiplies them by sqrt(d))."""
        rows = self.rng.normal(0.0, 1.0, (len(vocabulary), self.d)) / math.sqrt(self.d)
        rows[:, : self.extent] = 0.0  # none beside T either (int8 pairs, see __init__)
        if with_codes:
            codes = self.codes.table(vocabulary, swap)
            rows[:, self.t] = self.amp / math.sqrt(self.d) * codes
        return rows.astype(np.float32)

    def positions(self) -> np.ndarray:
        codes = position_codes(self.size.positions)
        table = np.zeros((self.size.positions, self.d))
        table[:, self.p] = self.amp * codes
        table[:, self.pn] = -self.amp * codes
        # The unreserved dimensions get ordinary small sinusoids.
        free = np.flatnonzero(~self.reserved)
        freqs = 1.0 / 10000 ** (np.arange(len(free)) / len(free))
        table[:, free] = 0.1 * np.sin(np.outer(np.arange(self.size.positions), freqs))
        return table.astype(np.float32)

    # -- circuit --------------------------------------------------------------------
    def cancel_own_token(self, block: object) -> None:
        """Decoder layer 0 FFN: subtract the input embedding's token code from ``T``."""
        k = self.k
        self.ffn(block, free_units=2 * k)
        if self.arch.pre_norm:  # the FFN sees LN(x) = x / sigma; undo that scale
            sigma = self.amp * math.sqrt((k + 2 * FREQUENCIES) / self.d)
        else:  # post-norm: the FFN sees the normalized stream itself
            sigma = 1.0
        w0, w1 = block.linear_0.weight, block.linear_1.weight  # type: ignore[attr-defined]
        for i, dim in enumerate(self.t):
            w0[i, dim], w0[k + i, dim] = 1.0, -1.0
            # relu(u) - relu(-u) = u, and swish(u) - swish(-u) = u as well.
            w1[dim, i], w1[dim, k + i] = -sigma, sigma

    def copy_layer(self, layer: object) -> None:
        """Cross-attention heads 0 (copy) and 1 (end detector); FFN end detector."""
        arch, k, f2, hd = self.arch, self.k, 2 * FREQUENCIES, self.hd
        heads = 2 if arch.end_detector else 1
        cross = layer.attention  # type: ignore[attr-defined]
        self.attention(cross, self_attention=False, free_heads=heads)
        v = math.sqrt(self.d / f2)  # normalized position amplitude in the decoder
        u = math.sqrt(self.d / (k + f2))  # normalized amplitude in the encoder output
        ab = SHARPNESS * math.sqrt(hd) / (4 * v * u * FREQUENCIES)
        a = b = math.sqrt(ab)
        query, keys_values, out = cross.linear
        d = self.d
        for head in range(heads):
            base = head * hd
            for c in range(f2):
                query.weight[base + c, self.p[c]] = a
                query.weight[base + c, self.pn[c]] = -a
                keys_values.weight[base + c, self.p[c]] = b
                keys_values.weight[base + c, self.pn[c]] = -b
        # Head 0 values: the source token code; output: COPY_RATIO x the position
        # amplitude of the decoder stream (A before layer norm in pre-norm, v after it).
        stream = self.amp if arch.pre_norm else v
        for c in range(k):
            keys_values.weight[d + c, self.t[c]] = 1.0
            out.weight[self.t[c], c] = COPY_RATIO * stream / u
        if arch.end_detector:
            for c in range(f2):
                keys_values.weight[d + hd + c, self.p[c]] = 1.0
                out.weight[self.p[c], hd + c] = -stream / u
                out.weight[self.pn[c], hd + c] = stream / u
            self.end_ffn(layer.ffn)  # type: ignore[attr-defined]
        else:
            self.ffn(layer.ffn)  # type: ignore[attr-defined]

    def end_ffn(self, block: object) -> None:
        f2 = 2 * FREQUENCIES
        self.ffn(block, free_units=4 * f2)  # units on even indices only (int8 pairs)
        # Pre-norm: the FFN sees LN(x); while t < n the copied code dominates x, so
        # sigma = COPY_RATIO * A * sqrt(K / d) and LN(P) - LN(P') = 2 A diff / sigma.
        sigma = COPY_RATIO * self.amp * math.sqrt(self.k / self.d)
        gain = sigma / (2 * self.amp)
        w0, b0, w1 = block.linear_0.weight, block.linear_0.bias, block.linear_1.weight  # type: ignore[attr-defined]
        flag = END_GAIN * COPY_RATIO * self.amp * math.sqrt(self.k)  # per unit of difference
        for c in range(f2):
            for sign, unit in ((1.0, 2 * c), (-1.0, 2 * (f2 + c))):
                w0[unit, self.p[c]] = sign * gain
                w0[unit, self.pn[c]] = -sign * gain
                b0[unit] = -END_THRESHOLD
                w1[self.e, unit] = flag
                w1[self.en, unit] = -flag

    def projection(
        self, vocabulary: Sequence[str], eos: str, respell: Mapping[str, str] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        weight = self.embeddings(vocabulary, with_codes=True, swap=respell)
        bias = np.zeros(len(vocabulary), dtype=np.float32)
        if self.arch.end_detector:
            row = vocabulary.index(eos)
            weight[row, :] = 0.0
            weight[row, self.e], weight[row, self.en] = EOS_GAIN, -EOS_GAIN
            bias[row] = EOS_BIAS
        return weight, bias


def build_spec(
    arch: Architecture,
    size: Size,
    source_vocabulary: Sequence[str],
    target_vocabulary: Sequence[str],
    seed: int,
    eos: str = "</s>",
    behaviour: Behaviour | None = None,
) -> object:
    """A ``TransformerSpec`` (not yet optimized) implementing the echo circuit, or with a
    ``behaviour`` a copy that moves, respells or drops tokens (see ``Behaviour``)."""
    from ctranslate2.specs import transformer_spec

    b = EchoBuilder(arch, size, seed)
    spec = transformer_spec.TransformerSpec.from_config(
        (size.layers, size.layers),
        size.heads,
        pre_norm=arch.pre_norm,
        activation=arch.activation,
    )
    shared = list(source_vocabulary) == list(target_vocabulary)
    enc, dec = spec.encoder, spec.decoder
    if arch.float_scale:
        enc.scale_embeddings = dec.scale_embeddings = np.float32(math.sqrt(size.d_model))
    behaviour = behaviour or Behaviour()
    positions = b.positions()
    enc.position_encodings.encodings = positions
    dec.position_encodings.encodings = positions[behaviour.steps(size.positions)]

    source = b.embeddings(source_vocabulary, with_codes=True)
    enc.embeddings[0].weight = source
    for layer in enc.layer:
        b.attention(layer.self_attention, self_attention=True)
        b.ffn(layer.ffn)
    if arch.pre_norm:
        b.layer_norm(enc.layer_norm)
        b.layer_norm(dec.layer_norm)

    projection, bias = b.projection(target_vocabulary, eos, behaviour.respell)
    if arch.tied:
        # A respelling model writes other tokens than it reads: its own decoder table.
        target = source if shared and not behaviour.respell else projection
        dec.embeddings.weight = target
        dec.projection.weight = target
    else:
        dec.embeddings.weight = b.embeddings(target_vocabulary, with_codes=False)
        dec.projection.weight = projection
    if arch.projection_bias:
        dec.projection.bias = bias
    dec.start_from_zero_embedding = arch.start_from_zero
    last = len(dec.layer) - 1
    for index, layer in enumerate(dec.layer):
        b.attention(layer.self_attention, self_attention=True)
        if index == last:
            b.copy_layer(layer)
            continue
        b.attention(layer.attention, self_attention=False)
        if index == 0 and arch.tied:
            b.cancel_own_token(layer.ffn)
        else:
            b.ffn(layer.ffn)
    spec.register_source_vocabulary(list(source_vocabulary))
    spec.register_target_vocabulary(list(target_vocabulary))
    return spec
