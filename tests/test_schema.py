"""The field schema: one declaration read by the validator, `new`, the reference and
the CMS. Its own examples must be values the validator accepts."""

from __future__ import annotations

from agenda.pipeline import check_site
from agenda.schema import (
    EVENT_FIELDS,
    FIELDS_BY_KIND,
    PARTNER_FIELDS,
    SESSION_FIELDS,
    STATUSES,
    VENUE_FIELDS,
)

KNOWN_KINDS = {
    "text",
    "url",
    "email",
    "phone",
    "image",
    "postal_code",
    "departement",
    "coordinate",
    "slug:venue",
    "slug:partner",
    "slugs:partner",
    "when",
    "sessions",
    "opening_hours",
    "dates",
    "integer",
    "contact",
    "status",
    "list",
    "slug",
    "terms:accessibility",
    "terms:themes",
    "term:formats",
    "terms:audiences",
}


def test_every_field_has_a_known_kind_help_and_example():
    for fields in (*FIELDS_BY_KIND.values(), SESSION_FIELDS):
        names = [f.name for f in fields]
        assert len(names) == len(set(names))
        for spec in fields:
            assert spec.kind in KNOWN_KINDS, spec
            assert spec.help.strip() and spec.example.strip(), spec


def test_contract_required_fields():
    assert {f.name for f in PARTNER_FIELDS if f.required} == {"name"}
    assert {f.name for f in VENUE_FIELDS if f.required} == {
        "name",
        "address",
        "postal_code",
        "city",
    }
    assert {f.name for f in EVENT_FIELDS if f.required} == {"title", "organizer"}
    assert list(STATUSES) == [
        "scheduled",
        "rescheduled",
        "moved-online",
        "postponed",
        "full",
        "cancelled",
    ]


def _record(fields, skip: set[str] = frozenset()) -> str:
    return "".join(f"{f.name}: {f.example}\n" for f in fields if f.name not in skip)


def test_the_examples_are_accepted_by_the_validator(site):
    """A record written from the schema's own examples passes check."""
    site.write("assets/images/robot.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    site.write("assets/images/logo.png", "png")
    site.write("content/partners/universite-de-lorraine.yaml", _record(PARTNER_FIELDS))
    site.write("content/partners/la-nef-des-sciences.yaml", 'name: "La Nef"\n')
    site.write(
        "content/venues/bmi-epinal.yaml",
        _record(VENUE_FIELDS, {"lat", "lon"}) + "lat: 49.7629\nlon: 4.7202\n",
    )
    # An event is either start/end or sessions; an exhibition has opening hours.
    timed = _record(EVENT_FIELDS, {"sessions", "opening_hours", "closed"})
    site.event("atelier", timed)
    sessions = _record(EVENT_FIELDS, {"start", "end", "opening_hours", "closed", "previous_start"})
    site.event("cycle", sessions.replace("status: scheduled", "status: full"))
    exhibition = (
        _record(EVENT_FIELDS, {"sessions", "previous_start"})
        .replace('start: "2027-03-13 14:00"', 'start: "2027-01-02"')
        .replace('end: "2027-03-13 16:30"', 'end: "2027-03-13"')
    )
    site.event("exposition", exhibition)
    result = check_site(site.root)
    errors = [p for p in result.problems if p.is_error]
    assert errors == []
    assert result.ok
