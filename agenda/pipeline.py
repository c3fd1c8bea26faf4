"""The whole run, top to bottom: `check_site` validates, `build_site` builds everything.

site_config.yaml → config
content/**       → sources → validate → (errors? stop, write nothing)
                 → catalogue → pages, iCalendar, open data, feeds
                 → render → output (temporary folder → swapped into _site/)
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from agenda import urls
from agenda.cache import BuildCache, open_cache
from agenda.calendars import calendar_files, feed_count
from agenda.catalogue import Catalogue, build_catalogue
from agenda.cms import cms_files
from agenda.config import SiteConfig, load_config
from agenda.dcat import data_catalogue, schema_files
from agenda.errors import ContentError, Problem
from agenda.examine import examine_content
from agenda.exports import events_json, venues_json
from agenda.exports_csv import events_csv, venues_csv
from agenda.filetypes import asset_type_problems, svg_problems
from agenda.history import History, read_history
from agenda.listing_index import listing_index_files
from agenda.ogimage import share_image_files
from agenda.openagenda import openagenda_json
from agenda.output import Milestone, OutputFile, Written, write_site
from agenda.page_rendering import rendered_pages
from agenda.pages import all_pages
from agenda.programmes import printable_programmes, programme_files
from agenda.progress import Progress
from agenda.render import make_environment, site_view
from agenda.safepaths import linked_part, walk
from agenda.search import MISSING_WARNING, BackgroundIndex, find_executable
from agenda.sources import content_tree, no_event_problems
from agenda.up_to_date import (
    PublishedSite,
    mark_text,
    output_tracked_by_git,
    published_images,
    published_site,
    site_inputs,
)
from agenda.urls import Links
from agenda.validate import ValidContent, validate_all
from agenda.widget import widget_files
from agenda.xml_feeds import atom_feed, sitemap_xml

STYLESHEET = "assets/css/site.css"
# The ES module that shows the header search form and runs the search (/recherche/).
SEARCH_SCRIPT = "assets/js/recherche.js"


@dataclass(frozen=True)
class CheckResult:
    """What validation found: every problem, and the content when it has no error."""

    config: SiteConfig
    problems: list[Problem]
    content: ValidContent | None
    # A hash of the content files as read (`examine.Examined.inputs`).
    inputs: str = ""

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
    # Nothing was built: the published site was made from the same inputs.
    up_to_date: bool = False


def check_site(
    root: Path, base_url: str | None = None, store: BuildCache | None = None, jobs: int = 0
) -> CheckResult:
    """Read and validate all content; raise ContentError only for a broken config.

    `store`: where earlier outcomes are kept (default: none, every file is read).
    """
    config = load_config(root, base_url)
    tree = content_tree(root / "content", root)
    files = [(kind, path) for kind in ("partner", "venue", "event") for path in tree.files[kind]]
    examined = examine_content(files, root, config, store or BuildCache(None), jobs)
    content, problems = validate_all(examined.outcomes)
    problems += tree.problems
    problems += no_event_problems(tree, root)
    # Links, page-like files, unsafe SVG: content/ is not listed a second time.
    problems += published_file_problems(root, tree.listed)
    has_errors = any(p.is_error for p in problems)
    return CheckResult(config, sorted(problems), None if has_errors else content, examined.inputs)


def published_file_problems(root: Path, content_files: list[str]) -> list[Problem]:
    """Problems of the files published as they are: assets/ and the SVGs of content/
    (`content_files`: every file of content/, as paths from `root`)."""
    assets = walk(root / "assets", root)
    problems = [*assets.problems, *asset_type_problems(root, assets.files)]
    svgs = [f.relative_to(root).as_posix() for f in assets.files if f.suffix.lower() == ".svg"]
    # As `Path.suffix` has it: a file named « .svg » alone has no suffix.
    svgs += [p for p in content_files if p.lower().endswith(".svg") and p[-5:].lower() != "/.svg"]
    for svg in svgs:
        problems += svg_problems(svg, (root / svg).read_bytes())
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
    if_changed: bool = False,
) -> BuildReport:
    """Validate, then build the whole site into `out_dir` (default: the configured folder).

    `jobs`: worker processes (0: one per core); `use_cache`: reuse what earlier builds
    kept in `.cache/agenda/`; `store`: another cache to use instead (one in memory, say);
    `if_changed`: leave the published site as it is when it was built from the same
    inputs (`up_to_date`; the report then says `up_to_date`).
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
    target = out_dir if out_dir is not None else root / config.output_dir
    # Search needs the Pagefind binary; without it the pages keep their plain links.
    pagefind = find_executable()
    search = pagefind is not None and (root / SEARCH_SCRIPT).is_file()
    warnings = () if pagefind is not None else (MISSING_WARNING,)
    inputs = site_inputs(
        root,
        config,
        checked.inputs,
        today,
        published_images(checked.content.events, checked.content.partners),
        pagefind,
    )
    # What the published folder says of itself (its mark, its search index) is only
    # believed when a build made it: a pull request could commit a `_site/` with a mark
    # and a search index of its own (the bytes of any other file are compared anyway).
    trusted = not output_tracked_by_git(root, target)
    published = published_site(target) if trusted else None
    if if_changed and published is not None and published.inputs == inputs:
        step.done()
        return BuildReport(
            files=published.files,
            pages=published.pages,
            events=published.events,
            seconds=time.perf_counter() - started,
            problems=checked.problems,
            warnings=warnings,
            feeds=published.feeds,
            unchanged=published.files,
            up_to_date=True,
        )
    catalogue = build_catalogue(checked.content, config, today)
    links = Links(config.base_url)
    history = read_history(root)
    # Pagefind indexes the pages while the pictures, calendars and data are made.
    indexing = (
        BackgroundIndex(pagefind, target if trusted else None)
        if search and pagefind is not None
        else None
    )
    site = site_files(
        root,
        catalogue,
        links,
        history,
        search=search,
        store=store,
        jobs=jobs,
        progress=step,
        pages_written=indexing.start if indexing is not None else None,
    )

    def finish(staging: Path, written: Written) -> None:
        if indexing is not None:
            indexing.finish(staging, written.pages_digest)

    def mark(written: Written) -> bytes:
        return mark_text(
            PublishedSite(inputs, site.pages, site.feeds, written.files, len(catalogue.events))
        )

    step.stage("Écriture")
    written = write_site(
        site.files,
        target,
        finish=finish,
        mark=mark,
        abandon=indexing.stop if indexing is not None else None,
    )
    step.done()
    return BuildReport(
        files=written.files,
        pages=site.pages,
        events=len(catalogue.events),
        seconds=time.perf_counter() - started,
        problems=checked.problems,
        warnings=warnings,
        feeds=site.feeds,
        cache_hits=store.hits,
        cache_misses=store.misses,
        unchanged=written.unchanged,
    )


