"""A deterministic site of N events for the benchmarks: same N, same --today, same bytes.

    python benchmarks/corpus.py --events 1000 --out benchmarks/.work/corpus-1000

writes site_config.yaml, templates/ and assets/ copied from the repository, and
content/ with N events, N/10 venues over the ten départements (real postal code and
commune pairs from agenda/data/communes-grand-est.json), N/20 partners, Markdown
descriptions of 150 to 600 words, multi-session events, exhibitions with opening
hours, every status, and a few small PNG and JPEG images shared by events. Dates
spread over the two years before --today and the year after, so that both the
archives and the upcoming listings fill.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: `benchmarks.corpus_text` must resolve
    sys.path.insert(0, str(REPO))

from benchmarks import corpus_text  # noqa: E402

Label = TypeVar("Label", bound=str)
MARKER = ".corpus-version"
DEFAULT_TODAY = date(2026, 12, 3)
SEED = 20261203

# A point near the middle of each département, so that venues land inside it.
CENTRES: dict[str, tuple[float, float]] = {
    "08": (49.62, 4.68),
    "10": (48.30, 4.10),
    "51": (49.00, 4.10),
    "52": (48.10, 5.15),
    "54": (48.70, 6.15),
    "55": (48.95, 5.40),
    "57": (49.10, 6.50),
    "67": (48.60, 7.55),
    "68": (47.95, 7.30),
    "88": (48.20, 6.40),
}
VENUE_KINDS = (
    "Médiathèque",
    "Musée",
    "Salle des fêtes",
    "Maison de la nature",
    "Planétarium",
    "Fablab",
    "Centre culturel",
    "Collège Jules-Ferry",
)
STREETS = ("rue de la République", "place de la Mairie", "rue Victor-Hugo", "avenue de la Gare")
PARTNER_KINDS = ("Association", "Médiathèque", "Club d'astronomie", "Musée", "Commune")
FORMATS = (
    "atelier",
    "conference",
    "visite",
    "spectacle",
    "projection",
    "village-des-sciences",
    "cafe-des-sciences",
    "sortie-nature",
    "jeu",
)
AUDIENCES = ("tout-public", "familles", "jeune-public", "scolaires", "adultes", "etudiants")
ACCESSIBILITY = ("moteur", "auditif", "visuel", "psychique", "mental")
PRICES = ("5 €", "8 € / 5 € tarif réduit", "3 € par enfant", "Prix libre")
OPENING_HOURS = (
    '"mar-dim 14:00-18:00"',
    '["mar-ven 10:00-12:00 14:00-18:00", "sam,dim 14:00-18:00"]',
    '"lun,mer,ven 09:00-17:00"',
)


class Timing(StrEnum):
    """How an event says when it happens."""

    TIMED = "timed"  # start and end times on one day
    SESSIONS = "sessions"  # held several times
    EXHIBITION = "exhibition"  # a date range with opening hours
    ALL_DAY = "all-day"  # a date without a time


class Attendance(StrEnum):
    """Where an event is attended."""

    ON_SITE = "on-site"
    ONLINE = "online"
    MIXED = "mixed"


# Shares of the N events, made exact by shuffling a list of labels (not drawn one by
# one), so that a small corpus has the same mix as a big one. Statuses are the values
# written in the files.
TIMINGS = {Timing.SESSIONS: 0.15, Timing.EXHIBITION: 0.10, Timing.ALL_DAY: 0.03}
STATUSES = {
    "cancelled": 0.04,
    "postponed": 0.02,
    "full": 0.03,
    "rescheduled": 0.02,
    "moved-online": 0.01,
}
ATTENDANCE = {Attendance.ONLINE: 0.03, Attendance.MIXED: 0.03}


@dataclass(frozen=True)
class Venue:
    """What an event needs to know of a generated venue."""

    slug: str
    city: str


def slugify(text: str) -> str:
    """Lower-case ASCII letters, digits and hyphens, as the content's file names need."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def generator_version() -> str:
    """A hash of the generator's own code: a corpus written by other code is stale."""
    digest = hashlib.sha256()
    for module in ("corpus.py", "corpus_text.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()[:16]


def labels(shares: dict[Label, float], count: int, rest: Label, rng: random.Random) -> list[Label]:
    """`count` labels in the given shares, the remainder being `rest`, shuffled."""
    chosen = [label for label, share in shares.items() for _ in range(round(share * count))]
    chosen += [rest] * (count - len(chosen))
    rng.shuffle(chosen)
    return chosen


def communes_by_departement() -> dict[str, list[tuple[str, str]]]:
    """Every (postal code, commune) pair of the région, by département, in a fixed order."""
    data = json.loads((REPO / "agenda" / "data" / "communes-grand-est.json").read_text("utf-8"))
    found: dict[str, list[tuple[str, str]]] = {code: [] for code in CENTRES}
    for postal_code, communes in sorted(data["postal_codes"].items()):
        for name, departement in communes:
            found[departement].append((postal_code, name))
    return found


def write_images(folder: Path) -> list[str]:
    """A few small PNG and JPEG images (gradients and discs) shared by events."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, (suffix, colour) in enumerate(
        [
            ("png", (20, 60, 120)),
            ("jpg", (160, 90, 30)),
            ("png", (30, 120, 60)),
            ("jpg", (90, 40, 110)),
        ]
    ):
        image = Image.new("RGB", (480, 300), colour)
        draw = ImageDraw.Draw(image)
        for row in range(300):
            shade = tuple(min(255, c + row // 3) for c in colour)
            draw.line([(0, row), (480, row)], fill=shade)
        draw.ellipse([140 + 20 * number, 60, 340, 260], fill=(240, 220, 120))
        path = folder / f"illustration-{number + 1}.{suffix}"
        if suffix == "png":
            image.save(path, format="PNG", optimize=False)
        else:
            image.save(path, format="JPEG", quality=80)
        paths.append(path.relative_to(folder.parents[2]).as_posix())
    return paths


def domain_label(slug: str) -> str:
    """A slug as one label of a domain name, which has 63 characters at most: the
    longest partner names of a 50,000-event corpus would make invalid addresses."""
    return slug[:63].rstrip("-")


def partner_files(count: int, rng: random.Random) -> dict[str, str]:
    """Partner slug → YAML text."""
    communes = [c for pairs in communes_by_departement().values() for _, c in pairs]
    files: dict[str, str] = {}
    for number in range(count):
        name = f"{rng.choice(PARTNER_KINDS)} de {rng.choice(communes)}"
        slug = f"{slugify(name)}-{number + 1}"
        lines = [
            f"name: {quoted(name)}",
            f'url: "https://www.example.org/{slug}"',
            f'email: "contact@{domain_label(slug)}.example.org"',
            "description: >-",
            f"  {name} fait découvrir les sciences à tous les publics, en ateliers,",
            "  conférences et sorties, avec les chercheurs et les associations du territoire.",
        ]
        files[slug] = "\n".join(lines) + "\n"
    return files


def venue_files(count: int, rng: random.Random) -> dict[Venue, str]:
    """Venue → YAML text, spread evenly over the ten départements."""
    communes = communes_by_departement()
    codes = sorted(CENTRES)
    files: dict[Venue, str] = {}
    for number in range(count):
        code = codes[number % len(codes)]
        postal_code, city = rng.choice(communes[code])
        name = f"{rng.choice(VENUE_KINDS)} de {city}"
        venue = Venue(f"{slugify(name)}-{number + 1}", city)
        lat, lon = CENTRES[code]
        lines = [
            f"name: {quoted(name)}",
            f'address: "{rng.randint(1, 80)} {rng.choice(STREETS)}"',
            f'postal_code: "{postal_code}"',
            f"city: {quoted(city)}",
        ]
        if number % 2 == 0:
            lines.append(f'departement: "{code}"')
        lines += [
            f"lat: {lat + rng.uniform(-0.12, 0.12):.4f}",
            f"lon: {lon + rng.uniform(-0.12, 0.12):.4f}",
            f'access: "Arrêt de bus {rng.choice(("Mairie", "Gare", "Centre"))} ; parking gratuit."',
            f'phone: "03 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} 00"',
            f"accessibility: [{', '.join(sorted(rng.sample(ACCESSIBILITY, rng.randint(1, 3))))}]",
            f"description: {quoted(f'Un lieu de rencontre et de culture au cœur de {city}.')}",
        ]
        files[venue] = "\n".join(lines) + "\n"
    return files


def _stamp(day: date, hour: int, minute: int = 0) -> str:
    return f'"{day.isoformat()} {hour:02d}:{minute:02d}"'


def timing_lines(timing: Timing, day: date, rng: random.Random) -> list[str]:
    """The front matter lines that say when: start/end, sessions or opening hours.

    Hours stay between 9:00 and 22:00: no local time falls in a daylight-saving gap."""
    if timing is Timing.SESSIONS:
        lines = ["sessions:"]
        for number in range(rng.randint(2, 5)):
            session = day + timedelta(days=number * rng.randint(1, 14))
            hour = rng.randint(9, 19)
            ident = f"id: s{number + 1}, " if rng.random() < 0.5 else ""
            lines.append(
                f"  - {{ {ident}start: {_stamp(session, hour)}, end: {_stamp(session, hour + 2)} }}"
            )
        return lines
    if timing is Timing.EXHIBITION:
        last = day + timedelta(days=rng.randint(20, 120))
        lines = [
            f'start: "{day.isoformat()}"',
            f'end: "{last.isoformat()}"',
            f"opening_hours: {rng.choice(OPENING_HOURS)}",
        ]
        if rng.random() < 0.5:
            closed = day + timedelta(days=rng.randint(1, (last - day).days))
            lines.append(f'closed: ["{closed.isoformat()}"]')
        return lines
    if timing is Timing.ALL_DAY:
        return [f'start: "{day.isoformat()}"']
    hour = rng.randint(9, 20)
    minute = rng.choice((0, 0, 30))
    return [f"start: {_stamp(day, hour, minute)}", f"end: {_stamp(day, hour + 2, minute)}"]


@dataclass(frozen=True)
class EventPlan:
    """The drawn shape of one event: when, its status, where it is attended."""

    timing: Timing
    status: str
    attendance: Attendance


def event_file(
    plan: EventPlan,
    day: date,
    venue: Venue,
    partners: list[str],
    images: list[str],
    rng: random.Random,
) -> tuple[str, str]:
    """(slug, Markdown file text) of one event."""
    theme, subject, nouns = rng.choice(corpus_text.SUBJECTS)
    format_slug = "exposition" if plan.timing is Timing.EXHIBITION else rng.choice(FORMATS)
    title = corpus_text.title(rng, format_slug, subject)
    online = (
        plan.attendance in (Attendance.ONLINE, Attendance.MIXED) or plan.status == "moved-online"
    )
    place = "en ligne" if plan.attendance is Attendance.ONLINE else f"à {venue.city}"
    slug = f"{slugify(title)[:50].rstrip('-')}-{slugify(venue.city)[:20].rstrip('-')}-{day.year}"
    organizer = rng.choice(partners)
    lines = [
        f"title: {quoted(f'{title} {place}' if rng.random() < 0.5 else title)}",
        f"summary: {quoted(f'Un rendez-vous {place} pour tout savoir sur {subject}.')}",
    ]
    if plan.attendance is not Attendance.ONLINE:
        lines.append(f"venue: {venue.slug}")
    if online:
        lines.append(f'online: "https://www.example.org/direct/{slugify(subject)}"')
    lines.append(f"organizer: {organizer}")
    others = [p for p in partners if p != organizer]
    if others and rng.random() < 0.6:
        lines.append(
            f"partners: [{', '.join(rng.sample(others, min(len(others), rng.randint(1, 2))))}]"
        )
    lines += timing_lines(plan.timing, day, rng)
    other_theme = rng.choice(corpus_text.SUBJECTS)[0]
    themes = [theme] + ([other_theme] if other_theme != theme and rng.random() < 0.4 else [])
    lines += [
        f"themes: [{', '.join(themes)}]",
        f"format: {format_slug}",
        f"audience: [{', '.join(rng.sample(AUDIENCES, rng.randint(1, 3)))}]",
    ]
    if rng.random() < 0.3:
        age_min = rng.randint(3, 12)
        lines.append(f"age_min: {age_min}")
        if rng.random() < 0.5:
            lines.append(f"age_max: {age_min + rng.randint(3, 8)}")
    lines.append(f"price: {quoted('gratuit' if rng.random() < 0.6 else rng.choice(PRICES))}")
    registration = rng.choice(
        (
            f'"https://www.example.org/inscription/{slug}"',
            f'"inscription@{domain_label(organizer)}.example.org"',
            '"03 83 00 00 00"',
            '"Entrée libre, dans la limite des places disponibles"',
        )
    )
    lines.append(f"registration: {registration}")
    if rng.random() < 0.7:
        chosen = sorted(rng.sample(ACCESSIBILITY, rng.randint(1, 3)))
        lines.append(f"accessibility: [{', '.join(chosen)}]")
        if "auditif" in chosen and rng.random() < 0.5:
            lines.append('accessibility_notes: "Interprétation en LSF ; boucle magnétique."')
    if rng.random() < 0.2:
        lines += [
            f"image: {rng.choice(images)}",
            f"image_alt: {quoted(f'Illustration aux couleurs de {subject}.')}",
            'image_credit: "Illustration Agenda CSTI Grand Est"',
        ]
    if plan.status != "scheduled":
        lines.append(f"status: {plan.status}")
    if plan.status == "rescheduled":
        lines.append(f"previous_start: {_stamp(day - timedelta(days=rng.randint(7, 30)), 14)}")
    if rng.random() < 0.5:
        lines.append(f"tags: [{', '.join(rng.sample(nouns, 2))}]")
    body = corpus_text.description(rng, subject, nouns, f"https://www.example.org/{organizer}")
    return slug, "---\n" + "\n".join(lines) + "\n---\n" + body


def write_corpus(out: Path, events: int, today: date = DEFAULT_TODAY) -> None:
    """Write the whole site folder: configuration, templates, assets and content."""
    rng = random.Random(f"{SEED}-{events}-{today.isoformat()}")
    marker = out / MARKER
    if out.exists() and any(out.iterdir()) and not marker.exists():
        raise SystemExit(
            f"{out} existe et n'est pas un corpus de benchmark : choisissez un autre dossier."
        )
    for generated in ("content", "templates", "assets"):
        shutil.rmtree(out / generated, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "site_config.yaml", out / "site_config.yaml")
    shutil.copytree(REPO / "templates", out / "templates")
    shutil.copytree(REPO / "assets", out / "assets")
    images = write_images(out / "assets" / "images" / "corpus")

    partners = partner_files(max(1, events // 20), rng)
    venues = venue_files(max(1, events // 10), rng)
    for folder, records in (
        ("partners", partners),
        ("venues", {v.slug: t for v, t in venues.items()}),
    ):
        (out / "content" / folder).mkdir(parents=True)
        for slug, text in records.items():
            (out / "content" / folder / f"{slug}.yaml").write_text(text, encoding="utf-8")

    venue_list = list(venues)
    partner_slugs = list(partners)
    timings = labels(TIMINGS, events, Timing.TIMED, rng)
    statuses = labels(STATUSES, events, "scheduled", rng)
    attendances = labels(ATTENDANCE, events, Attendance.ON_SITE, rng)
    seen: set[str] = set()
    for number in range(events):
        plan = EventPlan(timings[number], statuses[number], attendances[number])
        day = today + timedelta(days=rng.randint(-760, 420))
        slug, text = event_file(plan, day, rng.choice(venue_list), partner_slugs, images, rng)
        if slug in seen:
            slug = f"{slug}-{number}"
        seen.add(slug)
        year_folder = out / "content" / "events" / str(day.year)
        year_folder.mkdir(parents=True, exist_ok=True)
        (year_folder / f"{slug}.md").write_text(text, encoding="utf-8")
    marker.write_text(f"{generator_version()} {events} {today.isoformat()}\n", encoding="utf-8")


def is_current(out: Path, events: int, today: date = DEFAULT_TODAY) -> bool:
    """Whether `out` holds a corpus of this size and date written by this very generator."""
    marker = out / MARKER
    expected = f"{generator_version()} {events} {today.isoformat()}\n"
    return marker.exists() and marker.read_text("utf-8") == expected


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--today", type=date.fromisoformat, default=DEFAULT_TODAY)
    args = parser.parse_args()
    write_corpus(args.out, args.events, args.today)
    print(f"{args.events} événements écrits dans {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
