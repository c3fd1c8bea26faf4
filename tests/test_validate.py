"""Every content rule of CONTRACT §2: each broken rule is a problem that names the file,
the line and the field, and says how to fix it."""

from __future__ import annotations

import textwrap
from datetime import date, datetime, time, timedelta

import pytest

from agenda.dates import PARIS
from agenda.errors import Problem, Severity
from agenda.event_terms import EventStatus, RegistrationKind
from agenda.fields import BODY_MAX, SUMMARY_MAX, TITLE_MAX
from agenda.pipeline import CheckResult, check_site
from agenda.schedules import parse_opening_hours

EVENT = "content/events/atelier.md"
VENUE = "content/venues/mediatheque-epinal.yaml"

# Lines of BASE in the event file: `---` is 1, title 2, organizer 3, venue 4, start 5;
# the extra lines of each test start at line 6.
BASE = """
title: Atelier robots
organizer: la-nef-des-sciences
venue: mediatheque-epinal
start: 2025-10-04 14:00
"""


def references(site) -> None:
    """The partner and the venue BASE points to."""
    site.partner("la-nef-des-sciences", 'name: "La Nef des sciences"\n')
    site.venue("mediatheque-epinal")


def event_site(site, extra: str = "", slug: str = "atelier", base: str = BASE) -> CheckResult:
    """A site with the references and one event: BASE plus `extra` from line 6."""
    references(site)
    site.event(slug, base.strip("\n") + "\n" + textwrap.dedent(extra).strip("\n"))
    return check_site(site.root)


def an_event(site) -> None:
    """An online event with its own organiser: a site without any event is an error."""
    site.partner("organisateur-en-ligne", 'name: "Organisateur en ligne"\n')
    site.event(
        "en-ligne",
        """
        title: Conférence en ligne
        organizer: organisateur-en-ligne
        online: https://visio.example.org/salle
        start: 2025-10-04 18:00
        """,
    )


def venue_site(site, body: str) -> CheckResult:
    an_event(site)
    site.venue("mediatheque-epinal", body)
    return check_site(site.root)


def find(
    result: CheckResult,
    path: str,
    field: str,
    *,
    severity: Severity = Severity.ERROR,
) -> Problem:
    """The one problem about `field` of `path`, with a hint."""
    matches = [p for p in result.problems if p.path == path and p.field == field]
    assert len(matches) == 1, result.problems
    problem = matches[0]
    assert problem.severity is severity, problem
    assert problem.message.strip(), problem
    assert problem.hint.strip(), problem
    return problem


def errors(result: CheckResult) -> list[Problem]:
    return [p for p in result.problems if p.is_error]


def the_event(result: CheckResult, slug: str = "atelier"):
    assert result.ok, result.problems
    assert result.content is not None
    return next(e for e in result.content.events if e.slug == slug)


def the_venue(result: CheckResult, slug: str = "mediatheque-epinal"):
    assert result.ok, result.problems
    assert result.content is not None
    return next(v for v in result.content.venues if v.slug == slug)


# A valid site ------------------------------------------------------------------------


def test_valid_event_has_no_problem(site):
    result = event_site(site)
    assert result.problems == []
    event = the_event(result)
    assert event.title == "Atelier robots"
    assert event.organizer == "la-nef-des-sciences"
    assert event.venue == "mediatheque-epinal"
    assert event.start == datetime(2025, 10, 4, 14, 0, tzinfo=PARIS)
    assert event.status is EventStatus.SCHEDULED
    assert event.attendance_mode == "offline"
    assert event.path == EVENT


def test_valid_venue_derives_its_departement(site):
    result = venue_site(
        site,
        """
        name: "Médiathèque d'Épinal"
        address: "48 rue Saint-Michel"
        postal_code: "88000"
        city: "Épinal"
        """,
    )
    venue = the_venue(result)
    assert venue.departement == "88"
    assert venue.full_address == "48 rue Saint-Michel, 88000 Épinal"
    assert venue.lat is None


def test_a_site_without_any_event_is_an_error(site):
    """An empty content/ must never publish an empty site over the real one."""
    result = check_site(site.root)
    assert not result.ok
    [problem] = errors(result)
    assert problem.path.startswith("content/events")
    assert "aucun événement" in problem.message


def test_description_is_sanitised_markdown(site):
    references(site)
    site.event(
        "atelier",
        BASE,
        body="Un **robot** <script>alert(1)</script>\n\n- un\n- deux\n",
    )
    event = the_event(check_site(site.root))
    assert "<strong>robot</strong>" in event.description_html
    assert "<script>" not in event.description_html
    assert "- un\n- deux" in event.description_text


# Required fields ---------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["title", "organizer"])
def test_event_required_field_missing(site, missing):
    base = "\n".join(line for line in BASE.splitlines() if not line.startswith(missing))
    result = event_site(site, base=base)
    problem = find(result, EVENT, missing)
    assert problem.line == 1
    assert "obligatoire" in problem.message
    assert f"{missing}:" in problem.hint
    assert not result.ok


def test_event_title_written_but_empty_is_missing(site):
    base = BASE.replace("title: Atelier robots", 'title: ""')
    problem = find(event_site(site, base=base), EVENT, "title")
    assert "obligatoire" in problem.message


@pytest.mark.parametrize("written", ["title:", 'title: ""', "title: ~"])
def test_event_title_left_blank_is_reported_at_its_own_line(site, written):
    base = BASE.replace("title: Atelier robots", written)
    problem = find(event_site(site, base=base), EVENT, "title")
    assert problem.line == 2
    assert "vide" in problem.message


def test_image_over_the_size_limit_is_an_error(site):
    site.write("assets/images/lourde.jpg", "x" * 1_000_001)
    problem = find(
        event_site(site, 'image: assets/images/lourde.jpg\nimage_alt: "Une image"'), EVENT, "image"
    )
    assert problem.line == 6
    assert "1 Mo" in problem.message


@pytest.mark.parametrize("missing", ["name", "address", "postal_code", "city"])
def test_venue_required_field_missing(site, missing):
    lines = {
        "name": 'name: "Salle des fêtes"',
        "address": 'address: "1 place de la Mairie"',
        "postal_code": 'postal_code: "08200"',
        "city": "city: Sedan",
    }
    del lines[missing]
    result = venue_site(site, "\n".join(lines.values()) + "\n")
    problem = find(result, VENUE, missing)
    assert problem.line == 1
    assert "obligatoire" in problem.message
    assert f"{missing}:" in problem.hint


def test_partner_name_missing(site):
    site.partner("p", 'url: "https://example.org"\n')
    problem = find(check_site(site.root), "content/partners/p.yaml", "name")
    assert problem.line == 1
    assert "obligatoire" in problem.message


def test_list_where_one_value_is_expected(site):
    base = BASE.replace("title: Atelier robots", "title: [Atelier, robots]")
    problem = find(event_site(site, base=base), EVENT, "title")
    assert problem.line == 2
    assert "une liste" in problem.message


# File names --------------------------------------------------------------------------


def test_bad_slug_file_name(site):
    references(site)
    site.write("content/events/Atelier Robots.md", "---" + BASE + "---\n")
    result = check_site(site.root)
    [problem] = errors(result)
    assert problem.path == "content/events/Atelier Robots.md"
    assert "Atelier Robots" in problem.message
    assert "« atelier-robots »" in problem.hint
    assert not result.ok


def test_bad_slug_with_accents_suggests_ascii(site):
    an_event(site)
    site.venue("Médiathèque_Épinal")
    result = check_site(site.root)
    [problem] = errors(result)
    assert problem.path == "content/venues/Médiathèque_Épinal.yaml"
    assert "« mediatheque-epinal »" in problem.hint


def test_duplicate_slug_in_two_event_sub_folders(site):
    references(site)
    site.write("content/events/2025/atelier.md", "---" + BASE + "---\n")
    site.write("content/events/2026/atelier.md", "---" + BASE + "---\n")
    result = check_site(site.root)
    [problem] = errors(result)
    assert problem.path == "content/events/2026/atelier.md"
    assert "content/events/2025/atelier.md" in problem.message
    assert problem.hint
    assert not result.ok


def test_same_slug_for_a_venue_and_a_partner_is_fine(site):
    an_event(site)
    site.partner("mediatheque-epinal")
    site.venue("mediatheque-epinal")
    assert check_site(site.root).problems == []


