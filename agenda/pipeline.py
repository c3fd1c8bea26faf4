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
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import jinja2

from agenda import urls
from agenda.cache import BuildCache, key_of, open_cache
from agenda.catalogue import Catalogue, build_catalogue
from agenda.cms import cms_files
from agenda.config import SiteConfig, load_config
from agenda.dcat import data_catalogue, schema_files
from agenda.errors import ContentError, Problem
from agenda.examine import examine_all
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
from agenda.openagenda import openagenda_json
from agenda.output import OutputFile, write_site
from agenda.page import Page
from agenda.pages import all_pages
from agenda.parallel import parallel_map
from agenda.programmes import printable_programmes, programme_files
from agenda.progress import Progress
from agenda.render import SiteView, make_environment, render_page, site_view
from agenda.safepaths import linked_part, walk
from agenda.search import MISSING_WARNING, find_executable, index_site
from agenda.sources import content_tree, no_event_problems
from agenda.urls import Links
from agenda.validate import ValidContent, validate_all
from agenda.widget import widget_files

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
    feeds: int = 0  # iCalendar files
    cache_hits: int = 0  # files and pictures reused from earlier builds
    cache_misses: int = 0
    unchanged: int = 0  # files left as the previous build wrote them


def check_site(
    root: Path, base_url: str | None = None, store: BuildCache | None = None, jobs: int = 0
) -> CheckResult:
    """Read and validate all content; raise ContentError only for a broken config.

    `store`: where earlier outcomes are kept (default: none, every file is read).
    """
    config = load_config(root, base_url)
    tree = content_tree(root / "content", root)
    files = [(kind, file) for kind in ("partner", "venue", "event") for file in tree.files[kind]]
    outcomes = examine_all(files, root, config, store or BuildCache(None), jobs)
    content, problems = validate_all(outcomes)
    problems += tree.problems
    problems += no_event_problems(tree, root)
    problems += published_file_problems(root)  # links, page-like files, unsafe SVG
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
    root: Path,
    today: date,
    out_dir: Path | None = None,
    base_url: str | None = None,
    *,
    jobs: int = 0,
    use_cache: bool = True,
    progress: Progress | None = None,
    store: BuildCache | None = None,
    memo: RenderMemo | None = None,
) -> BuildReport:
    """Validate, then build the whole site into `out_dir` (default: the configured folder).

    `jobs`: worker processes (0: one per core); `use_cache`: reuse what earlier builds
    kept in `.cache/agenda/`. `build.py serve` passes the `store` and `memo` it keeps
    between rebuilds: then only the files and pages that changed are read and rendered.
    Raises ContentError, writing nothing, when the content has any error.
    """
    started = time.perf_counter()
    step = progress or Progress.silent()
    if store is None:
        store = open_cache(root, use_cache)
    store.new_build()
    step.stage("Lecture du contenu")
    checked = check_site(root, base_url, store, jobs)
    if checked.content is None:
        raise ContentError(checked.problems)
    config = checked.config
    catalogue = build_catalogue(checked.content, config, today)
    links = Links(config.base_url)
    history = read_history(root)
    target = out_dir if out_dir is not None else root / config.output_dir
    # Search needs the Pagefind binary; without it the pages keep their plain links.
    pagefind = find_executable()
    search = pagefind is not None and (root / SEARCH_SCRIPT).is_file()
    site = site_files(
        root,
        catalogue,
        links,
        history,
        search=search,
        store=store,
        jobs=jobs,
        progress=step,
        memo=memo,
    )
    finish = (lambda staging: index_site(pagefind, staging)) if search and pagefind else None
    step.stage("Écriture")
    written = write_site(site.files, target, finish=finish)
    step.done()
    return BuildReport(
        files=written.files,
        pages=site.pages,
        events=len(catalogue.events),
        seconds=time.perf_counter() - started,
        problems=checked.problems,
        warnings=() if pagefind is not None else (MISSING_WARNING,),
        feeds=site.feeds,
        cache_hits=store.hits,
        cache_misses=store.misses,
        unchanged=written.unchanged,
    )


def _versioned(root: Path, asset: str) -> str:
    """The asset's site path with a short hash of its bytes, so caches never serve a stale one."""
    path = root / asset
    version = hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.is_file() else "0"
    return f"/{asset}?v={version}"


@dataclass(frozen=True)
class SiteFiles:
    """Every file of the site, in order, with what they are."""

    files: list[OutputFile]
    pages: int  # HTML pages
    feeds: int  # iCalendar files


