"""The fixed vocabularies of an event: its status and the kind of its registration, each
a typed value that carries what it means in French, in iCalendar and in schema.org.

Both are `StrEnum`s: a member is its own content-file value (`status: cancelled`), so it
compares, prints and serialises to JSON as that text, in templates too.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EventStatus(StrEnum):
    """`status:` of an event file."""

    SCHEDULED = "scheduled"
    RESCHEDULED = "rescheduled"
    MOVED_ONLINE = "moved-online"
    POSTPONED = "postponed"
    FULL = "full"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """« Annulé »: the French word on cards, pages, programmes and filters."""
        return _STATUS_MEANINGS[self].label

    @property
    def ical_status(self) -> str:
        """The VEVENT's STATUS (RFC 5545 §3.8.1.11)."""
        return _STATUS_MEANINGS[self].ical_status

    @property
    def summary_prefix(self) -> str:
        """« ANNULÉ – » before the title in calendars: Google Calendar hides
        STATUS:CANCELLED events of a subscription, so the title must say it too."""
        return _STATUS_MEANINGS[self].summary_prefix

    @property
    def sentence(self) -> str:
        """« Cet événement est annulé. », first in a calendar event's description."""
        return _STATUS_MEANINGS[self].sentence

    @property
    def schema_org(self) -> str:
        """schema.org's EventStatusType (« full » has none: the event still takes place)."""
        return _STATUS_MEANINGS[self].schema_org

    @property
    def offers_registration(self) -> bool:
        """False for a cancelled or postponed event: its registration is never offered."""
        return self not in (EventStatus.CANCELLED, EventStatus.POSTPONED)


@dataclass(frozen=True)
class _StatusMeaning:
    label: str
    ical_status: str
    summary_prefix: str
    sentence: str
    schema_org: str


_SCHEMA = "https://schema.org/"
_STATUS_MEANINGS = {
    EventStatus.SCHEDULED: _StatusMeaning(
        "Programmé", "CONFIRMED", "", "", _SCHEMA + "EventScheduled"
    ),
    EventStatus.RESCHEDULED: _StatusMeaning(
        "Date modifiée",
        "CONFIRMED",
        "NOUVELLE DATE – ",
        "Cet événement a changé de date.",
        _SCHEMA + "EventRescheduled",
    ),
    EventStatus.MOVED_ONLINE: _StatusMeaning(
        "Passé en ligne",
        "CONFIRMED",
        "EN LIGNE – ",
        "Cet événement a lieu en ligne.",
        _SCHEMA + "EventMovedOnline",
    ),
    EventStatus.POSTPONED: _StatusMeaning(
        "Reporté",
        "TENTATIVE",
        "REPORTÉ – ",
        "Cet événement est reporté à une date encore inconnue.",
        _SCHEMA + "EventPostponed",
    ),
    EventStatus.FULL: _StatusMeaning(
        "Complet",
        "CONFIRMED",
        "COMPLET – ",
        "Cet événement est complet.",
        _SCHEMA + "EventScheduled",
    ),
    EventStatus.CANCELLED: _StatusMeaning(
        "Annulé",
        "CANCELLED",
        "ANNULÉ – ",
        "Cet événement est annulé.",
        _SCHEMA + "EventCancelled",
    ),
}


class RegistrationKind(StrEnum):
    """What `registration:` holds, as validation read it."""

    NONE = ""  # no registration
    URL = "url"
    EMAIL = "email"
    PHONE = "phone"
    TEXT = "text"  # a sentence, never a link

    def href(self, value: str) -> str:
        """The link a page gives for `value`: the address itself, mailto:, tel: (digits
        and + only), or "" for text."""
        if self is RegistrationKind.URL:
            return value
        if self is RegistrationKind.EMAIL:
            return f"mailto:{value}"
        if self is RegistrationKind.PHONE:
            return "tel:" + "".join(c for c in value if c.isdigit() or c == "+")
        return ""
