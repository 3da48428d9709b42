"""Progress output: bars on a terminal, plain lines anywhere else."""

from __future__ import annotations

import io

from cohesion.core.progress import ProgressPrinter


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_off_a_terminal_each_stage_is_one_plain_line_when_it_finishes():
    out = io.StringIO()
    progress = ProgressPrinter(stream=out)
    for done in (0, 500, 1000, 2296):
        progress("OA21 areas", done, 2296)
    progress("OA21 areas", 2296, 2296)
    progress("WD25 areas", 103, 103)
    assert out.getvalue() == "OA21 areas: 2,296 of 2,296 done\nWD25 areas: 103 of 103 done\n"
    assert "\r" not in out.getvalue()


def test_on_a_terminal_a_bar_is_drawn_and_nothing_when_disabled():
    terminal = _Terminal()
    ProgressPrinter(stream=terminal)("LSOA21 areas", 425, 425)
    assert "LSOA21 areas" in terminal.getvalue() and "\r" in terminal.getvalue()
    quiet = io.StringIO()
    ProgressPrinter(enabled=False, stream=quiet)("LSOA21 areas", 425, 425)
    assert quiet.getvalue() == ""
