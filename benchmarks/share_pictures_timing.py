"""Time the share pictures of a written corpus, in one process, with no cache.

    python benchmarks/share_pictures_timing.py <corpus root> [--code <checkout>] [--repeat 3]

Reads and validates the corpus (`check_site`, with no build cache: nothing is written
into it), builds the catalogue, then makes every share picture as a cold build does,
in this process (no workers, so that the time is all here). Times are CPU seconds of
this process: on a shared machine, wall-clock time would also count the others' work.
Each pass starts from an empty memo. The digest of all the pictures' bytes shows
whether two checkouts make the same pictures; `--code` times another checkout's
agenda/ (e.g. `main`'s) on the same corpus, for a before/after comparison.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--code", type=Path, default=REPO)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 12, 3))
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.code.resolve()))

    def module(name: str) -> Any:
        return importlib.import_module(f"agenda.{name}")

    root = args.root.resolve()
    checked = module("pipeline").check_site(root)
    if checked.content is None:
        raise SystemExit(f"{root} : le corpus a des erreurs")
    catalogue = module("catalogue").build_catalogue(checked.content, checked.config, args.today)
    ogimage = module("ogimage")
    print(f"{len(catalogue.events)} événements ({ogimage.__file__})")
    for number in range(1, args.repeat + 1):
        ogimage.MEMO = type(ogimage.MEMO)()  # nothing made before this pass
        digest, count, size = hashlib.sha256(), 0, 0
        started = time.process_time()
        for file in ogimage.share_image_files(root, catalogue, None, 1):
            digest.update(file.data)
            count += 1
            size += len(file.data)
        seconds = time.process_time() - started
        print(
            f"passe {number} : {count} images en {seconds:.2f} s de processeur "
            f"({seconds / count * 1000:.1f} ms chacune, {size / count / 1024:.1f} Kio en "
            f"moyenne) ; empreinte {digest.hexdigest()[:16]}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