# References --------------------------------------------------------------------------


def test_unknown_venue_with_suggestion(site):
    base = BASE.replace("venue: mediatheque-epinal", "venue: mediatheque")
    problem = find(event_site(site, base=base), EVENT, "venue")
    assert problem.line == 4
    assert "« mediatheque »" in problem.message
    assert "content/venues/" in problem.message
    assert problem.hint == "Vouliez-vous dire « mediatheque-epinal » ?"


def test_unknown_organizer_with_suggestion(site):
    base = BASE.replace("organizer: la-nef-des-sciences", "organizer: nef-des-sciences")
    problem = find(event_site(site, base=base), EVENT, "organizer")
    assert problem.line == 3
    assert "« nef-des-sciences »" in problem.message
    assert "Vouliez-vous dire « la-nef-des-sciences » ?" in problem.hint


def test_unknown_partner_in_list_points_at_its_item(site):
    site.partner("universite-de-lorraine")
    result = event_site(
        site,
        """
        partners:
          - universite-de-lorraine
          - universite-de-lorrain
          - zzz-qqq
        """,
    )
    partners = [p for p in result.problems if p.field == "partners"]
    assert [(p.line, p.path) for p in partners] == [(8, EVENT), (9, EVENT)]
    assert partners[0].hint == "Vouliez-vous dire « universite-de-lorraine » ?"
    assert "content/partners/zzz-qqq.yaml" in partners[1].hint
    assert all(p.is_error for p in partners)


def test_valid_partners_list(site):
    site.partner("universite-de-lorraine")
    event = the_event(event_site(site, "partners: [universite-de-lorraine]"))
    assert event.partners == ("universite-de-lorraine",)


# Unknown fields ----------------------------------------------------------------------


def test_unknown_field_is_a_warning_with_did_you_mean(site):
    result = event_site(site, "titel: Atelier")
    problem = find(result, EVENT, "titel", severity=Severity.WARNING)
    assert problem.line == 6
    assert "« titel »" in problem.message
    assert problem.hint == "Vouliez-vous dire « title » ?"
    assert result.ok


def test_unknown_field_without_close_match_lists_the_fields(site):
    problem = find(event_site(site, "xyzzy: 1"), EVENT, "xyzzy", severity=Severity.WARNING)
    assert "title" in problem.hint
    assert "organizer" in problem.hint


def test_misspelt_required_field_is_both_warning_and_error(site):
    base = BASE.replace("title:", "titel:")
    result = event_site(site, base=base)
    assert find(result, EVENT, "titel", severity=Severity.WARNING).line == 2
    assert find(result, EVENT, "title").line == 1
    assert not result.ok


def test_unknown_venue_field(site):
    result = venue_site(
        site,
        """
        name: Salle
        address: 1 rue
        postal_code: "88000"
        city: Épinal
        acces: "Bus 1"
        """,
    )
    problem = find(result, VENUE, "acces", severity=Severity.WARNING)
    assert problem.line == 5
    assert problem.hint == "Vouliez-vous dire « access » ?"


# Postal codes, départements, coordinates ---------------------------------------------


def venue_body(**fields: str) -> str:
    values = {
        "name": '"Salle"',
        "address": '"1 rue"',
        "postal_code": '"88000"',
        "city": "Épinal",
    }
    values.update(fields)
    return "".join(f"{k}: {v}\n" for k, v in values.items())


def test_postal_code_with_four_digits_suggests_quotes_and_leading_zero(site):
    result = venue_site(site, venue_body(postal_code="8200"))
    problem = find(result, VENUE, "postal_code")
    assert problem.line == 3
    assert "« 8200 »" in problem.message
    assert "5 chiffres" in problem.message
    assert 'postal_code: "08200"' in problem.hint
    assert "guillemets" in problem.hint


@pytest.mark.parametrize("written", ["880000", "88 000", "8800A"])
def test_postal_code_not_five_digits(site, written):
    problem = find(venue_site(site, venue_body(postal_code=f'"{written}"')), VENUE, "postal_code")
    assert problem.line == 3
    assert f"« {written} »" in problem.message


@pytest.mark.parametrize("written", ['"75001"', "05100"])
def test_postal_code_outside_the_region(site, written):
    problem = find(venue_site(site, venue_body(postal_code=written)), VENUE, "postal_code")
    assert problem.line == 3
    assert "n'est pas dans la région" in problem.message
    assert "Grand Est" in problem.hint


def test_departement_disagreeing_with_postal_code(site):
    result = venue_site(site, venue_body(departement='"54"'))
    problem = find(result, VENUE, "departement")
    assert problem.line == 5
    assert "54" in problem.message
    assert "88" in problem.message


def test_departement_outside_the_region(site):
    problem = find(venue_site(site, venue_body(departement="75")), VENUE, "departement")
    assert problem.line == 5
    assert "« 75 »" in problem.message
    assert "08" in problem.hint


@pytest.mark.parametrize("written", ["08", "8", '"08"'])
def test_departement_agreeing_with_postal_code(site, written):
    result = venue_site(site, venue_body(postal_code='"08200"', city="Sedan", departement=written))
    assert result.problems == []
    assert the_venue(result).departement == "08"


def test_unquoted_postal_code_with_leading_zero_is_valid(site):
    result = venue_site(site, venue_body(postal_code="08000", city="Charleville-Mézières"))
    venue = the_venue(result)
    assert venue.postal_code == "08000"
    assert venue.departement == "08"


def test_coordinates_inside_the_region(site):
    result = venue_site(site, venue_body(lat="48.1725", lon='"6,4497"'))
    venue = the_venue(result)
    assert (venue.lat, venue.lon) == (48.1725, 6.4497)


def test_coordinates_outside_the_region(site):
    result = venue_site(site, venue_body(lat="43.2965", lon="5.3698"))
    problem = find(result, VENUE, "lat")
    assert problem.line == 5
    assert "hors du Grand Est" in problem.message
    assert "47.4" in problem.hint
    assert "8.25" in problem.hint


def test_coordinates_in_another_departement_than_the_postal_code(site):
    # A Metz postal code with the coordinates of Gérardmer, in the Vosges.
    body = venue_body(postal_code='"57000"', city="Metz", lat="48.0712", lon="6.8765")
    problem = find(venue_site(site, body), VENUE, "lat")
    assert problem.line == 5
    assert problem.message == (
        "les coordonnées (48,0712 ; 6,8765) tombent dans les Vosges (88), mais le code "
        "postal 57000 place le lieu en Moselle (57) : il serait classé dans le mauvais "
        "département."
    )
    assert "openstreetmap.org" in problem.hint
    assert "« Afficher l'adresse »" in problem.hint


def test_coordinates_a_kilometre_across_a_border_pass(site):
    # Novéant-sur-Moselle (57), about 1 km from Pagny-sur-Moselle (54): the simplified
    # contours cannot tell such a point apart from one just inside the border.
    body = venue_body(postal_code='"54530"', city="Pagny-sur-Moselle", lat="49.0228", lon="6.0492")
    venue = the_venue(venue_site(site, body))
    assert venue.departement == "54"


def test_coordinates_in_no_departement_of_the_region_is_a_warning(site):
    # Luxembourg: inside the région's rough bounds, 12 km from Moselle.
    body = venue_body(postal_code='"57100"', city="Thionville", lat="49.6116", lon="6.1319")
    result = venue_site(site, body)
    problem = find(result, VENUE, "lat", severity=Severity.WARNING)
    assert problem.message == (
        "les coordonnées (49,6116 ; 6,1319) ne tombent dans aucun département du Grand Est, "
        "alors que le code postal 57100 place le lieu en Moselle (57)."
    )
    assert result.ok


def test_coordinates_in_the_postal_code_departement_pass(site):
    body = venue_body(postal_code='"57000"', city="Metz", lat="49.1193", lon="6.1757")
    assert the_venue(venue_site(site, body)).departement == "57"


def test_swapped_coordinates_hint(site):
    problem = find(venue_site(site, venue_body(lat="6.4497", lon="48.1725")), VENUE, "lat")
    assert problem.line == 5
    assert "inversées" in problem.hint


def test_latitude_without_longitude(site):
    problem = find(venue_site(site, venue_body(lat="48.17")), VENUE, "lon")
    assert problem.line == 5
    assert "lat est donné sans lon" in problem.message


