"""Cross-references between the indexed files: ids that must exist, vocabulary terms, who issues badges."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from .discover import Collector
from .errors import Loc, Problem, did_you_mean, format_loc
from .french import after_fr, article_is_ambiguous
from .frontmatter import ParsedFile
from .imagechecks import ImageCleaner, check_file, check_svg_label
from .index import Index
from .model import Activity, OneOffSession, Place, Series, Session, Structure, Vocabulary


def _ref(c: Collector, path: str, parsed: ParsedFile, loc: Loc, value: str, known, what: str, advice: str = "") -> None:
    if value not in known:
        c.add(path, parsed.line_of(loc), loc, f"{what} inconnu(e) « {value} ».{did_you_mean(value, known)}{advice}")


def _structure_list(c: Collector, path: str, parsed: ParsedFile, field: str, names, taken, known, taken_message: str) -> None:
    """A list of further structures (co_organisateurs, partenaires): each known, none twice, none of `taken`
    (`taken_message` says why, with `{name}`)."""
    for index, name in enumerate(names):
        loc = (field, index)
        if name in taken:
            c.add(path, parsed.line_of(loc), loc, taken_message.format(name=name))
        elif name in names[:index]:
            c.add(path, parsed.line_of(loc), loc, f"« {name} » est écrit deux fois dans {field} : gardez-en un")
        else:
            _ref(c, path, parsed, loc, name, known, "structure")


def vocabulary_advice(structures: Mapping[str, Structure], known, one: str = "un") -> str:
    """The allowed values, and who adds a new one: the coordinating structures, with their public contact."""
    coordinators = [s for s in sorted(structures.values(), key=lambda s: s.id) if s.role == "coordinateur"]
    who = " ou ".join(s.name + (f" ({s.contact.email})" if s.contact and s.contact.email else
                                f" ({s.contact.phone})" if s.contact and s.contact.phone else "") for s in coordinators)
    ask = (f" Pour en ajouter {one}, demandez à l'équipe de coordination : {who}." if who else
           f" Pour en ajouter {one}, demandez à l'équipe de coordination du programme.")
    return f" Valeurs possibles : {', '.join(sorted(known))}.{ask}"


def check_structures(c: Collector, found: Index, vocabulary: Vocabulary | None, clean: ImageCleaner) -> dict[str, str]:
    """Articles, logos, place ids unique across structures, communes and priority areas; the place -> structure map."""
    places: dict[str, str] = {}
    for sid, structure in found.structures.items():
        rel, data = found.parsed[("structure", sid)]
        c.warnings += article_warnings(rel, data, (), structure)
        if structure.logo:
            check_file(c, clean, rel, data.line_of(("logo",)), ("logo",), "structures", structure.logo)
        for index, place in enumerate(structure.places):
            loc = ("lieux", index)
            c.warnings += article_warnings(rel, data, loc, place)
            if place.id in places:
                c.add(rel, data.line_of(loc + ("id",)), loc + ("id",), f"identifiant de lieu en double « {place.id} » : déjà utilisé par la structure {places[place.id]}")
            places[place.id] = sid
            if vocabulary:
                found_commune = vocabulary.commune(place.commune)
                if found_commune is None:
                    _ref(c, rel, data, loc + ("commune",), place.commune, vocabulary.commune_ids, "commune")
                elif place.priority_area and place.priority_area not in found_commune[1].priority_areas:
                    _ref(c, rel, data, loc + ("quartier",), place.priority_area, found_commune[1].priority_areas,
                         f"quartier prioritaire de {found_commune[1].name}")
    return places


def check_activities(c: Collector, found: Index, vocabulary: Vocabulary | None, places: Mapping[str, str]) -> list[Session]:
    """Folder, structure, places, co-organisers, terms and badges of each activity; its sessions, in file order."""
    sessions: list[Session] = []
    structure_ids, badge_ids = found.ids("structure"), found.ids("badge")
    for aid, activity in found.activities.items():
        rel, data = found.parsed[("activity", aid)]
        folder = Path(rel).parent.name
        if activity.structure != folder:
            c.add(rel, data.line_of(("structure",)), "structure",
                  f"« {activity.structure} » ne correspond pas au dossier « {folder} » : l'activité doit être dans activities/{activity.structure}/ ou indiquer structure: {folder}")
        else:
            _ref(c, rel, data, ("structure",), activity.structure, structure_ids, "structure")
        _ref(c, rel, data, ("lieu",), activity.place, places, "lieu")
        _structure_list(c, rel, data, "co_organisateurs", activity.co_organisers, (activity.structure,), structure_ids,
                        "« {name} » est déjà la structure principale (structure: {name}) : "
                        "retirez-la de co_organisateurs, qui nomme seulement les autres structures")
        _structure_list(c, rel, data, "partenaires", activity.partners, activity.organisers, structure_ids,
                        "« {name} » organise déjà l'activité : retirez-la de partenaires, "
                        "qui nomme les structures qui y participent sans l'organiser")
        if vocabulary:
            for index, category in enumerate(activity.categories):
                _ref(c, rel, data, ("categories", index), category, vocabulary.categories, "catégorie",
                     vocabulary_advice(found.structures, vocabulary.categories, "une"))
            for index, audience in enumerate(activity.audiences):
                _ref(c, rel, data, ("publics", index), audience, vocabulary.audiences, "public",
                     vocabulary_advice(found.structures, vocabulary.audiences))
            c.warnings += mixed_condition_warnings(rel, data, activity, vocabulary)
        for index, badge in enumerate(activity.badges):
            _ref(c, rel, data, ("badges", index), badge, badge_ids, "badge")
        for index, entry in enumerate(activity.sessions):
            refs = [(("lieu",), entry.place)]
            if isinstance(entry, OneOffSession) and entry.change:
                refs.append((("changement", "lieu"), entry.change.place))
            if isinstance(entry, Series):
                refs += [(("changements", i, "lieu"), change.place) for i, change in enumerate(entry.changes)]
            for sub, value in refs:
                if value:
                    _ref(c, rel, data, ("seances", index) + sub, value, places, "lieu")
        sessions += found.sessions[aid]
    return sessions


def check_badges(c: Collector, found: Index, vocabulary: Vocabulary | None, clean: ImageCleaner) -> None:
    """Issuer and co-builders exist, the category is a term, the image is publishable and labelled, the issuer has an e-mail."""
    structure_ids = found.ids("structure")
    unreachable_issuers: dict[str, list[str]] = {}
    for bid, badge in found.badges.items():
        rel, data = found.parsed[("badge", bid)]
        _ref(c, rel, data, ("structure",), badge.issuer, structure_ids, "structure")
        for index, builder in enumerate(badge.co_builders):
            _ref(c, rel, data, ("co_construit_avec", index), builder, structure_ids, "structure")
        if vocabulary:
            _ref(c, rel, data, ("categorie",), badge.category, vocabulary.categories, "catégorie",
                 vocabulary_advice(found.structures, vocabulary.categories, "une"))
        check_file(c, clean, rel, data.line_of(("image",)), ("image",), "badges", badge.image)
        check_svg_label(c, clean, rel, data.line_of(("image",)), ("image",), "badges", badge.image, badge.name)
        issuer = found.structures.get(badge.issuer)
        if issuer is not None and not (issuer.contact and issuer.contact.email):
            unreachable_issuers.setdefault(badge.issuer, []).append(bid)
    for sid, issued in sorted(unreachable_issuers.items()):
        rel, data = found.parsed[("structure", sid)]
        c.add(rel, data.line_of(("contact", "email")), ("contact", "email"),
              f"adresse e-mail publique manquante : cette structure délivre des badges ({', '.join(issued)}) "
              "et Open Badges exige un e-mail de contact pour l'émetteur (contact: email: …)")


def mixed_condition_warnings(rel: str, data: ParsedFile, activity: Activity, vocabulary: Vocabulary) -> list[Problem]:
    """A reserved public (« réservé aux femmes ») next to an open one: publics add up, so the page cannot say it is reserved."""
    known = [(i, a, vocabulary.audiences[a]) for i, a in enumerate(activity.audiences) if a in vocabulary.audiences]
    reserved = [(i, a, t) for i, a, t in known if t.condition]
    open_ = [a for _, a, t in known if not t.condition]
    if not reserved or not open_:
        return []
    index, audience, term = reserved[0]
    return [Problem(rel, data.line_of(("publics", index)), format_loc(("publics", index)), (
        f"« {audience} » pose une condition ({term.condition}) mais {', '.join(f'« {a} »' for a in open_)} non : les publics "
        f"s'additionnent, la page ne dira donc pas « {term.condition} » ; si l'activité a cette condition, gardez seulement "
        "les publics qui en ont une"), "attention")]


def article_warnings(rel: str, data: ParsedFile, loc: Loc, thing: Place | Structure) -> list[Problem]:
    """A name that opens with a common noun and no article: « à Café des images » or « au Café des images » ?"""
    if not article_is_ambiguous(thing.name, thing.article):
        return []
    line = data.line_of(loc + ("nom",))
    return [Problem(rel, line, format_loc(loc + ("article",)), (
        f"comment dire « à {thing.name} » ? Ajoutez sous le nom article: le (« {after_fr('à', thing.name, 'le')} »), "
        f"article: la (« {after_fr('à', thing.name, 'la')} »), les, l' ou aucun (« {after_fr('à', thing.name, 'aucun')} »)"), "attention")]
