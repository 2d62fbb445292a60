"""Benchmark harness (`make bench`): our build against plain Pelican and Hugo, on synthetic catalogues.

For each size (bench/synth.py), median of the runs (default: realistic and large, 3 runs; huge, 1 run):
- `check`: `python -m catalogue --root DIR check` (a new process, imports included);
- full cold build: `python -m catalogue --root DIR build --output OUT --settings <repo>/pelicanconf.py`
  into an empty folder, with an empty build cache (CATALOGUE_CACHE_DIR: QR codes) (wall time, CPU time,
  peak memory of the process);
- rebuild after editing one activity: the same command again after changing one file (new process);
- preview loop (`make serve`): in one process that has already built once, edit one activity,
  then `build_site` again; plus the time `serve` takes to notice the change (its file snapshot);
- output: total bytes, files, HTML pages, .ics files, largest feed (under calendriers/), largest page; and for
  each kind of output (pages, widgets, calendars, QR codes, open data, PDFs, Open Badges, discovery files,
  search index) its files, bytes and largest file, raw and gzipped, against the issues' size targets;
- plain Pelican and Hugo building the same number of pages from the same body text (bench/baselines.py),
  in the same run, interleaved with ours.

Results: bench/results/bench.json (merged by size with earlier results unless --fresh), bench/results/bench.md,
and the README section between `<!-- bench:debut -->` and `<!-- bench:fin -->`.

    python bench/run.py                          # realistic and large, 3 runs each; huge, 1 run, no preview loop
    python bench/run.py --sizes huge --skip none # huge with the preview loop too (two more full builds)
    python bench/run.py --sizes realistic --runs 5 --skip baselines,preview --no-readme
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import baselines  # noqa: E402
import synth  # noqa: E402

RESULTS = BENCH / "results"
README = REPO / "README.md"
MARK_START, MARK_END = "<!-- bench:debut -->", "<!-- bench:fin -->"
ALL_SIZES = ("realistic", "large", "huge")
DEFAULT_SIZES = ALL_SIZES
# Skipped unless --skip says otherwise: at the huge size, the preview loop costs two more full builds.
DEFAULT_SKIP = {"huge": {"preview"}}
MEASURES = ("check", "rebuild", "preview", "baselines")  # the full build is always measured
DEFAULT_RUNS = {"realistic": 3, "large": 3, "huge": 1}
SIZE_LABELS = {"realistic": "réaliste", "large": "grande", "huge": "énorme"}
# Targets of issue 7, checked in the tables (not asserted anywhere).
TARGETS = {
    "realistic": {"build": 3.0, "check": 1.0, "preview": 0.5},
    "huge": {"build": 60.0, "rss_mb": 1024.0},
}


def _interrupted(signum, frame):
    raise KeyboardInterrupt


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---- measuring one process -------------------------------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def machine_busy() -> float:
    """CPU seconds used by the whole machine since boot (all cores, idle and iowait excluded)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    busy = sum(fields[:8]) - idle  # user nice system idle iowait irq softirq steal
    return busy / _TICK


QUIET = {"max_wait": 0.0, "threshold": 0.5}


