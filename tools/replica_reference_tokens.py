"""Reference tokenization of the replicas, stored as tests/data/replica-tokens.json.

    /work/venv-hf/bin/python tools/replica_reference_tokens.py \\
        [--replicas tests/models/replicas] [--out tests/data/replica-tokens.json] \\
        [--argos-python /work/venv/bin/python]

Run by hand, never by the tests. The Hugging Face part needs a separate venv with
transformers (``python3 -m venv /work/venv-hf; /work/venv-hf/bin/pip install
torch==2.13.0; /work/venv-hf/bin/pip install transformers sentencepiece sacremoses``;
transformers is never a dependency of the project). The Argos part needs the project's
venv (argostranslate and its sacremoses); when this interpreter lacks argostranslate the
script runs itself under ``--argos-python`` for that part. Both parts read the test
sentences of tools/replicas/corpus.py.

Output: ``{family: [{"text", "tokens", "ids", "echo", "decoded"}, ...]}``, one entry per
test sentence, families in build order.

* ``tokens``: the source exactly as it goes to ``Translator.translate_batch``: the
  reference tokenizer's output, with the specials that tokenizer adds (``</s>`` for
  Marian-HF; ``arb_Arab`` ... ``</s>`` for NLLB) and without those CTranslate2 adds
  itself (argos-bpe and opus-mt-ct2 have ``add_source_eos``; argos-sp adds nothing).
* ``ids``: indices into the replica's CTranslate2 *source* vocabulary (the line number
  of shared_vocabulary.txt, whose implicit ``<unk>`` is the last id; the position in
  shared_vocabulary.json or source_vocabulary.json). A token missing from it gets the
  ``<unk>`` id, which is what CTranslate2 does. For the two Hugging Face families the
  tokenizer's own ids are checked to be these.
* ``echo``: the target tokens the replica returns (greedy or beam): ``tokens`` without
  ``</s>``, for NLLB ``eng_Latn`` (the target prefix) then the pieces, unknown ones as
  ``<unk>``.
* ``decoded``: the reference pipeline's text for ``echo``. argos-sp: argostranslate's
  ``SentencePieceTokenizer.decode`` (``decode_pieces``, then "▁" and "_" replaced by
  spaces) and the single leading space ``apply_packaged_translation`` drops; argos-bpe:
  ``BPETokenizer.decode`` (drop "@@ ", Moses-detokenize, unescape); opus-mt-ct2:
  ``target.spm`` ``decode_pieces`` (CTranslate2's OPUS-MT guide); marian-hf-ct2 and
  nllb-ct2: ``tokenizer.decode(tokenizer.convert_tokens_to_ids(target))`` as in
  CTranslate2's Transformers guide (NLLB's target without its first token).

MarianTokenizer is built from the replica's source.spm and target.spm and a vocab.json
made of shared_vocabulary.json plus the ``<pad>`` the converter dropped. NllbTokenizer
is built from sentencepiece.bpe.model with a tokenizer_config.json laid out as the
hub's (``added_tokens_decoder``: fairseq's four specials, the 202 language codes after
the pieces, then ``<mask>``), src_lang "arb_Arab", tgt_lang "eng_Latn"; without it
transformers 5 puts ``<mask>`` before the language codes. With transformers 5.24 both
give SentencePiece's pieces except for a character SentencePiece does not know: it
returns the character itself as the piece, transformers the string ``<unk>`` (same id).
NllbTokenizer is a ``tokenizers`` BPE converted from the SentencePiece model;
MarianTokenizer decodes with source.spm unless its vocabularies are separate.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from replicas.corpus import TEST_SENTENCES

ROOT = Path(__file__).resolve().parents[1]
ORDER = ["argos-sp", "argos-bpe", "opus-mt-ct2", "marian-hf-ct2", "nllb-ct2"]
Entry = dict[str, Any]


def _ids(tokens: list[str], vocabulary: list[str]) -> list[int]:
    index = {token: i for i, token in enumerate(vocabulary)}
    return [index.get(token, index["<unk>"]) for token in tokens]


def _known(tokens: list[str], vocabulary: list[str]) -> list[str]:
    known = set(vocabulary)
    return [token if token in known else "<unk>" for token in tokens]


def argos_entries(replicas: Path) -> dict[str, list[Entry]]:
    """argos-sp, argos-bpe (argostranslate's tokenizers) and opus-mt-ct2 (sentencepiece)."""
    import sentencepiece as spm
    from argostranslate.tokenizer import BPETokenizer, SentencePieceTokenizer

    out: dict[str, list[Entry]] = {}
    lines = (replicas / "argos-sp" / "model" / "shared_vocabulary.txt").read_text("utf-8")
    vocabulary = [*lines.split("\n")[:-1], "<unk>"]  # CTranslate2 appends <unk>
    sp = SentencePieceTokenizer(replicas / "argos-sp" / "sentencepiece.model")
    bpe = BPETokenizer(replicas / "argos-bpe" / "bpe.model", "ar", "en")
    bpe_vocabulary = json.loads(
        (replicas / "argos-bpe" / "model" / "shared_vocabulary.json").read_text("utf-8")
    )
    for family, tokenizer, vocab in (
        ("argos-sp", sp, vocabulary),
        ("argos-bpe", bpe, bpe_vocabulary),
    ):
        entries = []
        for text in TEST_SENTENCES:
            tokens = tokenizer.encode(text)
            echo = _known(tokens, vocab)
            decoded = tokenizer.decode(echo)
            decoded = decoded[1:] if decoded.startswith(" ") else decoded
            entries.append(
                {
                    "text": text,
                    "tokens": tokens,
                    "ids": _ids(tokens, vocab),
                    "echo": echo,
                    "decoded": decoded,
                }
            )
        out[family] = entries
    folder = replicas / "opus-mt-ct2"
    source = spm.SentencePieceProcessor(model_file=str(folder / "source.spm"))
    target = spm.SentencePieceProcessor(model_file=str(folder / "target.spm"))
    source_vocabulary = json.loads((folder / "source_vocabulary.json").read_text("utf-8"))
    target_vocabulary = json.loads((folder / "target_vocabulary.json").read_text("utf-8"))
    entries = []
    for text in TEST_SENTENCES:
        tokens = source.encode(text, out_type=str)
        echo = _known(_known(tokens, source_vocabulary), target_vocabulary)
        entries.append(
            {
                "text": text,
                "tokens": tokens,
                "ids": _ids(tokens, source_vocabulary),
                "echo": echo,
                "decoded": target.decode_pieces(echo),
            }
        )
    out["opus-mt-ct2"] = entries
    return out


def _nllb_tokenizer(folder: Path, vocabulary: list[str], work: Path) -> Any:
    from transformers import NllbTokenizer
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

    (work / "sentencepiece.bpe.model").write_bytes(
        (folder / "sentencepiece.bpe.model").read_bytes()
    )

    def added(token: str, mask: bool = False) -> dict[str, Any]:
        return {
            "content": token,
            "lstrip": mask,
            "normalized": mask,
            "rstrip": False,
            "single_word": False,
            "special": True,
        }

    decoder = {str(vocabulary.index(t)): added(t) for t in ("<s>", "<pad>", "</s>", "<unk>")}
    for code in FAIRSEQ_LANGUAGE_CODES:
        decoder[str(vocabulary.index(code))] = added(code)
    decoder[str(vocabulary.index("<mask>"))] = added("<mask>", mask=True)
    config = {
        "tokenizer_class": "NllbTokenizer",
        "added_tokens_decoder": decoder,
        "additional_special_tokens": list(FAIRSEQ_LANGUAGE_CODES),
        "bos_token": "<s>",
        "eos_token": "</s>",
        "sep_token": "</s>",
        "cls_token": "<s>",
        "unk_token": "<unk>",
        "pad_token": "<pad>",
        "mask_token": "<mask>",
        "legacy_behaviour": False,
        "model_max_length": 1024,
    }
    (work / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    return NllbTokenizer.from_pretrained(str(work), src_lang="arb_Arab", tgt_lang="eng_Latn")


def hf_entries(replicas: Path) -> tuple[dict[str, list[Entry]], list[str]]:
    """marian-hf-ct2 and nllb-ct2 with transformers' tokenizers; also the disagreements."""
    import sentencepiece as spm
    from transformers import MarianTokenizer

    out: dict[str, list[Entry]] = {}
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        folder = replicas / "marian-hf-ct2"
        vocabulary = json.loads((folder / "shared_vocabulary.json").read_text("utf-8"))
        vocab_json = {token: i for i, token in enumerate(vocabulary)}
        vocab_json["<pad>"] = len(vocabulary)
        (work / "vocab.json").write_text(json.dumps(vocab_json, ensure_ascii=False), "utf-8")
        marian = MarianTokenizer(
            str(folder / "source.spm"), str(folder / "target.spm"), str(work / "vocab.json")
        )
        source = spm.SentencePieceProcessor(model_file=str(folder / "source.spm"))
        entries = []
        for text in TEST_SENTENCES:
            hf_ids = marian.encode(text)
            tokens = marian.convert_ids_to_tokens(hf_ids)
            ids = _ids(tokens, vocabulary)
            if ids != hf_ids:
                notes.append(f"marian-hf-ct2: tokenizer ids differ from the vocabulary's: {text!r}")
            if [*source.encode(text, out_type=str), "</s>"] != tokens:
                notes.append(f"marian-hf-ct2: tokens differ from source.spm + </s>: {text!r}")
            echo = tokens[:-1]
            decoded = marian.decode(marian.convert_tokens_to_ids(echo))
            entries.append(
                {"text": text, "tokens": tokens, "ids": ids, "echo": echo, "decoded": decoded}
            )
        out["marian-hf-ct2"] = entries

        folder = replicas / "nllb-ct2"
        vocabulary = json.loads((folder / "shared_vocabulary.json").read_text("utf-8"))
        nllb = _nllb_tokenizer(folder, vocabulary, work)
        sp = spm.SentencePieceProcessor(model_file=str(folder / "sentencepiece.bpe.model"))
        entries = []
        for text in TEST_SENTENCES:
            hf_ids = nllb(text)["input_ids"]
            tokens = nllb.convert_ids_to_tokens(hf_ids)
            ids = _ids(tokens, vocabulary)
            if ids != hf_ids:
                notes.append(f"nllb-ct2: tokenizer ids differ from the vocabulary's: {text!r}")
            if ["arb_Arab", *sp.encode(text, out_type=str), "</s>"] != tokens:
                notes.append(f"nllb-ct2: tokens differ from arb_Arab + spm + </s>: {text!r}")
            echo = ["eng_Latn", *tokens[1:-1]]
            decoded = nllb.decode(nllb.convert_tokens_to_ids(echo[1:]))
            entries.append(
                {"text": text, "tokens": tokens, "ids": ids, "echo": echo, "decoded": decoded}
            )
        out["nllb-ct2"] = entries
    return out, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--replicas", type=Path, default=ROOT / "tests/models/replicas")
    parser.add_argument("--out", type=Path, default=ROOT / "tests/data/replica-tokens.json")
    parser.add_argument("--argos-python", default="/work/venv/bin/python")
    parser.add_argument("--part", choices=["all", "argos"], default="all", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.part == "argos":  # the child run under the project's venv
        json.dump(argos_entries(args.replicas), sys.stdout, ensure_ascii=False)
        return 0
    data, notes = hf_entries(args.replicas)
    try:
        import argostranslate  # noqa: F401

        data.update(argos_entries(args.replicas))
    except ImportError:
        child = subprocess.run(
            [args.argos_python, __file__, "--part", "argos", "--replicas", str(args.replicas)],
            check=True,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        data.update(json.loads(child.stdout))
    ordered = {family: data[family] for family in ORDER}
    args.out.write_text(json.dumps(ordered, ensure_ascii=False, indent=1) + "\n", "utf-8")
    for note in notes:
        print(note)
    print(f"wrote {args.out}: {', '.join(f'{k} {len(v)}' for k, v in ordered.items())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
