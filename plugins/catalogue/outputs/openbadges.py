"""Open Badges definitions, published next to the human pages at stable URLs.

Pure: from the catalogue and the site's absolute address to `{relative path: bytes}`.

- `badges/<id>/badgeclass.json`: Open Badges 2.0 BadgeClass (JSON-LD, hosted);
- `badges/<id>/achievement.json`: Open Badges 3.0 Achievement;
- `structures/<id>/issuer.json`: Open Badges 2.0 Issuer profile, for each structure that issues a badge.

Badge platforms (Open Badge Factory, Badgr / Canvas Credentials, ...) import a badge from its
BadgeClass URL or from the OB 3.0 Achievement; the criteria page (`badges/<id>/`) is the
human-readable `criteria.id` of both. JSON is deterministic: sorted keys, UTF-8 kept as is,
two-space indentation, trailing newline.
"""

from __future__ import annotations

import json
from typing import Any


from ..content.load import Catalogue
from ..content.model import Alignment, Badge, Structure
from ..content.french import sort_key
from .text import e164
from .schedule import upcoming
from ..settings import network
from .urls import (achievement_path, badge_image_path, badge_url, badgeclass_path, framework_url,
                   issuer_path, structure_logo_path, structure_url)

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
OB3_CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
ACHIEVEMENT_TYPE = "Badge"  # OB 3.0 AchievementType: these badges recognise experience, not a diploma


# Shown to people and written as `targetFramework`: the full name of each framework.
FRAMEWORKS = {
    "ROME": "ROME – Répertoire opérationnel des métiers et des emplois (France Travail)",
    "CléA": "CléA – Certificat de connaissances et de compétences professionnelles",
}
ALIGNMENTS_ANCHOR = "referentiels"  # id of the alignments section of the criteria page


# ---- addresses ----------------------------------------------------------------------------------


def _absolute(site_url: str) -> str:
    site = (site_url or "").rstrip("/")
    if not site.startswith(("https://", "http://")):
        raise ValueError(f"SITE_ABSOLUTE_URL doit être une adresse absolue (https://…), pas « {site_url} »")
    return site


# ---- what the definitions say -------------------------------------------------------------------


def criteria_narrative(badge: Badge) -> str:
    """The criteria as a Markdown list, one « Je sais … » per line."""
    return "\n".join(f"- {criterion}" for criterion in badge.criteria)


def tags(catalogue: Catalogue, badge: Badge) -> list[str]:
    category = catalogue.vocabulary.categories.get(badge.category)
    return [category.name if category else badge.category, network().badge_tag]


def official_url(alignment: Alignment) -> str | None:
    """The framework's own page for this alignment (computed from the code), else the one the editor gave."""
    return framework_url(alignment.framework, alignment.code) or alignment.url


def alignment_target_url(site: str, badge: Badge, alignment: Alignment) -> str:
    """The official page, else the alignments section of the criteria page.

    Both OB 2.0 and OB 3.0 require `targetUrl`; the criteria page shows framework, code and name.
    """
    return official_url(alignment) or f"{site}/{badge_url(badge.id)}#{ALIGNMENTS_ANCHOR}"


def _alignment(site: str, badge: Badge, alignment: Alignment) -> dict[str, Any]:
    entry = {
        "targetName": alignment.name,
        "targetUrl": alignment_target_url(site, badge, alignment),
        "targetFramework": FRAMEWORKS.get(alignment.framework, alignment.framework),
    }
    if alignment.code:
        entry["targetCode"] = alignment.code
    return entry


def issuer_url(site: str, structure: Structure) -> str:
    """The issuer's homepage: its own website, else its page in this catalogue."""
    return structure.website or f"{site}/{structure_url(structure.id)}"


def _document(context: Any, kind: Any, address: str, name: str, description: str, **fields: Any) -> dict[str, Any]:
    """What every definition starts with (its context, type, hosted address, name and description), then the rest."""
    return {"@context": context, "type": kind, "id": address, "name": name, "description": description, **fields}


def _criteria(site: str, badge: Badge) -> dict[str, str]:
    """The badge's page says what earns it: the criteria of both definitions."""
    return {"id": f"{site}/{badge_url(badge.id)}", "narrative": criteria_narrative(badge)}


def issuer_profile(catalogue: Catalogue, structure: Structure, site_url: str) -> dict[str, Any]:
    """OB 2.0 Issuer profile (id, type, name, url and email are required for an issuer)."""
    site = _absolute(site_url)
    profile = _document(OB2_CONTEXT, "Issuer", f"{site}/{issuer_path(structure.id)}", structure.name, structure.summary,
                        url=issuer_url(site, structure))
    contact = structure.contact
    if contact and contact.email:
        profile["email"] = contact.email
    if contact and contact.phone:
        profile["telephone"] = e164(contact.phone)
    if structure.logo:
        profile["image"] = f"{site}/{structure_logo_path(structure)}"
    return profile


