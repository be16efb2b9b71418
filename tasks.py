"""Tasks of the news site; `invoke --list` shows them."""

import shlex
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
DEV_CONF = ROOT / "pelicanconf.py"
CONTENT = ROOT / "content"
PORT = 8000
PROXY_PORT = 8081  # decap-server, the editor's Git proxy, on 127.0.0.1 only
PYTHON = shlex.quote(sys.executable)


def run(c, command):
    """Run a command; on failure exit with its status (it has printed its own message)."""
    result = c.run(command, warn=True, pty=False)
    if result.exited:
        sys.exit(result.exited)


@task
def build(c):
    """Build the site with the development settings into output/."""
    run(c, f"{PYTHON} -m smartcity.tools.build {shlex.quote(str(CONTENT))} -s {shlex.quote(str(DEV_CONF))}")


@task
def serve(c, port=PORT):
    """Build, serve on http://localhost:8000, rebuild and reload the browser on every save."""
    run(c, f"{PYTHON} -m smartcity.tools.preview -s {shlex.quote(str(DEV_CONF))} --port {int(port)}")


@task(help={"port": "port penyunting dan pratinjau (bawaan 8000)", "proxy_port": "port proksi Git (bawaan 8081)",
            "behind_proxy": "di belakang nginx dengan login (deploy/newsroom-nginx.conf)"})
def newsroom(c, port=PORT, proxy_port=PROXY_PORT, behind_proxy=False):
    """Start the newsroom: the editor on http://localhost:8000/admin/, its Git proxy, the preview, publishing."""
    extra = " --behind-proxy" if behind_proxy else ""
    run(c, f"{PYTHON} -m smartcity.newsroom.server --project {shlex.quote(str(ROOT))} "
           f"--port {int(port)} --proxy-port {int(proxy_port)}{extra}")


@task
def livereload(c, port=PORT):
    """The same as serve: preview with automatic rebuild and browser reload."""
    serve(c, port)


@task
def check(c):
    """Check every article without building; exit 1 on errors."""
    run(c, f"{PYTHON} -m smartcity.tools.check -s {shlex.quote(str(DEV_CONF))}")


@task(help={"title": "judul berita", "regions": "wilayah, dipisah koma", "cohort": "kohort (opsional)"})
def new(c, title, regions="", cohort="", author="Redaksi"):
    """Start a new article (a draft) with every metadata field."""
    args = " ".join(shlex.quote(a) for a in ["--title", title, "--regions", regions, "--cohort", cohort,
                                             "--author", author])
    run(c, f"{PYTHON} -m smartcity.tools.new_article -s {shlex.quote(str(DEV_CONF))} {args}")


@task(name="import")
def import_(c, source):
    """Import a saved news page (HTML or text) as a draft article."""
    run(c, f"{PYTHON} -m smartcity.importer {shlex.quote(source)} --content {shlex.quote(str(CONTENT))}")


@task
def publish(c, target=None):
    """Build with publishconf.py into a fresh release, swap it in atomically, rsync it."""
    extra = f" --target {shlex.quote(target)}" if target is not None else ""
    run(c, f"{PYTHON} -m smartcity.tools.publish --project {shlex.quote(str(ROOT))}{extra}")


@task
def test(c):
    """Run the whole test suite (the README's test command calls ./dev test)."""
    run(c, f"{PYTHON} -m pytest")


@task(name="bench-search")
def bench_search(c, articles=10000):
    """Benchmark the search index and the bytes a browser fetches per query."""
    run(c, f"{PYTHON} -m bench.search --articles {int(articles)}")


@task(name="bench-images")
def bench_images(c, images=50):
    """Benchmark article image variants: their bytes, and a build with a cold and a warm cache."""
    run(c, f"{PYTHON} -m bench.images --images {int(images)}")


@task(help={"corpus": "news (bench/corpus.py) or wide (bench/corpus_wide.py)"})
def bench(c, articles=1000, corpus="news", baseline=True, preview=True, publish=True, doors="pelican,build"):
    """Benchmark whole builds (both doors), publishing and preview against vanilla Pelican + Pagefind."""
    flags = ("" if baseline else " --no-baseline") + ("" if preview else " --no-preview") + \
        ("" if publish else " --no-publish") + f" --doors {shlex.quote(doors)}"
    run(c, f"{PYTHON} -m bench.site --articles {int(articles)} --corpus {shlex.quote(corpus)}{flags}")
