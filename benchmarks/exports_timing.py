"""Time the exports a build recomputes every time, in one process, on a written corpus.

    python benchmarks/exports_timing.py <corpus root> [--code <checkout>] [--repeat 3]

Reads and validates the corpus (`check_site`, with no build cache: nothing is written
into it), builds the catalogue, then times each export as agenda/pipeline.py calls it.
Times are CPU seconds of this process: on a shared machine, wall-clock time would also
count the others' work. The first pass is what one build pays; later ones what a process
that rebuilds (`build.py serve`) pays. `--code` times another checkout's agenda/ (e.g.
`main`'s) on the same corpus, for a before/after comparison.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def steps(code: Path, root: Path, today: date, pages: bool) -> dict[str, Callable[[], object]]:
    """The export calls to time, with `code`'s agenda package, on the corpus at `root`."""
    sys.path.insert(0, str(code))

    def module(name: str) -> Any:
        return importlib.import_module(f"agenda.{name}")

    exports, pipeline = module("exports"), module("pipeline")
    # The CSV files moved to agenda/exports_csv.py: older code has them in exports.py.
    has_csv_module = importlib.util.find_spec("agenda.exports_csv") is not None
    csv_exports = module("exports_csv") if has_csv_module else exports
    checked = pipeline.check_site(root)
    if checked.content is None:
        raise SystemExit(f"{root} : le corpus a des erreurs")
    catalogue = module("catalogue").build_catalogue(checked.content, checked.config, today)
    links = module("urls").Links(checked.config.base_url)
    openagenda, widget = module("openagenda"), module("widget")
    listing_index, embed = module("listing_index"), module("embed_pages")
    print(f"{len(catalogue.events)} événements ({module('dates').__file__})")
    calls: dict[str, Callable[[], object]] = {
        "events_json": lambda: exports.events_json(catalogue, links),
        "events_csv": lambda: csv_exports.events_csv(catalogue, links),
        "venues_json": lambda: exports.venues_json(catalogue, links),
        "venues_csv": lambda: csv_exports.venues_csv(catalogue, links),
        "openagenda_json": lambda: openagenda.openagenda_json(catalogue, links),
        "listing_index_files": lambda: list(listing_index.listing_index_files(catalogue, links)),
        "widget_files": lambda: list(widget.widget_files(catalogue, links)),
        "embed_pages": lambda: list(embed.embed_pages(catalogue, links)),
    }
    if pages:  # every page's context: event cards and session dates in French
        calls["all_pages"] = lambda: list(module("pages").all_pages(catalogue, links))
    return calls


def main() -> None:
    """Print the CPU seconds of each pass of each export, then their totals."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("root", type=Path, help="the corpus (benchmarks/corpus.py --out)")
    parser.add_argument("--code", type=Path, default=REPO, help="checkout whose agenda/ to time")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 12, 3))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--exports-only", action="store_true", help="leave out all_pages")
    args = parser.parse_args()
    calls = steps(args.code.resolve(), args.root, args.today, not args.exports_only)
    totals = [0.0] * args.repeat
    for name, call in calls.items():
        seconds = []
        for index in range(args.repeat):
            begin = time.process_time()
            call()
            seconds.append(time.process_time() - begin)
            totals[index] += seconds[-1]
        print(f"{name:20} " + "  ".join(f"{s:7.3f}" for s in seconds))
    print(f"{'total':20} " + "  ".join(f"{s:7.3f}" for s in totals))


if __name__ == "__main__":
    main()
