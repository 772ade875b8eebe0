"""Read: every input format (text, Markdown, HTML, DOCX, JSON, JSON Lines) into ``Article``s.

Owns format detection, HTML extraction, the cleaner that strips page furniture and the
"read also" tail, date lines, and the cleaning rules (``cleaning_rules.toml``). May import
``text``, ``document``, ``errors``; never the glossary, the engine or the renderers.
"""
