"""While a window is open, garbage cycles (which may hold VTK objects) are collected on the GUI
thread only, never on a loading thread. Needs Xvfb (pytest-xvfb)."""

from __future__ import annotations

import gc
import threading

import pytest

from anatomy_viewer.qt.window.gui_thread_gc import gui_thread_collector

pytestmark = pytest.mark.gui


class _Cycle:
    """Garbage that only the cycle collector can free; says on which thread it was finalized."""

    def __init__(self, finalized_on: list[str]) -> None:
        self.me = self
        self.finalized_on = finalized_on

    def __del__(self) -> None:
        self.finalized_on.append(threading.current_thread().name)


def _allocate_on_a_thread() -> list:
    """What a loading thread does to the collector: many new container objects that outlive it
    (parsed structures). They stay alive: the collector counts allocations minus frees, so garbage
    freed on the thread itself would leave nothing due, and the test would wait on whatever else
    the GUI happens to allocate (it timed out after other window tests)."""
    made: list = []

    def load() -> None:
        made.append([[i] for i in range(200_000)])  # far past every generation's threshold

    worker = threading.Thread(target=load, name="loader")
    worker.start()
    worker.join()
    return made


def test_cycles_are_collected_on_the_gui_thread_while_a_window_is_open(main_window, qtbot):
    assert not gc.isenabled()
    finalized_on: list[str] = []
    _Cycle(finalized_on)  # garbage at once: only a cycle keeps it
    loaded = _allocate_on_a_thread()
    assert finalized_on == []  # the loading thread did not collect it
    qtbot.waitUntil(lambda: finalized_on != [], timeout=5000)
    assert finalized_on == [threading.main_thread().name]
    del loaded


def test_the_last_window_closing_gives_the_automatic_collector_back(main_window):
    assert not gc.isenabled() and gui_thread_collector().holders >= 1
    holders = gui_thread_collector().holders
    main_window.close()
    main_window.close()  # twice: released once
    assert gui_thread_collector().holders == holders - 1
    if holders == 1:
        assert gc.isenabled()


def test_opening_the_window_holds_the_collector_through_the_start_and_gives_it_back(monkeypatch):
    """From the command to the window's own collector, no automatic collection (the imports and the
    building would set it off some 330 times); after the window, or a failed start, it is back.
    The start's shared libraries bind lazily; the flags are given back too."""
    import os
    import sys

    from anatomy_viewer import cli
    from anatomy_viewer.core.errors import UserError
    from anatomy_viewer.qt.window import app

    seen: list[bool] = []

    def run_app(**_kwargs) -> int:
        seen.append(gc.isenabled())
        assert sys.getdlopenflags() & os.RTLD_LAZY and not sys.getdlopenflags() & os.RTLD_NOW
        return 0

    flags = sys.getdlopenflags()
    before = gc.isenabled()  # False only while some earlier test's window still holds it
    gc.enable()
    try:
        monkeypatch.setattr(app, "run_app", run_app)
        assert cli.main([]) == 0
        assert seen == [False] and gc.isenabled()

        def fails(**_kwargs) -> int:
            seen.append(gc.isenabled())
            raise UserError("no mesh could be loaded")

        monkeypatch.setattr(app, "run_app", fails)
        assert cli.main([]) == 2
        assert seen == [False, False] and gc.isenabled()
        assert sys.getdlopenflags() == flags
    finally:
        if not before:
            gc.disable()
