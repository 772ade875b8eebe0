"""Build an Argos-style ar→en package with random weights, for benchmarks only.

    python bench/make_random_model.py OUT_DIR [--size base|tiny] [--seed 1234]

Writes OUT_DIR/random-<size>-ar_en/ (metadata.json, sentencepiece.model, model/) and
prints its path. Nothing here is committed: the base package is about 100 MB and
translates nothing. What it must do is make every strategy in bench_translate.py do
the same work: a sentence of n source tokens always decodes exactly ceil(1.2 × n)
tokens, whoever batches it and however, with no special decoding options.

How: the weights are random (seeded numpy), except for a small circuit in 130
reserved dimensions of the residual stream that no random layer reads or writes
(see ``LengthCircuit``). CTranslate2 appends ``</s>`` to the source; the encoder
marks that position; one cross-attention head of the first decoder layer, through
sinusoidal position codes whose decoder frequencies are divided by 1.2, attends at
decoder step t to source position ≈ t / 1.2 and so lands on the ``</s>`` mark exactly
from step ceil(1.2 × n) on; that mark drives the ``</s>`` logit from -100 to +100.
The model therefore ends each sentence itself, at a length fixed by its source,
and CTranslate2 drops finished sentences from a batch as it would for a real model.

The SentencePiece model (32k BPE pieces, like a real Argos model's vocabulary) is
trained on the SaudiNewsNet sample's titles and paragraphs plus English docstrings
from Python's standard library, so Arabic news splits into realistic token counts.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "saudinewsnet-275.jsonl"
VOCAB_SIZE = 32000


@dataclass(frozen=True)
class Size:
    layers: int
    d_model: int
    heads: int
    ffn: int


SIZES = {
    # Transformer-base (Vaswani et al. 2017), the size of Argos's ar→en model.
    "base": Size(layers=6, d_model=512, heads=8, ffn=2048),
    # For checking the scripts quickly.
    "tiny": Size(layers=2, d_model=256, heads=4, ffn=1024),
}


def arabic_text(corpus: Path) -> list[str]:
    lines: list[str] = []
    with corpus.open(encoding="utf-8") as handle:
        for row in handle:
            article = json.loads(row)
            lines.append(article["title"].strip())
            lines.extend(p.strip() for p in article["content"].split("\n") if p.strip())
    return lines


def english_text() -> list[str]:
    """Paragraphs of English prose: the docstrings of the standard library's modules."""
    lines: list[str] = []
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef):
                doc = ast.get_docstring(node)
                for paragraph in (doc or "").split("\n\n"):
                    text = " ".join(paragraph.split())
                    if len(text) > 40 and text[0].isalpha():
                        lines.append(text)
    return lines


def train_sentencepiece(prefix: Path, lines: list[str], seed: int) -> list[str]:
    """Train the tokenizer; return its pieces in id order (the model's vocabulary)."""
    import sentencepiece as spm

    rng = np.random.default_rng(seed)
    order = rng.permutation(len(lines))
    text = prefix.with_suffix(".txt")
    text.write_text("\n".join(lines[i] for i in order) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(text),
        model_prefix=str(prefix),
        vocab_size=VOCAB_SIZE,
        model_type="bpe",
        character_coverage=0.9995,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
        max_sentence_length=1 << 16,
        num_threads=1,  # deterministic
        minloglevel=2,
    )
    processor = spm.SentencePieceProcessor(model_file=str(prefix.with_suffix(".model")))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


