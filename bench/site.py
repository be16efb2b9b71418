"""Build benchmark: our builds against vanilla Pelican + Pagefind, on the same corpus.

    python -m bench.site --articles 1000 [--corpus news|wide]     (or: invoke bench --articles 1000)

For N generated articles over the real region data (``news``: bench/corpus.py; ``wide``:
bench/corpus_wide.py, long soft-wrapped paragraphs, many tags and authors, all 514 regions) it
measures, each in its own process: wall time, peak memory (the largest process's max RSS, and
all processes together), output files and bytes, and ms per article of

- the baseline: vanilla Pelican with its default theme and settings, then Pagefind's CLI over
  that output;
- ours through each door, from scratch: Pelican's own command line (``pelican content -s
  publishconf.py``) and the build ``invoke build``/``invoke publish`` run (smartcity.tools.build);
- publishing (``invoke publish``, smartcity.tools.publish): the first publish (a whole build);
  ``FIRST_PAUSE`` seconds later, one after an edited article (the spare release the first
  publish left is brought up to date); then one with nothing changed, one after an edited
  article, one after a correction, one after a new article, each end to end (build, search
  index, checks, swap), back to back: each waits for the previous one to save its state, and
  the first ones build from the live release by linking every file, as no spare is ready. Then the same changes again
  (``steady_*``), as a newsroom meets them once publishing has settled: the oldest kept release
  is brought up to date in place, and each publish starts a few seconds after the last (the
  edits and the first correction are of older articles, in the search index's parts of 500
  pages; ``steady_recent_correction`` is of one of the newest, in a fresh part;
  ``steady_new_article_with_photo`` adds an article naming a new 2400x1600 photo, which the
  build resizes, and whose size its page shows). From
  the second publish on, the warm publisher the first one started runs them (as it does for
  ``invoke publish``); its memory is reported apart (``warm_publisher_mb``), as it is not the
  command's child. Last, an edit once the warm publisher has gone
  (``edited_without_warm_publisher``: the command loads the live release's state itself, as
  after ``PUBLISH_WARM_SECONDS`` without a publish);
- edit to preview, in a running preview (smartcity.tools.preview): a text edit of the newest
  article, until its page, its region page, the home page and the site feed are rewritten; and
  a new article, until its page exists and those listings are rewritten.

Figures are reported as ratios to the baseline measured in the same run. The machine's other
work changes every figure: compare the ratios of one run, and repeat a run that looks off.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.corpus import generate as generate_news
from bench.corpus_wide import generate as generate_wide
from smartcity.tools import warm

CORPORA = {"news": generate_news, "wide": generate_wide}

ROOT = Path(__file__).resolve().parent.parent
VANILLA_CONF = """AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
"""


def process_tree(root: int) -> list[int]:
    """``root`` and every process descending from it."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    return sorted(tree)


def tree_memory_mb(root: int) -> float:
    """Memory of the whole process tree: the sum of proportional set sizes (shared pages, as
    between a forked child and its parent, counted once)."""
    total = 0
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except (OSError, StopIteration):
            continue
    return total / 1024


def measured(command: list[str], cwd: Path = ROOT) -> dict:
    """Run ``command`` in a child process: wall seconds, the largest process's peak RSS, and the
    peak memory of all its processes together (sampled five times a second), in MB, and the CPU
    seconds of its processes (user, system).

    The file system's dirty blocks are written out first: ext4 passes over the inodes freed in
    the last minutes while the inode table holding them is dirty, and a command that makes tens
    of thousands of files right after others were deleted (the last step's trash, the last
    run's folder) spent most of its time in the kernel (27-33 s of system time for a build at
    10,000 articles that spends 12 s there after a sync). Each step starts with nothing left to
    write out; work an earlier publish left running (its state saver, the spare, the trash) may
    still run, as when staff publish again within seconds. (A step that meets a file system
    full of dirty blocks from a mass deletion can be slower than this says.)"""
    os.sync()
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    together = 0.0
    while child.poll() is None:
        together = max(together, tree_memory_mb(child.pid))
        time.sleep(0.2)
    stderr = child.stderr.read()
    wall = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{stderr[-2000:]}")
    # The only child of this fresh process (see in_own_process), and its own children: Linux gives KB.
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall_s": round(wall, 2), "peak_mb": round(used.ru_maxrss / 1024, 1), "peak_all_processes_mb": round(together, 1),
            "cpu_user_s": round(used.ru_utime, 1), "cpu_system_s": round(used.ru_stime, 1)}


SETTLE = 65  # seconds: ext4 passes over inodes freed in the last 60 s (300 s while their table is dirty)


