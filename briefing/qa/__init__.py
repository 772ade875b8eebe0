"""Check: the QA flags a translator expects on each translated paragraph.

Owns the checks by family (``numbers``, ``names``, ``form``, ``consistency``), their codes
and labels and their summary (``checks``). May import ``protect``, ``text``, ``document``;
never the engine, the readers or the renderers.
"""
