"""The benchmark's corpus (benchmarks/corpus.py): byte-identical from run to run, in the
proportions asked, and valid content for `check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from agenda.pipeline import CheckResult, check_site
from agenda.validate import ValidContent
from benchmarks.corpus import generator_version, is_current, write_corpus

EVENTS = 60


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "site"
    write_corpus(root, EVENTS)
    return root


@pytest.fixture(scope="module")
def checked(corpus: Path) -> CheckResult:
    return check_site(corpus)


@pytest.fixture(scope="module")
def content(checked: CheckResult) -> ValidContent:
    assert checked.content is not None
    return checked.content


def _words(text: str) -> int:
    return sum(1 for token in text.split() if any(c.isalpha() for c in token))


def test_two_runs_write_the_same_bytes(corpus: Path, tmp_path: Path):
    again = tmp_path / "again"
    write_corpus(again, EVENTS)
    assert _files(again) == _files(corpus)


def test_a_written_corpus_is_current_for_its_size_only(corpus: Path):
    assert is_current(corpus, EVENTS)
    assert not is_current(corpus, EVENTS + 1)
    assert generator_version() in (corpus / ".corpus-version").read_text("utf-8")


def test_the_corpus_passes_check_without_any_error(checked: CheckResult):
    assert [p for p in checked.problems if p.is_error] == []
    assert checked.ok


def test_venues_and_partners_are_a_tenth_and_a_twentieth_of_the_events(content: ValidContent):
    assert len(content.events) == EVENTS
    assert len(content.venues) == EVENTS // 10
    assert len(content.partners) == EVENTS // 20


def test_venues_spread_over_the_ten_departements(content: ValidContent):
    assert len({venue.departement for venue in content.venues}) == 6  # 6 venues, 6 codes


def test_about_fifteen_percent_of_events_have_several_sessions(content: ValidContent):
    several = [e for e in content.events if len(e.sessions) > 1 and not e.opening_hours]
    assert len(several) == round(0.15 * EVENTS)


def test_exhibitions_have_opening_hours(content: ValidContent):
    exhibitions = [e for e in content.events if e.format == "exposition"]
    assert exhibitions
    assert all(e.opening_hours for e in exhibitions)


def test_every_status_shows_up(content: ValidContent):
    statuses = {e.status for e in content.events}
    assert {"scheduled", "cancelled", "postponed", "full", "rescheduled"} <= statuses


def test_descriptions_have_150_to_600_words_of_varied_length(content: ValidContent):
    counts = [_words(e.description_text) for e in content.events]
    assert min(counts) >= 150
    assert max(counts) <= 600
    assert max(counts) - min(counts) > 200


def test_some_events_share_images_and_dates_fall_on_both_sides_of_today(
    content: ValidContent,
):
    images = [e.image for e in content.events if e.image]
    assert images and len(set(images)) < len(images)
    years = {e.sessions[0].first_day.year for e in content.events}
    assert min(years) < 2026 < max(years)


def test_every_file_name_is_a_valid_slug_at_a_large_size(tmp_path: Path):
    # Long titles and town names are cut: a cut must never leave « -- » or a final « - ».
    from agenda.formats import SLUG_RE

    write_corpus(tmp_path / "grand", 3000)
    names = [p.stem for p in (tmp_path / "grand" / "content").rglob("*") if p.is_file()]
    assert len([n for n in names if n]) >= 3000
    assert [n for n in names if not SLUG_RE.match(n)] == []


def test_a_long_partner_name_still_makes_a_valid_address():
    from benchmarks.corpus import domain_label

    slug = "mediatheque-de-saint-remy-en-bouzemont-saint-genest-et-isson-792"
    assert len(slug) > 63
    label = domain_label(slug)
    assert len(label) <= 63 and not label.endswith("-") and slug.startswith(label)
