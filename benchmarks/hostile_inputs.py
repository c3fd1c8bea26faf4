"""Time and peak memory of `check` on hostile files: `make hostile-benchmark`.

Each case is one file added to a copy of the test fixture site: a YAML « billion laughs »
bomb, a recursive anchor, deep nesting, a content file far over the size limit, a huge
title and description, an SVG entity bomb. `python build.py check` runs on it as a whole
process, several times; the script prints the median wall time, the largest peak
resident memory (ru_maxrss of the child) and the exit status, beside the clean site.
Every hostile case must end with exit status 1, in about the time of the clean one.

Usage: python benchmarks/hostile_inputs.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "site"
EVENT = "content/events/2027/hostile.md"
HEAD = 'title: "Atelier"\nvenue: mediatheque-epinal\norganizer: nef-test\nstart: "2027-03-10"\n'


def front(extra: str, body: str = "Texte.\n", times: int = 1) -> Iterator[str]:
    """An event file, its body repeated `times` times: written piece by piece, so that
    this script stays small (a child forked from a big parent would report its size)."""
    yield f"---\n{HEAD}{extra}---\n"
    for _ in range(times):
        yield body


def alias_bomb() -> Iterator[str]:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for level in range(1, 10):
        name, previous = chr(97 + level), chr(96 + level)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return front("\n".join(lines) + "\ntags: *j\n")


def svg_entity_bomb() -> Iterator[str]:
    entities = ['<!ENTITY a0 "lol">'] + [
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    ]
    yield '<?xml version="1.0"?>\n<!DOCTYPE svg [\n' + "\n".join(entities) + "\n]>\n"
    yield '<svg xmlns="http://www.w3.org/2000/svg"><text>&a9;</text></svg>\n'


CASES: dict[str, tuple[str, Callable[[], Iterable[str]]]] = {
    "site propre (référence)": ("", lambda: ()),
    "bombe d'alias YAML (1 Ko, 10⁹ éléments)": (EVENT, alias_bomb),
    "ancre récursive &a [x, *a]": (EVENT, lambda: front("tags: &a [x, *a]\n")),
    "5 000 listes imbriquées": (EVENT, lambda: front("tags: " + "[" * 5000 + "]" * 5000 + "\n")),
    "fichier de 50 Mo": (EVENT, lambda: front("", "Texte très long. " * 1000, 3000)),
    "résumé de 100 000 caractères": (EVENT, lambda: front(f'summary: "{"a" * 100_000}"\n')),
    "description de 900 000 caractères": (EVENT, lambda: front("", "mot ", 225_000)),
    "SVG à entités (10⁹ caractères)": ("content/events/2027/affiche.svg", svg_entity_bomb),
}


def prepare(folder: Path, relative: str, pieces: Iterable[str]) -> Path:
    root = folder / "site"
    root.mkdir()
    shutil.copy(REPO / "site_config.yaml", root / "site_config.yaml")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "assets", root / "assets")
    shutil.copytree(FIXTURE / "content", root / "content")
    if relative:
        with (root / relative).open("w", encoding="utf-8") as handle:
            handle.writelines(pieces)
    return root


def run_once(root: Path) -> tuple[float, int, int]:
    """Wall seconds, peak resident memory in KiB of that one process, exit status."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "check"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # wait4 gives the resources of this child alone (RUSAGE_CHILDREN would be a running
    # maximum over every child so far).
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss, child.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("| cas | temps médian | mémoire max (processus) | code de sortie |")
    print("|---|---:|---:|---:|")
    for name, (relative, make) in CASES.items():
        with tempfile.TemporaryDirectory() as folder:
            root = prepare(Path(folder), relative, make())
            runs = [run_once(root) for _ in range(args.repeat)]
        seconds = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        status = {r[2] for r in runs}
        print(f"| {name} | {seconds * 1000:.0f} ms | {peak / 1024:.0f} Mio | {status} |")


if __name__ == "__main__":
    main()
