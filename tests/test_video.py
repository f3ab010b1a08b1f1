"""Videos: the pivot step as GIF and MP4 through the command line (frame count, size, duration read
back with imageio; the pivot's frames differ; the attribution in every frame), a turntable, the
atomic write and Cancel, the progress bar, and one-line errors. Small sizes keep them quick."""

from __future__ import annotations

import io
from pathlib import Path

import imageio.v2 as imageio_v2
import imageio.v3 as iio
import numpy as np
import pytest
from PIL import Image

from anatomy_viewer.cli import main
from anatomy_viewer.core.errors import UserError
from anatomy_viewer.core.lessons import find_lesson
from anatomy_viewer.core.scene import video_timeline
from anatomy_viewer.core.scene.scene_state import SceneState, ToolPlacement
from anatomy_viewer.core.scene.video_timeline import (
    FRAME_RATE,
    PIVOT_LEAD_S,
    frames_for,
    hold_s,
    pivot_angles,
)

SIZE = (320, 180)
PIVOT_STEP = 4  # lessons/04_the_pivot.toml: "Pivot: pressure to the iliacus", -20 -> 25 deg
# How many steps the lesson has, read from its file (steps may be added).
PIVOT_STEPS = (
    (Path(__file__).parents[1] / "lessons" / "04_the_pivot.toml")
    .read_text(encoding="utf-8")
    .count("\n[[steps]]\n")
)


@pytest.fixture(scope="module")
def pivot_step(catalogue):
    step = find_lesson("the_pivot", catalogue=catalogue).steps[PIVOT_STEP - 1]
    assert step.tool is not None and step.tool.pivot_to_deg is not None
    return step


@pytest.fixture(scope="module", autouse=True)
def quick_pivot():
    """The pivot turns five times the window's pace here: a dozen pictures instead of 57."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(video_timeline, "SWEEP_DEG_PER_S", 5 * video_timeline.SWEEP_DEG_PER_S)
        yield


@pytest.fixture(scope="module")
def expected_frames(pivot_step) -> int:
    """Rest at the start angle, turn at the window's pace, then hold long enough to read."""
    tool = pivot_step.tool
    turn = len(pivot_angles(tool.pivot_deg, tool.pivot_to_deg))
    state = SceneState(labels=pivot_step.labels, tool=ToolPlacement("right", (0.0, 0.0)))
    return frames_for(PIVOT_LEAD_S) + turn + frames_for(hold_s(state))


@pytest.fixture(scope="module")
def pivot_videos(tmp_path_factory, mesh_dir):
    folder = tmp_path_factory.mktemp("video")
    paths = {}
    for suffix in ("gif", "mp4"):
        path = folder / f"pivot.{suffix}"
        argv = ["export-video", "--lesson", "the_pivot", "--step", str(PIVOT_STEP)]
        assert main([*argv, "--size", f"{SIZE[0]}x{SIZE[1]}", "-o", str(path)]) == 0
        paths[suffix] = path
    assert sorted(p.name for p in folder.iterdir()) == ["pivot.gif", "pivot.mp4"]  # no leftovers
    return paths


def gif_durations_ms(path) -> list[int]:
    with Image.open(path) as gif:
        durations = []
        for index in range(gif.n_frames):
            gif.seek(index)
            durations.append(gif.info["duration"])
    return durations


def _moving(a: np.ndarray, b: np.ndarray) -> float:
    """Share of pixels that changed visibly between two frames."""
    return float((np.abs(a.astype(int) - b.astype(int)).max(axis=2) > 24).mean())


def _attribution_inked(frame: np.ndarray) -> bool:
    """The attribution's light grey text in the lower right corner stands out of the dark
    background there (the lower left corner, without it, has no such pixels: checked below)."""
    height, width = frame.shape[:2]
    corner = frame[int(height * 0.94) :, int(width * 0.75) :].astype(int).min(axis=2)
    return bool((corner > np.median(corner) + 25).sum() >= 20)


