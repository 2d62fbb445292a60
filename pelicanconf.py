"""Pelican settings for a local build (`make site`): relative links, works from any folder."""

import os
from urllib.parse import urlsplit

AUTHOR = "Territoires Partagés"
SITENAME = "Territoires Partagés – les activités"
SITEURL = ""
# Absolute address used where a full URL is required (calendar feeds, badge definitions).
SITE_ABSOLUTE_URL = os.environ.get("SITE_ABSOLUTE_URL", "https://territoires-partages.example.org")
# The site's path on its host ("" at a domain's root, "/catalogue" under owner.github.io/catalogue/):
# pages link relatively (RELATIVE_URLS), the 404 page, served at any depth, links from this path.
SITE_PATH = urlsplit(SITE_ABSOLUTE_URL).path.rstrip("/")

PATH = "content"
# Pelican reads no content: the free pages of content/pages/ are read, checked and rendered by the
# catalogue plugin (plugins/catalogue/freepages.py), with the same templates and checks as the rest.
PAGE_PATHS = []
ARTICLE_PATHS = []
STATIC_PATHS = []
THEME = "theme"
THEME_STATIC_DIR = "theme"

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["catalogue"]

TIMEZONE = "Europe/Paris"
# The network's identity (plugins/catalogue/settings.py): another network sets its own here.
CATALOGUE_NETWORK = {
    "site_name": "Territoires Partagés",
    "region": "Caen la Mer, Vallées de l'Orne et de l'Odon",
    "prodid": "-//Territoires Partages//Catalogue des activites 1.0//FR",
    # "uid_domain": event UIDs are `<key>@<uid_domain>`; unset, the host of SITE_ABSOLUTE_URL. Never change it once published.
    "badge_tag": "Territoires Partagés",
    "badge_coordinator": "e2c-normandie",  # the structure that leads the badges for every partner (badges page)
    "editor_title": "Éditeur du catalogue – Territoires Partagés",
}
DEFAULT_LANG = "fr"
DEFAULT_DATE = "fs"
RELATIVE_URLS = True

PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DIRECT_TEMPLATES = []
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = CATEGORY_SAVE_AS = TAG_SAVE_AS = ""
ARTICLE_SAVE_AS = DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""

FEED_ALL_ATOM = FEED_ALL_RSS = FEED_ATOM = FEED_RSS = None
CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

# `pelican content`: output/ is emptied before each build (after the content is validated), so that a
# deleted activity disappears; `catalogue build` builds in a fresh folder and swaps it in anyway.
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION = [".git", ".hg", ".svn"]
# `pelican --autoreload` also watches the catalogue's folders (PATH, the theme and this file already are).
CATALOGUE_WATCH = ["activities", "structures", "badges", "vocabulaire.yml"]
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
