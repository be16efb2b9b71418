"""Property-based tests: any article file ends in a page or in the clear one-line errors.

Never a traceback, a hang, or a file written outside the output folder.
"""

import datetime
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import build
from smartcity.taxonomy import load_taxonomy
from smartcity.validation import ERROR, ContentError, Rules, check_text

from conftest import ROOT

RULES = Rules.for_taxonomy(load_taxonomy(str(ROOT / "data")))
HOSTILE = [
    "../../../etc/passwd", "/etc/passwd", "C:\\Windows", "~/x", "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>', "{{ 7*7 }}", "{% raw %}", "key: [yaml, list]", "---", "...",
    "\x00", "\u202e", "é" * 50, "Kabupaten Sragen", "33.14", "Bogor", "2019", "2019-05-15", "draft",
    "a" * 5000, "  ", ",,,", "Kab.", "Kota",
]
FIELDS = ["title", "date", "modified", "regions", "cohort", "summary", "slug", "status", "category", "tags",
          "author", "image", "image_alt", "save_as", "url", "template", "lang", "Title", "REGIONS", "region"]

values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=200))
headers = st.lists(st.tuples(st.sampled_from(FIELDS), values), max_size=10)


def one_line(problem):
    return "\n" not in problem.format() and "\r" not in problem.format()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"Title: Caf\xe9\nDate: 2019-05-15\nRegions: Sragen\n\nx")
@example(b"\xff\xfe\x00T")
def test_any_bytes_give_problems_not_exceptions(raw):
    fields, problems = check_text("berita/acak.md", raw, RULES)
    assert all(one_line(p) for p in problems)


@settings(max_examples=300, deadline=None)
@given(headers, st.text(max_size=300))
def test_any_header_gives_one_line_problems(header, body):
    text = "".join(f"{name}: {value}\n" for name, value in header) + "\n" + body
    fields, problems = check_text("berita/acak.md", text.encode("utf-8", "surrogatepass"), RULES)
    assert all(one_line(p) for p in problems)


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


BASE = "Title: Berita {n}\nDate: 2019-05-15 10:00\nRegions: Kabupaten Sragen\n"


@settings(max_examples=40, deadline=datetime.timedelta(seconds=60), derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(headers, st.text(max_size=500))
def test_any_article_builds_a_page_or_stops_with_content_errors(header, body):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content, output = root / "content", root / "site" / "output"
        (content / "berita").mkdir(parents=True)
        (root / "site").mkdir()
        (content / "berita" / "baik.md").write_text(BASE.format(n=1) + "\nIsi.\n", encoding="utf-8")
        # A valid article with random fields added (or repeated), so most examples reach Pelican.
        text = BASE.format(n=2) + "".join(f"{name}: {value}\n" for name, value in header) + "\n" + body
        raw = text.encode("utf-8", "surrogatepass")
        (content / "berita" / "acak.md").write_bytes(raw)
        before = files_under(root) - files_under(root / "site")
        errors = [p for p in check_text("acak.md", raw, Rules.for_taxonomy(RULES.taxonomy, content_root=str(content)))[1]
                  if p.severity == ERROR]
        try:
            build(content, output, SEARCH_INDEX=False)
        except ContentError as err:
            assert err.problems and all(one_line(p) for p in err.problems)
            assert errors, "the build refused what check accepted"
            assert not output.exists()
        else:
            assert not errors, [p.format() for p in errors]
            assert (output / "berita/2019/05/berita-1/index.html").exists()
        after = files_under(root) - files_under(root / "site")
        assert after == before, "files written outside the output folder"
        for path in files_under(root / "site"):
            assert path.resolve().is_relative_to(output.resolve())


@pytest.mark.parametrize("raw,fragment", [
    ("Title: Café\nDate: 2019-05-15\nRegions: Sragen\n\nx".encode("latin-1"), "UTF-8"),
    (b"", "judul wajib"),
    (b"   \n\n", "judul wajib"),
    (b"\xef\xbb\xbfTitle: A\nDate: 2019-05-15\n\nx", "Regions"),
    (b"---\ntitle: A\ndate: 2019-05-15\nregions: [Sragen, Bogor]\n---\nx", "Regions"),
    (b"<h1>Title: A</h1>\nDate: 2019-05-15\n\nx", "judul wajib"),
])
def test_odd_files_stop_the_build_with_one_line_each(tmp_path, raw, fragment):
    content = tmp_path / "content"
    (content / "berita").mkdir(parents=True)
    (content / "berita" / "aneh.md").write_bytes(raw)
    with pytest.raises(ContentError) as err:
        build(content, tmp_path / "out", SEARCH_INDEX=False)
    assert any(fragment in p.message + p.suggestion + p.field for p in err.value.problems)
    assert all(one_line(p) for p in err.value.problems)
    assert not (tmp_path / "out").exists()
