"""The index pages (départements, lieux, partenaires, thématiques) and their counted links."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from agenda import urls
from agenda.catalogue import Catalogue, sort_text
from agenda.model import Event, Partner
from agenda.page import NamedLink, Page


@dataclass(frozen=True)
class IndexGroup:
    """A titled group of an index page (the venues of one département), or the only one."""

    label: str
    url: str
    items: tuple[NamedLink, ...]


@dataclass(frozen=True)
class IndexContext:
    """/departements/, /lieux/, /partenaires/, /thematiques/: each item and its count of
    upcoming events."""

    heading: str
    lead: str
    groups: tuple[IndexGroup, ...]
    empty_text: str


def departement_links(catalogue: Catalogue) -> tuple[NamedLink, ...]:
    """The ten départements and their counts of upcoming events."""
    return tuple(
        NamedLink(
            d.name,
            urls.departement(d.slug),
            len(catalogue.upcoming_by_departement.get(d.code, ())),
        )
        for d in catalogue.config.departements
    )


def theme_links(catalogue: Catalogue) -> tuple[NamedLink, ...]:
    """Every theme and its count of upcoming events."""
    today = catalogue.today
    return tuple(
        NamedLink(
            t.label,
            urls.theme(t.slug),
            upcoming_count(catalogue.events_by_theme.get(t.slug, ()), today),
        )
        for t in catalogue.config.themes.terms
    )


def upcoming_count(events: Iterable[Event], today: date) -> int:
    """How many of `events` are still to come on `today`."""
    return sum(1 for e in events if e.is_upcoming(today))


def index_pages(catalogue: Catalogue) -> Iterator[Page]:
    """/departements/, /lieux/, /partenaires/, /thematiques/."""
    config = catalogue.config
    today = catalogue.today
    yield Page(
        urls.departements_index(),
        "index.html",
        IndexContext(
            "Les dix départements",
            "Choisissez un département du Grand Est pour voir ses rendez-vous à venir.",
            (IndexGroup("", "", departement_links(catalogue)),),
            "",
        ),
        "Départements",
        "Les dix départements du Grand Est et leurs rendez-vous de culture scientifique.",
    )
    groups = []
    for dep in config.departements:
        venues = catalogue.venues_by_departement.get(dep.code, ())
        if not venues:
            continue
        items = tuple(
            NamedLink(
                f"{v.name} ({v.city})",
                urls.venue(v.slug),
                upcoming_count(catalogue.events_by_venue.get(v.slug, ()), today),
            )
            for v in venues
        )
        groups.append(IndexGroup(dep.name, urls.departement(dep.slug), items))
    yield Page(
        urls.venues_index(),
        "index.html",
        IndexContext(
            "Les lieux",
            "Médiathèques, musées, universités, salles communales… les lieux qui accueillent "
            "les rendez-vous de l'agenda, par département et par ville.",
            tuple(groups),
            "Aucun lieu n'est encore enregistré.",
        ),
        "Lieux",
        "Les lieux de la culture scientifique dans le Grand Est.",
    )
    partners = sorted(catalogue.partners.values(), key=lambda p: (sort_text(p.name), p.slug))
    yield Page(
        urls.partners_index(),
        "index.html",
        IndexContext(
            "Les partenaires",
            "Les organisations qui proposent les rendez-vous de l'agenda.",
            (IndexGroup("", "", partner_links(partners, catalogue)),),
            "Aucun partenaire n'est encore enregistré.",
        ),
        "Partenaires",
        "Les partenaires de l'agenda de la culture scientifique dans le Grand Est.",
    )
    yield Page(
        urls.themes_index(),
        "index.html",
        IndexContext(
            "Les thématiques",
            "Astronomie, biodiversité, numérique… choisissez une thématique.",
            (IndexGroup("", "", theme_links(catalogue)),),
            "",
        ),
        "Thématiques",
        "Les thématiques de l'agenda de la culture scientifique dans le Grand Est.",
    )


def partner_links(partners: Iterable[Partner], catalogue: Catalogue) -> tuple[NamedLink, ...]:
    """Each partner and its count of upcoming events, in the order given."""
    today = catalogue.today
    return tuple(
        NamedLink(
            p.name,
            urls.partner(p.slug),
            upcoming_count(catalogue.events_by_partner.get(p.slug, ()), today),
        )
        for p in partners
    )