def test_coordinate_not_a_number(site):
    problem = find(venue_site(site, venue_body(lat="nord", lon="6.4")), VENUE, "lat")
    assert problem.line == 5
    assert "« nord »" in problem.message


def test_venue_phone_and_url_checked(site):
    result = venue_site(site, venue_body(phone='"appelez-nous"', url="www.example.org"))
    assert find(result, VENUE, "phone").line == 5
    url = find(result, VENUE, "url")
    assert url.line == 6
    assert 'url: "https://www.example.org"' in url.hint


def test_partner_url_email_and_logo(site):
    site.partner(
        "p",
        """
        name: P
        url: "ftp://example.org"
        email: "contact(at)example.org"
        logo: "assets/images/absent.png"
        """,
    )
    result = check_site(site.root)
    path = "content/partners/p.yaml"
    assert find(result, path, "url").line == 2
    assert find(result, path, "email").line == 3
    assert find(result, path, "logo").line == 4


# Dates and times ---------------------------------------------------------------------


def test_dst_gap_time_is_an_error(site):
    base = BASE.replace("2025-10-04 14:00", "2026-03-29 02:30")
    result = event_site(site, base=base)
    problem = find(result, EVENT, "start")
    assert problem.line == 5
    assert "2026-03-29 02:30" in problem.message
    assert "n'existe pas" in problem.message
    assert not result.ok


def test_dst_gap_end_is_an_error(site):
    base = BASE.replace("2025-10-04 14:00", "2026-03-29 01:00")
    problem = find(event_site(site, "end: 2026-03-29 02:15", base=base), EVENT, "end")
    assert problem.line == 6


def test_ambiguous_time_is_a_warning_and_means_the_first_occurrence(site):
    base = BASE.replace("2025-10-04 14:00", "2026-10-25 02:30")
    result = event_site(site, base=base)
    problem = find(result, EVENT, "start", severity=Severity.WARNING)
    assert problem.line == 5
    assert "deux fois" in problem.message
    event = the_event(result)
    assert event.start.utcoffset() == timedelta(hours=2)
    assert event.start.isoformat() == "2026-10-25T02:30:00+02:00"


def test_end_before_start(site):
    problem = find(event_site(site, "end: 2025-10-04 13:00"), EVENT, "end")
    assert problem.line == 6
    assert "n'est pas après le début" in problem.message


def test_end_equal_to_start(site):
    problem = find(event_site(site, "end: 2025-10-04 14:00"), EVENT, "end")
    assert problem.line == 6


def test_exhibition_last_day_before_first(site):
    base = BASE.replace("2025-10-04 14:00", "2025-10-04")
    problem = find(event_site(site, "end: 2025-10-01", base=base), EVENT, "end")
    assert problem.line == 6
    assert "avant le premier" in problem.message


def test_date_and_datetime_mix(site):
    problem = find(event_site(site, "end: 2025-10-05"), EVENT, "end")
    assert problem.line == 6
    assert "même forme" in problem.message


def test_date_start_and_datetime_end_mix(site):
    base = BASE.replace("2025-10-04 14:00", "2025-10-04")
    problem = find(event_site(site, "end: 2025-10-05 12:00", base=base), EVENT, "end")
    assert problem.line == 6


@pytest.mark.parametrize("written", ['"16:30"', "16:30", "16h30"])
def test_end_time_shorthand_means_the_same_day(site, written):
    event = the_event(event_site(site, f"end: {written}"))
    session = event.sessions[0]
    assert session.end == datetime(2025, 10, 4, 16, 30, tzinfo=PARIS)


def test_end_time_shorthand_before_start(site):
    problem = find(event_site(site, 'end: "13:00"'), EVENT, "end")
    assert problem.line == 6


def test_end_time_shorthand_with_impossible_hour(site):
    problems = [p for p in event_site(site, 'end: "25:00"').problems if p.field == "end"]
    assert [(p.line, p.is_error) for p in problems] == [(6, True)]


@pytest.mark.parametrize("written", ["2025-02-30", "2025-10-04 25:00", "demain", "2025-10-04 14"])
def test_malformed_start(site, written):
    base = BASE.replace("2025-10-04 14:00", f'"{written}"')
    problem = find(event_site(site, base=base), EVENT, "start")
    assert problem.line == 5
    assert "2027-03-13" in problem.hint


def test_start_missing(site):
    base = BASE.replace("start: 2025-10-04 14:00", "")
    problem = find(event_site(site, base=base), EVENT, "start")
    assert problem.line == 1
    assert "sessions" in problem.hint


def test_exhibition_date_range(site):
    base = BASE.replace("2025-10-04 14:00", "2025-10-04")
    event = the_event(event_site(site, "end: 2025-11-30", base=base))
    assert event.sessions[0].start == date(2025, 10, 4)
    assert event.sessions[0].end == date(2025, 11, 30)
    assert event.is_exhibition_range
    assert event.last_day == date(2025, 11, 30)


def test_iso_t_separator_accepted(site):
    base = BASE.replace("2025-10-04 14:00", "2025-10-04T14:00")
    event = the_event(event_site(site, base=base))
    assert event.start == datetime(2025, 10, 4, 14, 0, tzinfo=PARIS)


# Sessions ----------------------------------------------------------------------------

NO_START = BASE.replace("start: 2025-10-04 14:00\n", "")


def test_sessions_with_ids(site):
    result = event_site(
        site,
        """
        sessions:
          - id: apres-midi
            start: "2025-10-11 14:00"
            end: "16:00"
          - id: matin
            start: "2025-10-11 10:00"
            end: "2025-10-11 12:00"
        """,
        base=NO_START,
    )
    event = the_event(result)
    assert result.problems == []
    # Sorted by time, keeping their ids.
    assert [s.key for s in event.sessions] == ["matin", "apres-midi"]
    assert event.sessions[1].end == datetime(2025, 10, 11, 16, 0, tzinfo=PARIS)


def test_sessions_without_ids_are_keyed_by_position(site):
    result = event_site(
        site,
        """
        sessions:
          - start: "2025-10-18 10:00"
          - { start: "2025-10-11 10:00", end: "2025-10-11 12:00" }
        """,
        base=NO_START,
    )
    event = the_event(result)
    assert [(s.key, s.start.day) for s in event.sessions] == [("2", 11), ("1", 18)]


def test_duplicate_session_ids(site):
    result = event_site(
        site,
        """
        sessions:
          - id: s1
            start: "2025-10-11 10:00"
          - id: s1
            start: "2025-10-18 10:00"
        """,
        base=NO_START,
    )
    problem = find(result, EVENT, "sessions.id")
    assert problem.line == 8
    assert "« s1 »" in problem.message


def test_session_id_colliding_with_a_position(site):
    result = event_site(
        site,
        """
        sessions:
          - id: "2"
            start: "2025-10-11 10:00"
          - start: "2025-10-18 10:00"
        """,
        base=NO_START,
    )
    problem = find(result, EVENT, "sessions.id")
    assert problem.line == 5
    assert "s1" in problem.hint


def test_invalid_session_id(site):
    result = event_site(
        site,
        """
        sessions:
          - id: "Séance 1"
            start: "2025-10-11 10:00"
        """,
        base=NO_START,
    )
    assert find(result, EVENT, "sessions.id").line == 6


def test_session_without_start(site):
    result = event_site(
        site,
        """
        sessions:
          - start: "2025-10-11 10:00"
          - id: s2
            end: "2025-10-18 12:00"
        """,
        base=NO_START,
    )
    problems = [p for p in result.problems if p.field == "sessions.start"]
    assert [(p.line, p.is_error) for p in problems] == [(7, True)]
    assert "n° 2" in problems[0].message


def test_session_end_before_start(site):
    result = event_site(
        site,
        """
        sessions:
          - start: "2025-10-11 10:00"
            end: "09:00"
        """,
        base=NO_START,
    )
    assert find(result, EVENT, "sessions.end").line == 7


def test_session_bad_start_reports_its_line(site):
    result = event_site(
        site,
        """
        sessions:
          - start: "2025-10-11 10:00"
          - start: "2026-03-29 02:30"
        """,
        base=NO_START,
    )
    assert find(result, EVENT, "sessions.start").line == 7


