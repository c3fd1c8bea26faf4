"""At 1,000 upcoming events no HTML page may exceed 150 KB: every listing is bounded.

The content comes from the benchmark's corpus generator (benchmarks/corpus.py): events
spread over the ten départements, 100 venues, 50 partners, with sessions, exhibitions
and every status. Built with « today » before the first of them, all 1,000 are upcoming.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from agenda.pipeline import build_site
from benchmarks.corpus import DEFAULT_TODAY, write_corpus
from tests.htmlcheck import event_slugs_in_main

MAX_PAGE_BYTES = 150 * 1024
EVENTS = 1000


# The corpus spreads its dates from 760 days before its « today »: a build on the day
# before that sees every event as upcoming.
BEFORE_EVERY_EVENT = DEFAULT_TODAY - timedelta(days=761)


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scale") / "site"
    write_corpus(root, EVENTS)
    out = root / "_site"
    report = build_site(root, BEFORE_EVERY_EVENT, out, "https://agenda.example.org")
    assert report.events == EVENTS
    return out


def test_no_html_page_exceeds_150_kb_at_1000_upcoming_events(big_site: Path):
    sizes = {p.relative_to(big_site).as_posix(): p.stat().st_size for p in big_site.rglob("*.html")}
    too_big = {path: size for path, size in sizes.items() if size > MAX_PAGE_BYTES}
    assert too_big == {}
    largest = max(sizes, key=lambda path: sizes[path])
    print(f"\nlargest page: {largest}, {sizes[largest]} bytes, of {len(sizes)} pages")


def test_the_home_page_stays_short_and_the_listing_reaches_every_event(big_site: Path):
    home = event_slugs_in_main((big_site / "index.html").read_text("utf-8"))
    assert 0 < len(home) <= 12 + 12 + 20
    listed: list[str] = []
    for page in sorted(
        (big_site / "agenda").rglob("index.html"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 1,
    ):
        slugs = event_slugs_in_main(page.read_text("utf-8"))
        assert len(slugs) <= 30
        listed += slugs
    assert len(listed) == len(set(listed)) == EVENTS