def site_files(
    root: Path,
    catalogue: Catalogue,
    links: Links,
    history: History,
    *,
    search: bool = False,
    store: BuildCache | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    memo: RenderMemo | None = None,
) -> SiteFiles:
    """Every file of the site: pages, calendars, open data, feeds, assets.

    The pages are listed before any is rendered (the sitemap comes from that list);
    rendering, share pictures and calendars are spread over `jobs` processes.
    `search`: the pages offer the search form (the caller indexes the written site).
    """
    step = progress or Progress.silent()
    config = catalogue.config
    env = make_environment(root / "templates", links)
    # The PDFs come first: the pages' links to them give their size and page count.
    step.stage("Programmes à imprimer")
    programmes = printable_programmes(root, catalogue, links, store, jobs)
    site = site_view(
        config,
        links,
        _versioned(root, STYLESHEET),
        search_script=_versioned(root, SEARCH_SCRIPT) if search else "",
        programmes=programmes.by_page,
    )

    # 1. HTML pages.
    pages = list(all_pages(catalogue, links))
    step.stage("Pages", len(pages))
    html = _rendered(pages, env, site, memo or RenderMemo(), template_fingerprint(root), jobs, step)
    files = [
        OutputFile(urls.output_file(page.url), data) for page, data in zip(pages, html, strict=True)
    ]
    step.stage("Images de partage")
    files += share_image_files(root, catalogue, store, jobs)  # their Open Graph pictures

    # 2. iCalendar: the région, each slice with a page, and each event alone.
    step.stage("Calendriers")
    calendars = calendar_files(catalogue, links, history, jobs, store)
    files += calendars

    # 3. Open data and feeds.
    step.stage("Données ouvertes")
    indexable = [page.url for page in pages if not page.noindex]
    files += [
        OutputFile(urls.output_file(urls.events_json()), events_json(catalogue, links)),
        OutputFile(urls.output_file(urls.events_csv()), events_csv(catalogue, links)),
        OutputFile(urls.output_file(urls.venues_json()), venues_json(catalogue, links)),
        OutputFile(urls.output_file(urls.venues_csv()), venues_csv(catalogue, links)),
        OutputFile(urls.output_file(urls.openagenda_json()), openagenda_json(catalogue, links)),
        OutputFile(
            urls.output_file(urls.data_catalogue()), data_catalogue(catalogue, links, history)
        ),
        OutputFile(urls.output_file(urls.sitemap()), sitemap_xml(indexable, links)),
        OutputFile(urls.output_file(urls.atom_feed()), atom_feed(catalogue, links, history)),
    ]
    files += schema_files()  # the JSON Schemas the catalogue's files conform to
    files += cms_files(catalogue.config, links)
    files += listing_index_files(catalogue, links)  # what the listing filters fetch
    files += widget_files(catalogue, links)  # what <agenda-csti> fetches on partners' sites
    files += programme_files(programmes)  # printable programmes (PDF)
    # GitHub Pages: serve files as they are, without Jekyll.
    files.append(OutputFile(".nojekyll", b""))

    # 4. Static files: everything in assets/, and the images content points to.
    files += asset_files(root, catalogue)
    return SiteFiles(files, pages=len(pages), feeds=len(calendars))


@dataclass
class RenderMemo:
    """The pages a process rendered last, by URL, with what they were made from (their
    Page value: template, context, title). `build.py serve` keeps one between rebuilds:
    a page whose value is equal to the last one is not rendered again."""

    fingerprint: str = ""  # templates and site-wide variables the pages were rendered with
    pages: dict[str, tuple[tuple[Page, object], bytes]] = field(default_factory=dict)
    rendered: int = 0  # pages rendered by the last build (the others were reused)


def template_fingerprint(root: Path) -> str:
    """A hash of every template file and of the state of every asset (pages link to
    assets with a hash of their bytes): any edit of one renders every page again."""
    parts: list[bytes | str] = []
    for file in sorted((root / "templates").rglob("*")):
        if file.is_file() and not file.is_symlink():
            parts += [file.relative_to(root).as_posix(), file.read_bytes()]
    for file in sorted((root / "assets").rglob("*")):
        if file.is_file() and not file.is_symlink():
            stat = file.stat()
            parts += [file.relative_to(root).as_posix(), f"{stat.st_size}:{stat.st_mtime_ns}"]
    return key_of(*parts)


def _rendered(
    pages: list[Page],
    env: jinja2.Environment,
    site: SiteView,
    memo: RenderMemo,
    templates: str,
    jobs: int,
    step: Progress,
) -> list[bytes]:
    """Each page's HTML: the memo's when the page and templates are unchanged."""
    # The site-wide variables, but for the programme links: those are per page.
    fingerprint = key_of(templates, repr(replace(site, programmes={})))
    if memo.fingerprint != fingerprint:
        memo.fingerprint, memo.pages = fingerprint, {}
    html: list[bytes | None] = []
    todo: list[int] = []
    for index, page in enumerate(pages):
        kept = memo.pages.get(page.url)
        if kept is not None and kept[0] == (page, site.programmes.get(page.url)):
            html.append(kept[1])
        else:
            html.append(None)
            todo.append(index)
    step.advance(len(pages) - len(todo))

    def render(index: int) -> bytes:
        return render_page(env, pages[index], site)

    for index, data in zip(todo, parallel_map(render, todo, jobs, done=step.advance), strict=True):
        html[index] = data
    memo.rendered = len(todo)
    done = [data for data in html if data is not None]
    memo.pages = {
        page.url: ((page, site.programmes.get(page.url)), data)
        for page, data in zip(pages, done, strict=True)
    }
    return done


def calendar_files(
    catalogue: Catalogue,
    links: Links,
    history: History,
    jobs: int = 1,
    store: BuildCache | None = None,
) -> list[OutputFile]:
    """The région feed, one per département, venue, partner and theme, one per event."""
    return list(_calendar_files(catalogue, links, history, jobs, store))


def _calendar_files(
    catalogue: Catalogue, links: Links, history: History, jobs: int, store: BuildCache | None
) -> Iterator[OutputFile]:
    config = catalogue.config
    today = catalogue.today
    months = config.feed_past_months
    writer = CalendarWriter(catalogue, links, history, store)
    all_events = [*catalogue.upcoming, *catalogue.past]
    # Each event's VEVENTs are serialised once, over the cores; feeds only join them.
    writer.prepare(all_events, jobs)
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
