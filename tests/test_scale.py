"""At 1,000 upcoming events no HTML page may exceed 150 KB: every listing is bounded.

The content comes from the build benchmark's generator (benchmarks/build_benchmark.py):
events spread over the ten départements, 100 venues, 50 partners, with sessions,
exhibitions and every status. Built with « today » before the first of them, all
1,000 are upcoming.
"""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from agenda.pipeline import build_site
from tests.conftest import REPO
from tests.htmlcheck import event_slugs_in_main

MAX_PAGE_BYTES = 150 * 1024
EVENTS = 1000


def _generator():
    spec = importlib.util.spec_from_file_location(
        "build_benchmark", REPO / "benchmarks" / "build_benchmark.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_site


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scale") / "site"
    root.mkdir()
    _generator()(root, EVENTS)
    out = root / "_site"
    report = build_site(root, date(2025, 8, 1), out, "https://agenda.example.org")
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
