"""One function per URL of the public contract, and the links built from them.

Every function returns a site path starting with "/"; `Links` adds the base path
(for sites published under a sub-path) or the full base URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit


def home() -> str:
    """The home page."""
    return "/"


def departement(slug: str) -> str:
    """A département's page."""
    return f"/departements/{slug}/"


def departement_feed(slug: str) -> str:
    """A département's iCalendar feed."""
    return f"/departements/{slug}/agenda.ics"


def event(slug: str) -> str:
    """An event's page."""
    return f"/evenements/{slug}/"


def event_ics(slug: str) -> str:
    """The .ics file of one event (« ajouter à mon agenda »)."""
    return f"/evenements/{slug}/{slug}.ics"


def venue(slug: str) -> str:
    """A venue's page."""
    return f"/lieux/{slug}/"


def venue_feed(slug: str) -> str:
    """A venue's iCalendar feed."""
    return f"/lieux/{slug}/agenda.ics"


def partner(slug: str) -> str:
    """A partner's page."""
    return f"/partenaires/{slug}/"


def partner_feed(slug: str) -> str:
    """A partner's iCalendar feed."""
    return f"/partenaires/{slug}/agenda.ics"


def theme(slug: str) -> str:
    """A theme's page."""
    return f"/thematiques/{slug}/"


def theme_feed(slug: str) -> str:
    """A theme's iCalendar feed."""
    return f"/thematiques/{slug}/agenda.ics"


def archives() -> str:
    """Past events."""
    return "/archives/"


def region_feed() -> str:
    """The iCalendar feed of the whole région."""
    return "/agenda.ics"


def events_json() -> str:
    """The open-data export of all events."""
    return "/evenements.json"


def sitemap() -> str:
    """sitemap.xml."""
    return "/sitemap.xml"


def atom_feed() -> str:
    """The Atom feed of newly published events."""
    return "/feed.xml"


def not_found() -> str:
    """The 404 page."""
    return "/404.html"


def search() -> str:
    """The search results page (`?q=` holds the words searched)."""
    return "/recherche/"


def search_bundle() -> str:
    """The folder of the search index Pagefind writes (with pagefind.js)."""
    return "/pagefind/"


def accessibility_statement() -> str:
    """The déclaration d'accessibilité (RGAA)."""
    return "/accessibilite/"


def page_of(first: str, number: int) -> str:
    """Page `number` of a paginated listing whose first page is `first` (a folder URL):
    page 1 is `first` itself, page n is `first` + "page/n/"."""
    return first if number <= 1 else f"{first}page/{number}/"


def upcoming_listing(number: int = 1) -> str:
    """Every upcoming event of the région, 30 a page: /agenda/, /agenda/page/2/…"""
    return page_of("/agenda/", number)


def departement_listing(slug: str, number: int = 1) -> str:
    """A département's upcoming events, page `number` (page 1 is its own page)."""
    return page_of(departement(slug), number)


def departement_past(slug: str, number: int = 1) -> str:
    """A département's past events: /departements/<slug>/passes/ (+ page/n/)."""
    return page_of(f"/departements/{slug}/passes/", number)


def venue_listing(slug: str, number: int = 1) -> str:
    """A venue's upcoming events, page `number`."""
    return page_of(venue(slug), number)


def partner_listing(slug: str, number: int = 1) -> str:
    """A partner's upcoming events, page `number`."""
    return page_of(partner(slug), number)


def theme_listing(slug: str, number: int = 1) -> str:
    """A theme's upcoming events, page `number`."""
    return page_of(theme(slug), number)


def programme(page: str, period: str, booklet: bool = False) -> str:
    """A printable programme (PDF) beside the page of its département, venue or partner:
    `programme-mois.pdf`, `programme-3-mois.pdf`, `programme-mois-livret-a5.pdf`…"""
    return f"{page}programme-{period}{'-livret-a5' if booklet else ''}.pdf"


def archives_listing(number: int = 1) -> str:
    """Past events of the région, page `number`."""
    return page_of(archives(), number)


def departements_index() -> str:
    """The ten départements, with their counts."""
    return "/departements/"


def venues_index() -> str:
    """Every venue, grouped by département."""
    return "/lieux/"


def partners_index() -> str:
    """Every partner."""
    return "/partenaires/"


def themes_index() -> str:
    """Every theme."""
    return "/thematiques/"


def about() -> str:
    """À propos: the consortium and the partners."""
    return "/a-propos/"


def legal_notice() -> str:
    """Mentions légales."""
    return "/mentions-legales/"


def favicon_svg() -> str:
    """The site's icon, drawn in SVG."""
    return "/assets/images/favicon.svg"


def favicon_png() -> str:
    """The site's icon, 32×32 PNG, for browsers without SVG icons."""
    return "/assets/images/favicon-32.png"


