"""catalogue.jsonld: the open data described in DCAT-AP (JSON-LD), for data portals to harvest.

data.gouv.fr and the European portals harvest DCAT catalogues (RDF: JSON-LD, Turtle,
RDF/XML); DCAT-AP is the EU profile they check. The `/data.json` of Project Open Data
(DCAT-US) would only repeat the same facts in a profile these portals do not expect.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from agenda import urls
from agenda.catalogue import Catalogue
from agenda.exports import json_bytes
from agenda.history import FALLBACK_TIME, History
from agenda.output import OutputFile
from agenda.urls import Links

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcatap": "http://data.europa.eu/r5r/",
}
EU = "http://publications.europa.eu/resource/authority"
FRENCH = f"{EU}/language/FRA"
# The site is rebuilt at every merged change: the EU frequency « continuous ».
CONTINUOUS = f"{EU}/frequency/CONT"
# EU data themes « Education, culture and sport » and « Science and technology ».
THEMES = (f"{EU}/data-theme/EDUC", f"{EU}/data-theme/TECH")
THEME_TAXONOMY = f"{EU}/data-theme"
# Published at a URL that stays (DCAT-AP: planned availability).
STABLE = f"{EU}/planned-availability/STABLE"
# The Grand Est région in INSEE's geographic reference (official code 44).
GRAND_EST = "http://id.insee.fr/geo/region/44"
KEYWORDS = ("culture scientifique", "CSTI", "agenda", "événements", "sciences", "Grand Est")

# The JSON Schemas the site publishes under /schemas/. They describe what this code
# writes, not the content, so they are read beside the code, not from the site tree.
SCHEMAS_DIR = Path(__file__).resolve().parents[1] / "schemas"
EVENTS_SCHEMA = "evenements.schema.json"
OPENAGENDA_SCHEMA = "evenements-openagenda.schema.json"
VENUES_SCHEMA = "lieux.schema.json"
PUBLISHED_SCHEMAS = (EVENTS_SCHEMA, OPENAGENDA_SCHEMA, VENUES_SCHEMA)

# The specification each non-JSON format follows.
RFC_CSV = "https://www.rfc-editor.org/rfc/rfc4180"
RFC_ICALENDAR = "https://www.rfc-editor.org/rfc/rfc5545"
RFC_ATOM = "https://www.rfc-editor.org/rfc/rfc4287"


class FileKind(StrEnum):
    """A format of the open data: its IANA media type and EU file type."""

    JSON = "application/json"
    CSV = "text/csv"
    ICALENDAR = "text/calendar"
    ATOM = "application/atom+xml"

    @property
    def media_type(self) -> str:
        """The IANA media type's URI (DCAT-AP: dcat:mediaType)."""
        return f"https://www.iana.org/assignments/media-types/{self.value}"

    @property
    def file_type(self) -> str:
        """The EU file-type authority's URI (DCAT-AP: dct:format)."""
        names = {"JSON": "JSON", "CSV": "CSV", "ICALENDAR": "ICS", "ATOM": "ATOM"}
        return f"{EU}/file-type/{names[self.name]}"


@dataclass(frozen=True)
class Distribution:
    """One published file of a dataset."""

    key: str  # the fragment of its identifier in the catalogue
    title: str
    description: str
    path: str  # site path of the file
    kind: FileKind
    conforms_to: str  # absolute URL of its schema or specification


def _iri(value: str) -> dict[str, str]:
    return {"@id": value}


def _fr(text: str) -> dict[str, str]:
    return {"@value": text, "@language": "fr"}


def _datetime(moment: datetime) -> dict[str, str]:
    return {"@value": moment.astimezone(UTC).isoformat(), "@type": "xsd:dateTime"}


def last_modified(history: History, prefix: str = "content/") -> datetime:
    """When a content file under `prefix` last changed, from git: the same for every
    build of one commit (never the build clock)."""
    times = [h.modified for path, h in history.files.items() if path.startswith(prefix)]
    return max(times, default=FALLBACK_TIME)