def test_sessions_and_start_both_present(site):
    result = event_site(site, 'sessions:\n  - start: "2025-10-11 10:00"')
    problem = find(result, EVENT, "sessions")
    assert problem.line == 6
    assert "start et sessions" in problem.message


def test_end_beside_sessions(site):
    result = event_site(
        site, 'end: "2025-10-11 12:00"\nsessions:\n  - start: "2025-10-11 10:00"', base=NO_START
    )
    assert find(result, EVENT, "end").line == 5


def test_sessions_not_a_list(site):
    result = event_site(site, 'sessions: "2025-10-11 10:00"', base=NO_START)
    assert find(result, EVENT, "sessions").line == 5


def test_session_item_not_a_mapping(site):
    result = event_site(site, 'sessions:\n  - "2025-10-11 10:00"', base=NO_START)
    problem = find(result, EVENT, "sessions")
    assert problem.line == 6
    assert "n° 1" in problem.message


def test_unknown_session_field_is_a_warning(site):
    result = event_site(
        site,
        'sessions:\n  - start: "2025-10-11 10:00"\n    ned: "2025-10-11 12:00"',
        base=NO_START,
    )
    problem = find(result, EVENT, "sessions.ned", severity=Severity.WARNING)
    assert problem.line == 7
    assert problem.hint == "Vouliez-vous dire « end » ?"


# Opening hours and closed days -------------------------------------------------------

EXHIBITION = BASE.replace("start: 2025-10-04 14:00", "start: 2025-10-04\nend: 2025-11-30")
# With EXHIBITION the extra lines start at line 7.


def test_opening_hours_single_range(site):
    result = event_site(site, 'opening_hours: "mar-dim 14:00-18:00"', base=EXHIBITION)
    event = the_event(result)
    [hours] = event.opening_hours
    assert hours.weekdays == (1, 2, 3, 4, 5, 6)
    assert hours.slots == ((time(14), time(18)),)
    assert hours.text == "mar-dim 14:00-18:00"


def test_opening_hours_list_with_two_slots(site):
    result = event_site(
        site,
        'opening_hours:\n  - "mer,sam 10:00-12:00 14:00-18:00"\n  - "dim 14h00-17h00"',
        base=EXHIBITION,
    )
    first, second = the_event(result).opening_hours
    assert first.weekdays == (2, 5)
    assert first.slots == ((time(10), time(12)), (time(14), time(18)))
    assert second.weekdays == (6,)
    assert second.slots == ((time(14), time(17)),)


def test_opening_hours_invalid_day(site):
    result = event_site(site, 'opening_hours: "mar-dum 14:00-18:00"', base=EXHIBITION)
    problem = find(result, EVENT, "opening_hours")
    assert problem.line == 7
    assert "mar-dum" in problem.message
    assert "mar-dim 14:00-18:00" in problem.hint


def test_opening_hours_invalid_day_in_list_points_at_the_item(site):
    result = event_site(
        site,
        'opening_hours:\n  - "mar 14:00-18:00"\n  - "samdi 10:00-12:00"',
        base=EXHIBITION,
    )
    problem = find(result, EVENT, "opening_hours")
    assert problem.line == 9
    assert "samdi" in problem.message


def test_opening_hours_closing_before_opening(site):
    result = event_site(site, 'opening_hours: "mar-dim 18:00-14:00"', base=EXHIBITION)
    problem = find(result, EVENT, "opening_hours")
    assert problem.line == 7
    assert "fermeture" in problem.message


def test_opening_hours_without_hours(site):
    result = event_site(site, 'opening_hours: "mar-dim"', base=EXHIBITION)
    assert find(result, EVENT, "opening_hours").line == 7


def test_opening_hours_on_a_timed_event(site):
    result = event_site(site, 'opening_hours: "mar-dim 14:00-18:00"')
    problem = find(result, EVENT, "opening_hours")
    assert problem.line == 6
    assert "exposition" in problem.message
    assert not result.ok


def test_parse_opening_hours_forms():
    assert parse_opening_hours("sam-lun 10:00-12:00").weekdays == (0, 5, 6)
    assert parse_opening_hours("Lundi,MERCREDI 9h00-12h30").weekdays == (0, 2)
    assert parse_opening_hours("lun 9:00-12:00").slots == ((time(9), time(12)),)
    with pytest.raises(ValueError, match="jour"):
        parse_opening_hours("lux 10:00-12:00")
    with pytest.raises(ValueError, match="plage horaire"):
        parse_opening_hours("lun 10:00")
    with pytest.raises(ValueError):
        parse_opening_hours("lun")


def test_closed_days_inside_the_exhibition(site):
    result = event_site(site, 'closed: ["2025-11-11", "2025-11-01"]', base=EXHIBITION)
    assert result.problems == []
    assert the_event(result).closed == (date(2025, 11, 1), date(2025, 11, 11))


def test_closed_day_outside_the_exhibition_is_a_warning(site):
    result = event_site(site, 'closed:\n  - "2025-11-11"\n  - "2025-12-25"', base=EXHIBITION)
    warnings = [p for p in result.problems if p.field == "closed"]
    assert [(p.line, p.severity) for p in warnings] == [(9, Severity.WARNING)]
    assert "2025-12-25" in warnings[0].message
    assert result.ok
    assert the_event(result).closed == (date(2025, 11, 11), date(2025, 12, 25))


def test_closed_day_with_a_time(site):
    result = event_site(site, 'closed: ["2025-11-11 10:00"]', base=EXHIBITION)
    problem = find(result, EVENT, "closed")
    assert problem.line == 7
    assert '"2025-11-11"' in problem.hint


def test_closed_day_malformed(site):
    result = event_site(site, 'closed: ["11/11/2025"]', base=EXHIBITION)
    assert find(result, EVENT, "closed").line == 7


def test_closed_days_on_a_timed_event(site):
    result = event_site(site, 'closed: ["2025-10-04"]')
    errors_ = [p for p in result.problems if p.field == "closed" and p.is_error]
    assert [p.line for p in errors_] == [6]


# Vocabularies ------------------------------------------------------------------------


def test_vocabulary_values_by_slug_or_label(site):
    result = event_site(
        site,
        """
        format: Conférence
        themes: [Astronomie et espace, mathematiques, MATHEMATIQUES]
        audience: [familles, Jeune public]
        accessibility: [moteur, Handicap auditif]
        """,
    )
    event = the_event(result)
    assert event.format == "conference"
    assert event.themes == ("astronomie-espace", "mathematiques")
    assert event.audience == ("familles", "jeune-public")
    assert event.accessibility == ("moteur", "auditif")


@pytest.mark.parametrize(
    ("field", "written", "suggested"),
    [
        ("themes", "astronomie", "astronomie-espace"),
        ("format", "ateliers", "atelier"),
        ("audience", "famille", "familles"),
        ("accessibility", "auditive", "auditif"),
    ],
)
def test_unknown_vocabulary_value_with_suggestion(site, field, written, suggested):
    problem = find(event_site(site, f"{field}: {written}"), EVENT, field)
    assert problem.line == 6
    assert f"« {written} »" in problem.message
    assert problem.hint == f"Vouliez-vous dire « {suggested} » ?"


def test_unknown_vocabulary_value_without_suggestion_lists_values(site):
    problem = find(event_site(site, "themes:\n  - mathematiques\n  - cuisine"), EVENT, "themes")
    assert problem.line == 8
    assert "astronomie-espace" in problem.hint
    assert problem.hint.endswith(
        "Leur sens : https://github.com/agenda-csti-grand-est/agenda/blob/HEAD/docs/reference-des-champs.md"
    )


def test_only_one_format(site):
    problem = find(event_site(site, "format: [atelier, visite]"), EVENT, "format")
    assert problem.line == 6
    assert "tags" in problem.hint


def test_venue_accessibility_vocabulary(site):
    result = venue_site(site, venue_body(accessibility="[moteur, roulant]"))
    assert find(result, VENUE, "accessibility").line == 5


# Ages --------------------------------------------------------------------------------


def test_ages(site):
    event = the_event(event_site(site, "age_min: 8\nage_max: 12"))
    assert (event.age_min, event.age_max) == (8, 12)


def test_age_not_an_integer(site):
    problem = find(event_site(site, "age_min: huit"), EVENT, "age_min")
    assert problem.line == 6
    assert "« huit »" in problem.message


def test_age_decimal_is_not_an_integer(site):
    assert find(event_site(site, "age_max: 7.5"), EVENT, "age_max").line == 6


