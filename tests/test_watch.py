"""What `serve` watches: changes told by the system (inotify here), only for the files
that make the site, and every file looked at where the system cannot tell."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from agenda.watch import ChangeWatcher, snapshot
from tests.conftest import SiteTree


def test_snapshot_sees_the_watched_files_only(site: SiteTree):
    site.partner("mediatheque")
    site.write("content/.brouillon.md.swp", "x")
    site.write("notes.txt", "x")
    found = {Path(p).relative_to(site.root).as_posix() for p in snapshot(site.root)}
    assert "content/partners/mediatheque.yaml" in found
    assert "site_config.yaml" in found and "templates/base.html" in found
    assert "notes.txt" not in found and "content/.brouillon.md.swp" not in found


@pytest.fixture
def watcher(site: SiteTree):
    site.partner("mediatheque")
    watching = ChangeWatcher(site.root)
    assert watching.start()  # inotify, on the machines the tests run on
    yield site, watching
    watching.stop()


def settled(watching: ChangeWatcher) -> object:
    """The count once the system has told everything (events come within milliseconds)."""
    before = watching.look()
    while True:
        time.sleep(0.2)
        now = watching.look()
        if now == before:
            return now
        before = now


def changed_by(watching: ChangeWatcher, change) -> bool:
    before = settled(watching)
    change()
    return settled(watching) != before


@pytest.mark.parametrize(
    "path",
    [
        "content/partners/mediatheque.yaml",  # an edit
        "content/events/2031/nouveau/atelier.md",  # in folders made after the start
        "site_config.yaml",
        "templates/base.html",
        "assets/css/site.css",
    ],
)
def test_a_change_to_a_file_of_the_site_is_told(watcher, path: str):
    site, watching = watcher
    target = site.root / path
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    assert changed_by(watching, lambda: site.write(path, text + "\n# modifié\n"))


def test_a_removed_or_renamed_record_is_told(watcher):
    site, watching = watcher
    record = site.root / "content/partners/mediatheque.yaml"
    assert changed_by(watching, lambda: record.rename(record.with_name("autre.yaml")))
    assert changed_by(watching, lambda: (site.root / "content/partners/autre.yaml").unlink())


@pytest.mark.parametrize(
    "path",
    [
        "_site/index.html",  # what a build writes
        ".cache/agenda/records/ab/cd",  # the build cache
        "notes.txt",  # beside the site
        "content/.brouillon.md.swp",  # an editor's swap file
        "content/events/.cache/x.md",  # a hidden folder
        "content/partners/mediatheque.yaml~",  # a backup
    ],
)
def test_files_that_do_not_make_the_site_are_not_told(watcher, path: str):
    site, watching = watcher
    assert not changed_by(watching, lambda: site.write(path, "x"))


def test_before_it_starts_it_looks_at_every_file(site: SiteTree):
    site.partner("mediatheque")
    watching = ChangeWatcher(site.root)
    before = watching.look()
    site.write("content/partners/mediatheque.yaml", "name: Autre\n")
    assert watching.look() != before  # the whole snapshot, compared
