"""deploy/newsroom-nginx.conf: the newsroom behind nginx, over HTTPS, with a login for every URL.

nginx runs the shipped file with four lines substituted (port, certificate, key, upstream), a
self-signed certificate and a password file made with openssl, as the README tells a newsroom.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import ROOT, Newsroom, free_port
from support.browser import ConsoleLog
from support.nginx import global_directives, nginx_path

USER, PASSWORD = "siti", "rahasia-redaksi"
DECAP = json.loads((ROOT / "node_modules/decap-cms/package.json").read_text())["version"]


def newsroom_nginx(prefix: Path, port: int, upstream: int) -> Path:
    """The shipped config in ``prefix`` for ``port`` in front of the newsroom on ``upstream``."""
    prefix.mkdir(parents=True, exist_ok=True)
    for folder in ("logs", "temp", "tls"):
        (prefix / folder).mkdir(exist_ok=True)
    shutil.copy(ROOT / "deploy" / "mime.types", prefix / "mime.types")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(prefix / "tls/redaksi.key"),
                    "-out", str(prefix / "tls/redaksi.crt")], check=True, capture_output=True)
    hashed = subprocess.run(["openssl", "passwd", "-apr1", PASSWORD], check=True, capture_output=True, text=True).stdout
    (prefix / "htpasswd").write_text(f"{USER}:{hashed.strip()}\n")
    config = (ROOT / "deploy" / "newsroom-nginx.conf").read_text()
    for pattern, value in ((r"listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;"),
                           (r"proxy_pass http://127\.0\.0\.1:8000;", f"proxy_pass http://127.0.0.1:{upstream};")):
        config, count = re.subn(pattern, value, config)
        assert count == 1, pattern
    (prefix / "newsroom-nginx.conf").write_text(config)
    return prefix / "newsroom-nginx.conf"


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """The newsroom (behind a proxy) and nginx in front of it; yields (base URL, TLS context, newsroom)."""
    root = tmp_path_factory.mktemp("kantor")
    newsroom = Newsroom(root, "--behind-proxy")
    port = free_port()
    config = newsroom_nginx(root / "nginx", port, newsroom.port)
    nginx = subprocess.Popen([nginx_path(), "-p", str(root / "nginx"), "-c", str(config),
                              "-g", global_directives(root / "nginx")],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    context = ssl.create_default_context(cafile=str(root / "nginx/tls/redaksi.crt"))
    base = f"https://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while True:
        try:
            urllib.request.urlopen(base + "/admin/", context=context, timeout=2)
        except urllib.error.HTTPError:
            break  # nginx answers (401)
        except OSError:
            assert nginx.poll() is None, nginx.stdout.read()
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.1)
    yield base, context, newsroom
    nginx.terminate()
    nginx.wait(10)
    newsroom.stop()


def request(base, context, path, body=None, login=True):
    headers = {"Content-Type": "application/json"}
    if login:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    data = json.dumps(body).encode() if body is not None else None
    try:
        with urllib.request.urlopen(urllib.request.Request(base + path, data=data, headers=headers),
                                    context=context, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


URLS = ["/admin/", "/admin/config.json", "/admin/newsroom.js", f"/admin/decap/{DECAP}/decap-cms.js",
        "/api/redaksi/wilayah?q=Solo", "/api/redaksi/status", "/", "/berita/", "/_pratinjau/klien.js"]


@pytest.mark.parametrize("path", URLS)
def test_without_a_login_every_url_is_refused(office, path):
    base, context, _ = office
    assert request(base, context, path, login=False)[0] == 401


def test_without_a_login_the_git_proxy_is_refused(office):
    base, context, newsroom = office
    before = newsroom.git("rev-parse", "--all")
    status, _ = request(base, context, "/api/v1", {"action": "deleteFiles", "params": {
        "branch": "main", "paths": ["content/berita"], "options": {"commitMessage": "hapus"}}}, login=False)
    assert status == 401 and newsroom.git("rev-parse", "--all") == before


def test_with_a_login_a_save_is_a_commit_in_that_writers_name(office):
    base, context, newsroom = office
    assert request(base, context, "/admin/")[0] == 200
    status, found = request(base, context, "/api/redaksi/wilayah?q=Solo")
    assert status == 200 and json.loads(found)["results"][0]["name"] == "Kota Surakarta"
    raw = "Title: Rapat Redaksi di Ambon\nDate: 2026-11-20 10:00\nRegions: Kota Ambon\nSummary: Ringkas.\n\nIsi.\n"
    status, answer = request(base, context, "/api/v1", {"action": "persistEntry", "params": {
        "branch": "main", "dataFiles": [{"slug": "rapat-ambon", "path": "content/berita/rapat-ambon.md", "raw": raw}],
        "assets": [], "options": {"commitMessage": "Berita baru: rapat-ambon", "useWorkflow": True, "status": "draft",
                                  "collectionName": "berita"}}})
    assert status == 200, answer
    assert newsroom.git("log", "-1", "--format=%an", "cms/berita/rapat-ambon").strip() == USER
    # A header the browser sends itself does not choose the author: nginx sets it.
    status, answer = request(base, context, "/api/redaksi/status")
    assert status == 200


def test_with_a_login_the_editor_works_in_the_browser(office, browser):
    base, _, _ = office
    context = browser.new_context(http_credentials={"username": USER, "password": PASSWORD},
                                  ignore_https_errors=True, locale="id-ID")
    console = ConsoleLog()
    page = console.watch(context.new_page())
    page.goto(base + "/admin/")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("link", name="Berita baru")).to_be_visible(timeout=30_000)
    page.get_by_role("link", name="Berita baru").click()
    page.get_by_role("combobox", name="Wilayah").fill("Kab. Sragen")
    expect(page.get_by_role("option", name="Kabupaten Sragen")).to_be_visible()
    context.close()
    assert console.errors == []
