"""Safe HTML: the project's one nh3 allow-list.

It keeps the structure news needs (headings, lists, quotes, tables, figures, links, images)
and drops everything that runs or restyles: scripts, event handlers, iframes, forms, style
attributes and ``javascript:`` URLs. The build applies it to raw HTML in Markdown (as the
Markdown extension below); the importer applies it to a saved page before writing a draft
(:mod:`smartcity.importer.draft`), so a draft holds nothing the build would strip.
"""

from __future__ import annotations

import nh3
from markdown import Extension
from markdown.postprocessors import Postprocessor

TAGS = {
    "p", "br", "hr", "a", "strong", "em", "b", "i", "u", "s", "small", "sub", "sup", "abbr", "cite", "q",
    "code", "pre", "kbd", "mark", "span", "div", "blockquote", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "figure", "figcaption", "img", "time",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Tags removed together with their content, not just unwrapped.
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "form",
                     "textarea", "select", "button"}


def clean(html: str) -> str:
    """HTML reduced to the allow-list."""
    return nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
        clean_content_tags=DROP_WITH_CONTENT, strip_comments=True,
    )


class SanitizePostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return clean(text)


class SanitizeExtension(Extension):
    """Python-Markdown extension: sanitize the final HTML, after raw HTML is put back."""

    def extendMarkdown(self, md):
        # Lower priority runs later: after RawHtmlPostprocessor (30) and the unescaping ones.
        md.postprocessors.register(SanitizePostprocessor(md), "smartcity_sanitize", 1)