def test_age_min_above_age_max(site):
    result = event_site(site, "age_min: 12\nage_max: 8")
    errors_ = [p for p in result.problems if p.field == "age_max"]
    assert [(p.line, p.is_error) for p in errors_] == [(7, True)]
    assert "12" in errors_[0].message
    assert "8" in errors_[0].message


def test_age_out_of_range(site):
    errors_ = [p for p in event_site(site, "age_min: 150").problems if p.field == "age_min"]
    assert [p.line for p in errors_] == [6]


# Registration ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value", "kind"),
    [
        ('"https://www.example.org/inscription"', "https://www.example.org/inscription", "url"),
        ("contact@mediatheque-epinal.fr", "contact@mediatheque-epinal.fr", "email"),
        ('"03 29 00 00 00"', "03 29 00 00 00", "phone"),
        ('"+33 3 29 00 00 00"', "+33 3 29 00 00 00", "phone"),
        ("Sur place, le jour même", "Sur place, le jour même", "text"),
    ],
)
def test_registration_kinds(site, written, value, kind):
    event = the_event(event_site(site, f"registration: {written}"))
    assert (event.registration, event.registration_kind) == (value, kind)


def test_registration_www_without_scheme(site):
    problem = find(
        event_site(site, "registration: www.example.org/inscription"), EVENT, "registration"
    )
    assert problem.line == 6
    assert 'registration: "https://www.example.org/inscription"' in problem.hint


def test_registration_broken_url(site):
    result = event_site(site, 'registration: "https://"')
    errors_ = [p for p in result.problems if p.field == "registration"]
    assert [(p.line, p.is_error) for p in errors_] == [(6, True)]


# Images ------------------------------------------------------------------------------


def test_image_in_assets_with_alt(site):
    event = the_event(
        event_site(site, 'image: assets/images/robot.svg\nimage_alt: "Un robot"\nimage_credit: "©"')
    )
    assert event.image == "assets/images/robot.svg"
    assert event.image_alt == "Un robot"


def test_image_in_content_beside_the_event(site):
    site.write("content/events/photo.jpg", "not really a jpeg")
    event = the_event(event_site(site, 'image: "/content/events/photo.jpg"\nimage_alt: Photo'))
    assert event.image == "content/events/photo.jpg"


def test_image_missing_file(site):
    problem = find(
        event_site(site, "image: assets/images/absente.jpg\nimage_alt: X"), EVENT, "image"
    )
    assert problem.line == 6
    assert "introuvable" in problem.message


@pytest.mark.parametrize(
    "written", ["images/robot.svg", "assets/../site_config.yaml.png", "/etc/robot.png"]
)
def test_image_outside_assets_and_content(site, written):
    problem = find(event_site(site, f'image: "{written}"\nimage_alt: X'), EVENT, "image")
    assert problem.line == 6
    assert "assets/" in problem.message


def test_image_not_an_image(site):
    site.write("assets/docs/programme.pdf", "%PDF")
    problem = find(
        event_site(site, "image: assets/docs/programme.pdf\nimage_alt: X"), EVENT, "image"
    )
    assert problem.line == 6
    assert ".jpg" in problem.hint


def test_image_without_alt(site):
    result = event_site(site, "image: assets/images/robot.svg")
    problem = find(result, EVENT, "image_alt")
    assert problem.line == 6
    assert "image_alt:" in problem.hint
    assert not result.ok


# Status ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["scheduled", "full", "postponed", "cancelled"])
def test_simple_statuses(site, status):
    assert the_event(event_site(site, f"status: {status}")).status == status


def test_rescheduled_with_previous_start(site):
    event = the_event(event_site(site, 'status: rescheduled\nprevious_start: "2025-09-27 14:00"'))
    assert event.status is EventStatus.RESCHEDULED
    assert event.previous_start == datetime(2025, 9, 27, 14, 0, tzinfo=PARIS)


def test_rescheduled_without_previous_start(site):
    result = event_site(site, "status: rescheduled")
    problem = find(result, EVENT, "previous_start")
    assert problem.line == 6
    assert "previous_start:" in problem.hint


def test_previous_start_without_rescheduled_is_a_warning(site):
    result = event_site(site, 'previous_start: "2025-09-27 14:00"')
    assert find(result, EVENT, "previous_start", severity=Severity.WARNING).line == 6
    assert result.ok


def test_moved_online_with_online(site):
    event = the_event(event_site(site, 'status: moved-online\nonline: "https://example.org/live"'))
    assert event.status is EventStatus.MOVED_ONLINE
    assert event.online == "https://example.org/live"


def test_moved_online_without_online(site):
    problem = find(event_site(site, "status: moved-online"), EVENT, "online")
    assert problem.line == 6
    assert "online:" in problem.hint


def test_unknown_status_with_suggestion(site):
    problem = find(event_site(site, "status: canceled"), EVENT, "status")
    assert problem.line == 6
    assert problem.hint == "Vouliez-vous dire « cancelled » ?"


def test_unknown_status_lists_statuses(site):
    problem = find(event_site(site, "status: annulé"), EVENT, "status")
    assert "cancelled" in problem.hint
    assert "moved-online" in problem.hint


# Where: venue, online, both ----------------------------------------------------------

ONLINE_ONLY = BASE.replace("venue: mediatheque-epinal", 'online: "https://example.org/direct"')


def test_neither_venue_nor_online(site):
    base = BASE.replace("venue: mediatheque-epinal\n", "")
    problem = find(event_site(site, base=base), EVENT, "venue")
    assert problem.line == 1
    assert "online" in problem.hint
    assert "venue" in problem.hint


def test_online_only(site):
    result = event_site(site, base=ONLINE_ONLY)
    assert result.problems == []
    event = the_event(result)
    assert event.venue is None
    assert event.online == "https://example.org/direct"
    assert event.attendance_mode == "online"


def test_mixed_attendance(site):
    event = the_event(event_site(site, 'online: "https://example.org/direct"'))
    assert event.venue == "mediatheque-epinal"
    assert event.attendance_mode == "mixed"


def test_online_without_scheme(site):
    base = ONLINE_ONLY.replace('"https://example.org/direct"', "www.example.org/direct")
    problem = find(event_site(site, base=base), EVENT, "online")
    assert problem.line == 4
    assert 'online: "https://www.example.org/direct"' in problem.hint


def test_empty_online_without_venue_is_an_error(site):
    base = ONLINE_ONLY.replace('"https://example.org/direct"', '""')
    result = event_site(site, base=base)
    assert not result.ok
    assert any(p.field in ("venue", "online") for p in errors(result))


# Every error, not just the first ----------------------------------------------------


def test_several_broken_files_give_several_problems(site):
    references(site)
    site.venue("salle", venue_body(postal_code="8200"))
    site.partner("sans-nom", 'url: "https://example.org"\n')
    site.event("a", BASE + "format: origami")
    site.event("b", BASE.replace("2025-10-04 14:00", "2026-03-29 02:30"))
    site.write("content/events/2026/c.md", "title: pas de front matter\n")
    result = check_site(site.root)
    assert not result.ok
    assert result.content is None
    where = [(p.path, p.line, p.field) for p in errors(result)]
    assert where == [
        ("content/events/2026/c.md", 1, ""),
        ("content/events/a.md", 6, "format"),
        ("content/events/b.md", 5, "start"),
        ("content/partners/sans-nom.yaml", 1, "name"),
        ("content/venues/salle.yaml", 3, "postal_code"),
    ]


def test_several_errors_in_one_file_are_all_reported(site):
    result = event_site(
        site,
        """
        end: 2025-10-04 13:00
        format: origami
        age_min: huit
        registration: www.example.org
        status: reporte
        image: assets/images/robot.svg
        """,
    )
    fields = [(p.line, p.field) for p in errors(result)]
    assert fields == [
        (6, "end"),
        (7, "format"),
        (8, "age_min"),
        (9, "registration"),
        (10, "status"),
        (11, "image_alt"),
    ]


def test_problems_are_sorted_by_file_then_line(site):
    references(site)
    site.event("b", BASE + "format: origami\nthemes: cuisine")
    site.event("a", BASE.replace("organizer: la-nef-des-sciences", "organizer: x") + "age_min: z")
    result = check_site(site.root)
    keys = [(p.path, p.line) for p in result.problems]
    assert keys == sorted(keys)
    assert len(keys) == 4


