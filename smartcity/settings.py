"""Defaults for every setting our plugins read; a site's pelicanconf.py may override any."""

DEFAULTS = {
    "SMARTCITY_DATA_PATH": "data",
    "NEW_ARTICLE_DIR": "berita",
    "REGION_URL": "wilayah/{slug}/",
    "REGION_SAVE_AS": "wilayah/{slug}/index.html",
    "REGION_FEED_URL": "wilayah/{slug}/feed.xml",
    "REGION_FEED_SAVE_AS": "wilayah/{slug}/feed.xml",
    "REGIONS_URL": "wilayah/",
    "REGIONS_SAVE_AS": "wilayah/index.html",
    "PROVINCE_URL": "provinsi/{slug}/",
    "PROVINCE_SAVE_AS": "provinsi/{slug}/index.html",
    "PROVINCE_FEED_URL": "provinsi/{slug}/feed.xml",
    "PROVINCE_FEED_SAVE_AS": "provinsi/{slug}/feed.xml",
    "PROVINCES_URL": "provinsi/",
    "PROVINCES_SAVE_AS": "provinsi/index.html",
    "COHORT_URL": "kohort/{slug}/",
    "COHORT_SAVE_AS": "kohort/{slug}/index.html",
    "COHORT_FEED_URL": "kohort/{slug}/feed.xml",
    "COHORT_FEED_SAVE_AS": "kohort/{slug}/feed.xml",
    "COHORTS_URL": "kohort/",
    "COHORTS_SAVE_AS": "kohort/index.html",
    "ARCHIVE_YEAR_URL": "arsip/{date:%Y}/",
    "ARCHIVE_YEAR_SAVE_AS": "arsip/{date:%Y}/index.html",
    "ARCHIVE_MONTH_URL": "arsip/{date:%Y}/{date:%m}/",
    "ARCHIVE_MONTH_SAVE_AS": "arsip/{date:%Y}/{date:%m}/index.html",
    "ARTICLES_DATA_SAVE_AS": "data/articles.json",
    "REGIONS_DATA_SAVE_AS": "data/regions.json",
    "REGIONS_CSV_SAVE_AS": "data/regions.csv",
    "REGION_DATA_SAVE_AS": "wilayah/{slug}/berita.json",
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "SITEMAP_MAX_URLS": 50000,
    "SITEMAP_PART_SAVE_AS": "sitemap-{number}.xml",
    "NEWS_SITEMAP_SAVE_AS": "sitemap-news.xml",
    "CONTENT_CHECK_CACHE": False,  # keep each article's check in CACHE_PATH until the file changes (publishing)
    "ENGINE_WORKERS": 0,  # processes that read and write a build at once; 0: one per CPU (smartcity.engine)
    "SEARCH_URL": "cari/",
    "SEARCH_SAVE_AS": "cari/index.html",
    "SEARCH_INDEX": True,
    "SEARCH_INDEX_GLOB": "berita/**/*.html",
    "SEARCH_INDEX_DIR": "pagefind",
    # Pages per search index part, counted from the oldest. Publishing re-indexes only the part that
    # holds what changed (the newest, for a new article): smaller parts publish faster, but every
    # query then fetches one index chunk per part. Measured at 10,000 articles (bench/search.py):
    # one part, 257 KB for a first query and 54 KB for a second; parts of 2,500, 297 and 93 KB;
    # of 1,000, 390 and 239 KB. Pagefind holds a part in memory (about 120-150 KB a page).
    "SEARCH_INDEX_PART_SIZE": 2500,
    "SEARCH_LANGUAGE": "id",
    "SEARCH_ALL_WORD": "zzsemuaberita",
}


def apply_defaults(settings: dict) -> dict:
    """Fill in every missing setting from DEFAULTS (in place) and return the settings."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings


def use_defaults(pelican) -> None:
    """``initialized`` handler shared by our plugins (blinker runs one receiver once)."""
    apply_defaults(pelican.settings)
