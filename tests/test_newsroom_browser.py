"""The newsroom in Chromium, as a writer uses it: write, pick regions, add a photo, save, review, publish.

The screenshots of the writers' guide (docs/menulis.md) are taken here, into the test's own
folder; with SMARTCITY_DOC_SCREENSHOTS=1 they replace those in docs/img/redaksi/.
"""

from __future__ import annotations

import datetime
import os
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from playwright.sync_api import expect

from conftest import ROOT, WRITER
from smartcity.articlefile import article_text
from support.browser import ConsoleLog

DOC_SHOTS = ROOT / "docs" / "img" / "redaksi"
TIMEOUT = 30_000
expect.set_options(timeout=15_000)


@pytest.fixture
def editor(browser, newsroom, shots):
    """A writer's browser on the newsroom's /admin/, with every console error kept."""
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT)
    console = ConsoleLog()
    page = console.watch(context.new_page())
    page.dialogs = []
    page.shots = shots
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.accept()))
    page.goto(newsroom.base + "/admin/")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("link", name="Berita baru")).to_be_visible()
    yield page
    context.close()
    assert console.errors == [], failed


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return DOC_SHOTS if os.environ.get("SMARTCITY_DOC_SCREENSHOTS") == "1" else tmp_path_factory.mktemp("layar")


def shoot(page, name: str) -> None:
    page.shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(page.shots / f"{name}.png"))
    assert (page.shots / f"{name}.png").stat().st_size > 10_000


def pick_region(page, typed: str, choose: str, keyboard: bool = False) -> None:
    picker = page.get_by_role("combobox", name="Wilayah")
    picker.fill(typed)
    option = page.get_by_role("option", name=choose)
    expect(option).to_be_visible()
    if keyboard:
        picker.press("Enter")
    else:
        option.click()
    expect(page.locator(".wilayah__chip-nama", has_text=choose)).to_be_visible()


def write_body(page, paragraphs: list[str]) -> None:
    page.locator("[data-slate-editor]").click()
    page.keyboard.type(paragraphs[0])
    for paragraph in paragraphs[1:]:
        page.keyboard.press("Enter")
        page.keyboard.type(paragraph)


def checked(page, text: str) -> None:
    """Wait until the check panel has checked the article as it stands, and shows ``text``."""
    expect(page.locator('.periksa[aria-busy="false"]')).to_contain_text(text)


def save(page) -> None:
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_text("Entri tersimpan")).to_be_visible()


def set_status(page, current: str, new: str) -> None:
    page.get_by_role("button", name=f"Status: {current}").click()
    page.get_by_role("menuitem", name=new).click()
    expect(page.get_by_role("button", name=f"Status: {new}")).to_be_visible()


