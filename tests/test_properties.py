"""Property-based tests (Hypothesis): whatever a partner writes, the build either explains
what to fix or produces outputs their readers can parse.

- random valid events go through file → model → iCalendar → parser and come back with
  the same instants, title and status;
- random bytes and random YAML given to the loader end in a record or a clean problem,
  never another exception;
- random text in any field either is refused with a clean problem, or yields iCalendar,
  Atom, sitemap, CSV, JSON and HTML that their parsers read.

CI runs 2,000 examples in all (profile "ci", the default); `pytest
--hypothesis-profile=thorough tests/test_properties.py` runs ten times as many.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import icalendar
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from agenda.catalogue import build_catalogue
from agenda.dates import PARIS
from agenda.errors import Problem
from agenda.history import History
from agenda.ical import CalendarWriter, FeedInfo
from agenda.output import OutputFile
from agenda.pipeline import CheckResult, check_site, site_files
from agenda.urls import Links
from tests.conftest import FIXTURE_BASE_URL, _copy_project_frame

TODAY = date(2026, 11, 25)
EVENT_FILE = "content/events/2027/propriete.md"
VENUE = """\
name: {name}
address: {address}
postal_code: "88000"
city: {city}
lat: 48.1725
lon: 6.4497
"""
PARTNER = "name: {name}\n"


def examples(in_ci: int) -> settings:
    """`in_ci` examples under the "ci" profile (100 per test by default), ten times as many
    under "thorough": the profiles are registered in conftest.py."""
    return settings(max_examples=in_ci * settings.default.max_examples // 100)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One site tree for the module: each example rewrites its files."""
    root = tmp_path_factory.mktemp("properties") / "site"
    root.mkdir()
    _copy_project_frame(root)
    return root


def quoted(text: str) -> str:
    """A YAML double-quoted scalar holding `text` exactly (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def write_site(
    root: Path,
    front_matter: str,
    body: str = "Description.\n",
    venue: dict[str, str] | None = None,
    partner_name: str = "Partenaire",
) -> None:
    """A partner, a venue and one event file, replacing the previous example's."""
    events = root / "content" / "events"
    shutil.rmtree(events, ignore_errors=True)
    events.mkdir(parents=True)
    fields = {"name": "Médiathèque", "address": "1 rue de la Gare", "city": "Épinal"}
    fields.update(venue or {})
    (root / "content" / "venues" / "salle.yaml").write_text(
        VENUE.format(**{k: quoted(v) for k, v in fields.items()}), encoding="utf-8"
    )
    (root / "content" / "partners" / "asso.yaml").write_text(
        PARTNER.format(name=quoted(partner_name)), encoding="utf-8"
    )
    path = root / EVENT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(f"---\n{front_matter}---\n{body}".encode("utf-8", "surrogatepass"))


def assert_clean(problems: list[Problem]) -> None:
    """Every problem names a file and says something, in one line."""
    for problem in problems:
        assert problem.path, problem
        assert problem.message.strip(), problem
        assert "Traceback" not in problem.as_text()


# --- 1. Valid events round-trip through iCalendar ---------------------------------------

TITLE_CHARS = st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\x85")
titles = st.text(TITLE_CHARS, min_size=1, max_size=120).filter(lambda t: t.strip())
# Wall-clock times, as partners write them: naive on purpose, Paris is applied by the loader.
starts = st.datetimes(
    min_value=datetime(2001, 1, 1),  # noqa: DTZ001
    max_value=datetime(2099, 12, 30),  # noqa: DTZ001
).map(lambda moment: moment.replace(second=0, microsecond=0))
STATUS_IN_ICALENDAR = {
    "scheduled": "CONFIRMED",
    "rescheduled": "CONFIRMED",
    "moved-online": "CONFIRMED",
    "full": "CONFIRMED",
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
}


@examples(300)
@given(
    title=titles,
    start=starts,
    minutes=st.integers(min_value=1, max_value=600),
    status=st.sampled_from(sorted(STATUS_IN_ICALENDAR)),
)
def test_valid_events_round_trip_through_icalendar(
    tree: Path, title: str, start: datetime, minutes: int, status: str
) -> None:
    end = start + timedelta(minutes=minutes)
    extra = ""
    if status == "rescheduled":
        extra = f'previous_start: "{(start - timedelta(days=7)):%Y-%m-%d %H:%M}"\n'
    if status == "moved-online":
        extra = 'online: "https://visio.example.org/salle"\n'
    write_site(
        tree,
        f"title: {quoted(title)}\nvenue: salle\norganizer: asso\n"
        f'start: "{start:%Y-%m-%d %H:%M}"\nend: "{end:%Y-%m-%d %H:%M}"\n'
        f"status: {status}\n{extra}",
    )
    checked = check_site(tree)
    # A time in the spring gap, or an end that the fall-back hour puts before its start,
    # is refused on purpose: those are not valid events.
    assume(checked.content is not None)
    assert checked.content is not None
    catalogue = build_catalogue(checked.content, checked.config, TODAY)
    event = catalogue.events["propriete"]
    writer = CalendarWriter(catalogue, Links(FIXTURE_BASE_URL), History({}))
    data = writer.calendar([event], FeedInfo(event.title, event.title, "/x.ics"))

    parsed = icalendar.Calendar.from_ical(data)
    (vevent,) = parsed.walk("VEVENT")
    # Titles are kept as written, spaces of any kind collapsed to one.
    written = " ".join(title.split())
    assert event.title == written
    assert str(vevent["SUMMARY"]).endswith(written)
    assert str(vevent["STATUS"]) == STATUS_IN_ICALENDAR[status]
    expected_start = datetime.combine(start.date(), start.time(), tzinfo=PARIS)
    assert vevent.decoded("DTSTART") == expected_start
    assert vevent.decoded("DTSTART").utcoffset() == event.sessions[0].start.utcoffset()  # type: ignore[union-attr]


