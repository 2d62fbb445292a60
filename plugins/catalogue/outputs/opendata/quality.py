"""data·inclusion's quality score of each service, as a hint for `make check` (never an error).

The score and its criteria are the pinned package's own (`score_qualite`); this module only says,
in French and for the file an editor opens, what a service lacks for a complete record.
"""

from __future__ import annotations

from data_inclusion.schema.v1 import Service, score_qualite

from ...content.load import Catalogue
from .datainclusion import records
from .mapping import MAPPING_FILE, DataInclusionMapping

MISSING = {
    "adresse_bien_definie": "l'adresse du lieu",
    "modes_mobilisation_bien_definis": "comment s'inscrire (champ « inscription »)",
    "au_moins_un_public": f"un public que data·inclusion connaît (les publics de l'activité n'ont pas d'équivalent dans {MAPPING_FILE})",
    "au_moins_une_thematique": f"une thématique (les catégories de l'activité n'en ont pas dans {MAPPING_FILE})",
    "au_moins_un_moyen_de_contact": "un contact : téléphone ou adresse e-mail (champ « contact », ou celui de la structure)",
    "courriel_bien_defini": "l'adresse e-mail du contact",
    "date_maj_recente": "une mise à jour depuis moins de six mois (relisez la fiche et confirmez-la)",
    "frais_bien_definis": "le tarif (champ « tarif »)",
    "description_bien_definie": "une description de 200 à 2 000 caractères (résumé facile et texte, ensemble)",
    "telephone_bien_defini": "le téléphone du contact",
}


def service_scores(catalogue: Catalogue, mapping: DataInclusionMapping) -> list[tuple[str, float, list[str]]]:
    """(activity id, score from 0 to 1, what is missing) for every service."""
    _, services = records(catalogue, mapping, "")
    scored = []
    for record in services:
        score, criteria = score_qualite.score(Service.model_validate(record))
        missing = [MISSING.get(name, name) for name, value in criteria.items() if value is not None and value < 1]
        scored.append((record["id"], score, missing))
    return scored


def _number(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def quality_lines(catalogue: Catalogue, mapping: DataInclusionMapping) -> list[str]:
    """What `make check` prints: the mean score, then each incomplete service with its file."""
    scored = service_scores(catalogue, mapping)
    if not scored:
        return []
    mean = sum(score for _, score, _ in scored) / len(scored)
    incomplete = [(ident, score, missing) for ident, score, missing in scored if missing]
    lines = [f"Données data·inclusion : indice de qualité moyen {_number(mean)} sur 1 ({len(scored) - len(incomplete)} service(s) complet(s) sur {len(scored)})."]
    for ident, score, missing in incomplete:
        where = catalogue.sources.get(f"activity:{ident}", ident)
        lines.append(f"  {where} : {_number(score)} ; pour une fiche complète : " + " ; ".join(missing))
    return lines
