"""sitemap.xml and feed.xml (Atom): valid XML, whatever the text of the records."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import feedparser


def test_atom_feed_is_valid_and_titles_carry_the_date(built_site):
    feed = feedparser.parse((built_site.out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Agenda CSTI Grand Est"
    assert len(feed.entries) == 17
    titles = {e.title for e in feed.entries}
    assert "samedi 9 janvier 2027 – Cycle : trois samedis d'astronomie" in titles
    for entry in feed.entries:
        assert entry.link.startswith("https://agenda.example.org/evenements/")
        assert entry.id.startswith("urn:uuid:")


def test_sitemap_lists_indexable_pages_that_exist(built_site):
    root = ET.fromstring((built_site.out / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", ns)]
    assert "https://agenda.example.org/" in locations
    assert "https://agenda.example.org/404.html" not in locations
    for location in locations:
        path = location.removeprefix("https://agenda.example.org")
        assert built_site.read(path)


def test_atom_feed_with_hostile_text_is_well_formed_xml(site):
    from agenda.text import xml_text
    from agenda.xml_feeds import atom_feed
    from tests.test_ical import HOSTILE, hostile_catalogue

    catalogue, links, history = hostile_catalogue(site)
    data = atom_feed(catalogue, links, history)
    root = ET.fromstring(data)  # raises on any character XML 1.0 forbids
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert len(root.findall("a:entry", ns)) == 1
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 1
    summary = root.find("a:entry/a:summary", ns)
    assert summary is not None and summary.text == xml_text(HOSTILE)
    title = root.find("a:entry/a:title", ns)
    assert title is not None and title.text is not None
    assert title.text.endswith(" – " + xml_text(HOSTILE))
    assert feed.entries[0].summary == xml_text(HOSTILE)
    assert root.find("a:title", ns).text == xml_text(HOSTILE)


def test_sitemap_with_hostile_paths_is_well_formed_xml():
    from agenda.urls import Links
    from agenda.xml_feeds import sitemap_xml

    data = sitemap_xml(["/evenements/a\x00b\x1b/", "/x\ufffe/"], Links("https://example.org"))
    root = ET.fromstring(data)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert [loc.text for loc in root.findall("s:url/s:loc", ns)] == [
        "https://example.org/evenements/ab/",
        "https://example.org/x/",
    ]


def test_a_carriage_return_reads_back_as_written_in_xml():
    from agenda.text import xml_text

    element = ET.Element("t")
    element.text = xml_text("a\rb\r\nc")
    assert ET.fromstring(ET.tostring(element)).text == "a\nb\nc"
