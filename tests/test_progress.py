"""The progress line: a bar on a terminal, nothing in logs."""

from __future__ import annotations

import io

import pytest

from agenda.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_nothing_is_shown_when_the_output_is_not_a_terminal(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    log = io.StringIO()
    progress = Progress.for_terminal(log)
    progress.stage("Pages", 10)
    progress.advance(10)
    progress.done()
    assert log.getvalue() == ""


def test_nothing_is_shown_in_ci_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    screen = Terminal()
    Progress.for_terminal(screen).stage("Pages", 10)
    assert screen.getvalue() == ""


def test_a_terminal_shows_the_step_and_a_bar_then_a_clean_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    screen = Terminal()
    progress = Progress.for_terminal(screen)
    progress.stage("Pages", 4)
    progress.advance(2)
    assert "Pages" in progress.line() and "2/4" in progress.line()
    assert "█" * 12 + "░" * 12 in progress.line()
    progress.advance(2)
    progress.done()
    shown = screen.getvalue()
    assert "\rPages" in shown and "4/4" in shown
    assert shown.endswith("\r")  # the line is cleared for the summary
