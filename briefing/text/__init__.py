"""Text: what every stage knows about Arabic and untrusted text, defined once.

Owns the Arabic letter and mark classes, folding (diacritics, hamza forms, digits), the
regex-alternation builder, control-character safety, sentence segmentation and the language
of a paragraph or an article (``language``, with py3langid). Imports
nothing from the rest of ``briefing`` except ``errors``: every stage may import it.
"""
