"""Command line: `python -m catalogue check|build|serve|schema` (see the Makefile)."""

from __future__ import annotations

import argparse
import logging
import sys
import time
import traceback
from pathlib import Path

from ..content.errors import ContentErrors, Problem, internal_error_message
from ..content.load import load
from ..sanitise.images import clean_image
from ..outputs.opendata.mapping import load_mapping
from ..outputs.opendata.quality import quality_lines
from ..report import report
from ..content.french import plural_fr
from ..content.visible import visible_output


def _annotate(args, problems: list[Problem], warnings: list[Problem]) -> None:
    """`--format github`: workflow commands on stdout; `--format gitlab`: a Code Quality report file."""
    from ..tools.annotations import codeclimate, github_lines

    if args.format == "github":
        for line in github_lines(problems, warnings):
            print(line)
    elif args.format == "gitlab":
        Path(args.report).write_bytes(codeclimate(problems, warnings))


def cmd_check(args) -> int:
    started = time.perf_counter()
    catalogue, problems, warnings = load(Path(args.root), None, clean_image)
    mapping = None
    if catalogue is not None:
        mapping, mapping_problems = load_mapping(Path(args.root), catalogue.vocabulary)
        problems, catalogue = problems + mapping_problems, None if mapping_problems else catalogue
    report(problems, warnings)
    _annotate(args, problems, warnings)
    if args.publication:
        from ..tools.publishguard import publication_problems

        if not report_publication(publication_problems(Path(args.root), _site_url(Path(args.settings)))):
            return 1
    if catalogue is None:
        return 1
    print(
        f"Contenu valide : {len(catalogue.structures)} structures, {len(catalogue.activities)} activités, "
        f"{len(catalogue.badges)} badges, {len(catalogue.sessions)} séances, {plural_fr(len(catalogue.free_pages), 'page libre', 'pages libres')} "
        f"({time.perf_counter() - started:.2f} s)."
    )
    if mapping is not None:
        print("\n".join(quality_lines(catalogue, mapping)))
    return 0


def _site_url(settings_file: Path) -> str:
    from pelican.settings import read_settings

    return str(read_settings(str(settings_file)).get("SITE_ABSOLUTE_URL") or "")


def report_publication(problems: list[Problem], stream=None) -> bool:
    """Print why the site cannot go live; True when nothing blocks it."""
    stream = stream or sys.stderr
    if not problems:
        return True
    print(f"\nLe site ne peut pas être mis en ligne : {len(problems)} point(s) à corriger avant la publication :", file=stream)
    for problem in problems:
        print(problem, file=stream)
    print("\nLes données d'exemple (example.org, numéros 02 61 91 …, textes provisoires) sont faites pour essayer le site : "
          "remplacez-les par les vraies, puis relancez make publish.", file=stream)
    return False


def placeholder_summary(root: Path, stream=None) -> None:
    """One line while the content still has sample data (`make site`, `make serve`)."""
    stream = stream or sys.stderr
    from ..tools.publishguard import placeholder_findings, summary

    line = summary(placeholder_findings(root))
    if line:
        print(line, file=stream)


def cmd_build(args) -> int:
    from ..glue.build import build_site
    from ..tools.publishguard import publication_problems

    started = time.perf_counter()
    if args.publish:
        if not report_publication(publication_problems(Path(args.root), _site_url(Path(args.settings)))):
            print(f"Rien n'a été publié : le dossier {args.output}/ n'a pas changé.", file=sys.stderr)
            return 1
    else:
        placeholder_summary(Path(args.root))
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

    placeholder_summary(Path(args.root))
    return serve(Path(args.root), Path(args.output), Path(args.settings), args.port, args.debug)


def cmd_schema(args) -> int:
    from ..tools.schema import write_schemas

    for path in write_schemas(Path(args.root)):
        print(f"Schéma écrit : {path}")
    return 0


# ---- contributor tools: CONTRIBUTING.md, templates, form editor, change summary ------------------


def cmd_guide(args) -> int:
    from ..tools.guide import GUIDE, GuideError, update_guide

    try:
        stale = update_guide(Path(args.root), write=not args.check)
    except GuideError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 1
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
    from ..tools.scaffold import ScaffoldError, new_activity

    root = Path(args.root)
    try:
        path = new_activity(root, args.structure, args.id, args.lieu or None)
    except ScaffoldError as exc:
        print(f"Fichier non créé : {exc}", file=sys.stderr)
        return 1
    _created(root, [path])
    return 0


