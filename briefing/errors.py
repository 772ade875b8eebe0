"""One exception hierarchy for every failure a user can cause or fix.

The core raises these; ``cli.py`` turns them into a one-line message and an exit
code in one place. Messages name the file involved and say how to fix it.
"""

from __future__ import annotations


class BriefingError(Exception):
    """Base class: a problem the user can fix. ``exit_code`` 1 = bad input."""

    exit_code = 1


class UsageError(BriefingError):
    """Options that contradict each other or make no sense together."""

    exit_code = 2


class InputError(BriefingError):
    """An article file that cannot be read: missing, empty, wrong format, too big."""


class LanguageError(InputError):
    """An article in a language the model does not translate (Persian, Urdu, English...)."""


class GlossaryError(BriefingError):
    """A glossary file that cannot be read or a glossary edit that cannot be made."""


class GlossaryClash(GlossaryError):
    """Entries an import would clash with, all of them: ``problems`` has one line each."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


class ModelError(BriefingError):
    """No model installed, a broken model, or a model archive that is refused."""


class TemplateError(BriefingError):
    """A DOCX/HTML template that is missing or broken."""


class OutputError(BriefingError):
    """An output path that cannot be written (missing folder, exists, same as input)."""


class ReviewError(BriefingError):
    """A review file (DOCX, XLIFF, TMX) that cannot be imported, or an approved memory
    that cannot be read or written."""


class ClusterError(BriefingError):
    """A Ray cluster that cannot be joined, or that failed a run (``--ray``)."""
