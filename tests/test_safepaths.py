"""Nothing gets in, nothing gets out: symbolic links in content/ and assets/ are refused.

Real links to /etc/passwd, /proc/self/environ and a folder outside the repository; the
check must fail with the link's own path, and no error may quote the target's text.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from agenda.errors import ContentError, Problem
from agenda.pipeline import build_site, check_site
from agenda.safepaths import Listing, asset_problems, linked_part, list_files, walk
from agenda.sources import read_all

TODAY = "2025-09-01"
PASSWD = Path("/etc/passwd")
ENVIRON = Path("/proc/self/environ")


def valid_content(site) -> None:
    site.partner("p")
    site.venue("v")
    site.event("atelier", "title: Atelier\norganizer: p\nvenue: v\nstart: 2025-10-04 14:00")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the site, outside the repository, holding a « secret »."""
    folder = tmp_path / "dehors"
    folder.mkdir()
    (folder / "secret.md").write_text("---\ntitle: SECRET-123\n---\n", encoding="utf-8")
    (folder / "secret.yaml").write_text("name: SECRET-123\n", encoding="utf-8")
    (folder / "cle.txt").write_text("SECRET-123\n", encoding="utf-8")
    return folder


def link(site, relative: str, target: Path) -> str:
    path = site.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)
    return relative


def assert_nothing_leaks(problems: list[Problem]) -> None:
    text = " ".join(f"{p.message} {p.hint}" for p in problems)
    assert "root:" not in text
    assert "SECRET-123" not in text
    assert "PATH=" not in text


def link_errors(problems: list[Problem]) -> dict[str, Problem]:
    return {p.path: p for p in problems if "lien symbolique" in p.message}


@pytest.mark.parametrize(
    ("relative", "target"),
    [
        ("content/venues/passwd.yaml", PASSWD),
        ("content/partners/environ.yaml", ENVIRON),
        ("content/events/2025/passwd.md", PASSWD),
        ("content/events/photo.jpg", PASSWD),
    ],
)
def test_content_file_linked_outside_is_refused_and_never_read(site, relative, target):
    if not target.exists():
        pytest.skip(f"{target} is missing on this system")
    valid_content(site)
    link(site, relative, target)
    result = check_site(site.root)
    assert not result.ok
    problem = link_errors(result.problems)[relative]
    assert problem.line == 0
    assert problem.is_error
    assert "ce fichier est un lien symbolique" in problem.message
    assert "remplacez-le par le fichier lui-même" in problem.hint.lower()
    assert_nothing_leaks(result.problems)
    # Only the link is reported: its target was never parsed.
    assert [p.path for p in result.problems] == [relative]


def test_linked_folder_outside_is_refused_and_not_entered(site, outside):
    valid_content(site)
    link(site, "content/events/dehors", outside)
    result = check_site(site.root)
    assert not result.ok
    [problem] = result.problems
    assert problem.path == "content/events/dehors"
    assert "ce dossier est un lien symbolique" in problem.message
    assert "vrai dossier" in problem.hint
    assert_nothing_leaks(result.problems)


def test_link_inside_the_repository_is_refused_too(site):
    """The policy is every link, wherever it points: simpler to explain, nothing to trust."""
    valid_content(site)
    link(site, "content/venues/copie.yaml", site.root / "content/venues/v.yaml")
    problems = check_site(site.root).problems
    assert list(link_errors(problems)) == ["content/venues/copie.yaml"]


def test_content_folder_itself_linked_outside(site, outside):
    valid_content(site)
    (site.root / "content").rename(site.root / "vrai-contenu")
    link(site, "content", outside)
    problems: list[Problem] = []
    assert read_all(site.root / "content", site.root, problems) == []
    assert "content" in link_errors(problems)
    assert_nothing_leaks(problems)


def test_events_folder_linked_inside_the_repository(site):
    valid_content(site)
    (site.root / "content/events").rename(site.root / "events-reels")
    link(site, "content/events", site.root / "events-reels")
    problems = check_site(site.root).problems
    assert "content/events" in link_errors(problems)
    assert any("aucun événement" in p.message for p in problems)


