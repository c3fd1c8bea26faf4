"""The site's XML files: sitemap.xml for search engines, feed.xml (Atom) for readers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from agenda import urls
from agenda.catalogue import Catalogue
from agenda.event_terms import EventStatus
from agenda.history import History
from agenda.ical import UID_NAMESPACE
from agenda.text import xml_text
from agenda.urls import Links

# Open data ----------------------------------------------------------------------------


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"


def sitemap_xml(page_urls: list[str], links: Links) -> bytes:
    """sitemap.xml listing every indexable page."""
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for path in page_urls:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = xml_text(links.absolute(path))
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def _atom_time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def atom_feed(catalogue: Catalogue, links: Links, history: History, limit: int = 50) -> bytes:
    """feed.xml: the most recently published events, newest first (Atom 1.0, RFC 4287)."""
    from agenda.dates import french_date

    config = catalogue.config
    events = sorted(
        catalogue.events.values(),
        key=lambda e: (history.of(e.path).created, e.slug),
        reverse=True,
    )[:limit]
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"xml:lang": "fr"})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        # xml_text: ElementTree writes any character, even those XML 1.0 forbids.
        safe = {name: xml_text(value) for name, value in attrs.items()}
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", safe)
        if text is not None:
            element.text = xml_text(text)
        return element

    sub(feed, "title", config.title)
    sub(feed, "subtitle", config.description)
    sub(feed, "id", links.absolute(urls.home()))
    sub(
        feed, "link", href=links.absolute(urls.atom_feed()), rel="self", type="application/atom+xml"
    )
    sub(feed, "link", href=links.absolute(urls.home()), rel="alternate", type="text/html")
    newest = max((history.of(e.path).modified for e in events), default=None)
    sub(feed, "updated", _atom_time(newest or datetime(2025, 1, 1, tzinfo=UTC)))
    author = sub(feed, "author")
    sub(author, "name", config.title)
    for event in events:
        record = history.of(event.path)
        entry = sub(feed, "entry")
        status = "" if event.status is EventStatus.SCHEDULED else f" ({event.status})"
        sub(entry, "title", f"{french_date(event.start)} – {event.title}{status}")
        sub(entry, "id", f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, event.slug)}")
        sub(
            entry,
            "link",
            href=links.absolute(urls.event(event.slug)),
            rel="alternate",
            type="text/html",
        )
        sub(entry, "published", _atom_time(record.created))
        sub(entry, "updated", _atom_time(record.modified))
        sub(entry, "summary", event.summary or event.description_text[:300] or event.title)
        for theme in event.themes:
            sub(entry, "category", term=theme, label=config.themes.get(theme).label)
    ET.indent(feed)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True)) + b"\n"
