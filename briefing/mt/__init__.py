"""Translate: model packages, the CTranslate2 engine, and the translation memory.

Owns installing, listing and selecting models, tokenization, batched decoding and the SQLite
memory. May import ``protect`` (for placeholder tokens), ``text``, ``document``, ``errors``,
``files``; never ``ingest`` or ``render``.
"""
