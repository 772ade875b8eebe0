"""Fuzzy matches against the approved memory: the closest approved paragraph, as help.

Scoring every paragraph of a run against every approved one costs seconds with a
thousand of them, so an inverted index of the folded Arabic words picks a few candidates
first (those sharing most of the paragraph's rarest words), and only those are scored
with rapidfuzz's normalized Indel similarity, the "fuzzy match" percentage of CAT tools.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import chain

from rapidfuzz import fuzz

from briefing.document import Suggestion
from briefing.mt.approved import Approval
from briefing.text.keys import source_form

THRESHOLD = 0.75  # CAT tools start showing fuzzy matches at 70–75%
CANDIDATES = 4  # scored per paragraph
MIN_CHARACTERS = 20  # shorter paragraphs (titles of one or two words) match by accident
COMMON = 0.05  # a word in more than this share of approved paragraphs picks no candidate
MIN_COMMON = 10  # (but any word of ten or fewer does)
RAREST = 12  # a paragraph's rarest words that pick its candidates


class FuzzyIndex:
    """The approved paragraphs, indexed by their folded words."""

    def __init__(self, approvals: Iterable[Approval]) -> None:
        self.entries: list[tuple[str, Approval]] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        for approval in approvals:
            form = source_form(approval.source)
            number = len(self.entries)
            self.entries.append((form, approval))
            for word in set(form.split()):
                self.postings[word].append(number)
        limit = max(MIN_COMMON, int(COMMON * len(self.entries)))
        self.postings = {w: ids for w, ids in self.postings.items() if len(ids) <= limit}

    def best(self, form: str) -> Suggestion | None:
        """The approved paragraph most similar to the folded text ``form``
        (``source_form``), at or above ``THRESHOLD``, if any."""
        if len(form) < MIN_CHARACTERS or not self.entries:
            return None
        postings = self.postings
        found = [ids for word in set(form.split()) if (ids := postings.get(word))]
        found.sort(key=len)  # the rarest words say most about which paragraph it is
        rarest = found[:RAREST]
        shared = Counter(chain.from_iterable(rarest))
        best: tuple[float, Approval] | None = None
        cutoff = THRESHOLD * 100
        for number, count in shared.most_common(CANDIDATES):
            if 2 * count < len(rarest):
                break  # shares too few of the rare words to come near the threshold
            candidate, approval = self.entries[number]
            if candidate == form:
                continue  # an exact match is not a suggestion
            score = fuzz.ratio(form, candidate, score_cutoff=cutoff)
            if score and (best is None or score > best[0]):
                best = (score, approval)
                cutoff = score
        if best is None:
            return None
        return Suggestion(best[1].source, best[1].english, round(best[0] / 100, 3))
