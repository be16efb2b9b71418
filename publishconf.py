"""Settings for publishing: absolute URLs on the public address, a clean output folder."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403  (Pelican's convention: publish = dev + overrides)

# The public address, in one place; override with SMARTCITY_SITEURL for a staging host.
SITEURL = os.environ.get("SMARTCITY_SITEURL", "https://kabar100smartcity.example.id")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

# Where `invoke publish` keeps its releases (public/current is the live site), and where it
# sends the live site with rsync: a folder or host:path. Empty: build and swap only.
# Both can be set from the environment, so a server's deploy job needs no edit here.
PUBLISH_ROOT = os.environ.get("SMARTCITY_PUBLISH_ROOT", os.path.join(os.path.dirname(os.path.abspath(__file__)), "public"))
DEPLOY_TARGET = os.environ.get("SMARTCITY_DEPLOY_TARGET", "")
# After a publish, a warm publisher keeps the live release's articles in memory this many seconds
# for the next publish with the same command (smartcity.tools.warm); 0: none.
PUBLISH_WARM_SECONDS = int(os.environ.get("SMARTCITY_PUBLISH_WARM_SECONDS", "600"))
