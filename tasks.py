"""Tasks of the news site; `invoke --list` shows them."""

import shlex
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
DEV_CONF = ROOT / "pelicanconf.py"
PUBLISH_CONF = ROOT / "publishconf.py"
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
HOST, PORT = "127.0.0.1", 8000
PELICAN = f"{shlex.quote(sys.executable)} -m pelican"


def pelican(c, *args):
    """Run Pelican; on failure exit with its status (its message is already printed)."""
    result = c.run(" ".join([PELICAN, *args]), warn=True, pty=False)
    if result.exited:
        sys.exit(result.exited)


@task
def build(c):
    """Build the site with the development settings into output/."""
    pelican(c, shlex.quote(str(CONTENT)), "-s", shlex.quote(str(DEV_CONF)))


@task(pre=[build])
def serve(c, port=PORT):
    """Build the site, then serve output/ on http://localhost:8000."""
    print(f"Situs tersedia di http://localhost:{port}/ (Ctrl+C untuk berhenti)")
    pelican(c, "--listen", "-s", shlex.quote(str(DEV_CONF)), "-b", HOST, "-p", str(port))


@task
def test(c):
    """Run the whole test suite (the README's test command calls ./dev test)."""
    c.run(f"{shlex.quote(sys.executable)} -m pytest", pty=False)


@task(name="bench-search")
def bench_search(c, articles=10000):
    """Benchmark the search index and the bytes a browser fetches per query."""
    c.run(f"{shlex.quote(sys.executable)} -m bench.search --articles {int(articles)}", pty=False)
