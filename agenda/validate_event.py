"""Event records: every field of one event, its references left for `validate_all`."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from agenda.config import SiteConfig
from agenda.errors import Problem
from agenda.event_terms import EventStatus, RegistrationKind
from agenda.fields import SUMMARY_MAX, TITLE_MAX, RecordReader, Reference, suggest
from agenda.formats import email_problem, phone_problem, web_url_problem
from agenda.model import Event
from agenda.reference import reference_url
from agenda.schedules import read_closed, read_opening_hours, read_sessions, read_when
from agenda.schema import FIELDS_BY_KIND
from agenda.sources import RawRecord
from agenda.text import html_to_text, markdown_to_html


@dataclass(frozen=True)
class EventDraft:
    """An event checked on its own, with the references still to check.

    `event` is None when its dates could not be read: its other fields were still
    checked, and its references will be, so that every problem is reported at once.
    """

    event: Event | None
    path: str
    venue_ref: Reference | None
    partner_refs: tuple[Reference, ...]
    session_venue_refs: tuple[Reference, ...] = ()


_OTHER_SCHEMES = ("javascript:", "data:", "vbscript:", "file:", "ftp:", "blob:")
_PHONE_LIKE_RE = re.compile(r"[+0-9 .()-]+")


def _registration(read: RecordReader) -> tuple[str, RegistrationKind]:
    """registration: a web address, an e-mail, a phone number, or plain text.

    Each kind that becomes a link is checked as strictly as its own field; plain text
    is never a link, and text that looks like another kind of link is refused.
    """
    value = read.text("registration")
    if not value:
        return "", RegistrationKind.NONE
    line = read.line("registration")
    lower = value.lower()
    # A sentence may mention an address (« Sur place ; en ligne sur https://… »): it is
    # text. Only a value that *is* an address, or a lone word with `://`, is a link.
    lone_word = not any(c.isspace() for c in value)
    if lower.startswith(("http://", "https://")) or ("://" in value and lone_word):
        problem = web_url_problem(value)
        if problem:
            read.error(
                "registration",
                line,
                f"« {value} » n'est pas une adresse web valide : {problem}.",
                "Écrivez l'adresse complète de la page d'inscription, ex. "
                "https://www.example.org/inscription.",
            )
            return "", RegistrationKind.NONE
        return value, RegistrationKind.URL
    if lower.startswith("www."):
        read.error(
            "registration",
            line,
            f"« {value} » ressemble à une adresse web sans https://.",
            f'Écrivez : registration: "https://{value}"',
        )
        return "", RegistrationKind.NONE
    if lower.startswith(_OTHER_SCHEMES):
        read.error(
            "registration",
            line,
            f"« {value} » n'est pas une adresse d'inscription acceptée.",
            "Donnez une adresse https://, un e-mail, un téléphone, ou un texte.",
        )
        return "", RegistrationKind.NONE
    if lower.startswith("mailto:") or ("@" in value and not any(c.isspace() for c in value)):
        address = value[len("mailto:") :] if lower.startswith("mailto:") else value
        if email_problem(address):
            read.error(
                "registration",
                line,
                f"« {address} » n'est pas une adresse e-mail.",
                "Forme attendue : inscription@example.org (sans espace, guillemet ni chevron).",
            )
            return "", RegistrationKind.NONE
        return address, RegistrationKind.EMAIL
    if lower.startswith("tel:") or _PHONE_LIKE_RE.fullmatch(value):
        number = value[len("tel:") :] if lower.startswith("tel:") else value
        if phone_problem(number):
            read.error(
                "registration",
                line,
                f"« {number} » n'est pas un numéro de téléphone.",
                'Forme attendue : "03 89 00 00 00" ou "+33 3 89 00 00 00".',
            )
            return "", RegistrationKind.NONE
        return number, RegistrationKind.PHONE
    return value, RegistrationKind.TEXT


def _references(read: RecordReader) -> tuple[Reference | None, tuple[Reference, ...]]:
    venue = read.field("venue")
    venue_ref = None
    if venue is not None:
        slug = read.scalar("venue", venue.value, venue.line)
        if slug:
            venue_ref = Reference("venue", slug, venue.line)
    refs: list[Reference] = []
    organizer = read.field("organizer")
    if organizer is not None:
        slug = read.scalar("organizer", organizer.value, organizer.line)
        if slug:
            refs.append(Reference("organizer", slug, organizer.line))
    refs.extend(Reference("partners", item.text, item.line) for item in read.items("partners"))
    return venue_ref, tuple(refs)


def validate_event(
    record: RawRecord, config: SiteConfig, root: Path, problems: list[Problem]
) -> EventDraft:
    """An event record → an EventDraft (references are checked later, across records)."""
    read = RecordReader(record, FIELDS_BY_KIND["event"], problems)
    sessions_read = read_sessions(read)
    online = read.url("online")
    venue_ref, partner_refs = _references(read)
    online_written = bool(read.text("online"))  # an invalid URL is reported by read.url
    # A session without its own venue takes the event's; an event whose every session
    # names its venue (a touring exhibition) needs none of its own.
    default_venue = venue_ref.slug if venue_ref else None
    sessions = tuple(replace(s, venue=s.venue or default_venue) for s in sessions_read.sessions)
    if venue_ref is None and not online_written:
        if not sessions_read.venue_refs:
            read.error(
                "venue",
                read.line("venue"),
                "l'événement n'a ni lieu (venue) ni adresse en ligne (online).",
                'Ajoutez venue: <nom d\'un fichier de content/venues/>, ou online: "https://…" '
                "pour un événement en ligne.",
            )
        else:
            for position, line in sessions_read.without_venue:
                read.error(
                    "sessions.venue",
                    line,
                    f"la séance n° {position} n'a pas de lieu, et l'événement n'en donne pas.",
                    "Ajoutez venue: <nom d'un fichier de content/venues/> à cette séance, "
                    "ou un venue à l'événement (le lieu des séances qui n'en donnent pas).",
                )
    written = read.text("status") or EventStatus.SCHEDULED
    known = [status.value for status in EventStatus]
    if written not in known:
        read.error(
            "status",
            read.line("status"),
            f"« {written} » n'est pas un statut connu.",
            suggest(written, known) or f"Statuts possibles : {', '.join(known)}.",
        )
        written = EventStatus.SCHEDULED
    status = EventStatus(written)
    previous_start = None
    previous_field = read.field("previous_start")
    if previous_field is not None:
        previous_start = read_when(
            read, "previous_start", previous_field.value, previous_field.line
        )
        if status is not EventStatus.RESCHEDULED:
            read.warn(
                "previous_start",
                previous_field.line,
                "previous_start ne sert qu'avec status: rescheduled.",
                "Retirez-le, ou indiquez status: rescheduled.",
            )
    if status is EventStatus.RESCHEDULED and previous_field is None:
        read.error(
            "previous_start",
            read.line("status"),
            "un événement « rescheduled » doit dire son ancienne date.",
            'Ajoutez previous_start: "2027-03-06 14:00" (l\'ancienne date de début).',
        )
    if status is EventStatus.MOVED_ONLINE and not online_written:
        read.error(
            "online",
            read.line("status"),
            "un événement passé en ligne (moved-online) doit donner son adresse en ligne.",
            'Ajoutez online: "https://…".',
        )
    age_min = read.integer("age_min", 0, 120)
    age_max = read.integer("age_max", 0, 120)
    if age_min is not None and age_max is not None and age_min > age_max:
        read.error(
            "age_max",
            read.line("age_max"),
            f"l'âge maximum ({age_max}) est inférieur à l'âge minimum ({age_min}).",
            "Échangez les deux valeurs, ou corrigez l'une d'elles.",
        )
    image = read.image("image", root, config.image_max_bytes)
    image_alt = read.text("image_alt")
    if "image" in record.fields and not image_alt:
        read.error(
            "image_alt",
            read.line("image"),
            "une image doit avoir sa description (image_alt) pour qui ne la voit pas.",
            'Ajoutez image_alt: "ce que montre l\'image, en une phrase".',
        )
    registration, registration_kind = _registration(read)
    format_terms = read.terms("format", config.formats, reference_url(config))
    if len(format_terms) > 1:
        read.error(
            "format",
            read.line("format"),
            "un seul type d'activité est possible.",
            "Gardez le principal ; les autres peuvent aller dans tags.",
        )
    opening_hours = read_opening_hours(read, sessions)
    closed = read_closed(read, sessions)
    description_html = markdown_to_html(read.body())
    title = " ".join(read.text("title").split())
    summary = read.text("summary")
    for name, label, value, limit in (
        ("title", "le titre", title, TITLE_MAX),
        ("summary", "le résumé", summary, SUMMARY_MAX),
    ):
        if len(value) > limit:
            read.error(
                name,
                read.line(name),
                f"{label} fait {len(value)} caractères, plus que la limite de {limit}.",
                "Raccourcissez-le ; les détails vont dans la description, sous l'en-tête.",
            )
    themes = read.terms("themes", config.themes, reference_url(config))
    audience = read.terms("audience", config.audiences, reference_url(config))
    price = read.text("price")
    accessibility = read.terms("accessibility", config.accessibility, reference_url(config))
    accessibility_notes = read.text("accessibility_notes")
    image_credit = read.text("image_credit")
    tags = tuple(item.text for item in read.items("tags"))
    if not sessions:
        # Every field has been read and checked; references are checked later.
        return EventDraft(None, record.path, venue_ref, partner_refs, sessions_read.venue_refs)
    event = Event(
        slug=record.slug,
        path=record.path,
        title=title,
        organizer=partner_refs[0].slug
        if partner_refs and partner_refs[0].field == "organizer"
        else "",
        sessions=sessions,
        summary=summary,
        venue=venue_ref.slug if venue_ref else None,
        online=online,
        partners=tuple(r.slug for r in partner_refs if r.field == "partners"),
        opening_hours=opening_hours,
        closed=closed,
        themes=themes,
        format=format_terms[0] if format_terms else "",
        audience=audience,
        age_min=age_min,
        age_max=age_max,
        price=price,
        registration=registration,
        registration_kind=registration_kind,
        accessibility=accessibility,
        accessibility_notes=accessibility_notes,
        image=image,
        image_alt=image_alt,
        image_credit=image_credit,
        status=status,
        previous_start=previous_start,
        tags=tags,
        description_html=description_html,
        description_text=html_to_text(description_html),
    )
    return EventDraft(event, record.path, venue_ref, partner_refs, sessions_read.venue_refs)
