"""How content problems are printed in the terminal: by every command (check, build, serve, pelican)."""

from __future__ import annotations

import sys

from .content.errors import Problem

MAX_SHOWN_PER_FILE = 60  # a file with more errors is not what the model expects at all


def report(problems: list[Problem], warnings: list[Problem], stream=None) -> None:
    """Warnings, then errors grouped under a count; to sys.stderr as it is when called (a command may redirect it)."""
    stream = stream or sys.stderr
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