# --- 2. Random bytes and random YAML never crash the loader ------------------------------


def check_only(root: Path) -> CheckResult:
    result = check_site(root)
    assert_clean(result.problems)
    return result


@examples(600)
@given(data=st.binary(max_size=3000))
def test_random_bytes_give_a_record_or_a_clean_problem(tree: Path, data: bytes) -> None:
    write_site(tree, 'title: "x"\nvenue: salle\norganizer: asso\nstart: "2027-03-10"\n')
    (tree / EVENT_FILE).write_bytes(data)
    result = check_only(tree)
    assert result.content is not None or any(p.is_error for p in result.problems)


YAML_PIECES = [
    ": ",
    " ",
    "  ",
    "\t",
    "\n",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "!!python/object:os.system ",
    "<<: ",
    "'",
    '"',
    "#",
    "|",
    ">",
    "? ",
    "---",
    "...",
    "title",
    "start",
    "venue",
    "sessions",
    "2027-03-10",
    "14:00",
    "salle",
    "asso",
    "é",
    "\\",
    "%YAML 1.1",
    "\ufeff",
    "\x00",
    "\r",
]


@examples(600)
@given(pieces=st.lists(st.sampled_from(YAML_PIECES), max_size=60))
def test_random_yaml_gives_a_record_or_a_clean_problem(tree: Path, pieces: list[str]) -> None:
    write_site(tree, "".join(pieces) + "\n")
    check_only(tree)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@examples(300)
@given(
    document=st.dictionaries(
        st.sampled_from(
            ["title", "start", "venue", "sessions", "tags", "status", "organizer", "x"]
        ),
        yaml_values,
        max_size=6,
    )
)
def test_random_yaml_documents_give_a_record_or_a_clean_problem(
    tree: Path, document: dict[str, object]
) -> None:
    import yaml

    write_site(tree, yaml.safe_dump(document, allow_unicode=True))
    check_only(tree)


# --- 3. Any text in any field: refused cleanly, or every output parses -----------------

FIELDS = (
    "title",
    "summary",
    "price",
    "registration",
    "accessibility_notes",
    "body",
    "venue.name",
    "venue.address",
    "venue.city",
    "partner.name",
)
any_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=200)


class _Html(HTMLParser):
    """Collects the JSON-LD blocks of a page while checking it parses."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.in_jsonld = False
        self.jsonld: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            # Only data blocks, and the editor's pinned script on /admin/: content never
            # opens a script of its own.
            if self.path.startswith("admin/") and any(name == "src" for name, _ in attrs):
                return
            if ("src", None) not in attrs and any(  # the listing filters' own module
                name == "src" and (value or "").startswith("/assets/js/") for name, value in attrs
            ):
                return
            assert ("type", "application/ld+json") in attrs, attrs
            self.in_jsonld = True
            self.jsonld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self.in_jsonld:
            self.jsonld[-1] += data


def parse_output(path: str, data: bytes) -> None:
    """Read one built file back with its consumer's parser."""
    if path.endswith(".ics"):
        calendar = icalendar.Calendar.from_ical(data)
        for vevent in calendar.walk("VEVENT"):
            assert vevent.get("UID")
    elif path.endswith(".json"):
        json.loads(data)
    elif path.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        assert len({len(row) for row in rows}) == 1
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
    elif path.endswith("feed.xml"):
        ET.fromstring(data)
        assert not feedparser.parse(data).bozo
    elif path.endswith(".xml"):
        ET.fromstring(data)
    elif path.endswith(".html"):
        parser = _Html(path)
        parser.feed(data.decode("utf-8"))
        for block in parser.jsonld:
            json.loads(block)


def built_files(root: Path, result: CheckResult) -> Iterator[tuple[str, bytes]]:
    assert result.content is not None
    catalogue = build_catalogue(result.content, result.config, TODAY)
    links = Links(FIXTURE_BASE_URL)

    for file in site_files(root, catalogue, links, History({})).files:
        if isinstance(file, OutputFile) and file.data is not None:
            yield file.path, file.data


@examples(200)
@given(field=st.sampled_from(FIELDS), text=any_text)
def test_any_text_in_any_field_is_refused_or_readable_everywhere(
    tree: Path, field: str, text: str
) -> None:
    front = {
        "title": "Atelier",
        "venue": "salle",
        "organizer": "asso",
        "start": "2027-03-10 14:00",
        "format": "atelier",
    }
    body, venue, partner = "Description.\n", {}, "Partenaire"
    if field == "body":
        body = text
    elif field.startswith("venue."):
        venue = {field.removeprefix("venue."): text}
    elif field == "partner.name":
        partner = text
    else:
        front[field] = text
    front_matter = "".join(f"{name}: {quoted(value)}\n" for name, value in front.items())
    write_site(tree, front_matter, body, venue, partner)
    result = check_only(tree)
    if result.content is None:
        return
    for path, data in built_files(tree, result):
        try:
            parse_output(path, data)
        except Exception as exc:  # pragma: no cover - the message is the point
            raise AssertionError(f"{path} unreadable with {field}={text!r}: {exc}") from exc
