"""The echo check: every replica must translate its source into the same tokens.

For each replica and each decoding setting (greedy and beam 4, length penalty 0.2 and
1.0, compute types int8 and float32), one batch holds the test sentences (tokenized as
the family's reference pipeline does) and seeded random piece sequences of growing
length; the output must equal ``Replica.expected`` (the source without ``</s>``; for
NLLB ``eng_Latn`` followed by the source without ``arb_Arab`` and ``</s>``), tokens
missing from the vocabulary counted as ``<unk>``. Also reported: whether the target
tokenizer's decoding of the echo gives back each sentence's text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .corpus import TEST_SENTENCES
from .layouts import Replica

SETTINGS = [(1, 1.0), (1, 0.2), (4, 0.2), (4, 1.0)]
LENGTHS = [*range(1, 41), 64, 96, 128, 192, 256, 384, 512, 768, 1000]
SPECIALS = {"<s>", "</s>", "<unk>", "<pad>", "<blank>", "<mask>"}


def random_sources(replica: Replica, lengths: Sequence[int], seed: int) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    pool = [
        t
        for t in replica.source_vocabulary
        if t not in SPECIALS and not (t.endswith(("_Arab", "_Latn")) or t.startswith("madeupword"))
    ]
    return [replica.wrap([pool[i] for i in rng.integers(0, len(pool), n)]) for n in lengths]


def check(replica: Replica, max_length: int, seed: int = 0) -> dict[str, object]:
    import ctranslate2

    lengths = [n for n in LENGTHS if n <= max_length]
    sentences = [replica.tokenize(text) for text in TEST_SENTENCES]
    randoms = random_sources(replica, lengths, seed)
    sources = sentences + randoms
    wanted = [replica.expected(tokens) for tokens in sources]
    prefix = [replica.target_prefix] * len(sources) if replica.target_prefix else None
    longest = max(len(tokens) for tokens in sources)
    failures: list[str] = []
    exact_lengths = set(lengths)
    for compute_type in ("int8", "float32"):
        translator = ctranslate2.Translator(
            str(replica.model_dir), compute_type=compute_type, intra_threads=2
        )
        for beam, penalty in SETTINGS:
            results = translator.translate_batch(
                sources,
                target_prefix=prefix,
                beam_size=beam,
                length_penalty=penalty,
                max_decoding_length=longest + 4,
                max_batch_size=8,
            )
            for index, (result, want) in enumerate(zip(results, wanted, strict=True)):
                if result.hypotheses[0] != want:
                    what = (
                        f"sentence {index}"
                        if index < len(sentences)
                        else f"random length {lengths[index - len(sentences)]}"
                    )
                    failures.append(f"{compute_type} beam {beam} lp {penalty}: {what}")
                    if index >= len(sentences):
                        exact_lengths.discard(lengths[index - len(sentences)])
    roundtrip = []
    for text, want in zip(TEST_SENTENCES, wanted, strict=False):
        roundtrip.append(replica.detokenize(want) == text)
    prefix_ok = [n for n in lengths if all(m in exact_lengths for m in lengths if m <= n)]
    return {
        "family": replica.family,
        "cases": len(sources) * len(SETTINGS) * 2,
        "failures": failures,
        "longest_exact": max(prefix_ok) if prefix_ok else 0,
        "sentence_tokens": [len(tokens) for tokens in sentences],
        "decode_roundtrip": f"{sum(roundtrip)}/{len(roundtrip)}",
        "roundtrip_misses": [i for i, ok in enumerate(roundtrip) if not ok],
    }