def live_page(public: Path, url: str) -> BeautifulSoup:
    path = public / "current" / url.strip("/") / "index.html"
    assert path.exists(), f"not on the live site: /{url}"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_a_writer_publishes_an_article_from_the_browser(editor, newsroom, tmp_path):
    page = editor
    photo = tmp_path / "sragen-solo-layanan.jpg"
    Image.new("RGB", (1800, 1200), (40, 110, 150)).save(photo, "JPEG", quality=85)
    title = "Sragen dan Solo Berbagi Aplikasi Layanan Warga"
    summary = "Dua daerah di Jawa Tengah memakai satu aplikasi untuk surat keterangan warga."
    body = ["Kabupaten Sragen dan Kota Surakarta memakai aplikasi yang sama untuk layanan warga.",
            "Warga cukup datang sekali ke kantor kelurahan."]
    shoot(page, "01-daftar-berita")

    page.get_by_role("link", name="Berita baru").click()
    page.get_by_role("textbox", name="Judul").fill(title)
    page.locator("input[type=datetime-local]").fill("2026-11-30T09:30")
    pick_region(page, "Kab. Sragen", "Kabupaten Sragen")
    page.get_by_role("combobox", name="Wilayah").fill("Solo")
    expect(page.get_by_role("option", name="Kota Surakarta")).to_contain_text("Jawa Tengah")
    shoot(page, "02-memilih-wilayah")
    pick_region(page, "Solo", "Kota Surakarta", keyboard=True)  # an alias, typed and chosen with Enter
    expect(page.locator(".kohort__turunan")).to_contain_text("Kohort 2018, Kohort 2019")
    page.get_by_role("textbox", name="Ringkasan").fill(summary)
    write_body(page, body)
    page.get_by_role("button", name="Pilih gambar").click()
    page.locator("input[type=file]").set_input_files(str(photo))
    page.get_by_role("button", name="Gunakan yang dipilih").click()
    page.get_by_role("textbox", name="Teks alternatif foto").fill("Petugas melayani warga di loket kelurahan")
    page.get_by_role("textbox", name="Keterangan dan kredit foto").fill("Loket layanan di Sragen. (Foto: Diskominfo Sragen)")
    page.get_by_label("Topik").fill("aplikasi, layanan publik")
    checked(page, "Tidak ada masalah")
    shoot(page, "03-formulir")

    save(page)
    saved = time.monotonic()
    shoot(page, "04-tersimpan")
    preview_url = f"{newsroom.base}/berita/2026/11/sragen-dan-solo-berbagi-aplikasi-layanan-warga/"
    preview = page.context.new_page()
    while True:
        response = preview.goto(preview_url)
        if response.ok:
            break
        assert time.monotonic() - saved < 2, "the saved article was not in the preview within 2 s"
        preview.wait_for_timeout(100)
    waited = time.monotonic() - saved
    assert waited < 2, f"the preview showed the article after {waited:.1f} s"
    expect(preview.get_by_role("heading", level=1)).to_have_text(title)
    preview.close()

    set_status(page, "Draf", "Sedang Ditinjau")
    set_status(page, "Sedang Ditinjau", "Siap Terbit")
    page.goto(newsroom.base + "/admin/#/workflow")
    expect(page.get_by_text(title).first).to_be_visible()
    shoot(page, "05-alur-kerja")
    page.get_by_text(title).first.click()
    page.get_by_role("button", name="Terbitkan", exact=True).click()
    page.get_by_text("Terbitkan sekarang").click()
    status = page.locator("#status-redaksi")
    expect(status).to_contain_text("Sudah tayang", timeout=120_000)
    expect(status.get_by_role("link", name="Buka di situs")).to_be_visible()
    shoot(page, "06-sudah-tayang")
    assert page.dialogs == ["Apakah Anda yakin ingin menerbitkan entri ini?"]

    # The file on the published branch is what `invoke new` writes for the same values.
    name = newsroom.git("ls-tree", "-r", "--name-only", "main", "content/berita/").split()
    (path,) = [n for n in name if n.endswith("sragen-dan-solo-berbagi-aplikasi-layanan-warga.md")]
    landed = newsroom.git("show", f"main:{path}")
    image = next(line.split(": ", 1)[1] for line in landed.splitlines() if line.startswith("Image: "))
    assert image.startswith("images/") and image.endswith(".jpg")
    values = {"title": title, "date": datetime.datetime(2026, 11, 30, 9, 30),
              "regions": ["Kabupaten Sragen", "Kota Surakarta"], "summary": summary, "image": image,
              "image_alt": "Petugas melayani warga di loket kelurahan",
              "image_caption": "Loket layanan di Sragen. (Foto: Diskominfo Sragen)", "category": "Berita",
              "tags": ["aplikasi", "layanan publik"], "author": "Redaksi", "status": "published"}
    assert landed == article_text(values, "\n\n".join(body))
    assert f"content/{image}" in newsroom.git("ls-tree", "-r", "--name-only", "main")
    assert newsroom.git("log", "-1", "--format=%an", "main", "--", path).strip() == WRITER[0]

    # The live site has it, with its region pages and feeds.
    url = "berita/2026/11/sragen-dan-solo-berbagi-aplikasi-layanan-warga/"
    soup = live_page(newsroom.public, url)
    assert soup.h1.get_text(strip=True) == title
    img = soup.select_one(".article__figure img")
    assert img["alt"] == "Petugas melayani warga di loket kelurahan"
    sizes = [c.split()[0] for source in soup.select(".article__figure [srcset]") for c in source["srcset"].split(",")]
    assert len(sizes) >= 4, "the photo is offered at several sizes"
    for address in [img["src"], *sizes]:
        assert (newsroom.public / "current" / address.split("://", 1)[-1].split("/", 1)[1]).is_file(), address
    assert "Diskominfo Sragen" in soup.select_one(".article__figure figcaption").get_text()
    for region in ("kabupaten-sragen", "kota-surakarta"):
        listed = [a["href"] for a in live_page(newsroom.public, f"wilayah/{region}/").select(".card__title a")]
        assert any(href.endswith(url) for href in listed), region
        assert title in (newsroom.public / "current" / "wilayah" / region / "feed.xml").read_text()
    assert title in (newsroom.public / "current" / "feed.xml").read_text()


