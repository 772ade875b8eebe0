"""Put protected spans back into a translation, whatever the model did with them.

Three ways, tried in order for each span:

1. ``copied``: the model emitted the span's placeholder token (the demo model learned to);
2. ``kept``: the English form is already in the output (a real model that copied "CNN"
   or translated "بوتين" as "Putin" needs nothing);
3. ``aligned``: the target tokens whose strongest attention falls on the span's source
   tokens are replaced by the English form (a model that mangled or substituted a
   placeholder or a name);
4. ``inserted``: no target token attends to the span (the model dropped it): the
   English form goes after the output aligned to the nearest source token before the
   span that the model kept.

Only without attention (an engine that returns none) can a span be ``lost``; the QA
check then flags ``missing-term``, so a wrong name is never silent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from briefing.protect.spans import PLACEHOLDER_RE, Span
from briefing.text.lexicon import lexicon

_PUNCT_START = re.compile(r"^[,.;:!?%)\]}”’»'\"]")


@dataclass(frozen=True)
class Restored:
    span: Span
    method: str  # copied | kept | aligned | lost


def _argmax(vector: Sequence[float], limit: int, offset: int) -> int:
    best, best_index = -1.0, -1
    for index in range(offset, min(len(vector), offset + limit)):
        if vector[index] > best:
            best, best_index = vector[index], index - offset
    return best_index


def _source_offset(attention: Sequence[Sequence[float]], n_source: int) -> int:
    # Some models add <s> before the source; attention then has one more column first.
    if attention and len(attention[0]) >= n_source + 2:
        return 1
    return 0


def _longest_run(indices: list[int]) -> tuple[int, int]:
    runs: list[tuple[int, int]] = []
    for index in sorted(indices):
        if runs and index == runs[-1][1]:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return max(runs, key=lambda run: run[1] - run[0])


def _contains(text: str, english: str, count: int) -> bool:
    pattern = r"(?<![\w])" + re.escape(english) + r"(?![\w])"
    return len(re.findall(pattern, text)) >= count


def restore_tokens(
    tokens: list[str],
    attention: Sequence[Sequence[float]],
    n_source: int,
    spans: Sequence[Span],
    span_tokens: Sequence[list[int]],
    *,
    placeholders: bool,
    repair: bool = True,
    decode: Callable[[list[str]], str],
) -> tuple[str, list[Restored]]:
    """Return the English text of ``tokens`` with every span restored where possible.

    With ``repair=False`` only ``copied`` and ``kept`` are tried: anything else is
    ``lost`` and gets flagged, for users who prefer a flag to a placement by attention.
    """
    replace: dict[int, tuple[int, str]] = {}  # first target token -> (end, english)
    claimed: set[int] = set()
    method: dict[int, str] = {}
    starts = _word_starts(tokens)

    if placeholders:
        for position, token in enumerate(tokens):
            match = PLACEHOLDER_RE.search(token)
            if match is None:
                continue
            claimed.add(position)  # an unmatched placeholder is dropped, never shown
            number = int(match.group(1))
            if number < len(spans) and number not in method:
                replace[position] = (position + 1, spans[number].english)
                method[number] = "copied"
                claimed.update(_echo(tokens, starts, position + 1, spans[number].english, decode))

    plain = decode([t for i, t in enumerate(tokens) if i not in claimed])
    wanted: dict[str, int] = {}
    for number, span in enumerate(spans):
        if number in method:
            continue
        wanted[span.english] = wanted.get(span.english, 0) + 1
        if _contains(plain, span.english, wanted[span.english]):
            method[number] = "kept"

    if not repair or all(n in method or not span_tokens[n] for n in range(len(spans))):
        # Nothing to place by attention (the common case): the attention is not read at
        # all, which saves converting it from CTranslate2.
        text = _assemble(tokens, replace, claimed, decode)
        return text, [Restored(span, method.get(n, "lost")) for n, span in enumerate(spans)]

    inserts: dict[int, list[str]] = {}  # target position -> forms to insert before it
    offset = _source_offset(attention, n_source)
    aligned_to = [_argmax(row, n_source, offset) for row in attention]
    # Tokens that spell a kept form are never replaced for another span: attention can
    # point any token anywhere, and replacing "Putin" with "NATO" would lose Putin.
    kept = [spans[n].english for n, how in method.items() if how == "kept"]
    guarded = _spelling(tokens, kept) - claimed
    for number, span in enumerate(spans):
        if number in method or not span_tokens[number] or not repair:
            continue
        sources = set(span_tokens[number])
        targets = [
            t
            for t, s in enumerate(aligned_to)
            if s in sources and t < len(tokens) and t not in claimed and t not in guarded
        ]
        run = _longest_run(targets) if targets else None
        if run is not None:
            run = _widen(tokens, starts, run, span.english, claimed | guarded)
        if run is None:
            # No aligned tokens, or attention points into the middle of a word that is
            # not the span's (replacing there would break it: "Ener 45 gy"): insert the
            # form beside it instead.
            first = min(sources)
            insert_at = _word_start(
                starts, _insertion_point(aligned_to, first, claimed, len(tokens))
            )
            if insert_at is None:
                method[number] = "lost"
                continue
            inserts.setdefault(insert_at, []).append(span.english)
            method[number] = "inserted"
            continue
        start, end = run
        replace[start] = (end, span.english)
        claimed.update(range(start, end))
        method[number] = "aligned"

    text = _assemble(tokens, replace, claimed, decode, inserts)
    return text, [Restored(span, method.get(n, "lost")) for n, span in enumerate(spans)]


# Words a model writes again after a copied number or date whose English already holds
# them ("$7 billion million dollars", "5 tonnes tons", "September 4 May"), by class.
_ECHO_CLASSES = (
    frozenset(m.english for m in lexicon().multipliers if m.value >= 1000),
    frozenset("dollar dollars euro euros pound pounds riyal riyals $ € £".split()),
    frozenset(
        "ton tons tonne tonnes km km² kilometre kilometres kilometer kilometers square".split()
    ),
    frozenset(name.lower() for name in lexicon().month_names),
)


def _echo(
    tokens: list[str],
    starts: list[bool],
    start: int,
    english: str,
    decode: Callable[[list[str]], str],
) -> set[int]:
    """The tokens from ``start`` on that only repeat, word by word, a class of words the
    restored ``english`` already has; punctuation between stays."""
    words = {w.strip(".,").lower() for w in english.replace("$", "$ ").split()}
    classes = [c for c in _ECHO_CLASSES if c & words]
    found: set[int] = set()
    position = start
    while classes and position < len(tokens):
        end = position + 1
        while end < len(tokens) and not starts[end] and decode([tokens[end]]).isalpha():
            end += 1
        word = decode(tokens[position:end]).strip().lower()
        if not word or not any(word in c for c in classes):
            break
        found.update(range(position, end))
        position = end
    return found


def _spelling(tokens: list[str], forms: list[str]) -> set[int]:
    """The positions of the tokens that write one of ``forms`` in the output."""
    sentencepiece = _is_sentencepiece(tokens)
    surface = ""
    owner: list[int] = []  # character -> token
    for t, token in enumerate(tokens):
        if sentencepiece:
            piece = token.replace("▁", " ")
        else:
            piece = token[:-2] if token.endswith("@@") else token + " "
        surface += piece
        owner.extend([t] * len(piece))
    found: set[int] = set()
    for form in forms:
        start = surface.find(form)
        while form and start >= 0:
            found.update(owner[start : start + len(form)])
            start = surface.find(form, start + 1)
    return found


def _insertion_point(
    aligned_to: list[int], first_source: int, claimed: set[int], n_target: int
) -> int | None:
    """Where to put a span the model dropped: after the output of the nearest source
    token before the span that the model kept (or at the start). Nearest, not any: a
    model that moved a word to the end ("... in today arrived") must not drag the span
    there. None without any attention."""
    if not aligned_to:
        return None
    position = 0
    before = [source for source in aligned_to[:n_target] if 0 <= source < first_source]
    if before:
        nearest = max(before)
        position = 1 + max(t for t, s in enumerate(aligned_to[:n_target]) if s == nearest)
    while position in claimed and position < n_target:
        position += 1
    return position


_CLOSING = {".", ",", ";", ":", "!", "?", ")", '"'}


def _widen(
    tokens: list[str], starts: list[bool], run: tuple[int, int], english: str, taken: set[int]
) -> tuple[int, int] | None:
    """``run`` grown to whole words: a model that garbles a number ("76%" for "67%")
    or a name writes the whole word wrong, and all of it must go. None when the word
    is not the span's: a number aligned to a piece of an ordinary word ("Ag|ency").
    """
    start, end = run
    number = any(c.isdigit() for c in english)
    if number:
        # A number's run keeps only its numeric core: attention that also took the
        # next word ("13 missiles") must not lose that word.
        numeric = [t for t in range(start, end) if _numeric(tokens[t]) and tokens[t].strip("▁")]
        if numeric:
            run = start, end = _longest_run(numeric)
    while start > 0 and not starts[start]:
        start -= 1
    end = _word_start(starts, end) or end
    while end > start + 1 and _closes(tokens[end - 1], english):
        end -= 1  # the sentence's own "." or "," stays
    extra = [*range(start, run[0]), *range(run[1], end)]
    if any(t in taken for t in extra):
        return None
    if number and not all(_numeric(tokens[t]) for t in extra):
        return None
    return start, end


def _closes(token: str, english: str) -> bool:
    piece = token.strip("▁")
    return piece in _CLOSING and not english.endswith(piece)


def _numeric(token: str) -> bool:
    """A piece of a written number: digits and the signs numbers carry."""
    piece = token.replace("▁", "").replace("@@", "")
    return all(c.isdigit() or c in ".,:/%-+" for c in piece)


def _is_sentencepiece(tokens: list[str]) -> bool:
    return any(token.startswith("▁") for token in tokens)


def _word_starts(tokens: list[str]) -> list[bool]:
    """Whether a word begins at each token. SentencePiece marks word starts with ▁; BPE
    (subword-nmt) marks pieces that continue with a trailing @@."""
    sentencepiece = _is_sentencepiece(tokens)
    return [
        t == 0
        or ((token.startswith("▁") or not sentencepiece) and not tokens[t - 1].endswith("@@"))
        for t, token in enumerate(tokens)
    ]


def _word_start(starts: list[bool], position: int | None) -> int | None:
    """``position`` moved forward to the next word start, so an inserted form never
    lands inside a word ("Ener 45 gy")."""
    if position is None:
        return None
    while 0 < position < len(starts) and not starts[position]:
        position += 1
    return position


def _assemble(
    tokens: list[str],
    replace: dict[int, tuple[int, str]],
    claimed: set[int],
    decode: Callable[[list[str]], str],
    inserts: dict[int, list[str]] | None = None,
) -> str:
    parts: list[str] = []
    run: list[str] = []
    position = 0
    inserts = inserts or {}
    while position <= len(tokens):
        if position in inserts:
            parts.append(decode(run))
            run = []
            parts.extend("\x00" + english for english in inserts.pop(position))
        if position == len(tokens):
            break
        if position in replace:
            parts.append(decode(run))
            run = []
            end, english = replace[position]
            parts.append("\x00" + english)  # marks an inserted form for spacing below
            for inside in range(position + 1, end):  # never swallow an insert
                parts.extend("\x00" + form for form in inserts.pop(inside, []))
            position = end
            continue
        if position not in claimed:
            run.append(tokens[position])
        position += 1
    parts.append(decode(run))
    return _join(parts)


def _join(parts: list[str]) -> str:
    text = ""
    for part in parts:
        part = part.replace("\x00", "") if part.startswith("\x00") else part
        part = PLACEHOLDER_RE.sub("", part).strip()
        if not part:
            continue
        if text and not _PUNCT_START.match(part):
            text += " "
        text += part
    return re.sub(r" {2,}", " ", text).strip()
