"""Profile one build (or one `check`) of a synthetic catalogue with pyinstrument; write a text report.

    python bench/profile.py                       # realistic build -> bench/results/profile-realistic.txt
    python bench/profile.py --size large --phase check

The build runs in this process (as `make serve` does), imports done before the profiler starts.
The report gives: where the time goes by library / module of the plugin, the functions with the most
time of their own, the plugin functions with the most time including callees, then pyinstrument's tree.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO / "plugins"))

import synth  # noqa: E402
from run import filesystem_of, machine_busy, outputs_root  # noqa: E402

BUCKETS = [  # (label, substring of the file path), first match wins
    ("catalogue/", "plugins/catalogue/"),
    ("pydantic", "pydantic"),
    ("yaml", "/yaml/"),
    ("jinja2 (gabarits compilés inclus)", "jinja2"),
    ("gabarits du thème", "theme/templates"),
    ("markdown", "/markdown/"),
    ("icalendar", "icalendar"),
    ("dateutil", "dateutil"),
    ("pelican", "/pelican/"),
    ("markupsafe", "markupsafe"),
    ("phonenumbers", "phonenumbers"),
    ("nh3", "nh3"),
    ("segno", "segno"),
    ("babel", "babel"),
    ("zoneinfo / datetime", "zoneinfo"),
]


def bucket(path: str) -> str:
    if "plugins/catalogue/" in path:
        return "catalogue/" + path.rsplit("plugins/catalogue/", 1)[1]
    for label, needle in BUCKETS:
        if needle in path:
            return label
    if path.startswith("<"):
        return "interne (" + path + ")"
    return "bibliothèque standard, E/S et divers"


def walk(frame, visit, stack=()):
    visit(frame, stack)
    for child in frame.children:
        walk(child, visit, stack + (frame,))


def analyse(root) -> tuple[dict, dict, dict, float]:
    own: dict = defaultdict(float)
    by_bucket: dict = defaultdict(float)
    inclusive: dict = defaultdict(float)

    def visit(frame, stack):
        if frame.is_synthetic:  # "[self]" leaves: already in their parent's total_self_time
            return
        key = (frame.function, frame.file_path or "", frame.line_no or 0)
        self_time = frame.total_self_time
        own[key] += self_time
        by_bucket[bucket(frame.file_path or "<?>")] += self_time
        # time including callees, counted once per call path (no double count under recursion)
        if "plugins/catalogue/" in (frame.file_path or "") and not any(
            (f.function, f.file_path, f.line_no) == (frame.function, frame.file_path, frame.line_no) for f in stack
        ):
            inclusive[key] += frame.time

    walk(root, visit)
    return own, by_bucket, inclusive, root.time


def short(path: str) -> str:
    for marker in ("plugins/", "site-packages/", "lib/python3.11/"):
        if marker in path:
            return path.rsplit(marker, 1)[1]
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profil d'une construction (pyinstrument).")
    parser.add_argument("--size", default="realistic", choices=sorted(synth.SIZES))
    parser.add_argument("--phase", default="build", choices=["build", "check"])
    parser.add_argument("--work", type=Path, default=REPO / ".build-bench")
    parser.add_argument("--out", type=Path, help="rapport (défaut : bench/results/profile-<taille>[-check].txt)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--parallel", action="store_true",
                        help="garder les processus de travail du plugin (par défaut : tout dans ce processus, "
                             "pour que le profil voie tout le travail)")

    args = parser.parse_args(argv)
    os.environ["SOURCE_DATE_EPOCH"] = str(synth.SOURCE_DATE_EPOCH)
    os.environ.setdefault("SITE_ABSOLUTE_URL", "https://territoires-partages.example.org")

    from pyinstrument import Profiler
    from pyinstrument.renderers import ConsoleRenderer

    started = time.perf_counter()
    import catalogue.glue.build  # noqa: F401  (imports outside the profile)
    import catalogue.glue.render  # noqa: F401
    import catalogue.content.load
    import pelican  # noqa: F401
    imports = time.perf_counter() - started

    # pyinstrument sees only this process: unless --parallel, the plugin's forked workers are turned off
    # (their thresholds raised), so that page rendering and QR codes show in the profile.
    serial = []
    if not args.parallel:
        for module_name, attribute in (("catalogue.glue.render", "PARALLEL_FROM"), ("catalogue.outputs.qrcodes", "_PARALLEL_FROM")):
            module = sys.modules.get(module_name) or __import__(module_name, fromlist=["_"])
            if hasattr(module, attribute):
                setattr(module, attribute, 10**9)
                serial.append(f"{module_name}.{attribute}")
    work = args.work / f"profile-{args.size}"
    written = outputs_root(args.work) / f"profile-{args.size}"  # in memory (tmpfs) when possible, as bench/run.py
    content, output, cache = work / "content", written / "output", written / "cache"
    stats = synth.generate(content, args.size)
    shutil.rmtree(output, ignore_errors=True)
    os.environ["CATALOGUE_CACHE_DIR"] = str(cache)  # cold: an empty build cache, never ~/.cache
    shutil.rmtree(cache, ignore_errors=True)

    profiler = Profiler(interval=0.0005)
    busy = machine_busy()
    started, cpu_started = time.perf_counter(), time.process_time()
    profiler.start()
    if args.phase == "build":
        catalogue.build.build_site(content, output, REPO / "pelicanconf.py")
    else:
        catalogue.load.load(content)
    profiler.stop()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    others = max(0.0, (machine_busy() - busy - cpu) / wall)
    session = profiler.last_session
    root = session.root_frame()
    own, by_bucket, inclusive, total = analyse(root)

    lines = [
        f"Profil pyinstrument : {args.phase} de la taille {args.size} ({stats.structures} structures, "
        f"{stats.activities} activités, {stats.expected_sessions} séances).",
        f"Sous le profileur : {wall:.2f} s de temps réel, {cpu:.2f} s de temps processeur (imports faits avant : {imports:.2f} s).",
        f"Pendant le profil, les autres processus de la machine occupaient en moyenne {others:.2f} cœur(s) sur {os.cpu_count()}"
        + (" : machine chargée, les appels système (open, mkdir) et le total sont gonflés." if others > 0.25 else "."),
        f"Horloge du profil : temps réel, un échantillon toutes les 0,5 ms (pyinstrument) ; site écrit sur {filesystem_of(written)}.",
        ("Tout le travail dans un seul processus (" + ", ".join(serial) + " relevés pour le profil) ; "
         "la vraie construction répartit une partie du travail sur les deux cœurs.") if serial else
        "Processus de travail du plugin laissés actifs : leur travail n'apparaît pas dans ce profil.",
        "",
        "== Temps propre par bibliothèque / module du plugin ==",
    ]
    for name, seconds in sorted(by_bucket.items(), key=lambda kv: -kv[1]):
        if seconds / total >= 0.005:
            lines.append(f"{100 * seconds / total:6.1f} %  {seconds:7.2f} s  {name}")
    lines += ["", f"== Les {args.top} fonctions au plus grand temps propre ==" ]
    for (function, path, line), seconds in sorted(own.items(), key=lambda kv: -kv[1])[: args.top]:
        lines.append(f"{100 * seconds / total:6.1f} %  {seconds:7.2f} s  {function}  ({short(path)}:{line})")
    lines += ["", "== Fonctions du plugin, temps appelées comprises ==" ]
    for (function, path, line), seconds in sorted(inclusive.items(), key=lambda kv: -kv[1])[: args.top]:
        lines.append(f"{100 * seconds / total:6.1f} %  {seconds:7.2f} s  {function}  ({short(path)}:{line})")
    tree = ConsoleRenderer(unicode=True, color=False, show_all=False, short_mode=False).render(session)
    lines += ["", "== Arbre des appels (pyinstrument) ==", tree]

    out = args.out or BENCH / "results" / f"profile-{args.size}{'-check' if args.phase == 'check' else ''}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[: 12 + 2 * args.top]))
    print(f"\nRapport complet : {out}")
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(written.parent if written.parent != args.work else written, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
