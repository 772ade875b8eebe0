"""The types of an Argos package's ``metadata.json``, checked before any value is used.

A hand-edited or damaged file may say ``"max_input_tokens": "lots"``, ``null``, a list,
a number no model has, or ``"demo": "false"`` (a string, which Python reads as true):
each is one named problem, never a traceback or a silently wrong setting.
"""

from __future__ import annotations

import json
from typing import Any

MAX_TOKENS = 16384  # far above any model's position table (NLLB, Marian: 1024 at most)
TEXT_FIELDS = ("package_version", "from_code", "to_code", "description", "code", "target_prefix")
FLAG_FIELDS = ("demo", "placeholders")
COUNT_FIELDS = ("max_input_tokens", "max_output_tokens")


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def metadata_problem(meta: dict[str, Any]) -> str | None:
    """What is wrong with the types of ``meta``'s fields, in words; None when nothing."""
    for name in TEXT_FIELDS:
        if name in meta and not isinstance(meta[name], str):
            return f'"{name}" is {_shown(meta[name])}, not a string'
    for name in FLAG_FIELDS:
        if name in meta and not isinstance(meta[name], bool):
            return f'"{name}" is {_shown(meta[name])}, not true or false'
    for name in COUNT_FIELDS:
        value = meta.get(name, 1)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_TOKENS:
            return f'"{name}" is {_shown(value)}, not a whole number from 1 to {MAX_TOKENS}'
    return None
