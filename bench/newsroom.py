"""Newsroom benchmark: the editor's first load, and pressing "Terbitkan" until the article is live.

    python -m bench.newsroom --articles 0        (the sample site)
    python -m bench.newsroom --articles 1000     (the sample site plus 1,000 generated articles)

On a Git copy of the site it starts `invoke newsroom` (smartcity.newsroom.server) and drives
Debian's Chromium through Playwright:

- first load on a cold cache: bytes over the wire (compressed, as Chromium counts them),
  requests, time until the login button and until the list of articles;
- publish: a new article is written, saved, moved to "Siap Terbit" and published; the time
  runs from the click on "Terbitkan sekarang" until the status bar says the article is live
  (and the server's own figure for the publish);
- the baseline, in the same run: `invoke publish` of the same repository from a terminal.

Prints one JSON document.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from bench.corpus import generate
from bench.site import warm_publishers
from smartcity.tools.publish import take_lock
from tests.support.browser import launch_chromium

ROOT = Path(__file__).resolve().parent.parent
FILES = ("content", "data", "theme", "pelicanconf.py", "publishconf.py", ".gitignore")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def repository(folder: Path, articles: int) -> Path:
    folder.mkdir(parents=True)
    for name in FILES:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    if articles:
        generate(articles, folder / "content")
    for command in (["init", "-q", "-b", "main"], ["config", "user.name", "Bench"],
                    ["config", "user.email", "bench@redaksi"], ["add", "-A"], ["commit", "-q", "-m", "situs"]):
        subprocess.run(["git", "-C", str(folder), *command], check=True)
    return folder


def start_newsroom(repo: Path, public: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "smartcity.newsroom.server", "--project", str(repo),
                                "--port", str(port), "--proxy-port", str(free_port()), "--root", str(public)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ready = threading.Event()

    def read():
        for line in process.stdout:
            if line.startswith("Ruang redaksi di"):
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(600):
        process.kill()
        raise SystemExit("the newsroom did not start")
    return process, f"http://127.0.0.1:{port}"


def first_load(browser, base: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes: dict[str, float] = {}
    cdp.on("Network.loadingFinished", lambda event: sizes.__setitem__(event["requestId"], event["encodedDataLength"]))
    start = time.perf_counter()
    page.goto(base + "/admin/")
    expect(page.get_by_role("button", name="Masuk")).to_be_visible(timeout=60_000)
    login = time.perf_counter() - start
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("link", name="Berita baru")).to_be_visible(timeout=60_000)
    listed = time.perf_counter() - start
    page.wait_for_timeout(500)
    context.close()
    return {"bytes": int(sum(sizes.values())), "requests": len(sizes), "login_button_s": round(login, 2),
            "article_list_s": round(listed, 2)}


def publish_from_editor(browser, base: str, title: str) -> dict:
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(base + "/admin/")
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Berita baru").click()
    page.get_by_role("textbox", name="Judul").fill(title)
    page.locator("input[type=datetime-local]").fill("2026-11-30T09:30")
    page.get_by_role("combobox", name="Wilayah").fill("Kab. Sragen")
    page.get_by_role("option", name="Kabupaten Sragen").click()
    page.get_by_role("textbox", name="Ringkasan").fill("Ringkasan berita untuk pengukuran.")
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("Isi berita untuk pengukuran waktu terbit.")
    expect(page.locator('.periksa[aria-busy="false"]')).to_contain_text("Tidak ada masalah", timeout=30_000)
    saving = time.perf_counter()
    page.get_by_role("button", name="Simpan", exact=True).click()
    # A save is a commit to the repository (and a check of the site): seconds in a large archive.
    expect(page.get_by_text("Entri tersimpan")).to_be_visible(timeout=120_000)
    saved = time.perf_counter() - saving
    for current, new in (("Draf", "Sedang Ditinjau"), ("Sedang Ditinjau", "Siap Terbit")):
        page.get_by_role("button", name=f"Status: {current}").click()
        page.get_by_role("menuitem", name=new).click()
        expect(page.get_by_role("button", name=f"Status: {new}")).to_be_visible(timeout=120_000)
    page.get_by_role("button", name="Terbitkan", exact=True).click()
    start = time.perf_counter()
    page.get_by_text("Terbitkan sekarang").click()
    expect(page.locator("#status-redaksi")).to_contain_text("Sudah tayang", timeout=600_000)
    seconds = time.perf_counter() - start
    state = page.evaluate("fetch('/api/redaksi/status').then(r => r.json())")["publish"]
    context.close()
    steps = next((line for line in state["message"].splitlines() if line.startswith("Langkah")), "")
    return {"press_to_live_s": round(seconds, 2), "server_publish_s": state["seconds"], "save_s": round(saved, 2),
            "server_steps": steps}


def terminal_publish(repo: Path, public: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "smartcity.tools.publish", "--project", str(repo), "--root", str(public)],
                   cwd=repo, check=True, capture_output=True)
    return round(time.perf_counter() - start, 2)


def run(articles: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-redaksi-"))
    try:
        repo = repository(folder / "repo", articles)
        public = folder / "public"
        baseline = [terminal_publish(repo, public), terminal_publish(repo, public)]
        process, base = start_newsroom(repo, public)
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                load = [first_load(browser, base) for _ in range(2)]
                published = [publish_from_editor(browser, base, f"Pengukuran Terbit Nomor {n}") for n in (1, 2)]
                browser.close()
        finally:
            process.terminate()
            process.wait(30)
    finally:
        leave(folder)
    articles_total = len(list((ROOT / "content" / "berita").glob("*.md"))) + articles
    best = min(p["press_to_live_s"] for p in published)
    return {
        "articles": articles_total,
        "first_load": load,
        "publish_from_editor": published,
        "terminal_publish_s": baseline,
        "ratio_editor_to_terminal": round(best / min(baseline), 2),
    }


def leave(folder: Path) -> None:
    """Remove the bench's folder once nothing works in it: the warm publishers its publishes started
    are stopped, and a publish's state saver (which may still be making a spare release) is waited for."""
    for pid, cwd in warm_publishers():
        if Path(cwd).is_relative_to(folder):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
    lock = folder / "public" / ".lock"
    if lock.exists():
        with open(lock, "a") as held:
            take_lock(held)
    for _ in range(60):  # a spare release is made without the lock; it stops when its folder goes
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=0, help="generated articles besides the sample site")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.articles), indent=2))


if __name__ == "__main__":
    main()
