"""Settings for the published site: same pages, absolute address of the hosting."""

import os
import sys
from urllib.parse import urlsplit

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

SITE_ABSOLUTE_URL = os.environ.get("SITE_ABSOLUTE_URL", SITE_ABSOLUTE_URL)  # noqa: F405
SITE_PATH = urlsplit(SITE_ABSOLUTE_URL).path.rstrip("/")

# Calendar versions come from the content's git history: never publish from a shallow clone or an archive.
CATALOGUE_REQUIRE_HISTORY = True
