"""Check: the QA flags a translator expects on each translated paragraph.

Owns numbers, names and form checks and their summary. May import ``protect``, ``text``,
``document``; never the engine, the readers or the renderers.
"""
