"""The site `build.py serve` shows: held in memory, each file made when it is first
asked for, and forgotten when the content changes.

An update (`LiveSite.update`) reads again only the content files that changed (the build
cache holds the others in memory), validates, and lists what the site is made of: which
URL comes from which page group, calendar, share picture, programme or data file. It
renders nothing: after an edit, the browser reloads and asks for one page, which is
made then, with the few cards and feeds it needs. A page whose value did not change
since it was last rendered is not rendered again, even across updates.

What a request reads is one `Generation`, a value swapped in whole when an update is
done: a request made during an update is answered from the last good content.
The search index is Pagefind's, which indexes written files: `serve` shows the one of
the last `build` (its `pagefind/` folder), if there is one.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path

import jinja2

from agenda import urls
from agenda.cache import BuildCache, key_of
from agenda.calendars import calendar_makers
from agenda.catalogue import Catalogue, build_catalogue
from agenda.errors import ContentError
from agenda.history import History, head_commit, read_history
from agenda.ical import CalendarWriter
from agenda.ogimage import share_card_makers, share_picture
from agenda.output import OutputError, OutputFile, safe_target
from agenda.page_rendering import template_fingerprint
from agenda.pages import LazyCards, PageGroup, all_pages, page_groups
from agenda.pipeline import (
    SEARCH_SCRIPT,
    STYLESHEET,
    asset_files,
    check_site,
    data_files,
    data_groups,
    html_groups,
    versioned,
)
from agenda.programmes import ProgrammeLink, Programmes, made_programmes, slices, wanted_programmes
from agenda.render import SiteView, make_environment, render_page, site_view
from agenda.search import find_executable
from agenda.share_painter import ShareCard
from agenda.urls import Links

Maker = Callable[[], bytes]
# After the first update, and one that read this many files (a `git checkout`), what it
# read is set aside from the garbage collector's full passes (`_set_aside_long_lived`).
FREEZE_AFTER_READING = 200
GroupMaker = Callable[[], Iterable[OutputFile]]


@dataclass
class Listing:
    """What some files of the site are made from, by path in the output folder.

    `files`: a file made alone; `sources`: a file copied as it is (assets, images);
    `groups`: files made together, by the URL folder they are all in.
    """

    files: dict[str, Maker] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    groups: dict[str, list[GroupMaker]] = field(default_factory=dict)

    def add_group(self, folder: str, make: GroupMaker) -> None:
        """Files made together, all in the URL folder `folder`."""
        self.groups.setdefault(folder, []).append(make)

    def merge(self, other: Listing) -> None:
        """Add what `other` lists."""
        self.files.update(other.files)
        self.sources.update(other.sources)
        for folder, makers in other.groups.items():
            self.groups.setdefault(folder, []).extend(makers)


# A kind of file listed only when a path of that kind is asked for: at 10,000 events,
# listing every feed and picture would cost more than the page the browser wants.
# `shape` says, from a path alone, whether the kind may hold it.
Deferred = tuple[Callable[[str], bool], Callable[[], Listing]]


class Generation:
    """One state of the content, as the server shows it: every file of the site by its
    path in the output folder, made on the first request and kept until the next update.
    """

    def __init__(self, listing: Listing, deferred: list[Deferred]) -> None:
        self.listing = listing
        self.deferred = deferred
        self._made: dict[str, bytes] = {}
        self._groups_done: set[tuple[str, int]] = set()
        # Two requests for the same page wait for one rendering, not two.
        self._lock = threading.RLock()

    def read(self, path: str) -> bytes | None:
        """The bytes of `path` (relative to the output folder), or None: not in the site."""
        with self._lock:
            wanted = [kind for kind in self.deferred if kind[0](path)]
            for kind in wanted:
                self.deferred.remove(kind)
                self.listing.merge(kind[1]())
            return self._find(path)

    def _find(self, path: str) -> bytes | None:
        made = self._made.get(path)
        if made is not None:
            return made
        maker = self.listing.files.get(path)
        if maker is not None:
            made = self._made[path] = maker()
            return made
        source = self.listing.sources.get(path)
        if source is not None:
            return _read(source)  # not kept: an asset is read again, as it may change
        for folder in _folders_of(path):
            for number, make in enumerate(self.listing.groups.get(folder, ())):
                if (folder, number) in self._groups_done:
                    continue
                self._groups_done.add((folder, number))
                for file in make():
                    data = file.data if file.data is not None else _read(file.source)
                    if data is not None:
                        self._made.setdefault(file.path, data)
                if path in self._made:
                    return self._made[path]
        return None


def _read(source: Path | None) -> bytes | None:
    try:
        return source.read_bytes() if source is not None else None
    except OSError:
        return None


def _folders_of(path: str) -> Iterator[str]:
    """The URL folders holding `path`, deepest first: `lieux/x/page/2/index.html` →
    /lieux/x/page/2/, /lieux/x/page/, /lieux/x/, /lieux/, /."""
    parts = path.split("/")[:-1]
    for end in range(len(parts), -1, -1):
        yield "/" + "".join(f"{part}/" for part in parts[:end])


@dataclass
class PageMemo:
    """The pages rendered, by URL, with the value they were made from, for the life of
    the server: a page is rendered again only when its value or the templates change."""

    fingerprint: str = ""
    # URL → (fingerprint, value, HTML). The fingerprint is kept with each page: a page
    # still being rendered with the old templates when they change must not be reused.
    pages: dict[str, tuple[str, object, bytes]] = field(default_factory=dict)
    rendered: int = 0  # pages rendered since the server started


class LazyProgrammes(Mapping[str, tuple[ProgrammeLink, ...]]):
    """The programme links each page shows, by page URL: a slice's PDFs are made (or
    taken from the cache) the first time its page or one of its PDFs is asked for."""

    def __init__(
        self, root: Path, catalogue: Catalogue, links: Links, store: BuildCache | None
    ) -> None:
        self.make = partial(wanted_programmes, catalogue=catalogue, links=links, root=root)
        self.store = store
        self.parts = {part.page: part for part in slices(catalogue)}
        self.made: dict[str, Programmes] = {}
        self._lock = threading.RLock()

    def of(self, page: str) -> Programmes:
        """The programmes of the slice whose page is `page` (none for another page)."""
        with self._lock:
            found = self.made.get(page)
            if found is None:
                part = self.parts.get(page)
                wanted = self.make([part]) if part is not None else []
                found = self.made[page] = made_programmes(wanted, self.store, 1)
            return found

    def files_of(self, page: str) -> tuple[OutputFile, ...]:
        """The PDF files of the slice whose page is `page`."""
        return self.of(page).files

    def __getitem__(self, page: str) -> tuple[ProgrammeLink, ...]:
        return self.of(page).by_page[page]

    def __iter__(self) -> Iterator[str]:
        return iter(self.parts)

    def __len__(self) -> int:
        return len(self.parts)


@dataclass(frozen=True)
class Update:
    """What an update read: the content files and how many were read again."""

    files: int
    reread: int
    events: int


class LiveSite:
    """The site of `build.py serve`, for `root`, with links to `base_url`.

    `search_folder`: where the last `build` wrote the site; its Pagefind index is served.
    """

    def __init__(
        self,
        root: Path,
        base_url: str,
        store: BuildCache,
        search_folder: Path | None = None,
        jobs: int = 0,
    ) -> None:
        self.root = root
        self.base_url = base_url
        self.store = store
        self.search_folder = search_folder
        self.jobs = jobs
        self.memo = PageMemo()
        self.current: Generation | None = None
        self._env: tuple[str, jinja2.Environment] | None = None
        self._kept_history: tuple[str | None, History] | None = None

    def update(self, today: date) -> Update:
        """Read the content again and make it the one served; raises ContentError (and
        the last good content stays served) when the content has an error."""
        self.store.new_build()
        checked = check_site(self.root, self.base_url, self.store, self.jobs)
        if checked.content is None:
            raise ContentError(checked.problems)
        catalogue = build_catalogue(checked.content, checked.config, today)
        files = len(catalogue.events) + len(catalogue.venues) + len(catalogue.partners)
        reread = self.store.misses
        first = self.current is None
        self.current = self._generation(catalogue)
        if first or reread > FREEZE_AFTER_READING:
            _set_aside_long_lived()
        return Update(files, reread, len(catalogue.events))

    def read(self, path: str) -> bytes | None:
        """The bytes of `path` (relative to the output folder) in the site served now;
        None when it is not part of it or nothing was built yet."""
        current = self.current
        if current is None:
            return None
        found = current.read(path)
        if found is None and self.search_folder is not None and path.startswith("pagefind/"):
            try:
                found = _read(safe_target(self.search_folder, path))
            except OutputError:
                return None  # a path that would leave the folder
        return found

    @property
    def ready(self) -> bool:
        """True once a first update succeeded."""
        return self.current is not None

    def _generation(self, catalogue: Catalogue) -> Generation:
        root, store = self.root, self.store
        links = Links(catalogue.config.base_url)
        history = self._history()
        programmes = LazyProgrammes(root, catalogue, links, store)
        search = find_executable() is not None and (root / SEARCH_SCRIPT).is_file()
        site = site_view(
            catalogue.config,
            links,
            versioned(root, STYLESHEET),
            search_script=versioned(root, SEARCH_SCRIPT) if search else "",
            programmes=programmes,
        )
        templates = template_fingerprint(root)
        fingerprint = key_of(templates, repr(replace(site, programmes={})))
        # The same environment while templates, assets and links are unchanged: Jinja
        # then compiles each template once for the life of the server, not per update.
        env_key = key_of(templates, catalogue.config.base_url)
        if self._env is None or self._env[0] != env_key:
            self._env = (env_key, make_environment(root / "templates", links))
        env = self._env[1]
        if self.memo.fingerprint != fingerprint:
            self.memo.fingerprint, self.memo.pages = fingerprint, {}

        title = catalogue.config.title

        def pages() -> Listing:
            listing = Listing()
            for group in page_groups(catalogue, links, LazyCards(catalogue)):
                listing.add_group(group.url, partial(self._rendered, group, env, site, fingerprint))
            return listing

        def pictures() -> Listing:
            makers = share_card_makers(catalogue)
            files = {
                urls.output_file(url): _picture(root, card, title, store) for url, card in makers
            }
            return Listing(files)

        def printable() -> Listing:
            listing = Listing()
            for page in programmes.parts:
                listing.add_group(page, partial(programmes.files_of, page))
            return listing

        def calendars() -> Listing:
            writer = CalendarWriter(catalogue, links, history, store)
            makers = calendar_makers(catalogue, writer)
            return Listing({urls.output_file(url): make for url, make in makers})

        # The few data files and the static files are listed at once.
        listing = Listing()
        indexable = partial(_indexable, catalogue, links)
        for url, make in data_files(catalogue, links, history, indexable):
            listing.files[urls.output_file(url)] = make
        for folder, make_group in (*html_groups(catalogue, links), *data_groups(catalogue, links)):
            listing.add_group(folder, make_group)
        for file in asset_files(root, catalogue):
            if file.source is not None:
                listing.sources[file.path] = file.source
        deferred: list[Deferred] = [
            (_is_page, pages),
            (_is_share_picture, pictures),
            (lambda path: path.endswith(".pdf"), printable),
            (lambda path: path.endswith(".ics"), calendars),
        ]
        return Generation(listing, deferred)

    def _history(self) -> History:
        """The git history of content/, read again only after a commit: reading it means
        every version of every event file (seconds at 10,000 events), and an edit in the
        working copy does not change it."""
        head = head_commit(self.root)
        if self._kept_history is None or self._kept_history[0] != head:
            self._kept_history = (head, read_history(self.root))
        return self._kept_history[1]

    def _rendered(
        self, group: PageGroup, env: jinja2.Environment, site: SiteView, fingerprint: str
    ) -> list[OutputFile]:
        """The group's pages as HTML: the memo's when their value and the templates are
        unchanged."""
        made = []
        for page in group.make():
            value = (page, site.programmes.get(page.url))
            kept = self.memo.pages.get(page.url)
            if kept is not None and kept[0] == fingerprint and kept[1] == value:
                data = kept[2]
            else:
                data = render_page(env, page, site)
                self.memo.pages[page.url] = (fingerprint, value, data)
                self.memo.rendered += 1
            made.append(OutputFile(urls.output_file(page.url), data))
        return made


def _set_aside_long_lived() -> None:
    """Collect garbage once, then move every object alive into the collector's permanent
    generation, which its passes skip.

    The cache in memory holds every record (a million objects at 10,000 events). Left
    in the collector's oldest generation, each full pass walks all of it, and the
    objects an update makes trigger such passes: 0.5 s of every page at 10,000
    events, for objects that live as long as the server. An object set aside is still
    freed when nothing refers to it any more (records replaced by an edit are); only
    reference cycles among them would stay, and records form none.
    """
    gc.collect()
    gc.freeze()


def _is_page(path: str) -> bool:
    return path.endswith(".html")


def _is_share_picture(path: str) -> bool:
    """`…/partage.png` or `…/partage.jpg` (urls.share_image)."""
    return path.rsplit("/", 1)[-1].startswith("partage.")


def _picture(root: Path, card: Callable[[], ShareCard], title: str, store: BuildCache) -> Maker:
    def make() -> bytes:
        return share_picture(root, card(), title, store)

    return make


def _indexable(catalogue: Catalogue, links: Links) -> list[str]:
    """The URLs the sitemap lists: every page but those kept out of search engines."""
    return [page.url for page in all_pages(catalogue, links) if not page.noindex]