def test_bad_start_does_not_hide_other_errors(site):
    base = BASE.replace("2025-10-04 14:00", "2025-13-04").replace(
        "venue: mediatheque-epinal", "venue: mediatheque"
    )
    result = event_site(site, "themes: [cuisine]", base=base)
    fields = {p.field for p in errors(result)}
    assert {"start", "venue", "themes"} <= fields


def test_same_slug_as_yaml_and_yml_is_a_duplicate(site):
    an_event(site)
    site.partner("p")
    site.write("content/partners/p.yml", 'name: "P bis"\n')
    result = check_site(site.root)
    [problem] = errors(result)
    assert problem.path == "content/partners/p.yml"
    assert "content/partners/p.yaml" in problem.message
    assert problem.hint


# Every error says how to fix it (CONTRACT §2) ----------------------------------------


@pytest.mark.parametrize(
    ("extra", "base"),
    [
        pytest.param("format: origami", BASE, id="unknown-format"),
        pytest.param("end: 2025-10-04 13:00", BASE, id="end-before-start"),
        pytest.param("end: 2025-10-05", BASE, id="date-datetime-mix"),
        pytest.param("age_min: huit", BASE, id="age-not-integer"),
        pytest.param("registration: www.example.org", BASE, id="registration-www"),
        pytest.param("image: assets/images/robot.svg", BASE, id="image-without-alt"),
        pytest.param("status: rescheduled", BASE, id="rescheduled-without-previous"),
        pytest.param("status: moved-online", BASE, id="moved-online-without-online"),
        pytest.param('opening_hours: "mar-dim 14:00-18:00"', BASE, id="opening-hours-timed"),
        pytest.param(
            'sessions:\n  - id: a\n    start: "2025-10-11 10:00"\n  - id: a\n    start: x',
            NO_START,
            id="sessions-duplicate-id",
        ),
        pytest.param(
            "age_min: 12\nage_max: 8",
            BASE,
            id="age-order",
        ),
        pytest.param(
            "age_min: 150",
            BASE,
            id="age-range",
        ),
        pytest.param(
            'registration: "https://"',
            BASE,
            id="registration-bad-url",
        ),
        pytest.param(
            'closed: ["2025-10-04"]',
            BASE,
            id="closed-on-timed-event",
        ),
        pytest.param(
            'sessions:\n  - end: "2025-10-11 12:00"',
            NO_START,
            id="session-without-start",
        ),
        pytest.param(
            "tags:\n  - {a: b}",
            BASE,
            id="list-item-not-a-value",
        ),
        pytest.param(
            'end: "25:00"',
            BASE,
            id="end-shorthand-impossible-hour",
        ),
    ],
)
def test_every_error_has_a_hint(site, extra, base):
    result = event_site(site, extra, base=base)
    found = errors(result)
    assert found
    for problem in found:
        assert problem.path == EVENT
        assert problem.line > 0
        assert problem.field
        assert problem.hint.strip(), problem


# Nothing gets in: characters, lengths, years, links ----------------------------------


@pytest.mark.parametrize(
    "field",
    ["title", "summary", "price", "image_credit", "accessibility_notes"],
)
@pytest.mark.parametrize("escape", ["\\n", "\\r", "\\u2028", "\\x85"])
def test_line_break_in_a_one_line_event_field_is_an_error_at_its_line(site, field, escape):
    written = f'{field}: "Avant{escape}BEGIN:VEVENT"'
    if field == "title":
        result = event_site(site, base=BASE.replace("title: Atelier robots", written))
    else:
        result = event_site(site, written)
    problem = find(result, EVENT, field)
    assert problem.line == (2 if field == "title" else 6)
    assert "retour à la ligne" in problem.message
    assert "une seule ligne" in problem.hint
    assert not result.ok


def test_line_break_written_as_a_yaml_block_in_a_title_is_an_error(site):
    references(site)
    site.event(
        "atelier",
        "title: |\n  Atelier\n  END:VEVENT\norganizer: la-nef-des-sciences\n"
        "venue: mediatheque-epinal\nstart: 2025-10-04 14:00\n",
    )
    result = check_site(site.root)
    assert find(result, EVENT, "title").line == 2


@pytest.mark.parametrize("field", ["name", "address", "city"])
def test_line_break_in_venue_names_and_address_is_an_error(site, field):
    values = {"name": '"Médiathèque"', "address": '"48 rue Saint-Michel"', "city": '"Épinal"'}
    values[field] = '"Une\\nDeux"'
    body = (
        f"name: {values['name']}\naddress: {values['address']}\n"
        f'postal_code: "88000"\ncity: {values["city"]}\n'
    )
    result = venue_site(site, body)
    assert "retour à la ligne" in find(result, VENUE, field).message


def test_line_break_in_a_partner_name_is_an_error_but_descriptions_may_span_lines(site):
    site.partner("la-nef", 'name: "La Nef\\nEND:VCALENDAR"\ndescription: "Un.\\nDeux."\n')
    result = check_site(site.root)
    path = "content/partners/la-nef.yaml"
    assert find(result, path, "name").line == 1
    assert [p.field for p in result.problems if p.path == path] == ["name"]


@pytest.mark.parametrize(
    ("escape", "code"),
    [
        ("\\e", "U+001B"),
        ("\\0", "U+0000"),
        ("\\x7f", "U+007F"),
        ("\\x9b", "U+009B"),
        ("\\t", "U+0009"),
        ("\\uFFFE", "U+FFFE"),
        ("\\uFDD0", "U+FDD0"),
        ("\\U0001FFFF", "U+1FFFF"),
    ],
)
def test_control_character_in_a_field_is_named_with_its_line(site, escape, code):
    result = event_site(site, f'summary: "Un atelier{escape} pour tous"')
    problem = find(result, EVENT, "summary")
    assert code in problem.message
    assert problem.line == 6
    assert "\x1b" not in problem.message and "\ud800" not in problem.message


def test_lone_surrogate_is_refused_by_the_yaml_reader_or_the_validator(site):
    result = event_site(site, 'summary: "a\\uD800b"')
    assert not result.ok
    assert all("\ud800" not in p.message for p in result.problems)


def test_control_character_in_a_list_item_and_a_session_is_reported(site):
    result = event_site(site, 'tags: [robots, "a\\eb"]')
    assert "U+001B" in find(result, EVENT, "tags").message
    sessions = """
    title: Atelier
    organizer: la-nef-des-sciences
    venue: mediatheque-epinal
    sessions:
      - {id: "s\\e1", start: "2025-10-04 14:00"}
    """
    result = event_site(site, base=sessions)
    assert any("U+001B" in p.message for p in result.problems if p.field == "sessions.id")


def test_control_character_in_the_markdown_body_is_named_with_its_line(site):
    references(site)
    site.event("atelier", BASE, body="Ligne un.\n\nLigne \x1b[31mtrois.\n")
    result = check_site(site.root)
    problem = find(result, EVENT, "description")
    assert "caractère de contrôle U+001B" in problem.message
    assert problem.line == 7 + 2  # the body starts on line 7; the ESC is its third line


def test_tabs_and_line_breaks_are_fine_in_the_markdown_body(site):
    references(site)
    site.event("atelier", BASE, body="Un\tdeux\n\n    code\n")
    assert check_site(site.root).ok


def test_raw_control_characters_never_reach_the_model(site):
    result = event_site(site, 'summary: "a\\eb"')
    assert not result.ok


@pytest.mark.parametrize(("field", "limit"), [("title", TITLE_MAX), ("summary", SUMMARY_MAX)])
def test_title_and_summary_lengths_are_limited(site, field, limit):
    def written(length: int) -> CheckResult:
        line = f'{field}: "{"a" * length}"'
        if field == "title":
            return event_site(site, base=BASE.replace("title: Atelier robots", line))
        return event_site(site, line)

    assert written(limit).ok
    result = written(limit + 1)
    problem = find(result, EVENT, field)
    assert str(limit) in problem.message


def test_description_length_is_limited(site):
    references(site)
    site.event("atelier", BASE, body="a" * BODY_MAX + "\n")
    assert check_site(site.root).ok
    site.event("atelier", BASE, body="a" * (BODY_MAX + 1) + "\n")
    problem = find(check_site(site.root), EVENT, "description")
    assert str(BODY_MAX) in problem.message


