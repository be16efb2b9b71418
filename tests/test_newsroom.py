"""The newsroom without a browser: its parts on plain data, and its server answering as the editor asks.

The editor itself, in Chromium, is tests/test_newsroom_browser.py.
"""

from __future__ import annotations

import base64
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from conftest import ROOT, WRITER, free_port, newsroom_repository
from smartcity.names import RegionResolver
from smartcity.newsroom import regions
from smartcity.newsroom.gitrepo import Author, GitRepo
from smartcity.newsroom.workspace import mirror, unpublished_files
from smartcity.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy(ROOT / "data")
RESOLVER = RegionResolver(TAXONOMY)
KEYS = regions.region_keys(TAXONOMY)


# The region picker

def offers(text: str) -> list[tuple[str, str]]:
    return [(o.region.name, o.how) for o in regions.find(text, RESOLVER, KEYS)]


@pytest.mark.parametrize("text, name", [
    ("Solo", "Kota Surakarta"), ("Kota Solo", "Kota Surakarta"), ("Kab. Sragen", "Kabupaten Sragen"),
    ("33.14", "Kabupaten Sragen"), ("3314", "Kabupaten Sragen"), ("kabupaten-sragen", "Kabupaten Sragen"),
    ("gunung kidul", "Kabupaten Gunungkidul"),
])
def test_the_picker_finds_first_what_the_build_accepts(text, name):
    assert offers(text)[0] == (name, "tepat")
    assert RESOLVER.resolve(text).name == name  # the same answer as the build's


def test_a_name_two_regions_share_offers_both():
    assert offers("Bogor")[:2] == [("Kabupaten Bogor", "tepat"), ("Kota Bogor", "tepat")]


def test_the_first_letters_offer_names_that_begin_with_them():
    found = offers("kota b")
    assert found and all(name.startswith("Kota B") and how == "awalan" for name, how in found)


def test_a_misspelling_offers_only_real_regions_as_guesses():
    found = offers("Sragn")
    assert found[0] == ("Kabupaten Sragen", "mirip")
    assert all(how == "mirip" for _, how in found)
    assert all(name in TAXONOMY.by_slug[RESOLVER.resolve(name).slug].name for name, _ in found)


def test_every_region_is_found_by_its_own_name_and_code():
    for region in TAXONOMY.regions:
        assert region.name in [name for name, how in offers(region.name) if how == "tepat"], region.name
        assert offers(region.code)[0] == (region.name, "tepat")


def test_an_offer_shows_province_and_programme_rounds():
    described = regions.describe(regions.find("Kab. Sragen", RESOLVER, KEYS)[0])
    assert described["province"] == "Jawa Tengah" and described["code"] == "33.14"
    assert [r["year"] for r in described["rounds"]] == [2019]


# The preview's content: saved articles with those under review laid over them

def test_the_preview_content_mirrors_the_folder_with_the_overlay_on_top(tmp_path):
    content, farm = tmp_path / "content", tmp_path / "farm"
    (content / "berita").mkdir(parents=True)
    (content / "berita" / "a.md").write_text("A")
    (content / "berita" / "b.md").write_text("B")
    assert mirror(content, {"berita/b.md": b"B baru", "berita/c.md": b"C", "../luar.md": b"X"}, farm)
    assert (farm / "berita/a.md").is_symlink() and (farm / "berita/a.md").read_text() == "A"
    assert not (farm / "berita/b.md").is_symlink() and (farm / "berita/b.md").read_text() == "B baru"
    assert (farm / "berita/c.md").read_text() == "C" and not (tmp_path / "luar.md").exists()
    stamp = (farm / "berita/c.md").stat().st_mtime_ns
    assert not mirror(content, {"berita/b.md": b"B baru", "berita/c.md": b"C"}, farm)  # nothing to do
    assert (farm / "berita/c.md").stat().st_mtime_ns == stamp
    assert mirror(content, {"berita/a.md": None}, farm)  # under review: deleted; c published or dropped
    assert not (farm / "berita/a.md").exists() and not (farm / "berita/c.md").exists()
    assert (farm / "berita/b.md").is_symlink()


