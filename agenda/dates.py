"""Europe/Paris time: the date and time forms partners may write, and French formatting."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time

PARIS = ZoneInfo("Europe/Paris")
# Years a partner may write. Far beyond them, arithmetic on dates overflows (the day
# after 9999-12-31, a UTC conversion), and no event of an agenda lies there.
YEAR_MIN = 2000
YEAR_MAX = 2100
LOCALE = "fr_FR"

_DATE = r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
_TIME = r"(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2}))?"
_DATE_RE = re.compile(rf"^{_DATE}\Z", re.ASCII)
_DATETIME_RE = re.compile(rf"^{_DATE}[ T]{_TIME}\Z", re.ASCII)


@dataclass(frozen=True)
class ParsedWhen:
    """A date or a Paris datetime read from text, and whether it was ambiguous."""

    value: date | datetime
    ambiguous: bool = False


class DateFormatError(ValueError):
    """The text is not one of the accepted forms, or names a moment that does not exist."""


def parse_when(text: str) -> ParsedWhen:
    """Read `2025-10-04` (a whole day) or `2025-10-04 14:00` (Paris local time).

    A local time inside the spring-forward gap raises; one in the autumn fall-back
    hour resolves to its first occurrence (fold=0) and is flagged `ambiguous`.
    """
    text = text.strip()
    if match := _DATE_RE.match(text):
        return ParsedWhen(_make_date(match))
    if match := _DATETIME_RE.match(text):
        day = _make_date(match)
        try:
            clock = time(int(match["H"]), int(match["M"]), int(match["S"] or 0))
        except ValueError:
            raise DateFormatError(f"l'heure « {text} » n'existe pas") from None
        local = datetime.combine(day, clock, tzinfo=PARIS)
        if not exists_in_paris(local):
            raise DateFormatError(
                f"{text} n'existe pas à Paris : les horloges avancent d'une heure cette nuit-là"
            )
        return ParsedWhen(local, ambiguous=is_ambiguous_in_paris(local))
    if iso_suggestion(text):
        raise DateFormatError(
            f"« {text} » : une date s'écrit année-mois-jour (AAAA-MM-JJ), l'heure après"
        )
    raise DateFormatError(f"« {text} » n'est pas une date AAAA-MM-JJ ni une date et heure")


# Other forms people write a date in, read day first as in French; `check` refuses them
# but answers with the ISO form to copy (`iso_suggestion`).
_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip
_WEEKDAY_WORD = r"(?:(?:lun|mar|mer|jeu|ven|sam|dim)[a-z]*\.?,?\s+)?"
_OTHER_DATES = (
    # 12/03/2027, 12-03-2027, 12.03.27
    re.compile(r"^(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4}|\d{2})"),
    # 2027/03/12, 2027.3.12, 2027-3-12 written with a slash or a dot
    re.compile(r"^(?P<y>\d{4})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<d>\d{1,2})"),
    # samedi 12 mars 2027, 1er avril 2027, 12 sept. 2027
    re.compile(rf"^{_WEEKDAY_WORD}(?P<d>\d{{1,2}})(?:er)?\s+(?P<month>[a-z]+)\.?\s+(?P<y>\d{{4}})"),
)
# 14h30, 14 h 30, 14h, 14:30, « à 14h30 », « , 14h30 »
_OTHER_TIME = re.compile(r"^(?:,|a|-|de)?\s*(?P<H>\d{1,2})\s*(?:h|:)\s*(?P<M>\d{2})?\s*(?:min)?$")


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def iso_suggestion(text: str) -> str | None:
    """The ISO form of a date written another common way, or None.

    `12/03/2027` → `2027-03-12`, `12/03/2027 14h30` → `2027-03-12 14:30`,
    `samedi 12 mars 2027 à 14h30` → `2027-03-12 14:30` (day first, as in French).
    """
    plain = " ".join(_plain(text).split())
    for pattern in _OTHER_DATES:
        match = pattern.match(plain)
        if not match:
            continue
        groups = match.groupdict()
        month = _MONTHS.get(groups["month"]) if groups.get("month") else int(groups["m"])
        year = int(groups["y"])
        year = 2000 + year if year < 100 else year
        if month is None or not YEAR_MIN <= year <= YEAR_MAX:
            return None
        try:
            day = date(year, month, int(groups["d"]))
        except ValueError:
            return None
        rest = plain[match.end() :].strip()
        if not rest:
            return day.isoformat()
        clock = _OTHER_TIME.match(rest)
        if not clock:
            return None
        try:
            moment = time(int(clock["H"]), int(clock["M"] or 0))
        except ValueError:
            return None
        return f"{day.isoformat()} {moment.strftime('%H:%M')}"
    return None


def _make_date(match: re.Match[str]) -> date:
    year = int(match["y"])
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise DateFormatError(
            f"l'année {year} est hors de la période acceptée ({YEAR_MIN}–{YEAR_MAX}) : "
            "vérifiez la date"
        )
    try:
        return date(year, int(match["m"]), int(match["d"]))
    except ValueError:
        raise DateFormatError(f"la date « {match.group(0)} » n'existe pas au calendrier") from None


def exists_in_paris(local: datetime) -> bool:
    """False for a wall-clock time skipped when clocks go forward."""
    round_trip = local.astimezone(UTC).astimezone(PARIS)
    return round_trip.replace(tzinfo=None) == local.replace(tzinfo=None)


def is_ambiguous_in_paris(local: datetime) -> bool:
    """True for a wall-clock time that happens twice when clocks go back."""
    return local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset()


def paris_today(now: datetime) -> date:
    """Today's date in Paris at the aware instant `now`."""
    return now.astimezone(PARIS).date()


