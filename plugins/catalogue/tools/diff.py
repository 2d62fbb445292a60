"""What calendar subscribers will see change: the sessions of a base git ref against the work tree.

`python -m catalogue diff --base origin/main` (or `make diff BASE=origin/main`):

1. the content of the base ref (structures/, activities/, badges/, vocabulaire.yml) is read
   from git into a temporary folder (history.export_ref): no checkout, no worktree, the
   repository is not touched;
2. both versions are loaded with the real loader, with the same "today";
3. sessions are matched by their calendar UID (activity id + original date and time, which a
   move keeps), restricted to what the feeds carry (their window, when feeds.py is there),
   and sorted into added, moved, cancelled, reinstated and removed, per activity.

The report is French, for a partner or a reviewer: plain text for the terminal, Markdown for
a pull request's comment and a CI job summary. Content errors of the work tree come first,
with file and line.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable

from ..content import history
from ..content.errors import Problem
from ..outputs.ical.feedstates import render_state
from ..content.load import Catalogue, load
from ..sanitise.images import clean_image
from .mdescape import md_code, md_fence, md_text
from ..content.model import Session
from ..content.sessions import PARIS, french_date

CONTENT_PATHS = history.CONTENT_PATHS
MARKER = "<!-- catalogue:resume-des-changements -->"

# kind -> (text symbol, Markdown symbol, singular label, plural label)
KINDS = {
    "ajoutee": ("+", "➕", "ajoutée", "ajoutées"),
    "deplacee": ("~", "🔁", "déplacée", "déplacées"),
    "annulee": ("×", "❌", "annulée", "annulées"),
    "retablie": ("↺", "✅", "rétablie", "rétablies"),
    "modifiee": ("✎", "✏️", "modifiée", "modifiées"),
    "retiree": ("−", "➖", "retirée", "retirées"),
}


class DiffError(Exception):
    """A French message for a diff that cannot be computed (unknown ref, not a git repository…)."""


@dataclass(frozen=True)
class SessionChange:
    kind: str
    activity: str
    before: Session | None
    after: Session | None

    @property
    def session(self) -> Session:
        return self.after or self.before  # type: ignore[return-value]


@dataclass
class Summary:
    base: str
    today: date
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    base_errors: list[Problem] = field(default_factory=list)
    changes: list[SessionChange] = field(default_factory=list)
    past_removed: int = 0
    titles: dict[str, str] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    new_activities: set[str] = field(default_factory=set)
    gone_activities: set[str] = field(default_factory=set)
    renamed: dict[str, tuple[str, str]] = field(default_factory=dict)
    hints: list[str] = field(default_factory=list)

    @property
    def computed(self) -> bool:
        return not self.errors and not self.base_errors

    def counts(self) -> dict[str, int]:
        return {kind: sum(1 for c in self.changes if c.kind == kind) for kind in KINDS}


# ---- the base version, read from git --------------------------------------------------------------


def export_ref(root: Path, ref: str, destination: Path) -> None:
    """Write the content files of `ref` into `destination` (nothing else touched)."""
    try:
        history.export_ref(root, ref, destination)
    except history.HistoryError as exc:
        raise DiffError(str(exc)) from None


# ---- comparison -------------------------------------------------------------------------------------


def _window(sessions: Iterable[Session], today: date) -> set[str]:
    """UIDs of the sessions the calendar feeds carry (all of them when there are no feeds)."""
    try:
        from ..outputs.ical.feedlist import in_window
    except ImportError:
        return {s.uid for s in sessions}
    return {s.uid for s in in_window(sessions, today)}


def _day(session: Session) -> date:
    return session.start.astimezone(PARIS).date()


def compare(base: Catalogue, head: Catalogue, today: date) -> tuple[list[SessionChange], int]:
    """(changes sorted by activity then date, number of past sessions merely removed from the files).

    A session whose time, place and status stay but whose event text changes (its title, its
    structure's name, a category renamed in the vocabulary...) is "modifiée": subscribers get
    the new text too."""
    before = {s.uid: s for s in base.sessions}
    after = {s.uid: s for s in head.sessions}
    old_events, _ = render_state(base, "")
    new_events, _ = render_state(head, "")
    shown = _window(base.sessions, today) | _window(head.sessions, today)
    changes: list[SessionChange] = []
    past_removed = 0
    for uid in sorted(shown):
        old, new = before.get(uid), after.get(uid)
        if old is None and new is not None:
            changes.append(SessionChange("ajoutee", new.activity, None, new))
        elif new is None and old is not None:
            if _day(old) < today:
                past_removed += 1
            else:
                changes.append(SessionChange("retiree", old.activity, old, None))
        elif old is not None and new is not None:
            if new.cancelled and not old.cancelled:
                changes.append(SessionChange("annulee", new.activity, old, new))
            elif old.cancelled and not new.cancelled:
                changes.append(SessionChange("retablie", new.activity, old, new))
            elif (old.start, old.end, old.place) != (new.start, new.end, new.place):
                changes.append(SessionChange("deplacee", new.activity, old, new))
            elif uid in old_events and uid in new_events and old_events[uid].digest != new_events[uid].digest:
                changes.append(SessionChange("modifiee", new.activity, old, new))
    changes.sort(key=lambda c: (c.activity, c.session.start, list(KINDS).index(c.kind)))
    return changes, past_removed


def summarise(root: Path, base_ref: str, today: date) -> Summary:
    """Load the work tree and the base ref, and compare them."""
    root = Path(root)
    head, errors, warnings = load(root, today, clean_image)
    summary = Summary(base=base_ref, today=today, errors=list(errors), warnings=list(warnings))
    with tempfile.TemporaryDirectory(prefix="catalogue-base-") as folder:
        export_ref(root, base_ref, Path(folder))
        base, base_errors, _ = load(Path(folder), today, clean_image)
    if base is None:
        summary.base_errors = list(base_errors) or [Problem("vocabulaire.yml", 0, "", "la version de base ne contient pas de catalogue")]
    if head is None or base is None:
        return summary
    summary.changes, summary.past_removed = compare(base, head, today)
    for catalogue in (base, head):
        for aid, activity in catalogue.activities.items():
            summary.titles[aid] = activity.title
            summary.paths[aid] = catalogue.sources.get(f"activity:{aid}", f"activities/{activity.structure}/{aid}.md")
        for pid, place in catalogue.places.items():
            commune = catalogue.vocabulary.commune(place.commune)
            summary.places[pid] = f"{place.name} ({commune[1].name})" if commune else place.name
    summary.new_activities = set(head.activities) - set(base.activities)
    summary.gone_activities = set(base.activities) - set(head.activities)
    summary.renamed = {aid: (base.activities[aid].title, a.title) for aid, a in head.activities.items()
                       if aid in base.activities and base.activities[aid].title != a.title}
    summary.hints = hints(summary)
    return summary


def hints(summary: Summary) -> list[str]:
    """What a partner should do instead, when a change will look worse to subscribers than intended."""
    found = []
    by_activity: dict[str, set[str]] = {}
    for change in summary.changes:
        by_activity.setdefault(change.activity, set()).add(change.kind)
    for aid, kinds in sorted(by_activity.items()):
        path = summary.paths.get(aid, aid)
        if aid in summary.gone_activities:
            removed = sum(1 for c in summary.changes if c.activity == aid and c.kind == "retiree")
            found.append(f"{path} est supprimé alors qu'il a {removed} séance(s) à venir : les abonnés les verront annulées. "
                         "Pour arrêter l'activité, gardez plutôt le fichier et ajoutez « arret: » avec la date et le motif "
                         "(voir « Arrêter une activité » dans CONTRIBUTING.md).")
        elif {"ajoutee", "retiree"} <= kinds:
            found.append(f"{path} : des séances sont retirées et d'autres ajoutées. Si c'est la même séance à une autre date, "
                         "remettez la date d'origine et ajoutez « changement: » avec la nouvelle date : les abonnés verront "
                         "la séance déplacée, au lieu d'une séance supprimée et d'une nouvelle.")
    return found


# ---- reports --------------------------------------------------------------------------------------------


def _when(session: Session) -> str:
    start, end = session.start.astimezone(PARIS), session.end.astimezone(PARIS)
    return f"{french_date(start.date())}, {start:%H:%M}–{end:%H:%M}"


def describe(change: SessionChange, summary: Summary, markdown: bool = False) -> str:
    """One line: what the subscriber sees for this session (partners' words escaped for Markdown)."""
    quote = md_text if markdown else str
    place = lambda s: quote(summary.places.get(s.place, s.place))  # noqa: E731
    session = change.session
    text = f"{_when(session)}, {place(session)}"
    if change.kind == "deplacee" and change.before and change.after:
        old, new = change.before, change.after
        old_text = _when(old) + (f", {place(old)}" if old.place != new.place else "")
        new_text = _when(new) + (f", {place(new)}" if old.place != new.place else f", {place(new)} (même lieu)")
        text = f"~~{old_text}~~ → {new_text}" if markdown else f"{old_text} → {new_text}"
        if new.change_reason:
            text += f" (motif : {quote(new.change_reason)})"
    elif change.kind == "annulee" and session.cancel_reason:
        text += f" (motif : {quote(session.cancel_reason)})"
    elif change.kind == "ajoutee" and session.cancelled:
        text += ", déjà annulée" + (f" (motif : {quote(session.cancel_reason)})" if session.cancel_reason else "")
    if change.kind == "ajoutee" and _day(session) < summary.today:
        text += " — attention : date déjà passée, vérifiez-la (l'année ?)"
    if change.after is not None and change.after.line:
        text += f" (ligne {change.after.line})"
    return text


def _total(summary: Summary) -> str:
    counts = summary.counts()
    parts = [f"{n} {KINDS[k][2] if n <= 1 else KINDS[k][3]}" for k, n in counts.items()]
    return "En tout : " + ", ".join(parts) + " (séances)."


def _grouped(summary: Summary) -> dict[str, list[SessionChange]]:
    groups: dict[str, list[SessionChange]] = {}
    for change in summary.changes:
        groups.setdefault(change.activity, []).append(change)
    for aid in summary.renamed:
        groups.setdefault(aid, [])
    return dict(sorted(groups.items(), key=lambda item: summary.paths.get(item[0], item[0])))


def _listed(changes: list[SessionChange]) -> list[SessionChange]:
    return [c for c in changes if c.kind != "modifiee"]


def _edited(changes: list[SessionChange]) -> str:
    """One line for the sessions whose only change is their text: often all of an activity's."""
    edited = [c.session for c in changes if c.kind == "modifiee"]
    if not edited:
        return ""
    if len(edited) == 1:
        return f"1 séance modifiée (titre, lieu ou texte), le {_when(edited[0])}"
    return (f"{len(edited)} séances modifiées (titre, lieu ou texte), du {french_date(_day(edited[0]))} "
            f"au {french_date(_day(edited[-1]))}")


def _activity_note(aid: str, summary: Summary, markdown: bool = False) -> str:
    if aid in summary.new_activities:
        return "nouvelle activité"
    if aid in summary.gone_activities:
        return "activité retirée du catalogue"
    if aid in summary.renamed:
        quote = md_text if markdown else str
        old, new = summary.renamed[aid]
        return f"titre changé : « {quote(old)} » → « {quote(new)} »"
    return ""


def _activities(summary: Summary, markdown: bool = False) -> list[tuple[str, str, list[SessionChange], str]]:
    """Each activity whose sessions change, for both renderings: (its id, its note, the changes said one by
    one, the line that gathers its edited sessions)."""
    return [(aid, _activity_note(aid, summary, markdown), _listed(changes), _edited(changes))
            for aid, changes in _grouped(summary).items()]


def _text_activity(summary: Summary, aid: str, note: str, listed: list[SessionChange], edited: str) -> list[str]:
    lines = ["", f"{summary.titles.get(aid, aid)} — {summary.paths.get(aid, aid)}" + (f" ({note})" if note else "")]
    for change in listed:
        symbol, _, label, _ = KINDS[change.kind]
        lines.append(f"  {symbol} {label:<9} {describe(change, summary)}")
    return lines + ([f"  {KINDS['modifiee'][0]} {edited}"] if edited else [])


def _markdown_activity(summary: Summary, aid: str, note: str, listed: list[SessionChange], edited: str) -> list[str]:
    title = f"**{md_text(summary.titles.get(aid, aid))}** ({md_code(summary.paths.get(aid, aid))})"
    lines = [title + (f" — {note}" if note else ""), ""]
    for change in listed:
        _, symbol, label, _ = KINDS[change.kind]
        lines.append(f"- {symbol} **{label}** : {describe(change, summary, markdown=True)}")
    return lines + ([f"- {KINDS['modifiee'][1]} {edited}"] if edited else []) + [""]


def render_text(summary: Summary) -> str:
    lines = [f"Catalogue : comparaison avec « {summary.base} » (date de référence : {french_date(summary.today)})", ""]
    if summary.errors:
        files = len({p.path for p in summary.errors})
        lines.append(f"{len(summary.errors)} erreur(s) de contenu dans {files} fichier(s), à corriger :")
        lines += [f"  {p}" for p in summary.errors]
        lines.append("")
    if summary.warnings:
        lines.append(f"{len(summary.warnings)} point(s) d'attention (pas bloquants) :")
        lines += [f"  {p}" for p in summary.warnings]
        lines.append("")
    if summary.base_errors:
        lines.append(f"La version de base « {summary.base} » contient des erreurs : comparaison des séances impossible.")
        lines += [f"  {p}" for p in summary.base_errors[:10]]
        lines.append("")
    if not summary.computed:
        if summary.errors:
            lines.append("Les changements vus par les abonnés aux calendriers seront calculés une fois les erreurs corrigées.")
        return "\n".join(lines).rstrip() + "\n"
    lines.append("Ce que verront les abonnés aux calendriers :")
    activities = _activities(summary)
    if not activities:
        lines.append("  aucun changement de séance.")
    for activity in activities:
        lines += _text_activity(summary, *activity)
    lines.append("")
    lines.append(_total(summary))
    if summary.past_removed:
        lines.append(f"Et {summary.past_removed} séance(s) déjà passée(s) retirée(s) des fichiers, sans effet pour les abonnés.")
    if summary.hints:
        lines += ["", "Conseils :"] + [f"  ! {hint}" for hint in summary.hints]
    return "\n".join(lines).rstrip() + "\n"


def _one_line(problem: Problem) -> str:
    """A problem on one line of a code block (a line break in a quoted value would start a new one)."""
    return " ".join(str(problem).split())


def render_markdown(summary: Summary) -> str:
    """The summary for a pull request: every value a partner wrote is escaped (mdescape), so that it
    reads as text and can hide nothing after it."""
    lines = [MARKER, "## Catalogue : résumé de la modification", "",
             f"Comparaison avec {md_code(summary.base)} ; date de référence : {french_date(summary.today)}.", ""]
    if summary.errors:
        files = len({p.path for p in summary.errors})
        lines += [f"### ⛔ {len(summary.errors)} erreur(s) de contenu dans {files} fichier(s)", "",
                  "Corrigez ces lignes (fichier:ligne: champ: message) ; le guide CONTRIBUTING.md explique chaque message.", ""]
        lines += md_fence([_one_line(p) for p in summary.errors]) + [""]
    if summary.warnings:
        lines += [f"<details><summary>⚠️ {len(summary.warnings)} point(s) d'attention (pas bloquants)</summary>", ""]
        lines += md_fence([_one_line(p) for p in summary.warnings]) + ["", "</details>", ""]
    if summary.base_errors:
        lines += [f"La version de base {md_code(summary.base)} contient des erreurs : comparaison des séances impossible.", ""]
    if not summary.computed:
        if summary.errors:
            lines.append("Les changements vus par les abonnés aux calendriers seront calculés une fois les erreurs corrigées.")
        return "\n".join(lines).rstrip() + "\n"
    lines += ["### 📅 Ce que verront les abonnés aux calendriers", ""]
    activities = _activities(summary, markdown=True)
    if not activities:
        lines.append("Aucun changement de séance.")
    for activity in activities:
        lines += _markdown_activity(summary, *activity)
    lines.append(_total(summary))
    if summary.past_removed:
        lines.append("")
        lines.append(f"Et {summary.past_removed} séance(s) déjà passée(s) retirée(s) des fichiers, sans effet pour les abonnés.")
    if summary.hints:
        lines += ["", "### 💡 Conseils", ""] + [f"- {hint}" for hint in summary.hints]
    return "\n".join(lines).rstrip() + "\n"
