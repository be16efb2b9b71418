"""Inline patterns told which text they cannot match (smartcity.engine.inline) convert as before."""

import re
from pathlib import Path

from hypothesis import given, settings, strategies as st
from markdown import Markdown
from markdown.treeprocessors import InlineProcessor
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from bench.corpus import generate as generate_news
from bench.corpus_wide import generate as generate_wide
from conftest import ROOT, SAMPLE_CONTENT
from smartcity.engine.inline import Guarded, required_text
from smartcity.engine.reading import converter
from smartcity.plugins.safe_html import make_content_safe


def site_settings() -> dict:
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    make_content_safe(type("Site", (), {"settings": settings})())
    MarkdownReader(settings)  # lists the configured extensions, as Pelican's reader does
    return settings


def inline_patterns(md: Markdown):
    for item in md.treeprocessors._priority:
        processor = md.treeprocessors[item.name]
        if isinstance(processor, InlineProcessor):
            for entry in processor.inlinePatterns._priority:
                yield processor.inlinePatterns[entry.name]


def test_most_of_the_sites_inline_patterns_are_guarded():
    patterns = list(inline_patterns(converter(site_settings())))
    guarded = [p for p in patterns if isinstance(p.compiled_re, Guarded)]
    assert len(guarded) >= 0.8 * len(patterns)


def test_required_text_of_some_expressions():
    assert required_text(r"(?<!\.)\.{3}(?!\.)") == {"..."}
    assert required_text(r"\*|_") == {"*", "_"}
    assert required_text(r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)") == {"\\\\", "`"}
    assert required_text(r"a?b*") is None
    assert required_text(r"abc", re.IGNORECASE) is None


SPECIAL = "`*_[]()!<>&\"'.-\\ \n:/#"
text = st.text(alphabet=st.sampled_from(list(SPECIAL) + list("abcxyz09")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(text)
def test_no_pattern_matches_text_without_its_required_strings(sample):
    for pattern in inline_patterns(Markdown(**site_settings()["MARKDOWN"])):
        needed = required_text(pattern.compiled_re.pattern, pattern.compiled_re.flags)
        if needed and pattern.compiled_re.search(sample):
            assert any(t in sample for t in needed), (pattern.compiled_re.pattern, sample)


def test_guarded_conversion_is_identical(tmp_path):
    settings = site_settings()
    files = sorted(Path(SAMPLE_CONTENT).rglob("*.md"))
    files += sorted(generate_news(60, tmp_path / "news").rglob("*.md"))
    files += sorted(generate_wide(60, tmp_path / "wide").rglob("*.md"))
    plain, fast = Markdown(**settings["MARKDOWN"]), converter(settings)
    for path in files:
        source = path.read_text(encoding="utf-8")
        plain.reset()
        fast.reset()
        assert fast.convert(source) == plain.convert(source), path.name
