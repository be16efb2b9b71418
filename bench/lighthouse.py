"""Lighthouse benchmark: the four category scores of each main page kind, and an article's weight.

Builds the sample content with the publishing settings, addressed at the local server (so
canonical and feed URLs are those of the host Lighthouse sees), serves it with the production
nginx config when ``tests.support.nginx`` is there (compression, cache and security headers as
readers get them), else with Python's http.server, which compresses nothing. Then runs Lighthouse
(npm, pinned in package.json) in mobile mode, simulated throttling, on Debian's Chromium, one
page after the other. Prints JSON: scores per page, audits that did not pass, and the bytes the
article page transfers, in all and without images.

    python -m bench.lighthouse [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from tests.support.browser import chromium_path, static_server
from tests.support.quality import LIGHTHOUSE_CLI, require_command, require_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = ROOT / "content"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
PAGES = {"home": "/", "article": None, "region": "/wilayah/kabupaten-sragen/", "search": "/cari/"}


@contextmanager
def serve(site: Path):
    """(base URL, server name): the production nginx config when present, else http.server."""
    try:
        from tests.support.nginx import nginx_path, serve as nginx_serve
        nginx_path()
    except (ImportError, RuntimeError):  # no module yet, or Debian's nginx not installed
        nginx_serve = None
    if nginx_serve is not None:
        with nginx_serve(site) as base:
            yield base, "nginx with deploy/ config"
        return
    with static_server(site) as base:
        yield base, "python http.server (no compression)"


def build(output: Path, site_url: str) -> None:
    """The publishing build (publishconf.py) of the sample content, for ``site_url``."""
    done = subprocess.run(
        [sys.executable, "-m", "pelican", str(SAMPLE_CONTENT), "-s", str(ROOT / "publishconf.py"), "-o", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "SMARTCITY_SITEURL": site_url},
    )
    if done.returncode:
        raise SystemExit(f"build failed:\n{done.stdout}\n{done.stderr}")


def article_url(site: Path) -> str:
    """The README's example article (Sragen joins), else the newest article."""
    pages = sorted(site.glob("berita/*/*/*sragen*/index.html")) or sorted(site.glob("berita/*/*/*/index.html"))[-1:]
    if not pages:
        raise SystemExit("the sample build has no article")
    return "/" + pages[0].parent.relative_to(site).as_posix() + "/"


def lighthouse(url: str, report: Path) -> dict:
    """Run Lighthouse once on ``url``; the parsed JSON report."""
    node = require_command("node", "nodejs")
    cli = require_file(LIGHTHOUSE_CLI, "lighthouse")
    done = subprocess.run(
        [node, str(cli), url, "--quiet", "--output=json", f"--output-path={report}",
         "--form-factor=mobile", "--throttling-method=simulate", "--disable-full-page-screenshot",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": chromium_path()},
    )
    if done.returncode or not report.exists():
        raise SystemExit(f"lighthouse failed on {url} (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def browser_version() -> str:
    done = subprocess.run([chromium_path(), "--version"], capture_output=True, text=True, timeout=30)
    return done.stdout.strip() or "unknown"


def scores(result: dict) -> dict:
    return {name: round(result["categories"][name]["score"] * 100) if result["categories"][name]["score"] is not None
            else None for name in CATEGORIES}


def failed_audits(result: dict) -> list[str]:
    """Audits of the scored categories that did not pass, as "category:audit-id (score)"."""
    failed = []
    for name in CATEGORIES:
        for ref in result["categories"][name]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 0.9:
                failed.append(f"{name}:{ref['id']} ({audit['score']:.2f})")
    return failed


def transfer(result: dict) -> dict:
    """Bytes the page transferred, from Lighthouse's network records."""
    requests = result["audits"]["network-requests"]["details"]["items"]
    total = sum(r.get("transferSize", 0) for r in requests)
    images = sum(r.get("transferSize", 0) for r in requests if r.get("resourceType") == "Image")
    return {"requests": len(requests), "total_bytes": total, "without_images_bytes": total - images,
            "by_type": {kind: sum(r.get("transferSize", 0) for r in requests if r.get("resourceType") == kind)
                        for kind in sorted({r.get("resourceType") or "Other" for r in requests})}}


def run(keep: Path | None = None) -> dict:
    work = Path(keep or tempfile.mkdtemp(prefix="bench-lighthouse-"))
    site, reports = work / "site", work / "reports"
    shutil.rmtree(work, ignore_errors=True)
    site.mkdir(parents=True)
    reports.mkdir()
    try:
        with serve(site) as (base, server):
            build(site, base)  # into the served folder: the URLs in it are the server's
            pages = {kind: url or article_url(site) for kind, url in PAGES.items()}
            results = {kind: lighthouse(base + url, reports / f"{kind}.json") for kind, url in pages.items()}
        return {
            "lighthouse": results["home"]["lighthouseVersion"],
            "browser": browser_version(),
            "mode": "mobile, simulated throttling",
            "server": server,
            "pages": {kind: {"url": pages[kind], **scores(result), "not_passed": failed_audits(result)}
                      for kind, result in results.items()},
            "article_transfer": {"url": pages["article"], **transfer(results["article"])},
        }
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description="Lighthouse scores of the sample site's main pages")
    parser.add_argument("--keep", type=Path, help="build and write the reports in this folder, and keep it")
    args = parser.parse_args()
    print(json.dumps(run(args.keep), indent=2))


if __name__ == "__main__":
    main()