def cmd_new_badge(args) -> int:
    from ..tools.scaffold import ScaffoldError, new_badge

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

    from ..tools.diff import DiffError, render_markdown, render_text, summarise
    from ..settings import build_today

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
    from ..outputs.admin import DECAP_VERSION, EditorUnavailable, vendored_editor
    from ..tools.vendor import vendor_editor

    try:
        folder = vendor_editor()
        files = vendored_editor()
    except EditorUnavailable as exc:
        print(f"Éditeur en ligne non installé : {exc}", file=sys.stderr)
        if args.optional:
            print("Le site sera construit sans l'éditeur en ligne (/admin/ explique comment l'ajouter).", file=sys.stderr)
            return 0
        return 1
    size = sum(len(content) for content in files.values())
    print(f"Éditeur en ligne prêt : Decap CMS {DECAP_VERSION}, {len(files)} fichiers, {size / 1e6:.1f} Mo ({folder}).")
    return 0


def cmd_format(args) -> int:
    from ..tools.formatting import format_tree

    changes = format_tree(Path(args.root), write=not args.check)
    for change in changes:
        print(f"{change.path}: {change.message}", file=sys.stderr if args.check else sys.stdout)
    if args.check and changes:
        print(f"\n{len(changes)} fichier(s) pas dans la forme qu'écrit l'éditeur en ligne : lancez « make format ».",
              file=sys.stderr)
        return 1
    if not changes:
        print("Tous les fichiers de contenu sont dans la forme qu'écrit l'éditeur en ligne.")
    return 0


def cmd_edit_locally(args) -> int:
    from ..tools.localedit import edit_locally
    from .serve import serve

    return edit_locally(Path(args.root), Path(args.output), Path(args.settings), args.port, serve)


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
    check = sub.add_parser("check", help="valider le contenu sans construire")
    check.add_argument("--format", choices=("texte", "github", "gitlab"), default="texte",
                       help="github : annotations sur les lignes de la pull request ; gitlab : rapport Code Quality (--report)")
    check.add_argument("--report", default="gl-code-quality-report.json", help="fichier du rapport de --format gitlab")
    check.add_argument("--publication", action="store_true",
                       help="vérifier aussi que le site peut être mis en ligne (adresse réelle, plus de données d'exemple)")
    check.add_argument("--settings", default="publishconf.py", help="réglages lus par --publication")
    check.set_defaults(func=cmd_check)
    for name, func in (("build", cmd_build), ("serve", cmd_serve)):
        command = sub.add_parser(name)
        command.add_argument("--output", default="output")
        command.add_argument("--settings", default="pelicanconf.py")
        command.set_defaults(func=func)
    sub.choices["serve"].add_argument("--port", type=int, default=8000)
    sub.choices["build"].add_argument("--publish", action="store_true",
                                      help="construire pour la mise en ligne : refuse l'adresse d'exemple et les données d'exemple")
    sub.add_parser("schema", help="écrire les schémas JSON des fichiers").set_defaults(func=cmd_schema)
    add_contributor_commands(sub)
    fmt = sub.add_parser("format", help="écrire les fichiers de contenu dans la forme qu'écrit l'éditeur en ligne")
    fmt.add_argument("--check", action="store_true", help="vérifier seulement (code 1 si un fichier est à reformater)")
    fmt.set_defaults(func=cmd_format)
    edit = sub.add_parser("editer", help="l'éditeur en ligne sur cette copie du dépôt (decap-server), avec l'aperçu")
    edit.add_argument("--output", default="output")
    edit.add_argument("--settings", default="pelicanconf.py")
    edit.add_argument("--port", type=int, default=8000)
    edit.set_defaults(func=cmd_edit_locally)
    args = parser.parse_args(argv)
    with visible_output():
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
        return _run(args)


def _run(args) -> int:
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # an internal bug must still not bury the editor in a traceback
        if args.debug:
            traceback.print_exc()
        print(internal_error_message(exc), file=sys.stderr)
        return 2