# Git: commits in the writer's name, the branches under review

def commit_file(repo: Path, path: str, text: str, who: Author, branch: str | None = None):
    env = {**os.environ, "GIT_AUTHOR_NAME": who.name, "GIT_AUTHOR_EMAIL": who.email,
           "GIT_COMMITTER_NAME": "Mesin", "GIT_COMMITTER_EMAIL": "mesin@x"}
    if branch:
        subprocess.run(["git", "-C", str(repo), "checkout", "-q", "-B", branch], check=True)
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-q", "-m", f"ubah {path}"], check=True, env=env)


def test_commits_the_machine_made_are_credited_to_the_writer(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "-C", str(repo), "init", "-q", "-b", "main"], check=True)
    machine, siti, budi = Author("Ruang Redaksi", "rr@x"), Author("Siti", "siti@x"), Author("Budi", "budi@x")
    commit_file(repo, "content/berita/a.md", "A", budi)
    base = GitRepo(repo).head("main")
    commit_file(repo, "content/berita/b.md", "B", machine)
    commit_file(repo, "content/berita/c.md", "C", machine)
    tree = GitRepo(repo).run("rev-parse", "main^{tree}")
    GitRepo(repo).credit("main", base, machine, siti)
    log = GitRepo(repo).run("log", "--format=%an|%cn", "main").split()
    assert log == ["Siti|Mesin", "Siti|Mesin", "Budi|Mesin"]
    assert GitRepo(repo).run("rev-parse", "main^{tree}") == tree
    assert GitRepo(repo).run("status", "--porcelain") == ""  # the working folder is untouched


def test_the_branches_under_review_are_read_without_a_checkout(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "-C", str(repo), "init", "-q", "-b", "main"], check=True)
    who = Author("Siti", "siti@x")
    commit_file(repo, "content/berita/a.md", "A", who)
    commit_file(repo, "content/berita/baru.md", "Baru", who, branch="cms/berita/baru")
    commit_file(repo, "data/lain.csv", "x", who)
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "main"], check=True)
    assert unpublished_files(GitRepo(repo), "main", "content") == {"berita/baru.md": b"Baru"}


# The server

