"""The one way the generator asks git something: history for calendar stamps,
changed files for pull-request checks."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(Exception):
    """git is missing, the folder is not a checkout, or the command failed."""


def run_git(root: Path, *args: str, stdin: bytes | None = None, timeout: int = 300) -> bytes:
    """The standard output of `git -C root args…`; raises GitError with git's message."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            check=True,
            timeout=timeout,
        )
    except subprocess.CalledProcessError as exc:
        message = exc.stderr.decode("utf-8", errors="replace").strip()
        raise GitError(message or str(exc)) from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(str(exc)) from None
    return result.stdout


def git_text(root: Path, *args: str) -> str:
    """`run_git` decoded as UTF-8 text."""
    return run_git(root, *args).decode("utf-8", errors="replace")
