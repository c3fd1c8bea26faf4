"""Europe/Paris dates: the forms partners write, DST edges, French formatting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from agenda.dates import (
    PARIS,
    YEAR_MAX,
    YEAR_MIN,
    DateFormatError,
    add_days,
    as_paris_datetime,
    day_of,
    exists_in_paris,
    french_date,
    french_datetime,
    french_day_range,
    french_month,
    french_short_date,
    french_span,
    french_time,
    french_weekday,
    is_ambiguous_in_paris,
    iso,
    iso_suggestion,
    paris_today,
    parse_when,
    start_of_day,
)


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def plain(text: str) -> str:
    """The text with no-break spaces (a typographic choice) shown as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


# Parsing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-10-04", date(2025, 10, 4)),
        ("  2025-10-04  ", date(2025, 10, 4)),
        ("2025-1-4", date(2025, 1, 4)),
        ("2025-10-04 14:00", paris(2025, 10, 4, 14, 0)),
        ("2025-10-04T14:00", paris(2025, 10, 4, 14, 0)),
        ("2025-10-04 14h30", paris(2025, 10, 4, 14, 30)),
        ("2025-10-04 9:05", paris(2025, 10, 4, 9, 5)),
        ("2025-10-04 14:00:30", paris(2025, 10, 4, 14, 0, 30)),
    ],
)
def test_parse_forms(text, expected):
    parsed = parse_when(text)
    assert parsed.value == expected
    assert type(parsed.value) is type(expected)
    assert parsed.ambiguous is False


def test_parsed_datetime_is_paris_local_time():
    value = parse_when("2025-10-04 14:00").value
    assert value.utcoffset() == timedelta(hours=2)
    assert value.astimezone(UTC) == datetime(2025, 10, 4, 12, 0, tzinfo=UTC)
    winter = parse_when("2025-12-04 14:00").value
    assert winter.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize(
    "text",
    ["04/10/2025", "2025-10", "demain", "", "2025-10-04 14", "2025-10-04 14:00 CET", "20251004"],
)
def test_parse_rejects_other_forms(text):
    with pytest.raises(DateFormatError, match="AAAA-MM-JJ"):
        parse_when(text)


@pytest.mark.parametrize("text", ["2025-02-30", "2025-13-01", "2025-00-10"])
def test_parse_rejects_impossible_dates(text):
    with pytest.raises(DateFormatError, match="n'existe pas au calendrier"):
        parse_when(text)


@pytest.mark.parametrize("text", ["2025-10-04 24:00", "2025-10-04 14:60"])
def test_parse_rejects_impossible_times(text):
    with pytest.raises(DateFormatError, match="n'existe pas"):
        parse_when(text)


def test_date_format_error_is_a_value_error():
    assert issubclass(DateFormatError, ValueError)


# Daylight saving time ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["2026-03-29 02:00", "2026-03-29 02:30", "2026-03-29 02:59"])
def test_spring_gap_does_not_exist(text):
    with pytest.raises(DateFormatError, match="avancent"):
        parse_when(text)


@pytest.mark.parametrize("text", ["2026-03-29 01:59", "2026-03-29 03:00"])
def test_around_the_spring_gap_is_fine(text):
    assert parse_when(text).ambiguous is False


def test_autumn_fall_back_is_ambiguous_and_means_the_first_occurrence():
    parsed = parse_when("2026-10-25 02:30")
    assert parsed.ambiguous is True
    assert parsed.value.utcoffset() == timedelta(hours=2)
    assert parsed.value.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-10-25 01:59", "2026-10-25 03:00"])
def test_around_the_autumn_hour_is_not_ambiguous(text):
    assert parse_when(text).ambiguous is False


