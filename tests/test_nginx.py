"""The production web server: deploy/nginx.conf serving a real build, over HTTP and in Chromium.

Only the listen port and the site root differ from production (tests/support/nginx.py).
Files that later parts of the site will write (/data/, sitemap.xml, robots.txt, 404.html) get
small stand-ins in this test's copy of the build when the build has none yet.
"""

from __future__ import annotations

import gzip
import http.client
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support import nginx
from conftest import SAMPLE_CONTENT, build

SRAGEN_ARTICLE = "/berita/2019/05/kabupaten-sragen-resmi-bergabung-dalam-gerakan-menuju-100-smart-city/"
REGION = "/wilayah/kabupaten-sragen/"

STAND_INS = {
    "404.html": (
        '<!doctype html>\n<html lang="id"><head><meta charset="utf-8"><title>Halaman tidak ditemukan</title>'
        '<link rel="stylesheet" href="/theme/css/site.css"></head>\n<body><main><h1>Halaman tidak ditemukan</h1>'
        '<p>Maaf, halaman yang Anda cari tidak ada. <a href="/">Kembali ke beranda</a>.</p></main></body></html>\n'
    ),
    "robots.txt": "User-agent: *\nAllow: /\nSitemap: http://localhost:8000/sitemap.xml\n",
    "sitemap.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(f"  <url><loc>http://localhost:8000/wilayah/kota-{n}/</loc></url>\n" for n in range(20))
        + "</urlset>\n"
    ),
    "data/regions.json": json.dumps(
        [{"slug": f"kota-{n}", "nama": f"Kota {n}", "kohort": 2017 + n % 3} for n in range(40)], ensure_ascii=False
    ),
    "data/regions.csv": "slug,nama,kohort\n" + "".join(f"kota-{n},Kota {n},{2017 + n % 3}\n" for n in range(40)),
}

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
}
CSP_DIRECTIVES = [
    "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "img-src 'self' data:",
    "connect-src 'self'", "worker-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
    "frame-ancestors 'none'",
]
SHORT = "public, max-age=300, must-revalidate"
HOUR = "public, max-age=3600, must-revalidate"
YEAR = "public, max-age=31536000, immutable"


class Site:
    """The served copy of the build: its folder, base URL, and a few of its Pagefind files."""

    def __init__(self, folder: Path, base_url: str):
        self.folder = folder
        self.base_url = base_url
        pagefind = folder / "pagefind"
        self.chunks = {
            kind: "/" + str(next(pagefind.glob(pattern)).relative_to(folder))
            for kind, pattern in (
                ("index", "index/*.pf_index"), ("filter", "filter/*.pf_filter"),
                ("fragment", "fragment/*.pf_fragment"), ("meta", "*.pf_meta"), ("wasm", "wasm.*.pagefind"),
            )
        }
        self.data_json = "/" + str(max((folder / "data").glob("*.json"), key=lambda p: p.stat().st_size).relative_to(folder))

    def file(self, path: str) -> Path:
        target = self.folder / path.lstrip("/")
        return target / "index.html" if path.endswith("/") else target

    def get(self, path: str, encoding: str | None = None, method: str = "GET"):
        """One request, no redirect followed: (status, headers, body as sent)."""
        url = urlsplit(self.base_url)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        try:
            connection.request(method, path, headers={"Accept-Encoding": encoding} if encoding else {})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = build(SAMPLE_CONTENT, tmp_path_factory.mktemp("nginx") / "output")
    for name, text in STAND_INS.items():
        path = folder / name
        if name.startswith("data/") and any((folder / "data").glob("*" + path.suffix)):
            continue
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    with nginx.serve(folder) as base_url:
        yield Site(folder, base_url)


def kinds(site: Site) -> dict[str, str]:
    """One URL per kind of file."""
    return {
        "home": "/", "article": SRAGEN_ARTICLE, "region": REGION, "search page": "/cari/",
        "feed": "/feed.xml", "region feed": REGION + "feed.xml", "sitemap": "/sitemap.xml", "robots": "/robots.txt",
        "data json": site.data_json, "data csv": "/data/regions.csv",
        "css": "/theme/css/site.css", "js": "/theme/js/search.js", "svg": "/theme/img/favicon.svg",
        "pagefind.js": "/pagefind/pagefind.js", "pagefind worker": "/pagefind/pagefind-worker.js",
        "pagefind entry": "/pagefind/pagefind-entry.json",
        **{f"pagefind {kind}": path for kind, path in site.chunks.items()},
    }


# The configuration itself.