def settled() -> None:
    """Wait until the inodes freed before now no longer slow the making of files.

    ext4 gives a new file or folder an inode that was not freed in the last minute (five, while
    the inode table holding it is not written out): it checks each free inode's deletion time,
    and a command that makes tens of thousands of files and folders soon after others were
    deleted (the last step's search index folder of links, the last run's work folder, the
    trash) spent most of its time in the kernel: a whole build at 10,000 articles took 28 s
    here, and 45-51 s (system time 24-36 s instead of 7 s) right after 41,000 files were
    deleted. Each whole build (vanilla's, each door, the first publish) starts settled, so that
    none pays for what the step before it deleted."""
    os.sync()
    time.sleep(SETTLE)


def in_own_process(command: list[str], cwd: Path = ROOT, settle: bool = False) -> dict:
    """Measure through a fresh Python so that peak memory is this command's alone (``settle``: a
    whole build, after :func:`settled`)."""
    if settle:
        settled()
    probe = [sys.executable, "-m", "bench.site", "--measure", json.dumps(command), "--cwd", str(cwd)]
    out = subprocess.run(probe, cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout)


def output_stats(folder: Path) -> dict:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return {"files": len(files), "mb": round(sum(p.stat().st_size for p in files) / 2**20, 1)}


def baseline(content: Path, work: Path) -> dict:
    conf = work / "vanilla.py"
    conf.write_text(VANILLA_CONF)
    output = work / "vanilla-output"
    site = in_own_process([sys.executable, "-m", "pelican", str(content), "-s", str(conf), "-o", str(output)], work,
                          settle=True)
    index = in_own_process([sys.executable, "-m", "pagefind", "--site", str(output)], work)
    return {"pelican": site, "pagefind": index, "wall_s": round(site["wall_s"] + index["wall_s"], 2),
            "peak_mb": max(site["peak_mb"], index["peak_mb"]),
            "peak_all_processes_mb": max(site["peak_all_processes_mb"], index["peak_all_processes_mb"]),
            **output_stats(output)}


def ours(content: Path, work: Path, door: str) -> dict:
    """A whole build with publishconf.py through one door: ``pelican`` or ``build`` (what invoke runs)."""
    output = work / f"our-output-{door}"
    command = {"pelican": [sys.executable, "-m", "pelican"], "build": [sys.executable, "-m", "smartcity.tools.build"]}
    run = in_own_process([*command[door], str(content), "-s", str(ROOT / "publishconf.py"), "-o", str(output)],
                         settle=True)
    return {**run, **output_stats(output)}


