"""`donnees/data-inclusion/offre-insertion.xlsx`: the structures and services in one workbook.

The layout of data·inclusion's spreadsheet template: a sheet `Structures` and a sheet `Services`,
the first row holding every field of the schema in its order (empty columns included), one record
per row, a list as its values separated by commas.

XlsxWriter, not openpyxl: in memory it stamps every part of the zip with the fixed date of
1980-01-01 and takes the document's creation date from us, so that the same catalogue gives the
same bytes (openpyxl stamps the zip entries and the core properties with the clock).
"""

from __future__ import annotations

import io
from datetime import date, datetime, time, timezone

import xlsxwriter
from data_inclusion.schema import v1

from .exportmodel import LICENCE_NAME, LICENCE_URL

WORKBOOK_FILE = "donnees/data-inclusion/offre-insertion.xlsx"
SHEETS = (("Structures", v1.Structure), ("Services", v1.Service))


def columns(model) -> list[str]:
    return list(model.model_fields)


def _value(value):
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return value


def workbook(structures: list[dict], services: list[dict], day: date, producer: str) -> bytes:
    """The two sheets; `day` is the document's date (the latest change of the data, not the clock)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False})
    book.set_properties({
        "title": "Offre d'insertion – schéma data·inclusion v1", "author": producer, "company": producer,
        "comments": f"{LICENCE_NAME} : {LICENCE_URL}", "keywords": "data·inclusion, offre d'insertion",
        "created": datetime.combine(day, time(), tzinfo=timezone.utc),
    })
    header = book.add_format({"bold": True})
    for (name, model), rows in zip(SHEETS, (structures, services)):
        sheet = book.add_worksheet(name)
        fields = columns(model)
        sheet.write_row(0, 0, fields, header)
        sheet.freeze_panes(1, 0)
        for index, record in enumerate(rows, start=1):
            for column, field in enumerate(fields):
                value = _value(record.get(field))
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(index, column, value)
                else:
                    sheet.write_number(index, column, value)
        sheet.set_column(0, len(fields) - 1, 18)
    book.close()
    return buffer.getvalue()
