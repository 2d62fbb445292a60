"""Content-Security-Policy on every page, and pages that load nothing from another host (issue 9)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import external_requests

PUBLIC_SOURCES = {"'self'", "'none'", "data:"}


class Head(HTMLParser):
    """The CSP meta tags of a page, and whether each comes before any script, style or stylesheet."""

    def __init__(self, text: str):
        super().__init__()
        self.policies: list[tuple[str, bool]] = []
        self.loaded = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append((attrs.get("content") or "", not self.loaded))
        elif tag in ("script", "style") or (tag == "link" and "stylesheet" in (attrs.get("rel") or "")):
            self.loaded = True


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0].lower()] = words[1:]
    return parsed


def test_every_built_page_has_a_strict_csp_meta(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    problems = []
    for path in pages:
        relative = path.relative_to(built_site).as_posix()
        head = Head(path.read_text(encoding="utf-8"))
        if len(head.policies) != 1:
            problems.append(f"{relative}: {len(head.policies)} CSP meta tags")
            continue
        policy, first = head.policies[0]
        rules = directives(policy)
        script = rules.get("script-src", rules.get("default-src", []))
        if not first:
            problems.append(f"{relative}: the CSP meta comes after a script or a stylesheet")
        if rules.get("default-src") != ["'self'"]:
            problems.append(f"{relative}: default-src {rules.get('default-src')}")
        if "'unsafe-inline'" in script or not script:
            problems.append(f"{relative}: script-src {script}")
        if rules.get("object-src") != ["'none'"] or rules.get("base-uri") not in (["'self'"], ["'none'"]):
            problems.append(f"{relative}: object-src/base-uri {rules.get('object-src')} {rules.get('base-uri')}")
        if not relative.startswith("admin/"):  # the editor (Decap CMS) talks to the forge; public pages only to the site
            # Pagefind's search runs as WebAssembly, which 'wasm-unsafe-eval' allows (and nothing else: no eval())
            # partner widgets (integrer/) are framed elsewhere and run no script at all
            if script != (["'none'"] if relative.startswith("integrer/") else ["'self'", "'wasm-unsafe-eval'"]):
                problems.append(f"{relative}: script-src {script}")
            others = {source for name, sources in rules.items() for source in sources
                      if not (name == "script-src" and source == "'wasm-unsafe-eval'")} - PUBLIC_SOURCES
            if others or "data:" in script or "'unsafe-eval'" in script:
                problems.append(f"{relative}: allows {sorted(others) or script}")
    assert not problems, "\n".join(problems[:30])


def _an_activity(built_site: Path) -> str:
    pages = sorted(built_site.glob("activites/*/index.html"))
    assert pages, "no activity page built"
    return pages[0].parent.relative_to(built_site).as_posix() + "/"


@pytest.mark.parametrize("which", ["home", "activity"])
def test_pages_only_request_the_site_itself(page_factory, site_server, built_site, which):
    url = site_server + ("" if which == "home" else _an_activity(built_site))
    page = page_factory(width=1280)
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url
    assert len(page.requested_urls) >= 2, page.requested_urls  # the page and at least its stylesheet
    assert external_requests(page.requested_urls, base_url=site_server) == [], page.requested_urls
    assert not [e for e in page.console_errors if "Content Security Policy" in e], page.console_errors


def test_the_policy_blocks_an_inline_script(page_factory, site_server, built_site):
    """The meta tag is enforced: script injected inline (as an XSS would) does not run, an image from elsewhere is not fetched."""
    page = page_factory(width=1280, allow_external=True)  # the blocked image is still reported as requested
    finished, failed = [], []
    page.on("requestfinished", lambda request: finished.append(request.url))
    page.on("requestfailed", lambda request: failed.append((request.url, request.failure or "")))
    page.goto(site_server + _an_activity(built_site), wait_until="load")
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true';
        document.body.appendChild(script);
        const img = document.createElement('img');
        img.setAttribute('src', 'https://evil.example/pixel.png');
        document.body.appendChild(img);
    }""")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__injected === undefined")
    assert not [u for u in finished if "evil.example" in u], finished
    assert [f for u, f in failed if "evil.example" in u and "csp" in f.lower()], failed