def test_the_form_refuses_what_would_break_the_site(editor, newsroom, tmp_path):
    page = editor
    page.get_by_role("link", name="Berita baru").click()

    # A file that is not a photo is refused as soon as it is chosen, with the check's line.
    fake = tmp_path / "laporan.jpg"
    fake.write_bytes(b"Laporan kegiatan, bukan foto. " * 50)
    page.get_by_role("button", name="Pilih gambar").click()
    page.locator("input[type=file]").set_input_files(str(fake))
    page.get_by_role("button", name="Gunakan yang dipilih").click()
    checked(page, "content/images/laporan.jpg:1: galat: Image: 'images/laporan.jpg':")
    page.get_by_role("button", name="Hapus gambar").click()

    # A misspelled region cannot be chosen: only real regions are offered, as guesses.
    picker = page.get_by_role("combobox", name="Wilayah")
    picker.fill("Sragn")
    expect(page.locator(".wilayah__pesan")).to_contain_text("Mungkin maksud Anda")
    picker.press("Enter")
    expect(page.locator(".wilayah__chip")).to_have_count(0)
    shoot(page, "07-salah-ketik-wilayah")

    # An empty title cannot be saved.
    pick_region(page, "Klaten", "Kabupaten Klaten")
    write_body(page, ["Isi berita percobaan."])
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.get_by_text("Judul wajib diisi.")).to_be_visible()
    checked(page, "galat: Title: '': judul wajib diisi")
    assert "klaten" not in newsroom.git("branch", "--list", "cms/*")

    # A future date is saved as a draft, but cannot be published. Simpan is clicked at once, before
    # the check panel has looked at the new date: the click is not lost, the server checks it.
    page.get_by_role("textbox", name="Judul").fill("Klaten Menyiapkan Festival Tahun Depan")
    page.locator("input[type=datetime-local]").fill("2099-01-02T10:00")
    save(page)
    checked(page, "peringatan: Date: '2099-01-02 10:00': tanggal di masa depan")
    set_status(page, "Draf", "Siap Terbit")
    expect(page.locator(".Toastify__toast")).to_have_count(0, timeout=30_000)  # earlier messages have gone
    page.get_by_role("button", name="Terbitkan", exact=True).click()
    page.get_by_text("Terbitkan sekarang").click()
    refusal = page.get_by_text("Gagal menerbitkan: content/berita/2099-01-02-klaten-menyiapkan-festival-tahun-depan.md:2: "
                               "galat: Date: '2099-01-02 10:00': tanggal di masa depan: berita ini belum boleh terbit")
    expect(refusal).to_be_in_viewport()  # the message slides in
    shoot(page, "08-belum-boleh-terbit")
    assert "festival" not in newsroom.git("ls-tree", "-r", "--name-only", "main")