def post(newsroom, path: str, body: dict, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(newsroom.base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def article(title: str, regions_text: str, date: str = "2026-11-20 10:00") -> str:
    return f"Title: {title}\nDate: {date}\nRegions: {regions_text}\nSummary: Ringkasan.\n\nIsi berita.\n"


def persist(newsroom, slug: str, raw: str, assets: list | None = None) -> tuple[int, dict]:
    return post(newsroom, "/api/v1", {"action": "persistEntry", "params": {
        "branch": "main", "dataFiles": [{"slug": slug, "path": f"content/berita/{slug}.md", "raw": raw}],
        "assets": assets or [], "options": {"commitMessage": f"Berita baru: {slug}", "useWorkflow": True,
                                            "status": "draft", "collectionName": "berita"}}})


def test_a_save_the_check_would_refuse_is_refused_with_the_same_line(newsroom, tmp_path):
    raw = article("Sragen Salah Ketik", "Kab. Sragn")
    status, answer = persist(newsroom, "2026-11-20-sragen-salah-ketik", raw)
    assert status == 422
    content = tmp_path / "content"
    (content / "berita").mkdir(parents=True)
    (content / "berita" / "2026-11-20-sragen-salah-ketik.md").write_text(raw)
    check = subprocess.run([sys.executable, "-m", "smartcity.tools.check", "--content", str(content)],
                           cwd=ROOT, capture_output=True, text=True)
    expected = [line.split(": ", 1)[1] for line in check.stdout.splitlines() if ": galat: " in line]
    assert [line.split(": ", 1)[1] for line in answer["error"].splitlines()] == expected
    assert "cms/berita/2026-11-20-sragen-salah-ketik" not in newsroom.git("branch")


def test_an_upload_that_is_not_a_photo_is_refused(newsroom):
    fake = base64.b64encode(b"bukan foto, hanya teks").decode()
    status, answer = post(newsroom, "/api/v1", {"action": "persistMedia", "params": {
        "branch": "main", "asset": {"path": "content/images/foto.jpg", "content": fake, "encoding": "base64"},
        "options": {"commitMessage": "Unggah foto"}}})
    assert status == 422 and "foto.jpg" in answer["error"] and "saran:" in answer["error"]
    assert "foto.jpg" not in newsroom.git("ls-tree", "-r", "--name-only", "main")


def test_a_good_save_is_a_commit_in_the_writers_name_and_shows_in_the_preview(newsroom):
    image = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 90, 160)).save(image, "JPEG")
    raw = article("Klaten Membuka Layanan Malam", "Kabupaten Klaten").replace(
        "Summary:", "Image: images/klaten.jpg\nImage_alt: Loket layanan malam\nSummary:")
    asset = {"path": "content/images/klaten.jpg", "content": base64.b64encode(image.getvalue()).decode(),
             "encoding": "base64"}
    status, answer = persist(newsroom, "2026-11-20-klaten", raw, [asset])
    assert status == 200, answer
    branch = "cms/berita/2026-11-20-klaten"
    assert newsroom.git("log", "-1", "--format=%an", branch).strip() == WRITER[0]
    assert newsroom.git("show", f"{branch}:content/berita/2026-11-20-klaten.md") == raw
    assert "klaten" not in newsroom.git("ls-tree", "-r", "--name-only", "main")  # under review only
    url = f"{newsroom.base}/berita/2026/11/klaten-membuka-layanan-malam/"
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                page = response.read().decode()
                break
        except urllib.error.HTTPError:
            assert time.monotonic() < deadline, "the saved article never reached the preview"
            time.sleep(0.2)
    assert "Klaten Membuka Layanan Malam" in page
    status, preview = post(newsroom, "/api/v1", {"action": "getDeployPreview", "params": {
        "branch": "main", "collection": "berita", "slug": "2026-11-20-klaten"}})
    assert preview == {"url": url, "status": "SUCCESS"}


def test_a_photo_is_kept_without_its_gps_position(newsroom):
    exif = Image.Exif()
    exif[0x0110] = "Kamera Ponsel"  # model
    exif[0x8825] = {1: "S", 2: (6.0, 12.0, 30.0), 3: "E", 4: (106.0, 49.0, 10.0)}  # GPS: Jakarta
    exif[0x0112] = 6  # shown turned by 90 degrees
    photo = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 80, 40)).save(photo, "JPEG", exif=exif)
    assert Image.open(io.BytesIO(photo.getvalue())).getexif().get_ifd(0x8825)
    raw = article("Tegal Menata Alun-alun", "Kota Tegal").replace(
        "Summary:", "Image: images/tegal.jpg\nImage_alt: Alun-alun\nSummary:")
    asset = {"path": "content/images/tegal.jpg", "content": base64.b64encode(photo.getvalue()).decode(), "encoding": "base64"}
    assert persist(newsroom, "2026-11-20-tegal", raw, [asset])[0] == 200
    kept = subprocess.run(["git", "-C", str(newsroom.repo), "show", "cms/berita/2026-11-20-tegal:content/images/tegal.jpg"],
                          capture_output=True, check=True).stdout
    with Image.open(io.BytesIO(kept)) as image:
        assert not image.getexif() and "exif" not in image.info
        assert image.size == (600, 800)  # turned as it was shown


def test_publishing_a_future_article_is_refused(newsroom):
    raw = article("Sragen Merencanakan Acara Tahun Depan", "Kabupaten Sragen", date="2099-01-01 10:00")
    assert persist(newsroom, "2099-01-01-sragen", raw)[0] == 200
    status, answer = post(newsroom, "/api/v1", {"action": "publishUnpublishedEntry", "params": {
        "branch": "main", "collection": "berita", "slug": "2099-01-01-sragen"}})
    assert status == 422 and "masa depan" in answer["error"]
    assert "2099" not in newsroom.git("ls-tree", "-r", "--name-only", "main")


