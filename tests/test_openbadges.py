"""Open Badges (issue 5): definitions valid against the published schemas, every URL they hold
served by the built site, criteria pages people can read, and located errors for bad input.

Schemas (tests/data/, no network at test time):
- ob_v3p0_achievementcredential_schema.json: verbatim copy of the 1EdTech published JSON Schema
  (`$id` https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json,
  from the 1EdTech openbadges-specification repository, docs/schema/achievementcredential.json);
  achievement.json is validated against its `$defs/Achievement`.
- ob_v2p0_badgeclass_schema.json, ob_v2p0_issuer_schema.json: 1EdTech publishes no JSON Schema for
  OB 2.0 classes; these are written from the OB 2.0 specification text (see their `$comment`).
"""

from __future__ import annotations

import json
import re
import runpy
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from jsonschema import Draft201909Validator
from referencing import Registry, Resource

from catalogue.outputs import openbadges
from catalogue.outputs import urls
from catalogue.content.load import load, load_catalogue
from fixtures import ACTIVITY, BADGE, STRUCTURE, replace, write_tree

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 11, 25)
SITE = "https://badges.example.org"
OB3_SCHEMA_ID = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"


# ---- schemas ----------------------------------------------------------------------------------


def _schema(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft201909Validator]:
    schemas = [_schema(n) for n in ("ob_v3p0_achievementcredential_schema.json", "ob_v2p0_badgeclass_schema.json", "ob_v2p0_issuer_schema.json")]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    ob3, badgeclass, issuer = schemas
    for schema in schemas:
        Draft201909Validator.check_schema(schema)
    return {
        "achievement": Draft201909Validator({"$ref": f"{OB3_SCHEMA_ID}#/$defs/Achievement"}, registry=registry),
        "badgeclass": Draft201909Validator(badgeclass, registry=registry),
        "issuer": Draft201909Validator(issuer, registry=registry),
    }


def errors(validator, document) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def kind_of(path: str) -> str:
    return {"badgeclass.json": "badgeclass", "achievement.json": "achievement", "issuer.json": "issuer"}[path.rsplit("/", 1)[-1]]


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT, TODAY)


@pytest.fixture(scope="module")
def files(catalogue) -> dict[str, bytes]:
    return openbadges.definitions(catalogue, SITE)


def test_the_schemas_reject_what_the_specifications_forbid(validators):
    assert errors(validators["achievement"], {"id": "x", "type": ["Achievement"], "name": "n", "criteria": {}})  # no description
    assert errors(validators["achievement"], {"id": "x", "type": ["Achievement"], "name": "n", "description": "d", "criteria": {},
                                              "alignment": [{"type": ["Alignment"], "targetName": "t"}]})  # no targetUrl
    assert errors(validators["achievement"], {"id": "x", "type": ["Achievement"], "name": "n", "description": "d", "criteria": {},
                                              "image": {"id": "https://a.example/i.svg"}})  # Image needs its type
    base = {"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass", "id": "https://a.example/b", "name": "n",
            "description": "d", "image": "https://a.example/i.svg", "criteria": {"narrative": "- x"}, "issuer": "https://a.example/i"}
    assert errors(validators["badgeclass"], base) == []
    assert errors(validators["badgeclass"], {**base, "criteria": {}})
    assert errors(validators["badgeclass"], {**base, "type": "Badge"})
    assert errors(validators["badgeclass"], {**base, "alignment": [{"targetName": "t"}]})
    issuer = {"@context": "https://w3id.org/openbadges/v2", "type": "Issuer", "id": "https://a.example/i", "name": "n",
              "url": "https://a.example", "email": "a@a.example"}
    assert errors(validators["issuer"], issuer) == []
    assert errors(validators["issuer"], {k: v for k, v in issuer.items() if k != "email"})


def test_every_definition_is_valid_against_its_schema(files, validators, catalogue):
    issuers = {b.issuer for b in catalogue.badges.values()}
    assert set(files) == (
        {urls.badgeclass_path(b) for b in catalogue.badges} | {urls.achievement_path(b) for b in catalogue.badges}
        | {urls.issuer_path(s) for s in issuers}
    )
    for path, data in files.items():
        problems = errors(validators[kind_of(path)], json.loads(data))
        assert problems == [], f"{path}:\n" + "\n".join(problems)


