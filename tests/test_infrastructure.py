"""Vérifie l'outillage de test lui-même : Chromium, serveur local, Nu HTML checker."""

from __future__ import annotations

import urllib.request

import pytest

from helpers import external_requests, format_vnu_errors, serve_directory, vnu_check, vnu_jar

PAGE_FR = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Essai de l'outillage</title>
</head>
<body>
<main>
<h1>Activités près de chez vous</h1>
<p>Atelier d'écriture — mercredi à 14&nbsp;h.</p>
</main>
</body>
</html>
"""

INVALID_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>Invalide</title></head>
<body>
<p>Un paragraphe <div>avec un bloc dedans</div>
<img src="x.png">
<span><p>mal imbriqué</p></span>
</body>
</html>
"""


@pytest.mark.parametrize("width", [320, 360, 1280])
def test_chromium_affiche_une_page_en_francais(page_factory, width):
    page = page_factory(width=width)
    page.set_content(PAGE_FR)
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.evaluate("window.innerWidth") == width
    assert page.title() == "Essai de l'outillage"
    assert page.get_by_role("heading", level=1).inner_text() == "Activités près de chez vous"
    png = page.screenshot(full_page=True)
    assert png.startswith(b"\x89PNG") and len(png) > 1000
    assert page.console_errors == []


def test_chromium_sans_javascript(page_factory):
    page = page_factory(width=360, javascript=False)
    page.set_content(PAGE_FR.replace("</main>", "<script>document.title = 'JS actif';</script></main>"))
    assert page.title() == "Essai de l'outillage"
    assert page.locator("html").get_attribute("lang") == "fr"


def test_serveur_local_et_requetes_enregistrees(page_factory, tmp_path):
    (tmp_path / "index.html").write_text(
        PAGE_FR.replace("</head>", '<link rel="stylesheet" href="style.css"></head>'), encoding="utf-8"
    )
    (tmp_path / "style.css").write_text("body { font-family: sans-serif; }", encoding="utf-8")
    (tmp_path / "agenda.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    with serve_directory(tmp_path) as base_url:
        with urllib.request.urlopen(base_url + "agenda.ics") as resp:
            assert resp.headers["Content-Type"] == "text/calendar; charset=utf-8"
        page = page_factory(width=1280)
        response = page.goto(base_url)
        assert response is not None and response.ok
        assert page.evaluate("document.documentElement.lang") == "fr"
    assert base_url + "style.css" in page.requested_urls
    assert external_requests(page.requested_urls, base_url) == []


def test_external_requests_repere_les_autres_hotes():
    base = "http://127.0.0.1:8123/"
    urls = [
        base,
        base + "theme/style.css",
        "data:image/png;base64,AAAA",
        "about:blank",
        "https://fonts.example.org/police.woff2",
        "http://127.0.0.1:9999/autre-port",
    ]
    assert external_requests(urls, base) == [
        "https://fonts.example.org/police.woff2",
        "http://127.0.0.1:9999/autre-port",
    ]
    assert external_requests(urls) == ["https://fonts.example.org/police.woff2"]


def test_vnu_jar_embarque():
    assert vnu_jar().is_file()


def test_vnu_distingue_page_valide_et_invalide(tmp_path):
    valid = tmp_path / "valide.html"
    invalid = tmp_path / "invalide.html"
    valid.write_text(PAGE_FR, encoding="utf-8")
    invalid.write_text(INVALID_PAGE, encoding="utf-8")

    errors = vnu_check([valid, invalid])  # un seul lancement de Java pour les deux

    assert errors, "vnu n'a signalé aucune erreur dans une page invalide"
    assert {e["path"] for e in errors} == {str(invalid)}, format_vnu_errors(errors)
    assert any("alt" in e["message"] for e in errors), format_vnu_errors(errors)
    assert vnu_check([valid]) == []


def test_vnu_ignore(tmp_path):
    invalid = tmp_path / "invalide.html"
    invalid.write_text(INVALID_PAGE, encoding="utf-8")
    everything = vnu_check([invalid])
    remaining = vnu_check([invalid], ignore=[r"alt"])
    assert len(remaining) < len(everything)
    assert not any("alt" in e["message"] for e in remaining)
