"""`check --since <ref>`: the pull-request checks that protect calendar subscribers,
on a temporary git repository made in each test."""

from __future__ import annotations

import os
import subprocess
from datetime import date

import pytest

from agenda.cli import main
from agenda.config import load_config
from agenda.errors import Severity
from agenda.pipeline import check_site
from agenda.review import ReviewError, review_changes
from tests.conftest import SiteTree

TODAY = date(2026, 11, 25)
EVENT = """
title: "Atelier"
summary: "Une phrase."
venue: mediatheque-epinal
organizer: mediatheque
start: "2027-03-13 14:00"
registration: "https://www.example.org/inscription"
image: assets/images/atelier.svg
image_alt: "Un atelier"
"""


def git(site: SiteTree, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    result = subprocess.run(
        ["git", "-C", str(site.root), *args], capture_output=True, text=True, check=True, env=env
    )
    return result.stdout


@pytest.fixture
def repo(site: SiteTree) -> SiteTree:
    site.partner("mediatheque")
    site.venue("mediatheque-epinal")
    site.write("assets/images/atelier.svg", '<svg xmlns="http://www.w3.org/2000/svg"/>')
    site.event("atelier", EVENT)
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "base")
    git(site, "checkout", "-qb", "proposition")
    return site


def review(site: SiteTree):
    config = load_config(site.root)
    return review_changes(site.root, "main", config, check_site(site.root).content, TODAY)


def test_no_change_no_problem(repo):
    assert review(repo) == []


def test_deleting_a_published_event_is_an_error_that_suggests_cancelling(repo):
    (repo.root / "content/events/atelier.md").unlink()
    problems = review(repo)
    assert len(problems) == 1
    problem = problems[0]
    assert problem.is_error and problem.path == "content/events/atelier.md"
    assert "status: cancelled" in problem.hint


def test_renaming_an_event_file_is_an_error(repo):
    git(repo, "mv", "content/events/atelier.md", "content/events/atelier-robots.md")
    problems = [p for p in review(repo) if p.is_error]
    assert [p.path for p in problems] == ["content/events/atelier-robots.md"]
    assert "atelier.md" in problems[0].hint


def test_moving_an_event_into_a_year_folder_keeps_its_identity(repo):
    (repo.root / "content/events/2027").mkdir()
    git(repo, "mv", "content/events/atelier.md", "content/events/2027/atelier.md")
    assert [p for p in review(repo) if p.is_error] == []


def test_a_new_event_entirely_in_the_past_is_a_warning_at_its_start_line(repo):
    repo.event("passe", EVENT.replace("2027-03-13", "2025-03-13"))
    problems = [p for p in review(repo) if p.path == "content/events/passe.md"]
    assert [(p.severity, p.field, p.line) for p in problems] == [(Severity.WARNING, "start", 6)]
    assert "2025-03-13" in problems[0].message


def test_missing_valuable_fields_are_notices(repo):
    repo.event(
        "sobre",
        'title: "Sobre"\nvenue: mediatheque-epinal\norganizer: mediatheque\nstart: "2027-04-01"\n',
    )
    notices = sorted(p.field for p in review(repo) if p.severity is Severity.NOTICE)
    assert notices == ["image", "registration", "summary"]


def test_a_suggestion_points_at_the_empty_line_of_its_field(repo):
    repo.event(
        "vide",
        'title: "Sobre"\nsummary:\nvenue: mediatheque-epinal\norganizer: mediatheque\n'
        'start: "2027-04-01"\n',
    )
    notices = {p.field: p for p in review(repo) if p.path == "content/events/vide.md"}
    assert notices["summary"].line == 3  # line 1 is the opening ---
    assert notices["summary"].message.startswith("champ conseillé vide")
    assert notices["image"].line == 1
    assert notices["image"].message.startswith("champ conseillé absent")


def test_a_cancelled_event_gets_no_suggestion(repo):
    repo.event(
        "annule",
        'title: "Annulé"\nvenue: mediatheque-epinal\norganizer: mediatheque\n'
        'start: "2027-04-01"\nstatus: cancelled\n',
    )
    assert [p for p in review(repo) if p.path == "content/events/annule.md"] == []


def test_cancelling_an_event_removes_its_suggestions(repo):
    path = repo.root / "content/events/atelier.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('summary: "Une phrase."\n', "status: cancelled\n"))
    assert review(repo) == []


def test_an_image_over_the_limit_or_in_an_odd_format_is_an_error(repo):
    (repo.root / "assets/images/lourde.jpg").write_bytes(b"\xff" * 1_200_000)
    (repo.root / "assets/images/scan.bmp").write_bytes(b"BM" + b"\0" * 100)
    problems = {p.path: p for p in review(repo)}
    assert "1.2 Mo" in problems["assets/images/lourde.jpg"].message
    assert problems["assets/images/lourde.jpg"].is_error
    assert "JPEG" in problems["assets/images/scan.bmp"].hint


def test_an_unknown_base_is_reported(repo):
    with pytest.raises(ReviewError):
        review_changes(repo.root, "no-such-branch", load_config(repo.root), None, TODAY)


def test_check_since_on_the_command_line(repo, capsys):
    (repo.root / "content/events/atelier.md").unlink()
    assert main(["check", "--root", str(repo.root), "--since", "main", "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert '"file": "content/events/atelier.md"' in out
    assert main(["check", "--root", str(repo.root), "--since", "nope"]) == 2
