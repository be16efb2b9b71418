"""Every Pelican internal the engine relies on still behaves as the engine assumes.

After a Pelican (or Python-Markdown, Jinja) upgrade, a failure here names the internal to
audit, what the engine does with it, and what changed (smartcity/engine/pelican_internals.py).
"""

import pytest

from smartcity.engine import pelican_internals
from smartcity.engine.pelican_internals import INTERNALS, problems, resolve


def test_every_assumption_holds():
    assert problems() == []


@pytest.mark.parametrize("internal", INTERNALS, ids=[i.name for i in INTERNALS])
def test_each_internal_is_named_by_a_path_that_resolves(internal):
    assert resolve(internal.name) is not None
    assert internal.why


def test_a_changed_pelican_function_is_named(monkeypatch):
    from pelican.writers import Writer

    def write_file(self, name, template, context, **kwargs):  # what an upgrade might bring
        return None

    monkeypatch.setattr(Writer, "write_file", write_file)
    found = problems()
    assert len(found) == 1
    assert found[0].startswith("pelican.writers.Writer.write_file: its code changed")
    assert "EngineWriter.write_file replaces it" in found[0]


def test_a_vanished_pelican_method_is_named(monkeypatch):
    from pelican.generators import Generator

    monkeypatch.delattr(Generator, "add_static_links")
    found = problems()
    assert any(line.startswith("pelican.generators.Generator: no longer has add_static_links") for line in found)


def test_another_pelican_version_is_named(monkeypatch):
    import pelican

    monkeypatch.setattr(pelican, "__version__", "4.13.0")
    assert [line.split(":")[0] for line in problems()] == ["pelican.__version__"]
    assert "pelican 4.13.0 (read 4.12.0)" in problems()[0]
    assert pelican_internals.PINNED_VERSIONS["pelican"] == "4.12.0"
