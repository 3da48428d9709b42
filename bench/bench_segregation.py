"""Segregation indices for every council of England and Wales: Cohesion's grouped engine against PySAL.

Both compute, for each council from its 2021 LSOAs and the five broad ethnic
groups of Census 2021 (TS021): the index of dissimilarity of each group from
everyone else, each group's isolation index, the multigroup dissimilarity index
and the information theory index (Theil's H). Cohesion does every council in
one vectorised pass (``segregation_by_parent``); PySAL ``segregation`` is called
once per council and index, the way its API is meant to be used. Both are timed
in the same run on the same counts, from the split by council to the finished
table, and their results are compared cell by cell.

Run: ``.venv/bin/python bench/bench_segregation.py`` (``--quick`` for 20 councils).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from cohesion.indicators.calculations.segregation import segregation_by_parent

# Census 2021 TS021 broad ethnic groups, as coded in the dot-density percentage table.
ETHNIC_GROUPS = {
    "Asian": "ethnic_group_tb_6a-001",
    "Black": "ethnic_group_tb_6a-002",
    "Mixed": "ethnic_group_tb_6a-003",
    "White": "ethnic_group_tb_6a-004",
    "Other": "ethnic_group_tb_6a-005",
}
GROUPS = list(ETHNIC_GROUPS)
COUNCIL = "ltla24_code"
QUICK_COUNCILS = 20


def default_data_dir() -> Path:
    configured = os.environ.get("COHESION_DATA_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "shared" / "data"


def load_lsoa_counts(data_dir: Path) -> pd.DataFrame:
    """One row per 2021 LSOA: its council code and estimated residents in each broad ethnic group.

    The table gives each group as a percentage (to 0.1) of the LSOA's residents;
    percentage x population / 100 estimates the count. The percentages sum to
    99.8-100.2 after rounding, so the total is taken as the sum of the five
    estimates, and "everyone else" is exactly the other four groups.
    """
    census = pd.read_csv(
        data_dir / "census2021_ew" / "ew_lsoa21_census2021_pct_from_oa.csv.gz",
        usecols=["lsoa21cd", "population", *ETHNIC_GROUPS.values()],
    )
    lookup = pd.read_csv(
        data_dir / "lookups" / "lookup_lsoa21_ward24_ltla24.csv", usecols=["lsoa21_code", COUNCIL]
    )
    table = census.merge(
        lookup, left_on="lsoa21cd", right_on="lsoa21_code", how="left", validate="1:1"
    )
    if table[COUNCIL].isna().any():
        raise SystemExit(f"{int(table[COUNCIL].isna().sum())} LSOAs have no council in the lookup.")
    counts = pd.DataFrame(
        {
            group: table[column] * table["population"] / 100.0
            for group, column in ETHNIC_GROUPS.items()
        }
    )
    counts.insert(0, COUNCIL, table[COUNCIL])
    counts["total"] = counts[GROUPS].sum(axis=1)
    return counts


def columns_compared() -> list[str]:
    return [
        *(f"dissimilarity_{group}" for group in GROUPS),
        *(f"isolation_{group}" for group in GROUPS),
        "multigroup_dissimilarity",
        "information_theory_h",
    ]


def run_cohesion(table: pd.DataFrame) -> pd.DataFrame:
    result = segregation_by_parent(table, COUNCIL, GROUPS, total="total")
    return result[columns_compared()]


def run_pysal(table: pd.DataFrame) -> pd.DataFrame:
    from segregation.multigroup import MultiDissim, MultiInfoTheory
    from segregation.singlegroup import Dissim, Isolation

    rows: dict[str, dict[str, float]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for code, areas in table.groupby(COUNCIL, sort=True):
            row: dict[str, float] = {}
            for group in GROUPS:
                row[f"dissimilarity_{group}"] = Dissim(areas, group, "total").statistic
            for group in GROUPS:
                row[f"isolation_{group}"] = Isolation(areas, group, "total").statistic
            row["multigroup_dissimilarity"] = MultiDissim(areas, GROUPS).statistic
            row["information_theory_h"] = MultiInfoTheory(areas, GROUPS).statistic
            rows[str(code)] = row
    result = pd.DataFrame.from_dict(rows, orient="index")
    result.index.name = COUNCIL
    return result[columns_compared()]


def timed(
    function: Callable[[pd.DataFrame], pd.DataFrame], table: pd.DataFrame, repeats: int
) -> tuple[float, pd.DataFrame]:
    """Median wall-clock seconds over ``repeats`` runs, and the last result."""
    times = []
    result = pd.DataFrame()
    for _ in range(repeats):
        start = time.perf_counter()
        result = function(table)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help=f"only the first {QUICK_COUNCILS} councils by code"
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs of each implementation; the median is shown"
    )
    parser.add_argument("--data-dir", type=Path, default=default_data_dir())
    args = parser.parse_args(argv)

    table = load_lsoa_counts(args.data_dir)
    if args.quick:
        chosen = np.sort(table[COUNCIL].unique())[:QUICK_COUNCILS]
        table = table[table[COUNCIL].isin(chosen)].reset_index(drop=True)
    import segregation  # imported before timing so neither side pays for module loading

    ours_seconds, ours = timed(run_cohesion, table, args.repeats)
    pysal_seconds, theirs = timed(run_pysal, table, args.repeats)

    if not ours.index.equals(theirs.index):
        raise SystemExit("The two implementations returned different councils.")
    same_nan = np.isnan(ours.to_numpy()) == np.isnan(theirs.to_numpy())
    if not same_nan.all():
        raise SystemExit("The two implementations disagree on which indices are undefined (NaN).")
    difference = float(np.nanmax(np.abs(ours.to_numpy() - theirs.to_numpy())))

    n_councils, n_values = len(ours), ours.size
    print(
        f"Segregation indices, Census 2021 ethnic group (5 broad groups), "
        f"{n_councils} councils of England and Wales from {len(table):,} LSOAs"
    )
    print(
        f"Per council: dissimilarity and isolation of each group, multigroup D, Theil's H = {n_values:,} values"
    )
    print(f"Median of {args.repeats} runs each{' (--quick)' if args.quick else ''}.")
    print()
    print(f"{'implementation':<44}{'seconds':>10}")
    print(f"{'Cohesion segregation_by_parent (one pass)':<44}{ours_seconds:>10.4f}")
    print(
        f"{'PySAL segregation ' + segregation.__version__ + ' (loop over councils)':<44}{pysal_seconds:>10.4f}"
    )
    print(f"{'speed-up (PySAL / Cohesion)':<44}{pysal_seconds / ours_seconds:>9.0f}x")
    print(f"{'max absolute difference':<44}{difference:>10.1e}")


if __name__ == "__main__":
    main()
