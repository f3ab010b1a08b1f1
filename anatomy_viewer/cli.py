"""The ``anatomy-viewer`` command: no sub-command opens the window; sub-commands work headless.

Each sub-command lives in ``anatomy_viewer/commands/<name>.py`` with ``add_arguments`` and ``run``.
Heavy imports (Qt, VTK) happen inside ``run`` so headless commands and ``--help`` start fast.
Bad input of any kind ends in one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys

from . import __version__
from .commands import COMMANDS, add_mesh_dir
from .core.errors import UserError

EXIT_USAGE = 2


class OneLineParser(argparse.ArgumentParser):
    """argparse prints usage plus the error; users get the error and a pointer to --help instead."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the sub-command named there gets its arguments (and module).

    Every sub-command is listed (``--help`` shows them all from ``COMMANDS``), but a command's module,
    with the core modules it needs, is imported only when ``argv`` names it: opening the window
    (no command) imports none of them, a tenth of a second off the start.
    """
    parser = OneLineParser(
        prog="anatomy-viewer",
        description=(
            "Learn in 3D where a hip-hook self-massage tool may and may not go. "
            "Without a command, opens the window."
        ),
        epilog="Anatomy: BodyParts3D, (c) The Database Center for Life Science, CC BY-SA 2.1 JP.",
    )
    parser.add_argument("--version", action="version", version=f"anatomy-viewer {__version__}")
    add_mesh_dir(parser)
    parser.add_argument("--lesson", metavar="ID", help="open the window on this lesson")
    # For smoke tests and the benchmark: quit this many ms after the window first shows.
    parser.add_argument("--quit-after-ms", type=int, default=None, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    named = set(argv) if argv is not None else set(COMMANDS)
    for name, help_text in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        add_mesh_dir(command, suppress=True)
        if name in named:  # a word equal to a command name elsewhere costs one import, no more
            module = importlib.import_module(f".commands.{name.replace('-', '_')}", __package__)
            module.add_arguments(command)
            command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(argv).parse_args(argv)
    try:
        if getattr(args, "run", None) is None:
            return open_window(args)
        return int(args.run(args) or 0)
    except UserError as exc:
        print(f"anatomy-viewer: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("anatomy-viewer: interrupted", file=sys.stderr)
        return 130


def open_window(args: argparse.Namespace) -> int:
    # Python's cycle collector waits while the window starts: the imports (some 760 modules) and
    # the building of the window set it off about 330 times, 70-100 ms of a 1.2 s start (issue
    # 17), and what they make is not garbage. From the window's building on, its own collector
    # on the GUI thread does the job (qt/window/gui_thread_gc.py); after the window, the usual
    # one again.
    was_enabled = gc.isenabled()
    gc.disable()
    # The window's imports load some 150 shared libraries (VTK, Qt). Python asks the loader to bind
    # every function of each at once (RTLD_NOW), most of which are never called; bound on first
    # call instead (the loader's own default), the start takes about 25 ms less (10 starts each).
    flags = sys.getdlopenflags()
    sys.setdlopenflags((flags & ~os.RTLD_NOW) | os.RTLD_LAZY)
    try:
        from .qt.window.app import run_app

        return run_app(mesh_dir=args.mesh_dir, lesson=args.lesson, quit_after_ms=args.quit_after_ms)
    finally:
        sys.setdlopenflags(flags)
        if was_enabled:
            gc.enable()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
