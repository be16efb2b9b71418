"""A test plugin: someone saves an article while a build runs, just after the content check.

Add ``support.save_during_build`` to ``PLUGINS`` and give ``SAVE_DURING_BUILD`` as (path under
the content folder, text). It hooks ``article_generator_init`` after ``content_guard`` (listed
after it), so the file appears once the check has listed and passed the article files. Builds
without the setting are left alone (a plugin's signal stays connected in the test process).
"""

from pathlib import Path

from pelican import signals


def save_an_article(generator):
    saved = generator.settings.get("SAVE_DURING_BUILD")
    if saved:
        name, text = saved
        path = Path(generator.path, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def register():
    signals.article_generator_init.connect(save_an_article)