# The pages that have a share picture: the home page and the page of one event,
# département, venue, partner or theme (not index, archive, search or error pages).
_SHARED_PAGE = re.compile(
    r"/(?:(?:evenements|departements|lieux|partenaires|thematiques)/[a-z0-9-]+/)?", re.ASCII
)
# An event's own picture of these types becomes its share picture (as JPEG); any other
# (SVG, GIF, AVIF) is not shown by social networks, so a picture is drawn instead (PNG).
SHARE_PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def share_image(page_url: str, image: str = "") -> str:
    """The page's share picture (Open Graph, 1200×630) beside its index.html, or "" for a
    page that has none: `partage.png`, drawn with the page's title, or `partage.jpg`, cut
    from `image` (an event's own picture) when it is a photo (JPEG, PNG, WebP)."""
    if not _SHARED_PAGE.fullmatch(page_url):
        return ""
    photo = image.lower().endswith(SHARE_PHOTO_SUFFIXES)
    return f"{page_url}partage.{'jpg' if photo else 'png'}"


def asset(path: str) -> str:
    """A file copied from assets/ or content/ (images, CSS), by its repository path."""
    return "/" + path.lstrip("/")


def output_file(url: str) -> str:
    """The file, relative to the output folder, that serves `url`."""
    path = url.lstrip("/")
    if not path or path.endswith("/"):
        path += "index.html"
    return path


@dataclass(frozen=True)
class Links:
    """Turns site paths into links for the configured base URL."""

    base_url: str  # "https://example.org" or "https://org.github.io/agenda", no final slash

    @property
    def base_path(self) -> str:
        """ "" at a domain root, "/agenda" under a sub-path."""
        return urlsplit(self.base_url).path.rstrip("/")

    def href(self, path: str) -> str:
        """A root-relative link that works at a domain root and under a sub-path."""
        if "://" in path or path.startswith(("mailto:", "tel:", "#")):
            return path
        return self.base_path + path

    def absolute(self, path: str) -> str:
        """The full public URL (canonical links, feeds, JSON-LD)."""
        return self.base_url + path

    def webcal(self, path: str) -> str:
        """webcal:// subscribe link, which desktop and iOS calendars open."""
        return "webcal://" + self.absolute(path).split("://", 1)[1]

    def google_subscribe(self, path: str) -> str:
        """Google Calendar's subscribe link: webcal:// does nothing on Android."""
        return "https://calendar.google.com/calendar/r?cid=" + quote(self.webcal(path), safe="")

    def osm(self, lat: float | None, lon: float | None, query: str) -> str:
        """An OpenStreetMap link: the point when known, else an address search."""
        if lat is not None and lon is not None:
            return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})


def events_csv() -> str:
    """The open-data export of all events, one row per session."""
    return "/evenements.csv"


def venues_json() -> str:
    """The open-data export of all venues."""
    return "/lieux.json"


def venues_csv() -> str:
    """The open-data export of all venues, as CSV."""
    return "/lieux.csv"


def admin() -> str:
    """The Decap CMS admin page (editing without git); its config.yml sits beside it."""
    return "/admin/"


def listing_index() -> str:
    """The compact JSON index of the région's upcoming events, read by the listing filters."""
    return f"{data_folder()}index-evenements.json"


def departement_listing_index(slug: str) -> str:
    """The listing filters' index of one département's upcoming events."""
    return f"{data_folder()}index-evenements/departements/{slug}.json"


def theme_listing_index(slug: str) -> str:
    """The listing filters' index of one theme's upcoming events."""
    return f"{data_folder()}index-evenements/thematiques/{slug}.json"


def openagenda_json() -> str:
    """The events in the shape of OpenAgenda's export."""
    return "/evenements-openagenda.json"


def data_catalogue() -> str:
    """The DCAT-AP description of the open data, in JSON-LD, for data portals."""
    return "/catalogue.jsonld"


def json_schema(name: str) -> str:
    """A JSON Schema of schemas/, published where the catalogue's `conformsTo` points."""
    return f"/schemas/{name}"


def widget_data(kind: str, slug: str = "") -> str:
    """The JSON the embeddable agenda (<agenda-csti>) reads for one slice: the région
    (/donnees/widget/region.json) or one département, venue, partner, theme, audience
    (/donnees/widget/<kind>/<slug>.json)."""
    folder = widget_folder()
    return f"{folder}{kind}/{slug}.json" if slug else f"{folder}{kind}.json"


def data_folder() -> str:
    """The folder of the JSON files the site's own scripts and <agenda-csti> fetch."""
    return "/donnees/"


def widget_folder() -> str:
    """The folder of the embeddable agenda's JSON files."""
    return f"{data_folder()}widget/"


def embed() -> str:
    """The page that builds the snippet a partner pastes into its own website."""
    return "/integrer/"


def embed_for(kind: str, slug: str) -> str:
    """/integrer/ with one slice preselected: /integrer/?lieu=nef-mulhouse."""
    return f"{embed()}?{urlencode({kind: slug})}"


def embed_frame(kind: str, slug: str = "") -> str:
    """The script-free page an <iframe> shows: /integrer/cadre/region/ or
    /integrer/cadre/<kind>/<slug>/."""
    return f"/integrer/cadre/{kind}/{slug}/" if slug else f"/integrer/cadre/{kind}/"


def widget_script() -> str:
    """The custom element <agenda-csti>, at a URL that never changes: partners paste it."""
    return "/assets/js/agenda-csti.js"
