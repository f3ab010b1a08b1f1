"""Practice challenges: a set number of placement tasks, each judged by the placement checker's
answer, scored, with feedback in plain words.

    Challenge(tasks) --current task--> student places and pivots the tool --submit(placement)-->
        judge(task, placement) -> TaskResult (correct, feedback) --> score, next task, summary

Pure: a ``Placement`` in, words and numbers out. The Qt panel shows it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..placement.checker import Placement, plain_name
from ..vocabulary import SIDES

DEFAULT_TASK_COUNT = 5


@dataclass(frozen=True)
class Task:
    """A placement the student must find. ``side`` None: either side. ``target``: the muscle (without
    side) the press line must reach. ``verdict``: what the checker must say. ``code``: a reason code
    the checker must give (to ask for a spot that must be recognised as dangerous)."""

    prompt: str
    side: str | None = None
    target: str | None = None
    verdict: str = "safe"
    code: str | None = None


@dataclass(frozen=True)
class TaskResult:
    task: Task
    correct: bool
    feedback: str
    placement: Placement


def _aim(muscle: str, side: str) -> Task:
    return Task(f"Aim at the {side} {plain_name(muscle)}: a safe placement whose press line reaches it",
                side, muscle)  # fmt: skip


TASK_POOL: tuple[Task, ...] = (
    *(_aim(m, s) for m in ("psoas_major", "iliacus") for s in SIDES),
    *(Task(f"Find a safe spot on the {s} side", s) for s in SIDES),
    Task(
        "Show a spot where the tip must never go: the hip crease (either side)",
        verdict="danger",
        code="hip_crease",
    ),
    Task(
        "Show where over-turning goes wrong: pivot onto an artery (either side)",
        verdict="danger",
        code="artery",
    ),
)


def judge(task: Task, placement: Placement) -> TaskResult:
    """Is ``placement`` what ``task`` asks for? Feedback says what the checker found and what to change."""
    codes = {r.code for r in placement.reasons}
    reached = plain_name(placement.target) if placement.target else "no hip flexor"
    problems = []
    if task.side is not None and placement.side != task.side:
        problems.append(
            f"the tip is on the body's {placement.side} side; the task asks for the {task.side}"
        )
    if task.target is not None and placement.target != f"{task.target}_{placement.side}":
        turn = (
            "pivot the handle laterally (]) into the iliac fossa"
            if task.target == "iliacus"
            else "pivot the tip toward the midline ([) until it meets the psoas"
        )
        problems.append(
            f"the press line reaches the {reached}, not the {plain_name(task.target)}: {turn}"
        )
    if task.code is not None and task.code not in codes:
        problems.append(f"the checker finds no {task.code.replace('_', ' ')} here")
    elif placement.verdict != task.verdict:
        first = placement.reasons[0].message if placement.reasons else ""
        problems.append(
            f"the checker says {placement.verdict.upper()}, not {task.verdict}: {first}"
        )
    if problems:
        return TaskResult(task, False, "Not yet: " + "; ".join(problems) + ".", placement)
    if task.verdict == "danger":
        words = f"Right: {placement.reasons[0].message}. Never press here."
    else:
        depth = (
            "" if placement.target_depth_mm is None else f" at {placement.target_depth_mm:.0f} mm"
        )
        words = f"Right: SAFE, the press line reaches the {reached}{depth}."
    return TaskResult(task, True, words, placement)


@dataclass
class Challenge:
    tasks: tuple[Task, ...]
    results: list[TaskResult] = field(default_factory=list)

    @property
    def index(self) -> int:
        return len(self.results)

    @property
    def current(self) -> Task | None:
        return self.tasks[self.index] if self.index < len(self.tasks) else None

    @property
    def done(self) -> bool:
        return self.current is None

    @property
    def score(self) -> int:
        return sum(r.correct for r in self.results)

    def submit(self, placement: Placement) -> TaskResult:
        """Judge the current task; a wrong answer moves on too (one try each, like a test)."""
        task = self.current
        if task is None:
            raise ValueError("the challenge is finished")
        result = judge(task, placement)
        self.results.append(result)
        return result

    def summary(self) -> str:
        total = len(self.tasks)
        words = (
            "All right!"
            if self.score == total
            else "Review the ones you missed with the zones shown."
        )
        return f"Score {self.score} / {total}. {words}"


def make_challenge(count: int = DEFAULT_TASK_COUNT, seed: int | None = None) -> Challenge:
    """``count`` different tasks from the pool, in random order (``seed`` for repeatable tests)."""
    if not 1 <= count <= len(TASK_POOL):
        raise ValueError(f"a challenge has 1..{len(TASK_POOL)} tasks, not {count}")
    return Challenge(tuple(random.Random(seed).sample(TASK_POOL, count)))
