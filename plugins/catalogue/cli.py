"""Command line: `python -m catalogue check|build|serve|schema` (see the Makefile)."""

from __future__ import annotations

import argparse
import logging
import sys
import time
import traceback
from pathlib import Path

from .errors import ContentErrors, Problem
from .load import load


MAX_SHOWN_PER_FILE = 60  # a file with more errors is not what the model expects at all


def report(problems: list[Problem], warnings: list[Problem], stream=sys.stderr) -> None:
    for warning in warnings:
        print(warning, file=stream)
    if problems:
        files = len({p.path for p in problems})
        print(f"\n{len(problems)} erreur(s) de contenu dans {files} fichier(s) :", file=stream)
        shown: dict[str, int] = {}
        for problem in problems:
            shown[problem.path] = shown.get(problem.path, 0) + 1
            if shown[problem.path] <= MAX_SHOWN_PER_FILE:
                print(problem, file=stream)
        for path, count in shown.items():
            if count > MAX_SHOWN_PER_FILE:
                print(f"{path}: … et {count - MAX_SHOWN_PER_FILE} autre(s) erreur(s) dans ce fichier, non affichées", file=stream)
        print("\nCorrigez ces lignes puis relancez. Le guide CONTRIBUTING.md explique chaque champ.", file=stream)


def cmd_check(args) -> int:
    started = time.perf_counter()
    catalogue, problems, warnings = load(Path(args.root))
    report(problems, warnings)
    if catalogue is None:
        return 1
    print(
        f"Contenu valide : {len(catalogue.structures)} structures, {len(catalogue.activities)} activités, "
        f"{len(catalogue.badges)} badges, {len(catalogue.sessions)} séances "
        f"({time.perf_counter() - started:.2f} s)."
    )
    return 0


def cmd_build(args) -> int:
    from .build import build_site

    started = time.perf_counter()
    try:
        output = build_site(Path(args.root), Path(args.output), Path(args.settings), note=lambda text: print(text, file=sys.stderr))
    except ContentErrors as exc:
        report(list(exc.problems), [])
        print(f"Le site n'a pas été construit : le dossier {args.output}/ n'a pas changé.", file=sys.stderr)
        return 1
    print(f"Site construit dans {output} ({time.perf_counter() - started:.1f} s).")
    return 0


def cmd_serve(args) -> int:
    from .serve import serve

    return serve(Path(args.root), Path(args.output), Path(args.settings), args.port)


def cmd_schema(args) -> int:
    from .schema import write_schemas

    for path in write_schemas(Path(args.root)):
        print(f"Schéma écrit : {path}")
    return 0


# ---- contributor tools: CONTRIBUTING.md, templates, form editor, change summary ------------------


def cmd_guide(args) -> int:
    from .guide import GUIDE, update_guide

    stale = update_guide(Path(args.root), write=not args.check)
    if args.check:
        if stale:
            print(f"{GUIDE} n'est pas à jour (sections : {', '.join(stale)}) : lancez « make guide ».", file=sys.stderr)
            return 1
        print(f"{GUIDE} est à jour.")
        return 0
    print(f"{GUIDE} : sections régénérées ({', '.join(stale)})." if stale else f"{GUIDE} était déjà à jour.")
    return 0


def _created(root: Path, paths: list[Path]) -> None:
    for path in paths:
        print(f"Fichier créé : {path.relative_to(root).as_posix()}")
    print("Ouvrez-le, remplacez chaque « À COMPLÉTER », puis lancez : make check")


def cmd_new_activity(args) -> int:
    from .scaffold import ScaffoldError, new_activity

    root = Path(args.root)
    try:
        path = new_activity(root, args.structure, args.id, args.lieu or None)
    except ScaffoldError as exc:
        print(f"Fichier non créé : {exc}", file=sys.stderr)
        return 1
    _created(root, [path])
    return 0


def cmd_new_badge(args) -> int:
    from .scaffold import ScaffoldError, new_badge

    root = Path(args.root)
    try:
        paths = new_badge(root, args.structure, args.id)
    except ScaffoldError as exc:
        print(f"Fichier non créé : {exc}", file=sys.stderr)
        return 1
    _created(root, paths)
    return 0