@pytest.mark.parametrize("brotli", [False, True])
def test_config_passes_nginx_t_with_only_listen_and_root_changed(tmp_path, brotli):
    if brotli and not nginx.brotli_available():
        pytest.skip("Debian's libnginx-mod-http-brotli-filter is not installed: gzip only")
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    conf = nginx.write_config(tmp_path / "prefix", site_dir, 8123, brotli=brotli)
    result = nginx.check_config(conf.parent, site_dir)
    assert result.returncode == 0, result.stderr
    deployed = (nginx.DEPLOY / "site.conf").read_text().splitlines()
    written = (conf.parent / "site.conf").read_text().splitlines()
    changed = [(a.split()[0], b.split("#")[0].strip()) for a, b in zip(deployed, written) if a != b]
    assert changed == [("listen", "listen 127.0.0.1:8123;"), ("root", f"root {site_dir.resolve()};")]
    assert sorted(p.name for p in (conf.parent / "enabled").iterdir()) == (sorted(nginx.BROTLI_INCLUDES) if brotli else [])


def test_substitute_refuses_a_path_nginx_would_misread(tmp_path):
    with pytest.raises(ValueError, match="unquoted"):
        nginx.substitute((nginx.DEPLOY / "site.conf").read_text(), tmp_path / "two words", 8123)


def test_missing_nginx_binary_says_what_to_install(monkeypatch):
    monkeypatch.setenv("NGINX", "")
    monkeypatch.setattr(nginx.shutil, "which", lambda name: None)
    monkeypatch.setattr(nginx.os, "access", lambda path, mode: False)
    with pytest.raises(RuntimeError, match="install Debian's nginx"):
        nginx.nginx_path()


# Compression.

@pytest.mark.parametrize("kind", [
    "home", "article", "feed", "region feed", "sitemap", "data json", "data csv", "css", "js", "pagefind.js",
])
def test_text_is_gzipped_when_the_client_accepts_it(site, kind):
    path = kinds(site)[kind]
    status, headers, body = site.get(path, encoding="gzip")
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert gzip.decompress(body) == site.file(path).read_bytes()


def test_text_is_sent_plain_to_a_client_without_gzip(site):
    status, headers, body = site.get(SRAGEN_ARTICLE)
    assert status == 200 and headers["Content-Encoding"] is None
    assert body == site.file(SRAGEN_ARTICLE).read_bytes()


@pytest.mark.parametrize("kind", ["index", "filter", "fragment", "meta", "wasm"])
def test_pagefind_chunks_are_sent_as_they_are(site, kind):
    path = site.chunks[kind]
    status, headers, body = site.get(path, encoding="gzip, deflate, br")
    assert status == 200
    assert headers["Content-Encoding"] is None
    assert body == site.file(path).read_bytes() and body[:2] == b"\x1f\x8b"  # Pagefind's own gzip


def test_brotli_when_the_module_is_installed_else_gzip(site):
    status, headers, body = site.get("/", encoding="br, gzip")
    assert status == 200
    if nginx.brotli_available():
        assert headers["Content-Encoding"] == "br"
        assert "Accept-Encoding" in headers["Vary"]
    else:
        assert headers["Content-Encoding"] == "gzip"


# Cache lifetimes and Content-Types.

@pytest.mark.parametrize("kind, expected", [
    ("home", SHORT), ("article", SHORT), ("feed", SHORT), ("region feed", SHORT), ("sitemap", SHORT),
    ("robots", SHORT), ("data json", SHORT), ("data csv", SHORT),
    ("pagefind.js", SHORT), ("pagefind worker", SHORT), ("pagefind entry", SHORT),
    ("css", HOUR), ("js", HOUR), ("svg", HOUR), ("pagefind wasm", HOUR),
    ("pagefind index", YEAR), ("pagefind filter", YEAR), ("pagefind fragment", YEAR), ("pagefind meta", YEAR),
])
def test_cache_lifetime_follows_whether_the_name_changes_with_the_content(site, kind, expected):
    status, headers, _ = site.get(kinds(site)[kind])
    assert status == 200
    assert headers.get_all("Cache-Control") == [expected]


@pytest.mark.parametrize("kind, expected", [
    ("home", "text/html; charset=utf-8"), ("article", "text/html; charset=utf-8"),
    ("feed", "application/atom+xml; charset=utf-8"), ("region feed", "application/atom+xml; charset=utf-8"),
    ("sitemap", "application/xml; charset=utf-8"), ("robots", "text/plain; charset=utf-8"),
    ("data json", "application/json; charset=utf-8"), ("data csv", "text/csv; charset=utf-8"),
    ("css", "text/css; charset=utf-8"), ("js", "text/javascript; charset=utf-8"),
    ("pagefind.js", "text/javascript; charset=utf-8"), ("pagefind worker", "text/javascript; charset=utf-8"),
    ("pagefind entry", "application/json; charset=utf-8"), ("svg", "image/svg+xml"),
    ("pagefind index", "application/octet-stream"), ("pagefind filter", "application/octet-stream"),
    ("pagefind fragment", "application/octet-stream"), ("pagefind meta", "application/octet-stream"),
    ("pagefind wasm", "application/octet-stream"),
])
def test_content_type_per_kind(site, kind, expected):
    status, headers, _ = site.get(kinds(site)[kind])
    assert status == 200
    assert headers["Content-Type"] == expected


