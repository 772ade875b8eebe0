"""Protect and restore: what the model must not translate, and putting it back afterwards.

Owns spans and placeholders, quantities (numbers, units, months, multipliers: one table),
the protector built from a glossary, and restoration of the model's output. May import
``glossary``, ``text``, ``document``, ``errors``; never the engine or the renderers.
"""
