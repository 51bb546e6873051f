"""The stopword list, the one place for it: words that say nothing about what is meant.

The matcher drops them (in their canonical form, `text.STOPWORDS`) before phrases are compared,
and `search` drops them from a query ("what does esi treat" searches for "esi" and "treat").
"""

from __future__ import annotations

# Running text, not a word per line (that would run to pages).
_TEXT = """
    a an the my your his her their our its it this that these those me i im ive id he she they
    we you us him them is am are was were be been being of in on at to into onto from by for
    with some very really quite so just also and or as left right side sided l r about around
    all any much lot bit little like kind sort get got getting gets have has had having do does
    did doing can could would should will may might must there here then than too over under up
    when whenever if how what where which who why
"""
STOPWORDS = frozenset(_TEXT.split())
