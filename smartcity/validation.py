"""The article metadata contract, as one set of rules for the build and for ``invoke check``.

Input is plain data (the fields of :mod:`smartcity.metadata`), output a list of
:class:`Problem`; nothing here needs a running Pelican. The build stops on any
problem of severity ``error`` (see :mod:`smartcity.plugins.content_guard`).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from dataclasses import dataclass, field as dataclass_field
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import get_date, slugify
from rapidfuzz import fuzz, process

from . import images
from .metadata import Field, decode, read_header, split_list
from .names import RegionNameError, RegionResolver
from .settings import DEFAULTS
from .stamps import file_stamp
from .taxonomy import Region, Taxonomy, describe_memberships, load_taxonomy

ERROR = "error"
WARNING = "warning"

# Metadata fields an article may carry; a near miss of one of these is a typo.
KNOWN_FIELDS = (
    "title", "date", "modified", "summary", "author", "authors", "editor", "category", "tags",
    "slug", "status", "regions", "cohort", "image", "image_alt", "image_caption", "source",
    "source_url", "correction",
)
# Pelican fields that would move a page or change its template: permalinks must not change,
# and a wrong value would break the build, so articles may not set them.
FORBIDDEN_FIELDS = ("save_as", "url", "template", "lang", "translation", "path")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 120
STATUSES = ("published", "draft", "hidden")
DATE_HINT = "tulis tanggal seperti 2019-05-15 atau 2019-05-15 10:30"
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
# What sharing cards show before they cut text off.
SHARE_TITLE_MAX = 70
SHARE_SUMMARY_MAX = 200


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    field: str
    value: str
    message: str
    suggestion: str = ""
    severity: str = ERROR

    def format(self) -> str:
        """One line: where, which field, what value, what is wrong, what to do."""
        value = self.value if len(self.value) <= 80 else self.value[:77] + "..."
        value = value.replace("\n", " ").replace("\r", " ")
        text = f"{self.path}:{self.line}: {self.severity_label}: {self.field}: {value!r}: {self.message}"
        if self.suggestion:
            text += f"; saran: {self.suggestion}"
        return text

    @property
    def severity_label(self) -> str:
        return "galat" if self.severity == ERROR else "peringatan"


class ContentError(SystemExit):
    """Stops a build on bad content: prints one line per problem, no traceback, exit status 1."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        files = len({p.path for p in problems})
        lines = [p.format() for p in problems]
        lines.append(
            f"Pembangunan situs dihentikan: {len(problems)} masalah di {files} berkas. "
            "Situs yang sudah ada tidak diubah."
        )
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class ArticleTerms:
    """What an article is about: its regions and the cohorts it belongs to."""

    regions: tuple[Region, ...]
    cohorts: tuple[int, ...]