def cmd_diff(args) -> int:
    from datetime import date

    from .diff import DiffError, render_markdown, render_text, summarise
    from .load import build_today

    try:
        today = date.fromisoformat(args.today) if args.today else build_today()
    except ValueError:
        print(f"date invalide « {args.today} » : attendu une date comme 2026-12-03", file=sys.stderr)
        return 2
    try:
        summary = summarise(Path(args.root), args.base, today)
    except DiffError as exc:
        print(f"Comparaison impossible : {exc}", file=sys.stderr)
        return 2
    text = render_markdown(summary) if args.format == "markdown" else render_text(summary)
    sys.stdout.write(text)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    return 1 if summary.errors else 0


def cmd_admin(args) -> int:
    from .cms import DECAP_VERSION, EditorUnavailable, vendor_editor

    try:
        folder = vendor_editor()
    except EditorUnavailable as exc:
        print(f"Éditeur en ligne non installé : {exc}", file=sys.stderr)
        if args.optional:
            print("Le site sera construit sans l'éditeur en ligne (/admin/ explique comment l'ajouter).", file=sys.stderr)
            return 0
        return 1
    files = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
    size = sum(p.stat().st_size for p in files)
    print(f"Éditeur en ligne prêt : Decap CMS {DECAP_VERSION}, {len(files)} fichiers, {size / 1e6:.1f} Mo ({folder}).")
    return 0


def add_contributor_commands(sub) -> None:
    guide = sub.add_parser("guide", help="régénérer les listes de valeurs et d'erreurs de CONTRIBUTING.md")
    guide.add_argument("--check", action="store_true", help="vérifier seulement (code 1 si le guide n'est pas à jour)")
    guide.set_defaults(func=cmd_guide)
    for name, func, what in (("nouvelle-activite", cmd_new_activity, "une activité"), ("nouveau-badge", cmd_new_badge, "un badge")):
        command = sub.add_parser(name, help=f"créer {what} à partir du modèle de modeles/")
        command.add_argument("--structure", default="", help="identifiant de la structure, comme le-dome")
        command.add_argument("--id", default="", help="identifiant du nouveau fichier, comme atelier-cuisine")
        command.set_defaults(func=func)
    sub.choices["nouvelle-activite"].add_argument("--lieu", default="", help="identifiant du lieu (par défaut : le premier de la structure)")
    diff = sub.add_parser("diff", help="ce que verront les abonnés aux calendriers, par rapport à une version git")
    diff.add_argument("--base", default="origin/main", help="la version de référence (branche, commit), par défaut origin/main")
    diff.add_argument("--format", choices=("texte", "markdown"), default="texte")
    diff.add_argument("--output", default="", help="écrire le résumé dans ce fichier")
    diff.add_argument("--today", default="", help="date de référence (par défaut : aujourd'hui, ou SOURCE_DATE_EPOCH)")
    diff.set_defaults(func=cmd_diff)
    admin = sub.add_parser("admin", help="télécharger l'éditeur en ligne (Decap CMS) depuis le registre npm")
    admin.add_argument("--optional", action="store_true", help="ne pas échouer si npm ou le réseau manquent")
    admin.set_defaults(func=cmd_admin)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="catalogue", description="Catalogue Territoires Partagés")
    parser.add_argument("--root", default=".", help="dossier du dépôt")
    parser.add_argument("--debug", action="store_true", help="afficher le détail des erreurs internes")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="valider le contenu sans construire").set_defaults(func=cmd_check)
    for name, func in (("build", cmd_build), ("serve", cmd_serve)):
        command = sub.add_parser(name)
        command.add_argument("--output", default="output")
        command.add_argument("--settings", default="pelicanconf.py")
        command.set_defaults(func=func)
    sub.choices["serve"].add_argument("--port", type=int, default=8000)
    sub.add_parser("schema", help="écrire les schémas JSON des fichiers").set_defaults(func=cmd_schema)
    add_contributor_commands(sub)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # an internal bug must still not bury the editor in a traceback
        if args.debug:
            traceback.print_exc()
        print(f"Erreur interne du générateur ({exc.__class__.__name__}: {exc}). "
              "Le site précédent est conservé. Relancez avec --debug et signalez-le.", file=sys.stderr)
        return 2