# Folders, redirects and the 404 page.

def test_folder_url_serves_its_index(site):
    status, headers, body = site.get(REGION)
    assert status == 200 and body == site.file(REGION).read_bytes()


@pytest.mark.parametrize("path, location", [
    (REGION.rstrip("/"), REGION),
    (SRAGEN_ARTICLE.rstrip("/"), SRAGEN_ARTICLE),
    ("/cari?q=sragen", "/cari/?q=sragen"),
])
def test_folder_without_slash_redirects_to_the_slash_form_on_the_same_host(site, path, location):
    status, headers, _ = site.get(path)
    assert status == 301
    assert headers["Location"] == location  # relative: right on any port and behind a TLS proxy


@pytest.mark.parametrize("path", [
    "/berita/2019/05/tidak-ada/", "/tidak-ada.html", "/theme/css/tidak-ada.css",
    "/pagefind/index/id_0000000.pf_index", "/pagefind/index/", "/404.html",
])
def test_missing_page_gets_the_custom_404(site, path):
    status, headers, body = site.get(path)
    assert status == 404
    assert body == (site.folder / "404.html").read_bytes()
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers.get_all("Cache-Control") == ["no-cache"]  # never the year of a chunk


# Security headers.

@pytest.mark.parametrize("path", [
    "/", SRAGEN_ARTICLE, "/feed.xml", "/theme/css/site.css", "/theme/js/search.js", "/pagefind/pagefind.js",
    "/pagefind/pagefind-worker.js", "/data/regions.csv", REGION.rstrip("/"), "/tidak-ada/",
])
def test_security_headers_on_every_response(site, path):
    status, headers, _ = site.get(path)
    assert status in (200, 301, 404)
    for name, value in SECURITY_HEADERS.items():
        assert headers.get_all(name) == [value], name
    csp = headers.get_all("Content-Security-Policy")
    assert len(csp) == 1
    directives = [d.strip() for d in csp[0].split(";")]
    assert all(d in directives for d in CSP_DIRECTIVES), directives
    assert "unsafe-inline" not in csp[0] and "'unsafe-eval'" not in csp[0]
    assert headers["Permissions-Policy"]
    assert headers["Server"] == "nginx"  # no version


@pytest.mark.parametrize("kind", ["index", "wasm"])
def test_security_headers_on_pagefind_chunks(site, kind):
    _, headers, _ = site.get(site.chunks[kind])
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")


# In Chromium, through nginx: no CSP violation, no console error, search works.

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}:${event.lineNumber}`);
});
"""




@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID")
    context.add_init_script(RECORD_VIOLATIONS)
    errors: list[str] = []
    # The context's console event also carries the messages of workers (Pagefind's search worker).
    context.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield page
    context.close()


def assert_clean(page):
    assert page.evaluate("window.__violations") == []
    assert page.errors == []


@pytest.mark.parametrize("path", ["/", SRAGEN_ARTICLE, REGION])
def test_pages_load_under_the_csp_without_errors(site, page, path):
    response = page.goto(site.base_url + path)
    assert response.status == 200
    assert "Content-Security-Policy" in {name.title(): v for name, v in response.all_headers().items()}
    page.wait_for_load_state("networkidle")
    assert page.evaluate("[...document.styleSheets].every((sheet) => sheet.cssRules.length > 0)"), "the stylesheet loads"
    assert_clean(page)


def test_search_runs_under_the_csp(site, page):
    """Pagefind's WebAssembly compiles under the policy. It runs in the page: search.js turns
    Pagefind's worker off (one script less to fetch; a part of the index is small to search)."""
    page.goto(site.base_url + "/cari/?q=sragen")
    page.wait_for_selector("html[data-search=ready]", timeout=15000)
    titles = page.locator("#search-results .card__title a").all_inner_texts()
    assert titles and any("Sragen" in title for title in titles), titles
    assert not page.workers
    assert_clean(page)


def test_custom_404_page_renders_under_the_csp(site, page):
    response = page.goto(site.base_url + "/tidak-ada/")
    assert response.status == 404
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text()
    # Chromium logs the 404 status of the page itself as a console error; nothing else may appear.
    page.errors[:] = [e for e in page.errors if "404" not in e]
    assert_clean(page)