def first_published(history: History) -> datetime:
    """When the first content file was committed."""
    return min((h.created for h in history.files.values()), default=FALLBACK_TIME)


def _distribution(
    item: Distribution, catalogue_url: str, links: Links, licence: str, modified: datetime
) -> dict[str, Any]:
    url = links.absolute(item.path)
    return {
        "@id": f"{catalogue_url}#{item.key}",
        "@type": "dcat:Distribution",
        "dct:title": _fr(item.title),
        "dct:description": _fr(item.description),
        "dcat:accessURL": _iri(url),
        "dcat:downloadURL": _iri(url),
        "dcat:mediaType": _iri(item.kind.media_type),
        "dct:format": _iri(item.kind.file_type),
        "dct:license": _iri(licence),
        "dct:conformsTo": _iri(item.conforms_to),
        "dcatap:availability": _iri(STABLE),
        "dct:modified": _datetime(modified),
    }


def event_distributions(links: Links, past_months: int) -> tuple[Distribution, ...]:
    """The files of the « Événements » dataset."""
    return (
        Distribution(
            "evenements-json",
            "Événements (JSON)",
            "Tous les événements, à venir puis passés, champ par champ.",
            urls.events_json(),
            FileKind.JSON,
            links.absolute(urls.json_schema(EVENTS_SCHEMA)),
        ),
        Distribution(
            "evenements-openagenda-json",
            "Événements au format d'OpenAgenda (JSON)",
            "Les mêmes événements dans la forme de l'export d'OpenAgenda.",
            urls.openagenda_json(),
            FileKind.JSON,
            links.absolute(urls.json_schema(OPENAGENDA_SCHEMA)),
        ),
        Distribution(
            "evenements-csv",
            "Événements (CSV)",
            "Une ligne par séance ou créneau d'ouverture, UTF-8, séparateur virgule.",
            urls.events_csv(),
            FileKind.CSV,
            RFC_CSV,
        ),
        Distribution(
            "agenda-ics",
            "Agenda de la région (iCalendar)",
            f"Les événements à venir et ceux des {past_months} derniers mois, "
            "pour s'abonner depuis un agenda.",
            urls.region_feed(),
            FileKind.ICALENDAR,
            RFC_ICALENDAR,
        ),
        Distribution(
            "flux-atom",
            "Nouveaux événements (Atom)",
            "Les derniers événements publiés.",
            urls.atom_feed(),
            FileKind.ATOM,
            RFC_ATOM,
        ),
    )


def venue_distributions(links: Links) -> tuple[Distribution, ...]:
    """The files of the « Lieux » dataset."""
    return (
        Distribution(
            "lieux-json",
            "Lieux (JSON)",
            "Tous les lieux, champ par champ.",
            urls.venues_json(),
            FileKind.JSON,
            links.absolute(urls.json_schema(VENUES_SCHEMA)),
        ),
        Distribution(
            "lieux-csv",
            "Lieux (CSV)",
            "Une ligne par lieu, UTF-8, séparateur virgule.",
            urls.venues_csv(),
            FileKind.CSV,
            RFC_CSV,
        ),
    )


def _period(catalogue: Catalogue) -> dict[str, Any] | None:
    """The days the events cover, first to last (DCAT-AP: dct:temporal)."""
    events = catalogue.events.values()
    if not events:
        return None
    first = min(e.first_day for e in events)
    last = max(e.last_day for e in events)
    return {
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": {"@value": first.isoformat(), "@type": "xsd:date"},
        "dcat:endDate": {"@value": last.isoformat(), "@type": "xsd:date"},
    }


