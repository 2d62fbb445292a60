"""How to reach a place and how to get in: its transport and its access, in the content model.

A part of the model (content/model.py's Place holds them), in its own module as sessionmodel.py is.
Each access fact is a yes that a structure declares: left out (the form's « non »), a page says
nothing about it, so that nothing is ever claimed that the structure did not say.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator

from .types import Bool, Email, F, MaybeText, Model, Phone, ShortText, Url

NETWORKS = {"twisto": "Twisto (tram et bus de Caen la Mer)", "nomad": "Nomad (cars de la Région Normandie)", "train": "Train (TER)"}


class AccessContact(Model):
    """Who to call to ask for an adjustment (a ramp, an interpreter, a quiet time): a service, not a person."""

    name: ShortText = F("nom", "qui appeler, comme « l'accueil du Dôme » (un service, pas le nom d'une personne)", label="Qui appeler")
    phone: Phone | None = F("telephone", "le téléphone public, comme 02 31 06 60 50", None, label="Téléphone")
    email: Email | None = F("email", "l'adresse e-mail publique, comme accueil@exemple.fr", None, label="E-mail")


class Accessibility(Model):
    """What a person with a disability needs to know before coming, in facts a page says in easy words."""

    wheelchair: Bool = F("fauteuil", "oui si le lieu est accessible en fauteuil roulant", label="Accessible en fauteuil roulant")
    steps: int | None = F("marches", "le nombre de marches à l'entrée (0 : entrée de plain-pied, sans marche)", None, ge=0, le=200,
                          label="Marches à l'entrée")
    lift: Bool = F("ascenseur", "oui s'il y a un ascenseur vers la salle de l'activité", False, label="Ascenseur")
    toilets: Bool = F("toilettes_adaptees", "oui si les toilettes sont adaptées au fauteuil roulant", False, label="Toilettes adaptées")
    hearing_loop: Bool = F("boucle_magnetique", "oui s'il y a une boucle magnétique (pour les appareils auditifs)", False,
                           label="Boucle magnétique")
    quiet_room: Bool = F("salle_calme", "oui s'il y a une salle calme pour faire une pause", False, label="Salle calme")
    sign_language: Bool = F("langue_des_signes", "oui si un interprète en langue des signes (LSF) peut venir, sur demande", False,
                            label="Langue des signes sur demande")
    easy_read: Bool = F("facile_a_lire", "oui si les documents existent en « facile à lire et à comprendre » (FALC), sur demande",
                        False, label="Facile à lire sur demande")
    companion: Bool = F("accompagnant", "oui si une personne qui vous accompagne est la bienvenue, sans payer", False,
                        label="Accompagnant bienvenu")
    contact: AccessContact | None = F("contact", "qui appeler pour demander un aménagement : nom (un service), telephone, email ; "
                                      "sans ce champ, le contact de la structure", None, label="Qui appeler pour un aménagement")
    description: MaybeText = F("description", "ce qu'une personne à mobilité réduite doit savoir", None, label="Description", widget="text")


def _line_name(value: Any) -> Any:
    """`ligne: 5` is read by YAML as a number: a line's name is its text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class TransitLine(Model):
    network: Literal[tuple(NETWORKS)] = F(  # type: ignore[valid-type]
        "reseau", "twisto (tram et bus de Caen la Mer), nomad (cars de la Région) ou train", label="Réseau", options=NETWORKS)
    line: Annotated[ShortText, BeforeValidator(_line_name)] = F("ligne", "le nom de la ligne, comme T2, 5 ou 34", label="Ligne")
    stop: ShortText = F("arret", "le nom de l'arrêt, comme Presqu'île", label="Arrêt")
    walk: int | None = F("minutes_a_pied", "le temps à pied de l'arrêt au lieu, en minutes (0 : devant la porte)", None, ge=0, le=60,
                         label="Minutes à pied depuis l'arrêt")


class OnDemand(Model):
    """A bus that comes when booked (Twisto Flex, Nomad à la demande): in villages, often the only one."""

    name: ShortText = F("nom", "le nom du service, comme Twisto Flex ou Nomad à la demande", label="Nom du service")
    phone: Phone = F("telephone", "le numéro pour réserver, comme 02 31 15 55 55", label="Téléphone pour réserver")
    booking: MaybeText = F("reservation", "quand réserver, comme « la veille avant 17 h »", None, label="Quand réserver")


def transport_text(value: Any) -> Any:
    """`transports: "Tram T2, arrêt Presqu'île."` (the former free text) is kept as the place's note."""
    return {"precisions": value} if isinstance(value, str) else value


class Transport(Model):
    lines: tuple[TransitLine, ...] = F("lignes", "les lignes qui passent près du lieu : reseau, ligne, arret, minutes_a_pied", (),
                                       label="Lignes de bus, de tram ou de car", singular="Ligne",
                                       summary="{{fields.ligne}} – {{fields.arret}}")
    route_planner: Url | None = F("itineraire", "l'adresse du calculateur d'itinéraire, commençant par https://", None,
                                  label="Calculateur d'itinéraire (adresse web)")
    on_demand: OnDemand | None = F("a_la_demande", "le transport à la demande : nom, telephone, reservation", None,
                                   label="Transport à la demande")
    parking: MaybeText = F("stationnement", "où se garer, comme « parking gratuit devant l'entrée »", None, label="Stationnement")
    note: MaybeText = F("precisions", "autre chose à savoir : covoiturage, minibus, vélo", None, label="Autres précisions", widget="text")


PlaceTransport = Annotated[Transport | None, BeforeValidator(transport_text)]