def start_of_day(day: date) -> datetime:
    """Midnight in Paris at the start of `day`."""
    return datetime.combine(day, time(0, 0), tzinfo=PARIS)


def as_paris_datetime(value: date | datetime) -> datetime:
    """A datetime for sorting: dates become their Paris midnight."""
    if isinstance(value, datetime):
        return value
    return start_of_day(value)


def day_of(value: date | datetime) -> date:
    """The calendar day (in Paris) of a date or datetime."""
    if isinstance(value, datetime):
        return value.astimezone(PARIS).date()
    return value


def add_days(day: date, days: int) -> date:
    """`day` moved by `days` days."""
    return day + timedelta(days=days)


# French formatting, through Babel's CLDR data so it reads as a French reader expects.
#
# Every build writes the same few hundred days and times thousands of times (pages,
# listings, widgets, exports), and each Babel call looks its locale up and formats
# anew. A day's words depend on the day alone and a time's on its Paris hour and
# minute, so each is formatted once per process and then reused. The caches are keyed
# on plain dates and integers only: two equal aware datetimes can be different Paris
# days (the same instant in two zones), so a datetime is never a key.

_LOCALE = Locale.parse(LOCALE)
# Bounds the memory of a long `serve` session; a whole century of days fits.
_MEMO_SIZE = 1 << 16


def _plain_date(day: date) -> date:
    """The date Babel formats for `day`: a datetime's own calendar date, as written."""
    return day if type(day) is date else date(day.year, day.month, day.day)


def _day_number(day: date) -> str:
    # French typography writes the first of the month « 1er » (« mercredi 1er octobre »).
    return "1er" if day.day == 1 else str(day.day)


def _weekday_day_month(day: date, weekday: str = "EEEE", month: str = "MMMM") -> str:
    return _formatted_weekday_day_month(_plain_date(day), weekday, month)


@lru_cache(maxsize=_MEMO_SIZE)
def _formatted_weekday_day_month(day: date, weekday: str, month: str) -> str:
    names = format_date(day, format=f"{weekday}|{month}", locale=_LOCALE).split("|")
    return f"{names[0]} {_day_number(day)} {names[1]}"


@lru_cache(maxsize=_MEMO_SIZE)
def _formatted_date(day: date, pattern: str) -> str:
    return str(format_date(day, format=pattern, locale=_LOCALE))


@lru_cache(maxsize=24 * 60)
def french_clock(hour: int, minute: int) -> str:
    """« 14 h 00 » for a Paris wall-clock hour and minute (see `french_time`)."""
    return str(format_time(time(hour, minute), format="H'\u00a0h\u00a0'mm", locale=_LOCALE))


def french_date(day: date | datetime) -> str:
    """« samedi 4 octobre 2025 », « mercredi 1er octobre 2025 »."""
    value = day_of(day)
    return f"{_weekday_day_month(value)} {value.year}"


def french_short_date(day: date | datetime) -> str:
    """« sam. 4 oct. »."""
    return _weekday_day_month(day_of(day), "EEE", "MMM")


def french_time(moment: datetime) -> str:
    """« 14 h 00 »: the French typographic form, with no-break spaces so that a phone
    never wraps it as « 14 / h 00 »."""
    local = moment.astimezone(PARIS)
    return french_clock(local.hour, local.minute)


def french_datetime(value: date | datetime) -> str:
    """« samedi 4 octobre 2025, 14 h 00 », or the date alone for a whole day."""
    if isinstance(value, datetime):
        return f"{french_date(value)}, {french_time(value)}"
    return french_date(value)


def french_month(day: date) -> str:
    """« octobre 2025 », for grouping listings by month."""
    return _formatted_date(_plain_date(day), "LLLL y")


def french_weekday(index: int) -> str:
    """Monday = 0 → « lundi »."""
    monday = date(2024, 1, 1)  # a Monday
    return _formatted_date(monday + timedelta(days=index), "EEEE")


def iso(value: date | datetime) -> str:
    """ISO 8601, with the UTC offset for datetimes (schema.org and HTML <time>)."""
    if isinstance(value, datetime):
        return value.astimezone(PARIS).isoformat(timespec="seconds")
    return value.isoformat()


def french_day_range(first: date, last: date) -> str:
    """« du samedi 10 janvier au dimanche 28 février 2027 », or one day."""
    if first == last:
        return french_date(first)
    if first.year == last.year:
        return f"du {_weekday_day_month(first)} au {french_date(last)}"
    return f"du {french_date(first)} au {french_date(last)}"


def french_span(start: date | datetime, end: date | datetime | None) -> str:
    """A session in words: « samedi 4 octobre 2025, 14 h 00 – 16 h 30 »."""
    if not isinstance(start, datetime):
        last = end if isinstance(end, date) and not isinstance(end, datetime) else start
        return french_day_range(start, last)
    if end is None or not isinstance(end, datetime):
        return french_datetime(start)
    if day_of(start) == day_of(end):
        return f"{french_datetime(start)} – {french_time(end)}"
    return f"du {french_datetime(start)} au {french_datetime(end)}"
