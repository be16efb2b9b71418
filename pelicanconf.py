"""Site settings for development: root-relative links, served on http://localhost:8000."""

from pathlib import Path

from smartcity.catalog import newest_first
from smartcity.engine import Engine

ROOT = Path(__file__).resolve().parent

SITENAME = "Kabar 100 Smart City"
SITESUBTITLE = "Berita Gerakan Menuju Smart City dari kabupaten dan kota di Indonesia, dari 100 daerah pertama hingga putaran lanjutan"
AUTHOR = "Redaksi"
SITEURL = ""
FEED_DOMAIN = "http://localhost:8000"

PATH = str(ROOT / "content")
OUTPUT_PATH = str(ROOT / "output")
THEME = str(ROOT / "theme")
SMARTCITY_DATA_PATH = str(ROOT / "data")
# Every build, from any door (pelican, invoke build, invoke publish, the preview), runs through
# the engine: reading and writing on every core (smartcity/engine). The plugins below are the
# site's own rules and pages; order matters for their generators: the search index comes first
# among ours (it only needs the article pages, written before it), then the image variants
# (copied from the cache), then the taxonomy the other generators build on.
PELICAN_CLASS = Engine
PLUGINS = [
    "smartcity.plugins.safe_html",
    "smartcity.plugins.content_guard",
    "smartcity.plugins.search_index",
    "smartcity.plugins.responsive_images",
    "smartcity.plugins.taxonomy_pages",
    "smartcity.plugins.theme_helpers",
    "smartcity.plugins.open_data",
    "smartcity.plugins.sitemaps",
]

TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"

# Every Markdown file under content/ is an article (new ones go to content/berita/), except
# the pages and the images, so an article saved in the wrong folder is still checked and built.
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages", "images"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
# Article images are also made at the widths of IMAGE_WIDTHS (smartcity.plugins.responsive_images)
# and kept here between builds, whatever folder a build starts in: preview, build and publish share it.
IMAGE_CACHE_PATH = str(ROOT / "cache" / "images")
NEW_ARTICLE_DIR = "berita"
READERS = {"html": None, "htm": None, "rst": None}  # articles are Markdown only
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}

# Permalinks: journalists cite these, so they never change.
ARTICLE_URL = "berita/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
DRAFT_URL = "draf/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "kategori/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_SAVE_AS = "kategori/index.html"
TAG_URL = "topik/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_SAVE_AS = "topik/index.html"
AUTHOR_URL = "penulis/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
AUTHORS_SAVE_AS = "penulis/index.html"
INDEX_URL = ""
ARCHIVES_URL = "arsip/"
ARCHIVES_SAVE_AS = "arsip/index.html"
# Year and month pages are written by smartcity.plugins.taxonomy_pages in one pass over the
# articles; Pelican's own (YEAR_/MONTH_ARCHIVE_SAVE_AS) filter the whole archive once per
# period, which grows with the square of the archive.
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
ARCHIVE_YEAR_URL = "arsip/{date:%Y}/"
ARCHIVE_YEAR_SAVE_AS = ARCHIVE_YEAR_URL + "index.html"
ARCHIVE_MONTH_URL = "arsip/{date:%Y}/{date:%m}/"
ARCHIVE_MONTH_SAVE_AS = ARCHIVE_MONTH_URL + "index.html"
DIRECT_TEMPLATES = ["index", "categories", "tags", "authors", "archives", "search", "notfound"]
NOTFOUND_SAVE_AS = "404.html"
NOTFOUND_URL = "404.html"

ARTICLE_ORDER_BY = newest_first
# One language: no translations to pair up. (Pelican pairs them by slug, comparing every
# article with every other, which takes minutes at 100,000 articles; a duplicate slug is
# already refused by the content check.)
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {
    "index": None, "tag": None, "category": None, "author": None,
    "region": None, "province": None, "cohort": None, "period_archives": None,  # month pages; a year page lists months
}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{url}halaman/{number}/", "{base_name}/halaman/{number}/index.html"),
)

FEED_ALL_ATOM = "feed.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 20

CACHE_CONTENT = False
# Every build starts from an empty output folder (after the content check passed), so no page,
# feed or data file of an article that moved or vanished can survive a rebuild. The search
# index is kept: it is rebuilt, or reused when the article pages are unchanged.
DELETE_OUTPUT_DIRECTORY = True
SEARCH_INDEX_DIR = "pagefind"
OUTPUT_RETENTION = [SEARCH_INDEX_DIR]

USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Berita"
