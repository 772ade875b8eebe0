"""Review: what analysts and CAT tools give back, and its reuse in later translations.

Owns reading a reviewed briefing (DOCX), XLIFF 1.2 export and import, TMX 1.4b export
and import of the approved memory, reusing approved English in a run (exact, by sentence,
fuzzy suggestions) and glossary suggestions from corrections. Sits beside ``pipeline``,
above ``render`` and ``mt``; may import every stage below it, never ``api`` or ``cli``.
"""