def catalogue_jsonld(catalogue: Catalogue, links: Links, history: History) -> dict[str, Any]:
    """The DCAT-AP catalogue: the site's two datasets, events and venues, and their files."""
    config = catalogue.config
    catalogue_url = links.absolute(urls.data_catalogue())
    home = links.absolute(urls.home())
    publisher_name = config.publisher or " ; ".join(config.consortium) or config.title
    publisher = {
        "@id": f"{catalogue_url}#editeur",
        "@type": "foaf:Agent",
        "foaf:name": publisher_name,
    }
    licence = config.licence_url
    common: dict[str, Any] = {
        "@type": "dcat:Dataset",
        "dct:publisher": _iri(publisher["@id"]),
        "dct:language": _iri(FRENCH),
        "dct:spatial": _iri(GRAND_EST),
        "dct:accrualPeriodicity": _iri(CONTINUOUS),
        "dcat:theme": [_iri(theme) for theme in THEMES],
        "dct:license": _iri(licence),
    }
    if config.contact_email:
        common["dcat:contactPoint"] = {
            "@type": "vcard:Kind",
            "vcard:fn": publisher_name,
            "vcard:hasEmail": _iri(f"mailto:{config.contact_email}"),
        }
    events_modified = last_modified(history)
    venues_modified = last_modified(history, "content/venues/")
    events = {
        **common,
        "@id": f"{catalogue_url}#evenements",
        "dct:identifier": f"{catalogue_url}#evenements",
        "dct:title": _fr("Événements"),
        "dct:description": _fr(
            "Les événements de culture scientifique, technique et industrielle du Grand Est : "
            "dates, lieux, organisateurs, public, accessibilité. Les fichiers JSON et CSV "
            "donnent tous les événements, à venir puis passés ; l'agenda iCalendar, ceux à "
            f"venir et des {config.feed_past_months} derniers mois ; le flux Atom, les "
            "derniers publiés."
        ),
        "dcat:keyword": [_fr(k) for k in (*KEYWORDS, *(t.label for t in config.themes.terms))],
        "dcat:landingPage": _iri(home),
        "dct:modified": _datetime(events_modified),
        "dcat:distribution": [
            _distribution(d, catalogue_url, links, licence, events_modified)
            for d in event_distributions(links, config.feed_past_months)
        ],
    }
    period = _period(catalogue)
    if period is not None:
        events["dct:temporal"] = period
    venues = {
        **common,
        "@id": f"{catalogue_url}#lieux",
        "dct:identifier": f"{catalogue_url}#lieux",
        "dct:title": _fr("Lieux"),
        "dct:description": _fr(
            "Les lieux où se tiennent les événements de culture scientifique du Grand Est : "
            "adresse, coordonnées, accès, accessibilité."
        ),
        "dcat:keyword": [_fr(k) for k in (*KEYWORDS, "lieux")],
        "dcat:landingPage": _iri(links.absolute(urls.venues_index())),
        "dct:modified": _datetime(venues_modified),
        "dcat:distribution": [
            _distribution(d, catalogue_url, links, licence, venues_modified)
            for d in venue_distributions(links)
        ],
    }
    return {
        "@context": CONTEXT,
        "@graph": [
            {
                "@id": catalogue_url,
                "@type": "dcat:Catalog",
                "dct:title": _fr(config.title),
                "dct:description": _fr(config.description),
                "dct:publisher": _iri(publisher["@id"]),
                "foaf:homepage": _iri(home),
                "dct:language": _iri(FRENCH),
                "dct:spatial": _iri(GRAND_EST),
                "dct:license": _iri(licence),
                "dct:issued": _datetime(first_published(history)),
                "dcat:themeTaxonomy": _iri(THEME_TAXONOMY),
                "dct:modified": _datetime(events_modified),
                "dcat:dataset": [_iri(events["@id"]), _iri(venues["@id"])],
            },
            publisher,
            events,
            venues,
        ],
    }


def data_catalogue(catalogue: Catalogue, links: Links, history: History) -> bytes:
    """catalogue.jsonld, compact UTF-8."""
    return json_bytes(catalogue_jsonld(catalogue, links, history))


def schema_files() -> Iterator[OutputFile]:
    """The JSON Schemas of schemas/, published as they are under /schemas/."""
    for name in PUBLISHED_SCHEMAS:
        source = SCHEMAS_DIR / name
        yield OutputFile(urls.output_file(urls.json_schema(name)), source=source)
