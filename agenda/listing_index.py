"""The compact JSON index of upcoming events that the listing filters load on demand.

Listing pages are bounded (paginated), so the filters of `assets/js/filtres.js` cannot
read the events from the page: they fetch one of these files instead, only when a
filter is first used. One file for the région (the home page), one per département and
one per theme, so a département page on a slow rural connection downloads only its own
events. Short keys, and a key is left out when it holds its default value:

    {"v": 1, "today": "2026-11-25", "base": "/evenements/",
     "statuts": {"cancelled": "Annulé", …},
     "events": [{"s": slug, "t": title, "d": ["2027-01-09T14:00", "2026-12-01/2027-01-15"],
                 "c": town(s), "p": département code (a list when several),
                 "f": format, "th": [themes], "a": [audiences], "am": age_min,
                 "aM": age_max, "g": 1 (free), "x": [accessibility], "o": 1 (online),
                 "st": status}, …]}

`d` lists the sessions not yet over, in local Paris time (no offset: every time of the
site is Europe/Paris): a start (`2027-01-09` all day, `2027-01-09T14:00` timed), then
`/` and the last day (inclusive) when the session lasts several days.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from agenda import urls
from agenda.catalogue import Catalogue
from agenda.config import SiteConfig
from agenda.dates import PARIS
from agenda.event_terms import EventStatus
from agenda.model import Event, Session
from agenda.output import OutputFile
from agenda.urls import Links

FORMAT_VERSION = 1


def session_text(session: Session) -> str:
    """« 2027-01-09T14:00 », « 2027-01-09 », « 2026-12-01/2027-01-15 »."""
    start = session.start
    if isinstance(start, datetime):
        text = start.astimezone(PARIS).strftime("%Y-%m-%dT%H:%M")
    else:
        text = start.isoformat()
    if session.last_day > session.first_day:
        text += "/" + session.last_day.isoformat()
    return text


def index_entry(event: Event, catalogue: Catalogue) -> dict[str, Any]:
    """One event of the index, short keys, defaults left out."""
    today = catalogue.today
    venues = [catalogue.venues[v] for v in event.venues if v in catalogue.venues]
    deps = [d.code for d in catalogue.departements_of_event.get(event.slug, ())]
    entry: dict[str, Any] = {
        "s": event.slug,
        "t": event.title,
        "d": [session_text(s) for s in event.sessions if s.last_day >= today],
    }
    optional: dict[str, Any] = {
        "c": ", ".join(dict.fromkeys(v.city for v in venues)),
        # One code, or the list of the départements a touring event visits.
        "p": deps[0] if len(deps) == 1 else deps,
        "f": event.format,
        "th": list(event.themes),
        "a": list(event.audience),
        "am": event.age_min,
        "aM": event.age_max,
        "g": 1 if event.is_free else 0,
        "x": list(event.accessibility),
        "o": 1 if event.online else 0,
        "st": "" if event.status is EventStatus.SCHEDULED else event.status,
    }
    entry.update((k, v) for k, v in optional.items() if v not in (None, "", [], 0))
    return entry


def index_entries(catalogue: Catalogue) -> dict[str, dict[str, Any]]:
    """The entry of every upcoming event, by slug."""
    return {e.slug: index_entry(e, catalogue) for e in catalogue.upcoming}


def listing_index(
    events: Iterable[Event],
    catalogue: Catalogue,
    links: Links,
    entries: Mapping[str, dict[str, Any]] | None = None,
) -> bytes:
    """The index file of some upcoming events (in listing order), as compact UTF-8 JSON.
    `entries`: those of every upcoming event, already made (`index_entries`)."""
    listed = list(events)
    if entries is None:
        today = catalogue.today
        entries = {e.slug: index_entry(e, catalogue) for e in listed if e.is_upcoming(today)}
    # `entries` holds upcoming events only (`index_entries`: those of `catalogue.upcoming`).
    shown = [entries[e.slug] for e in listed if e.slug in entries]
    document = {
        "v": FORMAT_VERSION,
        "today": catalogue.today.isoformat(),
        "base": links.href(urls.event("")).removesuffix("/"),
        "statuts": {s.value: s.label for s in EventStatus if s is not EventStatus.SCHEDULED},
        "events": shown,
    }
    return compact_json(document)


def compact_json(document: object) -> bytes:
    """UTF-8 JSON without spaces or indentation: these files are fetched by scripts, often on
    slow connections, and read by no one."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def listing_index_files(catalogue: Catalogue, links: Links) -> Iterator[OutputFile]:
    """The région's index, then one per département and one per theme."""
    upcoming = catalogue.upcoming
    # An event is in the région's file, its département's and each of its themes': its
    # entry is made once and written in each.
    entries = index_entries(catalogue)

    def file(path: str, events: Iterable[Event]) -> OutputFile:
        return OutputFile(urls.output_file(path), listing_index(events, catalogue, links, entries))

    yield file(urls.listing_index(), upcoming)
    for dep in catalogue.config.departements:
        yield file(
            urls.departement_listing_index(dep.slug),
            catalogue.upcoming_by_departement.get(dep.code, ()),
        )
    for theme in catalogue.config.themes.terms:
        yield file(
            urls.theme_listing_index(theme.slug),
            (e for e in upcoming if theme.slug in e.themes),
        )


@dataclass(frozen=True)
class Choice:
    """One option of a filter: the value written in the URL, and its label."""

    value: str
    label: str


@dataclass(frozen=True)
class FilterChoices:
    """The options of the filter form, from the vocabularies of site_config.yaml."""

    departements: tuple[Choice, ...] = ()
    themes: tuple[Choice, ...] = ()
    formats: tuple[Choice, ...] = ()
    audiences: tuple[Choice, ...] = ()
    accessibility: tuple[Choice, ...] = ()


def filter_choices(config: SiteConfig) -> FilterChoices:
    """Every option, in the configured order; départements by code (« 57 »)."""
    return FilterChoices(
        departements=tuple(Choice(d.code, f"{d.name} ({d.code})") for d in config.departements),
        themes=tuple(Choice(t.slug, t.label) for t in config.themes.terms),
        formats=tuple(Choice(t.slug, t.label) for t in config.formats.terms),
        audiences=tuple(Choice(t.slug, t.label) for t in config.audiences.terms),
        accessibility=tuple(Choice(t.slug, t.label) for t in config.accessibility.terms),
    )
