"""The open data writer the generator calls: every file of `donnees/`, from the frozen catalogue.

A mapping file with errors stops the build with its French messages (glue/build.py checks it
before anything is written; this check covers the builds that start from `pelican` itself).
"""

from __future__ import annotations

from datetime import date

from ...content.errors import ContentErrors
from ...content.load import Catalogue
from ...settings import network
from . import catalogue as catalogue_json, datainclusion, tables
from .catalogue import dumps
from .exportmodel import LICENCE_NAME, LICENCE_URL
from .mapping import load_mapping
from .workbook import WORKBOOK_FILE, workbook

LICENCE_FILE = "donnees/LICENCE.txt"


def licence_text(producer: str) -> bytes:
    return (f"Données ouvertes du catalogue {producer}\r\n\r\n"
            f"Tous les fichiers de ce dossier et de data-inclusion/ sont publiés sous la {LICENCE_NAME}\r\n"
            f"({LICENCE_URL}).\r\n"
            f"Vous pouvez les réutiliser librement, y compris commercialement, en mentionnant leur source :\r\n"
            f"« {producer} », avec la date de la dernière mise à jour.\r\n").encode("utf-8")


def files(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    mapping, problems = load_mapping(catalogue.root, catalogue.vocabulary)
    if problems:
        raise ContentErrors(problems)
    producer = network().site_name
    exported = catalogue_json.build(catalogue, site_url, mapping)
    files = {**catalogue_json.files(catalogue, site_url, mapping, exported), **tables.files(exported),
             LICENCE_FILE: licence_text(producer)}
    if mapping is not None:
        structures, services = datainclusion.records(catalogue, mapping, site_url, exported)
        latest = max((r["date_maj"] for r in structures + services), default=catalogue.today.isoformat())
        files[datainclusion.STRUCTURES_FILE] = dumps(structures)
        files[datainclusion.SERVICES_FILE] = dumps(services)
        files[WORKBOOK_FILE] = workbook(structures, services, date.fromisoformat(latest), producer)
    return files
