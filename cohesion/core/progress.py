"""Progress bars for long command-line work (imports, recomputation)."""

from __future__ import annotations

import sys
from typing import Any

from tqdm import tqdm


class ProgressPrinter:
    """A callback ``(stage, done, total)`` that draws one bar per stage on standard error.

    When standard error is not a terminal (a log file, a pipe, a service
    manager), bars would arrive as one long line of carriage returns: each
    stage is written instead as one plain line when it finishes.
    """

    def __init__(self, enabled: bool = True, *, stream: Any = None) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.plain = not (callable(isatty) and isatty())
        self._bars: dict[str, Any] = {}
        self._done: set[str] = set()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.plain:
            if done >= total and stage not in self._done:
                self._done.add(stage)
                self.stream.write(f"{stage}: {done:,} of {total:,} done\n")
                self.stream.flush()
            return
        bar = self._bars.get(stage)
        if bar is None:
            bar = tqdm(
                total=total,
                desc=stage,
                unit=" rows",
                file=self.stream,
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
