"""A progress bar on stderr for the long headless commands (a video takes a minute or more).

On a terminal the bar redraws in place (``\\r``), at most every ``REDRAW_S``; in a log (stderr not
a terminal) a line is printed at every ``LOG_EVERY_PERCENT``, so logs stay short and readable.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

BAR_WIDTH = 30
REDRAW_S = 0.2
LOG_EVERY_PERCENT = 25


class ProgressBar:
    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self._started = time.monotonic()
        self._drawn_at = -REDRAW_S
        self._logged_percent = 0
        self._open = False

    def __call__(self, done: int, total: int) -> None:
        """``progress(done, total)``, as the exports call it."""
        fraction = done / total if total else 1.0
        percent = int(100 * fraction)
        now = time.monotonic()
        if self.live:
            if now - self._drawn_at < REDRAW_S and done < total:
                return
            self._drawn_at = now
            filled = round(BAR_WIDTH * fraction)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            line = f"\r{self.label} [{bar}] {percent:3d}% {self._left(fraction, now)}"
            self.stream.write(line.ljust(len(line) + 2))
            self._open = True
        elif percent // LOG_EVERY_PERCENT > self._logged_percent // LOG_EVERY_PERCENT or (
            done == total and self._logged_percent < 100
        ):
            self._logged_percent = percent
            self.stream.write(f"{self.label}: {percent}% ({done}/{total})\n")
        self.stream.flush()

    def _left(self, fraction: float, now: float) -> str:
        elapsed = now - self._started
        if fraction <= 0 or elapsed < 1:
            return ""
        seconds = round(elapsed * (1 - fraction) / fraction)
        return f"{seconds // 60}:{seconds % 60:02d} left"

    def close(self) -> None:
        """End the bar's line (also after an error or Ctrl+C, so the message starts on its own)."""
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False
