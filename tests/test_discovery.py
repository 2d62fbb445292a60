"""Structured data and discovery, read back from the built site: schema.org JSON-LD parsed by rdflib
and every type, property and enumeration value checked against rdflib's bundled schema.org
vocabulary (rdflib.namespace.SDO, no network), sitemap and Atom parsed with xml.etree, Open Graph."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib import namespace as rdf_namespace

from conftest import REPO_ROOT, catalogue_env

SCHEMA = "https://schema.org/"
SDO = Namespace(SCHEMA)
VOCABULARY = set(rdf_namespace.SDO.__annotations__)  # rdflib's bundled schema.org: every class, property, enumeration member
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class Head(HTMLParser):
    """The JSON-LD blocks and the meta tags of a page."""

    def __init__(self, text: str):
        super().__init__()
        self.blocks: list[str] = []
        self.meta: dict[str, str] = {}
        self._in_ld = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.blocks.append("")
        elif tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content") or ""

    def handle_endtag(self, tag):
        self._in_ld = self._in_ld and tag != "script"

    def handle_data(self, data):
        if self._in_ld:
            self.blocks[-1] += data


def graph_of(block: str) -> Graph:
    """The JSON-LD as RDF, schema.org's remote context swapped for the same @vocab (no network)."""
    data = json.loads(block)
    for item in data if isinstance(data, list) else [data]:
        assert item.pop("@context") == "https://schema.org"
        item["@context"] = {"@vocab": SCHEMA}
    return Graph().parse(data=json.dumps(data), format="json-ld")


def unknown_terms(graph: Graph) -> set[str]:
    terms = set()
    for _, predicate, value in graph:
        terms.add(str(predicate))
        if predicate == RDF.type or (isinstance(value, URIRef) and str(value).startswith(SCHEMA)):
            if str(value).startswith(SCHEMA) or predicate == RDF.type:
                terms.add(str(value))
    return {t for t in terms if t != str(RDF.type) and not (t.startswith(SCHEMA) and t[len(SCHEMA):] in VOCABULARY)
            and not t.startswith("https://territoires-partages")}


def _pages(site: Path, folder: str) -> list[Path]:
    return sorted((site / folder).glob("*/index.html"))


def test_every_activity_page_describes_its_upcoming_sessions_in_schema_org(built_site):
    statuses, seen_offer, seen_capacity, problems = set(), False, False, []
    for page in _pages(built_site, "activites"):
        head = Head(page.read_text(encoding="utf-8"))
        for block in head.blocks:
            graph = graph_of(block)
            problems += [f"{page.parent.name}: {t}" for t in unknown_terms(graph)]
            for event in graph.subjects(RDF.type, SDO.Event):
                for needed in (SDO.name, SDO.startDate, SDO.endDate, SDO.eventStatus, SDO.eventAttendanceMode, SDO.location,
                               SDO.organizer, SDO.isAccessibleForFree, SDO.url):
                    if graph.value(event, needed) is None:
                        problems.append(f"{page.parent.name}: an Event without {needed}")
                statuses.add(str(graph.value(event, SDO.eventStatus)))
                seen_offer |= graph.value(event, SDO.offers) is not None
                seen_capacity |= graph.value(event, SDO.maximumAttendeeCapacity) is not None
                location = graph.value(event, SDO.location)
                address = graph.value(location, SDO.address)
                if graph.value(address, SDO.postalCode) is None or graph.value(address, SDO.addressLocality) is None:
                    problems.append(f"{page.parent.name}: a location without its postal address")
    assert not problems, "\n".join(sorted(set(problems))[:30])
    assert {SCHEMA + "EventScheduled", SCHEMA + "EventCancelled"} <= statuses, statuses
    assert seen_offer and seen_capacity


def test_structure_and_badge_pages_carry_an_organization_and_a_credential(built_site):
    for folder, kind in (("structures", SDO.Organization), ("badges", SDO.EducationalOccupationalCredential)):
        pages = _pages(built_site, folder)
        assert pages
        for page in pages:
            blocks = Head(page.read_text(encoding="utf-8")).blocks
            assert len(blocks) == 1, page
            graph = graph_of(blocks[0])
            assert not unknown_terms(graph), (page, unknown_terms(graph))
            subject = graph.value(predicate=RDF.type, object=kind)
            assert subject is not None and graph.value(subject, SDO.name) is not None, page
            assert str(graph.value(subject, SDO.url)).endswith(f"/{folder}/{page.parent.name}/")