@dataclass(frozen=True)
class Rules:
    """Everything the rules need to know, built once per run."""

    taxonomy: Taxonomy
    resolver: RegionResolver
    article_url: str = "berita/{date:%Y}/{date:%m}/{slug}/"
    slug_substitutions: tuple = tuple(tuple(sub) for sub in DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    content_root: str | None = None  # where Image paths are looked up; None skips checking the file
    timezone: str = "Asia/Jakarta"
    image_max_bytes: int = DEFAULTS["IMAGE_MAX_BYTES"]
    image_max_pixels: int = DEFAULTS["IMAGE_MAX_PIXELS"]
    # Addresses made by slugify, for this run: a thousand articles name the same few categories,
    # tags and authors, and each title's slug is asked for twice.
    slugs: dict = dataclass_field(default_factory=dict, compare=False, repr=False)

    def slug(self, text: str) -> str:
        """The address Pelican makes of ``text`` (``pelican.utils.slugify`` with the site's substitutions)."""
        made = self.slugs.get(text)
        if made is None:
            made = self.slugs[text] = slugify(text, regex_subs=self.slug_substitutions)
        return made

    def identity(self) -> tuple:
        """The rules' own values, which a file's check depends on besides the region data (and the
        code): not the content folder, where a file's check holds wherever the folder is."""
        return (self.article_url, self.slug_substitutions, self.timezone, self.image_max_bytes, self.image_max_pixels)

    @classmethod
    def for_taxonomy(cls, taxonomy: Taxonomy, **settings) -> "Rules":
        return cls(taxonomy=taxonomy, resolver=RegionResolver(taxonomy), **settings)

    @classmethod
    def from_settings(cls, settings: dict) -> "Rules":
        """Rules for a Pelican settings dict (with our DEFAULTS applied)."""
        return cls.for_taxonomy(
            load_taxonomy(settings.get("SMARTCITY_DATA_PATH", DEFAULTS["SMARTCITY_DATA_PATH"])),
            article_url=settings.get("ARTICLE_URL", cls.article_url),
            slug_substitutions=tuple(tuple(s) for s in settings.get("SLUG_REGEX_SUBSTITUTIONS", cls.slug_substitutions)),
            content_root=settings.get("PATH"),
            timezone=settings.get("TIMEZONE") or cls.timezone,
            image_max_bytes=settings.get("IMAGE_MAX_BYTES", cls.image_max_bytes),
            image_max_pixels=settings.get("IMAGE_MAX_PIXELS", cls.image_max_pixels),
        )


def parse_date(value: str) -> datetime.datetime:
    """A ``Date:`` or ``Modified:`` field as Pelican reads it (``pelican.utils.get_date``), with a
    fast path for ISO dates. The build, ``invoke check`` and the importer's check of its draft
    all read dates through this one function."""
    try:
        return datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return get_date(value)


def resolve_terms(regions_value: str, cohort_value: str, rules: Rules,
                  year: int | None = None) -> tuple[ArticleTerms, list[tuple[str, str, str, str]]]:
    """Regions and cohorts of an article, and (field, value, message, suggestion) for each fault.

    Without a ``Cohort`` the cohorts come from the regions: every round they had joined by the
    article's ``year`` (all their rounds when the year is not known), so a 2018 story about
    Kabupaten Kudus stays in the 2018 cohort although Kudus joined again in 2021. A given
    ``Cohort`` must be a round one of the regions joined, whatever the date.
    """
    faults = []
    regions: list[Region] = []
    for name in split_list(regions_value or ""):
        try:
            region = rules.resolver.resolve(name)
        except RegionNameError as err:
            hint = ", ".join(err.suggestions) if err.suggestions else "lihat daftar wilayah di data/regencies.csv"
            faults.append(("Regions", name, str(err), hint))
            continue
        if region not in regions:
            regions.append(region)

    known_years = rules.taxonomy.cohort_by_year
    given: list[int] = []
    for item in split_list(cohort_value or ""):
        year_given = int(item) if item.isdigit() else None
        if year_given not in known_years:
            years = ", ".join(str(y) for y in known_years)
            faults.append(("Cohort", item, "kohort tidak dikenal", f"kohort yang ada: {years}"))
        elif year_given not in given:
            given.append(year_given)

    joined = sorted({y for r in regions for y in r.cohort_years})
    if given and regions:
        for year_given in given:
            if year_given not in joined:
                membership = "; ".join(describe_memberships(r) for r in regions)
                hint = (f"tulis {' atau '.join(f'Cohort: {y}' for y in joined)}, atau hapus baris Cohort"
                        if joined else "hapus baris Cohort")
                faults.append(("Cohort", str(year_given), f"bertentangan dengan wilayahnya ({membership})", hint))
    derived = sorted({y for r in regions for y in r.years_by(year)})
    cohorts = tuple(sorted(given)) if given else tuple(derived)
    return ArticleTerms(regions=tuple(regions), cohorts=cohorts), faults


def check_fields(path: str, fields: dict[str, Field], rules: Rules) -> list[Problem]:
    """Every problem in one article's metadata."""
    problems: list[Problem] = []

    def add(field: str, value: str, message: str, suggestion: str = "", severity: str = ERROR):
        line = fields[field.lower()].line if field.lower() in fields else 1
        problems.append(Problem(path, line, field, value, message, suggestion, severity))

    title = fields.get("title")
    if title is None or not title.value:
        add("Title", title.value if title else "", "judul wajib diisi", "tambahkan baris 'Title: Judul berita' di awal berkas")

    date = fields.get("date")
    if date is None or not date.value:
        add("Date", date.value if date else "", "tanggal wajib diisi", f"tambahkan baris 'Date: ...'; {DATE_HINT}")
    for name in ("date", "modified"):
        field = fields.get(name)
        if field and field.value:
            try:
                parse_date(field.value)
            except (ValueError, OverflowError):
                add(name.capitalize(), field.value, "tanggal tidak dapat dibaca", DATE_HINT)

    regions = fields.get("regions")
    cohort = fields.get("cohort")
    if not (regions and regions.value) and not (cohort and cohort.value):
        add("Regions", "", "berita harus menyebut wilayah (Regions) atau kohort (Cohort)",
            "tambahkan 'Regions: Kabupaten Sragen' atau, untuk berita seluruh program, 'Cohort: 2019'")
    _, faults = resolve_terms(regions.value if regions else "", cohort.value if cohort else "", rules)
    for field, value, message, suggestion in faults:
        add(field, value, message, suggestion)

    problems.extend(check_image(path, fields, rules))
    problems.extend(editorial_warnings(path, fields, rules))

    problems.extend(check_addresses(path, fields, rules))
    for name in FORBIDDEN_FIELDS:
        if name in fields:
            add(name.capitalize(), fields[name].value, "kolom ini tidak boleh dipakai di berita",
                "hapus baris ini; alamat dan tampilan berita diatur oleh situs")

    status = fields.get("status")
    if status and status.value.lower() not in STATUSES:
        add("Status", status.value, "status tidak dikenal", f"pilih salah satu: {', '.join(STATUSES)}")

    for name, field in fields.items():
        if name in KNOWN_FIELDS:
            continue
        match = process.extractOne(name, KNOWN_FIELDS, scorer=fuzz.ratio, score_cutoff=75)
        if match:
            problems.append(Problem(path, field.line, field.name.capitalize(), field.value,
                                    "nama kolom tidak dikenal", f"mungkin maksud Anda '{match[0].capitalize()}:'"))
    return problems


def check_addresses(path: str, fields: dict[str, Field], rules: Rules) -> list[Problem]:
    """Every name that becomes part of a URL must give a usable, short, safe address."""
    found = []
    slug = fields.get("slug")
    title = fields.get("title")
    if slug and slug.value:
        if not SLUG_RE.match(slug.value) or len(slug.value) > SLUG_MAX:
            found.append(Problem(path, slug.line, "Slug", slug.value,
                                 f"alamat hanya boleh huruf kecil, angka dan tanda hubung, paling panjang {SLUG_MAX}",
                                 f"misalnya 'Slug: {rules.slug(slug.value)[:SLUG_MAX].strip('-') or 'judul-berita'}'"))
    elif title and title.value:
        made = rules.slug(title.value)
        if not made:
            found.append(Problem(path, title.line, "Title", title.value, "judul tidak menghasilkan alamat berita",
                                 "pakai huruf atau angka dalam judul, atau tambahkan 'Slug: alamat-berita'"))
        elif len(made) > SLUG_MAX:
            found.append(Problem(path, title.line, "Title", title.value,
                                 f"judul terlalu panjang untuk alamat berita ({len(made)} karakter)",
                                 f"persingkat judul, atau tambahkan 'Slug: {made[:SLUG_MAX].rsplit('-', 1)[0]}'"))
    for name in ("category", "tags", "author", "authors"):
        field = fields.get(name)
        if not field or not field.value:
            continue
        items = [field.value] if name == "category" else split_list(field.value)
        for item in items:
            made = rules.slug(item)
            if not made or len(made) > SLUG_MAX:
                found.append(Problem(path, field.line, name.capitalize(), item,
                                     "nama ini tidak menghasilkan alamat halaman yang sah",
                                     f"pakai huruf atau angka, paling panjang {SLUG_MAX} karakter"))
    return found


def check_image(path: str, fields: dict[str, Field], rules: Rules) -> list[Problem]:
    """An Image must be a relative path inside the content folder, to a file that exists and that
    the site can show (:func:`smartcity.images.check_file`: the same rules as the newsroom's uploads)."""
    image = fields.get("image")
    if not image or not image.value:
        return []
    value = image.value
    found = []
    pure = PurePosixPath(value.replace("\\", "/"))
    if "://" in value or value.startswith(("/", "~")) or pure.is_absolute() or ".." in pure.parts or ":" in value:
        found.append(Problem(path, image.line, "Image", value, "gambar harus berupa path relatif di dalam folder content",
                             "simpan gambar di content/images/ lalu tulis 'Image: images/nama-berkas.jpg'"))
    elif rules.content_root and not (Path(rules.content_root) / pure).is_file():
        found.append(Problem(path, image.line, "Image", value, "berkas gambar tidak ditemukan",
                             f"periksa ejaan nama berkas; gambar dicari di {Path(rules.content_root) / pure}"))
    elif rules.content_root:
        problem = images.check_file(Path(rules.content_root) / pure, rules.image_max_bytes, rules.image_max_pixels)
        if problem:
            found.append(Problem(path, image.line, "Image", value, problem.message, problem.suggestion))
    alt = fields.get("image_alt")
    if not (alt and alt.value):
        found.append(Problem(path, image.line, "Image_alt", "", "gambar tanpa teks alternatif",
                             "tambahkan 'Image_alt: ...' yang menjelaskan isi gambar bagi pembaca tunanetra", WARNING))
    caption = fields.get("image_caption")
    if not (caption and caption.value):
        found.append(Problem(path, image.line, "Image_caption", "", "gambar tanpa keterangan dan kredit",
                             "tambahkan 'Image_caption: Keterangan foto. Foto: nama fotografer atau instansi'", WARNING))
    return found


def image_file(fields: dict[str, Field], rules: Rules) -> str | None:
    """The file an article's Image names inside the content folder, whether it exists or not."""
    image = fields.get("image")
    if not (image and image.value and rules.content_root) or "://" in image.value or ":" in image.value:
        return None
    return str(Path(rules.content_root) / PurePosixPath(image.value.replace("\\", "/")))


def editorial_warnings(path: str, fields: dict[str, Field], rules: Rules) -> list[Problem]:
    """What a good editor would flag; never stops a build."""
    found = []

    def warn(field: str, value: str, message: str, suggestion: str):
        line = fields[field.lower()].line if field.lower() in fields else 1
        found.append(Problem(path, line, field, value, message, suggestion, WARNING))

    summary = fields.get("summary")
    if not (summary and summary.value):
        warn("Summary", "", "ringkasan kosong", "tambahkan 'Summary: ...' satu kalimat untuk daftar berita dan kartu berbagi")
    elif len(summary.value) > SHARE_SUMMARY_MAX:
        warn("Summary", summary.value, f"ringkasan {len(summary.value)} karakter, kartu berbagi hanya menampilkan "
             f"sekitar {SHARE_SUMMARY_MAX}", f"persingkat menjadi paling banyak {SHARE_SUMMARY_MAX} karakter")
    title = fields.get("title")
    if title and len(title.value) > SHARE_TITLE_MAX:
        warn("Title", title.value, f"judul {len(title.value)} karakter, terpotong di kartu berbagi",
             f"persingkat menjadi paling banyak {SHARE_TITLE_MAX} karakter")
    date = fields.get("date")
    if date and date.value:
        try:
            when = parse_date(date.value)
        except (ValueError, OverflowError):
            when = None
        if when is not None:
            zone = ZoneInfo(rules.timezone)
            now = datetime.datetime.now(zone)
            if (when if when.tzinfo else when.replace(tzinfo=zone)) > now:
                warn("Date", date.value, "tanggal di masa depan; berita sudah tampil saat situs diterbitkan",
                     "periksa tanggalnya, atau tulis 'Status: draft' sampai waktunya tiba")
    return found


def check_text(path: str, raw: bytes, rules: Rules) -> tuple[dict[str, Field], list[Problem]]:
    """Decode and check one file's bytes."""
    try:
        text = decode(raw)
    except UnicodeDecodeError as err:
        return {}, [Problem(path, 1, "berkas", f"byte {err.start}", "berkas bukan teks UTF-8",
                            "simpan ulang berkas dengan pengodean UTF-8")]
    fields = read_header(text)
    return fields, check_fields(path, fields, rules) + check_characters(path, text) + check_attach_links(path, text)


# Control characters other than tab and line ends: invisible in editors, refused by XML feeds.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def check_characters(path: str, text: str) -> list[Problem]:
    """One problem per line that holds an invisible control character (often pasted from elsewhere)."""
    return line_problems(path, text, CONTROL_RE, lambda match: f"U+{ord(match.group()):04X}",
                         "baris ini memuat karakter kontrol yang tidak terlihat",
                         "hapus karakter itu (sering terbawa saat menyalin teks), lalu simpan lagi")


def line_problems(path: str, text: str, pattern: re.Pattern, value, message: str, suggestion: str) -> list[Problem]:
    """One problem in the body ("isi") per line where ``pattern`` matches; ``value`` gives its
    value from the match."""
    if not pattern.search(text):
        return []
    found = []
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines(): it breaks at \x0c too
        match = pattern.search(line)
        if match:
            found.append(Problem(path, number, "isi", value(match), message, suggestion))
    return found


ATTACH_RE = re.compile(r"\{attach\}|\|attach\|")


def check_attach_links(path: str, text: str) -> list[Problem]:
    """Pelican's ``{attach}`` moves a file beside the first article that links to it, as it renders
    them: the file's address would depend on which articles a build renders, and in what order
    (the engine renders a share in each process, and a publish only what changed). ``{static}``
    keeps the file at its own address."""
    return line_problems(path, text, ATTACH_RE, lambda match: match.group(),
                         "tautan {attach} tidak didukung situs ini (alamat berkasnya berubah-ubah)",
                         "tulis {static} sebagai gantinya: berkasnya tetap di alamatnya sendiri")


def article_url(fields: dict[str, Field], rules: Rules) -> str | None:
    """The permalink Pelican will give the article, or None when its date is unreadable."""
    try:
        date = parse_date(fields["date"].value)
    except (KeyError, ValueError, OverflowError):
        return None
    slug = fields["slug"].value if "slug" in fields else rules.slug(fields["title"].value if "title" in fields else "")
    try:
        return rules.article_url.format(date=date, slug=slug)
    except (ValueError, KeyError, IndexError):
        return None


@dataclass(frozen=True)
class FileCheck:
    """What one file contributes to :func:`check_files`: its problems, and the title and
    permalink it claims when it will be listed (no errors, not a draft)."""

    problems: tuple[Problem, ...]
    title: Field | None = None
    url: str | None = None
    depends: tuple[str, ...] = ()  # other files the check read (the article's image)
    lasting: bool = True  # holds until the file (or one it depends on) changes: not so when dated ahead


def check_file(path: str, shown: str, rules: Rules, raw: bytes | None = None) -> FileCheck:
    """One file's check; ``raw``: its bytes, when the caller read them already."""
    fields, found = check_text(shown, Path(path).read_bytes() if raw is None else raw, rules)
    image = image_file(fields, rules)
    depends = (image,) if image else ()
    lasting = not dated_ahead(fields, rules)
    if any(p.severity == ERROR for p in found) or fields.get("status", Field("", "", 0)).value == "draft":
        return FileCheck(tuple(found), depends=depends, lasting=lasting)
    return FileCheck(tuple(found), fields["title"], article_url(fields, rules), depends, lasting)


def dated_ahead(fields: dict[str, Field], rules: Rules) -> bool:
    """Is the article dated in the future (its check then changes as the days pass)?"""
    try:
        when = parse_date(fields["date"].value)
    except (KeyError, ValueError, OverflowError):
        return False
    zone = ZoneInfo(rules.timezone)
    return (when if when.tzinfo else when.replace(tzinfo=zone)) > datetime.datetime.now(zone)


def check_files(paths: list[str], rules: Rules, display_root: str | None = None,
                cache: dict | None = None) -> list[Problem]:
    """Every problem in every article file, including two articles claiming one permalink.

    ``cache`` (a dict the caller keeps: the preview's, or the one content_guard keeps between
    builds) remembers each file's own check until the modification time or size of the file, or
    of the image it names, changes (not for an article dated ahead: its check changes with the
    date); the checks across files (titles, permalinks) always run.
    """
    problems: list[Problem] = []
    claimed: dict[str, str] = {}
    titles: dict[str, str] = {}
    for path in sorted(paths):
        shown, checked = check_files_cached(path, rules, display_root, cache)
        problems.extend(checked.problems)
        if checked.title is None:
            continue
        title = checked.title.value.strip().lower()
        if title in titles:
            problems.append(Problem(shown, checked.title.line, "Title", checked.title.value,
                                    f"judul yang sama sudah dipakai oleh {titles[title]}",
                                    "bedakan judulnya agar pembaca dan mesin pencari tidak bingung", WARNING))
        else:
            titles[title] = shown
        url = checked.url
        if url in claimed:
            problems.append(Problem(shown, checked.title.line, "Title", checked.title.value,
                                    f"alamat {url} sudah dipakai oleh {claimed[url]}",
                                    "ganti judul atau tambahkan baris 'Slug: alamat-lain'"))
        elif url:
            claimed[url] = shown
    return problems


def display_path(path: str, root: str | None) -> str:
    """The path as the writer knows it: relative to the project (``root``, a real path) when possible."""
    if root:
        real = os.path.realpath(path)
        if real.startswith(root.rstrip(os.sep) + os.sep):
            return real[len(root.rstrip(os.sep)) + 1:]
    return str(path)


def is_article_file(name: str) -> bool:
    return name.lower().endswith(MARKDOWN_EXTENSIONS)



def check_candidate(path: str, raw: bytes, rules: Rules, others: list[str], display_root: str | None = None,
                    cache: dict | None = None) -> list[Problem]:
    """Every problem of one article not saved yet (the newsroom editor's), as :func:`check_files`
    would report it once saved at ``path`` beside the saved articles ``others``."""
    shown = display_path(path, display_root)
    fields, problems = check_text(shown, raw, rules)
    if any(p.severity == ERROR for p in problems) or fields.get("status", Field("", "", 0)).value == "draft":
        return problems
    url, title = article_url(fields, rules), fields["title"]
    target = os.path.abspath(path)
    for other in sorted(others):
        if os.path.abspath(other) == target:
            continue
        other_shown, checked = check_files_cached(other, rules, display_root, cache)
        if checked.title is None:
            continue
        if url and checked.url == url:
            problems.append(Problem(shown, title.line, "Title", title.value, f"alamat {url} sudah dipakai oleh {other_shown}",
                                    "ganti judul atau tambahkan baris 'Slug: alamat-lain'"))
        elif checked.title.value.strip().lower() == title.value.strip().lower():
            problems.append(Problem(shown, title.line, "Title", title.value,
                                    f"judul yang sama sudah dipakai oleh {other_shown}",
                                    "bedakan judulnya agar pembaca dan mesin pencari tidak bingung", WARNING))
    return problems


@dataclass(frozen=True)
class Checked:
    """A file's check as a cache keeps it: the file's stamp (:mod:`smartcity.stamps`), its
    bytes' digest, the files the check read (each as a path in the content folder, its stamp and
    digest), and where it was checked from (the display root and the content folder)."""

    stamp: tuple
    digest: str
    depends: tuple[tuple[str, tuple | None, str | None], ...]
    where: tuple
    shown: str
    check: FileCheck


def digest_of(path: str) -> str | None:
    """The SHA-1 of a file's bytes, None when there is none."""
    try:
        return hashlib.sha1(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def in_content(path: str, rules: Rules) -> str:
    """A file's path relative to the content folder (a cache's key: the same file wherever the
    folder is, as when the newsroom publishes from a worktree and staff from the project); an
    absolute path outside it."""
    full = os.path.abspath(path)
    if rules.content_root:
        folder = os.path.join(os.path.abspath(rules.content_root), "")
        if full.startswith(folder):
            return full[len(folder):]
    return full


def in_folder(relative: str, rules: Rules) -> str:
    return os.path.join(rules.content_root, relative) if rules.content_root else relative


def same_depends(depends: tuple, rules: Rules, by_bytes: bool) -> tuple | None:
    """The files a check read, stamped again, when they are as they were (by stamp; ``by_bytes``:
    else by digest); None when one changed."""
    now = []
    for relative, stamp, digest in depends:
        path = in_folder(relative, rules)
        current = file_stamp(path)
        if current != stamp and not (by_bytes and current is not None and digest_of(path) == digest):
            return None
        now.append((relative, current, digest))
    return tuple(now)


def check_files_cached(path: str, rules: Rules, display_root: str | None, cache: dict | None) -> tuple[str, FileCheck]:
    """One saved file's path as shown and its check, kept in ``cache`` until the file (or a
    file it depends on, its image) changes. Keyed by the path in the content folder: after a
    move to another folder (new modification times, same bytes), a check whose files have the
    same bytes holds."""
    if cache is None:
        shown = display_path(path, display_root)
        return shown, check_file(path, shown, rules)
    key = in_content(path, rules)
    where = (display_root, rules.content_root)
    stamp = file_stamp(path)
    hit = cache.get(key)
    if hit is not None and hit.stamp == stamp and hit.where == where and \
            same_depends(hit.depends, rules, by_bytes=False) is not None:
        return hit.shown, hit.check
    raw = Path(path).read_bytes()
    digest = hashlib.sha1(raw).hexdigest()
    shown = display_path(path, display_root)
    depends = None
    if hit is not None and hit.digest == digest and hit.shown == shown:
        depends = same_depends(hit.depends, rules, by_bytes=True)
    if depends is not None:
        checked = hit.check
    else:
        checked = check_file(path, shown, rules, raw)
        depends = tuple((in_content(p, rules), file_stamp(p), digest_of(p)) for p in checked.depends)
    if checked.lasting:
        cache[key] = Checked(stamp, digest, depends, where, shown, checked)
    else:
        cache.pop(key, None)
    return shown, checked


def publishing_problems(problems: list[Problem]) -> list[Problem]:
    """What stops an article from being published from the editor: every error, and a date in
    the future (a warning for the build, which shows it at once; the editor waits instead)."""
    future = [p for p in problems if p.field == "Date" and p.severity == WARNING and "masa depan" in p.message]
    return [p for p in problems if p.severity == ERROR] + [
        Problem(p.path, p.line, p.field, p.value, "tanggal di masa depan: berita ini belum boleh terbit",
                "terbitkan setelah waktunya tiba, atau perbaiki tanggalnya") for p in future]