def test_dst_helpers():
    assert not exists_in_paris(paris(2025, 3, 30, 2, 30))
    assert exists_in_paris(paris(2025, 3, 30, 3, 30))
    assert exists_in_paris(paris(2025, 10, 26, 2, 30))
    assert is_ambiguous_in_paris(paris(2025, 10, 26, 2, 30))
    assert not is_ambiguous_in_paris(paris(2025, 10, 26, 3, 30))
    assert not is_ambiguous_in_paris(paris(2025, 7, 14, 2, 30))


def test_paris_today_at_midnight_utc_edges():
    # 22:30 UTC on 4 October is 00:30 on 5 October in Paris (summer time).
    assert paris_today(datetime(2025, 10, 4, 22, 30, tzinfo=UTC)) == date(2025, 10, 5)
    # 23:30 UTC on 4 December is 00:30 on 5 December in Paris (winter time).
    assert paris_today(datetime(2025, 12, 4, 23, 30, tzinfo=UTC)) == date(2025, 12, 5)
    assert paris_today(datetime(2025, 12, 4, 22, 30, tzinfo=UTC)) == date(2025, 12, 4)


def test_start_of_day_and_as_paris_datetime():
    assert start_of_day(date(2025, 10, 4)) == paris(2025, 10, 4, 0, 0)
    assert start_of_day(date(2025, 10, 4)).utcoffset() == timedelta(hours=2)
    assert as_paris_datetime(date(2025, 10, 4)) == paris(2025, 10, 4, 0, 0)
    moment = paris(2025, 10, 4, 14, 0)
    assert as_paris_datetime(moment) is moment


def test_day_of_uses_paris_time():
    assert day_of(date(2025, 10, 4)) == date(2025, 10, 4)
    assert day_of(datetime(2025, 10, 4, 23, 30, tzinfo=UTC)) == date(2025, 10, 5)
    assert add_days(date(2025, 12, 31), 1) == date(2026, 1, 1)
    assert add_days(date(2025, 3, 1), -1) == date(2025, 2, 28)


# French formatting -------------------------------------------------------------------


def test_french_datetime_matches_the_contract():
    assert plain(french_datetime(paris(2025, 10, 4, 14, 0))) == "samedi 4 octobre 2025, 14 h 00"


def test_french_datetime_of_a_date_is_the_date_alone():
    assert french_datetime(date(2025, 10, 4)) == "samedi 4 octobre 2025"


def test_french_time_pads_minutes_not_hours():
    assert plain(french_time(paris(2025, 10, 4, 9, 5))) == "9 h 05"
    assert plain(french_time(paris(2025, 10, 4, 0, 0))) == "0 h 00"
    # A UTC instant is shown in Paris time.
    assert plain(french_time(datetime(2025, 10, 4, 12, 0, tzinfo=UTC))) == "14 h 00"


def test_french_short_and_month_and_weekdays():
    assert plain(french_short_date(date(2025, 10, 4))) == "sam. 4 oct."
    assert french_month(date(2025, 10, 4)) == "octobre 2025"
    assert [french_weekday(i) for i in range(7)] == [
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
    ]


def test_french_date_of_a_late_utc_instant_is_the_paris_day():
    assert french_date(datetime(2025, 10, 4, 22, 30, tzinfo=UTC)) == "dimanche 5 octobre 2025"


def test_first_of_the_month_is_written_premier():
    assert french_date(date(2025, 10, 1)) == "mercredi 1er octobre 2025"
    assert french_date(date(2025, 10, 2)) == "jeudi 2 octobre 2025"
    assert french_date(date(2025, 10, 11)) == "samedi 11 octobre 2025"


def test_french_day_range():
    assert french_day_range(date(2025, 10, 4), date(2025, 10, 4)) == "samedi 4 octobre 2025"
    assert (
        french_day_range(date(2027, 1, 10), date(2027, 2, 28))
        == "du dimanche 10 janvier au dimanche 28 février 2027"
    )
    assert (
        french_day_range(date(2026, 12, 10), date(2027, 2, 28))
        == "du jeudi 10 décembre 2026 au dimanche 28 février 2027"
    )


