"""Each content file as a cached outcome: reused while its inputs are unchanged only."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from PIL import Image

from agenda.cache import BuildCache
from agenda.config import load_config
from agenda.examine import FileOutcome, examine_all, examine_file, examine_paths
from agenda.pipeline import check_site
from agenda.validate_event import EventDraft
from tests.conftest import SiteTree

EVENT = """
title: "Atelier"
venue: mediatheque
organizer: asso
start: "2027-03-10 14:00"
image: content/events/affiche.png
image_alt: "L'affiche de l'atelier"
"""


def _site(site: SiteTree) -> list[tuple[str, Path]]:
    site.partner("asso")
    site.venue("mediatheque")
    event = site.event("atelier", EVENT)
    return [
        ("partner", site.root / "content/partners/asso.yaml"),
        ("venue", site.root / "content/venues/mediatheque.yaml"),
        ("event", event),
    ]


def test_an_outcome_holds_the_record_and_its_problems(site: SiteTree) -> None:
    files = _site(site)
    outcome = examine_file("event", files[2][1], site.root, load_config(site.root))
    assert isinstance(outcome, FileOutcome) and isinstance(outcome.value, EventDraft)
    assert outcome.path == "content/events/atelier.md"
    assert [p.field for p in outcome.problems if p.is_error] == ["image"]  # no such file
    assert outcome.images == (("content/events/affiche.png", "absent"),)


def test_unchanged_files_come_from_the_cache(site: SiteTree, tmp_path: Path) -> None:
    files = _site(site)
    config = load_config(site.root)
    first_store = BuildCache(tmp_path / "cache")
    first = examine_all(files, site.root, config, first_store)
    again_store = BuildCache(tmp_path / "cache")
    again = examine_all(files, site.root, config, again_store)
    assert again == first
    assert (again_store.hits, again_store.misses) == (3, 0)


def test_an_edited_file_is_read_again(site: SiteTree, tmp_path: Path) -> None:
    files = _site(site)
    config = load_config(site.root)
    examine_all(files, site.root, config, BuildCache(tmp_path / "cache"))
    files[2][1].write_text(files[2][1].read_text().replace("Atelier", "Atelier du ciel"))
    store = BuildCache(tmp_path / "cache")
    outcomes = examine_all(files, site.root, config, store)
    draft = outcomes[2].value
    assert isinstance(draft, EventDraft) and draft.event is not None
    assert draft.event.title == "Atelier du ciel"
    assert (store.hits, store.misses) == (2, 1)


def test_adding_the_missing_image_clears_the_cached_error(site: SiteTree) -> None:
    _site(site)
    first = check_site(site.root, store=BuildCache(site.root / ".cache/agenda"))
    assert [p.field for p in first.problems if p.is_error] == ["image"]
    Image.new("RGB", (40, 30), "white").save(site.root / "content/events/affiche.png")
    again = check_site(site.root, store=BuildCache(site.root / ".cache/agenda"))
    assert [p for p in again.problems if p.is_error] == []


def test_a_changed_configuration_misses_the_cache(site: SiteTree, tmp_path: Path) -> None:
    files = _site(site)
    examine_all(files, site.root, load_config(site.root), BuildCache(tmp_path / "cache"))
    store = BuildCache(tmp_path / "cache")
    changed = replace(load_config(site.root), content_max_bytes=50_000)
    examine_all(files, site.root, changed, store)
    assert store.hits == 0


def test_another_base_url_finds_the_records_kept(site: SiteTree, tmp_path: Path) -> None:
    # Validation never reads the base URL: `serve` on any port, or `build --base-url`,
    # reuses what `build` kept.
    files = _site(site)
    examine_all(files, site.root, load_config(site.root), BuildCache(tmp_path / "cache"))
    store = BuildCache(tmp_path / "cache")
    examine_all(files, site.root, load_config(site.root, "http://127.0.0.1:8123"), store)
    assert (store.hits, store.misses) == (3, 0)


def test_cross_record_checks_run_on_cached_outcomes(site: SiteTree) -> None:
    # References are checked on every build: a venue removed after the event was
    # cached is still reported.
    _site(site)
    store_folder = site.root / ".cache/agenda"
    check_site(site.root, store=BuildCache(store_folder))
    (site.root / "content/venues/mediatheque.yaml").unlink()
    result = check_site(site.root, store=BuildCache(store_folder))
    assert "venue" in [p.field for p in result.problems if p.is_error]


def test_paths_as_text_give_the_outcomes_of_paths(site: SiteTree, tmp_path: Path) -> None:
    files = _site(site)
    config = load_config(site.root)
    relative = [(kind, file.relative_to(site.root).as_posix()) for kind, file in files]
    by_path = examine_all(files, site.root, config, BuildCache(None))
    assert examine_paths(relative, site.root, config, BuildCache(None)) == by_path


def test_a_warm_check_reads_the_outcomes_from_one_pack(site: SiteTree) -> None:
    _site(site)
    folder = site.root / ".cache/agenda"
    first = check_site(site.root, store=BuildCache(folder))
    for entry in (folder / "records").rglob("*"):
        if entry.is_file() and entry.name != "pack":
            entry.unlink()  # only the pack can answer now
    store = BuildCache(folder)
    again = check_site(site.root, store=store)
    assert again == first
    assert (store.hits, store.misses) == (3, 0)


def test_a_file_that_is_not_plain_is_never_kept(site: SiteTree, tmp_path: Path) -> None:
    files = _site(site)
    config = load_config(site.root)
    os.mkfifo(site.root / "content/venues/tube.yaml")  # would block if opened for reading
    files.append(("venue", site.root / "content/venues/tube.yaml"))
    store = BuildCache(tmp_path / "cache")
    outcomes = examine_all(files, site.root, config, store)
    assert "pas un fichier ordinaire" in outcomes[3].problems[0].message
    assert store.misses == 3  # the fifo was never looked up


def test_serve_sees_an_edit_that_keeps_the_size_and_modification_time(site: SiteTree) -> None:
    # serve does not read a file whose state is unchanged; an editor (or `touch -r`)
    # can put the modification time back, but not the change time.
    files = _site(site)
    config = load_config(site.root)
    store = BuildCache(None, keep_in_memory=True)
    first = examine_all(files, site.root, config, store)
    event = files[2][1]
    before = event.stat()
    event.write_text(event.read_text().replace("Atelier", "Ateliex"))
    os.utime(event, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert event.stat().st_size == before.st_size
    store.new_build()
    again = examine_all(files, site.root, config, store)
    assert again[:2] == first[:2] and again[2] != first[2]
    assert store.misses == 1  # the two others came from memory, without being read
