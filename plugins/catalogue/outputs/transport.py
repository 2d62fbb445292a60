"""How to get to a place, said in plain French: lines and stops, on-demand transport, parking.

Pure: from a place's `transports` to short sentences that pages, shared texts (SMS, e-mail) and
printed pages all use, so that the three say the same thing.
"""

from __future__ import annotations

from ..content.model import Place, TransitLine

NBSP = "\u00a0"


def vehicle(line: TransitLine) -> str:
    """'Tram' for Twisto's T1–T3, 'Bus' for its other lines, 'Car' for Nomad, 'Train'."""
    if line.network == "twisto":
        return "Tram" if line.line.upper().startswith("T") and line.line[1:].isdigit() else "Bus"
    return {"nomad": "Car", "train": "Train"}[line.network]


def line_name(line: TransitLine) -> str:
    """'Tram T2', 'Bus 11', 'Car Nomad 34'."""
    if line.network == "nomad":
        return f"Car Nomad{NBSP}{line.line}"
    return f"{vehicle(line)}{NBSP}{line.line}"


def walk_fr(minutes: int | None) -> str:
    """', à 3 minutes à pied' (empty when not said, 'devant la porte' at 0)."""
    if minutes is None:
        return ""
    if minutes == 0:
        return ", devant la porte"
    return f", à {minutes}{NBSP}minute{'s' if minutes > 1 else ''} à pied"


def line_fr(line: TransitLine) -> str:
    """'Tram T2, arrêt Presqu'île, à 3 minutes à pied'."""
    return f"{line_name(line)}, arrêt {line.stop}{walk_fr(line.walk)}"


def lines_fr(place: Place) -> list[str]:
    return [line_fr(line) for line in place.transport.lines] if place.transport else []


def short_fr(place: Place) -> str | None:
    """The nearest line in a few words, for an SMS: 'Tram T2 arrêt Presqu'île'; else the on-demand service."""
    transport = place.transport
    if transport is None:
        return None
    if transport.lines:
        nearest = min(transport.lines, key=lambda line: line.walk if line.walk is not None else 99)
        return f"{line_name(nearest)} arrêt {nearest.stop}"
    if transport.on_demand:
        return f"{transport.on_demand.name} ({transport.on_demand.phone})"
    return None


def summary_fr(place: Place) -> str | None:
    """Everything in one paragraph, for calendars: 'Tram T2, arrêt Presqu'île, à 3 minutes à pied ; …'."""
    transport = place.transport
    if transport is None:
        return None
    parts = ["; ".join(lines_fr(place)) + "." if transport.lines else ""]
    if transport.on_demand:
        booking = f", {transport.on_demand.booking}" if transport.on_demand.booking else ""
        parts.append(f"Transport à la demande : {transport.on_demand.name}, réservez au {transport.on_demand.phone}{booking}.")
    parts += [transport.note or "", f"En voiture : {transport.parking}" if transport.parking else ""]
    return " ".join(part for part in parts if part) or None


FILTERS = {"transit_lines": lines_fr}
