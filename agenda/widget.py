"""The slices of the agenda a partner can embed, and the small JSON file of each that the
embeddable agenda (<agenda-csti>, assets/js/agenda-csti.js) fetches.

A slice is the région, or one département, venue, partner, theme or audience. Its file,
at /donnees/widget/region.json or /donnees/widget/<kind>/<slug>.json, holds its next
WIDGET_LIMIT upcoming events and how many there are in all; texts are ready to show
(French dates, status labels), so the script formats nothing:

    {"v": 1, "kind": "departement", "slug": "vosges", "name": "Vosges",
     "title": "Agenda des sciences dans les Vosges",
     "url": "https://…/departements/vosges/", "total": 12,
     "events": [{"date": "samedi 4 octobre 2025, 14 h 00",
                 "start": "2025-10-04T14:00:00+02:00", "last": "2025-10-04",
                 "title": "…", "town": "Épinal", "url": "https://…/evenements/…/",
                 "status": "cancelled", "statusLabel": "Annulé"}, …]}

`status` and `statusLabel` appear only for an event that is not simply scheduled. `last`
is the event's last day, so the script can drop an event that ended after the build.
Titles are the partners' text as written: the script inserts them with `textContent`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from agenda import urls
from agenda.catalogue import Catalogue
from agenda.dates import iso
from agenda.event_terms import EventStatus
from agenda.listing_index import compact_json
from agenda.model import Event
from agenda.output import OutputFile
from agenda.urls import Links
from agenda.views import event_venues, status_label, towns_text, when_text

FORMAT_VERSION = 1
# Enough for any list a partner shows on its home page, small enough for a phone on a
# rural connection (17 KB at 50 events with long titles, under 1 KB gzip-compressed).
WIDGET_LIMIT = 50


class SliceKind(StrEnum):
    """The kinds of slice; each value is the <agenda-csti> attribute that chooses one,
    the folder of its JSON and frame page, and the /integrer/?<kind>=<slug> parameter."""

    REGION = "region"
    DEPARTEMENT = "departement"
    VENUE = "lieu"
    PARTNER = "partenaire"
    THEME = "thematique"
    AUDIENCE = "public"


@dataclass(frozen=True)
class Slice:
    """One embeddable part of the agenda."""

    kind: SliceKind
    slug: str  # "" for the région
    name: str  # « Vosges », « La Nef des sciences »
    title: str  # the fallback link's text: « Agenda des sciences dans les Vosges »
    page: str  # site path of the page listing these events (the fallback link)
    events: tuple[Event, ...]  # upcoming, soonest first

    @property
    def data_url(self) -> str:
        """Site path of its JSON."""
        return urls.widget_data(self.kind.value, self.slug)

    @property
    def frame_url(self) -> str:
        """Site path of its script-free page, for an <iframe>."""
        return urls.embed_frame(self.kind.value, self.slug)


def _upcoming(events: Iterable[Event], upcoming: frozenset[str]) -> tuple[Event, ...]:
    # The catalogue's indexes list upcoming events first, soonest first: keep that order.
    return tuple(e for e in events if e.slug in upcoming)


def all_slices(catalogue: Catalogue) -> Iterator[Slice]:
    """The région, then each département, venue, partner, theme and audience."""
    config = catalogue.config
    # The slugs of `catalogue.upcoming` (the events whose last day is not over): looked
    # up once rather than working out each event's last day again in every index.
    upcoming = frozenset(e.slug for e in catalogue.upcoming)
    title = "Agenda des sciences"
    yield Slice(
        SliceKind.REGION,
        "",
        "Grand Est",
        f"{title} dans le Grand Est",
        urls.home(),
        catalogue.upcoming,
    )
    for dep in config.departements:
        yield Slice(
            SliceKind.DEPARTEMENT,
            dep.slug,
            dep.name,
            f"{title} {dep.in_phrase}",
            urls.departement(dep.slug),
            catalogue.upcoming_by_departement.get(dep.code, ()),
        )
    for venue in catalogue.venues.values():
        yield Slice(
            SliceKind.VENUE,
            venue.slug,
            f"{venue.name} ({venue.city})",
            f"{title} : {venue.name}, {venue.city}",
            urls.venue(venue.slug),
            _upcoming(catalogue.events_by_venue.get(venue.slug, ()), upcoming),
        )
    for partner in catalogue.partners.values():
        yield Slice(
            SliceKind.PARTNER,
            partner.slug,
            partner.name,
            f"{title} : {partner.name}",
            urls.partner(partner.slug),
            _upcoming(catalogue.events_by_partner.get(partner.slug, ()), upcoming),
        )
    for theme in config.themes.terms:
        yield Slice(
            SliceKind.THEME,
            theme.slug,
            theme.label,
            f"{title} : {theme.label}",
            urls.theme(theme.slug),
            _upcoming(catalogue.events_by_theme.get(theme.slug, ()), upcoming),
        )
    for audience in config.audiences.terms:
        # No page per audience: the home page, its filter preset (assets/js/filtres.js).
        yield Slice(
            SliceKind.AUDIENCE,
            audience.slug,
            audience.label,
            f"{title} : {audience.label.lower()}",
            f"{urls.home()}?public={audience.slug}",
            tuple(e for e in catalogue.upcoming if audience.slug in e.audience),
        )


def widget_entry(event: Event, catalogue: Catalogue, links: Links) -> dict[str, str]:
    """What the widget shows of one event."""
    today = catalogue.today
    entry = {
        "date": when_text(event, today),
        "start": iso(event.listed_session(today).start),
        "last": event.last_day.isoformat(),
        "title": event.title,
        "town": towns_text(event_venues(event, catalogue)) or "En ligne",
        "url": links.absolute(urls.event(event.slug)),
    }
    if event.status is not EventStatus.SCHEDULED:
        entry["status"] = event.status
        entry["statusLabel"] = status_label(event)
    return entry


def widget_entries(
    events: Iterable[Event], catalogue: Catalogue, links: Links
) -> dict[str, dict[str, str]]:
    """The entries of some events, by slug."""
    return {e.slug: widget_entry(e, catalogue, links) for e in events}


def widget_document(
    part: Slice,
    catalogue: Catalogue,
    links: Links,
    entries: Mapping[str, dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The JSON document of one slice (see the module's docstring); `entries`: those of
    its events, already made (`widget_entries`)."""
    shown = part.events[:WIDGET_LIMIT]
    made = entries if entries is not None else widget_entries(shown, catalogue, links)
    return {
        "v": FORMAT_VERSION,
        "kind": part.kind.value,
        "slug": part.slug,
        "name": part.name,
        "title": part.title,
        "url": links.absolute(part.page),
        "total": len(part.events),
        "events": [made[e.slug] for e in shown],
    }


def widget_files(catalogue: Catalogue, links: Links) -> Iterator[OutputFile]:
    """One compact JSON file per slice."""
    slices = list(all_slices(catalogue))
    # An event shows in a dozen slices (région, département, venue, partners, themes,
    # audiences): its entry is made once and written in each.
    shown = {e.slug: e for part in slices for e in part.events[:WIDGET_LIMIT]}
    entries = widget_entries(shown.values(), catalogue, links)
    for part in slices:
        document = widget_document(part, catalogue, links, entries)
        yield OutputFile(urls.output_file(part.data_url), compact_json(document))
