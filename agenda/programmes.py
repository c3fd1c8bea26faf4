"""Which printable programmes (PDF) the site offers, where they go, and the links to them.

Every département, venue and partner with events in the coming month (or the coming
three months) gets that period's programme in two forms: A4 pages, and an A5 booklet
imposed on A4 sheets (agenda/programme_pdf.py). A slice with no event in the period
gets no file, and its page no link. The PDFs are made before the pages because the
pages' links state each file's size and page count (RGAA 13.3: a download's format,
weight and length are given in its link).

Each PDF is a pure function of its slice, its events, the config and the day
(`slice_programme` then `programme_pdf`), so it can be made in another process or kept
in a cache keyed by those inputs.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import Enum
from pathlib import Path

from agenda import urls
from agenda.cache import BuildCache, generator_version, key_of
from agenda.catalogue import Catalogue
from agenda.dates import french_day_range
from agenda.model import Event
from agenda.output import OutputFile
from agenda.parallel import parallel_map
from agenda.programme_entries import Window, programme_entries
from agenda.programme_layout import FONT_BOLD, FONT_REGULAR, Paper, Programme, lay_out
from agenda.programme_pdf import RenderedPdf, render
from agenda.urls import Links

# A booklet needs at least two A5 pages; a single one is served by the A4 programme.
MIN_BOOKLET_PAGES = 2


class Period(Enum):
    """How far ahead a programme looks; the value names its file."""

    MONTH = "mois"
    THREE_MONTHS = "3-mois"

    @property
    def months(self) -> int:
        """Its length in calendar months."""
        return 1 if self is Period.MONTH else 3

    @property
    def label(self) -> str:
        """« du mois », « des trois mois », as in « Programme du mois »."""
        return "du mois" if self is Period.MONTH else "des trois mois"


@dataclass(frozen=True)
class Slice:
    """A page that offers programmes: a département, a venue or a partner, its events,
    and the venues whose sessions count (None for a partner: all of its sessions)."""

    page: str  # the page's URL (a folder): the PDFs sit beside its index.html
    heading: str  # « Médiathèque Georges-Delaw, Sedan »
    events: tuple[Event, ...]
    venues: Collection[str] | None = None


@dataclass(frozen=True)
class ProgrammeLink:
    """A link to one PDF, its text giving the format, page count and size."""

    url: str
    text: str
    booklet: bool = False  # an A5 booklet, which the page explains how to print


@dataclass(frozen=True)
class Programmes:
    """Every programme of the site: the files, and the links each page shows."""

    files: tuple[OutputFile, ...] = ()
    by_page: dict[str, tuple[ProgrammeLink, ...]] = field(default_factory=dict)


def period_days(today: date, period: Period) -> tuple[date, date]:
    """The first and last day of the period starting today: 25 November → 24 December
    for a month (the same day next month, minus one; 31 January → 28 February)."""
    month = today.month - 1 + period.months
    year, month = today.year + month // 12, month % 12 + 1
    month_end = calendar.monthrange(year, month)[1]
    if today.day > month_end:
        return today, date(year, month, month_end)
    return today, date(year, month, today.day) - timedelta(days=1)


def slices(catalogue: Catalogue) -> Iterator[Slice]:
    """The départements, then the venues, then the partners, each with its events."""
    config = catalogue.config
    for dep in config.departements:
        venues = {v.slug for v in catalogue.venues_by_departement.get(dep.code, ())}
        events = catalogue.upcoming_by_departement.get(dep.code, ())
        yield Slice(urls.departement(dep.slug), f"{dep.name} ({dep.code})", events, venues)
    for venue in catalogue.venues.values():
        events = catalogue.events_by_venue.get(venue.slug, ())
        heading = f"{venue.name}, {venue.city}"
        yield Slice(urls.venue(venue.slug), heading, events, frozenset({venue.slug}))
    for partner in catalogue.partners.values():
        events = catalogue.events_by_partner.get(partner.slug, ())
        yield Slice(urls.partner(partner.slug), partner.name, events)


def slice_programme(
    part: Slice, period: Period, catalogue: Catalogue, links: Links, root: Path
) -> Programme | None:
    """The programme of one slice for the period starting on the catalogue's day, or
    None when no event of the slice takes place in it."""
    first, last = period_days(catalogue.today, period)
    upcoming = [e for e in part.events if e.last_day >= first]
    entries = programme_entries(upcoming, Window(first, last, part.venues), catalogue, links)
    if not entries:
        return None
    config = catalogue.config
    return Programme(
        heading=part.heading,
        period=french_day_range(first, last),
        entries=entries,
        site_title=config.title,
        site_url=config.base_url,
        consortium=config.consortium,
        made_on=catalogue.today,
        font_root=root,
    )


def printable_programmes(
    root: Path,
    catalogue: Catalogue,
    links: Links,
    store: BuildCache | None = None,
    jobs: int = 1,
) -> Programmes:
    """Every programme of the site, with the links their pages show.

    A PDF made earlier from the same programme comes from the build cache (`store`);
    the others are made over `jobs` processes.
    """
    wanted = wanted_programmes(slices(catalogue), catalogue, links, root)
    return made_programmes(wanted, store, jobs)


Wanted = tuple[Slice, Period, Paper, Programme]


def wanted_programmes(
    parts: Iterable[Slice], catalogue: Catalogue, links: Links, root: Path
) -> list[Wanted]:
    """The programmes of `parts` that have events, one per period and paper."""
    wanted: list[Wanted] = []
    for part in parts:
        for period in Period:
            programme = slice_programme(part, period, catalogue, links, root)
            if programme is not None:
                wanted += [(part, period, paper, programme) for paper in Paper]
    return wanted


def made_programmes(wanted: list[Wanted], store: BuildCache | None, jobs: int) -> Programmes:
    """The PDFs of `wanted` and their links: from the build cache (`store`) when made
    earlier from the same programme, the others over `jobs` processes."""
    made: list[RenderedPdf | None] = []
    todo: list[tuple[int, str]] = []
    fonts: dict[Path, str] = {}
    for index, (_, _, paper, programme) in enumerate(wanted):
        root = programme.font_root
        if root not in fonts:
            fonts[root] = fonts_digest(root)
        # The fonts by their bytes, not by the folder holding them: a new font makes
        # every PDF again, a checkout moved elsewhere none. repr, not a pickle: a
        # pickle's bytes tell which objects are shared, which differs between records
        # just read and records from the cache.
        anywhere = replace(programme, font_root=Path())
        key = key_of(generator_version(), fonts[root], repr((anywhere, paper)))
        kept = store.get(NAMESPACE, key) if store else None
        made.append(kept[0] if isinstance(kept, tuple) else None)
        if not isinstance(kept, tuple):
            todo.append((index, key))

    def make(job: tuple[int, str]) -> RenderedPdf | None:
        _, _, paper, programme = wanted[job[0]]
        return made_pdf(programme, paper)

    for (index, key), pdf in zip(todo, parallel_map(make, todo, jobs), strict=True):
        made[index] = pdf
        if store:
            store.put(NAMESPACE, key, (pdf,))  # a tuple: None (no booklet) is kept too
    files: list[OutputFile] = []
    by_page: dict[str, list[ProgrammeLink]] = {}
    for (part, period, paper, _), pdf in zip(wanted, made, strict=True):
        if pdf is None:
            continue
        booklet = paper is Paper.A5_BOOKLET
        url = urls.programme(part.page, period.value, booklet)
        files.append(OutputFile(urls.output_file(url), pdf.data))
        by_page.setdefault(part.page, []).append(
            ProgrammeLink(url, link_text(period, paper, pdf), booklet)
        )
    return Programmes(tuple(files), {page: tuple(found) for page, found in by_page.items()})


def fonts_digest(root: Path) -> str:
    """A hash of the bytes of the two fonts programmes are set in, under `root`."""
    parts: list[bytes | str] = []
    for font in (FONT_REGULAR, FONT_BOLD):
        try:
            parts.append((root / font).read_bytes())
        except OSError:
            parts.append("absent")
    return key_of(*parts)


# The build cache's folder for programmes.
NAMESPACE = "programmes"


# Kept for the life of the process (about 20 KB a programme): `build.py serve` rebuilds
# the site on every change and remakes only the programmes whose content changed.
@functools.lru_cache(maxsize=2048)
def made_pdf(programme: Programme, paper: Paper) -> RenderedPdf | None:
    """The programme's PDF on `paper`; None for a booklet of a single A5 page (the A4
    programme serves), decided from the layout before anything is drawn."""
    layout = lay_out(programme, paper)
    if paper is Paper.A5_BOOKLET and len(layout.pages) < MIN_BOOKLET_PAGES:
        return None
    return render(layout)


def programme_files(programmes: Programmes) -> Iterator[OutputFile]:
    """The PDF files of the programmes."""
    yield from programmes.files


def link_text(period: Period, paper: Paper, pdf: RenderedPdf) -> str:
    """« Programme du mois à imprimer (PDF, A4, 2 pages, 85 Ko) »."""
    size = file_size(len(pdf.data))
    pages = f"{pdf.pages} page{'s' if pdf.pages > 1 else ''}"
    if paper is Paper.A4:
        return f"Programme {period.label} à imprimer (PDF, A4, {pages}, {size})"
    sheets = pdf.sheets_sides // 2
    folded = f"{sheets} feuille{'s' if sheets > 1 else ''} A4 recto verso à plier"
    return f"Programme {period.label} en livret A5 (PDF, {pages} A5 sur {folded}, {size})"


def file_size(size: int) -> str:
    """« 85 Ko », « 1,2 Mo » (1 Ko = 1,024 octets, rounded up: never smaller than said)."""
    kilobytes = -(-size // 1024)
    if kilobytes < 1000:
        return f"{kilobytes} Ko"
    return f"{size / 1024 / 1024:.1f} Mo".replace(".", ",")
