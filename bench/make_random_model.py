"""Build an Argos-style ar→en package with random weights, for benchmarks only.

    python bench/make_random_model.py OUT_DIR [--size base|tiny] [--seed 1234]

Writes OUT_DIR/<name>/ (metadata.json, sentencepiece.model, model/) and prints its path.
Nothing here is committed: the package is large (about 100 MB for base) and useless
for translation. Its outputs are random tokens; what matters is that every strategy
in bench_translate.py does the same amount of work with it:

* the output bias of ``</s>`` is -1e4, so the model never ends a sentence by itself;
* the benchmark passes ``min_decoding_length = max_decoding_length = ceil(1.2 × n)``
  for a sentence of n source tokens, so every sentence decodes exactly that many steps
  whichever strategy batches it.

The SentencePiece model (32k pieces, like a real Argos model) is trained on the
SaudiNewsNet sample's titles and paragraphs plus English docstrings from Python's
standard library, so Arabic news tokenizes into realistic token counts.
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
EOS_BIAS = -1e4
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
    "tiny": Size(layers=2, d_model=128, heads=4, ffn=512),
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


def build_spec(size: Size, vocabulary: list[str], seed: int) -> object:
    """A TransformerSpec with every variable filled with seeded random values."""
    from ctranslate2.specs import model_spec, transformer_spec

    spec = transformer_spec.TransformerSpec.from_config(
        (size.layers, size.layers), size.heads, pre_norm=True
    )
    rng = np.random.default_rng(seed)
    d, ffn, vocab = size.d_model, size.ffn, len(vocabulary)
    # Linear weights are (out, in); attention projections are fused like the converters do.
    shapes = {
        "self_attention/linear_0": (3 * d, d),  # fused Q, K, V
        "attention/linear_0": (d, d),  # cross-attention Q
        "attention/linear_1": (2 * d, d),  # cross-attention fused K, V
        "ffn/linear_0": (ffn, d),
        "ffn/linear_1": (d, ffn),
        "projection": (vocab, d),
        "embeddings": (vocab, d),
    }

    def shape_of(scope: str) -> tuple[int, ...]:
        for key, shape in shapes.items():
            if key in scope:
                return shape
        return (d, d)  # attention output projections

    def fill(layer: object, name: str, value: object) -> None:
        attr = name.rsplit("/", 1)[-1]
        if value is None:
            if attr == "gamma":
                array = np.ones(d, dtype=np.float32)
            elif attr == "beta":
                array = np.zeros(d, dtype=np.float32)
            else:
                out, inp = shape_of(name)
                array = rng.normal(0.0, inp**-0.5, (out, inp)).astype(np.float32)
            setattr(layer, attr, array)
        elif isinstance(value, str) and value == model_spec.OPTIONAL and attr == "bias":
            out = shape_of(name)[0]
            array = rng.normal(0.0, 0.02, out).astype(np.float32)
            if "projection" in name:
                array[vocabulary.index("</s>")] = EOS_BIAS  # the model never stops by itself
            setattr(layer, attr, array)

    model_spec.visit_spec(spec, fill)
    for piece_list in (spec.register_source_vocabulary, spec.register_target_vocabulary):
        piece_list(vocabulary)
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
            f"FFN {size.ffn}, {len(vocabulary)} pieces), seed {seed}; it never emits </s>"
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
