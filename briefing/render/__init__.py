"""Render: one renderer per output format (DOCX, HTML, Markdown, JSON, plain text).

Owns the context every template sees, the briefing's metadata, and the format registry.
May import ``qa``, ``text``, ``document``, ``errors``, ``files``; never ``ingest`` or ``mt``.
"""