def publishing(content: Path, work: Path) -> dict:
    """``invoke publish`` end to end: the first publish, then after each small change."""
    content = Path(shutil.copytree(content, work / "publish-content"))
    command = [sys.executable, "-m", "smartcity.tools.publish", "--content", str(content),
               "--root", str(work / "public"), "--target", ""]
    files = sorted(content.rglob("*.md"))
    newest = files[-1]
    text = newest.read_text(encoding="utf-8")
    when = text.split("Date: ", 1)[1].split("\n", 1)[0]

    def edit(path: Path, old: str, new: str):
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    changes = {
        "first_publish": lambda: None,
        "edited_after_a_pause": lambda: (time.sleep(FIRST_PAUSE), edit(files[len(files) // 5], "\n\n",
                                                                         "\n\nKalimat pertama dari redaksi.\n\n")),
        "unchanged": lambda: None,
        "edited_article": lambda: edit(files[len(files) // 3], "\n\n", "\n\nKalimat baru dari redaksi.\n\n"),
        "correction": lambda: edit(files[len(files) // 2], "\n\n", "\nCorrection: Nama pejabat diperbaiki.\n\n"),
        "new_article": lambda: (newest.parent / f"{newest.stem}-tambahan.md").write_text(
            text.replace(f"Date: {when}", f"Date: {when[:10]} 23:59").replace("Title: ", "Title: Tambahan: ", 1),
            encoding="utf-8"),
    }
    steady = {
        "steady_edited_article": lambda: edit(files[len(files) // 4], "\n\n", "\n\nKalimat lain dari redaksi.\n\n"),
        "steady_correction": lambda: edit(files[2 * len(files) // 3], "\n\n", "\nCorrection: Nama lembaga diperbaiki.\n\n"),
        "steady_new_article": lambda: (newest.parent / f"{newest.stem}-tambahan-kedua.md").write_text(
            text.replace(f"Date: {when}", f"Date: {when[:10]} 23:58").replace("Title: ", "Title: Tambahan kedua: ", 1),
            encoding="utf-8"),
        # a correction of one of the newest articles, as corrections mostly are: its search index
        # part is one of the fresh parts (100-199 pages), not a part of 500
        "steady_recent_correction": lambda: edit(files[-5], "\n\n", "\nCorrection: Judul foto diperbaiki.\n\n"),
        # a new article with a new photo, as most are in a newsroom (a static file: its size is on the page)
        "steady_new_article_with_photo": lambda: with_photo(newest.parent / f"{newest.stem}-berfoto.md", text, when,
                                                             content / "images" / "foto-tambahan.jpg"),
        "steady_unchanged": lambda: None,
    }
    # an edit once the warm publisher has gone (PUBLISH_WARM_SECONDS without a publish): the
    # command starts Python, imports Pelican and loads the live release's state itself
    cold = {"edited_without_warm_publisher": lambda: edit(files[3 * len(files) // 5], "\n\n",
                                                          "\n\nKalimat sesudah jeda panjang.\n\n")}
    result = {}
    try:
        for name, change in changes.items():
            change()
            result[name] = publish_step(command, settle=name == "first_publish")
        for name, change in steady.items():
            time.sleep(STEADY_PAUSE)
            change()
            result[name] = publish_step(command)
        for name, change in cold.items():
            time.sleep(FIRST_PAUSE)  # as after a long pause: the last publish's state saved, its spare made
            warm.stop(command[3:], str(ROOT))
            change()
            result[name] = publish_step(command)
    finally:  # it would go on loading releases while the next measurements run
        warm.stop(command[3:], str(ROOT))
    return result


def publish_step(command: list[str], settle: bool = False) -> dict:
    """One publish: its wall time and the command's memory, and the warm publisher's memory. Not
    its CPU seconds: from the second publish on, a warm publisher's fork does the work, which
    is not the command's child (nor are the state saver, the spare and the trash emptying)."""
    step = in_own_process(command, settle=settle)
    for name in ("cpu_user_s", "cpu_system_s"):
        step.pop(name, None)
    return {**step, **warm_publisher(command)}


def with_photo(path: Path, text: str, when: str, photo: Path) -> None:
    """A new article (``text`` of another, dated later that day) naming a new 2400x1600 JPEG photo
    of about 2 MB, as a camera's (a gradient with noise, which does not compress away)."""
    from PIL import Image

    photo.parent.mkdir(parents=True, exist_ok=True)
    gradient, noise = Image.linear_gradient("L").resize((2400, 1600)), Image.effect_noise((2400, 1600), 40)
    Image.merge("RGB", (Image.blend(gradient, noise, 0.5), noise, gradient)).save(photo, "JPEG", quality=85)
    header = (f"Image: {photo.parent.name}/{photo.name}\nImage_alt: Warga mencoba layanan baru\n"
              "Image_caption: Uji coba layanan. Foto: Redaksi\n")
    path.write_text(text.replace(f"Date: {when}", f"{header}Date: {when[:10]} 23:57")
                    .replace("Title: ", "Title: Berfoto: ", 1), encoding="utf-8")


def warm_publisher(command: list[str]) -> dict:
    """The memory of the warm publisher that serves ``command`` (smartcity.tools.warm): it holds the
    live release's articles and ledgers between publishes, and forks each publish; its process
    is not the command's child, so the command's own figures leave it out. (Its state saver has
    the same command line: the publisher is the process that listens. Right after a publish, the
    publisher that served it may still hold the socket as it exits: the larger is taken.)"""
    serving = warm.serving(command[3:], str(ROOT))
    return {"warm_publisher_mb": round(max(tree_memory_mb(pid) for pid in serving), 1) if serving else None}


def warm_publishers() -> list[tuple[int, str]]:
    """The warm publishers running (smartcity.tools.warm: the processes that listen for a publish):
    each one's process id and working folder (where the publish it serves, or last served, ran)."""
    found = []
    for pid in warm.serving(None):
        try:
            found.append((pid, os.readlink(f"/proc/{pid}/cwd")))
        except OSError:
            continue
    return found


STEADY_PAUSE = 3  # seconds between the settled publishes (staff publish minutes apart)
FIRST_PAUSE = 20  # seconds after the first publish (a whole build) before an article is edited


def mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def wait_rewritten(targets: list[Path], before: dict, saved: float, limit: float = 600) -> float:
    """Seconds from ``saved`` until every target exists with a modification time it did not have."""
    while any(mtime(t) in (None, before.get(t)) for t in targets):
        if time.monotonic() - saved > limit:
            raise SystemExit(f"bench: preview did not rewrite {targets} within {limit:.0f} s")
        time.sleep(0.005)
    return round(time.monotonic() - saved, 3)


def edit_to_preview(content: Path, work: Path, port: int = 8791) -> dict:
    """Seconds from saving to the rewritten pages, in a running preview (smartcity.tools.preview):

    - a text edit of the newest article, until its page, its region's page, the home page and
      the site feed are rewritten (twice: the first save after start, then another);
    - a new article, until its page exists and the home page, its region's page and the feed
      are rewritten (every page of the home page's pagination moves by one article).
    """
    output = work / "preview-output"
    server = subprocess.Popen([sys.executable, "-m", "smartcity.tools.preview", "--content", str(content),
                               "--output", str(output), "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    messages: list[str] = []
    try:
        ready = time.monotonic()
        for line in server.stdout:
            if "Pratinjau di" in line:
                break
        first_build = time.monotonic() - ready
        threading.Thread(target=lambda: messages.extend(server.stdout), daemon=True).start()
        article = max((content / "berita").rglob("*.md"), key=lambda p: p.name)  # names start with the date
        text = article.read_text()
        number = int(article.stem.rsplit("-", 1)[1])
        page = next(output.glob(f"berita/*/*/*-{number}/index.html"))
        region_line = next(line for line in text.splitlines() if line.startswith("Regions:"))
        from slugify import slugify
        region = slugify(region_line.split(":", 1)[1].split(",")[0].strip())
        listings = [output / "wilayah" / region / "index.html", output / "index.html", output / "feed.xml"]
        result = {"first_build_s": round(first_build, 2)}
        for name, word in (("text_edit_s", "penduduk"), ("second_text_edit_s", "masyarakat")):
            before = {t: mtime(t) for t in [page, *listings]}
            time.sleep(0.3)
            saved = time.monotonic()
            # A sentence added to the body (a word of the title would move the page)
            article.write_text(f"{text.rstrip()}\n\nKalimat tambahan untuk {word}.\n")
            result[name] = wait_rewritten([page, *listings], before, saved)
        before = {t: mtime(t) for t in listings}
        time.sleep(0.3)
        saved = time.monotonic()
        when = text.split("Date: ", 1)[1].split("\n", 1)[0]
        added = text.replace(f"Date: {when}", f"Date: {when[:10]} 23:59").replace("Title: ", "Title: Tambahan: ", 1)
        (content / "berita" / f"{article.stem}-tambahan.md").write_text(added)
        new_page = None
        while new_page is None and time.monotonic() - saved < 600:
            new_page = next(output.glob("berita/*/*/tambahan-*/index.html"), None)
            time.sleep(0.005)
        result["new_article_s"] = wait_rewritten(listings, before, saved)
        said = []
        while len(said) < 3 and time.monotonic() - saved < 600:  # the preview's own account of each update
            said = [m.strip() for m in list(messages) if "Pratinjau diperbarui" in m]
            time.sleep(0.05)
        result["preview_said"] = said
        return result
    finally:
        server.terminate()
        server.wait(timeout=30)


DOORS = ("pelican", "build")


def run(articles: int, keep: Path | None, preview: bool, with_baseline: bool = True, corpus: str = "news",
        publish: bool = True, doors: tuple[str, ...] = DOORS) -> dict:
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="bench-site-"))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    content = CORPORA[corpus](articles, work / "content")
    result = {"articles": articles, "corpus": corpus}
    base = baseline(content, work) if with_baseline else None
    for door in doors:
        mine = result[f"ours_{door}"] = ours(content, work, door)
        result.setdefault("ms_per_article", {})[f"ours_{door}"] = round(1000 * mine["wall_s"] / articles, 2)
        if base:
            result[f"ratio_wall_{door}"] = round(mine["wall_s"] / base["wall_s"], 2)
            result[f"ratio_peak_memory_{door}"] = round(mine["peak_all_processes_mb"] / base["peak_all_processes_mb"], 2)
    if base:
        result["baseline"] = base
        result.setdefault("ms_per_article", {})["baseline"] = round(1000 * base["wall_s"] / articles, 2)
    if publish:
        published = result["publish"] = publishing(content, work)
        if base:
            result["ratio_publish_to_baseline"] = {name: round(step["wall_s"] / base["wall_s"], 3)
                                                   for name, step in published.items()}
    if preview:
        result["preview"] = edit_to_preview(content, work)
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return result


def main():
    parser = argparse.ArgumentParser(description="Build benchmark against vanilla Pelican + Pagefind")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="news")
    parser.add_argument("--no-publish", action="store_true", help="leave out the publishing times")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--no-preview", action="store_true")
    parser.add_argument("--no-baseline", action="store_true",
                        help="ours only (vanilla Pelican needs hours at 100,000 articles: quadratic archives)")
    parser.add_argument("--doors", default=",".join(DOORS),
                        help="the whole builds to measure, of pelican,build (none: an empty string)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--cwd", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measured(json.loads(args.measure), Path(args.cwd))))
        return
    doors = tuple(d for d in args.doors.split(",") if d)
    if set(doors) - set(DOORS):
        parser.error(f"--doors: one or more of {', '.join(DOORS)}")
    print(json.dumps(run(args.articles, args.keep, not args.no_preview, not args.no_baseline, args.corpus,
                         not args.no_publish, doors), indent=2))


if __name__ == "__main__":
    main()
