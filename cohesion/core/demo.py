"""Demo data: each app adds a step that fills its part of the demo.

Steps register from ``AppConfig.ready`` and run in ``order`` after places are
loaded and persona accounts exist. Anything synthetic that a step creates must
be labelled as such wherever it appears.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Step = Callable[[Path, Callable[[str], None]], Any]


@dataclass(frozen=True)
class DemoStep:
    name: str
    order: int
    run: Step


_steps: dict[str, DemoStep] = {}


def register(name: str, order: int, run: Step) -> None:
    _steps[name] = DemoStep(name, order, run)


def steps() -> list[DemoStep]:
    return sorted(_steps.values(), key=lambda s: s.order)
