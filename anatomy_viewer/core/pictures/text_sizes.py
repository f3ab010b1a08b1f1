"""How large the words of a picture are on each medium: the one place text sizes come from.

    Medium (window | presenter | export | handout) + the picture's size in pixels
        --text_sizes--> TextSizes (label, readout, legend, caption, attribution, hold countdown)

Sizes are font sizes (the em) in the picture's own pixels. The rules:

- **window**: fixed point sizes at the screen's pixel density (``pixels_per_inch``: the screen's
  logical DPI times its device pixel ratio), like the rest of the desktop's text.
- **presenter** (a projector): shares of the projected screen's height (``screen_height_px``; the 3D
  view is the screen above the caption band), labels and readout ``PRESENTER_LABEL`` (3.2 %, read
  from the back of a lecture room), never smaller than the window's.
- **export** (``screenshot``, File > Export image, 1280x720 .. 7680x4320): shares of the picture, so
  every size has the same proportions; the share is of ``min(height, width * 9 / 16)``, so a portrait
  or square picture does not get type too wide for it.
- **handout**: point sizes on paper (``pixels_per_inch``: the picture's pixels per printed inch), at
  least 8 pt for labels (``HANDOUT_LABEL_PT`` is 10).

The colours per medium are render/theme.py's (DESK, PROJECTOR, PRINT).
"""

from __future__ import annotations

from dataclasses import dataclass

MEDIA = ("window", "presenter", "export", "handout")
POINTS_PER_INCH = 72.0
MIN_TEXT_PX = 9.0  # below this no text is legible, whatever the medium

# Window, in points at the screen's density (a desktop's UI text is 9-10 pt; labels a little larger).
WINDOW_PT = {"label": 11.0, "readout": 11.0, "legend": 10.0, "caption": 13.0, "attribution": 8.0,
             "hold": 18.0}  # fmt: skip
# Presenter, as shares of the picture height: the "about 3 % at least" for labels and the
# readout; the countdown reads across the room.
PRESENTER_LABEL = 0.032
PRESENTER = {"label": PRESENTER_LABEL, "readout": PRESENTER_LABEL, "legend": 0.027,
             "caption": 0.036, "attribution": 0.016, "hold": 0.05}  # fmt: skip
# Exports, as shares of min(height, width * 9/16): 20 px labels at 1280x720, 121 px at 7680x4320.
EXPORT = {"label": 0.028, "readout": 0.028, "legend": 0.025, "caption": 0.034,
          "attribution": 0.016, "hold": 0.045}  # fmt: skip
# Handouts, in printed points: labels at least 8 pt (the issue), the page's own text is 11 pt.
HANDOUT_LABEL_PT = 10.0
HANDOUT_PT = {"label": HANDOUT_LABEL_PT, "readout": HANDOUT_LABEL_PT, "legend": 9.0,
              "caption": 11.0, "attribution": 7.0, "hold": 12.0}  # fmt: skip
DEFAULT_SCREEN_PPI = 96.0  # what desktops assume when a screen reports nothing better


@dataclass(frozen=True)
class Medium:
    """Where a picture is seen. ``pixels_per_inch``: for the window, the screen's pixels per inch;
    for a handout, the picture's pixels per printed inch; unused for presenter and export."""

    kind: str
    pixels_per_inch: float = DEFAULT_SCREEN_PPI
    screen_height_px: float | None = None  # presenter: the whole projected screen's height

    def __post_init__(self) -> None:
        if self.kind not in MEDIA:
            raise ValueError(f"unknown medium {self.kind!r}; one of {', '.join(MEDIA)}")
        if not self.pixels_per_inch > 0:
            raise ValueError("pixels_per_inch must be positive")


WINDOW = Medium("window")
PRESENTING = Medium("presenter")
EXPORTING = Medium("export")


def handout(pixels_per_inch: float) -> Medium:
    return Medium("handout", pixels_per_inch)


@dataclass(frozen=True)
class TextSizes:
    """Font sizes (em) in pixels of the picture they are drawn in."""

    label_px: float
    readout_px: float
    legend_px: float
    caption_px: float
    attribution_px: float
    hold_px: float

    @property
    def padding_px(self) -> float:
        """Space between a label's text and the edge of its box."""
        return round(0.5 * self.label_px, 1)

    @property
    def line_px(self) -> float:
        """Width of a leader line's light core (its dark casing is two of these wider)."""
        return max(1.0, round(self.label_px / 14, 1))


def text_sizes(medium: Medium, width_px: float, height_px: float) -> TextSizes:
    """The text sizes of a picture of this size seen on ``medium``."""
    if medium.kind == "window":
        px = {k: v * medium.pixels_per_inch / POINTS_PER_INCH for k, v in WINDOW_PT.items()}
    elif medium.kind == "presenter":
        floor = text_sizes(Medium("window", medium.pixels_per_inch), width_px, height_px)
        screen = medium.screen_height_px or height_px
        px = {k: max(v * screen, getattr(floor, f"{k}_px")) for k, v in PRESENTER.items()}
    elif medium.kind == "export":
        base = min(height_px, width_px * 9 / 16)
        px = {k: v * base for k, v in EXPORT.items()}
    else:
        px = {k: v * medium.pixels_per_inch / POINTS_PER_INCH for k, v in HANDOUT_PT.items()}
    return TextSizes(**{f"{k}_px": round(max(MIN_TEXT_PX, v), 1) for k, v in px.items()})
