"""The whole run, top to bottom: `check_site` validates, `build_site` builds everything.

site_config.yaml → config
content/**       → sources → validate → (errors? stop, write nothing)
                 → catalogue → pages, iCalendar, open data, feeds
                 → render → output (temporary folder → swapped into _site/)
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from agenda import urls
from agenda.catalogue import Catalogue, build_catalogue
from agenda.cms import cms_files
from agenda.config import SiteConfig, load_config
from agenda.errors import ContentError, Problem
from agenda.exports import (
    atom_feed,
    events_csv,
    events_json,
    sitemap_xml,
    venues_csv,
    venues_json,
)
from agenda.filetypes import asset_type_problems, svg_problems
from agenda.history import History, read_history
from agenda.ical import CalendarWriter, FeedInfo, feed_events
from agenda.listing_index import listing_index_files
from agenda.model import Event
from agenda.ogimage import share_image_files
from agenda.output import OutputFile, write_site
from agenda.pages import all_pages
from agenda.programmes import printable_programmes, programme_files
from agenda.render import make_environment, render_page, site_view
from agenda.safepaths import linked_part, walk
from agenda.search import MISSING_WARNING, find_executable, index_site
from agenda.sources import read_all
from agenda.urls import Links
from agenda.validate import ValidContent, validate_all

STYLESHEET = "assets/css/site.css"
# The ES module that shows the header search form and runs the search (/recherche/).
SEARCH_SCRIPT = "assets/js/recherche.js"


@dataclass(frozen=True)
class CheckResult:
    """What validation found: every problem, and the content when it has no error."""

    config: SiteConfig
    problems: list[Problem]
    content: ValidContent | None

    @property
    def ok(self) -> bool:
        """True when nothing stops publication."""
        return self.content is not None


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote."""

    files: int
    pages: int
    events: int
    seconds: float
    problems: list[Problem]
    warnings: tuple[str, ...] = ()  # plain French lines about the build itself


def check_site(root: Path, base_url: str | None = None) -> CheckResult:
    """Read and validate all content; raise ContentError only for a broken config."""
    config = load_config(root, base_url)
    problems: list[Problem] = []
    records = read_all(root / "content", root, problems, max_bytes=config.content_max_bytes)
    problems.extend(published_file_problems(root))  # links, page-like files, unsafe SVG
    content = validate_all(records, config, root, problems)
    has_errors = any(p.is_error for p in problems)
    return CheckResult(config, sorted(problems), None if has_errors else content)


def published_file_problems(root: Path) -> list[Problem]:
    """Problems of the files published as they are: assets/ and the SVGs of content/."""
    assets = walk(root / "assets", root)
    problems = [*assets.problems, *asset_type_problems(root, assets.files)]
    svgs = [f for f in assets.files if f.suffix.lower() == ".svg"]
    svgs += [f for f in walk(root / "content", root).files if f.suffix.lower() == ".svg"]
    for svg in svgs:
        problems += svg_problems(svg.relative_to(root).as_posix(), svg.read_bytes())
    return problems


def build_site(
    root: Path, today: date, out_dir: Path | None = None, base_url: str | None = None
) -> BuildReport:
    """Validate, then build the whole site into `out_dir` (default: the configured folder).

    Raises ContentError, writing nothing, when the content has any error.
    """
    started = time.perf_counter()
    checked = check_site(root, base_url)
    if checked.content is None:
        raise ContentError(checked.problems)
    config = checked.config
    catalogue = build_catalogue(checked.content, config, today)
    links = Links(config.base_url)
    history = read_history(root)
    target = out_dir if out_dir is not None else root / config.output_dir
    counter = _Counter()
    # Search needs the Pagefind binary; without it the pages keep their plain links.
    pagefind = find_executable()
    search = pagefind is not None and (root / SEARCH_SCRIPT).is_file()
    files = site_files(root, catalogue, links, history, counter, search=search)
    finish = (lambda staging: index_site(pagefind, staging)) if search and pagefind else None
    written = write_site(files, target, finish=finish)
    return BuildReport(
        files=written,
        pages=counter.pages,
        events=len(catalogue.events),
        seconds=time.perf_counter() - started,
        problems=checked.problems,
        warnings=() if pagefind is not None else (MISSING_WARNING,),
    )


class _Counter:
    pages = 0


def _versioned(root: Path, asset: str) -> str:
    """The asset's site path with a short hash of its bytes, so caches never serve a stale one."""
    path = root / asset
    version = hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.is_file() else "0"
    return f"/{asset}?v={version}"


