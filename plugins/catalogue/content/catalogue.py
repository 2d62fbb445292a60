"""The one frozen Catalogue every writer reads: validated, cross-referenced, sorted."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .errors import Problem
from .freepages import FreePage
from .model import Activity, Badge, Place, Session, Structure, Vocabulary


@dataclass(frozen=True)
class Catalogue:
    """Everything the writers need, validated and cross-referenced."""

    root: Path
    today: date
    vocabulary: Vocabulary
    structures: Mapping[str, Structure]
    activities: Mapping[str, Activity]
    badges: Mapping[str, Badge]
    sessions: tuple[Session, ...]
    sources: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()
    free_pages: tuple[FreePage, ...] = ()  # content/pages/, checked and rendered like the rest

    @cached_property
    def places(self) -> Mapping[str, Place]:
        return MappingProxyType({p.id: p for s in self.structures.values() for p in s.places})

    @cached_property
    def place_owner(self) -> Mapping[str, str]:
        return MappingProxyType({p.id: s.id for s in self.structures.values() for p in s.places})

    @cached_property
    def _sessions_by_activity(self) -> Mapping[str, tuple[Session, ...]]:
        grouped: dict[str, list[Session]] = defaultdict(list)
        for session in self.sessions:
            grouped[session.activity].append(session)
        return {key: tuple(value) for key, value in grouped.items()}

    def sessions_of(self, activity_id: str) -> tuple[Session, ...]:
        return self._sessions_by_activity.get(activity_id, ())

    def activities_of(self, structure_id: str) -> list[Activity]:
        """The activities a structure leads or co-organises, each once."""
        return [a for a in self.activities.values() if structure_id in a.organisers]

    def badges_co_built_with(self, structure_id: str) -> list[Badge]:
        return [b for b in self.badges.values() if structure_id in b.co_builders and b.issuer != structure_id]

    def activities_leading_to(self, badge_id: str) -> list[Activity]:
        return [a for a in self.activities.values() if badge_id in a.badges]

    def badges_issued_by(self, structure_id: str) -> list[Badge]:
        return [b for b in self.badges.values() if b.issuer == structure_id]

    def commune_of(self, activity: Activity) -> str:
        return self.places[activity.place].commune

    def territory_of(self, activity: Activity) -> str:
        found = self.vocabulary.commune(self.commune_of(activity))
        return found[0] if found else ""
