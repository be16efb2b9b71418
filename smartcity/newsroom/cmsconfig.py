"""The editor's configuration, made from the site's own settings and rules.

Decap CMS is told, at every start, where articles and photos live (from the Pelican settings),
which fields an article has (:data:`smartcity.articlefile.HEADER_FIELDS`, in that order, which
is also the order the editor's format writes them), and everything else in Indonesian. Our
own widgets get the cohorts and limits they show from the same answer, so nothing is written
twice.
"""

from __future__ import annotations

import os

from ..articlefile import HEADER_FIELDS, LIST_FIELDS
from ..taxonomy import Taxonomy
from ..validation import SHARE_SUMMARY_MAX, SHARE_TITLE_MAX

COLLECTION = "berita"
FORMAT = "pelican"
CHECK_FIELD = "_pemeriksaan"  # shown in the form, never written to the file
PHOTO_TYPES = ".jpg,.jpeg,.png,.webp"
COMMIT_MESSAGES = {
    "create": "Berita baru: {{slug}}",
    "update": "Sunting berita: {{slug}}",
    "delete": "Hapus berita: {{slug}}",
    "uploadMedia": "Unggah foto: {{path}}",
    "deleteMedia": "Hapus foto: {{path}}",
}


def field_specs(taxonomy: Taxonomy, max_upload: int) -> list[dict]:
    """Every field of the form, in order: the header fields, the body after the summary, the check last."""
    megabytes = max_upload // 1_000_000
    cohorts = ", ".join(str(c.year) for c in taxonomy.cohorts)
    specs = {
        "title": {"label": "Judul", "widget": "string",
                  "hint": f"Paling baik {SHARE_TITLE_MAX} karakter atau kurang, agar utuh di kartu berbagi. "
                          "Alamat berita dibuat dari judul ini dan tidak berubah lagi."},
        "date": {"label": "Tanggal dan jam (WIB)", "widget": "datetime", "format": "YYYY-MM-DD HH:mm",
                 "date_format": "DD-MM-YYYY", "time_format": "HH:mm", "picker_utc": False, "default": "{{now}}",
                 "hint": "Waktu Indonesia Barat (Asia/Jakarta). Berita bertanggal di masa depan belum dapat diterbitkan."},
        "regions": {"label": "Wilayah", "widget": "wilayah", "required": False,
                    "hint": "Cari kabupaten/kota: nama (Sragen), nama lain (Solo), bentuk singkat (Kab. Sragen) "
                            "atau kode Kemendagri (33.14). Boleh lebih dari satu. Kosongkan hanya untuk berita "
                            "seluruh program."},
        "cohort": {"label": "Kohort", "widget": "kohort", "required": False,
                   "hint": "Hanya untuk berita seluruh program tanpa wilayah. Bila wilayah diisi, kohort "
                           f"diambil dari wilayahnya dan kolom ini dibiarkan kosong. Kohort yang ada: {cohorts}."},
        "summary": {"label": "Ringkasan", "widget": "ringkasan", "required": False, "max": SHARE_SUMMARY_MAX,
                    "hint": f"Satu kalimat untuk daftar berita dan kartu berbagi; paling banyak "
                            f"{SHARE_SUMMARY_MAX} karakter."},
        "body": {"label": "Isi berita", "widget": "markdown", "required": True,
                 "buttons": ["bold", "italic", "link", "heading-two", "heading-three", "quote",
                             "bulleted-list", "numbered-list"],
                 "editor_components": [], "modes": ["rich_text", "raw"],
                 "hint": "Paragraf dipisahkan satu baris kosong. Subjudul memakai Judul 2 atau Judul 3."},
        "image": {"label": "Foto utama", "widget": "image", "required": False, "choose_url": False,
                  "media_library": {"config": {"max_file_size": max_upload}},
                  "hint": f"JPEG, PNG atau WebP, paling besar {megabytes} MB. Situs membuat sendiri ukuran "
                          "yang lebih kecil untuk telepon genggam."},
        "image_alt": {"label": "Teks alternatif foto", "widget": "alt-foto", "required": False,
                      "hint": "Wajib bila ada foto: jelaskan isi foto bagi pembaca tunanetra, "
                              "misalnya 'Bupati Sragen menandatangani nota kesepahaman'."},
        "image_caption": {"label": "Keterangan dan kredit foto", "widget": "string", "required": False,
                          "hint": "Tampil di bawah foto, misalnya 'Penandatanganan di Jakarta. (Foto: Diskominfo Sragen)'."},
        "category": {"label": "Kategori", "widget": "string", "required": False, "default": "Berita",
                     "hint": "Satu kategori, misalnya Penandatanganan, Penilaian, Penghargaan, Program."},
        "tags": {"label": "Topik", "widget": "list", "required": False, "allow_add": True,
                 "hint": "Beberapa topik dipisahkan koma, misalnya: nota kesepahaman, masterplan."},
        "author": {"label": "Penulis", "widget": "string", "required": False, "default": "Redaksi",
                   "hint": "Nama penulis yang tampil di berita; beberapa nama dipisahkan koma."},
        "source": {"label": "Sumber", "widget": "string", "required": False,
                   "hint": "Media atau instansi asal berita, bila ada."},
        "correction": {"label": "Koreksi", "widget": "text", "required": False,
                       "hint": "Hanya untuk berita yang sudah terbit lalu diperbaiki: tulis apa yang dikoreksi. "
                               "Tampil di atas berita."},
        "status": {"label": "Tampil di situs", "widget": "select", "required": True, "default": "published",
                   "options": [{"label": "Ya, tampil di daftar berita (published)", "value": "published"},
                               {"label": "Tidak, hanya bisa dibuka lewat alamatnya (draft)", "value": "draft"}],
                   "hint": "Pilih 'draft' untuk berita yang belum boleh muncul di daftar berita meski sudah diterbitkan."},
    }
    specs["title"]["required"] = True
    specs["date"]["required"] = True
    order = [*HEADER_FIELDS[:HEADER_FIELDS.index("summary") + 1], "body",
             *HEADER_FIELDS[HEADER_FIELDS.index("summary") + 1:]]
    fields = [{"name": name, **specs[name]} for name in order]
    fields.append({"name": CHECK_FIELD, "label": "Pemeriksaan", "widget": "pemeriksaan", "required": False,
                   "hint": "Hasil pemeriksaan yang sama dengan `invoke check`. Galat harus diperbaiki sebelum "
                           "menyimpan; peringatan boleh diabaikan."})
    return fields