def site_files(
    root: Path,
    catalogue: Catalogue,
    links: Links,
    history: History,
    counter: _Counter,
    *,
    search: bool = False,
) -> Iterator[OutputFile]:
    """Every file of the site, in order: pages, calendars, open data, feeds, assets.

    `search`: the pages offer the search form (the caller indexes the written site).
    """
    config = catalogue.config
    env = make_environment(root / "templates", links)
    # The PDFs come first: the pages' links to them give their size and page count.
    programmes = printable_programmes(root, catalogue, links)
    site = site_view(
        config,
        links,
        _versioned(root, STYLESHEET),
        search_script=_versioned(root, SEARCH_SCRIPT) if search else "",
        programmes=programmes.by_page,
    )

    # 1. HTML pages.
    indexable: list[str] = []
    for page in all_pages(catalogue, links):
        counter.pages += 1
        if not page.noindex:
            indexable.append(page.url)
        yield OutputFile(urls.output_file(page.url), render_page(env, page, site))
    yield from share_image_files(root, catalogue)  # their Open Graph pictures

    # 2. iCalendar: the région, each slice with a page, and each event alone.
    yield from calendar_files(catalogue, links, history)

    # 3. Open data and feeds.
    yield OutputFile(urls.output_file(urls.events_json()), events_json(catalogue, links))
    yield OutputFile(urls.output_file(urls.events_csv()), events_csv(catalogue, links))
    yield OutputFile(urls.output_file(urls.venues_json()), venues_json(catalogue, links))
    yield OutputFile(urls.output_file(urls.venues_csv()), venues_csv(catalogue, links))
    yield OutputFile(urls.output_file(urls.sitemap()), sitemap_xml(indexable, links))
    yield OutputFile(urls.output_file(urls.atom_feed()), atom_feed(catalogue, links, history))
    yield from cms_files(catalogue.config, links)
    yield from listing_index_files(catalogue, links)  # what the listing filters fetch
    yield from programme_files(programmes)  # printable programmes (PDF)
    # GitHub Pages: serve files as they are, without Jekyll.
    yield OutputFile(".nojekyll", b"")

    # 4. Static files: everything in assets/, and the images content points to.
    yield from asset_files(root, catalogue)


def calendar_files(catalogue: Catalogue, links: Links, history: History) -> Iterator[OutputFile]:
    """The région feed, one per département, venue, partner and theme, one per event."""
    config = catalogue.config
    today = catalogue.today
    months = config.feed_past_months
    writer = CalendarWriter(catalogue, links, history)
    all_events = [*catalogue.upcoming, *catalogue.past]
    by_departement: dict[str, list[Event]] = {d.code: [] for d in config.departements}
    for event in all_events:
        # A touring event is in the feed of every département it visits.
        for dep in catalogue.departements_of_event.get(event.slug, ()):
            by_departement[dep.code].append(event)

    def feed(path: str, name: str, description: str, events: Iterable[Event]) -> OutputFile:
        kept = feed_events(events, today, months)
        return OutputFile(
            urls.output_file(path), writer.calendar(kept, FeedInfo(name, description, path))
        )

    yield feed(urls.region_feed(), config.title, config.description, all_events)
    for dep in config.departements:
        yield feed(
            urls.departement_feed(dep.slug),
            f"{config.title} – {dep.name}",
            f"Culture scientifique {dep.in_phrase} ({dep.code}).",
            by_departement[dep.code],
        )
    for venue in catalogue.venues.values():
        yield feed(
            urls.venue_feed(venue.slug),
            f"{venue.name} – {config.title}",
            f"Événements à {venue.name}, {venue.city}.",
            catalogue.events_by_venue.get(venue.slug, ()),
        )
    for partner in catalogue.partners.values():
        yield feed(
            urls.partner_feed(partner.slug),
            f"{partner.name} – {config.title}",
            f"Événements de {partner.name}.",
            catalogue.events_by_partner.get(partner.slug, ()),
        )
    for theme in config.themes.terms:
        yield feed(
            urls.theme_feed(theme.slug),
            f"{theme.label} – {config.title}",
            f"Événements « {theme.label} » dans le Grand Est.",
            catalogue.events_by_theme.get(theme.slug, ()),
        )
    for event in catalogue.events.values():
        # The event's own file holds it whatever its date: « ajouter à mon agenda ».
        info = FeedInfo(event.title, event.summary or event.title, urls.event_ics(event.slug))
        yield OutputFile(
            urls.output_file(urls.event_ics(event.slug)), writer.calendar([event], info)
        )


def asset_files(root: Path, catalogue: Catalogue) -> Iterator[OutputFile]:
    """assets/** as they are, plus images referenced from content/; never a symbolic link.

    `check_site` already refuses links (`published_file_problems`); skipping them here as well
    means nothing outside the repository is copied even if this runs on its own.
    """
    for file in walk(root / "assets", root).files:
        if not file.name.startswith("."):
            yield OutputFile(file.relative_to(root).as_posix(), source=file)
    referenced = {e.image for e in catalogue.events.values() if e.image}
    referenced |= {p.logo for p in catalogue.partners.values() if p.logo}
    for path in sorted(referenced):
        source = root / path
        if path.startswith("content/") and linked_part(root, path) is None and source.is_file():
            yield OutputFile(path, source=source)