def test_asset_linked_outside_fails_the_check_and_is_never_copied(site, outside, tmp_path):
    valid_content(site)
    link(site, "assets/passwd.txt", PASSWD)
    link(site, "assets/dehors", outside)
    result = check_site(site.root)
    assert not result.ok
    errors = link_errors(result.problems)
    assert set(errors) == {"assets/passwd.txt", "assets/dehors"}
    assert_nothing_leaks(result.problems)
    out = tmp_path / "out"
    with pytest.raises(ContentError):
        from datetime import date

        build_site(site.root, date.fromisoformat(TODAY), out)
    assert not out.exists()


def test_event_image_through_a_linked_folder_is_refused_at_its_line(site, outside):
    valid_content(site)
    (outside / "photo.jpg").write_bytes(b"\xff\xd8 SECRET-123")
    link(site, "assets/externe", outside)
    site.event(
        "expo",
        "title: Expo\norganizer: p\nvenue: v\nstart: 2025-10-04\n"
        "image: assets/externe/photo.jpg\nimage_alt: Une photo",
    )
    problems = check_site(site.root).problems
    [image] = [p for p in problems if p.field == "image"]
    assert (image.path, image.line) == ("content/events/expo.md", 6)
    assert "« assets/externe » est un lien symbolique" in image.message
    assert_nothing_leaks(problems)


def test_walk_never_follows_links(site, outside):
    link(site, "assets/dehors", outside)
    link(site, "assets/css/lien.css", PASSWD)
    tree = walk(site.root / "assets", site.root)
    names = [f.relative_to(site.root).as_posix() for f in tree.files]
    assert not [n for n in names if "dehors" in n or "lien" in n]
    assert "assets/css/site.css" in names
    assert {p.path for p in tree.problems} == {"assets/dehors", "assets/css/lien.css"}
    assert asset_problems(site.root) == tree.problems


def test_named_pipe_is_refused_not_read(site):
    valid_content(site)
    os.mkfifo(site.root / "content/venues/tube.yaml")
    problems = check_site(site.root).problems  # would block forever if it were opened
    [problem] = problems
    assert problem.path == "content/venues/tube.yaml"
    assert "pas un fichier ordinaire" in problem.message


def test_linked_part_names_the_first_link(site, outside):
    link(site, "assets/externe", outside)
    assert linked_part(site.root, "assets/externe/cle.txt") == "assets/externe"
    assert linked_part(site.root, "assets/css/site.css") is None
    assert linked_part(site.root, "assets/absent.png") is None


def test_clean_site_has_no_link_problem(site):
    valid_content(site)
    assert check_site(site.root).problems == []


def test_list_files_gives_paths_from_the_root_in_the_order_of_paths(site, outside):
    # "2025-x" sorts before "2025/" as text, after "2025" as a path: the path order is kept.
    for relative in ("a.md", "2025/z.md", "2025-x/a.md", "2025/b/c.md", "B.md"):
        site.write(f"content/events/{relative}", "---\ntitle: T\n---\n")
    link(site, "content/events/2025/lien.md", PASSWD)
    link(site, "content/events/dehors", outside)
    os.mkfifo(site.root / "content/events/tube.md")
    listing = list_files(site.root, "content/events")
    expected = sorted(
        site.root / "content/events" / r
        for r in ("a.md", "2025/z.md", "2025-x/a.md", "2025/b/c.md", "B.md")
    )
    assert listing.files == [p.relative_to(site.root).as_posix() for p in expected]
    assert [(p.path, p.message.split(" :")[0]) for p in listing.problems] == [
        ("content/events/2025/lien.md", "ce fichier est un lien symbolique"),
        ("content/events/dehors", "ce dossier est un lien symbolique"),
        ("content/events/tube.md", "ce n'est pas un fichier ordinaire"),
    ]
    assert walk(site.root / "content/events", site.root).files == expected


def test_list_files_of_a_linked_or_missing_folder(site, outside):
    (site.root / "content/events").rename(site.root / "events-reels")
    link(site, "content/events", outside)
    [problem] = list_files(site.root, "content/events/2025").problems
    assert problem.path == "content/events"
    assert list_files(site.root, "content/absent") == Listing()