def cms_config(settings: dict, repo_root: str, branch: str, taxonomy: Taxonomy,
               max_upload: int) -> dict:
    """Decap CMS's configuration (``CMS.init({config})``) for this site."""
    content = os.path.relpath(settings["PATH"], repo_root).replace(os.sep, "/")
    images = settings.get("STATIC_PATHS", ["images"])[0]
    # The local Git proxy (static/backend.js), or a Git forge's backend from NEWSROOM_BACKEND
    # (README, "The newsroom on a Git forge"): Decap then talks to the forge itself.
    backend = dict(settings.get("NEWSROOM_BACKEND") or {"name": "redaksi", "proxy_url": "/api/v1", "branch": branch})
    backend.setdefault("commit_messages", COMMIT_MESSAGES)
    return {
        "load_config_file": False,
        "locale": "id",
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "site_url": "/",
        "display_url": "/",
        "show_preview_links": True,
        "media_folder": f"{content}/{images}",
        "public_folder": images,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [{
            "name": COLLECTION,
            "label": "Berita",
            "label_singular": "Berita",
            "description": "Berita Gerakan Menuju Smart City. Simpan sebagai draf, ajukan untuk ditinjau, "
                           "lalu terbitkan: situs diperbarui otomatis.",
            "folder": f"{content}/{settings.get('NEW_ARTICLE_DIR', 'berita')}",
            "create": True,
            "delete": True,
            "extension": "md",
            "format": FORMAT,
            "slug": "{{year}}-{{month}}-{{day}}-{{slug}}",
            "identifier_field": "title",
            "summary": "{{title}} · {{date}}",
            "sortable_fields": [{"field": "date", "label": "Tanggal", "default_sort": "desc"},
                                {"field": "title", "label": "Judul"}, {"field": "author", "label": "Penulis"}],
            "view_filters": [{"label": "Draf", "field": "status", "pattern": "draft"}],
            "fields": field_specs(taxonomy, max_upload),
        }],
    }


def newsroom_config(taxonomy: Taxonomy, max_upload: int) -> dict:
    """What our own widgets and the editor's format need (``smartcity/newsroom/static``)."""
    return {
        "collection": COLLECTION,
        "listFields": list(LIST_FIELDS),
        "skipFields": ["body", CHECK_FIELD],
        "cohorts": [{"year": c.year, "label": c.label, "name": c.name} for c in taxonomy.cohorts],
        "summaryMax": SHARE_SUMMARY_MAX,
        "titleMax": SHARE_TITLE_MAX,
        "maxUpload": max_upload,
        "photoTypes": PHOTO_TYPES,
    }
