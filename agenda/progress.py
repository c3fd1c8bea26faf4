"""What a long build shows while it runs: its current step and a bar, on one line of the
terminal, rewritten in place. Quiet when the output is not a terminal (a log, CI), so
logs hold only the final summary line.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

BAR_WIDTH = 24
# Redraw at most this often: drawing is cheap, but a terminal flooded with updates is not.
REFRESH_SECONDS = 0.1


class Progress:
    """Steps of a build, each with an optional count of items done."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        self.stage_name = ""
        self.total = 0
        self.count = 0
        self.started = time.monotonic()
        self._drawn_at = 0.0
        self._width = 0

    @classmethod
    def silent(cls) -> Progress:
        """A Progress that shows nothing."""
        return cls(None)

    @classmethod
    def for_terminal(cls, stream: TextIO | None = None) -> Progress:
        """Shown on `stream` (standard error, as it is when called) if it is a terminal
        and the build does not run in CI."""
        stream = stream if stream is not None else sys.stderr
        interactive = stream.isatty() and not os.environ.get("CI")
        return cls(stream if interactive else None)

    def stage(self, name: str, total: int = 0) -> None:
        """A new step begins (`total`: items it will count, 0 if it counts none)."""
        self.stage_name, self.total, self.count = name, total, 0
        self._draw(force=True)

    def advance(self, count: int = 1) -> None:
        """`count` more items of the current step are done."""
        self.count += count
        self._draw(force=self.count >= self.total)

    def done(self) -> None:
        """Clear the line, so the summary that follows starts clean."""
        if self.stream is not None and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()

    def line(self) -> str:
        """The text of the progress line as it stands."""
        elapsed = time.monotonic() - self.started
        if not self.total:
            return f"{self.stage_name}… ({elapsed:.0f} s)"
        done = min(self.count, self.total)
        filled = BAR_WIDTH * done // self.total
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        return f"{self.stage_name} {bar} {done}/{self.total} ({elapsed:.0f} s)"

    def _draw(self, force: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if not force and now - self._drawn_at < REFRESH_SECONDS:
            return
        self._drawn_at = now
        text = self.line()
        padding = " " * max(0, self._width - len(text))
        self.stream.write("\r" + text + padding)
        self.stream.flush()
        self._width = len(text)
