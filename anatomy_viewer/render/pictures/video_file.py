"""Writing a video file from RGB frames: MP4 (H.264, through the ffmpeg that imageio-ffmpeg's wheel
carries) or an animated GIF (Pillow), always through a temporary file renamed at the end.

    (RGB array, frames) ... --VideoFile.add--> ffmpeg's stdin (H.264, yuv420p) / GIF frames
                                           --close--> core.safe_write.atomic_path --> out.mp4 / out.gif

A picture shown for several frames (a hold) is sent to ffmpeg once per frame, as a constant frame
rate needs, and stored once in a GIF with a longer delay. A GIF's palette is made from all of its
pictures, so they wait (compressed, in an unnamed temporary file) until the last one is drawn.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...core.errors import UserError
from ...core.safe_write import atomic_path

VIDEO_FORMATS = {".mp4": "MP4", ".gif": "GIF"}
DEFAULT_VIDEO_SIZE = (1280, 720)  # HD: sharp on a projector, small enough to paste into slides
MAX_VIDEO_SIZE = (3840, 2160)  # 4K UHD
MIN_VIDEO_SIZE = (16, 16)
# H.264's constant-rate factor: 18-23 is "visually lossless" for most material (ffmpeg's H.264
# guide); 20 keeps the labels' small type crisp at a few MB a minute at 720p.
H264_CRF = 20
H264_PRESET = "medium"
# ffmpeg's 4:2:0 colour (what PowerPoint, Keynote, browsers and QuickTime all play) halves the
# chroma resolution, so an MP4's width and height must be even.
MP4_SIZE_STEP = 2
# A GIF has 256 colours. One palette for the whole video, made from small copies of every picture
# (octree keeps small patches of a distinct colour, such as the readout's verdict box, true to hue),
# and no dithering: what stands still stays byte-identical from frame to frame, so each frame stores
# only the rectangle that changed (a tenth of the size of a palette per frame, measured).
GIF_COLOURS = 256
GIF_SAMPLE_WIDTH_PX = 320  # the small copies the palette is made from
GIF_LOOP_FOREVER = 0


@dataclass(frozen=True)
class VideoSummary:
    path: Path
    size: tuple[int, int]
    fps: int
    frames: int  # frames at the frame rate (a GIF stores held pictures once, with a longer delay)
    bytes: int

    @property
    def seconds(self) -> float:
        return self.frames / self.fps


def video_format(path: Path) -> str:
    """ "MP4" or "GIF" from the file name; a clear message for anything else."""
    name = VIDEO_FORMATS.get(Path(path).suffix.lower())
    if name is None:
        raise UserError(f"{path}: a video's file name must end in .mp4 or .gif")
    return name


def check_video_size(size: tuple[int, int], format_name: str) -> None:
    width, height = size
    if not (
        MIN_VIDEO_SIZE[0] <= width <= MAX_VIDEO_SIZE[0]
        and MIN_VIDEO_SIZE[1] <= height <= MAX_VIDEO_SIZE[1]
    ):
        raise UserError(
            f"video size {width}x{height} is outside {MIN_VIDEO_SIZE[0]}x{MIN_VIDEO_SIZE[1]} .. "
            f"{MAX_VIDEO_SIZE[0]}x{MAX_VIDEO_SIZE[1]}"
        )
    if format_name == "MP4" and (width % MP4_SIZE_STEP or height % MP4_SIZE_STEP):
        raise UserError(f"an MP4's width and height must be even, not {width}x{height}")


class VideoFile:
    """A video being written; use as a context manager. Leaving the block by an exception (a
    failure, Cancel, Ctrl+C) removes the temporary file and leaves any old file as it was."""

    def __init__(self, path: Path, size: tuple[int, int], fps: int) -> None:
        self.path = Path(path)
        self.format = video_format(self.path)
        check_video_size(size, self.format)
        self.size = (int(size[0]), int(size[1]))
        self.fps = int(fps)
        self.frames = 0
        self._stack = ExitStack()
        self._temp: Path | None = None
        self._ffmpeg = None
        self._gif: _GifSpool | None = None

    def __enter__(self) -> VideoFile:
        self._temp = self._stack.enter_context(atomic_path(self.path))
        try:
            if self.format == "MP4":
                self._ffmpeg = _open_ffmpeg(self._temp, self.size, self.fps)
            else:
                self._gif = self._stack.enter_context(_GifSpool(self.size))
        except BaseException as failure:  # ffmpeg would not start: no temporary file stays
            self._stack.__exit__(type(failure), failure, failure.__traceback__)
            raise
        return self

    def add(self, image: np.ndarray, frames: int = 1) -> None:
        """``image``: (height, width, 3) uint8 RGB of exactly the video's size."""
        height, width = image.shape[:2]
        if (width, height) != self.size:
            raise ValueError(f"frame is {width}x{height}, the video {self.size[0]}x{self.size[1]}")
        rgb = np.ascontiguousarray(image[..., :3], dtype=np.uint8)
        if self._ffmpeg is not None:
            for _ in range(frames):
                self._send(rgb)
        else:
            self._gif.add(rgb, frames)
        self.frames += frames

    def _send(self, rgb: np.ndarray) -> None:
        try:
            self._ffmpeg.send(rgb)
        except OSError as error:  # ffmpeg stopped: the disk is full, the folder went away...
            raise UserError(
                f"cannot write {self.path}: the video encoder stopped ({_first_line(error)})"
            ) from None

    def __exit__(self, kind, error, traceback) -> bool:
        try:
            if self._ffmpeg is not None:
                ffmpeg, self._ffmpeg = self._ffmpeg, None
                ffmpeg.close()  # ffmpeg finishes the file (or the part written) and exits
            if kind is None:
                if self.frames == 0:
                    raise UserError(f"{self.path}: a video needs at least one frame")
                if self.format == "GIF":
                    self._gif.save(self._temp, self.fps)
        except BaseException as failure:
            self._stack.__exit__(type(failure), failure, failure.__traceback__)
            raise
        self._stack.__exit__(kind, error, traceback)  # renames on success, removes on a failure
        return False

    def summary(self) -> VideoSummary:
        return VideoSummary(self.path, self.size, self.fps, self.frames, self.path.stat().st_size)


