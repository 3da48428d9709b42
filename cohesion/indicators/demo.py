"""The indicators part of the demo: every built-in loader over the real Tees Valley data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cohesion.indicators.loaders.base import load_indicators


def load_demo_indicators(data_dir: Path, say: Callable[[str], None]) -> None:
    """Load Census 2021, IMD, police.uk crime, asylum support, loneliness and 2011 segregation."""
    load_indicators(data_dir, say=say)
