"""The parallel parts of the build change nothing in what it writes."""

import hashlib

from bench.corpus import generate
from conftest import build


def tree(folder):
    """Path -> digest of every file, the search index left out (Pagefind's chunk order varies)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "pagefind" not in p.parts}


def test_parallel_reading_and_writing_give_the_same_site(tmp_path):
    content = generate(300, tmp_path / "content")
    serial = build(content, tmp_path / "serial", PARALLEL_READING=False, PARALLEL_OUTPUT=False, SEARCH_INDEX=False)
    parallel = build(content, tmp_path / "parallel", PARALLEL_READING=True, PARALLEL_OUTPUT=True, SEARCH_INDEX=False)
    serial_tree, parallel_tree = tree(serial), tree(parallel)
    assert len(serial_tree) > 900
    assert serial_tree == parallel_tree


def test_indexed_term_lists_give_the_same_tag_category_and_author_pages(tmp_path):
    from pelican.settings import read_settings
    from conftest import ROOT
    content = generate(120, tmp_path / "content")
    plugins = read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    plain = build(content, tmp_path / "plain", SEARCH_INDEX=False,
                  PLUGINS=[p for p in plugins if not p.endswith("fast_listings")])
    fast = build(content, tmp_path / "fast", SEARCH_INDEX=False)
    assert tree(plain) == tree(fast)
    assert any(path.startswith("topik/") for path in tree(fast))