def test_french_span_forms():
    start = paris(2025, 10, 4, 14, 0)
    assert plain(french_span(start, None)) == "samedi 4 octobre 2025, 14 h 00"
    assert (
        plain(french_span(start, paris(2025, 10, 4, 16, 30)))
        == "samedi 4 octobre 2025, 14 h 00 – 16 h 30"
    )
    assert (
        plain(french_span(start, paris(2025, 10, 5, 10, 0)))
        == "du samedi 4 octobre 2025, 14 h 00 au dimanche 5 octobre 2025, 10 h 00"
    )
    assert french_span(date(2025, 10, 4), None) == "samedi 4 octobre 2025"
    assert (
        french_span(date(2025, 10, 4), date(2025, 11, 30))
        == "du samedi 4 octobre au dimanche 30 novembre 2025"
    )


@pytest.mark.parametrize(
    ("value", "offset"),
    [
        (paris(2025, 10, 4, 14, 0), "+02:00"),
        (paris(2025, 12, 4, 14, 0), "+01:00"),
        (datetime(2025, 10, 4, 12, 0, tzinfo=UTC), "+02:00"),
    ],
)
def test_iso_datetimes_carry_the_paris_offset(value, offset):
    text = iso(value)
    assert text.endswith(offset)
    assert text.startswith(plain_day(value))
    assert datetime.fromisoformat(text) == value


def plain_day(value: datetime) -> str:
    local = value.astimezone(PARIS)
    return f"{local.date().isoformat()}T{local.hour:02d}:{local.minute:02d}"


def test_iso_date():
    assert iso(date(2025, 10, 4)) == "2025-10-04"


# Years partners may write --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["9999-12-31 23:00", "9999-12-31", "0001-01-01", "1999-12-31 23:59", "2101-01-01"],
)
def test_years_outside_the_range_are_a_format_error_not_an_overflow(text):
    with pytest.raises(DateFormatError, match=f"{YEAR_MIN}–{YEAR_MAX}"):
        parse_when(text)


@pytest.mark.parametrize("text", ["2000-01-01", "2100-12-31 23:00"])
def test_the_edges_of_the_range_are_accepted_and_survive_arithmetic(text):
    value = parse_when(text).value
    moment = as_paris_datetime(value) + timedelta(days=2)
    assert moment.astimezone(UTC).year in (1999, 2000, 2101)


@pytest.mark.parametrize(
    "text", ["٢٠٢٥-10-04", "2025-10-04\nEND:VEVENT", "2025-10-04 14:00\nx", "2025-10-04 1٤:00"]
)
def test_only_ascii_digits_on_one_line_are_dates(text):
    with pytest.raises(DateFormatError):
        parse_when(text)


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("12/03/2027", "2027-03-12"),
        ("12/03/2027 14h30", "2027-03-12 14:30"),
        ("12-03-2027 14:30", "2027-03-12 14:30"),
        ("12.03.27", "2027-03-12"),
        ("12 mars 2027", "2027-03-12"),
        ("Samedi 12 mars 2027 à 14h30", "2027-03-12 14:30"),
        ("1er avril 2027", "2027-04-01"),
        ("12 sept. 2027, 9h05", "2027-09-12 09:05"),
        ("3 août 2027 14h", "2027-08-03 14:00"),
        ("2027/03/12 14:30", "2027-03-12 14:30"),
    ],
)
def test_other_common_forms_get_their_iso_form(written, iso):
    assert iso_suggestion(written) == iso
    with pytest.raises(DateFormatError, match="année-mois-jour"):
        parse_when(written)


@pytest.mark.parametrize("written", ["31/02/2027", "12 mars", "banane", "12/03/2027 midi"])
def test_no_iso_form_for_what_cannot_be_read(written):
    assert iso_suggestion(written) is None


def test_iso_date_with_one_digit_month_is_accepted():
    assert parse_when("2027-3-12").value == date(2027, 3, 12)