def test_json_is_deterministic_utf8_sorted_with_final_newline(catalogue, files):
    assert openbadges.definitions(catalogue, SITE) == files
    for path, data in files.items():
        text = data.decode("utf-8")
        assert text.endswith("}\n") and not text.endswith("\n\n"), path
        assert "\\u00" not in text, f"{path}: accents escaped"
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_badgeclass_says_what_platforms_import(catalogue, files):
    badge = catalogue.badges["fabriquer-au-fablab"]
    doc = json.loads(files[urls.badgeclass_path(badge.id)])
    assert doc["@context"] == "https://w3id.org/openbadges/v2" and doc["type"] == "BadgeClass"
    assert doc["id"] == f"{SITE}/badges/fabriquer-au-fablab/badgeclass.json"
    assert doc["name"] == badge.name and doc["description"] == badge.recognises
    assert doc["image"] == f"{SITE}/badges/fabriquer-au-fablab/fabriquer-au-fablab.svg"
    assert doc["criteria"]["id"] == f"{SITE}/badges/fabriquer-au-fablab/"
    assert doc["criteria"]["narrative"].splitlines() == [f"- {c}" for c in badge.criteria]
    assert doc["issuer"] == f"{SITE}/structures/le-dome/issuer.json"
    assert doc["tags"] == ["Fablab", "Territoires Partagés"]
    assert doc["alignment"] == [{
        "targetName": badge.alignments[0].name, "targetCode": "Domaine 7",
        "targetFramework": openbadges.FRAMEWORKS["CléA"],
        "targetUrl": f"{SITE}/badges/fabriquer-au-fablab/#{openbadges.ALIGNMENTS_ANCHOR}",
    }]


def test_achievement_is_open_badges_3(catalogue, files):
    badge = catalogue.badges["preparer-son-entretien"]
    doc = json.loads(files[urls.achievement_path(badge.id)])
    assert doc["@context"] == ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert doc["type"] == ["Achievement"] and doc["achievementType"] == "Badge"
    assert doc["id"] == f"{SITE}/badges/preparer-son-entretien/achievement.json"
    assert doc["image"] == {"id": f"{SITE}/badges/preparer-son-entretien/preparer-son-entretien.svg", "type": "Image", "caption": badge.name}
    assert doc["creator"] == {
        "id": f"{SITE}/structures/cravate-solidaire-caen/issuer.json", "type": ["Profile"], "name": "La Cravate Solidaire Caen",
        "url": "https://lacravatesolidaire.org", "email": catalogue.structures["cravate-solidaire-caen"].contact.email,
    }
    assert doc["criteria"] == {"id": f"{SITE}/badges/preparer-son-entretien/", "narrative": "\n".join(f"- {c}" for c in badge.criteria)}
    assert [a["type"] for a in doc["alignment"]] == [["Alignment"]] * len(badge.alignments)
    assert doc["tag"][0] == catalogue.vocabulary.categories[badge.category].name


def test_issuer_profile_has_what_open_badges_requires(catalogue, files):
    with_site = json.loads(files[urls.issuer_path("le-dome")])
    assert with_site == {
        "@context": "https://w3id.org/openbadges/v2", "type": "Issuer", "id": f"{SITE}/structures/le-dome/issuer.json",
        "name": "Le Dôme", "url": "https://ledome.info", "email": catalogue.structures["le-dome"].contact.email,
        "telephone": "+33261911020", "description": catalogue.structures["le-dome"].summary,
    }
    # No website of its own: its page in the catalogue is its homepage.
    without_site = json.loads(files[urls.issuer_path("cap-sport")])
    assert without_site["url"] == f"{SITE}/structures/cap-sport/"
    assert not any(p.startswith("structures/ansa/") for p in files), "only issuing structures get a profile"


def test_site_address_must_be_absolute(catalogue):
    with pytest.raises(ValueError, match="SITE_ABSOLUTE_URL"):
        openbadges.definitions(catalogue, "")
    assert openbadges.definitions(catalogue, SITE + "/") == openbadges.definitions(catalogue, SITE)


