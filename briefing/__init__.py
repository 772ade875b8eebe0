"""briefing: offline Arabic→English news translation and bilingual briefings."""

__version__ = "0.1.0"