def _tree(root: int) -> list[int]:
    """`root` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def tree_pss_mb(root: int) -> float:
    """Proportional set size of a process and its descendants: shared pages (fork) counted once."""
    total = 0
    for pid in _tree(root):
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except (OSError, ValueError, IndexError):
            continue
    return total / 1024


def wait_for_quiet() -> float:
    """Wait (at most QUIET['max_wait'] s) until the rest of the machine uses less than QUIET['threshold'] core."""
    waited, started = 0.0, time.perf_counter()
    while True:
        before, t0 = machine_busy(), time.perf_counter()
        time.sleep(0.5)
        load = (machine_busy() - before) / (time.perf_counter() - t0)
        waited = time.perf_counter() - started
        if load < QUIET["threshold"] or waited >= QUIET["max_wait"]:
            return round(waited, 1)
        time.sleep(2)


def measure(cmd: list[str], *, env: dict, cwd: Path | None = None, timeout: float | None = None) -> dict:
    """Run `cmd`; wall time, CPU time and peak resident memory of that process (and its reaped children)."""
    # Flush what earlier steps wrote (up to a gigabyte at the huge size): otherwise the kernel's writeback
    # of the previous build slows down this one's writes. Not timed.
    os.sync()
    waited = wait_for_quiet() if QUIET["max_wait"] else 0.0
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        busy = machine_busy()
        started = time.perf_counter()
        process = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd)
        deadline = started + timeout if timeout else None
        peak_pss, next_sample = 0.0, started
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            now = time.perf_counter()
            if now >= next_sample:  # every 0.1 s for the first 5 s, then every 0.25 s
                peak_pss = max(peak_pss, tree_pss_mb(process.pid))
                next_sample = now + (0.1 if now - started < 5 else 0.25)
            if deadline and time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.002)
        wall = time.perf_counter() - started
        busy = machine_busy() - busy
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    result = {
        "wall_s": round(wall, 4),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 4),
        "max_rss_mb": round(usage.ru_maxrss / 1024, 1),  # the largest single process (itself or a child)
        "peak_tree_pss_mb": round(peak_pss, 1),  # all its processes together, sampled
        "returncode": process.returncode,
        # cores kept busy by the rest of the machine meanwhile: > 0.25 means the figure is inflated
        "others_cores": round(max(0.0, busy - usage.ru_utime - usage.ru_stime) / wall, 2) if wall > 0 else None,
        "waited_for_quiet_s": waited,
    }
    if process.returncode != 0:
        result["error"] = (stderr.strip() or stdout.strip())[-2000:]
    result["stdout_tail"] = stdout.strip()[-300:]
    return result


def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 4) if values else None


def summarise(samples: list[dict]) -> dict:
    ok = [s for s in samples if s.get("returncode") == 0]
    summary = {
        "runs": len(samples),
        "failures": len(samples) - len(ok),
        "wall_s": median([s["wall_s"] for s in ok]),
        "cpu_s": median([s["cpu_s"] for s in ok]),
        "max_rss_mb": median([s["max_rss_mb"] for s in ok]),
        "peak_tree_pss_mb": median([s.get("peak_tree_pss_mb") for s in ok]),
        "others_cores": median([s.get("others_cores") for s in samples]),
        "samples_wall_s": [s["wall_s"] for s in samples],
    }
    errors = [s["error"] for s in samples if "error" in s]
    if errors:
        summary["error"] = errors[-1]
    return summary


# ---- the output of a build -------------------------------------------------------------------


# Each kind of output the build writes, first match wins: (label, test on the path relative to the site, target
# in gzipped bytes for its largest file or None). Targets: a page under 50 KB gzipped (issue 18), a partner widget
# under 15 KB (issue 19), a feed under 1 MB raw (Google drops events past it; checked on the raw size).
OUTPUT_FAMILIES: tuple[tuple[str, object, int | None], ...] = (
    ("widgets à intégrer (`integrer/`)", lambda r: r.startswith("integrer/"), 15_000),
    ("éditeur en ligne (`admin/`)", lambda r: r.startswith("admin/"), None),
    ("pages HTML", lambda r: r.endswith(".html"), 50_000),
    ("calendriers (.ics)", lambda r: r.endswith(".ics"), None),
    ("codes QR des calendriers (.svg)", lambda r: r.startswith("calendriers/") and r.endswith(".svg"), None),
    ("données ouvertes (`donnees/`)", lambda r: r.startswith("donnees/"), None),
    ("PDF à imprimer (fiches, programmes)", lambda r: r.endswith(".pdf"), None),
    ("Open Badges (JSON)", lambda r: r.startswith("badges/") and r.endswith(".json"), None),
    ("découverte (sitemap.xml, robots.txt, nouveautes.atom)", lambda r: r in ("sitemap.xml", "robots.txt", "nouveautes.atom"), None),
    ("index de recherche (`pagefind/`)", lambda r: r.startswith("pagefind/"), None),
    ("le reste (style, scripts, images)", lambda r: True, None),
)

TARGETS_GZIP = {name: target for name, _, target in OUTPUT_FAMILIES}


def output_families(folder: Path) -> list[dict]:
    """Files, bytes, the largest file and the largest once gzipped (the same file unless the kind has a size
    target) of each kind of output, in OUTPUT_FAMILIES order."""
    found: dict[str, dict] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(folder).as_posix()
        label = next(name for name, test, _ in OUTPUT_FAMILIES if test(relative))
        size = path.stat().st_size
        row = found.setdefault(label, {"name": label, "files": 0, "bytes": 0, "largest": "", "largest_bytes": 0,
                                       "largest_gzip": "", "largest_gzip_bytes": 0})
        row["files"] += 1
        row["bytes"] += size
        if size > row["largest_bytes"]:
            row["largest"], row["largest_bytes"] = relative, size
        if TARGETS_GZIP.get(label):  # a target on the compressed size: every file is compressed to find the largest
            packed = _gzipped(path)
            if packed > row["largest_gzip_bytes"]:
                row["largest_gzip"], row["largest_gzip_bytes"] = relative, packed
    rows = []
    for name, _, target in OUTPUT_FAMILIES:
        if name in found:
            row = found[name]
            if not target:
                row["largest_gzip"], row["largest_gzip_bytes"] = row["largest"], _gzipped(folder / row["largest"])
            row["target_gzip_bytes"] = target
            rows.append(row)
    return rows


def _gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6, mtime=0))


def output_stats(folder: Path) -> dict:
    total = files = html = ics = 0
    largest_feed = largest_ics = largest_html = (0, "")
    feeds = 0
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        relative = path.relative_to(folder).as_posix()
        total += size
        files += 1
        if path.suffix == ".html":
            html += 1
            largest_html = max(largest_html, (size, relative))
        if path.suffix == ".ics":
            ics += 1
            largest_ics = max(largest_ics, (size, relative))
        if relative.startswith("calendriers/") and path.suffix in (".ics", ".xml", ".json", ".atom", ".rss"):
            feeds += 1
            largest_feed = max(largest_feed, (size, relative))
    return {
        "total_bytes": total, "files": files, "html_pages": html, "ics_files": ics,
        "feeds": feeds if (folder / "calendriers").is_dir() else None,
        "largest_feed_bytes": largest_feed[0] or None, "largest_feed": largest_feed[1] or None,
        "largest_ics_bytes": largest_ics[0] or None, "largest_ics": largest_ics[1] or None,
        "largest_html_bytes": largest_html[0] or None, "largest_html": largest_html[1] or None,
        "families": output_families(folder),
    }


# ---- the preview loop, in one process ---------------------------------------------------------

PREVIEW_DRIVER = r'''
import json, os, resource, sys, time
from pathlib import Path
root, output, settings, target, runs = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), int(sys.argv[5])
from catalogue.glue.build import build_site
from catalogue.cli import serve
started = time.perf_counter()
build_site(root, output, settings, keep_file_cache=True)
first = time.perf_counter() - started
original = target.read_bytes()
rebuilds, snapshots = [], []
try:
    for index in range(runs):
        target.write_bytes(original + f"\nModification d'aperçu numéro {index + 1}.\n".encode())
        os.sync()
        started = time.perf_counter()
        serve.snapshot(root)
        snapshots.append(time.perf_counter() - started)
        started = time.perf_counter()
        build_site(root, output, settings, keep_file_cache=True)
        rebuilds.append(time.perf_counter() - started)
finally:
    target.write_bytes(original)
print(json.dumps({"first_build_s": first, "rebuild_s": rebuilds, "snapshot_s": snapshots,
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
'''


def edit_target(content: Path) -> Path:
    """The activity edited for the rebuild measures: the middle one, deterministic."""
    files = sorted((content / "activities").glob("*/*.md"))
    return files[len(files) // 2]


# ---- one size --------------------------------------------------------------------------------


def bench_size(size: str, runs: int, args, env: dict) -> dict:
    skip = DEFAULT_SKIP.get(size, set()) if args.skip is None else args.skip
    baselines_wanted = "baselines" not in skip
    work = args.work / size
    written = args.outputs / size  # what the builds write: in memory (tmpfs) unless --outputs-on-disk
    content, out, cache = work / "content", written / "output", written / "cache"
    pelican_out, hugo_out, preview_out = written / "pelican-output", written / "hugo-public", written / "preview-output"
    # The build keeps QR codes between builds in $CATALOGUE_CACHE_DIR: emptied before each cold build,
    # kept for the rebuilds (as on an editor's machine); never the user's ~/.cache.
    env = {**env, "CATALOGUE_CACHE_DIR": str(cache)}
    python = str(args.python)
    settings = REPO / "pelicanconf.py"
    log(f"{size} : génération du catalogue synthétique dans {content}")
    started = time.perf_counter()
    stats = synth.generate(content, size, args.seed)
    generated = time.perf_counter() - started
    spec = synth.SIZES[size]
    result: dict = {
        "size": size, "structures": spec.structures, "activities": spec.activities, "skipped": sorted(skip),
        "generation_s": round(generated, 2), "synthetic": stats.__dict__, "runs": runs,
    }

    activities = baselines.read_activities(content)
    if baselines_wanted:
        baselines.write_pelican(activities, work / "pelican")
        baselines.write_hugo(activities, work / "hugo")
        if not args.hugo:
            log("hugo introuvable : comparaison avec Hugo sautée (bench/install-hugo l'installe)")

    check_cmd = [python, "-m", "catalogue", "--root", str(content), "check"]
    build_cmd = [python, "-m", "catalogue", "--root", str(content), "build", "--output", str(out), "--settings", str(settings)]
    samples: dict[str, list] = {"check": [], "build": [], "rebuild": [], "pelican": [], "hugo": []}
    target = edit_target(content)
    original = target.read_bytes()
    try:
        for run in range(runs):
            log(f"{size} : passage {run + 1}/{runs}")
            if "check" not in skip:
                samples["check"].append(measure(check_cmd, env=env, timeout=args.timeout))
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)
            samples["build"].append(measure(build_cmd, env=env, timeout=args.timeout))
            log(f"{size} :   construction complète {samples['build'][-1]['wall_s']:.2f} s")
            if run == 0 and samples["build"][-1]["returncode"] == 0:
                result["output"] = output_stats(out)
                match = samples["check"] and re.search(r"(\d+) séances", samples["check"][-1]["stdout_tail"])
                result["sessions"] = int(match.group(1)) if match else stats.expected_sessions
            if "rebuild" not in skip:
                target.write_bytes(original + f"\nModification numéro {run + 1}.\n".encode())
                samples["rebuild"].append(measure(build_cmd, env=env, timeout=args.timeout))
                target.write_bytes(original)
            if baselines_wanted:
                pelican = work / "pelican"
                shutil.rmtree(pelican_out, ignore_errors=True)
                samples["pelican"].append(measure(
                    [python, "-m", "pelican", str(pelican / "content"), "-s", str(pelican / "pelicanconf.py"),
                     "-o", str(pelican_out)], env=env, cwd=pelican, timeout=args.timeout))
                log(f"{size} :   Pelican simple {samples['pelican'][-1]['wall_s']:.2f} s")
                if args.hugo:
                    hugo = work / "hugo"
                    shutil.rmtree(hugo_out, ignore_errors=True)
                    samples["hugo"].append(measure(
                        [args.hugo, "--source", str(hugo), "--destination", str(hugo_out), "--quiet"],
                        env=env, cwd=hugo, timeout=args.timeout))
                    log(f"{size} :   Hugo {samples['hugo'][-1]['wall_s']:.2f} s")
    finally:
        target.write_bytes(original)

    result.setdefault("sessions", stats.expected_sessions)
    for key in ("check", "build", "rebuild"):
        result[key] = summarise(samples[key])
    if samples["pelican"]:
        result["pelican"] = summarise(samples["pelican"])
        result["pelican"]["output"] = output_stats(pelican_out)
    if samples["hugo"]:
        result["hugo"] = summarise(samples["hugo"])
        result["hugo"]["output"] = output_stats(hugo_out)

    if "preview" not in skip and result["build"]["failures"] == 0:
        log(f"{size} : boucle d'aperçu (un seul processus, {runs} modification(s))")
        shutil.rmtree(preview_out, ignore_errors=True)
        sample = measure([python, "-c", PREVIEW_DRIVER, str(content), str(preview_out), str(settings), str(target), str(runs)],
                         env=env, timeout=args.timeout)
        if sample["returncode"] == 0:
            data = json.loads(sample["stdout_tail"].splitlines()[-1])
            result["preview"] = {
                "first_build_s": round(data["first_build_s"], 4),
                "rebuild_s": median(data["rebuild_s"]), "samples_rebuild_s": [round(v, 4) for v in data["rebuild_s"]],
                "snapshot_s": median(data["snapshot_s"]), "max_rss_mb": round(data["max_rss_mb"], 1),
            }
        else:
            result["preview"] = {"error": sample.get("error")}
        shutil.rmtree(preview_out, ignore_errors=True)

    result["ratios"] = ratios(result)
    if not args.keep:
        shutil.rmtree(written, ignore_errors=True)
        for name in ("pelican", "hugo"):
            shutil.rmtree(work / name, ignore_errors=True)
    return result


def ratios(result: dict) -> dict:
    ours = result["build"]["wall_s"]
    pages = (result.get("output") or {}).get("html_pages")
    found = {}
    for name in ("pelican", "hugo"):
        other = result.get(name)
        if not ours or not other or not other.get("wall_s"):
            continue
        other_pages = other["output"]["html_pages"]
        found[name] = {
            "total": round(ours / other["wall_s"], 2),  # same number of activities: also the ratio per activity
            "cpu_total": round(result["build"]["cpu_s"] / other["cpu_s"], 2) if other.get("cpu_s") else None,
            "per_html_page": round((ours / pages) / (other["wall_s"] / other_pages), 2) if pages and other_pages else None,
            "ours_ms_per_activity": round(1000 * ours / result["activities"], 3),
            "other_ms_per_page": round(1000 * other["wall_s"] / other_pages, 3) if other_pages else None,
        }
    return found


# ---- the machine -----------------------------------------------------------------------------

MEMORY_FS = Path("/dev/shm")


def outputs_root(work: Path, on_disk: bool = False) -> Path:
    """Where builds write. In memory (tmpfs) by default: on this machine's disk (ext4 mounted with `discard`),
    creating thousands of files soon after thousands were deleted (by the previous build, or by anything else
    on the machine) costs seconds of kernel time that vary from run to run; that would measure the disk."""
    if not on_disk and MEMORY_FS.is_dir() and os.access(MEMORY_FS, os.W_OK) and shutil.disk_usage(MEMORY_FS).free > 8e9:
        root = MEMORY_FS / f"territoires-bench-{os.getpid()}"
        root.mkdir(exist_ok=True)
        return root
    return work


def filesystem_of(path: Path) -> str:
    """'tmpfs', 'ext4'… of the mount holding `path` (from /proc/mounts)."""
    try:
        best, kind, options = "", "?", ""
        for line in Path("/proc/mounts").read_text().splitlines():
            _, mount, fstype, opts, *_ = line.split()
            if str(path.resolve()).startswith(mount) and len(mount) > len(best):
                best, kind, options = mount, fstype, opts
        return f"{kind} ({best}{', discard' if 'discard' in options.split(',') else ''})"
    except (OSError, ValueError):
        return "?"


def code_fingerprint() -> str:
    """A hash of the code under test (plugin, theme, settings): others may edit it while the bench runs."""
    digest = hashlib.sha256()
    files = [REPO / "pelicanconf.py", *sorted((REPO / "plugins" / "catalogue").rglob("*.py")),
             *sorted(p for p in (REPO / "theme").rglob("*") if p.is_file())]
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def machine(python: Path, hugo: str | None) -> dict:
    def run(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=30, cwd=REPO).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")))
        memory = f"{kb / 1024 / 1024:.0f} Gio"
    except (OSError, StopIteration, ValueError):
        pass
    versions = run([str(python), "-c", "import sys, pelican, jinja2, markdown, pydantic, yaml; "
                    "print(sys.version.split()[0], pelican.__version__, jinja2.__version__, markdown.__version__, "
                    "pydantic.VERSION, yaml.__version__, yaml.__with_libyaml__)"]).split()
    names = ["python", "pelican", "jinja2", "markdown", "pydantic", "pyyaml", "libyaml"]
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "memory": memory, "system": f"{platform.system()} {platform.release()}",
        **dict(zip(names, versions)),
        "hugo": run([hugo, "version"]).split(" BuildDate")[0] if hugo else None,
        "commit": run(["git", "rev-parse", "--short", "HEAD"]),
        "uncommitted_changes": bool(run(["git", "status", "--porcelain", "--untracked-files=no", "--", "plugins", "theme", "pelicanconf.py"])),
    }


# ---- reports ---------------------------------------------------------------------------------


def fmt_s(value: float | None) -> str:
    if value is None:
        return "–"
    return (f"{value:.2f} s" if value < 10 else f"{value:.1f} s").replace(".", ",")


def fmt_bytes(value: int | None) -> str:
    if not value:
        return "–"
    for unit, scale in (("Go", 1e9), ("Mo", 1e6), ("ko", 1e3)):
        if value >= scale:
            return f"{value / scale:.1f} {unit}".replace(".", ",")
    return f"{value} o"


def num(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}".replace(",", " ").replace(".", ",")
    return text


def mark(value: float | None, limit: float | None) -> str:
    if value is None or limit is None:
        return ""
    return " ✅" if value <= limit else " ❌"


def families_markdown(rows: list[dict], label) -> list[str]:
    """One line per kind of output, one column per size: files, bytes, largest file raw and gzipped."""
    sized = [r for r in rows if (r.get("output") or {}).get("families")]
    if not sized:
        return []
    names = [name for name, _, _ in OUTPUT_FAMILIES if any(f["name"] == name for r in sized for f in r["output"]["families"])]
    lines = ["", "Taille de chaque sortie : fichiers · total ; plus gros fichier ; plus gros une fois compressé (gzip -6, ce que "
             "le serveur envoie ; pour les pages et les widgets, toutes sont compressées pour trouver la plus grosse) ; "
             "✅ / ❌ : objectif de taille compressée (page < 50 ko, widget < 15 ko).", "",
             "| sortie | " + " | ".join(label(r) for r in sized) + " |", "|---|" + "---:|" * len(sized)]
    for name in names:
        cells = []
        for r in sized:
            row = next((f for f in r["output"]["families"] if f["name"] == name), None)
            if row is None:
                cells.append("–")
                continue
            target = row.get("target_gzip_bytes")
            cells.append(f"{num(row['files'])} · {fmt_bytes(row['bytes'])} ; {fmt_bytes(row['largest_bytes'])} ; "
                         f"gzip {fmt_bytes(row['largest_gzip_bytes'])}{mark(row['largest_gzip_bytes'], target)}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def markdown(results: dict) -> str:
    sizes = [s for s in ALL_SIZES if s in results["sizes"]] + [s for s in results["sizes"] if s not in ALL_SIZES]
    rows = [results["sizes"][s] for s in sizes]
    m = results["machine"]
    label = lambda r: SIZE_LABELS.get(r["size"], r["size"])  # noqa: E731
    lines = [
        f"Machine : {m['nproc']} cœurs ({m['cpu']}), {m['memory']} de mémoire, {m['system']} ; Python {m.get('python')}, "
        f"Pelican {m.get('pelican')}, Jinja2 {m.get('jinja2')}, Markdown {m.get('markdown')}, pydantic {m.get('pydantic')}, "
        f"PyYAML {m.get('pyyaml')} (libyaml : {'oui' if m.get('libyaml') == 'True' else 'non'}) ; {m.get('hugo') or 'Hugo absent'}.",
        f"Code mesuré : commit {m.get('commit')}" + (" avec des modifications non commitées" if m.get("uncommitted_changes") else "")
        + f", le {results['measured_at'][:10]}. Médiane de N passages ; « aujourd'hui » = 25/11/2026 (SOURCE_DATE_EPOCH) ; "
        f"sites écrits sur {m.get('outputs_written_to', '?')}.",
    ]
    for r in rows:
        if r.get("code_changed_during_run"):
            lines.append(f"⚠ Taille {label(r)} : le code (plugins/catalogue, theme, pelicanconf.py) a changé pendant la mesure.")
        if r.get("measured_at") != results["measured_at"]:
            lines.append(f"Taille {label(r)} : mesurée lors d'un passage précédent ({r.get('measured_at', '?')[:10]}, "
                         f"commit {r.get('commit', '?')}" + (", modifications non commitées" if r.get("uncommitted_changes") else "") + ").")
    lines += [
        "",
        "| taille | activités | séances | construction complète (CPU) | mémoire max (tous processus) | `check` | reconstruction après 1 modif. : CLI | : dans `make serve` | N | charge extérieure |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        t = TARGETS.get(r["size"], {})
        preview = r.get("preview") or {}
        build = r["build"]
        failed = f" ({build['failures']} échec(s))" if build.get("failures") else ""
        others = build.get("others_cores")
        memory = max(build.get("max_rss_mb") or 0, build.get("peak_tree_pss_mb") or 0) or None
        lines.append(
            f"| {label(r)} | {num(r['activities'])} | {num(r.get('sessions'))} "
            f"| {fmt_s(build['wall_s'])}{mark(build['wall_s'], t.get('build'))} ({fmt_s(build.get('cpu_s'))}){failed} "
            f"| {num(memory)} Mo{mark(memory, t.get('rss_mb'))} "
            f"| {fmt_s(r['check']['wall_s'])}{mark(r['check']['wall_s'], t.get('check'))} "
            f"| {fmt_s(r['rebuild']['wall_s'])} "
            f"| {fmt_s(preview.get('rebuild_s'))}{mark(preview.get('rebuild_s'), t.get('preview'))} "
            f"| {r['runs']} | {num(others, 2) + (' ⚠' if others and others > 0.25 else '') if others is not None else '–'} |"
        )
    lines += [
        "",
        "| taille | sortie | fichiers | pages HTML | fichiers .ics | plus gros flux (`calendriers/`) | plus grosse page HTML |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        out = r.get("output") or {}
        feed = (f"{fmt_bytes(out.get('largest_feed_bytes'))} ({out.get('largest_feed')})" if out.get("largest_feed_bytes")
                else "pas de dossier `calendriers/`" if out else "–")
        lines.append(
            f"| {label(r)} | {fmt_bytes(out.get('total_bytes'))} | {num(out.get('files'))} | {num(out.get('html_pages'))} "
            f"| {num(out.get('ics_files'))} | {feed} | {fmt_bytes(out.get('largest_html_bytes'))} ({out.get('largest_html') or '–'}) |"
        )
    shipped = [results["shipped"]] if results.get("shipped") else []
    lines += families_markdown(shipped + rows, lambda r: "contenu d'exemple" if r["size"] == "exemple" else label(r))
    lines += [
        "",
        "Comparaison, même nombre de pages d'activité, même texte, même machine, dans le même passage "
        "(nous / X = temps de notre construction complète / temps de X ; c'est aussi le rapport par activité) :",
        "",
        "| taille | nous | Pelican simple | Hugo | nous / Pelican | nous / Pelican (CPU) | nous / Hugo | par page HTML : nous / Pelican | : nous / Hugo | par activité : nous | Pelican | Hugo |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        p, h = r.get("pelican") or {}, r.get("hugo") or {}
        rp, rh = r["ratios"].get("pelican", {}), r["ratios"].get("hugo", {})
        lines.append(
            f"| {label(r)} | {fmt_s(r['build']['wall_s'])} | {fmt_s(p.get('wall_s'))} | {fmt_s(h.get('wall_s'))} "
            f"| {num(rp.get('total'), 2)}{mark(rp.get('total'), 1.0)} | {num(rp.get('cpu_total'), 2)} "
            f"| {num(rh.get('total'), 2)}{mark(rh.get('total'), 2.5) if r['size'] == 'large' else ''} "
            f"| {num(rp.get('per_html_page'), 2)} | {num(rh.get('per_html_page'), 2)} "
            f"| {num(rp.get('ours_ms_per_activity') or rh.get('ours_ms_per_activity'), 1)} ms "
            f"| {num(rp.get('other_ms_per_page'), 1)} ms | {num(rh.get('other_ms_per_page'), 1)} ms |"
        )
    lines += [
        "",
        "Croissance avec le nombre de séances (médianes). Exposant k de t ∝ n^k depuis la taille précédente : "
        "1 = linéaire, moins de 1 = coûts fixes amortis, plus de 1 = plus vite que le nombre de séances.",
        "",
        "| taille | séances | construction | par 1 000 séances | CPU par 1 000 séances | k (construction, CPU) | `check` | `check` par 1 000 séances | k (`check`, CPU) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    previous = None
    for r in rows:
        sessions = r.get("sessions") or 0
        build, check, cpu = r["build"]["wall_s"], r["check"]["wall_s"], r["build"].get("cpu_s")
        per = lambda v: f"{num(1e6 * v / sessions, 0)} ms" if v and sessions else "–"  # noqa: E731
        k_build = k_check = None
        if previous:
            k_build = growth_exponent(previous.get("sessions"), previous["build"].get("cpu_s"), sessions, cpu)
            k_check = growth_exponent(previous.get("sessions"), previous["check"].get("cpu_s"), sessions, r["check"].get("cpu_s"))
        lines.append(f"| {label(r)} | {num(sessions)} | {fmt_s(build)} | {per(build)} | {per(cpu)} | {num(k_build, 2)} "
                     f"| {fmt_s(check)} | {per(check)} | {num(k_check, 2)} |")
        previous = r
    lines += [
        "",
        "✅ / ❌ : objectifs du ticket n° 7 (réaliste : construction < 3 s, `check` < 1 s, reconstruction dans `make serve` < 0,5 s ; "
        "énorme : construction < 60 s et mémoire < 1 Go ; par activité, pas plus lent que Pelican ; grande taille : ≤ 2,5 × Hugo). "
        "Temps CPU : processus et sous-processus (CPU > temps réel quand les deux cœurs travaillent) ; la colonne CPU "
        "compare le travail fait. Mémoire : le plus grand des deux, RSS maximal du plus gros processus ou somme des PSS "
        "de tous les processus (échantillonnée toutes les 0,1 à 0,25 s). "
        "Charge extérieure : cœurs occupés par les autres processus de la machine pendant la construction (⚠ au-delà de 0,25 : "
        "les temps réels sont gonflés d'autant).",
    ]
    return "\n".join(lines) + "\n"


def growth_exponent(n1: float, t1: float | None, n2: float, t2: float | None) -> float | None:
    """k in t ∝ n^k between two sizes: 1 is linear, above 1 grows faster than the number of sessions."""
    if not (t1 and t2 and n1 and n2) or n1 == n2:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def update_readme(table: str) -> bool:
    if not README.exists():
        return False
    text = README.read_text(encoding="utf-8")
    if MARK_START not in text or MARK_END not in text:
        return False
    before, rest = text.split(MARK_START, 1)
    _, after = rest.split(MARK_END, 1)
    README.write_text(f"{before}{MARK_START}\n{table}{MARK_END}{after}", encoding="utf-8")
    return True


# ---- main ------------------------------------------------------------------------------------


def shipped_output(args, env: dict) -> dict | None:
    """The sizes of the site built from the repository's own sample content (one cold build, not timed)."""
    out, cache = args.outputs / "exemple", args.work / "exemple-cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    cmd = [str(args.python), "-m", "catalogue", "--root", str(REPO), "build", "--output", str(out),
           "--settings", str(REPO / "pelicanconf.py")]
    done = subprocess.run(cmd, env={**env, "CATALOGUE_CACHE_DIR": str(cache)}, capture_output=True, text=True,
                          timeout=args.timeout, check=False)
    if done.returncode != 0:
        log(f"contenu d'exemple : la construction a échoué ({done.stderr.strip()[-300:]})")
        return None
    stats = output_stats(out)
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    return {"size": "exemple", "output": stats}


