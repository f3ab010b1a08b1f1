"""``anatomy-viewer lessons list|check``: output, JSON and exit codes; never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from anatomy_viewer.cli import main

REPO = Path(__file__).resolve().parents[1]
SHIPPED = sorted((REPO / "lessons").glob("*.toml"))
BROKEN = REPO / "tests" / "lessons_broken"


def test_list_shows_every_shipped_lesson(capsys):
    assert main(["lessons", "list"]) == 0
    out = capsys.readouterr().out
    for lesson_id in (
        "meet_the_iliopsoas",
        "reading_the_pelvis",
        "where_the_tip_goes",
        "the_pivot",
    ):
        assert lesson_id in out
    assert len(out.strip().splitlines()) == len(SHIPPED)


def test_list_json(capsys):
    assert main(["lessons", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [Path(row["path"]).name for row in rows] == [p.name for p in SHIPPED]
    for row in rows:
        assert set(row) == {"id", "title", "steps", "origin", "path"}
        assert row["origin"] == "shipped"
        assert isinstance(row["steps"], int) and 4 <= row["steps"] <= 8
        assert Path(row["path"]).is_file()


def test_list_of_a_folder_with_a_broken_lesson_fails_in_one_line(tmp_path, capsys):
    (tmp_path / "bad.toml").write_text('id = "x"\n')
    assert main(["lessons", "list", "--folder", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("anatomy-viewer: error: ") and len(err.strip().splitlines()) == 1


def test_check_valid_files_exits_0(capsys):
    assert main(["lessons", "check", *map(str, SHIPPED)]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok (") == len(SHIPPED)


def test_check_a_folder(capsys):
    assert main(["lessons", "check", str(REPO / "lessons")]) == 0
    assert capsys.readouterr().out.count(": ok (") == len(SHIPPED)


def test_check_broken_files_exits_2_and_lists_problems(capsys):
    broken = BROKEN / "unknown_ids.toml"
    assert main(["lessons", "check", str(SHIPPED[0]), str(broken)]) == 2
    captured = capsys.readouterr()
    assert f'{broken}:17: step 1 "Ids": show[2]: unknown structure' in captured.out
    assert ": ok (" in captured.out  # the valid file is still reported
    assert "1 of 2 lesson files have problems" in captured.err


def test_check_missing_file_and_empty_folder(tmp_path, capsys):
    assert main(["lessons", "check", str(tmp_path / "nope.toml")]) == 2
    assert "no such file" in capsys.readouterr().out
    assert main(["lessons", "check", str(tmp_path)]) == 2
    assert "no lesson files" in capsys.readouterr().err


def test_check_whole_broken_corpus_in_a_subprocess_without_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "anatomy_viewer", "lessons", "check", str(BROKEN)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert len(result.stdout.splitlines()) >= len(list(BROKEN.glob("*.toml")))
