"""The typed status and registration kind of an event, and what each means."""

from __future__ import annotations

import json

import pytest

from agenda.event_terms import EventStatus, RegistrationKind


def test_a_status_is_its_file_value_in_text_json_and_comparisons():
    assert EventStatus("moved-online") is EventStatus.MOVED_ONLINE
    assert EventStatus.CANCELLED == "cancelled" and f"{EventStatus.CANCELLED}" == "cancelled"
    assert json.dumps({"status": EventStatus.FULL}) == '{"status": "full"}'


@pytest.mark.parametrize(
    ("status", "label", "ical", "prefix", "schema_org"),
    [
        (EventStatus.SCHEDULED, "Programmé", "CONFIRMED", "", "EventScheduled"),
        (
            EventStatus.RESCHEDULED,
            "Date modifiée",
            "CONFIRMED",
            "NOUVELLE DATE – ",
            "EventRescheduled",
        ),
        (
            EventStatus.MOVED_ONLINE,
            "Passé en ligne",
            "CONFIRMED",
            "EN LIGNE – ",
            "EventMovedOnline",
        ),
        (EventStatus.POSTPONED, "Reporté", "TENTATIVE", "REPORTÉ – ", "EventPostponed"),
        (EventStatus.FULL, "Complet", "CONFIRMED", "COMPLET – ", "EventScheduled"),
        (EventStatus.CANCELLED, "Annulé", "CANCELLED", "ANNULÉ – ", "EventCancelled"),
    ],
)
def test_each_status_carries_its_label_and_its_calendar_and_schema_org_meaning(
    status: EventStatus, label: str, ical: str, prefix: str, schema_org: str
):
    assert status.label == label
    assert status.ical_status == ical
    assert status.summary_prefix == prefix
    assert status.schema_org == "https://schema.org/" + schema_org
    # Every status but « scheduled » says itself in a calendar's description.
    assert bool(status.sentence) is (status is not EventStatus.SCHEDULED)


def test_only_a_cancelled_or_postponed_event_withholds_its_registration():
    closed = {s for s in EventStatus if not s.offers_registration}
    assert closed == {EventStatus.CANCELLED, EventStatus.POSTPONED}


def test_a_registration_links_by_its_kind():
    assert RegistrationKind.URL.href("https://example.org/i") == "https://example.org/i"
    assert RegistrationKind.EMAIL.href("a@example.org") == "mailto:a@example.org"
    assert RegistrationKind.PHONE.href("+33 3 83 00 00 00") == "tel:+33383000000"
    assert RegistrationKind.TEXT.href("Sur place") == ""
    assert RegistrationKind.NONE.href("") == ""
