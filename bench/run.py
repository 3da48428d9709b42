"""Run every benchmark in bench/ in turn: `make bench` (add --quick for a smaller size)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    extra = sys.argv[1:]
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.stem} ===", flush=True)
        code = subprocess.call([sys.executable, str(script), *extra])
        if code != 0:
            failed.append(script.stem)
    if failed:
        print(f"\nBenchmarks that failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