def badgeclass(catalogue: Catalogue, badge: Badge, site_url: str) -> dict[str, Any]:
    """OB 2.0 BadgeClass, hosted at its own `id`."""
    site = _absolute(site_url)
    document = _document(OB2_CONTEXT, "BadgeClass", f"{site}/{badgeclass_path(badge.id)}", badge.name, badge.recognises,
                         image=f"{site}/{badge_image_path(badge)}", criteria=_criteria(site, badge),
                         issuer=f"{site}/{issuer_path(badge.issuer)}", tags=tags(catalogue, badge))
    if badge.alignments:
        document["alignment"] = [_alignment(site, badge, a) for a in badge.alignments]
    return document


def achievement(catalogue: Catalogue, badge: Badge, site_url: str) -> dict[str, Any]:
    """OB 3.0 Achievement: what an OpenBadgeCredential's `credentialSubject.achievement` carries."""
    site = _absolute(site_url)
    issuer = catalogue.structures[badge.issuer]
    creator: dict[str, Any] = {
        "id": f"{site}/{issuer_path(issuer.id)}",
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer_url(site, issuer),
    }
    if issuer.contact and issuer.contact.email:
        creator["email"] = issuer.contact.email
    document = _document(list(OB3_CONTEXT), ["Achievement"], f"{site}/{achievement_path(badge.id)}", badge.name,
                         badge.recognises, criteria=_criteria(site, badge),
                         image={"id": f"{site}/{badge_image_path(badge)}", "type": "Image", "caption": badge.name},
                         creator=creator, achievementType=ACHIEVEMENT_TYPE, tag=tags(catalogue, badge), inLanguage="fr")
    if badge.alignments:
        document["alignment"] = [{"type": ["Alignment"], **_alignment(site, badge, a)} for a in badge.alignments]
    return document


def dumps(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def issuing_structures(catalogue: Catalogue) -> list[Structure]:
    return [s for s in catalogue.structures.values() if catalogue.badges_issued_by(s.id)]


def definitions(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    """The writer: every badge's BadgeClass and Achievement, and every issuer's profile."""
    files: dict[str, bytes] = {}
    for badge in catalogue.badges.values():
        files[badgeclass_path(badge.id)] = dumps(badgeclass(catalogue, badge, site_url))
        files[achievement_path(badge.id)] = dumps(achievement(catalogue, badge, site_url))
    for structure in issuing_structures(catalogue):
        files[issuer_path(structure.id)] = dumps(issuer_profile(catalogue, structure, site_url))
    return files


# ---- what the badge pages are given (pages.plan adds these to their context) ----------------------


def index_context(catalogue: Catalogue) -> dict[str, Any]:
    """Badges grouped by category (vocabulary order) and by issuing structure (by name)."""

    by_category = []
    for category_id, term in catalogue.vocabulary.categories.items():
        badges = [b for b in catalogue.badges.values() if b.category == category_id]
        if badges:
            by_category.append((category_id, term, badges))
    by_issuer = [(s, catalogue.badges_issued_by(s.id)) for s in sorted(issuing_structures(catalogue), key=lambda s: sort_key(s.name))]
    return {"badges_by_category": by_category, "badges_by_issuer": by_issuer, "FRAMEWORKS": FRAMEWORKS,
            "coordinator": catalogue.structures.get(network().badge_coordinator)}


NEXT_SESSIONS = 3


def badge_context(catalogue: Catalogue, badge: Badge) -> dict[str, Any]:
    """For the criteria page: who co-built it, its category, the next sessions of each activity."""

    activities = catalogue.activities_leading_to(badge.id)
    return {
        "co_builders": [catalogue.structures[s] for s in badge.co_builders if s in catalogue.structures],
        "category": catalogue.vocabulary.categories.get(badge.category),
        "next_sessions": {
            a.id: [s for s in upcoming(catalogue, catalogue.sessions_of(a.id)) if not s.cancelled][:NEXT_SESSIONS]
            for a in activities
        },
        "alignment_links": [(a, official_url(a)) for a in badge.alignments],
        "image_path": badge_image_path(badge),
        "image_format": badge.image.rsplit(".", 1)[-1].upper(),
        "badgeclass_path": badgeclass_path(badge.id),
        "achievement_path": achievement_path(badge.id),
        "issuer_path": issuer_path(badge.issuer),
        "FRAMEWORKS": FRAMEWORKS,
        "ALIGNMENTS_ANCHOR": ALIGNMENTS_ANCHOR,
    }