class LengthCircuit:
    """The reserved dimensions that make the model stop at ceil(1.2 × n) tokens.

    Residual dimensions 0-63 carry sinusoids of the position (amplitude ``P``): source
    position j in the encoder, t / 1.2 + ``SHIFT`` at decoder step t (and their negation
    in 64-127, so layer norm's mean cancels out of the query). Encoder dimension 64 marks
    the source's ``</s>``. Decoder dimensions 128 and 129 receive what the length head
    reads there, and feed the ``</s>`` logit. Random layers neither read nor write any of
    these dimensions, so int8 rounding is the only noise on the circuit.
    """

    RATIO = 1.2
    # Puts the boundary between source positions n-1 and n between steps ceil(1.2n)-1
    # and ceil(1.2n), for every n (checked numerically for n < 1025).
    SHIFT = -0.4167
    P = 100.0  # large, so the circuit dominates layer norm statistics and int8 scales
    SHARPNESS = 12.0  # attention logit scale: <1e-7 leaks before the step, >0.9999 at it
    EOS_GAIN = 1.0
    EOS_BIAS = -100.0  # the </s> logit is -100 before the step and +100 at it
    RESERVED = 130
    FREQUENCIES = 32
    MAX_POSITIONS = 2048

    @classmethod
    def codes(cls, positions: np.ndarray) -> np.ndarray:
        """(len, 64) cosines and sines of the positions, at 32 geometric periods."""
        periods = 2.2 * (4096 / 2.2) ** (np.arange(cls.FREQUENCIES) / (cls.FREQUENCIES - 1))
        angles = np.outer(positions, 2 * np.pi / periods)
        out = np.empty((len(positions), 2 * cls.FREQUENCIES), dtype=np.float64)
        out[:, 0::2], out[:, 1::2] = np.cos(angles), np.sin(angles)
        return out

    @classmethod
    def encoder_positions(cls, d: int) -> np.ndarray:
        table = np.zeros((cls.MAX_POSITIONS, d), dtype=np.float32)
        table[:, :64] = cls.P * cls.codes(np.arange(cls.MAX_POSITIONS, dtype=np.float64))
        return table

    @classmethod
    def decoder_positions(cls, d: int) -> np.ndarray:
        steps = np.arange(cls.MAX_POSITIONS, dtype=np.float64) / cls.RATIO + cls.SHIFT
        table = np.zeros((cls.MAX_POSITIONS, d), dtype=np.float32)
        table[:, :64] = cls.P * cls.codes(steps)
        table[:, 64:128] = -table[:, :64]
        return table


def build_spec(size: Size, vocabulary: list[str], seed: int) -> object:
    """A TransformerSpec: seeded random weights plus the length circuit."""
    from ctranslate2.specs import transformer_spec

    c = LengthCircuit
    d, ffn, vocab, r = size.d_model, size.ffn, len(vocabulary), c.RESERVED
    eos = vocabulary.index("</s>")
    rng = np.random.default_rng(seed)
    # No final layer norm: the circuit's values reach the cross-attention keys and the
    # output projection unscaled.
    spec = transformer_spec.TransformerSpec.from_config(
        (size.layers, size.layers), size.heads, pre_norm=True, no_final_norm=True
    )
    spec.config.add_source_eos = True

    def linear(out: int, inp: int, reads: bool = True, writes: bool = True) -> np.ndarray:
        weight = rng.normal(0.0, inp**-0.5, (out, inp)).astype(np.float32)
        if reads:  # input is the residual stream: ignore the reserved dimensions
            weight[:, :r] = 0.0
        if writes:  # output is added to the residual stream: leave them alone
            weight[:r, :] = 0.0
        return weight

    def bias(out: int, writes: bool = True) -> np.ndarray:
        values = rng.normal(0.0, 0.02, out).astype(np.float32)
        if writes:
            values[:r] = 0.0
        return values

    def layer_norm(norm: object) -> None:
        # Plain (gamma 1, beta 0). Layer norm divides by a deviation the circuit dominates,
        # so the random layers see small inputs and the residual stream cannot grow from
        # layer to layer (scaling them back up made it grow geometrically over 6 layers
        # and drown the circuit).
        norm.gamma = np.ones(d, dtype=np.float32)  # type: ignore[attr-defined]
        norm.beta = np.zeros(d, dtype=np.float32)  # type: ignore[attr-defined]

    def ffn_layer(block: object) -> None:
        layer_norm(block.layer_norm)  # type: ignore[attr-defined]
        block.linear_0.weight = linear(ffn, d, writes=False)  # type: ignore[attr-defined]
        block.linear_0.bias = bias(ffn, writes=False)  # type: ignore[attr-defined]
        block.linear_1.weight = linear(d, ffn, reads=False)  # type: ignore[attr-defined]
        block.linear_1.bias = bias(d)  # type: ignore[attr-defined]

    def self_attention(block: object) -> None:
        layer_norm(block.layer_norm)  # type: ignore[attr-defined]
        block.linear[0].weight = linear(3 * d, d, writes=False)  # type: ignore[attr-defined]
        block.linear[0].bias = bias(3 * d, writes=False)  # type: ignore[attr-defined]
        block.linear[1].weight = linear(d, d, reads=False)  # type: ignore[attr-defined]
        block.linear[1].bias = bias(d)  # type: ignore[attr-defined]

    def embeddings(table: object, positions: object, codes: np.ndarray) -> None:
        weight = rng.normal(0.0, d**-0.5, (vocab, d)).astype(np.float32)
        weight[:, :r] = 0.0
        table.weight = weight  # type: ignore[attr-defined]
        positions.encodings = codes  # type: ignore[attr-defined]

    embeddings(spec.encoder.embeddings[0], spec.encoder.position_encodings, c.encoder_positions(d))
    spec.encoder.embeddings[0].weight[eos, 64] = c.P / d**0.5  # scaled by sqrt(d) on lookup
    for layer in spec.encoder.layer:
        self_attention(layer.self_attention)
        ffn_layer(layer.ffn)

    # The decoder's layer norm deviation: the circuit's 64 P^2 dominate the sum of squares.
    sigma_dec = (64 * c.P**2 / d + 1.0) ** 0.5
    embeddings(spec.decoder.embeddings, spec.decoder.position_encodings, c.decoder_positions(d))
    for layer in spec.decoder.layer:
        self_attention(layer.self_attention)
        ffn_layer(layer.ffn)
        cross = layer.attention
        layer_norm(cross.layer_norm)
        cross.linear[0].weight = linear(d, d, writes=False)
        cross.linear[0].bias = bias(d, writes=False)
        cross.linear[1].weight = linear(2 * d, d, writes=False)
        cross.linear[1].bias = bias(2 * d, writes=False)
        cross.linear[2].weight = linear(d, d, reads=False)
        cross.linear[2].bias = bias(d)

    # The length head: query = codes of t/1.2 + SHIFT, key = codes of j, so its logits
    # are SHARPNESS * sum_k cos(w_k (j - t/1.2 - SHIFT)), peaked at j = t/1.2 + SHIFT.
    head_dim = d // size.heads
    assert head_dim >= 64 and d > r, "the length circuit needs 64-wide heads and d > 130"
    first = (size.heads - 1) * head_dim  # the last head
    head = slice(first, first + head_dim)
    # q_i = a (LN(x)_i - LN(x)_{64+i}) = 2 a P cos_i / sigma; k_i = b P cos_i(j); the
    # attention divides by sqrt(head_dim), so a b = SHARPNESS sigma sqrt(head_dim) / (2 P^2).
    ab = c.SHARPNESS * sigma_dec * head_dim**0.5 / (2 * c.P**2)
    a = b = ab**0.5
    cross = spec.decoder.layer[0].attention
    query, keys_values, output = cross.linear[0], cross.linear[1], cross.linear[2]
    for bank in (query.weight[head], keys_values.weight[head], keys_values.weight[d:][head]):
        bank[:] = 0.0
    query.bias[head] = 0.0
    keys_values.bias[head] = 0.0
    keys_values.bias[d:][head] = 0.0
    for i in range(64):
        query.weight[first + i, i] = a
        query.weight[first + i, 64 + i] = -a
        keys_values.weight[first + i, i] = b
    keys_values.weight[d + first, 64] = 1.0  # value: the </s> mark, P at that position
    output.weight[:, head] = 0.0
    output.weight[128, first] = c.EOS_GAIN
    output.weight[129, first] = -c.EOS_GAIN

    projection = linear(vocab, d, writes=False)
    projection[eos, :] = 0.0
    projection[eos, 128], projection[eos, 129] = 1.0, -1.0
    projection_bias = bias(vocab, writes=False)
    projection_bias[eos] = c.EOS_BIAS
    spec.decoder.projection.weight = projection
    spec.decoder.projection.bias = projection_bias

    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    return spec


