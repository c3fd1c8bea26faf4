"""The maps of the venue, département and home pages: what each map shows.

A map is a list of places first: `templates/_map.html` writes it as HTML (the address
and an « Voir sur OpenStreetMap » link for each venue), which is what a page shows
without JavaScript and what a screen reader or keyboard user reads. Each mapped place
carries its coordinates in `data-*` attributes (autoescaped like any attribute: no
inline script, which the CSP forbids); `assets/js/carte.js` reads them and draws the
Leaflet map above the list. A venue without coordinates is listed, not mapped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from agenda import urls
from agenda.config import Departement
from agenda.model import Venue

VENUE_ZOOM = 15  # a street and its neighbours: enough to find the entrance
AREA_ZOOM = 12  # a département or région map that has one place only: the town around it
LINK_ZOOM = 16  # the « Voir sur OpenStreetMap » link, a little closer


def coordinate(value: float) -> str:
    """A latitude or longitude as plain decimals (never 1e-05), at most 6 places (~10 cm)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def osm_link(venue: Venue) -> str:
    """The venue on openstreetmap.org: its point when known, else a search for its address."""
    if venue.lat is not None and venue.lon is not None:
        lat, lon = coordinate(venue.lat), coordinate(venue.lon)
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={LINK_ZOOM}/{lat}/{lon}"
    return "https://www.openstreetmap.org/search?" + urlencode({"query": venue.full_address})


@dataclass(frozen=True)
class MapPlace:
    """One venue of a map: what its list item and its marker show."""

    name: str
    city: str
    address: str  # the full postal address
    url: str  # the venue's page (a site path)
    osm_url: str
    lat: str = ""  # decimal text, "" when the venue has no coordinates
    lon: str = ""

    @property
    def mapped(self) -> bool:
        """True when the place has a marker on the map."""
        return bool(self.lat and self.lon)


@dataclass(frozen=True)
class MapView:
    """A map of one page: its title, its accessible name and its places."""

    kind: str  # "lieu" (one venue), "departement" or "region"
    heading: str
    label: str  # the accessible name of the drawn map
    places: tuple[MapPlace, ...]  # those with coordinates: one marker each
    unmapped: tuple[MapPlace, ...]  # listed, not mapped
    zoom: int = VENUE_ZOOM  # when the map has one place; several places are fitted

    @property
    def has_map(self) -> bool:
        """True when there is at least one marker to draw."""
        return bool(self.places)


def map_place(venue: Venue) -> MapPlace:
    """The list item and marker of one venue."""
    mapped = venue.lat is not None and venue.lon is not None
    return MapPlace(
        name=venue.name,
        city=venue.city,
        address=venue.full_address,
        url=urls.venue(venue.slug),
        osm_url=osm_link(venue),
        lat=coordinate(venue.lat) if mapped and venue.lat is not None else "",
        lon=coordinate(venue.lon) if mapped and venue.lon is not None else "",
    )


def _split(venues: Iterable[Venue]) -> tuple[tuple[MapPlace, ...], tuple[MapPlace, ...]]:
    places = [map_place(v) for v in venues]
    return tuple(p for p in places if p.mapped), tuple(p for p in places if not p.mapped)


def venue_map(venue: Venue) -> MapView | None:
    """One venue's map; None when it has no coordinates (its page keeps the address)."""
    place = map_place(venue)
    if not place.mapped:
        return None
    return MapView(
        kind="lieu",
        heading="Plan",
        label=f"Carte : {venue.name}, {venue.city}",
        places=(place,),
        unmapped=(),
    )


def departement_map(dep: Departement, venues: Iterable[Venue]) -> MapView | None:
    """The venues of one département; None when it has none."""
    places, unmapped = _split(venues)
    if not places and not unmapped:
        return None
    return MapView(
        kind="departement",
        heading="Carte des lieux",
        label=f"Carte des lieux {dep.in_phrase}",
        places=places,
        unmapped=unmapped,
        zoom=AREA_ZOOM,
    )


def region_map(venues: Iterable[Venue]) -> MapView | None:
    """Every venue of the région, by city then name; None when there is none."""
    ordered = sorted(venues, key=lambda v: (v.city.casefold(), v.name.casefold(), v.slug))
    places, unmapped = _split(ordered)
    if not places and not unmapped:
        return None
    return MapView(
        kind="region",
        heading="Les lieux sur la carte",
        label="Carte des lieux de l'agenda dans le Grand Est",
        places=places,
        unmapped=unmapped,
        zoom=AREA_ZOOM,
    )
