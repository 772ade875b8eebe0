"""The keys a text could hold: what the compiled glossary looks up instead of scanning.

The automaton (``matcher.Matcher``) finds every key by walking the whole glossary's
trie over the text, so it must be built, or loaded, whole. Here the text itself says
which strings are worth asking about: a key can only start where a name may start (a
word start, or after a proclitic run: ``CLITICS``) and end where a word ends, and it
holds no more letters than the longest key. Each such span, on the loose layer with
blanks skipped, is one candidate; looking the candidates up in an index gives exactly
the hits the automaton reports that ``matcher.resolve_hits`` would keep, at a cost that
follows the text and not the glossary.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping

from briefing.glossary.matcher import _FOLD_LOOSE, _MAX_CLITIC, CLITICS


def _starts_and_ends(norm: str) -> tuple[list[bool], list[bool]]:
    """Per character of ``norm``: may a name start here, may one end here."""
    size = len(norm)
    starts = [False] * size
    ends = [False] * size
    run = 0  # letters and digits just before index i
    for i, char in enumerate(norm):
        alnum = char.isalnum()
        if char not in " \n" and (
            run == 0 or (run <= _MAX_CLITIC and norm[i - run : i] in CLITICS)
        ):
            starts[i] = True
        if char not in " \n" and (i + 1 == size or not norm[i + 1].isalnum()):
            ends[i] = True
        run = run + 1 if alnum else 0
    return starts, ends


def candidates(norm: str, longest: Mapping[str, int], prefix: int) -> dict[str, list[int]]:
    """Every key-shaped span of the normalized text ``norm``, without its blanks and on
    the loose layer, with the index of its last character (one list per string: the
    same name may stand at several places). No span crosses a line break.

    ``longest[p]`` is the length of the longest key that starts with ``p`` (its first
    ``prefix`` letters, or the whole key if shorter): a span is tried only if a key
    could start like it and be as long."""
    found: dict[str, list[int]] = {}
    if not longest:
        return found
    loose = _FOLD_LOOSE(norm)
    starts, ends = _starts_and_ends(norm)
    offset = 0
    for line in loose.split("\n"):
        where = [offset + i for i, char in enumerate(line) if char != " "]
        compact = line.replace(" ", "")
        end_at = [k for k, index in enumerate(where) if ends[index]]
        for k, index in enumerate(where):
            if not starts[index]:
                continue
            most = max(longest.get(compact[k : k + n], 0) for n in range(1, prefix + 1))
            first = bisect_left(end_at, k)
            for e in end_at[first:]:
                if e - k >= most:
                    break
                found.setdefault(compact[k : e + 1], []).append(where[e])
        offset += len(line) + 1
    return found
