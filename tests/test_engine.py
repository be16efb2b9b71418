"""The engine changes how fast the site is built, never what is built, and every door runs it.

The same content is built by Pelican's own class with the same plugins (no engine at all, and
Pelican's own Writer, given the site's page cuts: ``support.pelican_writer``), by the engine in
one process, and by the engine on two; every file must be byte-identical. Then
each door (Pelican's command line, with its spinner thread; the build `invoke build` runs;
`invoke publish`) must report that it read and wrote on every CPU this machine gives it.
"""

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import generate as generate_news
from bench.corpus_wide import generate as generate_wide
import pelicanconf
from conftest import ROOT, build
from smartcity.engine.build import PARALLEL_MIN_FILES
from smartcity.engine.workers import WorkerFailed, available_cpus, fork


def mixed_corpus(target: Path) -> Path:
    """Both benchmark shapes in one content folder, above the engine's parallel threshold."""
    generate_news(220, target)
    generate_wide(100, target)
    assert len(list(target.rglob("*.md"))) > PARALLEL_MIN_FILES
    return target


def tree(folder: Path) -> dict[str, str]:
    """Path -> digest of every file, the search index left out (Pagefind's chunk order varies)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "pagefind" not in p.parts}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return mixed_corpus(tmp_path_factory.mktemp("engine") / "content")


def test_engine_builds_byte_for_byte_what_pelican_builds(corpus, tmp_path):
    plain = tree(build(corpus, tmp_path / "plain", PELICAN_CLASS="pelican.Pelican", SEARCH_INDEX=False,
                       PLUGINS=[*pelicanconf.PLUGINS, "support.pelican_writer"]))
    one = tree(build(corpus, tmp_path / "one", ENGINE_WORKERS=1, SEARCH_INDEX=False))
    two = tree(build(corpus, tmp_path / "two", ENGINE_WORKERS=2, SEARCH_INDEX=False))
    assert len(plain) > 1500
    # term pages (listings.TermPagesGenerator): tags, authors and categories, each with its older pages
    assert all(any(p.startswith(f"{kind}/") and "/halaman/" in p for p in plain) for kind in ("topik", "penulis", "kategori"))
    assert sorted(set(plain) ^ set(one)) == [] and sorted(set(plain) ^ set(two)) == []
    assert [p for p in plain if plain[p] != one[p]] == []
    assert [p for p in plain if plain[p] != two[p]] == []


DOORS = {
    "pelican": lambda content, work: [sys.executable, "-m", "pelican", str(content), "-s",
                                      str(ROOT / "publishconf.py"), "-o", str(work / "out")],
    "invoke build": lambda content, work: [sys.executable, "-m", "smartcity.tools.build", str(content), "-s",
                                           str(ROOT / "publishconf.py"), "-o", str(work / "out")],
    "invoke publish": lambda content, work: [sys.executable, "-m", "smartcity.tools.publish", "--content",
                                             str(content), "--root", str(work / "public"), "--target", ""],
}


@pytest.mark.parametrize("door", sorted(DOORS))
def test_every_door_reads_and_writes_on_every_cpu(corpus, tmp_path, door):
    result = subprocess.run(DOORS[door](corpus, tmp_path), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stdout.split())
    cpus = available_cpus()
    processes = f"{cpus} process{'' if cpus == 1 else 'es'}"
    assert f"(read by {cpus}, written by {processes})" in said, said


def test_a_worker_tells_the_parent_when_it_reached_a_point_of_its_work(tmp_path):
    """fork(tells=True): the parent goes on once the child said "written", before the child ends;
    a process forked later hears the child's next word; a child that ends without its word failed."""
    gate = tmp_path / "gate"

    def work(tell):
        (tmp_path / "written").write_text("yes")
        tell(b"w")
        while not gate.exists():  # the child is still at work when the parent hears it
            time.sleep(0.01)
        (tmp_path / "saved").write_text("yes")
        tell(b"s")

    worker = fork(work, "menguji", tells=True)
    worker.heard(b"w")
    assert (tmp_path / "written").exists() and not (tmp_path / "saved").exists()
    listener = fork(lambda: worker.heard(b"s"), "mendengar")  # as publishing's state saver does
    gate.write_text("go")
    listener.wait()
    assert (tmp_path / "saved").read_text() == "yes"
    worker.wait()

    silent = fork(lambda tell: None, "diam", tells=True)
    with pytest.raises(WorkerFailed):
        silent.heard(b"w")
