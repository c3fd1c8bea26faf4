"""catalogue.jsonld read back as RDF with rdflib, and held to DCAT-AP's mandatory and
recommended properties (DCAT-AP 3.0, §§ Catalogue, Dataset, Distribution, Agent)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from agenda.catalogue import Catalogue, build_catalogue
from agenda.dcat import CONTINUOUS, FRENCH, GRAND_EST, catalogue_jsonld, data_catalogue
from agenda.history import read_history
from agenda.pipeline import check_site
from agenda.urls import Links
from tests.conftest import FIXTURE_BASE_URL, REPO, BuiltSite

# Open namespaces: rdflib's closed DCAT and FOAF warn when pytest inspects this module.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
XSD_DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
IANA = "https://www.iana.org/assignments/media-types/"
LICENCE = URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")


def graph_of(document: bytes | str) -> Graph:
    """The RDF graph of a JSON-LD document (its context is inline: nothing is fetched)."""
    return Graph().parse(data=document, format="json-ld")


@pytest.fixture(scope="module")
def graph(built_site: BuiltSite) -> Graph:
    return graph_of((built_site.out / "catalogue.jsonld").read_bytes())


def one(graph: Graph, subject: URIRef, predicate: URIRef) -> object:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def the_catalog(graph: Graph) -> URIRef:
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    node = catalogs[0]
    assert isinstance(node, URIRef)
    return node


def datasets_by_title(graph: Graph) -> dict[str, URIRef]:
    found = {}
    for dataset in graph.objects(the_catalog(graph), DCAT.dataset):
        assert isinstance(dataset, URIRef)
        found[str(one(graph, dataset, DCTERMS.title))] = dataset
    return found


def distributions(graph: Graph) -> list[URIRef]:
    nodes = [d for d in graph.subjects(RDF.type, DCAT.Distribution) if isinstance(d, URIRef)]
    assert nodes
    return nodes


def site_file(built_site: BuiltSite, url: str) -> Path:
    """The built file an absolute URL of the site points to."""
    assert url.startswith(FIXTURE_BASE_URL + "/"), url
    return built_site.out / url.removeprefix(FIXTURE_BASE_URL + "/")


# The catalogue ------------------------------------------------------------------------


def test_the_catalog_has_dcat_ap_mandatory_and_recommended_properties(graph):
    catalog = the_catalog(graph)
    assert str(catalog) == f"{FIXTURE_BASE_URL}/catalogue.jsonld"
    title = one(graph, catalog, DCTERMS.title)
    assert title == Literal("Agenda CSTI Grand Est", lang="fr")
    assert str(one(graph, catalog, DCTERMS.description))
    assert one(graph, catalog, FOAF.homepage) == URIRef(f"{FIXTURE_BASE_URL}/")
    assert one(graph, catalog, DCTERMS.language) == URIRef(FRENCH)
    assert one(graph, catalog, DCTERMS.license) == LICENCE
    assert one(graph, catalog, DCTERMS.spatial) == URIRef(GRAND_EST)
    assert one(graph, catalog, DCAT.themeTaxonomy) == URIRef(
        "http://publications.europa.eu/resource/authority/data-theme"
    )
    assert len(list(graph.objects(catalog, DCAT.dataset))) == 2


def test_the_publisher_is_an_agent_named_after_the_consortium(graph):
    publisher = one(graph, the_catalog(graph), DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph
    name = str(one(graph, publisher, FOAF.name))
    for member in ("La Nef des sciences", "Accustica", "Université de Lorraine"):
        assert member in name


def test_two_datasets_with_their_mandatory_and_recommended_properties(graph):
    datasets = datasets_by_title(graph)
    assert set(datasets) == {"Événements", "Lieux"}
    for dataset in datasets.values():
        assert (dataset, RDF.type, DCAT.Dataset) in graph
        description = one(graph, dataset, DCTERMS.description)
        assert isinstance(description, Literal) and description.language == "fr"
        assert one(graph, dataset, DCTERMS.publisher) == one(
            graph, the_catalog(graph), DCTERMS.publisher
        )
        assert one(graph, dataset, DCTERMS.accrualPeriodicity) == URIRef(CONTINUOUS)
        assert one(graph, dataset, DCTERMS.spatial) == URIRef(GRAND_EST)
        themes = {str(t) for t in graph.objects(dataset, DCAT.theme)}
        assert themes == {
            "http://publications.europa.eu/resource/authority/data-theme/EDUC",
            "http://publications.europa.eu/resource/authority/data-theme/TECH",
        }
        keywords = list(graph.objects(dataset, DCAT.keyword))
        assert Literal("culture scientifique", lang="fr") in keywords
        assert str(one(graph, dataset, DCTERMS.identifier)) == str(dataset)
        assert isinstance(one(graph, dataset, DCAT.landingPage), URIRef)
        modified = one(graph, dataset, DCTERMS.modified)
        assert isinstance(modified, Literal) and modified.datatype == XSD_DATETIME


def test_events_are_offered_as_json_openagenda_json_csv_icalendar_and_atom(graph):
    datasets = datasets_by_title(graph)

    def offered(dataset: URIRef) -> list[tuple[str, str]]:
        return sorted(
            (
                str(one(graph, d, DCAT.downloadURL)).removeprefix(FIXTURE_BASE_URL),
                str(one(graph, d, DCAT.mediaType)).removeprefix(IANA),
            )
            for d in graph.objects(dataset, DCAT.distribution)
        )

    assert offered(datasets["Événements"]) == [
        ("/agenda.ics", "text/calendar"),
        ("/evenements-openagenda.json", "application/json"),
        ("/evenements.csv", "text/csv"),
        ("/evenements.json", "application/json"),
        ("/feed.xml", "application/atom+xml"),
    ]
    assert offered(datasets["Lieux"]) == [
        ("/lieux.csv", "text/csv"),
        ("/lieux.json", "application/json"),
    ]


def test_every_distribution_points_to_a_built_file_under_the_licence(graph, built_site):
    for distribution in distributions(graph):
        access = str(one(graph, distribution, DCAT.accessURL))
        assert str(one(graph, distribution, DCAT.downloadURL)) == access
        assert site_file(built_site, access).is_file(), access
        assert one(graph, distribution, DCTERMS.license) == LICENCE
        assert str(one(graph, distribution, DCAT.mediaType)).startswith(IANA)
        file_type = str(one(graph, distribution, DCTERMS["format"]))
        assert file_type.startswith("http://publications.europa.eu/resource/authority/file-type/")
        assert str(one(graph, distribution, DCTERMS.title))
        assert str(one(graph, distribution, DCTERMS.description))
        assert one(graph, distribution, DCATAP.availability) == URIRef(
            "http://publications.europa.eu/resource/authority/planned-availability/STABLE"
        )
        modified = one(graph, distribution, DCTERMS.modified)
        assert isinstance(modified, Literal) and modified.datatype == XSD_DATETIME


def test_json_files_conform_to_a_schema_the_site_publishes(graph, built_site):
    import jsonschema

    checked = 0
    for distribution in distributions(graph):
        if not str(one(graph, distribution, DCAT.mediaType)).endswith("/json"):
            continue
        schema_url = str(one(graph, distribution, DCTERMS.conformsTo))
        published = site_file(built_site, schema_url)
        assert schema_url.startswith(f"{FIXTURE_BASE_URL}/schemas/")
        # Published as they are in the repository, so the README's links and the site agree.
        assert published.read_bytes() == (REPO / "schemas" / published.name).read_bytes()
        schema = json.loads(published.read_text(encoding="utf-8"))
        data_file = site_file(built_site, str(one(graph, distribution, DCAT.accessURL)))
        jsonschema.validate(
            json.loads(data_file.read_text(encoding="utf-8")),
            schema,
            format_checker=jsonschema.FormatChecker(),
        )
        checked += 1
    assert checked == 3


def test_the_events_cover_the_days_of_the_first_and_last_event(graph):
    period = one(graph, datasets_by_title(graph)["Événements"], DCTERMS.temporal)
    assert (period, RDF.type, DCTERMS.PeriodOfTime) in graph
    start = one(graph, period, DCAT.startDate)
    end = one(graph, period, DCAT.endDate)
    assert isinstance(start, Literal) and isinstance(end, Literal)
    # conference-tres-ancienne (1 March 2025) to nuit-automne-dst (night of 30 October 2027).
    assert (start.toPython(), end.toPython()) == (date(2025, 3, 1), date(2027, 10, 31))
    assert not list(graph.objects(datasets_by_title(graph)["Lieux"], DCTERMS.temporal))


def test_other_formats_conform_to_their_rfc(graph):
    expected = {
        "text/csv": "https://www.rfc-editor.org/rfc/rfc4180",
        "text/calendar": "https://www.rfc-editor.org/rfc/rfc5545",
        "application/atom+xml": "https://www.rfc-editor.org/rfc/rfc4287",
    }
    for distribution in distributions(graph):
        media = str(one(graph, distribution, DCAT.mediaType)).removeprefix(IANA)
        if media in expected:
            assert str(one(graph, distribution, DCTERMS.conformsTo)) == expected[media]


def test_the_about_page_links_the_catalogue(built_site):
    assert 'href="/catalogue.jsonld"' in built_site.read("/a-propos/")


# Built from the catalogue itself ------------------------------------------------------


def small_catalogue(site) -> Catalogue:
    site.partner("la-nef", 'name: "La Nef"\n')
    site.venue("mediatheque-epinal")
    site.event(
        "atelier",
        """
        title: Atelier
        organizer: la-nef
        venue: mediatheque-epinal
        start: "2025-10-04 14:00"
        """,
    )
    checked = check_site(site.root)
    assert checked.content is not None, checked.problems
    return build_catalogue(checked.content, checked.config, date(2025, 10, 1))


def test_a_contact_point_carries_the_configured_email(site):
    catalogue = small_catalogue(site)
    config = replace(catalogue.config, contact_email="contact@example.org")
    links = Links("https://example.org")
    document = data_catalogue(replace(catalogue, config=config), links, read_history(site.root))
    graph = graph_of(document)
    for dataset in datasets_by_title(graph).values():
        contact = one(graph, dataset, DCAT.contactPoint)
        assert (contact, RDF.type, VCARD.Kind) in graph
        assert one(graph, contact, VCARD.hasEmail) == URIRef("mailto:contact@example.org")
        assert str(one(graph, contact, VCARD.fn))


def test_no_contact_point_without_an_email(site):
    catalogue = small_catalogue(site)
    graph = graph_of(
        data_catalogue(catalogue, Links("https://example.org"), read_history(site.root))
    )
    assert not list(graph.objects(None, DCAT.contactPoint))


def test_under_a_sub_path_every_url_keeps_it(site):
    catalogue = small_catalogue(site)
    document = catalogue_jsonld(
        catalogue, Links("https://org.github.io/agenda"), read_history(site.root)
    )
    graph = graph_of(json.dumps(document))
    assert str(the_catalog(graph)) == "https://org.github.io/agenda/catalogue.jsonld"
    for distribution in distributions(graph):
        assert str(one(graph, distribution, DCAT.accessURL)).startswith(
            "https://org.github.io/agenda/"
        )


def test_hostile_text_stays_a_literal(site):
    catalogue = small_catalogue(site)
    hostile = 'Agenda "}],"@id":"https://evil.example/" <script>'
    config = replace(catalogue.config, title=hostile, publisher=hostile)
    links = Links("https://example.org")
    document = data_catalogue(replace(catalogue, config=config), links, read_history(site.root))
    graph = graph_of(document)
    assert one(graph, the_catalog(graph), DCTERMS.title) == Literal(hostile, lang="fr")
    assert not any("evil" in str(s) for s in graph.subjects())


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_modified_is_the_last_content_commit_and_builds_repeat_byte_for_byte(site):
    from tests.test_history import git

    catalogue = small_catalogue(site)
    first = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    last = datetime(2025, 9, 2, 8, 0, tzinfo=UTC)
    git(site.root, "init", "--quiet")
    git(site.root, "add", "--all")
    git(site.root, "commit", "--quiet", "-m", "contenu", when=first)
    (site.root / "content" / "events" / "atelier.md").write_text(
        (site.root / "content" / "events" / "atelier.md").read_text() + "Plus de détails.\n"
    )
    git(site.root, "commit", "--quiet", "-am", "détails", when=last)
    links = Links("https://example.org")
    document = data_catalogue(catalogue, links, read_history(site.root))
    assert document == data_catalogue(catalogue, links, read_history(site.root))
    graph = graph_of(document)
    catalog = the_catalog(graph)
    modified = one(graph, catalog, DCTERMS.modified)
    assert isinstance(modified, Literal)
    assert modified.toPython() == last
    issued = one(graph, catalog, DCTERMS.issued)
    assert isinstance(issued, Literal) and issued.toPython() == first
    # The venue did not change after the first commit: neither did the « Lieux » dataset.
    venues = datasets_by_title(graph)["Lieux"]
    venues_modified = one(graph, venues, DCTERMS.modified)
    assert isinstance(venues_modified, Literal) and venues_modified.toPython() == first
