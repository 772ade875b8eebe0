"""Glossary: names with their one English spelling, their files, and finding them in text.

Owns the CSV tables and their locked edit sessions, TBX import and export, consistency
checks, and the Arabic-aware matcher. May import ``text``, ``document``, ``errors``, ``files``.
"""
