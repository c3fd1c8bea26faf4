"""iCalendar output, read back by three independent parsers: python `icalendar`,
`recurring-ical-events` (expanding opening hours) and Mozilla's ical.js (Thunderbird)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from hypothesis import given, settings
from hypothesis import strategies as st

from agenda.event_terms import RegistrationKind
from agenda.ical import UID_NAMESPACE, fold_line, session_uid
from agenda.model import Event
from agenda.pipeline import check_site

PARIS = ZoneInfo("Europe/Paris")
JS_DIR = Path(__file__).parent / "js"


def fixture_events(built_site) -> dict[str, Event]:
    content = check_site(built_site.root).content
    assert content is not None
    return {e.slug: e for e in content.events}


def parse(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def vevents(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return list(calendar.walk("VEVENT"))


def all_ics(out: Path) -> list[Path]:
    return sorted(out.rglob("*.ics"))


# --- the format itself ------------------------------------------------------------------


def test_every_ics_has_crlf_line_ends_and_lines_of_at_most_75_octets(built_site):
    files = all_ics(built_site.out)
    assert len(files) > 20
    for path in files:
        raw = path.read_bytes()
        assert raw.endswith(b"\r\n"), path
        lines = raw.split(b"\r\n")
        assert b"\n" not in raw.replace(b"\r\n", b""), f"bare LF in {path}"
        for line in lines:
            assert len(line) <= 75, (path, line)
            line.decode("utf-8")  # a fold never splits a UTF-8 character


def test_every_ics_has_prodid_version_vtimezone_and_dtstamps(built_site):
    for path in all_ics(built_site.out):
        calendar = parse(path)
        assert calendar["VERSION"] == "2.0"
        assert "Agenda CSTI Grand Est" in str(calendar["PRODID"])
        assert calendar["METHOD"] == "PUBLISH"
        assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
        for event in vevents(calendar):
            assert "DTSTAMP" in event and "UID" in event, path
            start = event["DTSTART"]
            if isinstance(start.dt, datetime):
                assert start.params["TZID"] == "Europe/Paris"


def test_calendar_properties_of_rfc_7986_and_de_facto_names(built_site):
    calendar = parse(built_site.out / "departements" / "haut-rhin" / "agenda.ics")
    assert calendar["X-WR-CALNAME"] == "Agenda CSTI Grand Est – Haut-Rhin"
    assert calendar["NAME"] == calendar["X-WR-CALNAME"]
    assert calendar["X-WR-TIMEZONE"] == "Europe/Paris"
    assert str(calendar["URL"]) == "https://agenda.example.org/departements/haut-rhin/agenda.ics"
    assert "REFRESH-INTERVAL" in calendar and "X-PUBLISHED-TTL" in calendar


# --- content read back ------------------------------------------------------------------


def test_uids_are_name_based_uuids_of_slug_and_session(built_site):
    calendar = parse(
        built_site.out / "evenements" / "cycle-trois-seances" / "cycle-trois-seances.ics"
    )
    uids = [str(e["UID"]) for e in vevents(calendar)]
    expected = [
        str(uuid.uuid5(UID_NAMESPACE, f"cycle-trois-seances/{key}")) for key in ("s1", "s2", "s3")
    ]
    assert uids == expected
    for uid in uids:
        assert uuid.UUID(uid).version == 5  # reveals no host name (RFC 7986 §5.3)


def test_uid_does_not_change_when_text_time_or_place_changes():
    assert session_uid("atelier", "1") == session_uid("atelier", "1")
    assert session_uid("atelier", "1") != session_uid("atelier", "2")
    assert session_uid("atelier", "s1") != session_uid("autre", "s1")


def test_three_sessions_give_three_vevents_at_the_right_instants(built_site):
    calendar = parse(
        built_site.out / "evenements" / "cycle-trois-seances" / "cycle-trois-seances.ics"
    )
    starts = [e["DTSTART"].dt.astimezone(UTC) for e in vevents(calendar)]
    assert starts == [
        datetime(2027, 1, 9, 9, 0, tzinfo=UTC),
        datetime(2027, 1, 16, 9, 0, tzinfo=UTC),
        datetime(2027, 1, 23, 9, 0, tzinfo=UTC),
    ]


def test_dst_change_days_convert_to_the_right_utc_instants(built_site):
    spring = vevents(
        parse(built_site.out / "evenements/atelier-printemps-dst/atelier-printemps-dst.ics")
    )[0]
    # 28 March 2027: 10:00 in Paris is already summer time (UTC+2).
    assert spring["DTSTART"].dt.astimezone(UTC) == datetime(2027, 3, 28, 8, 0, tzinfo=UTC)
    night = vevents(parse(built_site.out / "evenements/nuit-automne-dst/nuit-automne-dst.ics"))[0]
    # 30 Oct 2027 22:00 is UTC+2; 31 Oct 04:00 is after the fall-back, UTC+1.
    assert night["DTSTART"].dt.astimezone(UTC) == datetime(2027, 10, 30, 20, 0, tzinfo=UTC)
    assert night["DTEND"].dt.astimezone(UTC) == datetime(2027, 10, 31, 3, 0, tzinfo=UTC)
    autumn = vevents(
        parse(built_site.out / "evenements/conference-automne-dst/conference-automne-dst.ics")
    )[0]
    assert autumn["DTSTART"].dt.astimezone(UTC) == datetime(2026, 10, 25, 13, 0, tzinfo=UTC)


def test_all_day_event_has_date_values_and_exclusive_end(built_site):
    event = vevents(
        parse(built_site.out / "evenements/journee-portes-ouvertes/journee-portes-ouvertes.ics")
    )[0]
    assert event["DTSTART"].params.get("VALUE") == "DATE" or type(event["DTSTART"].dt) is date
    assert event["DTSTART"].dt == date(2027, 2, 6)
    assert event["DTEND"].dt == date(2027, 2, 7)  # RFC 5545: DTEND of a date is exclusive


def test_exhibition_opening_hours_expand_to_its_real_opening_slots(built_site):
    calendar = parse(built_site.out / "evenements/exposition-hiver/exposition-hiver.ics")
    instances = recurring_ical_events.of(calendar).between(date(2026, 11, 1), date(2027, 3, 1))
    starts = sorted(i["DTSTART"].dt for i in instances)
    # Tue 10 Nov 2026 → Sun 31 Jan 2027, Tuesday to Sunday, minus 25 Dec and 1 Jan:
    # 83 days, 11 Mondays, 2 closed days.
    assert len(starts) == 70
    assert starts[0] == datetime(2026, 11, 10, 14, 0, tzinfo=PARIS)
    assert starts[-1] == datetime(2027, 1, 31, 14, 0, tzinfo=PARIS)
    days = {s.date() for s in starts}
    assert date(2026, 12, 25) not in days and date(2027, 1, 1) not in days
    assert all(d.weekday() != 0 for d in days)
    for instance in instances:
        assert instance["DTEND"].dt - instance["DTSTART"].dt == timedelta(hours=4)


def test_cancelled_event_stays_with_status_cancelled_and_a_visible_prefix(built_site):
    calendar = parse(built_site.out / "departements" / "ardennes" / "agenda.ics")
    by_title = {str(e["SUMMARY"]): e for e in vevents(calendar)}
    cancelled = by_title["ANNULÉ – Conférence annulée"]
    assert cancelled["STATUS"] == "CANCELLED"
    assert "annulé" in str(cancelled["DESCRIPTION"]).lower()


def test_past_cancelled_and_old_events_leave_the_feeds_but_recent_past_stays(built_site):
    region = {str(e["SUMMARY"]) for e in vevents(parse(built_site.out / "agenda.ics"))}
    assert not any("Sortie annulée passée" in s for s in region)
    assert "Conférence très ancienne" not in region  # older than feed_past_months
    assert "Conférence du changement d'heure" in region  # one month ago: kept


def test_statuses_are_said_in_summary(built_site):
    region = {str(e["SUMMARY"]) for e in vevents(parse(built_site.out / "agenda.ics"))}
    assert "REPORTÉ – Spectacle reporté" in region
    assert "COMPLET – Atelier complet" in region
    assert "NOUVELLE DATE – Visite à la nouvelle date" in region
    assert "EN LIGNE – Conférence passée en ligne" in region


def test_location_geo_url_organizer_categories_and_plain_text_description(built_site):
    event = vevents(
        parse(built_site.out / "evenements/atelier-printemps-dst/atelier-printemps-dst.ics")
    )[0]
    assert (
        str(event["LOCATION"])
        == "La Nef des sciences, 2 bis rue des Frères Lumière, 68200 Mulhouse"
    )
    assert event["GEO"].latitude == pytest.approx(47.7305)
    assert str(event["URL"]) == "https://agenda.example.org/evenements/atelier-printemps-dst/"
    assert event["ORGANIZER"].params["CN"] == "La Nef des sciences (test)"
    assert "Mathématiques" in event["CATEGORIES"].cats
    description = str(event["DESCRIPTION"])
    assert "<" not in description
    assert description.rstrip().endswith(
        "https://agenda.example.org/evenements/atelier-printemps-dst/"
    )


def test_touring_event_locates_each_vevent_at_its_session_venue(built_site):
    path = built_site.out / "evenements/conference-itinerante/conference-itinerante.ics"
    events = vevents(parse(path))
    assert [(str(e["UID"]), str(e["LOCATION"])) for e in events] == [
        (
            session_uid("conference-itinerante", "mulhouse"),
            "La Nef des sciences, 2 bis rue des Frères Lumière, 68200 Mulhouse",
        ),
        (
            session_uid("conference-itinerante", "epinal"),
            "Médiathèque, Épinal, 48 rue Saint-Michel, 88000 Épinal",
        ),
    ]
    assert [e["GEO"].latitude for e in events] == [pytest.approx(47.7305), pytest.approx(48.1725)]
    # Both venue feeds carry it, each with both sessions.
    for venue in ("nef-mulhouse", "mediatheque-epinal"):
        feed = parse(built_site.out / "lieux" / venue / "agenda.ics")
        uids = [str(e["UID"]) for e in vevents(feed)]
        assert session_uid("conference-itinerante", "epinal") in uids, venue


def test_text_with_commas_semicolons_and_backslashes_survives_escaping(built_site):
    path = built_site.out / "evenements/atelier-markdown-piege/atelier-markdown-piege.ics"
    raw = path.read_bytes().decode("utf-8")
    assert "SUMMARY:Sciences\\, jeux \\; et \\\\ défis" in raw.replace("\r\n ", "")
    event = vevents(parse(path))[0]
    assert str(event["SUMMARY"]).startswith("Sciences, jeux ; et \\ défis")
    venue = vevents(
        parse(built_site.out / "evenements/journee-portes-ouvertes/journee-portes-ouvertes.ics")
    )[0]
    assert str(venue["LOCATION"]).startswith("Salle des fêtes; Sedan, Place d'Armes")


def test_online_event_has_its_url_as_location_and_no_departement_feed(built_site):
    event = vevents(parse(built_site.out / "evenements/webinaire-en-ligne/webinaire-en-ligne.ics"))[
        0
    ]
    assert str(event["LOCATION"]) == "https://www.example.org/direct"
    for feed in (built_site.out / "departements").glob("*/agenda.ics"):
        assert "Webinaire en ligne" not in feed.read_text(encoding="utf-8")
    assert "Webinaire en ligne" in (built_site.out / "agenda.ics").read_text(encoding="utf-8")


def test_each_departement_feed_holds_exactly_its_own_events(built_site):
    events = fixture_events(built_site)
    expected = {
        "haut-rhin": {
            "exposition-hiver",
            "atelier-printemps-dst",
            "nuit-automne-dst",
            "visite-nouvelle-date",
            "cafe-mixte",
            "conference-itinerante",
        },
        "ardennes": {"journee-portes-ouvertes", "conference-annulee", "atelier-markdown-piege"},
        "vosges": {
            "cycle-trois-seances",
            "spectacle-reporte",
            "atelier-complet",
            "conference-en-ligne-deplacee",
            "conference-automne-dst",
            "conference-itinerante",
        },
    }
    for slug, slugs in expected.items():
        calendar = parse(built_site.out / "departements" / slug / "agenda.ics")
        urls = {str(e["URL"]).rstrip("/").rsplit("/", 1)[1] for e in vevents(calendar)}
        assert urls == slugs, slug
        assert all(events[s].venues for s in urls)


# --- Thunderbird's parser ---------------------------------------------------------------


def _node_ready() -> bool:
    return shutil.which("node") is not None and (JS_DIR / "node_modules" / "ical.js").is_dir()


@pytest.fixture(scope="module")
def icaljs(built_site):
    if not _node_ready():
        if os.environ.get("CI"):
            pytest.fail("ical.js is not installed: run scripts/install-test-tools.sh")
        pytest.skip("node or ical.js missing (run scripts/install-test-tools.sh)")
    files = [str(p) for p in all_ics(built_site.out)]
    result = subprocess.run(
        ["node", str(JS_DIR / "parse_ics.mjs"), *files],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout)


def _utc(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return value.isoformat()


def test_icaljs_reads_every_event_as_the_content_says(built_site, icaljs):
    events = fixture_events(built_site)
    content = check_site(built_site.root).content
    assert content is not None
    venues = {v.slug: v for v in content.venues}
    for slug, event in events.items():
        parsed = icaljs[str(built_site.out / "evenements" / slug / f"{slug}.ics")]
        assert parsed["timezones"] == ["Europe/Paris"]
        if event.opening_hours:
            continue  # checked below, instance by instance
        assert len(parsed["events"]) == len(event.sessions), slug
        for session, vevent in zip(event.sessions, parsed["events"], strict=True):
            assert vevent["uid"] == session_uid(slug, session.key)
            assert vevent["summary"].endswith(event.title)
            assert vevent["allDay"] == session.all_day
            assert vevent["start"] == _utc(session.start)
            if session.all_day:
                assert vevent["end"] == (session.last_day + timedelta(days=1)).isoformat()
            elif session.end is not None:
                assert vevent["end"] == _utc(session.end)
            if not session.all_day:
                assert vevent["tzid"] == "Europe/Paris"
            assert vevent["status"] == {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}.get(
                event.status, "CONFIRMED"
            )
            if event.session_venue(session):
                venue = venues[event.session_venue(session) or ""]
                assert vevent["location"] == f"{venue.name}, {venue.full_address}"
            else:
                assert vevent["location"] == event.online


def test_icaljs_expands_opening_hours_like_the_content(built_site, icaljs):
    from agenda.model import opening_slots

    event = fixture_events(built_site)["exposition-hiver"]
    parsed = icaljs[str(built_site.out / "evenements/exposition-hiver/exposition-hiver.ics")]
    instances = sorted(tuple(i) for e in parsed["events"] for i in e["instances"])
    expected = sorted((_utc(a), _utc(b)) for a, b in opening_slots(event))
    assert len(instances) == 70
    assert instances == expected


# Nothing gets out: hostile text cannot inject a property or a component ---------------

# Everything a text can use to end a line, a property, a parameter or a component.
HOSTILE = (
    'Nef "des" sciences;X-EVIL=1:mailto:evil@example.org\r\nEND:VEVENT\r\n'
    "BEGIN:VEVENT\nUID:evil\rSUMMARY:pwn\x1b[31m\x00\x0b\x0c\x85\u2028\u2029\ufffe"
    "\x7f\x9b, fin \\ ; ok, salle \\N4"  # a literal \\N is text, not a line break
)
HOSTILE_URL = "https://example.org/x\r\nX-EVIL:1\n ATTENDEE:mailto:evil@example.org"


def hostile_catalogue(site, today: date = date(2025, 10, 1)):
    """A valid site whose records are then given hostile text, as if validation had let
    it through: what the outputs must survive on their own."""
    from dataclasses import replace

    from agenda.catalogue import build_catalogue
    from agenda.history import History
    from agenda.pipeline import check_site
    from agenda.urls import Links
    from agenda.validate import ValidContent

    site.partner("la-nef", 'name: "La Nef"\nemail: "contact@example.org"\n')
    site.venue("mediatheque-epinal")
    site.event(
        "atelier",
        """
        title: Atelier
        organizer: la-nef
        venue: mediatheque-epinal
        themes: [astronomie-espace]
        sessions:
          - {start: "2025-10-04 14:00", end: "2025-10-04 16:00"}
          - {start: "2025-10-05 14:00", end: "2025-10-05 16:00"}
        """,
    )
    checked = check_site(site.root)
    assert checked.content is not None, checked.problems
    content = checked.content
    partner = replace(content.partners[0], name=HOSTILE, email='evil"@x.org\r\nX:1', url=HOSTILE)
    venue = replace(content.venues[0], name=HOSTILE, address=HOSTILE, city=HOSTILE, url=HOSTILE_URL)
    event = replace(
        content.events[0],
        title=HOSTILE,
        summary=HOSTILE,
        description_text=HOSTILE,
        price=HOSTILE,
        registration=HOSTILE,
        registration_kind=RegistrationKind.TEXT,
        online=HOSTILE_URL,
        accessibility_notes=HOSTILE,
        tags=(HOSTILE,),
    )
    config = replace(checked.config, title=HOSTILE, description=HOSTILE)
    hostile = ValidContent((partner,), (venue,), (event,))
    return build_catalogue(hostile, config, today), Links(config.base_url), History({})


def _physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def test_hostile_text_cannot_inject_properties_or_components(site):
    from agenda.ical import CalendarWriter, FeedInfo
    from agenda.text import clean_line, clean_text

    catalogue, links, history = hostile_catalogue(site)
    event = catalogue.events["atelier"]
    data = CalendarWriter(catalogue, links, history).calendar(
        [event], FeedInfo(HOSTILE, HOSTILE, "/agenda.ics")
    )
    # Every physical line is a property name or a fold: no bare CR or LF anywhere.
    for line in _physical_lines(data):
        assert b"\r" not in line and b"\n" not in line
        assert line.startswith(b" ") or re.match(rb"^[A-Z][A-Z0-9-]*[;:]", line), line
    calendar = icalendar.Calendar.from_ical(data)
    events = vevents(calendar)
    assert len(events) == 2
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE", "VEVENT", "VEVENT"]
    expected = {
        "UID", "DTSTART", "DTEND", "DTSTAMP", "CREATED", "LAST-MODIFIED", "SUMMARY",
        "DESCRIPTION", "LOCATION", "GEO", "URL", "ORGANIZER", "CATEGORIES", "STATUS",
        "SEQUENCE", "TRANSP",
    }  # fmt: skip
    for component in events:
        assert set(component.keys()) == expected
        assert component["SUMMARY"] == clean_line(HOSTILE)
        assert str(component["UID"]) != "evil"
        assert clean_text(HOSTILE) in str(component["DESCRIPTION"])
        assert str(component["LOCATION"]).startswith(clean_line(HOSTILE))
        organizer = component["ORGANIZER"]
        assert organizer.params["CN"] == clean_line(HOSTILE).replace('"', "'")
        assert len(organizer.params) == 1
        assert "\n" not in str(organizer) and " " not in str(organizer)
    assert set(calendar.keys()) == {
        "PRODID", "VERSION", "CALSCALE", "METHOD", "NAME", "X-WR-CALNAME", "DESCRIPTION",
        "X-WR-CALDESC", "X-WR-TIMEZONE", "URL", "SOURCE", "REFRESH-INTERVAL",
        "X-PUBLISHED-TTL",
    }  # fmt: skip
    # The library reads back NAME and X-WR-* as unknown, still escaped, values.
    assert unescape(calendar["NAME"]) == unescape(calendar["X-WR-CALNAME"]) == clean_line(HOSTILE)
    assert unescape(calendar["X-WR-CALDESC"]) == calendar["DESCRIPTION"] == clean_text(HOSTILE)


def unescape(value: object) -> str:
    """A TEXT value as RFC 5545 §3.3.11 escapes it, unescaped."""
    raw = value.to_ical().decode() if hasattr(value, "to_ical") else str(value)
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw)


def test_hostile_online_url_is_one_line_in_the_calendar(site):
    from dataclasses import replace

    from agenda.ical import event_components

    catalogue, links, history = hostile_catalogue(site)
    online_only = replace(catalogue.events["atelier"], venue=None)
    catalogue.events["atelier"] = online_only
    for component in event_components(online_only, catalogue, links, history):
        parsed = icalendar.Event.from_ical(component.to_ical())
        assert "X-EVIL" not in parsed and "ATTENDEE" not in parsed
        assert "\n" not in str(parsed["LOCATION"])


@pytest.mark.parametrize(
    "name",
    ['a"b', "a;b", "a:b", "a,b", "a\r\nb", "a\x1bb", "a^b", '";X=1:'],
)
def test_parameter_values_round_trip_without_breaking_out(name):
    from agenda.ical import _param

    component = icalendar.Event()
    component.add("organizer", "mailto:a@example.org", parameters={"CN": _param(name)})
    component.add("summary", "ok")
    parsed = icalendar.Event.from_ical(component.to_ical())
    assert set(parsed.keys()) == {"ORGANIZER", "SUMMARY"}
    assert list(parsed["ORGANIZER"].params) == ["CN"]
    assert parsed["ORGANIZER"].params["CN"] == _param(name)
    assert str(parsed["ORGANIZER"]) == "mailto:a@example.org"


def test_calendar_builds_under_python_optimise(site, tmp_path):
    """Under `python -O` the library's newline assertion is gone: nothing may rely on it."""
    catalogue, links, history = hostile_catalogue(site)
    script = tmp_path / "build_ics.py"
    script.write_text(
        "import sys, pickle\n"
        "from agenda.ical import CalendarWriter, FeedInfo\n"
        "catalogue, links, history, name = pickle.load(open(sys.argv[1], 'rb'))\n"
        "event = catalogue.events['atelier']\n"
        "data = CalendarWriter(catalogue, links, history).calendar(\n"
        "    [event], FeedInfo(name, name, '/agenda.ics'))\n"
        "sys.stdout.buffer.write(data)\n",
        encoding="utf-8",
    )
    import pickle
    import sys

    state = tmp_path / "state.pickle"
    state.write_bytes(pickle.dumps((catalogue, links, history, HOSTILE)))
    result = subprocess.run(
        [sys.executable, "-O", str(script), str(state)],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert result.returncode == 0, result.stderr.decode()
    for line in _physical_lines(result.stdout):
        assert line.startswith(b" ") or re.match(rb"^[A-Z][A-Z0-9-]*[;:]", line), line
    assert len(vevents(icalendar.Calendar.from_ical(result.stdout))) == 2


@settings(max_examples=300, deadline=None)
@given(text=st.text(), name=st.text())
def test_any_text_stays_inside_its_property_and_parameter(text, name):
    from agenda.ical import _line, _param, _text
    from agenda.text import clean_line, clean_text

    component = icalendar.Event()
    component.add("summary", _line(text))
    component.add("description", _text(text))
    component.add("organizer", "mailto:a@example.org", parameters={"CN": _param(name)})
    data = component.to_ical()
    for line in _physical_lines(data):
        assert line.startswith(b" ") or re.match(rb"^[A-Z][A-Z0-9-]*[;:]", line), line
    parsed = icalendar.Event.from_ical(data)
    assert set(parsed.keys()) == {"SUMMARY", "DESCRIPTION", "ORGANIZER"}
    assert str(parsed["SUMMARY"]) == clean_line(text)
    assert str(parsed["DESCRIPTION"]) == clean_text(text)
    assert list(parsed["ORGANIZER"].params) in (["CN"], [])
    assert "\r" not in str(parsed["DESCRIPTION"]) and clean_text(text).count("\n") == str(
        parsed["DESCRIPTION"]
    ).count("\n")


@settings(max_examples=2000)
@given(st.text(alphabet=st.sampled_from("ab \\^,;:é€😀漢\t"), max_size=400))
def test_fold_line_folds_exactly_as_the_icalendar_library(line: str) -> None:
    # Our fold replaces the library's (a quarter of a cold build): same bytes, faster.
    from icalendar.parser.string import _foldline

    assert fold_line(line) == _foldline(line).encode("utf-8")


def test_folded_lines_never_exceed_75_octets_nor_split_a_character() -> None:
    line = "DESCRIPTION:" + "é€😀\\," * 200
    physical = fold_line(line).split(b"\r\n")
    assert all(len(p) <= 75 for p in physical)
    assert all(p.startswith(b" ") for p in physical[1:])
    unfolded = b"".join([physical[0], *(p[1:] for p in physical[1:])])
    assert unfolded.decode("utf-8") == line


def test_cached_event_blocks_are_those_a_fresh_build_writes(fixture_site) -> None:
    # Second build: every VEVENT block comes from the build cache, same bytes.
    from agenda.cache import BuildCache
    from agenda.calendars import calendar_files
    from agenda.catalogue import build_catalogue
    from agenda.history import History
    from agenda.urls import Links
    from tests.conftest import FIXTURE_BASE_URL, FIXTURE_TODAY

    checked = check_site(fixture_site.root)
    assert checked.content is not None
    catalogue = build_catalogue(checked.content, checked.config, date.fromisoformat(FIXTURE_TODAY))
    links = Links(FIXTURE_BASE_URL)
    fresh = list(calendar_files(catalogue, links, History({})))
    store = BuildCache(fixture_site.root / ".cache/agenda")
    list(calendar_files(catalogue, links, History({}), store=store))
    again = BuildCache(fixture_site.root / ".cache/agenda")
    cached = list(calendar_files(catalogue, links, History({}), store=again))
    assert again.misses == 0 and again.hits > len(catalogue.events)  # blocks and frames
    assert cached == fresh
