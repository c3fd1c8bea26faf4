"""Build-time benchmark on generated content: `make benchmark` (not part of the tests).

Generates sites of growing size (events spread over the ten départements, with
sessions, exhibitions and statuses), builds each several times and prints the median
times of `check` and of the whole build, and the time per event, so that growth that
is worse than linear shows as a rising per-event cost.

Usage: python benchmarks/build_benchmark.py [--sizes 1000 5000 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from agenda.pipeline import build_site, check_site  # noqa: E402

TODAY = date(2026, 11, 25)
# A real postal code and commune per département: check compares venues with the
# communes of the région (agenda/data/communes-grand-est.json).
POSTAL = {
    "08": ("08000", "Charleville-Mézières"),
    "10": ("10000", "Troyes"),
    "51": ("51100", "Reims"),
    "52": ("52000", "Chaumont"),
    "54": ("54000", "Nancy"),
    "55": ("55100", "Verdun"),
    "57": ("57000", "Metz"),
    "67": ("67000", "Strasbourg"),
    "68": ("68100", "Mulhouse"),
    "88": ("88000", "Épinal"),
}
THEMES = [
    "astronomie-espace",
    "biodiversite-nature",
    "climat-energie",
    "numerique-robotique",
    "sante-corps-humain",
    "mathematiques",
    "physique-chimie",
    "terre-geologie",
    "patrimoine-industriel",
    "sciences-societe",
]
FORMATS = ["atelier", "conference", "visite", "spectacle", "projection"]
STATUSES = ["scheduled"] * 16 + ["cancelled", "postponed", "full", "rescheduled"]


def make_site(root: Path, events: int) -> None:
    """A site with `events` events, 10 venues per département and 50 partners."""
    shutil.copy(REPO / "site_config.yaml", root / "site_config.yaml")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "assets", root / "assets")
    (root / "content" / "partners").mkdir(parents=True)
    (root / "content" / "venues").mkdir()
    for p in range(50):
        (root / "content" / "partners" / f"partenaire-{p}.yaml").write_text(
            f'name: "Partenaire {p}"\nurl: "https://www.example.org/{p}"\n', encoding="utf-8"
        )
    venues = []
    for code, (postal, city) in POSTAL.items():
        for v in range(10):
            slug = f"lieu-{code}-{v}"
            venues.append(slug)
            (root / "content" / "venues" / f"{slug}.yaml").write_text(
                f'name: "Lieu {v}"\naddress: "{v} rue de la Science"\npostal_code: "{postal}"\n'
                f'city: "{city}"\nlat: 48.5\nlon: 6.0\n',
                encoding="utf-8",
            )
    for n in range(events):
        year_folder = root / "content" / "events" / str(2025 + n % 3)
        year_folder.mkdir(parents=True, exist_ok=True)
        day = date(2025, 9, 1) + timedelta(days=(n * 7) % 800)
        status = STATUSES[n % len(STATUSES)]
        lines = [
            f'title: "Événement n° {n}"',
            f'summary: "Un rendez-vous de science numéro {n}."',
            f"venue: {venues[n % len(venues)]}",
            f"organizer: partenaire-{n % 50}",
            f"partners: [partenaire-{(n + 1) % 50}]",
            f"themes: [{THEMES[n % 10]}, {THEMES[(n + 3) % 10]}]",
            f"format: {FORMATS[n % len(FORMATS)]}",
            "audience: [tout-public]",
            "price: gratuit",
            f"status: {status}",
        ]
        if status == "rescheduled":
            lines.append(f'previous_start: "{day.isoformat()} 10:00"')
        if n % 10 == 0:
            lines += [
                f'start: "{day.isoformat()}"',
                f'end: "{(day + timedelta(days=30)).isoformat()}"',
                'opening_hours: "mar-dim 14:00-18:00"',
            ]
        elif n % 5 == 0:
            lines.append("sessions:")
            for s in range(3):
                d = day + timedelta(days=7 * s)
                lines += [
                    f"  - id: s{s}",
                    f'    start: "{d.isoformat()} 10:00"',
                    f'    end: "{d.isoformat()} 12:00"',
                ]
        else:
            lines += [f'start: "{day.isoformat()} 14:00"', f'end: "{day.isoformat()} 16:00"']
        text = (
            "---\n"
            + "\n".join(lines)
            + "\n---\nUne description **courte** avec un [lien](https://www.example.org).\n"
        )
        (year_folder / f"evenement-{n}.md").write_text(text, encoding="utf-8")


def timed(function, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def measure(root: Path, size: int, repeat: int) -> tuple[float, float, int]:
    """Median seconds of check and of build for a generated site, and its file count."""
    make_site(root, size)
    check = timed(lambda: check_site(root), repeat)
    reports = []
    build = timed(lambda: reports.append(build_site(root, TODAY, root / "_site")), repeat)
    return check, build, reports[-1].files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'events':>8} {'check (s)':>10} {'build (s)':>10} {'ms/event':>9} {'files':>8}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            check, build, files = measure(Path(folder), size, args.repeat)
        print(f"{size:>8} {check:>10.2f} {build:>10.2f} {1000 * build / size:>9.2f} {files:>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
