"""Every Pelican internal the engine relies on still behaves as the engine assumes.

After a Pelican (or Python-Markdown, Jinja) upgrade, a failure here names the internal to
audit, what the engine does with it, and what changed (smartcity/engine/pelican_internals.py).
"""

import re
from pathlib import Path

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
    assert any(line.startswith("pelican.generators.Generator.add_static_links: AttributeError") for line in found)


def test_another_pelican_version_is_named(monkeypatch):
    import pelican

    monkeypatch.setattr(pelican, "__version__", "4.13.0")
    assert [line.split(":")[0] for line in problems()] == ["pelican.__version__"]
    assert "pelican 4.13.0 (read 4.12.0)" in problems()[0]
    assert pelican_internals.PINNED_VERSIONS["pelican"] == "4.12.0"


def test_another_python_is_named(monkeypatch):
    monkeypatch.setattr(pelican_internals, "PINNED_PYTHON", (3, 99))
    (line,) = problems()
    assert line.startswith("re._parser: Python 3.11 (read for 3.99)") and "inline.required_text" in line


PACKAGE = Path(pelican_internals.__file__).resolve().parents[1]
PRIVATE = re.compile(r"\.(_[A-Za-z]\w*)|^\s*from [\w.]+ import (_[A-Za-z]\w*)", re.M)
OUR_OWN = [re.compile(r"def (_[A-Za-z]\w*)"), re.compile(r"self\.(_[A-Za-z]\w*)\s*(?::[^=\n]*)?=[^=]"),
           re.compile(r"^\s+(_[A-Za-z]\w*)\s*(?::[^=\n]*)?=[^=]", re.M),
           re.compile(r"__setattr__\(self, \"(_[A-Za-z]\w*)\"")]
STANDARD = {"_exit", "_make"}  # os._exit, a named tuple's _make: documented, if underscored


def private_names(text: str) -> set[str]:
    return {a or b for a, b in PRIVATE.findall(text)}


def test_every_private_name_our_code_uses_is_ours_or_declared():
    """A private name of Pelican (or Markdown, Jinja, CPython) used in smartcity/ and not named in
    pelican_internals.py fails here: name it there, with why and a check, or do without it."""
    texts = {path: path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py")}
    ours = {name for text in texts.values() for pattern in OUR_OWN for name in pattern.findall(text)}
    declared = {part for internal in INTERNALS for part in (*internal.name.split("."), *internal.uses)}
    undeclared = {
        f"{path.relative_to(PACKAGE.parent)}: {name}"
        for path, text in texts.items() if path.name != "pelican_internals.py"
        for name in private_names(text) - ours - declared - STANDARD
    }
    assert not undeclared, sorted(undeclared)


def test_the_scan_finds_a_private_name():
    assert private_names("x = generator._hidden_cache\nfrom re import _casefix\n") == {"_hidden_cache", "_casefix"}