def test_badge_images_name_the_badge(catalogue):
    """Each SVG says the badge's name to screen readers: role="img" and a <title> (the content's SVGs)."""
    svg = "{http://www.w3.org/2000/svg}"
    for badge in catalogue.badges.values():
        assert badge.image.endswith(".svg"), f"{badge.id}: image is not an SVG"
        tree = ET.parse(ROOT / "badges" / badge.image).getroot()
        title = tree.find(f"{svg}title")
        assert tree.get("role") == "img", f"{badge.image}: role=\"img\" missing"
        assert title is not None and title.text == badge.name, f"{badge.image}: <title> is not « {badge.name} »"
        assert tree.get("aria-labelledby") in (None, title.get("id")), f"{badge.image}: aria-labelledby points elsewhere"


# ---- the built site -------------------------------------------------------------------------------


class Node:
    def __init__(self, tag: str, attrs: dict, parent: "Node | None"):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, attrs, parent, [], ""

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs) -> list["Node"]:
        def match(node):
            if tag and node.tag != tag:
                return False
            for key, value in attrs.items():
                key = key.rstrip("_")
                have = node.attrs.get(key) or ""
                if (value not in have.split()) if key == "class" else have != value:
                    return False
            return True
        return [n for n in self.iter() if match(n)]

    def find(self, tag: str | None = None, **attrs) -> "Node":
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}>"
        return found[0]

    def all_text(self) -> str:
        return re.sub(r"\s+", " ", self.text + "".join(c.all_text() + c.tail for c in self.children)).strip()

    tail = ""


class _Builder(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {}, None)
        self.last: Node | None = None

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        self.last = None
        if tag not in self.VOID:
            self.current = node
        else:
            self.last = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.last, self.current = node, node.parent

    def handle_data(self, data):
        if self.last is not None:
            self.last.tail += data
        else:
            self.current.text += data


def parse(path: Path) -> Node:
    builder = _Builder()
    builder.feed(path.read_text(encoding="utf-8"))
    return builder.root


@pytest.fixture(scope="module")
def site_url() -> str:
    """SITE_ABSOLUTE_URL as the `built_site` fixture's build sees it (pelicanconf, environment)."""
    return runpy.run_path(str(ROOT / "pelicanconf.py"))["SITE_ABSOLUTE_URL"].rstrip("/")


def built_definitions(built_site: Path) -> dict[str, dict]:
    found = sorted(built_site.glob("badges/*/*.json")) + sorted(built_site.glob("structures/*/issuer.json"))
    return {p.relative_to(built_site).as_posix(): json.loads(p.read_text(encoding="utf-8")) for p in found}


def strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value


def local_file(built_site: Path, site_url: str, url: str) -> Path:
    """The output file an absolute site URL points to (a folder URL means its index.html)."""
    path = urlsplit(url).path.removeprefix(urlsplit(site_url).path)
    target = built_site / path.lstrip("/")
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def test_built_definitions_are_valid_and_complete(built_site, validators, catalogue):
    documents = built_definitions(built_site)
    assert len([p for p in documents if p.endswith("badgeclass.json")]) == len(catalogue.badges)
    assert len([p for p in documents if p.endswith("achievement.json")]) == len(catalogue.badges)
    assert {p.split("/")[1] for p in documents if p.endswith("issuer.json")} == {b.issuer for b in catalogue.badges.values()}
    for path, doc in documents.items():
        problems = errors(validators[kind_of(path)], doc)
        assert problems == [], f"{path}:\n" + "\n".join(problems)


def test_every_url_into_the_site_resolves_to_a_built_file(built_site, site_url):
    documents = built_definitions(built_site)
    for path, doc in documents.items():
        assert doc["id"] == f"{site_url}/{path}", f"{path}: id is not its own address"
        checked = 0
        for url in strings(doc):
            if not url.startswith(site_url + "/"):
                continue
            target = local_file(built_site, site_url, url)
            assert target.is_file(), f"{path}: {url} -> {target} does not exist"
            fragment = urlsplit(url).fragment
            if fragment:
                assert parse(target).find_all(id=fragment), f"{path}: {url}: no id « {fragment} » in {target}"
            checked += 1
        # id, image, criteria page and issuer (or creator) at least, for a badge
        assert checked >= (1 if path.endswith("issuer.json") else 4), f"{path}: only {checked} site URLs"


