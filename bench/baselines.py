"""The two reference builds of the benchmark, from the same synthetic activities.

- plain Pelican: one ordinary Markdown article per activity (same title, same body text),
  a tiny theme (base, article, index), no feeds, no category/tag/author/archive pages;
- Hugo: the same pages as Markdown content files, a minimal template (baseof, single, list),
  no taxonomies, no RSS, no sitemap.

Each writes an index listing every page, like the catalogue's "toutes les activités" page.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

BUILD_DATE = "2026-11-25"

PELICAN_CONF = '''\
AUTHOR = "Banc d'essai"
SITENAME = "Banc d'essai – Pelican simple"
SITEURL = ""
PATH = "content"
THEME = "theme"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
RELATIVE_URLS = True
ARTICLE_URL = "activites/{slug}/"
ARTICLE_SAVE_AS = "activites/{slug}/index.html"
DIRECT_TEMPLATES = ["index"]
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = CATEGORY_SAVE_AS = TAG_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = FEED_ATOM = FEED_RSS = None
CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
'''

PELICAN_TEMPLATES = {
    "base.html": """<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ SITENAME }}{% endblock %}</title></head>
<body>
<header><a href="{{ SITEURL }}/">{{ SITENAME }}</a></header>
<main>{% block content %}{% endblock %}</main>
<footer>Banc d'essai</footer>
</body>
</html>
""",
    "article.html": """{% extends "base.html" %}
{% block title %}{{ article.title|striptags }} – {{ SITENAME }}{% endblock %}
{% block content %}
<article>
<h1>{{ article.title }}</h1>
<p><time datetime="{{ article.date.isoformat() }}">{{ article.locale_date }}</time></p>
{{ article.content }}
</article>
{% endblock %}
""",
    "index.html": """{% extends "base.html" %}
{% block content %}
<h1>Toutes les activités</h1>
<ul>
{% for article in articles %}<li><a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a></li>
{% endfor %}</ul>
{% endblock %}
""",
}

HUGO_CONFIG = '''\
baseURL = "https://example.org/"
languageCode = "fr"
title = "Banc d'essai – Hugo"
relativeURLs = true
buildFuture = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
'''

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>Banc d'essai</footer>
</body>
</html>
""",
    "_default/single.html": """{{ define "title" }}{{ .Title }} – {{ .Site.Title }}{{ end }}
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ .Content }}
</article>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<h1>Toutes les activités</h1>
<ul>
{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
""",
}


def read_activities(content_root: Path) -> list[tuple[str, str, str]]:
    """(id, title, Markdown body) of every activity of a content tree, in id order."""
    found = []
    for path in sorted((content_root / "activities").glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        _, header, body = text.split("---\n", 2)
        title_line = next(line for line in header.splitlines() if line.startswith("titre:"))
        title = title_line.split(":", 1)[1].strip()
        if title.startswith('"'):
            title = json.loads(title)
        found.append((path.stem, title, body.strip("\n")))
    return sorted(found)


def _fresh(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def write_pelican(activities: list[tuple[str, str, str]], folder: Path) -> Path:
    """A plain Pelican project: one article per activity. Returns the folder."""
    _fresh(folder)
    (folder / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    for name, text in PELICAN_TEMPLATES.items():
        path = folder / "theme" / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    content = folder / "content"
    content.mkdir()
    for ident, title, body in activities:
        (content / f"{ident}.md").write_text(
            f"Title: {title}\nDate: {BUILD_DATE} 10:00\nSlug: {ident}\nCategory: activites\n\n{body}\n", encoding="utf-8"
        )
    return folder


def write_hugo(activities: list[tuple[str, str, str]], folder: Path) -> Path:
    """A minimal Hugo site: one content page per activity. Returns the folder."""
    _fresh(folder)
    (folder / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        path = folder / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    content = folder / "content" / "activites"
    content.mkdir(parents=True)
    for ident, title, body in activities:
        (content / f"{ident}.md").write_text(
            f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndate: {BUILD_DATE}T10:00:00+01:00\nslug: {ident}\n---\n{body}\n",
            encoding="utf-8",
        )
    return folder
