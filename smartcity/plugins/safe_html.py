"""No markup from content reaches readers unchecked.

- Article bodies: raw HTML in Markdown is sanitized by :mod:`smartcity.sanitize` (nh3),
  added as a Markdown extension, so summaries and bodies are cleaned as they are converted.
- Every other field (titles, summaries, regions...) is text: Jinja's autoescape is on, and
  a Summary is not run through Markdown (``FORMATTED_FIELDS``) but HTML-escaped once as it
  is read, because Pelican and its feeds treat a summary as HTML. So a ``<script>`` in any
  field shows as text.

Hooks ``initialized``, before any reader or template environment exists, and the
``*_generator_context`` signals, sent with each article's or page's metadata as it is read.
"""

from __future__ import annotations

import html

from pelican import signals

from ..sanitize import SanitizeExtension


def register():
    """Sanitize Markdown output and escape every template value."""
    signals.initialized.connect(make_content_safe)
    signals.article_generator_context.connect(escape_summary)
    signals.page_generator_context.connect(escape_summary)


def make_content_safe(pelican):
    settings = pelican.settings
    markdown = settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    if not any(isinstance(e, SanitizeExtension) for e in extensions):
        extensions.append(SanitizeExtension())
    settings.setdefault("JINJA_ENVIRONMENT", {})["autoescape"] = True
    settings["FORMATTED_FIELDS"] = []


def escape_summary(generator, metadata):
    summary = metadata.get("summary")
    if isinstance(summary, str):
        metadata["summary"] = html.escape(summary, quote=False)
