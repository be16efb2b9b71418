"""The editor speaks Pelican: its format reads every article as the build does and writes it back unchanged.

The format is the editor's own JavaScript (smartcity/newsroom/static/pelican-format.js), run
here by Node through tests/js/format_check.mjs, on every article of the sample site, on the
awkward files in tests/fixtures/articles, and on generated headers.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from smartcity.articlefile import HEADER_FIELDS, article_text
from smartcity.metadata import read_header
from smartcity.newsroom.cmsconfig import field_specs, newsroom_config
from smartcity.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT / "tests" / "js" / "format_check.mjs"
TAXONOMY = load_taxonomy(ROOT / "data")
OPTIONS = {k: v for k, v in newsroom_config(TAXONOMY, 10_000_000).items() if k in ("listFields", "skipFields")}
FORM_ORDER = [f["name"] for f in field_specs(TAXONOMY, 1024)]


def run_format(job: dict) -> dict:
    node = shutil.which("node")
    assert node, "Node.js is missing: install Debian's 'nodejs' package (./dev test does it)"
    result = subprocess.run([node, str(CHECK)], input=json.dumps({"options": OPTIONS, "sortedKeys": FORM_ORDER, **job}),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def article_files() -> list[Path]:
    files = sorted((ROOT / "content").rglob("*.md")) + sorted((ROOT / "tests" / "fixtures").rglob("*.md"))
    return [f for f in files if not f.is_relative_to(ROOT / "content" / "pages")]


def test_every_article_and_fixture_comes_back_byte_for_byte():
    files = article_files()
    assert len(files) > 20
    texts = {str(f.relative_to(ROOT)): f.read_bytes().decode("utf-8") for f in files}
    result = run_format({"read": [{"name": n, "text": t} for n, t in texts.items()]})
    for item in result["read"]:
        assert item["roundTrip"] == texts[item["name"]], item["name"]


def test_the_editor_reads_the_header_as_the_build_does():
    files = article_files()
    texts = {str(f.relative_to(ROOT)): f.read_bytes().decode("utf-8-sig") for f in files}
    result = run_format({"read": [{"name": n, "text": t} for n, t in texts.items()]})
    for item in result["read"]:
        python = {name: field.value for name, field in read_header(texts[item["name"]]).items()}
        assert item["fields"] == python, item["name"]


def test_an_edit_changes_only_its_own_line():
    text = (ROOT / "tests/fixtures/articles/continued.md").read_text()
    result = run_format({"read": [{"name": "x", "text": text}], "edit": {"regions": ["Kabupaten Sragen"], "summary": "Baru."}})
    edited = result["read"][0]["edited"]
    before, after = text.splitlines(), edited.splitlines()
    assert "Regions: Kabupaten Sragen" in after and "Regions: 33.14" not in after
    assert "Summary: Baru." in after  # a field the file lacked goes after its last header line
    assert [l for l in after if l not in ("Regions: Kabupaten Sragen", "Summary: Baru.")] == \
        [l for l in before if l != "Regions: 33.14"]


def test_a_new_article_is_what_invoke_new_writes():
    values = {"title": "Sragen Luncurkan Aplikasi", "date": "2026-11-30 09:30",
              "regions": ["Kabupaten Sragen", "Kota Surakarta"], "cohort": [], "summary": "Warga kini  bisa\nmengurus surat.",
              "image": "images/sragen.jpg", "image_alt": "Petugas", "image_caption": "(Foto: Diskominfo)",
              "category": "Layanan", "tags": ["aplikasi", "layanan publik"], "author": "Redaksi", "source": "",
              "correction": "", "status": "published", "_pemeriksaan": "ok"}
    body = "Paragraf satu.\n\nParagraf dua."
    (written,) = run_format({"write": [{"values": values, "body": body, "sortedKeys": FORM_ORDER}]})["write"]
    python_values = {**values, "date": datetime.datetime(2026, 11, 30, 9, 30)}
    assert written == article_text(python_values, body)
    assert [line.split(":")[0].lower() for line in written.split("\n\n")[0].splitlines()] == list(HEADER_FIELDS)


def test_the_form_lists_the_header_fields_in_their_order():
    assert [n for n in FORM_ORDER if n in HEADER_FIELDS] == list(HEADER_FIELDS)
    assert set(FORM_ORDER) - set(HEADER_FIELDS) == {"body", "_pemeriksaan"}


KEYS = st.sampled_from(["Title", "Date", "Regions", "Tags", "Summary", "Cohort", "Source_url", "x-y", "TITLE"])
VALUE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters=",\x85"),
                max_size=30)
LINE = st.one_of(
    st.builds(lambda k, sp, v: f"{' ' * sp}{k}:{v}", KEYS, st.integers(0, 3), VALUE),
    st.builds(lambda v: f"    {v}", VALUE),
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(LINE, min_size=1, max_size=6), min_size=25, max_size=25),
       st.sampled_from(["\n", "\r\n"]), st.booleans(), st.text(max_size=40))
def test_generated_headers_come_back_unchanged(headers, eol, fenced, body):
    texts = []
    for lines in headers:
        block = (["---"] if fenced else []) + lines + (["---"] if fenced else [""])
        texts.append(eol.join(block) + eol + body)
    result = run_format({"read": [{"name": str(i), "text": t} for i, t in enumerate(texts)]})
    for item, text in zip(result["read"], texts):
        assert item["roundTrip"] == text
        python = {name: field.value for name, field in read_header(text.replace("\r\n", "\n")).items()}
        assert item["fields"] == python