def run_sizes(sizes: list[str], args, env: dict, results: dict, json_path: Path) -> None:
    for size in sizes:
        runs = args.runs or DEFAULT_RUNS.get(size, 3)
        size_started = time.perf_counter()
        fingerprint = code_fingerprint()
        result = bench_size(size, runs, args, env)
        result["code_fingerprint"] = fingerprint
        result["code_changed_during_run"] = code_fingerprint() != fingerprint
        result["bench_seconds"] = round(time.perf_counter() - size_started, 1)
        result["measured_at"] = results["measured_at"]
        result["commit"] = results["machine"]["commit"]
        result["uncommitted_changes"] = results["machine"]["uncommitted_changes"]
        result["outputs_written_to"] = results["machine"]["outputs_written_to"]
        results["sizes"][size] = result
        json_path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        log(f"{size} : terminé en {result['bench_seconds']:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Banc d'essai du catalogue (voir la section Performances du README).")
    parser.add_argument("--sizes", default=",".join(DEFAULT_SIZES), help="tailles, séparées par des virgules (défaut : toutes)")
    parser.add_argument("--skip", help="mesures à sauter, parmi : " + ",".join(MEASURES)
                        + " ; « none » : aucune (défaut : preview pour huge seulement)")
    parser.add_argument("--runs", type=int, help="passages par taille (défaut : 3, et 1 pour huge)")
    parser.add_argument("--work", type=Path, default=REPO / ".build-bench", help="dossier de travail (ignoré par git)")
    parser.add_argument("--python", type=Path, default=REPO / ".venv" / "bin" / "python", help="Python du projet")
    parser.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    parser.add_argument("--timeout", type=float, default=1800, help="limite par commande mesurée, en secondes")
    parser.add_argument("--wait-quiet", type=float, default=20,
                        help="avant chaque mesure, attendre au plus N s que les autres processus occupent moins d'un demi-cœur")
    parser.add_argument("--no-readme", action="store_true", help="ne pas mettre à jour le README")
    parser.add_argument("--fresh", action="store_true", help="oublier les résultats précédents des autres tailles")
    parser.add_argument("--keep", action="store_true", help="garder les sites construits (dans /dev/shm, ou dans --work avec --outputs-on-disk)")
    parser.add_argument("--outputs-on-disk", action="store_true",
                        help="écrire les sites construits sur disque (dans --work) plutôt qu'en mémoire (/dev/shm)")
    parser.add_argument("--results", default="bench", help="nom des fichiers de résultats dans bench/results/")
    args = parser.parse_args(argv)
    if not args.python.exists():
        args.python = Path(sys.executable)
    args.python = args.python.absolute()
    args.hugo = shutil.which("hugo")
    if args.skip is not None:
        args.skip = {m.strip() for m in args.skip.split(",") if m.strip() and m.strip() != "none"}
        if args.skip - set(MEASURES):
            parser.error(f"mesure inconnue : {', '.join(sorted(args.skip - set(MEASURES)))} (connues : {', '.join(MEASURES)})")
    signal.signal(signal.SIGTERM, _interrupted)  # so that `finally` puts the edited activity back
    QUIET["max_wait"] = args.wait_quiet
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in synth.SIZES]
    if unknown:
        parser.error(f"taille inconnue : {', '.join(unknown)} (connues : {', '.join(synth.SIZES)})")

    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "plugins"),
        "SOURCE_DATE_EPOCH": str(synth.SOURCE_DATE_EPOCH),
        "SITE_ABSOLUTE_URL": "https://territoires-partages.example.org",
    }
    args.work.mkdir(parents=True, exist_ok=True)
    args.outputs = outputs_root(args.work, args.outputs_on_disk)
    RESULTS.mkdir(parents=True, exist_ok=True)
    json_path, md_path = RESULTS / f"{args.results}.json", RESULTS / f"{args.results}.md"
    previous = {}
    if json_path.exists() and not args.fresh:
        previous = json.loads(json_path.read_text(encoding="utf-8"))

    results = {"measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "machine": machine(args.python, args.hugo), "sizes": dict(previous.get("sizes", {})),
               "shipped": previous.get("shipped")}
    results["machine"]["outputs_written_to"] = filesystem_of(args.outputs)
    started = time.perf_counter()
    try:
        run_sizes(sizes, args, env, results, json_path)
        results["shipped"] = shipped_output(args, env) or results.get("shipped")
        json_path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    finally:
        if args.outputs != args.work and not args.keep:
            shutil.rmtree(args.outputs, ignore_errors=True)
    table = markdown(results)
    md_path.write_text("# Résultats du banc d'essai\n\n" + table, encoding="utf-8")
    print(table)
    if not args.no_readme:
        log("README mis à jour" if update_readme(table) else "README : marqueurs bench:debut / bench:fin introuvables")
    log(f"résultats : {json_path.relative_to(REPO)}, {md_path.relative_to(REPO)} ({time.perf_counter() - started:.0f} s)")
    failed = [s for s in sizes if results["sizes"][s]["build"]["failures"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
