"""Glossary: names with their one English spelling, their files, and finding them in text.

Owns the CSV tables and their locked edit sessions, TBX import and export, consistency
checks, the Arabic-aware matcher, and the compiled glossary: the cache derived from the
files (``compiled``, ``build``, ``lookup``), ``list``/``check`` answered from it
(``queries``) and edits that touch one row (``edits``). May import ``text``, ``document``, ``errors``, ``files``.
"""