def test_criteria_page_shows_the_checklist_and_links_both_definitions(built_site, catalogue):
    for badge in catalogue.badges.values():
        page_file = built_site / "badges" / badge.id / "index.html"
        page = parse(page_file)
        main = page.find("main")
        assert badge.name in main.find("h1").all_text()
        image = main.find("img", class_="badge-image")
        assert (page_file.parent / image.attrs["src"].rsplit("/", 1)[-1]).is_file()
        assert image.attrs.get("alt") == "", "the name is in the heading: the image is decorative here"
        assert main.find("p", class_="lead").all_text() == badge.recognises
        items = [li.all_text().lstrip("☐ ").strip() for li in main.find("ul", class_="checklist").find_all("li")]
        assert items == list(badge.criteria)
        headings = [h.all_text() for h in main.find_all("h2")]
        for expected in ("Les critères", "Comment l'obtenir", "Qui délivre ce badge", "Pour les employeurs", "Pour les plateformes de badges"):
            assert any(h.startswith(expected) for h in headings), f"{badge.id}: no « {expected} » section in {headings}"
        assert badge.for_employers in main.all_text()
        hrefs = {urljoin(f"/badges/{badge.id}/", a.attrs["href"]) for a in main.find_all("a") if "href" in a.attrs}
        for name in ("badgeclass.json", "achievement.json"):
            assert f"/badges/{badge.id}/{name}" in hrefs, f"{badge.id}: no link to {name}"
            assert (page_file.parent / name).is_file()
        assert f"/structures/{badge.issuer}/" in hrefs
        for builder in badge.co_builders:
            assert f"/structures/{builder}/" in hrefs, f"{badge.id}: co-builder {builder} not linked"
        for activity in catalogue.activities_leading_to(badge.id):
            assert f"/activites/{activity.id}/" in hrefs, f"{badge.id}: activity {activity.id} not listed"
        if badge.alignments:
            section = main.find(id=openbadges.ALIGNMENTS_ANCHOR).parent
            text = section.all_text()
            for alignment in badge.alignments:
                assert alignment.name in text and (alignment.code or "") in text


def test_criteria_page_lists_next_sessions(built_site, catalogue):
    badge = next(b for b in catalogue.badges.values() if any(catalogue.sessions_of(a.id) for a in catalogue.activities_leading_to(b.id)))
    page = parse(built_site / "badges" / badge.id / "index.html")
    times = [t.attrs["datetime"] for t in page.find("main").find_all("time")]
    assert times, f"{badge.id}: no next session shown"
    assert times == sorted(times) or len(catalogue.activities_leading_to(badge.id)) > 1


def test_activity_pages_list_the_badges_they_lead_to(built_site, catalogue):
    seen = 0
    for activity in catalogue.activities.values():
        hrefs = {urljoin(f"/activites/{activity.id}/", a.attrs.get("href", ""))
                 for a in parse(built_site / "activites" / activity.id / "index.html").find("main").find_all("a")}
        for badge_id in activity.badges:
            assert f"/badges/{badge_id}/" in hrefs, f"{activity.id}: badge {badge_id} not listed"
            seen += 1
    assert seen


def test_structure_pages_list_the_badges_they_issue(built_site, catalogue):
    for structure in catalogue.structures.values():
        issued = catalogue.badges_issued_by(structure.id)
        hrefs = {urljoin(f"/structures/{structure.id}/", a.attrs.get("href", ""))
                 for a in parse(built_site / "structures" / structure.id / "index.html").find("main").find_all("a")}
        for badge in issued:
            assert f"/badges/{badge.id}/" in hrefs, f"{structure.id}: badge {badge.id} not listed"


def test_badge_index_by_category_and_by_issuer(built_site, catalogue):
    main = parse(built_site / "badges" / "index.html").find("main")
    by_category = main.find("section", **{"aria-labelledby": "par-theme"})
    by_issuer = main.find("section", **{"aria-labelledby": "par-structure"})
    for badge in catalogue.badges.values():
        for section in (by_category, by_issuer):
            assert any(a.attrs.get("href", "").endswith(f"/badges/{badge.id}/") for a in section.find_all("a")), badge.id
    categories = [h.all_text() for h in by_category.find_all("h3")]
    assert categories == [t.name for k, t in catalogue.vocabulary.categories.items() if any(b.category == k for b in catalogue.badges.values())]
    issuers = [h.all_text() for h in by_issuer.find_all("h3")]
    assert sorted(issuers) == sorted(catalogue.structures[s].name for s in {b.issuer for b in catalogue.badges.values()})


# ---- bad input: located content errors, never a crash ---------------------------------------------

