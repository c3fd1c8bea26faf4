"""A build with nothing to do leaves the published site alone, and any change of input
(content, templates, assets, configuration, day, history, search tool, a published
image) means a full build."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from agenda.cli import main
from agenda.output import BUILD_MARK
from agenda.pipeline import build_site, check_site
from agenda.up_to_date import (
    PublishedSite,
    mark_text,
    published_images,
    published_site,
    site_inputs,
)
from tests.conftest import FIXTURE_BASE_URL, FIXTURE_TODAY

TODAY = date.fromisoformat(FIXTURE_TODAY)


def inputs_of(root: Path, today: date = TODAY, tool: Path | None = None) -> str:
    checked = check_site(root, FIXTURE_BASE_URL)
    assert checked.content is not None, checked.problems
    images = published_images(checked.content.events, checked.content.partners)
    return site_inputs(root, checked.config, checked.inputs, today, images, tool)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


EVENT = "content/events/2027/atelier-complet.md"


# What the inputs hash holds --------------------------------------------------------------


def test_the_same_tree_gives_the_same_inputs_even_touched(fixture_site) -> None:
    root = fixture_site.root
    before = inputs_of(root)
    os.utime(root / EVENT)  # saved again, same bytes
    assert inputs_of(root) == before


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        (EVENT, '"Atelier complet"', '"Atelier complet (modifié)"'),
        ("templates/base.html", "</body>", "<!-- pied -->\n</body>"),
        ("assets/css/site.css", "", "/* un commentaire */\n"),
        ("site_config.yaml", "Agenda CSTI Grand Est", "Agenda des sciences"),
    ],
    ids=["content", "template", "asset", "config"],
)
def test_a_changed_input_changes_the_inputs(fixture_site, path, old, new) -> None:
    root = fixture_site.root
    before = inputs_of(root)
    if old:
        edit(root / path, old, new)
    else:
        (root / path).write_bytes(new.encode() + (root / path).read_bytes())
    assert inputs_of(root) != before


def test_a_new_content_file_changes_the_inputs(fixture_site) -> None:
    root = fixture_site.root
    before = inputs_of(root)
    fixture_site.partner("nouveau-partenaire")
    assert inputs_of(root) != before


def test_the_day_and_the_search_tool_change_the_inputs(fixture_site, tmp_path) -> None:
    root = fixture_site.root
    tool = tmp_path / "pagefind"
    tool.write_bytes(b"v1")
    with_tool = inputs_of(root, tool=tool)
    assert inputs_of(root) != with_tool != inputs_of(root, date(2026, 11, 26), tool)
    tool.write_bytes(b"v2 longer")  # another release of the tool
    assert inputs_of(root, tool=tool) != with_tool


def test_a_published_image_replaced_with_the_same_size_and_date_changes_the_inputs(
    fixture_site,
) -> None:
    root = fixture_site.root
    checked = check_site(root, FIXTURE_BASE_URL)
    assert checked.content is not None
    image = root / published_images(checked.content.events, checked.content.partners)[0]
    before = inputs_of(root)
    stat = image.stat()
    data = image.read_bytes()
    assert b"#f4d03f" in data  # the fixture's picture: another colour, the same size
    image.write_bytes(data.replace(b"#f4d03f", b"#f4d03e"))
    os.utime(image, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert inputs_of(root) != before


def test_a_commit_changes_the_inputs(fixture_site) -> None:
    root = fixture_site.root

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=root,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "premier")
    before = inputs_of(root)
    # Dates of creation and change come from the history: a commit may change pages.
    git("commit", "-q", "--allow-empty", "-m", "second")
    assert inputs_of(root) != before


# The mark ----------------------------------------------------------------------------------


def test_the_mark_says_what_was_built(tmp_path: Path) -> None:
    site = PublishedSite("abc", pages=3, feeds=2, files=9, events=1)
    (tmp_path / BUILD_MARK).write_bytes(mark_text(site))
    assert published_site(tmp_path) == site


@pytest.mark.parametrize("mark", [b"", b"{}", b"[1]", b"\xff", b'{"inputs": "x"}'])
def test_a_mark_without_inputs_means_a_full_build(tmp_path: Path, mark: bytes) -> None:
    (tmp_path / BUILD_MARK).write_bytes(mark)  # an earlier build's, or damaged
    assert published_site(tmp_path) is None
    assert published_site(tmp_path / "absent") is None


# Builds ------------------------------------------------------------------------------------


def test_a_build_with_nothing_to_do_leaves_the_site_alone(fixture_site) -> None:
    root = fixture_site.root
    out = root / "_site"
    first = build_site(root, TODAY, out, FIXTURE_BASE_URL, if_changed=True)
    folder = out.stat().st_ino
    again = build_site(root, TODAY, out, FIXTURE_BASE_URL, if_changed=True)
    assert not first.up_to_date and again.up_to_date
    assert out.stat().st_ino == folder  # not swapped: nothing was written
    assert (again.files, again.pages, again.feeds, again.events) == (
        first.files,
        first.pages,
        first.feeds,
        first.events,
    )
    assert again.unchanged == again.files

    # Forced (the default of `build_site`), everything is made again.
    forced = build_site(root, TODAY, out, FIXTURE_BASE_URL)
    assert not forced.up_to_date and out.stat().st_ino != folder


def test_an_edit_after_an_up_to_date_build_is_published(fixture_site) -> None:
    root = fixture_site.root
    out = root / "_site"
    build_site(root, TODAY, out, FIXTURE_BASE_URL, if_changed=True)
    edit(root / EVENT, '"Atelier complet"', '"Atelier complet (modifié)"')
    report = build_site(root, TODAY, out, FIXTURE_BASE_URL, if_changed=True)
    assert not report.up_to_date
    page = (out / "evenements/atelier-complet/index.html").read_text(encoding="utf-8")
    assert "Atelier complet (modifié)" in page


def test_a_site_built_for_another_day_or_address_is_built_again(fixture_site) -> None:
    root = fixture_site.root
    out = root / "_site"
    build_site(root, TODAY, out, FIXTURE_BASE_URL, if_changed=True)
    next_day = build_site(root, date(2026, 11, 26), out, FIXTURE_BASE_URL, if_changed=True)
    other = build_site(root, date(2026, 11, 26), out, "https://autre.example.org", if_changed=True)
    assert not next_day.up_to_date and not other.up_to_date
    assert "https://autre.example.org/" in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_content_errors_stop_the_build_even_when_the_site_looks_up_to_date(
    fixture_site,
) -> None:
    from agenda.errors import ContentError

    root = fixture_site.root
    out = root / "_site"
    build_site(root, TODAY, out, FIXTURE_BASE_URL, if_changed=True)
    edit(root / EVENT, "venue: ", "venue: lieu-inconnu-")
    with pytest.raises(ContentError):
        build_site(root, TODAY, out, FIXTURE_BASE_URL, if_changed=True)


def test_build_py_says_the_site_is_up_to_date_and_force_rebuilds(fixture_site, capsys) -> None:
    common = ["--root", str(fixture_site.root), "--today", FIXTURE_TODAY]
    assert main([*common, "--base-url", FIXTURE_BASE_URL]) == 0
    assert "Site construit" in capsys.readouterr().out
    assert main([*common, "--base-url", FIXTURE_BASE_URL]) == 0
    said = capsys.readouterr().out
    assert "Site déjà à jour" in said and "--force" in said
    for forced in (["--force"], ["build", "--force"], ["--no-cache"]):
        assert main([*common, "--base-url", FIXTURE_BASE_URL, *forced]) == 0
        assert "Site construit" in capsys.readouterr().out


def test_a_committed_output_folder_is_never_believed(fixture_site) -> None:
    # A pull request may commit a `_site/` of its own (git add -f): its mark and its
    # search index must not stand for a build, even when they name the right inputs.
    from agenda.search import BUNDLE_DIR, INDEX_MARK, find_executable

    root = fixture_site.root
    out = root / "_site"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    build_site(root, TODAY, out, FIXTURE_BASE_URL)
    subprocess.run([*git, "add", "-A", "-f"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "site"], cwd=root, check=True)
    planted = b"alert('planted')"
    forged = published_site(out)
    assert forged is not None
    (out / BUILD_MARK).write_bytes(
        mark_text(PublishedSite(inputs_of(root), forged.pages, 0, 0, forged.events))
    )
    index = out / BUNDLE_DIR
    if find_executable() is not None:
        (index / "pagefind.js").write_bytes(planted)  # its mark still matches the pages
        assert (index / INDEX_MARK).is_file()

    report = build_site(root, TODAY, out, FIXTURE_BASE_URL, if_changed=True)
    assert not report.up_to_date
    if find_executable() is not None:
        assert (index / "pagefind.js").read_bytes() != planted
    # Once nothing is committed there any more, the site built is believed again.
    subprocess.run([*git, "rm", "-r", "-q", "--cached", "_site"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "sans site"], cwd=root, check=True)
    build_site(root, TODAY, out, FIXTURE_BASE_URL, if_changed=True)
    assert build_site(root, TODAY, out, FIXTURE_BASE_URL, if_changed=True).up_to_date


def test_an_output_folder_outside_the_repository_is_not_tracked(fixture_site, tmp_path) -> None:
    from agenda.up_to_date import output_tracked_by_git

    subprocess.run(["git", "init", "-q"], cwd=fixture_site.root, check=True)
    assert not output_tracked_by_git(fixture_site.root, tmp_path / "ailleurs")
    assert not output_tracked_by_git(fixture_site.root, fixture_site.root / "_site")
