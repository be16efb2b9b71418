"""Command-line tools and helpers of the news site (benchmarks, browser, importer)."""