def build(out_dir: Path, size_name: str, seed: int) -> Path:
    size = SIZES[size_name]
    name = f"random-{size_name}-ar_en"
    package = out_dir / name
    (package / "model").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        prefix = Path(work) / "sentencepiece"
        vocabulary = train_sentencepiece(prefix, arabic_text(CORPUS) + english_text(), seed)
        (package / "sentencepiece.model").write_bytes(prefix.with_suffix(".model").read_bytes())
    spec = build_spec(size, vocabulary, seed)
    # The converters' sequence: check every variable is set, quantize, write.
    spec.validate()  # type: ignore[attr-defined]
    spec.optimize(quantization="int8")  # type: ignore[attr-defined]
    spec.save(str(package / "model"))  # type: ignore[attr-defined]
    metadata = {
        "package_version": "0.0.1",
        "argos_version": "1.9.0",
        "from_code": "ar",
        "from_name": "Arabic",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
        "demo": True,
        "placeholders": False,
        "max_input_tokens": 200,
        "description": (
            f"RANDOM WEIGHTS, benchmarks only: transformer {size_name} "
            f"({size.layers}+{size.layers} layers, d={size.d_model}, {size.heads} heads, "
            f"FFN {size.ffn}, {len(vocabulary)} pieces), seed {seed}; decodes exactly ceil(1.2 n) tokens for n source tokens"
        ),
    }
    (package / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    return package


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", choices=sorted(SIZES), default="base")
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args(argv)
    print(build(args.out_dir, args.size, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
