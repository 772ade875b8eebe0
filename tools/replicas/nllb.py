"""The CTranslate2 conversion of NLLB-200 (see tools/make_replicas.py)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from . import circuit, tokenizers
from .corpus import training_text
from .layouts import Build, Replica, activation_id, or_unk, save_spec

# transformers' NllbTokenizer (tokenization_nllb.py) FAIRSEQ_LANGUAGE_CODES, in order.
NLLB_LANGUAGES = (
    "ace_Arab ace_Latn acm_Arab acq_Arab aeb_Arab afr_Latn ajp_Arab aka_Latn amh_Ethi apc_Arab "
    "arb_Arab ars_Arab ary_Arab arz_Arab asm_Beng ast_Latn awa_Deva ayr_Latn azb_Arab azj_Latn "
    "bak_Cyrl bam_Latn ban_Latn bel_Cyrl bem_Latn ben_Beng bho_Deva bjn_Arab bjn_Latn bod_Tibt "
    "bos_Latn bug_Latn bul_Cyrl cat_Latn ceb_Latn ces_Latn cjk_Latn ckb_Arab crh_Latn cym_Latn "
    "dan_Latn deu_Latn dik_Latn dyu_Latn dzo_Tibt ell_Grek eng_Latn epo_Latn est_Latn eus_Latn "
    "ewe_Latn fao_Latn pes_Arab fij_Latn fin_Latn fon_Latn fra_Latn fur_Latn fuv_Latn gla_Latn "
    "gle_Latn glg_Latn grn_Latn guj_Gujr hat_Latn hau_Latn heb_Hebr hin_Deva hne_Deva hrv_Latn "
    "hun_Latn hye_Armn ibo_Latn ilo_Latn ind_Latn isl_Latn ita_Latn jav_Latn jpn_Jpan kab_Latn "
    "kac_Latn kam_Latn kan_Knda kas_Arab kas_Deva kat_Geor knc_Arab knc_Latn kaz_Cyrl kbp_Latn "
    "kea_Latn khm_Khmr kik_Latn kin_Latn kir_Cyrl kmb_Latn kon_Latn kor_Hang kmr_Latn lao_Laoo "
    "lvs_Latn lij_Latn lim_Latn lin_Latn lit_Latn lmo_Latn ltg_Latn ltz_Latn lua_Latn lug_Latn "
    "luo_Latn lus_Latn mag_Deva mai_Deva mal_Mlym mar_Deva min_Latn mkd_Cyrl plt_Latn mlt_Latn "
    "mni_Beng khk_Cyrl mos_Latn mri_Latn zsm_Latn mya_Mymr nld_Latn nno_Latn nob_Latn npi_Deva "
    "nso_Latn nus_Latn nya_Latn oci_Latn gaz_Latn ory_Orya pag_Latn pan_Guru pap_Latn pol_Latn "
    "por_Latn prs_Arab pbt_Arab quy_Latn ron_Latn run_Latn rus_Cyrl sag_Latn san_Deva sat_Beng "
    "scn_Latn shn_Mymr sin_Sinh slk_Latn slv_Latn smo_Latn sna_Latn snd_Arab som_Latn sot_Latn "
    "spa_Latn als_Latn srd_Latn srp_Cyrl ssw_Latn sun_Latn swe_Latn swh_Latn szl_Latn tam_Taml "
    "tat_Cyrl tel_Telu tgk_Cyrl tgl_Latn tha_Thai tir_Ethi taq_Latn taq_Tfng tpi_Latn tsn_Latn "
    "tso_Latn tuk_Latn tum_Latn tur_Latn twi_Latn tzm_Tfng uig_Arab ukr_Cyrl umb_Latn urd_Arab "
    "uzn_Latn vec_Latn vie_Latn war_Latn wol_Latn xho_Latn ydd_Hebr yor_Latn yue_Hant zho_Hans "
    "zho_Hant zul_Latn"
).split()
NLLB_MADEUP_WORDS = 2  # nllb-200's config vocab_size (256206) exceeds its tokenizer's by 2


def nllb_model(
    size: circuit.Size,
    seed: int,
    vocabulary: list[str],
    folder: Path,
    behaviour: circuit.Behaviour | None = None,
) -> None:
    """Write model.bin, config.json and the shared vocabulary as the Transformers
    converter does for NLLB-200."""
    arch = circuit.Architecture(
        pre_norm=True,
        activation=activation_id("RELU"),
        float_scale=True,
        tied=True,
        start_from_zero=False,
        projection_bias=False,
        end_detector=False,
    )
    # max_position_embeddings 1024 (the table CTranslate2 keeps after fairseq's offset)
    size = dataclasses.replace(size, positions=min(size.positions, 1024))
    spec = circuit.build_spec(arch, size, vocabulary, vocabulary, seed, behaviour=behaviour)
    config = spec.config  # type: ignore[attr-defined]
    config.bos_token, config.eos_token, config.unk_token = "<s>", "</s>", "<unk>"
    config.decoder_start_token = "</s>"
    save_spec(spec, folder)


def nllb_ct2(build: Build) -> Replica:
    """ct2-transformers-converter --model facebook/nllb-200-distilled-600M
    --copy_files sentencepiece.bpe.model"""
    folder = build.out / "nllb-ct2"
    shutil.rmtree(folder, ignore_errors=True)
    lines = training_text("joint", build.seed, build.corpus, build.base)
    sp_model = build.sentencepiece(lines, 3000, "bpe", build.seed)
    # NllbTokenizer.get_vocab(): fairseq's <s> <pad> </s> <unk>, then SentencePiece piece
    # i at id i + 1 (pieces 0-2, SentencePiece's <unk> <s> </s>, are not repeated), the
    # language codes, <mask>; the converter pads to config.vocab_size with madeupwords.
    vocabulary = (
        ["<s>", "<pad>", "</s>", "<unk>"]
        + tokenizers.pieces(sp_model)[3:]
        + NLLB_LANGUAGES
        + ["<mask>"]
        + [f"madeupword{i}" for i in range(NLLB_MADEUP_WORDS)]
    )
    nllb_model(build.size, build.seed, vocabulary, folder)
    (folder / "sentencepiece.bpe.model").write_bytes(sp_model)
    sp = tokenizers.processor(sp_model)
    return Replica(
        "nllb-ct2",
        folder,
        folder,
        lambda text: sp.encode(text, out_type=str),  # type: ignore[attr-defined]
        lambda pieces: ["arb_Arab", *pieces, "</s>"],
        lambda tokens: ["eng_Latn", *or_unk(tokens[1:-1], vocabulary)],
        lambda tokens: sp.decode_pieces(tokens[1:]),  # type: ignore[attr-defined]
        ["eng_Latn"],
        vocabulary,
        vocabulary,
    )
