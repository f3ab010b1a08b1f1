"""The hold countdown of the sustained-pressure step: a model a Qt timer ticks and a ring widget shows.

    lesson step hold_s / panel --reset(duration)--> ready --start()--> running --tick(s)...--> finished

The technique holds 30-90 s per spot, letting the muscle relax into the pressure (DOMAIN.md, step 5).
"""

from __future__ import annotations

from ..events import Signal

HOLD_MIN_S = 30.0  # DOMAIN.md: "Hold sustained pressure 30-90 seconds per spot"
HOLD_MAX_S = 90.0
DEFAULT_HOLD_S = 60.0  # the middle of the range, as the shipped lessons use
# What a lesson may ask for (lessons/README.md, hold_s): shorter to demonstrate, longer to talk.
LESSON_HOLD_RANGE_S = (5.0, 300.0)


class HoldCountdown:
    """``changed`` emits nothing; read ``remaining_s``, ``running``, ``finished``."""

    def __init__(self, duration_s: float = DEFAULT_HOLD_S) -> None:
        self.changed = Signal()
        self.duration_s = float(duration_s)
        self.remaining_s = self.duration_s
        self.running = False

    @property
    def finished(self) -> bool:
        return self.remaining_s <= 0.0

    @property
    def fraction_left(self) -> float:
        return max(0.0, self.remaining_s) / self.duration_s if self.duration_s > 0 else 0.0

    @property
    def in_technique_range(self) -> bool:
        return HOLD_MIN_S <= self.duration_s <= HOLD_MAX_S

    def reset(self, duration_s: float | None = None) -> None:
        """Ready to start (stopped, full time); ``duration_s`` changes the length."""
        if duration_s is not None:
            low, high = LESSON_HOLD_RANGE_S
            self.duration_s = float(min(high, max(low, duration_s)))
        self.remaining_s = self.duration_s
        self.running = False
        self.changed.emit()

    def start(self) -> None:
        if self.finished:
            self.remaining_s = self.duration_s
        self.running = True
        self.changed.emit()

    def pause(self) -> None:
        self.running = False
        self.changed.emit()

    def toggle(self) -> None:
        self.pause() if self.running else self.start()

    def tick(self, elapsed_s: float) -> None:
        """Time passed while running; stops at zero."""
        if not self.running:
            return
        self.remaining_s = max(0.0, self.remaining_s - float(elapsed_s))
        if self.finished:
            self.running = False
        self.changed.emit()

    def text(self) -> str:
        """``0:42`` (rounded up, so it shows 0:00 only when done)."""
        import math

        seconds = math.ceil(self.remaining_s - 1e-9) if self.remaining_s > 0 else 0
        return f"{seconds // 60}:{seconds % 60:02d}"