ACT = "activities/le-dome/fablab-ouvert.md"
BAD = "badges/fabriquer.md"
NO_TITLE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5"/></svg>'

CASES = {
    # name: (files, file, line, field, fragment of the message)
    "badge from an unknown structure": ({BAD: replace(BADGE, "structure: le-dome", "structure: le-wip")}, BAD, 6, "structure", "structure inconnu(e) « le-wip »"),
    "unknown co-builder": ({BAD: replace(BADGE, "structure: le-dome", "structure: le-dome\nco_construit_avec: [e2c]")}, BAD, 7, "co_construit_avec[0]", "structure inconnu(e) « e2c »"),
    "activity leading to an unknown badge": ({ACT: replace(ACTIVITY, "badges: [fabriquer]", "badges: [cuisiner]")}, ACT, 10, "badges[0]", "badge inconnu(e) « cuisiner »"),
    "badge with empty criteria": ({BAD: replace(BADGE, "criteres:\n  - Je sais allumer une machine.", "criteres: []")}, BAD, 4, "criteres", "ne doit pas être vide"),
    "badge without criteria": ({BAD: replace(BADGE, "criteres:\n  - Je sais allumer une machine.\n", "")}, BAD, 2, "criteres", "champ obligatoire manquant"),
    "blank criterion": ({BAD: replace(BADGE, "  - Je sais allumer une machine.", '  - Je sais allumer une machine.\n  - "  "')}, BAD, 6, "criteres[1]", "ne doit pas être vide"),
    "missing image file": ({"badges/images/fabriquer.svg": None}, BAD, 7, "image", "fichier introuvable « badges/images/fabriquer.svg »"),
    "svg image without title": ({"badges/images/fabriquer.svg": NO_TITLE_SVG}, BAD, 7, "image", "image sans texte accessible"),
    "svg image without role": ({"badges/images/fabriquer.svg": NO_TITLE_SVG.replace(' role="img"', "").replace("<circle", "<title>Fabriquer au fablab</title><circle")}, BAD, 7, "image", 'role="img"'),
    "issuer without public e-mail": ({"structures/le-dome.md": replace(STRUCTURE, "  email: contact@ledome.info\n", "")}, "structures/le-dome.md", 7, "contact.email", "délivre des badges (fabriquer)"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_a_located_content_error(tmp_path, name):
    files, path, line, field, fragment = CASES[name]
    write_tree(tmp_path, "small", files=files)
    catalogue, problems, _ = load(tmp_path, TODAY)
    assert catalogue is None, f"{name}: expected content errors"
    found = [p for p in problems if p.path == path and p.field == field]
    assert found, f"{name}: nothing reported on {path} {field}: {[str(p) for p in problems]}"
    assert any(fragment in p.message for p in found), f"{name}: {[p.message for p in found]}"
    assert any(p.line == line for p in found), f"{name}: lines {[p.line for p in found]}, expected {line}"


def test_image_title_other_than_the_badge_name_is_a_warning(tmp_path):
    write_tree(tmp_path, "small", files={"badges/images/fabriquer.svg": NO_TITLE_SVG.replace("<circle", "<title>Autre chose</title><circle")})
    catalogue, problems, warnings = load(tmp_path, TODAY)
    assert catalogue is not None and problems == []
    about_images = [w for w in warnings if w.field == "image"]
    assert [(w.path, w.line) for w in about_images] == [(BAD, 7)]
    assert "Autre chose" in about_images[0].message and "Fabriquer au fablab" in about_images[0].message


def test_small_catalogue_definitions_are_valid(tmp_path, validators):
    write_tree(tmp_path, "small", files={"badges/images/fabriquer.svg": NO_TITLE_SVG.replace("<circle", "<title>Fabriquer au fablab</title><circle")})
    catalogue, problems, warnings = load(tmp_path, TODAY)
    assert problems == [] and not [w for w in warnings if w.field == "image"]
    files = openbadges.definitions(catalogue, SITE)
    assert sorted(files) == ["badges/fabriquer/achievement.json", "badges/fabriquer/badgeclass.json", "structures/le-dome/issuer.json"]
    for path, data in files.items():
        assert errors(validators[kind_of(path)], json.loads(data)) == [], path
    assert "alignment" not in json.loads(files["badges/fabriquer/badgeclass.json"])
