"""/integrer/, the page that builds the snippet a partner pastes into its own website, and
the script-free pages an <iframe> shows (/integrer/cadre/<kind>/<slug>/)."""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from agenda import urls
from agenda.catalogue import Catalogue
from agenda.dates import iso
from agenda.model import Event
from agenda.page import Page
from agenda.urls import Links
from agenda.views import event_venues, status_label, towns_text, when_text
from agenda.widget import Slice, SliceKind, all_slices

DEFAULT_LIMIT = 5  # what <agenda-csti> shows without a `limite` attribute
FRAME_LIMIT = 10  # events on a frame page: a static page cannot read a `limite`
# The <iframe> height the generator proposes: room for the closing link, then per event
# (date, title on up to two lines, town) at the host's usual 16 px text.
FRAME_BASE_HEIGHT = 70
FRAME_EVENT_HEIGHT = 95

KIND_LABELS: dict[SliceKind, str] = {
    SliceKind.REGION: "Toute la région",
    SliceKind.DEPARTEMENT: "Un département",
    SliceKind.VENUE: "Un lieu",
    SliceKind.PARTNER: "Un partenaire",
    SliceKind.THEME: "Une thématique",
    SliceKind.AUDIENCE: "Un public",
}


@dataclass(frozen=True)
class SliceOption:
    """One slice in the generator's lists, with what its snippet needs."""

    slug: str
    label: str
    title: str  # the fallback link's text
    page: str  # absolute URL of its page (the fallback link)
    frame: str  # absolute URL of its frame page


@dataclass(frozen=True)
class KindChoice:
    """One kind of slice and its slices, for the generator's second list."""

    kind: str
    label: str
    options: tuple[SliceOption, ...]


@dataclass(frozen=True)
class EmbedContext:
    """/integrer/: ready-made snippets for the région, and every slice for the generator."""

    origin: str  # « https://agenda.example.org »: what a host's CSP must allow
    script_url: str  # absolute URL of assets/js/agenda-csti.js
    region: SliceOption
    kinds: tuple[KindChoice, ...]  # the région first
    element_snippet: str  # the région, custom element
    frame_snippet: str  # the région, <iframe>
    default_limit: int
    frame_limit: int
    frame_base_height: int
    frame_event_height: int


@dataclass(frozen=True)
class FrameEvent:
    """One event of a frame page."""

    date: str
    start_iso: str
    title: str
    url: str
    town: str
    status_label: str


@dataclass(frozen=True)
class FrameContext:
    """A frame page: the next FRAME_LIMIT events of one slice, and a link to all of them."""

    title: str
    page: str  # site path of the slice's page
    events: tuple[FrameEvent, ...]
    total: int


def slice_option(part: Slice, links: Links) -> SliceOption:
    """A slice as the generator offers it."""
    return SliceOption(
        part.slug,
        part.name,
        part.title,
        links.absolute(part.page),
        links.absolute(part.frame_url),
    )


def _attribute(value: str) -> str:
    return html.escape(value, quote=True)


def element_snippet(kind: SliceKind, option: SliceOption, script_url: str, limit: int) -> str:
    """The HTML to paste for the custom element; the link shows when scripts are blocked."""
    attributes = "" if kind is SliceKind.REGION else f' {kind.value}="{_attribute(option.slug)}"'
    if limit != DEFAULT_LIMIT:
        attributes += f' limite="{limit}"'
    return (
        f'<script type="module" src="{_attribute(script_url)}"></script>\n'
        f'<agenda-csti{attributes}><a href="{_attribute(option.page)}">'
        f"{html.escape(option.title, quote=False)}</a></agenda-csti>"
    )


def frame_height(limit: int) -> int:
    """The proposed <iframe> height, in CSS pixels, to show `limit` events."""
    return FRAME_BASE_HEIGHT + FRAME_EVENT_HEIGHT * min(limit, FRAME_LIMIT)


def frame_snippet(option: SliceOption, limit: int) -> str:
    """The HTML to paste for the <iframe>: no script at all."""
    return (
        f'<iframe src="{_attribute(option.frame)}" title="{_attribute(option.title)}" '
        f'width="100%" height="{frame_height(limit)}" loading="lazy"></iframe>'
    )


def embed_page(catalogue: Catalogue, links: Links) -> Page:
    """/integrer/."""
    by_kind: dict[SliceKind, list[SliceOption]] = {kind: [] for kind in SliceKind}
    for part in all_slices(catalogue):
        by_kind[part.kind].append(slice_option(part, links))
    region = by_kind[SliceKind.REGION][0]
    script_url = links.absolute(urls.widget_script())
    base = urlsplit(links.base_url)
    context = EmbedContext(
        origin=f"{base.scheme}://{base.netloc}",
        script_url=script_url,
        region=region,
        kinds=tuple(
            KindChoice(kind.value, KIND_LABELS[kind], tuple(options))
            for kind, options in by_kind.items()
        ),
        element_snippet=element_snippet(SliceKind.REGION, region, script_url, DEFAULT_LIMIT),
        frame_snippet=frame_snippet(region, DEFAULT_LIMIT),
        default_limit=DEFAULT_LIMIT,
        frame_limit=FRAME_LIMIT,
        frame_base_height=FRAME_BASE_HEIGHT,
        frame_event_height=FRAME_EVENT_HEIGHT,
    )
    return Page(
        urls.embed(),
        "integrer.html",
        context,
        "Intégrer l'agenda à votre site",
        "Le code à copier pour afficher les prochains événements d'un département, d'un lieu "
        "ou d'un partenaire dans votre propre site web.",
    )


def frame_event(event: Event, catalogue: Catalogue) -> FrameEvent:
    """What a frame page shows of one event."""
    today = catalogue.today
    return FrameEvent(
        date=when_text(event, today),
        start_iso=iso(event.listed_session(today).start),
        title=event.title,
        url=urls.event(event.slug),
        town=towns_text(event_venues(event, catalogue)) or "En ligne",
        status_label=status_label(event),
    )


def frame_page(
    part: Slice,
    catalogue: Catalogue,
    links: Links,
    made: Mapping[str, FrameEvent] | None = None,
) -> Page:
    """The frame page of one slice: a short list, links opening in the whole window.
    `made`: the frame events of its events, already made, by slug."""
    shown = part.events[:FRAME_LIMIT]
    if made is None:
        made = {e.slug: frame_event(e, catalogue) for e in shown}
    events = tuple(made[e.slug] for e in shown)
    context = FrameContext(part.title, part.page, events, len(part.events))
    # Not indexed: the same events are on the slice's own page.
    return Page(part.frame_url, "cadre.html", context, part.title, noindex=True)


def embed_pages(catalogue: Catalogue, links: Links) -> Iterator[Page]:
    """/integrer/, then one frame page per slice."""
    yield embed_page(catalogue, links)
    slices = list(all_slices(catalogue))
    # An event shows in a dozen slices: its frame event is made once.
    shown = {e.slug: e for part in slices for e in part.events[:FRAME_LIMIT]}
    made = {slug: frame_event(e, catalogue) for slug, e in shown.items()}
    for part in slices:
        yield frame_page(part, catalogue, links, made)