# French formatting is memoised: each memo gives what Babel gives directly -------------

# Both sides of both clock changes of 2026 (29 March, 25 October), and ordinary days of
# summer and winter time.
DST_MOMENTS = [
    datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # 01:59 CET, the last minute before
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # 03:00 CEST, the first one after
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 CEST, the first 02:30
    datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # 02:30 CET, the second one
    datetime(2026, 7, 14, 21, 45, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 15, tzinfo=UTC),  # already 2027 in Paris
    paris(2026, 10, 25, 2, 30).replace(fold=1),
    paris(2027, 1, 9, 14, 0),
]


@pytest.mark.parametrize("moment", DST_MOMENTS)
def test_french_time_is_what_babel_writes_in_summer_and_winter_time(moment):
    from babel.dates import format_time

    expected = format_time(moment.astimezone(PARIS), format="H'\u00a0h\u00a0'mm", locale="fr_FR")
    assert french_time(moment) == expected
    assert french_time(moment) == expected  # and again, from the memo


def test_french_clock_is_what_babel_writes_for_every_minute_of_the_day():
    from babel.dates import format_time

    from agenda.dates import french_clock

    for minute in range(24 * 60):
        moment = paris(2026, 6, 1) + timedelta(minutes=minute)
        expected = format_time(moment, format="H'\u00a0h\u00a0'mm", locale="fr_FR")
        assert french_clock(moment.hour, moment.minute) == expected


@pytest.mark.parametrize("moment", DST_MOMENTS)
def test_french_dates_are_what_babel_writes_for_the_paris_day(moment):
    from babel.dates import format_date

    day = moment.astimezone(PARIS).date()
    weekday, month = format_date(day, "EEEE|MMMM", locale="fr_FR").split("|")
    number = "1er" if day.day == 1 else str(day.day)
    for _ in range(2):  # formatted, then from the memo
        assert french_date(moment) == f"{weekday} {number} {month} {day.year}"
        short = format_date(day, "EEE|MMM", locale="fr_FR").split("|")
        assert french_short_date(moment) == f"{short[0]} {number} {short[1]}"
        assert french_month(day) == format_date(day, "LLLL y", locale="fr_FR")


def test_equal_instants_in_two_zones_are_not_one_memo_entry():
    # The same instant: equal datetimes with one hash, yet Babel formats each one's own
    # calendar day. A memo keyed on the datetime would answer the second with the first.
    from babel.dates import format_date

    in_utc = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    in_paris = paris(2026, 1, 1, 0, 30)
    assert in_utc == in_paris and hash(in_utc) == hash(in_paris)
    for value in (in_utc, in_paris, in_utc):
        assert french_month(value) == format_date(value, "LLLL y", locale="fr_FR")
    assert french_month(in_utc) == "décembre 2025"
    assert french_month(in_paris) == "janvier 2026"
    assert french_day_range(in_utc, in_utc) == french_date(in_utc)  # the Paris day


def test_every_evening_of_a_year_reads_as_babel_writes_it():
    # Every day of 2026 (both clock changes), an evening session from 20:30 to 22:00:
    # the span in words is Babel's words for that Paris day and those Paris times.
    from babel.dates import format_date, format_time

    clock = "H'\u00a0h\u00a0'mm"
    for n in range(365):
        day = date(2026, 1, 1) + timedelta(days=n)
        start, end = paris(2026, day.month, day.day, 20, 30), paris(2026, day.month, day.day, 22)
        weekday, month = format_date(day, "EEEE|MMMM", locale="fr_FR").split("|")
        number = "1er" if day.day == 1 else str(day.day)
        expected = (
            f"{weekday} {number} {month} 2026, "
            f"{format_time(start, clock, locale='fr_FR')} – {format_time(end, clock, locale='fr_FR')}"
        )
        assert french_span(start, end) == expected
        assert french_span(start.astimezone(UTC), end.astimezone(UTC)) == expected