def test_requests_from_another_site_are_refused(newsroom):
    status, _ = post(newsroom, "/api/v1", {"action": "info"}, headers={"Origin": "https://situs-lain.example"})
    assert status == 403


def test_the_git_proxy_listens_on_loopback_only(newsroom):
    socket.create_connection(("127.0.0.1", newsroom.proxy_port), timeout=2).close()
    addresses = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    addresses |= set(subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split())
    outside = [a for a in addresses if ":" not in a and not a.startswith("127.")]
    assert outside, "this machine has no address besides loopback to test from"
    for address in outside:
        with pytest.raises(OSError):
            socket.create_connection((address, newsroom.proxy_port), timeout=2).close()


def test_the_admin_is_not_part_of_the_published_site(newsroom, tmp_path):
    result = subprocess.run([sys.executable, "-m", "smartcity.tools.build", str(newsroom.repo / "content"),
                             "-s", str(newsroom.repo / "publishconf.py"), "-o", str(tmp_path / "out")],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    built = [p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*")]
    assert built and not [p for p in built if p.startswith("admin") or "decap" in p]


# Ports

def test_a_taken_port_is_one_line_for_the_preview_and_the_newsroom(tmp_path):
    port = free_port()
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", port))
        holder.listen()
        for command in (["-m", "smartcity.tools.preview", "--port", str(port)],
                        ["-m", "smartcity.newsroom.server", "--project", str(ROOT), "--port", str(port)]):
            result = subprocess.run([sys.executable, *command], cwd=ROOT, capture_output=True, text=True, timeout=60)
            assert result.returncode == 1
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
            assert f"Port {port}" in lines[0] and f"PID {os.getpid()}" in lines[0] and "--port" in lines[0]


def test_the_editor_is_configured_from_the_site_and_can_move_to_a_forge():
    from pelican.settings import read_settings

    from smartcity.newsroom.cmsconfig import cms_config
    from smartcity.settings import apply_defaults

    settings = apply_defaults(read_settings(str(ROOT / "pelicanconf.py")))
    config = cms_config(settings, str(ROOT), "main", TAXONOMY, 10_000_000)
    assert config["backend"]["name"] == "redaksi" and config["backend"]["proxy_url"] == "/api/v1"
    assert config["publish_mode"] == "editorial_workflow" and config["locale"] == "id"
    assert config["collections"][0]["folder"] == "content/berita" and config["media_folder"] == "content/images"
    forge = {"name": "gitea", "repo": "redaksi/kabar", "base_url": "https://git.kantor.example", "branch": "main"}
    config = cms_config({**settings, "NEWSROOM_BACKEND": forge}, str(ROOT), "main", TAXONOMY, 10_000_000)
    assert config["backend"]["name"] == "gitea" and config["backend"]["repo"] == "redaksi/kabar"
    assert config["backend"]["commit_messages"]["create"] == "Berita baru: {{slug}}"


def test_a_working_folder_with_changes_by_hand_is_refused(tmp_path):
    repo = newsroom_repository(tmp_path / "repo")
    (repo / "content" / "berita" / "catatan.md").write_text("Title: Catatan\n")
    result = subprocess.run([sys.executable, "-m", "smartcity.newsroom.server", "--project", str(repo),
                             "--port", str(free_port()), "--proxy-port", str(free_port())],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/berita/catatan.md" in result.stderr and "git stash -u" in result.stderr


def test_preview_refreshes_asked_for_in_a_row_are_one_and_wait_for_a_publish():
    """A save and two status changes make one refresh, not three piled up; none starts while a
    publish runs (the publisher asks again when it is done); a refresh runs at a lower priority."""
    import threading

    from smartcity.newsroom.server import PREVIEW_NICENESS, Refresher

    started, release = threading.Event(), threading.Event()
    niceness: list[int] = []

    def refresh():
        niceness.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        started.set()
        release.wait(10)

    publishing = threading.Event()
    refresher = Refresher(refresh, held=publishing.is_set)
    try:
        running = refresher.ask()
        assert started.wait(10)
        queued = refresher.ask()  # while one runs: one more, for what changed since it began
        assert queued is not None
        assert [refresher.ask(), refresher.ask()] == [None, None]
        release.set()
        assert running.result(10) is True and queued.result(10) is True
        assert len(niceness) == 2
        if sys.platform.startswith("linux"):
            assert set(niceness) == {max(PREVIEW_NICENESS, os.getpriority(os.PRIO_PROCESS, 0))}
        publishing.set()
        assert refresher.ask().result(10) is False and len(niceness) == 2
        publishing.clear()  # the publisher's call back
        assert refresher.ask().result(10) is True and len(niceness) == 3
    finally:
        release.set()
        refresher.shutdown()


def test_a_publish_that_fails_says_why_and_leaves_the_live_site(tmp_path):
    from smartcity.newsroom.publisher import Article, Publisher

    repo = newsroom_repository(tmp_path / "repo")
    public = tmp_path / "public"
    publisher = Publisher(GitRepo(repo), "main", tmp_path / "terbitan", public, site_url="https://contoh.id")
    article = Article("Sragen", "berita/2019/05/kabupaten-sragen-resmi-bergabung-dalam-gerakan-menuju-100-smart-city/index.html",
                      "berita/2019/05/kabupaten-sragen-resmi-bergabung-dalam-gerakan-menuju-100-smart-city/")
    publisher.request([article])
    assert publisher.wait(300)
    state = publisher.state()
    assert state["phase"] == "tayang" and state["run"] == 1, state["message"]
    live = (public / "current").resolve()
    # Now the article file is broken on the published branch: the publish stops with the build's own line.
    path = repo / "content" / "berita" / "2019-05-15-kabupaten-sragen-resmi-bergabung.md"
    path.write_text(path.read_text().replace("Regions: Kabupaten Sragen", "Regions: Kabupaten Sragn"))
    subprocess.run(["git", "-C", str(repo), "commit", "-qam", "rusak"], check=True)
    publisher.request([article])
    assert publisher.wait(300)
    state = publisher.state()
    assert state["phase"] == "gagal" and state["run"] == 2
    assert "galat: Regions: 'Kabupaten Sragn'" in state["message"] and "tidak berubah" in state["message"]
    assert (public / "current").resolve() == live


def test_the_newsroom_keeps_its_warm_publisher_until_it_stops(tmp_path, monkeypatch):
    """Staff publish hours apart: the newsroom's publishes leave a publisher that waits
    NEWSROOM_PUBLISH_WARM_SECONDS, not the terminal's PUBLISH_WARM_SECONDS, and the newsroom sends
    it away when it stops."""
    from smartcity.newsroom.publisher import Publisher
    from smartcity.tools import warm

    monkeypatch.setenv(warm.SECONDS_VARIABLE, "1")  # what a publish from a terminal would wait
    repo = newsroom_repository(tmp_path / "repo")
    publisher = Publisher(GitRepo(repo), "main", tmp_path / "terbitan", tmp_path / "public", warm_seconds=120)
    try:
        publisher.request()
        assert publisher.wait(300) and publisher.state()["phase"] == "tayang", publisher.state()["message"]
        time.sleep(5)  # a terminal publish's publisher would have gone
        assert warm.serving(publisher.arguments(), str(tmp_path / "terbitan")), "the publisher has gone"
        publisher.request()
        assert publisher.wait(300) and publisher.state()["phase"] == "tayang", publisher.state()["message"]
        assert "Langkah (dari penerbit hangat)" in publisher.state()["message"]
    finally:
        assert publisher.stop_warm()
    deadline = time.monotonic() + 10
    while warm.serving(publisher.arguments(), str(tmp_path / "terbitan")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not warm.serving(publisher.arguments(), str(tmp_path / "terbitan"))
