"""Running git: answers inside a checkout, a clear GitError outside."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from agenda.git import GitError, git_text, run_git


def test_outside_a_checkout_is_a_git_error(tmp_path: Path):
    with pytest.raises(GitError, match=r"(?i)not a git repository"):
        run_git(tmp_path, "rev-parse", "HEAD")


def test_inside_a_checkout_returns_the_output_and_takes_input(tmp_path: Path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert git_text(tmp_path, "rev-parse", "--is-inside-work-tree").strip() == "true"
    blob = run_git(tmp_path, "hash-object", "--stdin", stdin=b"bonjour\n").strip()
    assert len(blob) == 40
