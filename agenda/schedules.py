"""Event dates: start and end, sessions, opening hours and closing days."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from agenda.dates import DateFormatError, iso_suggestion, parse_when
from agenda.fields import RecordReader, Reference, suggest
from agenda.formats import SLUG_RE
from agenda.model import OpeningHours, Session
from agenda.schema import SESSION_FIELDS
from agenda.sources import Mapping, Scalar, Sequence, Value

# Opening hours are expanded day by day into every slot (open data, calendars): a range
# of decades would write tens of thousands of rows.
OPENING_HOURS_MAX_DAYS = 3 * 366
TIME_ONLY_RE = re.compile(r"^(\d{1,2})[:h](\d{2})\Z", re.ASCII)

WEEKDAYS = {
    "lun": 0,
    "lundi": 0,
    "mar": 1,
    "mardi": 1,
    "mer": 2,
    "mercredi": 2,
    "jeu": 3,
    "jeudi": 3,
    "ven": 4,
    "vendredi": 4,
    "sam": 5,
    "samedi": 5,
    "dim": 6,
    "dimanche": 6,
}


def read_when(read: RecordReader, name: str, value: Value, line: int) -> date | datetime | None:
    """A date, or a date and time in Paris, read from `value`; None when unreadable."""
    text = read.scalar(name, value, line)
    if not text:
        return None
    try:
        parsed = parse_when(text)
    except DateFormatError as exc:
        fixed = iso_suggestion(text)
        read.error(
            name,
            line,
            f"{exc}.",
            f'Écrivez : {name.rpartition(".")[2]}: "{fixed}"'
            if fixed
            else 'Formes acceptées : "2027-03-13" (journée) ou "2027-03-13 14:00" '
            "(heure de Paris).",
        )
        return None
    if parsed.ambiguous:
        read.warn(
            name,
            line,
            f"{text} existe deux fois cette nuit-là (passage à l'heure d'hiver) : "
            "la première occurrence (heure d'été) est retenue.",
            "Évitez si possible les horaires entre 2 h et 3 h ce jour-là.",
        )
    return parsed.value


def _end(
    read: RecordReader, name: str, value: Value, line: int, start: date | datetime | None
) -> date | datetime | None:
    text = read.scalar(name, value, line)
    if not text:
        return None
    # Convenience: `end: "16:30"` means the same day as a timed start.
    only_time = TIME_ONLY_RE.match(text)
    if only_time and isinstance(start, datetime):
        try:
            clock = time(int(only_time[1]), int(only_time[2]))
        except ValueError:
            read.error(
                name,
                line,
                f"l'heure « {text} » n'existe pas.",
                'Une heure s\'écrit de 00:00 à 23:59, par exemple end: "16:30".',
            )
            return None
        text = f"{start.date().isoformat()} {clock.strftime('%H:%M')}"
        value = Scalar(text, line)
    end = read_when(read, name, value, line)
    if end is None or start is None:
        return end
    if isinstance(start, datetime) != isinstance(end, datetime):
        read.error(
            name,
            line,
            "début et fin doivent être de la même forme : deux dates, ou deux dates avec heure.",
            'Pour un événement à heure précise : end: "2027-03-13 16:30" ; '
            'pour une exposition : end: "2027-04-30".',
        )
        return None
    if isinstance(start, datetime) and isinstance(end, datetime):
        if end <= start:
            read.error(
                name,
                line,
                f"la fin ({text}) n'est pas après le début.",
                "Vérifiez la date et l'heure de fin.",
            )
            return None
    elif end < start:
        read.error(
            name,
            line,
            f"le dernier jour ({text}) est avant le premier.",
            "Pour une exposition, end est son dernier jour d'ouverture.",
        )
        return None
    return end


@dataclass(frozen=True)
class SessionsRead:
    """The sessions of an event, with the venues they name (checked across records later)
    and the lines of the sessions that name none."""

    sessions: tuple[Session, ...] = ()
    venue_refs: tuple[Reference, ...] = ()
    without_venue: tuple[tuple[int, int], ...] = ()  # (position, line) of each


def _session_venue(read: RecordReader, item: Mapping) -> Reference | None:
    field = item.fields.get("venue")
    if field is None:
        return None
    slug = read.scalar("sessions.venue", field.value, field.line)
    return Reference("sessions.venue", slug, field.line) if slug else None


def read_sessions(read: RecordReader) -> SessionsRead:
    """The dates of an event: start and end, or each item of its sessions list."""
    has_start = read.field("start") is not None
    sessions_field = read.field("sessions")
    if sessions_field is not None and has_start:
        read.error(
            "sessions",
            sessions_field.line,
            "start et sessions sont tous deux remplis.",
            "Gardez start/end pour une seule date, ou sessions pour plusieurs.",
        )
        return SessionsRead()
    if sessions_field is None:
        start_field = read.field("start")
        if start_field is None or start_field.value == Scalar("", start_field.value.line):
            read.error(
                "start",
                read.line("start"),
                "il manque la date de l'événement.",
                'Ajoutez start: "2027-03-13 14:00", ou une liste sessions.',
            )
            return SessionsRead()
        start = read_when(read, "start", start_field.value, start_field.line)
        end_field = read.field("end")
        end = _end(read, "end", end_field.value, end_field.line, start) if end_field else None
        return SessionsRead(
            (Session(start, end, "1"),) if start is not None else (),
            without_venue=((1, start_field.line),),
        )
    if read.field("end") is not None:
        read.error(
            "end",
            read.line("end"),
            "end est rempli à côté de sessions.",
            "Donnez la fin de chaque séance dans sessions.",
        )
    if not isinstance(sessions_field.value, Sequence) or not sessions_field.value.items:
        read.error(
            "sessions",
            sessions_field.line,
            "sessions doit être une liste de séances.",
            'Exemple : sessions: [{start: "2027-03-13 10:00", end: "2027-03-13 12:00"}]',
        )
        return SessionsRead()
    sessions: list[Session] = []
    venue_refs: list[Reference] = []
    without_venue: list[tuple[int, int]] = []
    seen_ids: dict[str, int] = {}
    allowed = {s.name for s in SESSION_FIELDS}
    for position, item in enumerate(sessions_field.value.items, start=1):
        if not isinstance(item, Mapping):
            read.error(
                "sessions",
                item.line,
                f"la séance n° {position} doit avoir start (et end).",
                'Exemple : - { start: "2027-03-13 10:00", end: "2027-03-13 12:00" }',
            )
            continue
        for name, sub in item.fields.items():
            if name not in allowed:
                read.warn(
                    f"sessions.{name}",
                    sub.line,
                    f"champ inconnu « {name} » (séance).",
                    suggest(name, allowed) or "Champs possibles : id, start, end, venue.",
                )
        venue_ref = _session_venue(read, item)
        if venue_ref is not None:
            venue_refs.append(venue_ref)
        else:
            without_venue.append((position, item.line))
        key = str(position)
        id_field = item.fields.get("id")
        if id_field is not None:
            session_id = read.scalar("sessions.id", id_field.value, id_field.line) or ""
            if not SLUG_RE.match(session_id):
                read.error(
                    "sessions.id",
                    id_field.line,
                    f"« {session_id} » : un id de séance s'écrit en minuscules, chiffres "
                    "et tirets.",
                    "Exemple : id: s1",
                )
            elif session_id in seen_ids:
                read.error(
                    "sessions.id",
                    id_field.line,
                    f"l'id « {session_id} » est déjà celui de la séance n° {seen_ids[session_id]}.",
                    "Chaque séance a son propre id.",
                )
            else:
                seen_ids[session_id] = position
                key = session_id
        start_field = item.fields.get("start")
        if start_field is None:
            read.error(
                "sessions.start",
                item.line,
                f"la séance n° {position} n'a pas de start.",
                'Ajoutez son début, par exemple start: "2027-03-13 10:00".',
            )
            continue
        start = read_when(read, "sessions.start", start_field.value, start_field.line)
        end_field = item.fields.get("end")
        end = (
            _end(read, "sessions.end", end_field.value, end_field.line, start)
            if end_field
            else None
        )
        if start is not None:
            sessions.append(Session(start, end, key, venue_ref.slug if venue_ref else None))
    # Positions are keys only for sessions without id: an id must not collide with one.
    keys = [s.key for s in sessions]
    if len(set(keys)) != len(keys):
        read.error(
            "sessions.id",
            sessions_field.line,
            "un id de séance reprend le numéro d'une autre séance.",
            "Donnez à chaque séance un id qui n'est pas un simple chiffre, ex. s1, s2.",
        )
    return SessionsRead(
        tuple(sorted(sessions, key=lambda s: (s.sort_key, s.key))),
        tuple(venue_refs),
        tuple(without_venue),
    )


def parse_opening_hours(text: str) -> OpeningHours:
    """`mar-dim 14:00-18:00` or `mer,sam 10:00-12:00 14:00-18:00` → OpeningHours."""
    parts = text.split()
    if len(parts) < 2:
        raise ValueError("il faut des jours puis des horaires")
    days: list[int] = []
    for chunk in parts[0].lower().split(","):
        if "-" in chunk:
            first, _, last = chunk.partition("-")
            if first not in WEEKDAYS or last not in WEEKDAYS:
                raise ValueError(f"« {chunk} » n'est pas une plage de jours")
            day = WEEKDAYS[first]
            while True:
                days.append(day)
                if day == WEEKDAYS[last]:
                    break
                day = (day + 1) % 7
        elif chunk in WEEKDAYS:
            days.append(WEEKDAYS[chunk])
        else:
            raise ValueError(f"« {chunk} » n'est pas un jour (lun, mar, mer, jeu, ven, sam, dim)")
    slots = []
    for chunk in parts[1:]:
        match = re.match(r"^(\d{1,2})[:h](\d{2})-(\d{1,2})[:h](\d{2})$", chunk.strip(","))
        if not match:
            raise ValueError(f"« {chunk} » n'est pas une plage horaire comme 14:00-18:00")
        try:
            opens = time(int(match[1]), int(match[2]))
            closes = time(int(match[3]), int(match[4]))
        except ValueError:
            raise ValueError(f"« {chunk} » : une heure va de 00:00 à 23:59") from None
        if closes <= opens:
            raise ValueError(f"dans « {chunk} », la fermeture n'est pas après l'ouverture")
        slots.append((opens, closes))
    return OpeningHours(tuple(sorted(set(days))), tuple(slots), text)


def read_opening_hours(
    read: RecordReader, sessions: tuple[Session, ...]
) -> tuple[OpeningHours, ...]:
    """The opening hours of an exhibition, each checked against its dates."""
    items = read.items("opening_hours")
    if not items:
        return ()
    result = []
    for item in items:
        try:
            result.append(parse_opening_hours(item.text))
        except ValueError as exc:
            read.error(
                "opening_hours",
                item.line,
                f"{exc}.",
                'Exemple : opening_hours: "mar-dim 14:00-18:00" ou '
                '["mer,sam 10:00-12:00 14:00-18:00"]',
            )
        except Exception as exc:
            read.error(
                "opening_hours",
                item.line,
                f"horaire invalide ({exc}).",
                'Exemple : opening_hours: "mar-dim 14:00-18:00".',
            )
    if sessions and not (len(sessions) == 1 and sessions[0].all_day):
        read.error(
            "opening_hours",
            read.line("opening_hours"),
            "les horaires d'ouverture vont avec une exposition : start et end en dates sans heure.",
            'Exemple : start: "2027-01-10", end: "2027-02-28".',
        )
        return ()
    if sessions:
        days = (sessions[0].last_day - sessions[0].first_day).days + 1
        if days > OPENING_HOURS_MAX_DAYS:
            read.error(
                "opening_hours",
                read.line("opening_hours"),
                f"l'exposition dure {days} jours : avec des horaires d'ouverture, la limite "
                f"est de {OPENING_HOURS_MAX_DAYS} jours.",
                "Vérifiez l'année de end, ou retirez opening_hours et décrivez les horaires "
                "dans la description.",
            )
            return ()
    return tuple(result)


def read_closed(read: RecordReader, sessions: tuple[Session, ...]) -> tuple[date, ...]:
    """The closing days of an exhibition, sorted, each within its dates."""
    days: list[date] = []
    for item in read.items("closed"):
        try:
            parsed = parse_when(item.text).value
        except DateFormatError as exc:
            fixed = iso_suggestion(item.text)
            read.error(
                "closed",
                item.line,
                f"{exc}.",
                f'Écrivez « "{fixed}" » à la place.'
                if fixed
                else 'Exemple : closed: ["2027-01-01"]',
            )
            continue
        if isinstance(parsed, datetime):
            read.error(
                "closed",
                item.line,
                "un jour de fermeture est une date sans heure.",
                f'Écrivez "{parsed.date().isoformat()}".',
            )
            continue
        if sessions and not (sessions[0].first_day <= parsed <= sessions[-1].last_day):
            read.warn(
                "closed",
                item.line,
                f"le {parsed.isoformat()} est en dehors des dates de l'événement.",
            )
        days.append(parsed)
    if days and sessions and not (len(sessions) == 1 and sessions[0].all_day):
        read.error(
            "closed",
            read.line("closed"),
            "les jours de fermeture vont avec une exposition (start et end en dates).",
            'Retirez closed, ou donnez des dates sans heure : start: "2027-01-10", '
            'end: "2027-02-28".',
        )
        return ()
    return tuple(sorted(set(days)))
