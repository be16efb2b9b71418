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