@pytest.mark.parametrize(
    "extra",
    [
        'start: "9999-12-31 23:00"',
        'start: "1999-12-31"',
        'end: "9999-12-31 23:00"',
        'status: rescheduled\nprevious_start: "9999-12-31 23:00"',
    ],
)
def test_years_outside_the_accepted_range_are_errors(site, extra):
    base = BASE
    if extra.startswith("start"):
        base = BASE.replace("start: 2025-10-04 14:00\n", "")
    result = event_site(site, extra, base=base)
    field = extra.split(":")[0] if "previous" not in extra else "previous_start"
    problem = find(result, EVENT, field)
    assert "2000" in problem.message and "2100" in problem.message


def test_years_outside_the_range_in_sessions_and_closed_days(site):
    sessions = """
    title: Atelier
    organizer: la-nef-des-sciences
    venue: mediatheque-epinal
    sessions:
      - {start: "2025-10-04 14:00"}
      - {start: "9999-12-31 23:00", end: "9999-12-31 23:30"}
    """
    result = event_site(site, base=sessions)
    assert any("2100" in p.message for p in result.problems if p.field == "sessions.start")
    exhibition = """
    title: Expo
    organizer: la-nef-des-sciences
    venue: mediatheque-epinal
    start: "2025-10-01"
    end: "2025-12-31"
    opening_hours: "mar-dim 14:00-18:00"
    closed: ["9999-12-31"]
    """
    result = event_site(site, base=exhibition)
    assert "2100" in find(result, EVENT, "closed").message


def test_opening_hours_over_decades_are_refused(site):
    exhibition = """
    title: Expo
    organizer: la-nef-des-sciences
    venue: mediatheque-epinal
    start: "2000-01-01"
    end: "2100-12-31"
    opening_hours: "lun-dim 10:00-18:00"
    """
    result = event_site(site, base=exhibition)
    assert "jours" in find(result, EVENT, "opening_hours").message


def test_a_far_date_builds_without_overflow(site, tmp_path):
    from agenda.pipeline import build_site

    result = event_site(site, 'end: "2100-12-31 23:30"')
    assert result.ok
    build_site(site.root, date(2025, 10, 1), tmp_path / "out", "https://agenda.example.org")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/x",
        'https://example.org/\\"><script>alert(1)</script>',
        "https://example.org/a b",
        "https://example.org/<x>",
        "https://example.org\\\\@evil.org",
        "https://user@evil.org/",
        "https://exemple",
        "https://",
        "https://-bad-.org",
        "https://example.org:99999/",
        "https://example.org/'onmouseover='alert(1)",
    ],
)
def test_web_addresses_are_checked_as_urls(site, url):
    result = event_site(site, f'online: "{url}"')
    assert not result.ok
    assert any(p.field == "online" and p.is_error for p in result.problems)
    site.partner("la-nef-des-sciences", f'name: "La Nef"\nurl: "{url}"\n')
    result = check_site(site.root)
    assert any(p.field == "url" for p in result.problems if "partners" in p.path)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.org/direct",
        "http://example.org",
        "https://fr.wikipedia.org/wiki/F%C3%AAte_de_la_science?x=1#haut",
        "https://www.example.org:8443/a/b",
        "https://médiathèque.example.fr/",
        "https://xn--mdiathque-b4a.fr/",
    ],
)
def test_real_web_addresses_pass(site, url):
    event = the_event(event_site(site, f'online: "{url}"'))
    assert event.online == url


@pytest.mark.parametrize(
    "email",
    [
        'a\\"><script>alert(1)</script>@b.fr',
        "a<b@c.fr",
        "a b@c.fr",
        "contact@example",
        "contact@exa_mple.fr",
        "a..b@c.fr",
        "javascript:alert(1)//@b.fr",
    ],
)
def test_emails_are_strict(site, email):
    site.partner("la-nef", f'name: "La Nef"\nemail: "{email}"\n')
    result = check_site(site.root)
    assert find(result, "content/partners/la-nef.yaml", "email").line == 2


@pytest.mark.parametrize(
    "phone", ["03 89 00 00 00\\u0660", "03 89 00 00 00 <b>", "03 89 00 00 00;x", "\\u0663" * 10]
)
def test_phones_are_digits_spaces_and_punctuation(site, phone):
    result = venue_site(site, venue_body(phone=f'"{phone}"'))
    assert any(p.field == "phone" for p in result.problems)


@pytest.mark.parametrize(
    ("written", "value", "kind"),
    [
        ('"mailto:contact@example.org"', "contact@example.org", "email"),
        ('"tel:+33 3 29 00 00 00"', "+33 3 29 00 00 00", "phone"),
        ('"Sur place, ou au 03 29 00 00 00"', "Sur place, ou au 03 29 00 00 00", "text"),
        ('"Inscription : accueil@example.org"', "Inscription : accueil@example.org", "text"),
    ],
)
def test_registration_dispatch_strips_schemes(site, written, value, kind):
    event = the_event(event_site(site, f"registration: {written}"))
    assert (event.registration, event.registration_kind) == (value, kind)


@pytest.mark.parametrize(
    "written",
    [
        '"javascript:alert(1)"',
        '"JaVaScRiPt:alert(1)"',
        '"data:text/html,x"',
        '"https://example.org/\\"><script>"',
        '"a\\"><script>alert(1)</script>@b.fr"',
        '"mailto:a<b@c.fr"',
        '"tel:03<script>"',
        '"12"',
        '"ftp://example.org"',
    ],
)
def test_registration_branches_refuse_hostile_values(site, written):
    result = event_site(site, f"registration: {written}")
    assert find(result, EVENT, "registration").line == 6


def test_registration_sentence_mentioning_an_address_is_text(site):
    event = the_event(
        event_site(
            site,
            'registration: "Sur place sans réservation ; en ligne sur https://example.org/i"',
        )
    )
    assert event.registration == "Sur place sans réservation ; en ligne sur https://example.org/i"
    assert event.registration_kind is RegistrationKind.TEXT


# The state's list of communes ----------------------------------------------------------


def test_postal_code_with_a_space_gets_the_fixed_value(site):
    problem = find(
        venue_site(site, venue_body(postal_code='"88 640"', city="Champdray")), VENUE, "postal_code"
    )
    assert problem.line == 3
    assert problem.message == (
        "« 88 640 » n'est pas un code postal à 5 chiffres : il contient une espace ou un signe."
    )
    assert (
        problem.hint == 'Écrivez les 5 chiffres attachés, entre guillemets : postal_code: "88640"'
    )


def test_postal_code_of_no_commune_suggests_close_codes(site):
    problem = find(
        venue_site(site, venue_body(postal_code='"88641"', city="Zzz")), VENUE, "postal_code"
    )
    assert problem.line == 3
    assert problem.message == "aucune commune du Grand Est n'a le code postal 88641."
    assert problem.hint.startswith("Codes postaux proches : 88640 (Barbey-Seroux, Champdray,")
    assert "CEDEX" in problem.hint


def test_postal_code_of_no_commune_gives_the_code_of_the_city(site):
    problem = find(venue_site(site, venue_body(postal_code='"88001"')), VENUE, "postal_code")
    assert problem.hint == 'Le code postal de Épinal est 88000 : postal_code: "88000"'


def test_city_misspelt_suggests_the_right_spelling(site):
    result = venue_site(site, venue_body(postal_code='"54500"', city="Vandeuvre-les-Nancy"))
    problem = find(result, VENUE, "city")
    assert problem.line == 4
    assert problem.message == "« Vandeuvre-les-Nancy » n'est pas une commune du code postal 54500."
    assert problem.hint == 'Vouliez-vous dire city: "Vandœuvre-lès-Nancy" ?'


def test_city_of_another_postal_code_names_its_code(site):
    result = venue_site(site, venue_body(postal_code='"88640"', city="Épinal"))
    problem = find(result, VENUE, "city")
    assert problem.message == (
        "la commune « Épinal » n'a pas le code postal 88640 (son code postal : 88000)."
    )
    assert problem.hint.startswith('Si le lieu est à Épinal, écrivez postal_code: "88000" ;')
    assert "Granges-Aumontzey" in problem.hint


