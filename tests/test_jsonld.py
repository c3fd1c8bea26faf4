"""schema.org JSON-LD of the event pages, read back with extruct as search engines read it."""

from __future__ import annotations

import json
from datetime import datetime

import extruct
import pytest

from tests.conftest import BuiltSite
from tests.test_exports import all_slugs

REQUIRED = (
    "name",
    "startDate",
    "location",
    "eventStatus",
    "eventAttendanceMode",
    "organizer",
    "description",
    "offers",
    "url",
)


def json_ld(built_site: BuiltSite, slug: str) -> list[dict]:
    html = built_site.read(f"/evenements/{slug}/")
    return extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]


def test_every_event_page_has_events_with_required_and_recommended_properties(built_site):
    for slug in all_slugs(built_site):
        items = json_ld(built_site, slug)
        assert items, slug
        for item in items:
            assert item["@type"] == "Event"
            for prop in REQUIRED:
                assert item.get(prop), (slug, prop)
            start = datetime.fromisoformat(item["startDate"])
            if "T" in item["startDate"]:
                assert start.utcoffset() is not None, (slug, "startDate needs its UTC offset")
            assert item["inLanguage"] == "fr"
            assert item["organizer"]["@type"] == "Organization" and item["organizer"]["url"]


def test_offsets_follow_summer_and_winter_time(built_site):
    assert (
        json_ld(built_site, "atelier-printemps-dst")[0]["startDate"] == "2027-03-28T10:00:00+02:00"
    )
    assert json_ld(built_site, "atelier-complet")[0]["startDate"] == "2027-01-12T14:00:00+01:00"


def test_one_event_per_session(built_site):
    items = json_ld(built_site, "cycle-trois-seances")
    assert [i["startDate"][:10] for i in items] == ["2027-01-09", "2027-01-16", "2027-01-23"]
    assert len({i["@id"] for i in items}) == 3


@pytest.mark.parametrize(
    ("slug", "status"),
    [
        ("conference-annulee", "EventCancelled"),
        ("spectacle-reporte", "EventPostponed"),
        ("visite-nouvelle-date", "EventRescheduled"),
        ("conference-en-ligne-deplacee", "EventMovedOnline"),
        ("atelier-complet", "EventScheduled"),
        ("journee-portes-ouvertes", "EventScheduled"),
    ],
)
def test_event_status(built_site, slug, status):
    assert json_ld(built_site, slug)[0]["eventStatus"] == f"https://schema.org/{status}"


def test_rescheduled_has_previous_start_and_full_is_sold_out(built_site):
    assert (
        json_ld(built_site, "visite-nouvelle-date")[0]["previousStartDate"]
        == "2027-04-10T15:00:00+02:00"
    )
    assert (
        json_ld(built_site, "atelier-complet")[0]["offers"]["availability"]
        == "https://schema.org/SoldOut"
    )


def test_locations_for_offline_online_and_mixed(built_site):
    place = json_ld(built_site, "atelier-printemps-dst")[0]
    assert place["eventAttendanceMode"].endswith("OfflineEventAttendanceMode")
    assert place["location"]["@type"] == "Place"
    assert place["location"]["address"]["@type"] == "PostalAddress"
    assert place["location"]["address"]["postalCode"] == "68200"
    assert place["location"]["geo"]["latitude"] == 47.7305
    online = json_ld(built_site, "webinaire-en-ligne")[0]
    assert online["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")
    assert online["location"] == {
        "@type": "VirtualLocation",
        "url": "https://www.example.org/direct",
    }
    mixed = json_ld(built_site, "cafe-mixte")[0]
    assert mixed["eventAttendanceMode"].endswith("MixedEventAttendanceMode")
    assert sorted(loc["@type"] for loc in mixed["location"]) == ["Place", "VirtualLocation"]


def test_touring_event_has_one_json_ld_event_per_session_at_its_venue(built_site):
    items = json_ld(built_site, "conference-itinerante")
    assert [(i["startDate"][:10], i["location"]["address"]["addressLocality"]) for i in items] == [
        ("2027-02-05", "Mulhouse"),
        ("2027-02-12", "Épinal"),
    ]
    assert [i["location"]["name"] for i in items] == ["La Nef des sciences", "Médiathèque, Épinal"]
    assert [i["@id"].rsplit("#", 1)[1] for i in items] == ["seance-mulhouse", "seance-epinal"]


def test_free_events_and_ages_and_images(built_site):
    free = json_ld(built_site, "cycle-trois-seances")[0]
    assert free["isAccessibleForFree"] is True
    assert free["offers"]["price"] == 0 and free["offers"]["priceCurrency"] == "EUR"
    assert free["typicalAgeRange"] == "8-12"
    paid = json_ld(built_site, "atelier-printemps-dst")[0]
    assert "isAccessibleForFree" not in paid
    assert paid["offers"]["url"] == "https://www.example.org/inscription"
    exhibition = json_ld(built_site, "exposition-hiver")[0]
    assert exhibition["image"] == [
        "https://agenda.example.org/content/events/2027/affiche-robot.svg"
    ]
    assert exhibition["startDate"] == "2026-11-10" and exhibition["endDate"] == "2027-01-31"


def test_json_ld_cannot_close_its_script_element(site):
    from dataclasses import replace

    from agenda.jsonld import event_jsonld
    from agenda.render import make_environment
    from tests.test_ical import hostile_catalogue

    catalogue, links, _ = hostile_catalogue(site)
    title = "</script><script>alert(1)</script><!--"
    event = replace(catalogue.events["atelier"], title=title)
    env = make_environment(site.root / "templates", links)
    snippet = env.from_string(
        '{% for item in items %}<script type="application/ld+json">{{ item|tojson }}'
        "</script>{% endfor %}"
    ).render(items=event_jsonld(event, catalogue, links))
    from tests.htmlcheck import read_html

    scripts = read_html(snippet).scripts
    assert len(scripts) == 2  # one per session, none injected
    assert all(attrs.get("type") == "application/ld+json" for attrs, _ in scripts)
    assert [json.loads(body)["name"] for _, body in scripts] == [title, title]
