"""Paths to test fixtures, models and the shared real data, found in one place."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SHARED = ROOT.parent / "shared"
DEMO_MODEL = ROOT / "briefing" / "data" / "demo-ar_en.argosmodel"
STANDIN_MODEL = TESTS / "models" / "standin-ar_en.argosmodel"
DEMO_ID = "briefing-demo-ar_en"
STANDIN_ID = "briefing-standin-ar_en"


def data_path(name: str) -> Path:
    """A small fixture file written for the tests, in tests/data/."""
    return TESTS / "data" / name


def shared_path(name: str) -> Path:
    """Real data in ../shared (read-only; the seeds are copyrighted, never copied)."""
    return SHARED / name
