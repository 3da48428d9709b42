"""Progress bars for long command-line work (imports, recomputation)."""

from __future__ import annotations

import sys
from typing import Any

from tqdm import tqdm


class ProgressPrinter:
    """A callback ``(stage, done, total)`` that draws one bar per stage on standard error."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._bars: dict[str, Any] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        bar = self._bars.get(stage)
        if bar is None:
            bar = tqdm(
                total=total,
                desc=stage,
                unit=" rows",
                file=sys.stderr,
                leave=True,
                dynamic_ncols=True,
            )
            self._bars[stage] = bar
        bar.total = total
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    def close(self) -> None:
        for bar in self._bars.values():
            bar.close()
