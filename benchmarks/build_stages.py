"""Where one build spends its time: each stage's wall time, and the processor time of
this process and of its finished worker processes.

    python benchmarks/build_stages.py --root benchmarks/.work/corpus-10000 [--today …]

It always builds (like `build.py --force`), into the site's output folder. Delete
`.cache/` first for a cold build, `_site/` for a build without a previous site (what CI
does on a merge). Pagefind's processor time shows in the stage during which it ends.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from agenda.pipeline import build_site  # noqa: E402
from agenda.progress import Progress  # noqa: E402


def _processor() -> tuple[float, float]:
    """(this process, its finished children), user and system time together."""
    times = os.times()
    return times.user + times.system, times.children_user + times.children_system


class StageTimes(Progress):
    """A progress that prints, as each stage ends, how long it took."""

    def __init__(self) -> None:
        super().__init__(None)
        self.current: tuple[str, float, tuple[float, float]] | None = None
        self.lines: list[str] = []

    def stage(self, name: str, total: int = 0) -> None:
        now, processor = time.perf_counter(), _processor()
        if self.current is not None:
            previous, started, (own, children) = self.current
            line = (
                f"{previous:28} {now - started:7.2f} s   processus {processor[0] - own:7.2f} s"
                f"   sous-processus {processor[1] - children:7.2f} s"
            )
            self.lines.append(line)
            print(line, flush=True)
        self.current = (name, now, processor)

    def done(self) -> None:
        self.stage("fin")
        self.current = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 12, 3))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    report = build_site(args.root.resolve(), args.today, progress=StageTimes())
    print(
        f"total {time.perf_counter() - started:.2f} s ; {report.files} fichiers, dont "
        f"{report.unchanged} repris du site précédent ; cache : {report.cache_hits} repris, "
        f"{report.cache_misses} faits"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
