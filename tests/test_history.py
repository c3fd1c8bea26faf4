"""When content files were created and last changed, read from git (or a fixed fallback)."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agenda.history import FALLBACK, FALLBACK_TIME, FileHistory, History, read_history

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FIRST = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
SECOND = datetime(2025, 6, 15, 17, 30, tzinfo=UTC)
THIRD = datetime(2025, 9, 2, 8, 0, tzinfo=UTC)


def git(repo: Path, *args: str, when: datetime | None = None) -> str:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("GIT_")
    }  # no outside git settings
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["HOME"] = str(repo.parent)
    if when is not None:
        stamp = f"{int(when.timestamp())} +0000"
        env["GIT_AUTHOR_DATE"] = stamp
        env["GIT_COMMITTER_DATE"] = stamp
    result = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def commit(repo: Path, files: dict[str, str], when: datetime, message: str = "maj") -> None:
    for relative, text in files.items():
        path = repo / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", message, when=when)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "depot"
    root.mkdir()
    git(root, "init", "--quiet")
    return root


def test_created_and_modified_times_from_git(repo):
    commit(repo, {"content/events/a.md": "v1"}, FIRST)
    commit(repo, {"content/events/a.md": "v2", "content/venues/v.yaml": "name: V"}, SECOND)
    history = read_history(repo)
    assert history.of("content/events/a.md") == FileHistory(FIRST, SECOND)
    assert history.of("content/venues/v.yaml") == FileHistory(SECOND, SECOND)


def test_three_commits_keep_first_and_last(repo):
    commit(repo, {"content/events/a.md": "v1"}, FIRST)
    commit(repo, {"content/events/a.md": "v2"}, SECOND)
    commit(repo, {"content/events/a.md": "v3"}, THIRD)
    assert read_history(repo).of("content/events/a.md") == FileHistory(FIRST, THIRD)


def test_only_the_content_folder_is_read(repo):
    commit(repo, {"content/partners/p.yaml": "name: P", "README.md": "x"}, FIRST)
    history = read_history(repo)
    assert set(history.files) == {"content/partners/p.yaml"}
    assert history.of("README.md") == FALLBACK


def test_uncommitted_file_gets_the_fallback(repo):
    commit(repo, {"content/events/a.md": "v1"}, FIRST)
    (repo / "content/events/b.md").write_text("brouillon", encoding="utf-8")
    assert read_history(repo).of("content/events/b.md") == FALLBACK


def test_site_in_a_sub_folder_of_the_repository(repo):
    commit(repo, {"site/content/events/a.md": "v1"}, FIRST)
    commit(repo, {"site/content/events/a.md": "v2"}, SECOND)
    history = read_history(repo / "site")
    assert history.of("content/events/a.md") == FileHistory(FIRST, SECOND)


def test_repository_without_commits_uses_the_fallback(repo):
    (repo / "content").mkdir()
    assert read_history(repo).files == {}


def test_outside_git_the_fallback_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    folder = tmp_path / "pas-un-depot"
    (folder / "content/events").mkdir(parents=True)
    (folder / "content/events/a.md").write_text("x", encoding="utf-8")
    history = read_history(folder)
    assert history.files == {}
    assert history.of("content/events/a.md") == FileHistory(FALLBACK_TIME, FALLBACK_TIME)


def test_missing_folder_is_no_crash(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert read_history(tmp_path / "absent").files == {}


def test_fallback_is_a_fixed_date():
    assert (
        FileHistory(datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC)) == FALLBACK
    )
    assert History({}).of("x") is FALLBACK


EVENT_V1 = '---\ntitle: "Atelier"\nvenue: salle\nstart: "2027-03-13 14:00"\n---\nTexte.\n'


def test_sequence_counts_changes_of_time_place_or_status_only(tmp_path: Path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet")
    path = "content/events/atelier.md"
    commit(repo, {path: EVENT_V1}, FIRST)
    # Text only: calendars need not be told.
    commit(
        repo,
        {path: EVENT_V1.replace("Texte.", "Autre texte.").replace('"Atelier"', '"Atelier robots"')},
        SECOND,
    )
    assert read_history(repo).of(path).sequence == 0
    # The time changes, then the place, then the status: three revisions.
    v2 = EVENT_V1.replace("14:00", "15:00")
    commit(repo, {path: v2}, THIRD)
    v3 = v2.replace("venue: salle", "venue: mediatheque")
    commit(repo, {path: v3}, datetime(2025, 10, 1, tzinfo=UTC))
    v4 = v3.replace('start: "2027-03-13 15:00"\n', 'start: "2027-03-13 15:00"\nstatus: cancelled\n')
    commit(repo, {path: v4}, datetime(2025, 11, 1, tzinfo=UTC))
    history = read_history(repo).of(path)
    assert history.sequence == 3
    assert history.created == FIRST
    # An edit not yet committed counts too, so a local build shows it.
    (repo / path).write_text(v4.replace("15:00", "16:00"), encoding="utf-8")
    assert read_history(repo).of(path).sequence == 4


def test_sequence_reaches_the_calendar(tmp_path: Path):
    import icalendar

    from agenda.pipeline import build_site
    from tests.conftest import REPO

    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(REPO / "site_config.yaml", repo / "site_config.yaml")
    shutil.copytree(REPO / "templates", repo / "templates")
    shutil.copytree(REPO / "assets", repo / "assets")
    venue = 'name: "Salle"\naddress: "1 rue"\npostal_code: "88000"\ncity: "Épinal"\n'
    event = '---\ntitle: "Atelier"\nvenue: salle\norganizer: p\nstart: "2027-03-13 14:00"\n---\n'
    git(repo, "init", "--quiet")
    commit(
        repo,
        {
            "content/venues/salle.yaml": venue,
            "content/partners/p.yaml": 'name: "P"\n',
            "content/events/atelier.md": event,
        },
        FIRST,
    )
    commit(repo, {"content/events/atelier.md": event.replace("14:00", "15:00")}, SECOND)
    from datetime import date

    build_site(repo, date(2026, 11, 25), repo / "_site")
    calendar = icalendar.Calendar.from_ical(
        (repo / "_site/evenements/atelier/atelier.ics").read_bytes()
    )
    [vevent] = calendar.walk("VEVENT")
    assert vevent["SEQUENCE"] == 1
    assert vevent["DTSTAMP"].dt == SECOND
    assert vevent["CREATED"].dt == FIRST


def test_head_commit_names_the_commit_checked_out(repo, tmp_path, monkeypatch):
    from agenda.history import head_commit

    assert head_commit(repo) is None  # no commit yet
    commit(repo, {"content/events/a.md": "x"}, datetime(2026, 3, 1, 10, tzinfo=UTC))
    first = head_commit(repo)
    assert first is not None and len(first) == 40
    commit(repo, {"content/events/a.md": "y"}, datetime(2026, 3, 2, 10, tzinfo=UTC))
    assert head_commit(repo) not in (None, first)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    assert head_commit(outside) is None


def test_sequence_counts_a_change_back_and_skips_a_deletion(tmp_path: Path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet")
    path = "content/events/atelier.md"
    commit(repo, {path: EVENT_V1}, FIRST)
    commit(repo, {path: EVENT_V1.replace("14:00", "15:00")}, SECOND)
    commit(repo, {path: EVENT_V1.replace("Texte.", "Texte revu.")}, THIRD)  # back to 14:00
    assert read_history(repo).of(path).sequence == 2
    (repo / path).unlink()
    git(repo, "commit", "--quiet", "-am", "retiré", when=datetime(2025, 10, 1, tzinfo=UTC))
    commit(repo, {path: EVENT_V1}, datetime(2025, 11, 1, tzinfo=UTC))  # back, as first
    history = read_history(repo).of(path)
    assert history.sequence == 2
    assert (history.created, history.modified) == (FIRST, datetime(2025, 11, 1, tzinfo=UTC))


@pytest.mark.parametrize("object_format", ["sha1", "sha256"])
def test_an_unchanged_working_copy_adds_no_revision(tmp_path: Path, object_format: str):
    # The working copy is matched to its commit by git's own object id, in both formats.
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet", f"--object-format={object_format}")
    path = "content/events/atelier.md"
    commit(repo, {path: EVENT_V1}, FIRST)
    commit(repo, {path: EVENT_V1.replace("14:00", "15:00")}, SECOND)
    assert read_history(repo).of(path).sequence == 1
    (repo / path).write_text(EVENT_V1.replace("14:00", "16:00"), encoding="utf-8")
    assert read_history(repo).of(path).sequence == 2