@pytest.mark.parametrize("written", ["EPINAL", "epinal", "Épinal", "  Épinal"])
def test_city_is_compared_without_accents_nor_case(site, written):
    result = venue_site(site, venue_body(city=f'"{written}"'))
    assert result.problems == []


def test_a_postal_code_serving_two_departements_takes_the_communes_one(site):
    result = venue_site(site, venue_body(postal_code='"52100"', city="Saint-Eulien"))
    assert the_venue(result).departement == "51"


# Dates written another way: the ISO line to copy ------------------------------------


@pytest.mark.parametrize(
    ("written", "line"),
    [
        ('"12/03/2027"', 'start: "2027-03-12"'),
        ('"12/03/2027 14h30"', 'start: "2027-03-12 14:30"'),
        ('"12 mars 2027"', 'start: "2027-03-12"'),
        ("samedi 12 mars 2027 à 14h30", 'start: "2027-03-12 14:30"'),
    ],
)
def test_french_date_forms_are_answered_with_the_iso_line(site, written, line):
    base = BASE.replace("start: 2025-10-04 14:00", f"start: {written}")
    problem = find(event_site(site, base=base), EVENT, "start")
    assert problem.line == 5
    assert "s'écrit année-mois-jour (AAAA-MM-JJ)" in problem.message
    assert problem.hint == f"Écrivez : {line}"


def test_session_date_in_french_form_gets_the_line_to_write(site):
    base = BASE.replace("start: 2025-10-04 14:00\n", "")
    result = event_site(
        site,
        """
        sessions:
          - start: "04/10/2025 14h"
            end: "2025-10-04 16:00"
        """,
        base=base,
    )
    problem = find(result, EVENT, "sessions.start")
    assert problem.line == 6
    assert problem.hint == 'Écrivez : start: "2025-10-04 14:00"'


def test_closed_day_in_french_form_gets_the_iso_date(site):
    base = BASE.replace("start: 2025-10-04 14:00", "start: 2025-10-04\nend: 2025-10-30")
    problem = find(event_site(site, 'closed: ["11/10/2025"]', base=base), EVENT, "closed")
    assert problem.hint == 'Écrivez « "2025-10-11" » à la place.'


# Lists indented wrongly: the whole list, corrected --------------------------------------


@pytest.mark.parametrize(
    ("written", "line"),
    [
        ("themes:\n  - astronomie-espace\n    - mathematiques\n", 8),
        ("themes:\n- astronomie-espace\n  - mathematiques\n", 8),
    ],
)
def test_list_item_shifted_right_keeps_every_value(site, written, line):
    problem = find(event_site(site, written), EVENT, "themes")
    assert problem.line == line
    assert problem.message == (
        "la liste themes est mal alignée : un élément est plus décalé vers la droite que "
        "celui du dessus, et il est lu comme la suite de la valeur précédente."
    )
    assert problem.hint == (
        "Alignez tous les tirets, suivis d'une espace, ou écrivez la liste sur une ligne : "
        "themes: [astronomie-espace, mathematiques]"
    )


def test_third_item_shifted_right_names_the_three_values(site):
    written = "themes:\n  - astronomie-espace\n  - mathematiques\n   - numerique-robotique\n"
    problem = find(event_site(site, written), EVENT, "themes")
    assert problem.line == 9
    assert problem.hint.endswith("themes: [astronomie-espace, mathematiques, numerique-robotique]")


def test_list_item_without_space_after_its_dash(site):
    problem = find(
        event_site(site, "themes:\n  -astronomie-espace\n  - mathematiques\n"), EVENT, "themes"
    )
    assert problem.line == 7
    assert "il manque une espace après le tiret" in problem.message
    assert problem.hint.endswith("themes: [astronomie-espace, mathematiques]")


@pytest.mark.parametrize(
    "written",
    [
        "themes:\n    - astronomie-espace\n  - mathematiques\n",
        "themes:\n  - astronomie-espace\n- mathematiques\n",
    ],
)
def test_list_item_shifted_left_is_told_with_the_corrected_list(site, written):
    problem = find(event_site(site, written), EVENT, "themes")
    assert problem.line == 8
    assert problem.message == (
        "la liste themes est mal alignée : cet élément n'a pas le même décalage que "
        "« - astronomie-espace » à la ligne 7."
    )
    assert problem.hint == (
        "Alignez tous les tirets sur le même nombre d'espaces, ou écrivez la liste sur une "
        "ligne : themes: [astronomie-espace, mathematiques]"
    )


def test_list_at_the_start_of_the_line_is_valid(site):
    result = event_site(site, "themes:\n- astronomie-espace\n- mathematiques\n")
    assert the_event(result).themes == ("astronomie-espace", "mathematiques")


def test_the_opening_hours_example_of_contributing_is_valid(site):
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "CONTRIBUTING.md").read_text("utf-8")
    example = text.split('```yaml\nstart: "2027-01-09"', 1)[1].split("```", 1)[0]
    base = BASE.replace("start: 2025-10-04 14:00", 'start: "2027-01-09"')
    result = event_site(site, example, base=base)
    event = the_event(result)
    assert result.problems == []
    assert [h.text for h in event.opening_hours] == [
        "mar-ven 10:00-12:00 14:00-18:00",
        "sam,dim 14:00-19:00",
    ]
    assert event.opening_hours[0].weekdays == (1, 2, 3, 4)
    assert len(event.opening_hours[0].slots) == 2


# Touring events: a session may name its own venue ------------------------------------

NEF = """
name: "La Nef"
address: "1 rue de la Nef"
postal_code: "68100"
city: "Mulhouse"
"""

# Lines: `---` 1, title 2, organizer 3, sessions 4, first session 5-7, second 8-10.
TOURING = """
title: Exposition itinérante
organizer: la-nef-des-sciences
sessions:
  - start: 2027-03-01
    end: 2027-03-20
    venue: nef-mulhouse
  - start: 2027-04-01
    end: 2027-04-20
    venue: {second}
"""


def test_touring_event_without_an_event_venue(site):
    site.venue("nef-mulhouse", NEF)
    result = event_site(site, base=TOURING.format(second="mediatheque-epinal"))
    event = the_event(result)
    assert event.venue is None
    assert [s.venue for s in event.sessions] == ["nef-mulhouse", "mediatheque-epinal"]
    assert event.venues == ("nef-mulhouse", "mediatheque-epinal")
    assert event.is_touring and event.attendance_mode == "offline"


def test_event_venue_is_the_default_of_sessions_without_one(site):
    site.venue("nef-mulhouse", NEF)
    event = the_event(
        event_site(
            site,
            base="""
            title: Conférence en tournée
            organizer: la-nef-des-sciences
            venue: mediatheque-epinal
            sessions:
              - {start: "2027-03-01 18:00", venue: nef-mulhouse}
              - {start: "2027-03-08 18:00"}
              - {start: "2027-03-15 18:00", venue: mediatheque-epinal}
            """,
        )
    )
    assert event.venue == "mediatheque-epinal"
    assert [s.venue for s in event.sessions] == [
        "nef-mulhouse",
        "mediatheque-epinal",
        "mediatheque-epinal",
    ]
    assert event.venues == ("nef-mulhouse", "mediatheque-epinal")


def test_unknown_session_venue_points_at_its_line(site):
    site.venue("nef-mulhouse", NEF)
    problem = find(
        event_site(site, base=TOURING.format(second="mediatheque")), EVENT, "sessions.venue"
    )
    assert problem.line == 10
    assert "« mediatheque »" in problem.message and "content/venues/" in problem.message
    assert problem.hint == "Vouliez-vous dire « mediatheque-epinal » ?"


def test_session_without_venue_when_the_event_has_none(site):
    site.venue("nef-mulhouse", NEF)
    base = TOURING.format(second="x").replace("    venue: x\n", "")
    problem = find(event_site(site, base=base), EVENT, "sessions.venue")
    assert problem.line == 8
    assert "séance n° 2" in problem.message


def test_online_event_with_one_session_on_site_is_mixed(site):
    event = the_event(
        event_site(
            site,
            base="""
            title: Conférence
            organizer: la-nef-des-sciences
            online: https://visio.example.org/salle
            sessions:
              - {start: "2027-03-01 18:00", venue: mediatheque-epinal}
              - {start: "2027-03-08 18:00"}
            """,
        )
    )
    assert [s.venue for s in event.sessions] == ["mediatheque-epinal", None]
    assert event.attendance_mode == "mixed"
