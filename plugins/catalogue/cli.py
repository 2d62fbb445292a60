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


def report(problems: list[Problem], warnings: list[Problem], stream=sys.stderr) -> None:
    for warning in warnings:
        print(warning, file=stream)
    if problems:
        files = len({p.path for p in problems})
        print(f"\n{len(problems)} erreur(s) de contenu dans {files} fichier(s) :", file=stream)
        for problem in problems:
            print(problem, file=stream)
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
        output = build_site(Path(args.root), Path(args.output), Path(args.settings))
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
