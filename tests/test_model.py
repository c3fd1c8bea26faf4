"""The validated records and their small behaviours (no I/O)."""

from __future__ import annotations

import pickle
from datetime import date, datetime, time

from agenda.dates import PARIS
from agenda.model import Event, OpeningHours, Session, opening_slots


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def event(*sessions: Session, **fields) -> Event:
    return Event(
        slug="e", path="content/events/e.md", title="E", organizer="p", sessions=sessions, **fields
    )


def test_timed_session_days():
    session = Session(paris(2027, 3, 13, 22, 0), paris(2027, 3, 14, 2, 0), "1")
    assert not session.all_day
    assert (session.first_day, session.last_day) == (date(2027, 3, 13), date(2027, 3, 14))


def test_a_session_ending_at_midnight_does_not_touch_the_next_day():
    session = Session(paris(2027, 3, 13, 20, 0), paris(2027, 3, 14, 0, 0), "1")
    assert session.last_day == date(2027, 3, 13)


def test_all_day_range_is_inclusive():
    session = Session(date(2027, 1, 10), date(2027, 2, 28), "1")
    assert session.all_day and session.last_day == date(2027, 2, 28)
    assert event(session).is_exhibition_range
    assert not event(Session(date(2027, 1, 10), None, "1")).is_exhibition_range


def test_upcoming_while_under_way_and_listed_session():
    sessions = (
        Session(paris(2027, 1, 9, 10, 0), paris(2027, 1, 9, 12, 0), "s1"),
        Session(paris(2027, 1, 16, 10, 0), paris(2027, 1, 16, 12, 0), "s2"),
    )
    cycle = event(*sessions)
    assert cycle.is_upcoming(date(2027, 1, 16))
    assert not cycle.is_upcoming(date(2027, 1, 17))
    assert cycle.listed_session(date(2027, 1, 10)).key == "s2"
    assert cycle.next_day(date(2027, 1, 10)) == date(2027, 1, 16)
    exhibition = event(Session(date(2027, 1, 10), date(2027, 2, 28), "1"))
    assert exhibition.next_day(date(2027, 2, 1)) == date(2027, 2, 1)  # listed today


def test_attendance_mode_and_free():
    session = Session(paris(2027, 1, 9, 10, 0), None, "1")
    assert event(session, venue="v").attendance_mode == "offline"
    assert event(session, online="https://x.fr").attendance_mode == "online"
    assert event(session, venue="v", online="https://x.fr").attendance_mode == "mixed"
    assert event(session, price="Gratuit").is_free
    assert not event(session, price="5 €").is_free


def test_opening_slots_skip_closed_days_and_other_weekdays():
    hours = OpeningHours(
        (2, 5), ((time(10, 0), time(12, 0)), (time(14, 0), time(18, 0))), "mer,sam"
    )
    exhibition = event(
        Session(date(2027, 1, 4), date(2027, 1, 17), "1"),
        opening_hours=(hours,),
        closed=(date(2027, 1, 9),),
    )
    slots = opening_slots(exhibition)
    days = sorted({start.date() for start, _ in slots})
    # Wednesdays 6 and 13, Saturday 16; Saturday 9 is closed.
    assert days == [date(2027, 1, 6), date(2027, 1, 13), date(2027, 1, 16)]
    assert len(slots) == 6
    assert slots[0] == (paris(2027, 1, 6, 10, 0), paris(2027, 1, 6, 12, 0))
    assert opening_slots(event(Session(paris(2027, 1, 9, 10, 0), None, "1"))) == []


def test_a_record_pickles_to_the_same_bytes_whatever_was_worked_out_from_it():
    # The build cache hashes pickled records: the days and venues worked out once
    # (cached_property) must not change those bytes, or every build would miss.
    session = Session(date(2027, 1, 1), date(2027, 1, 3), "1", "mediatheque-epinal")
    event = Event("a", "content/events/a.md", "Atelier", "nef", (session,))
    before = pickle.dumps(event, protocol=pickle.HIGHEST_PROTOCOL)
    assert event.last_day == date(2027, 1, 3) and event.venues == ("mediatheque-epinal",)
    assert session.first_day == date(2027, 1, 1)
    after = pickle.dumps(event, protocol=pickle.HIGHEST_PROTOCOL)
    assert after == before
    again = pickle.loads(after)
    assert again == event and again.last_day == date(2027, 1, 3)