def test_gif_of_the_pivot_step(pivot_videos, expected_frames):
    frames = iio.imread(pivot_videos["gif"], index=None)
    assert frames.shape[1:] == (SIZE[1], SIZE[0], 3)
    durations = gif_durations_ms(pivot_videos["gif"])
    # Held pictures are stored once, with a longer delay; the total is the video's length.
    assert len(frames) == len(durations) < expected_frames
    assert sum(durations) == expected_frames * 1000 // FRAME_RATE
    assert durations[0] == 1000 * PIVOT_LEAD_S and durations[-1] > 2000  # rest, turn, hold
    assert set(durations[1:-1]) == {1000 // FRAME_RATE}  # the turn: one picture per frame
    # The tool turns: start, middle and end differ, and every turning frame differs from the last.
    start, middle, end = frames[0], frames[len(frames) // 2], frames[-1]
    assert _moving(start, middle) > 0.003 and _moving(middle, end) > 0.003
    assert all(np.any(a != b) for a, b in zip(frames[:-1], frames[1:], strict=True))
    assert all(_attribution_inked(frame) for frame in frames)
    assert not _attribution_inked(frames[0][:, ::-1])  # the lower left corner: nothing there
    assert iio.immeta(pivot_videos["gif"])["loop"] == 0  # loops forever on a slide


def test_mp4_of_the_pivot_step(pivot_videos, expected_frames):
    path = pivot_videos["mp4"]
    meta = iio.immeta(path, plugin="FFMPEG")
    assert meta["codec"] == "h264" and meta["pix_fmt"].startswith("yuv420p")
    assert meta["fps"] == FRAME_RATE and tuple(meta["size"]) == SIZE
    assert meta["duration"] == pytest.approx(expected_frames / FRAME_RATE, abs=0.05)
    with imageio_v2.get_reader(path, format="FFMPEG") as reader:
        assert reader.count_frames() == expected_frames
        lead = frames_for(PIVOT_LEAD_S)
        first, resting = reader.get_data(0), reader.get_data(lead - 1)
        turning = reader.get_data(lead + 5)
        last = reader.get_data(expected_frames - 1)
    assert _moving(first, resting) < 0.001  # the rest before the turn stands still
    assert _moving(first, turning) > 0.003 and _moving(turning, last) > 0.003
    assert all(_attribution_inked(frame) for frame in (first, turning, last))
    # The GIF and the MP4 show the same pictures (give or take compression and 256 colours).
    gif_last = iio.imread(pivot_videos["gif"], index=None)[-1]
    assert np.abs(gif_last.astype(int) - last.astype(int)).mean() < 6


def test_turntable_from_the_command_line(tmp_path, capsys, monkeypatch, mesh_dir):
    monkeypatch.setattr(video_timeline, "TURNTABLE_S", 0.4)  # 10 frames: quick
    path = tmp_path / "turn.gif"
    argv = ["export-video", "--turntable", "--view", "anterior", "--tool", "right:-90:917:25"]
    argv += ["--wall-mm", "high-bmi"]  # the wall the stills would show, with its label
    assert main([*argv, "--size", "160x90", "--caption", "Turn", "-o", str(path)]) == 0
    frames = iio.imread(path, index=None)
    assert frames.shape == (10, 90, 160, 3)
    assert all(_moving(a, b) > 0.002 for a, b in zip(frames[:-1], frames[1:], strict=True))
    out = capsys.readouterr()
    assert out.out.startswith(f"wrote {path} (160x90, 10 frames at 25 fps, 0.4 s,")
    assert "drawing turn.gif: 100% (10/10)" in out.err


def test_a_chosen_wall_is_for_the_steps_that_name_none():
    from anatomy_viewer.render.pictures.video import with_wall

    assert with_wall(SceneState(), 37.0).wall_mm == 37.0
    assert with_wall(SceneState(wall_mm=18.0), 37.0).wall_mm == 18.0
    assert with_wall(SceneState(), None).wall_mm is None


def test_cancel_leaves_the_old_file_and_nothing_beside_it(tmp_path, catalogue, core_meshes):
    from anatomy_viewer.render.pictures.video import lesson_video

    lesson = find_lesson("the_pivot", catalogue=catalogue)
    step = next(s for s in lesson.steps if s.tool is None and s.section is None)  # quick
    path = tmp_path / "lesson.mp4"
    path.write_bytes(b"the old video")

    class CancelledError(Exception):
        pass

    def cancel_at_the_fifth(done: int, _total: int) -> None:
        if done == 5:
            raise CancelledError

    video_timeline_seconds = video_timeline.TURNTABLE_S
    try:
        video_timeline.TURNTABLE_S = 1.0
        with pytest.raises(CancelledError):
            lesson_video(path, [step], catalogue, core_meshes, SIZE, turntable=True,
                         progress=cancel_at_the_fifth)  # fmt: skip
    finally:
        video_timeline.TURNTABLE_S = video_timeline_seconds
    assert path.read_bytes() == b"the old video"
    assert [p.name for p in tmp_path.iterdir()] == ["lesson.mp4"]


def test_a_failing_encoder_is_one_line_and_leaves_nothing(tmp_path, monkeypatch):
    from anatomy_viewer.render.pictures import video_file

    def broken(*_args, **_kwargs):
        def writer():
            yield
            raise BrokenPipeError("[Errno 32] Broken pipe\n\nFFMPEG COMMAND: ...")

        generator = writer()
        next(generator)
        return generator

    monkeypatch.setattr(video_file, "_open_ffmpeg", broken)
    path = tmp_path / "x.mp4"
    video = video_file.VideoFile(path, (32, 32), FRAME_RATE)
    with pytest.raises(UserError) as failure, video:
        video.add(np.zeros((32, 32, 3), np.uint8), 3)
    assert "\n" not in str(failure.value) and "the video encoder stopped" in str(failure.value)
    assert list(tmp_path.iterdir()) == []


def test_an_encoder_that_does_not_start_leaves_nothing(tmp_path, monkeypatch):
    from anatomy_viewer.render.pictures import video_file

    def missing(*_args, **_kwargs):
        raise RuntimeError("no H.264 encoder in this ffmpeg")

    monkeypatch.setattr(video_file, "_open_ffmpeg", missing)
    with pytest.raises(RuntimeError), video_file.VideoFile(tmp_path / "x.mp4", (32, 32), 25):
        pass
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--lesson", "nope"], 'no lesson with id "nope"'),
        (
            ["--lesson", "the_pivot", "--step", str(PIVOT_STEPS + 3)],
            f"lesson the_pivot has steps 1..{PIVOT_STEPS}, not {PIVOT_STEPS + 3}",
        ),
        (["--lesson", "the_pivot", "--size", "3842x2160"], "is outside 16x16 .. 3840x2160"),
        (["--lesson", "the_pivot", "--size", "321x180"], "width and height must be even"),
        (["--lesson", "the_pivot", "--view", "left"], "apply to --turntable or a single --step"),
        (["--turntable", "--tool", "right:x"], "tool placement must look like"),
        (["--step", "2"], "--step needs --lesson ID"),
        (["--turntable", "--wall-mm", "500"], "body wall thickness must be 5..90 mm"),
        ([], "export-video needs --lesson ID, or --turntable"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(argv, message, tmp_path, capsys):
    path = tmp_path / "out.mp4"
    try:
        code = main(["export-video", *argv, "-o", str(path)])
    except SystemExit as stopped:  # argparse's own checks (--size, --wall-mm) exit from the parser
        code = stopped.code
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not path.exists()


def test_unsupported_extension_and_missing_folder(tmp_path, capsys):
    assert main(["export-video", "--turntable", "-o", str(tmp_path / "x.avi")]) == 2
    assert "must end in .mp4 or .gif" in capsys.readouterr().err
    assert main(["export-video", "--turntable", "-o", str(tmp_path / "no" / "x.gif")]) == 2
    assert "the folder does not exist" in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_and_in_a_log():
    from anatomy_viewer.commands.progress_bar import ProgressBar

    terminal = _Terminal()
    bar = ProgressBar("drawing x.mp4", terminal)
    for done in range(1, 101):
        bar(done, 100)
    bar.close()
    text = terminal.getvalue()
    assert text.startswith("\rdrawing x.mp4 [") and "100%" in text and text.endswith("\n")
    assert text.count("\r") < 100  # redrawn a few times a second, not for every picture
    log = io.StringIO()
    bar = ProgressBar("drawing x.mp4", log)
    for done in range(1, 201):
        bar(done, 200)
    bar.close()
    assert log.getvalue().splitlines() == [
        f"drawing x.mp4: {p}% ({p * 2}/200)" for p in (25, 50, 75, 100)
    ]