def test_the_vocabulary_check_catches_a_made_up_property():
    graph = graph_of(json.dumps({"@context": "https://schema.org", "@type": "Event", "startTime2": "x"}))
    assert unknown_terms(graph) == {SCHEMA + "startTime2"}


def test_partner_text_cannot_close_the_json_ld_block():
    from catalogue.outputs.jsonld import script

    html = str(script({"@context": "https://schema.org", "@type": "Organization", "name": "A </script><script>alert(1)</script> & B"}))
    head = Head(f"<head>{html}</head>")
    assert html.count("</script>") == 1 and "<script>alert" not in html
    assert json.loads(head.blocks[0])["name"] == "A </script><script>alert(1)</script> & B"


def test_every_page_has_description_and_open_graph(built_site):
    problems = []
    for page in sorted(built_site.rglob("*.html")):
        relative = page.relative_to(built_site).as_posix()
        if relative.startswith(("admin/", "integrer/")):
            continue
        meta = Head(page.read_text(encoding="utf-8")).meta
        for name in ("description", "og:title", "og:description", "og:url", "og:type", "og:locale"):
            if not meta.get(name, "").strip():
                problems.append(f"{relative}: {name}")
        if relative.endswith("index.html") and not meta.get("og:url", "").endswith("/" + relative.removesuffix("index.html")):
            problems.append(f"{relative}: og:url {meta.get('og:url')}")
    assert not problems, "\n".join(problems[:20])


def test_sitemap_lists_every_public_page_by_absolute_address_and_robots_points_to_it(built_site):
    root = ET.parse(built_site / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    locations = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert len(locations) == len(set(locations))
    base = "https://territoires-partages.example.org/"
    assert all(loc.startswith(base) for loc in locations)
    pages = {p.relative_to(built_site).as_posix().removesuffix("index.html") for p in built_site.rglob("index.html")}
    public = {p for p in pages if not p.startswith(("admin/", "integrer/"))}
    assert {loc[len(base):] for loc in locations} == public
    robots = (built_site / "robots.txt").read_text(encoding="utf-8")
    assert re.search(r"^Sitemap: https://territoires-partages\.example\.org/sitemap\.xml$", robots, re.M)
    assert "User-agent: *" in robots


def test_atom_feed_lists_activities_with_dates_from_history_not_the_clock(built_site):
    root = ET.parse(built_site / "nouveautes.atom").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    activities = _pages(built_site, "activites")
    assert len(entries) == min(50, len(activities))
    log = subprocess.run(["git", "log", "--first-parent", "--format=%ct", "--", "activities"], cwd=REPO_ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    commits = {int(epoch) for epoch in log}
    updated = []
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert (built_site / link.split("example.org/", 1)[1] / "index.html").is_file(), link
        published = datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
        changed = datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        assert published <= changed and int(changed.timestamp()) in commits and int(published.timestamp()) in commits
        updated.append(changed)
    assert updated == sorted(updated, reverse=True)
    assert datetime.fromisoformat(root.findtext(f"{ATOM}updated")) == updated[0]


def test_discovery_files_and_widgets_are_deterministic(built_site, tmp_path):
    again = tmp_path / "again"
    result = subprocess.run([sys.executable, "-m", "catalogue", "build", "--output", str(again)], cwd=REPO_ROOT,
                            env=catalogue_env(), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    for name in ("sitemap.xml", "robots.txt", "nouveautes.atom"):
        assert (again / name).read_bytes() == (built_site / name).read_bytes(), name
    for page in [*built_site.glob("integrer/*/*/index.html"), *_pages(built_site, "activites")]:
        relative = page.relative_to(built_site)
        assert (again / relative).read_bytes() == page.read_bytes(), relative


@pytest.mark.parametrize("kind", ["structure", "territoire", "commune", "categorie"])
def test_a_widget_per_structure_territory_commune_and_category_is_light_with_a_link_back(built_site, kind):
    widgets = sorted(built_site.glob(f"integrer/{kind}/*/index.html"))
    assert widgets
    css = (built_site / "theme" / "css" / "widget.css").stat().st_size
    for page in widgets:
        text = page.read_text(encoding="utf-8")
        assert page.stat().st_size + css < 15_000, page
        assert 'name="robots" content="noindex"' in text and "<script" not in text
        assert "Toutes les activités sur Territoires Partagés" in text