def versioned(root: Path, asset: str) -> str:
    """The asset's site path with a short hash of its bytes, so caches never serve a stale one."""
    path = root / asset
    version = hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.is_file() else "0"
    return f"/{asset}?v={version}"


@dataclass(frozen=True)
class SiteFiles:
    """Every file of the site, in order, made as it is written, and what they are."""

    files: Iterator[OutputFile | Milestone]
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
    pages_written: Callable[[Path, str], None] | None = None,
) -> SiteFiles:
    """Every file of the site: pages, calendars, open data, feeds, assets.

    What to make is decided first (the list of pages, from which the sitemap and the
    counts come); the files are then made as the writer takes them, so the build never
    holds the whole site in memory. Pages, share pictures, programmes and calendars are
    spread over `jobs` processes.
    `search`: the pages offer the search form (the caller indexes the written site).
    `pages_written(staging, pages_digest)` runs once every HTML file is written, before
    the other files are made (the caller starts the search index then).
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
        versioned(root, STYLESHEET),
        search_script=versioned(root, SEARCH_SCRIPT) if search else "",
        programmes=programmes.by_page,
    )
    pages = list(all_pages(catalogue, links))
    indexable = [page.url for page in pages if not page.noindex]

    def files() -> Iterator[OutputFile | Milestone]:
        # 1. Every HTML file: the pages, the content manager's, any in assets/; with
        # them, the static files (everything in assets/, the images content points to).
        step.stage("Pages", len(pages))
        yield from rendered_pages(pages, env, site, jobs, step)
        for _, make_group in html_groups(catalogue, links):
            yield from make_group()
        yield from asset_files(root, catalogue)
        if pages_written is not None:
            yield Milestone(pages_written)

        # 2. Share pictures, printable programmes.
        step.stage("Images de partage")
        yield from share_image_files(root, catalogue, store, jobs)
        yield from programme_files(programmes)

        # 3. iCalendar: the région, each slice with a page, and each event alone.
        step.stage("Calendriers")
        yield from calendar_files(catalogue, links, history, jobs, store)

        # 4. Open data and feeds.
        step.stage("Données ouvertes")
        for url, make in data_files(catalogue, links, history, lambda: indexable):
            yield OutputFile(urls.output_file(url), make())
        for _, make_group in data_groups(catalogue, links):
            yield from make_group()

    return SiteFiles(files(), pages=len(pages), feeds=feed_count(catalogue))


def data_files(
    catalogue: Catalogue, links: Links, history: History, indexable: Callable[[], list[str]]
) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """The open data and the feeds, each by its URL with what makes it (`indexable`: the
    URLs the sitemap lists). `build.py serve` makes each one only when it is asked for."""
    yield urls.events_json(), partial(events_json, catalogue, links)
    yield urls.events_csv(), partial(events_csv, catalogue, links)
    yield urls.venues_json(), partial(venues_json, catalogue, links)
    yield urls.venues_csv(), partial(venues_csv, catalogue, links)
    yield urls.openagenda_json(), partial(openagenda_json, catalogue, links)
    yield urls.data_catalogue(), partial(data_catalogue, catalogue, links, history)
    yield urls.sitemap(), lambda: sitemap_xml(indexable(), links)
    yield urls.atom_feed(), partial(atom_feed, catalogue, links, history)
    # GitHub Pages: serve files as they are, without Jekyll.
    yield "/.nojekyll", lambda: b""


def html_groups(
    catalogue: Catalogue, links: Links
) -> Iterator[tuple[str, Callable[[], Iterable[OutputFile]]]]:
    """The HTML files made outside the pages (`data_groups` makes none), by URL folder."""
    # The content manager: admin/index.html and its configuration.
    yield urls.admin(), partial(cms_files, catalogue.config, links)


def data_groups(
    catalogue: Catalogue, links: Links
) -> Iterator[tuple[str, Callable[[], Iterable[OutputFile]]]]:
    """The files made together, each group with the URL folder all its files are in."""
    # The JSON Schemas the catalogue's files conform to.
    yield urls.json_schema(""), schema_files
    # What the listing filters fetch, and what <agenda-csti> fetches from other sites.
    yield urls.data_folder(), partial(listing_index_files, catalogue, links)
    yield urls.widget_folder(), partial(widget_files, catalogue, links)


def asset_files(root: Path, catalogue: Catalogue) -> Iterator[OutputFile]:
    """assets/** as they are, plus images referenced from content/; never a symbolic link.

    `check_site` already refuses links (`published_file_problems`); skipping them here as well
    means nothing outside the repository is copied even if this runs on its own.
    """
    for file in walk(root / "assets", root).files:
        if not file.name.startswith("."):
            yield OutputFile(file.relative_to(root).as_posix(), source=file)
    referenced = published_images(catalogue.events.values(), catalogue.partners.values())
    for path in sorted(set(referenced)):
        source = root / path
        if path.startswith("content/") and linked_part(root, path) is None and source.is_file():
            yield OutputFile(path, source=source)
