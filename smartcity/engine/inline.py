"""Python-Markdown's inline patterns, told which text they cannot match.

Python-Markdown applies every inline pattern (links, emphasis, code, entities, and the smarty
extension's quotes and dashes) to every piece of text by scanning it with the pattern's
regular expression: two dozen scans of each paragraph, most of which find nothing, and that
scanning is most of the time a long article takes to convert. Most patterns cannot match
without a certain character or string (a backtick, a bracket, a quote, ``--``):
:func:`required_text` works out, from the regular expression itself, strings of which any
match needs at least one. :func:`guard_inline_patterns` wraps each pattern's compiled expression so that a text
holding none of them is answered "no match" at once. Whatever can match is scanned as before,
so the HTML is the same (``tests/test_engine.py`` compares whole sites with Pelican's own
reader).

Relies on Python-Markdown's InlineProcessor finding matches through
``pattern.getCompiledRegExp()`` (see :mod:`smartcity.engine.pelican_internals`).
"""

from __future__ import annotations

import re
from re import _constants as sre
from re import _parser as sre_parse

from markdown import Markdown
from markdown.treeprocessors import InlineProcessor

ANY = None  # no character is needed


def required_text(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` holds at least one (``"--"``, ``"`"``, ``"["``),
    or None when there is no such set (the pattern may match text of any characters)."""
    if flags & re.IGNORECASE:
        return ANY
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return ANY
    return _sequence(list(parsed))


def _literal_run(op, value) -> str | None:
    """The text an element always matches when it is a literal or a literal repeated."""
    if op is sre.LITERAL:
        return chr(value)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, item = value
        item = list(item)
        if low >= 1 and len(item) == 1 and item[0][0] is sre.LITERAL:
            return chr(item[0][1]) * low
    return None


def _better(one, other):
    """The rarer requirement: the one whose shortest string is longest, then fewer alternatives."""
    if one is None:
        return other
    if other is None:
        return one
    rank = lambda found: (min(map(len, found)), -len(found))  # noqa: E731
    return other if rank(other) > rank(one) else one


def _sequence(items) -> frozenset[str] | None:
    """A match of a sequence holds a match of each element (and of each run of literals in a row)."""
    best, run = ANY, ""
    for op, value in items:
        text = _literal_run(op, value)
        if text is not None:
            run += text
            best = _better(best, frozenset([run]))
            if op is not sre.LITERAL:
                run = text  # a repeat may match more than its minimum: only its last ones touch what follows
            continue
        run = ""
        best = _better(best, _element(op, value))
    return best


def _element(op, value) -> frozenset[str] | None:
    if op is sre.LITERAL:
        return frozenset(chr(value))
    if op is sre.SUBPATTERN:
        return _sequence(list(value[-1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, item = value
        return _sequence(list(item)) if low >= 1 else ANY
    if op is sre.BRANCH:
        union = set()
        for branch in value[1]:
            found = _sequence(list(branch))
            if found is None:
                return ANY
            union |= found
        return frozenset(union)
    if op is sre.IN:  # a class of a few literal characters
        chars = set()
        for kind, item in value:
            if kind is not sre.LITERAL:
                return ANY
            chars.add(chr(item))
        return frozenset(chars) if chars else ANY
    if op is sre.ASSERT:  # a lookahead's text lies in the text too (a lookbehind's may lie before it)
        direction, item = value
        return _sequence(list(item)) if direction == 1 else ANY
    return ANY  # anchors, negative lookarounds, any character, backreferences...


class Guarded:
    """A compiled expression that answers "no match" at once for text holding none of its strings."""

    __slots__ = ("regex", "needed")

    def __init__(self, regex: re.Pattern, needed: frozenset[str]):
        self.regex, self.needed = regex, tuple(sorted(needed))

    def finditer(self, data, pos=0, *args):
        for text in self.needed:
            if text in data:
                return self.regex.finditer(data, pos, *args)
        return iter(())

    def __getattr__(self, name):  # match, search, pattern, flags... as the expression has them
        return getattr(self.regex, name)


def guard_inline_patterns(md: Markdown) -> None:
    """Guard the patterns of every inline processor of ``md`` (Markdown's own and the extensions')."""
    for processor in md.treeprocessors:  # (a Registry yields its items by priority)
        if not isinstance(processor, InlineProcessor):
            continue
        for pattern in processor.inlinePatterns:
            regex = getattr(pattern, "compiled_re", None)
            if isinstance(regex, re.Pattern):
                needed = required_text(regex.pattern, regex.flags)
                if needed:
                    pattern.compiled_re = Guarded(regex, needed)
