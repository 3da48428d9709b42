"""The estimate-table benchmark runs in its quick size and agrees with its pandas peer (no timing asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[3] / "bench" / "bench_estimates.py"


def test_the_quick_benchmark_agrees_with_the_pandas_group_by():
    result = subprocess.run(
        [sys.executable, str(BENCH), "--quick"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "ward headlines (40 x 103)" in result.stdout
    match = re.search(r"ward headline %: (\S+) points; standard error: (\S+) points", result.stdout)
    assert match, result.stdout
    assert float(match.group(1)) < 1e-9
    assert float(match.group(2)) < 1e-9
