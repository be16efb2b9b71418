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
    "PUBLISH_WARM_SECONDS": 0,  # a warm publisher's wait for the next publish (smartcity.tools.warm; publishconf: 600)
    # Theme images (path in the theme's static folder, width, height) that other sites read:
    # the publisher's wordmark of news articles (Google: 60 px high, at most 600 wide) and the
    # square logo shared when an article has no image of its own (at least 112x112).
    "PUBLISHER_LOGO": ("img/logo-600x60.png", 600, 60),
    "SHARE_LOGO": ("img/logo-512.png", 512, 512),
    "SEARCH_URL": "cari/",
    "SEARCH_SAVE_AS": "cari/index.html",
    "SEARCH_INDEX": True,
    "SEARCH_INDEX_GLOB": "berita/**/*.html",
    "SEARCH_INDEX_DIR": "pagefind",
    # Pages per index part, counted from the oldest (so a new article changes the newest part
    # only, and publishing re-indexes that part alone). The search page reads the newest part
    # first and older ones only when it needs more results: a search costs the bytes of the parts
    # it reads (at 500 pages, a part's metadata is 5 KB, and a word's chunk about 10 KB), and a
    # publish re-indexes one part (Pagefind takes about a second for 500 pages on 2 cores).
    "SEARCH_INDEX_PART_SIZE": 500,
    # The newest span of SEARCH_INDEX_PART_SIZE pages is in parts of this size (a divisor of it):
    # the part a new article changes holds 100-199 pages, indexed in 0.3-0.5 s.
    "SEARCH_INDEX_FRESH_PART_SIZE": 100,
    "SEARCH_INDEX_TRASH": None,  # where the index's finished folders go instead of being removed (publishing)
    # where each part's folder of linked pages is kept for the next build (publishing: public/cache/)
    "SEARCH_INDEX_KEPT_PAGES": None,
    "SEARCH_PAGE_SIZE": 5,  # results shown at a time: each loads its fragment (the page's text)
    "SEARCH_SUGGESTIONS_SAVE_AS": "cari/saran.json",
    "SEARCH_SUGGESTED_WORDS": 2000,  # the index's most frequent words offered as corrections
    "SEARCH_LANGUAGE": "id",
    "SEARCH_ALL_WORD": "zzsemuaberita",
    # The newsroom editor (smartcity.newsroom): None is the local Git proxy (`invoke newsroom`);
    # a Decap backend dict (name "gitea", "gitlab", ...) puts the same editor on a Git forge.
    "NEWSROOM_BACKEND": None,
    # How long the warm publisher of the newsroom's publishes waits for the next one (the newsroom
    # stops it when it stops): a newsroom runs all day, and staff publish hours apart.
    "NEWSROOM_PUBLISH_WARM_SECONDS": 12 * 3600,
    "IMAGE_WIDTHS": (480, 800, 1200, 1600),  # widths made of each article image, never wider than it
    "IMAGE_CACHE_PATH": "cache/images",  # made variants kept between builds (safe to delete)
    "IMAGE_MAX_BYTES": 10_000_000,  # an article image file, as uploaded
    "IMAGE_MAX_PIXELS": 50_000_000,  # width x height: refuses decompression bombs and absurd sizes
}


def apply_defaults(settings: dict) -> dict:
    """Fill in every missing setting from DEFAULTS (in place) and return the settings."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings


def use_defaults(pelican) -> None:
    """``initialized`` handler shared by our plugins (blinker runs one receiver once)."""
    apply_defaults(pelican.settings)