def _open_ffmpeg(path: Path, size: tuple[int, int], fps: int):
    import imageio_ffmpeg

    writer = imageio_ffmpeg.write_frames(
        str(path),
        size,
        fps=fps,
        codec="libx264",
        pix_fmt_in="rgb24",
        pix_fmt_out="yuv420p",
        quality=None,  # the CRF below instead of imageio-ffmpeg's own quality scale
        macro_block_size=MP4_SIZE_STEP,
        ffmpeg_log_level="error",
        output_params=[
            "-crf", str(H264_CRF), "-preset", H264_PRESET,
            # The index at the front: slides and browsers start playing before the whole file is read.
            "-movflags", "+faststart",
        ],
    )  # fmt: skip
    writer.send(None)  # starts ffmpeg
    return writer


class _GifSpool:
    """A GIF's pictures, zlib-compressed in an unnamed temporary file until the palette is known."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        self.entries: list[tuple[int, int, int]] = []  # (offset, length, frames)
        self.samples: list[np.ndarray] = []
        self.step = max(1, size[0] // GIF_SAMPLE_WIDTH_PX)

    def __enter__(self) -> _GifSpool:
        import tempfile

        self.file = tempfile.TemporaryFile(prefix="anatomy-viewer-gif-")
        return self

    def __exit__(self, *_exc) -> None:
        self.file.close()

    def add(self, rgb: np.ndarray, frames: int) -> None:
        import zlib

        data = zlib.compress(rgb.tobytes(), 1)
        self.entries.append((self.file.tell(), len(data), frames))
        self.file.write(data)
        self.samples.append(rgb[:: self.step, :: self.step].copy())  # a copy: not a view of it all

    def _indices(self, palette) -> Iterator[tuple[np.ndarray, int]]:
        """Each picture as palette indices, with its frames."""
        import zlib

        from PIL import Image

        for offset, length, frames in self.entries:
            self.file.seek(offset)
            picture = Image.frombytes("RGB", self.size, zlib.decompress(self.file.read(length)))
            indices = picture.quantize(palette=palette, dither=Image.Dither.NONE)
            yield np.asarray(indices), frames

    def save(self, path: Path, fps: int) -> None:
        """Written a frame at a time (Pillow's own GIF writer keeps every frame in memory: a
        gigabyte for a 10 s turntable at 720p): the header with the one palette, then for each
        picture only the rectangle where it differs from the last, drawn over it."""
        from PIL import GifImagePlugin, Image

        mosaic = Image.fromarray(np.concatenate(self.samples, axis=0))
        palette = mosaic.quantize(
            GIF_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
        colours = palette.getpalette()

        def image(indices: np.ndarray) -> Image.Image:
            picture = Image.fromarray(np.ascontiguousarray(indices), "P")
            picture.putpalette(colours)
            return picture

        with open(path, "wb") as out:
            canvas: np.ndarray | None = None  # what a player shows after the frames written
            pending: tuple[np.ndarray, int] | None = None  # held back: the next may repeat it

            def write(indices: np.ndarray, frames: int) -> np.ndarray:
                # Delays are hundredths of a second: exact at 25 fps.
                delay = {"duration": round(1000 * frames / fps), "disposal": 1}
                if canvas is None:
                    info = {"loop": GIF_LOOP_FOREVER, **delay}
                    header, _ = GifImagePlugin.getheader(image(indices), None, info)
                    out.write(b"".join(header))
                    x0, y0, part = 0, 0, indices
                else:
                    changed = indices != canvas
                    rows, columns = (
                        np.flatnonzero(changed.any(axis=1)),
                        np.flatnonzero(changed.any(axis=0)),
                    )
                    y0, y1, x0, x1 = rows[0], rows[-1] + 1, columns[0], columns[-1] + 1
                    part = indices[y0:y1, x0:x1]
                frame = GifImagePlugin.getdata(image(part), offset=(int(x0), int(y0)), **delay)
                out.write(b"".join(frame))
                return indices

            for indices, frames in self._indices(palette):
                if pending is not None and np.array_equal(indices, pending[0]):
                    pending = (pending[0], pending[1] + frames)  # the same picture: held longer
                    continue
                if pending is not None:
                    canvas = write(*pending)
                pending = (indices, frames)
            if pending is not None:
                write(*pending)
            out.write(b";")  # the GIF trailer


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
