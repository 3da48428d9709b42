"""Benchmark: how many false alerts each early-warning method raises, and how many spikes it catches.

For each source an officer receives alerts from, and each method at each
candidate setting, the table gives the false alarms on spike-free series
simulated from real (or the demo's) rates, per series-period and as false
alerts per area a quarter across the area's categories, and the share of
injected spikes caught (a spike adds max(2 x baseline mean, 5) cases, so the
period expects three times its mean and at least five more). It then picks the
default per source (cohesion.tensions.calculations.calibration.choose_setting)
and says whether it meets the target: at most about one false alert per area
a quarter and at least 90% of spikes caught.

Sources:

* police.uk: the real Middlesbrough monthly series (20 wards and the council,
  4 tension-related crime types and all crime: 105 series, January 2023 to
  November 2025), read exactly as the early-warning run reads them, from a
  scratch SQLite database loaded from ../shared/data like ``cohesion demo``.
  Each series is fitted a trend-free seasonal rate and dispersion and 35
  months are simulated from it, the history a real run has.
* reports to Cohesion: no council's real reports are available, so the
  series are simulated from the demo's synthetic-report rates
  (cohesion/tensions/demo_reports.py: Poisson, 0.9 reports a week in each
  Middlesbrough ward, 55% hate incidents, the rest community tension; the
  council is the sum of its 20 wards), 104 weeks, the weekly run's history.

A default must judge early: within a quarter of weekly reports and a year of
police.uk months, so a new partnership, the demo and a council that has loaded
one year of police.uk data all get alerts. Methods needing more are shown but
not chosen. Finally the real Middlesbrough monthly run is repeated with the
former defaults (C1, C2, C3 and the count model at their own alphas) and the
new ones, and the alarms counted.

Run: .venv/bin/python bench/bench_alert_calibration.py [--quick] [--seed S]
     [--write cohesion/tensions/alert_calibration.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
MIDDLESBROUGH = "E06000002"
SEED = 20261206
# Settings tried per method: the former default first.
CANDIDATES = {
    "C1": (0.001, 0.01, 0.05),
    "C2": (0.001, 0.01, 0.05),
    "C3": (0.025, 0.001),
    "negative_binomial": (0.01, 0.05, 0.1),
    "farrington_flexible": (0.01, 0.05, 0.1),
}
FORMER_METHODS = ("C1", "C2", "C3", "negative_binomial")
FORMER_ALPHA = {"C1": 0.001, "C2": 0.001, "C3": 0.025, "negative_binomial": 0.01}


@dataclass(frozen=True)
class Source:
    name: str
    label: str
    unit: str
    periods_per_quarter: float
    series_per_area: int
    n_periods: int
    max_first_judged: int  # a default must judge from this period (0-based) on
    described: str


def default_data_dir() -> Path:
    configured = os.environ.get("COHESION_DATA_DIR")
    return Path(configured) if configured else REPO.parent / "shared" / "data"


def setup_django(data_dir: Path) -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="cohesion-bench-calibration-"))
    os.environ["COHESION_VAR_DIR"] = str(var_dir)
    os.environ["COHESION_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghij")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cohesion.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    from cohesion.indicators.loaders.base import load_indicators
    from cohesion.places.loaders import load_places

    call_command("migrate", verbosity=0, stdout=io.StringIO())
    load_places(data_dir)
    load_indicators(data_dir, ["police_uk_street"])


def reports_model(n_wards: int = 20) -> tuple[object, int]:
    """The demo's report rates: per ward hate 0.495, tension 0.405, all 0.9 a week; the council 20 times that."""
    from cohesion.tensions.calculations.calibration import RateModel

    ward = [0.9 * 0.55, 0.9 * 0.45, 0.9]
    rates = np.array(ward * n_wards + [r * n_wards for r in ward])
    coef = np.column_stack([np.log(rates), np.zeros(rates.size), np.zeros(rates.size)])
    return RateModel(coef=coef, phi=np.ones(rates.size), periods_per_year=52), rates.size


def calibrate_source(source: Source, model: object, base: object, replicates: int, seed: int):
    from cohesion.tensions import alerting
    from cohesion.tensions.calculations.calibration import calibrate

    rows = []
    for method, alphas in CANDIDATES.items():
        for alpha in alphas:
            options = replace(base, alpha={**base.alpha, method: alpha})  # type: ignore[type-var]
            judged_from = alerting.first_judged(method, options)
            reps = max(1, replicates // 4) if method == alerting.FARRINGTON else replicates
            started = time.perf_counter()
            try:
                result = calibrate(
                    lambda x, m=method, o=options: alerting.run_method(x, m, o),
                    model,  # type: ignore[arg-type]
                    n_periods=source.n_periods,
                    first_judged=judged_from,
                    series_per_area=source.series_per_area,
                    periods_per_quarter=source.periods_per_quarter,
                    replicates=reps,
                    seed=seed,
                    method=f"{method} ({source.label})",
                )
                note = ""
            except ValueError as error:
                result, note = None, str(error)
            rows.append(
                {
                    "method": method,
                    "alpha": alpha,
                    "first_judged": judged_from,
                    "replicates": reps,
                    "result": result,
                    "note": note,
                    "seconds": time.perf_counter() - started,
                }
            )
    return rows


def choose(source: Source, rows: list[dict]) -> tuple[dict | None, bool]:
    from cohesion.tensions.calculations.calibration import choose_setting

    eligible = [
        (f"{r['method']}@{r['alpha']}", r["result"])
        for r in rows
        if r["result"] is not None and r["first_judged"] <= source.max_first_judged
    ]
    if not eligible:
        return None, False
    name, meets = choose_setting(eligible)
    return next(r for r in rows if f"{r['method']}@{r['alpha']}" == name), meets


def print_table(source: Source, rows: list[dict], chosen: dict | None, meets: bool) -> None:
    print(f"\n{source.label}: {source.described}")
    header = (
        f"{'method':<20} {'alpha':>7} {'from':>5} {'judged':>8} {'false/area/qtr':>15} "
        f"{'false rate':>11} {'caught':>8}  note"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        res = r["result"]
        marks = []
        if FORMER_ALPHA.get(r["method"]) == r["alpha"]:
            marks.append("former default")
        if r is chosen:
            marks.append("CHOSEN DEFAULT")
        if r["first_judged"] > source.max_first_judged:
            marks.append(f"needs {r['first_judged']} {source.unit}s first: not eligible")
        if res is None:
            print(
                f"{r['method']:<20} {r['alpha']:>7g} {r['first_judged']:>5} {'':>8} "
                f"{'n/a':>15} {'n/a':>11} {'n/a':>8}  NOT CALIBRATED: {r['note']}"
            )
            continue
        ok = "meets target" if res.meets_target() else "misses target"
        print(
            f"{r['method']:<20} {r['alpha']:>7g} {r['first_judged']:>5} {res.judged:>8} "
            f"{res.per_area_quarter:>15.2f} {res.false_alarm_rate:>11.4f} "
            f"{res.detection:>8.1%}  {ok}{'; ' if marks else ''}{'; '.join(marks)}"
        )
    former = [
        r["result"]
        for r in rows
        if FORMER_ALPHA.get(r["method"]) == r["alpha"]
        and r["method"] in FORMER_METHODS
        and r["result"] is not None
    ]
    print(
        f"Former default set (C1, C2, C3 and the count model together): "
        f"{sum(f.per_area_quarter for f in former):.2f} false alerts per area a quarter"
    )
    if chosen is None:
        print("No setting can judge this source's history: no default chosen.")
    else:
        res = chosen["result"]
        verdict = "meets the target" if meets else "DOES NOT meet the target (best trade-off)"
        print(
            f"Chosen default: {chosen['method']} at alpha {chosen['alpha']:g}: "
            f"{res.per_area_quarter:.2f} false alerts per area a quarter, "
            f"{res.detection:.1%} of spikes caught; {verdict} "
            f"(at most 1 false alert per area a quarter, at least 90% caught)."
        )


def real_monthly_run(counts) -> tuple[int, int]:
    from cohesion.tensions import alerting

    values = counts.round().astype(np.int64)
    former = replace(
        alerting.POLICE_SETTINGS,
        methods=FORMER_METHODS,
        alpha={**alerting.POLICE_SETTINGS.alpha, **FORMER_ALPHA},
    )
    before = alerting.flag_weeks(values, former, [])
    after = alerting.flag_weeks(values, alerting.POLICE_SETTINGS, [])
    return len(before), len(after)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer replicates (noisier)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--data-dir", type=Path, default=default_data_dir())
    parser.add_argument("--write", type=Path, help="write the figures as JSON to this file")
    args = parser.parse_args(argv)
    replicates = 4 if args.quick else 20

    started = time.perf_counter()
    setup_django(args.data_dir)
    from cohesion.tensions import alerting
    from cohesion.tensions.calculations.calibration import fit_seasonal_rates

    police_counts = alerting.police_monthly_counts([MIDDLESBROUGH])
    if police_counts.empty:
        raise SystemExit(
            "No police.uk counts were loaded for Middlesbrough: is the data folder right?"
        )
    months = police_counts.shape[1]
    police_model = fit_seasonal_rates(
        police_counts.round().to_numpy(dtype=np.int64), periods_per_year=12
    )
    model, n_report_series = reports_model()
    sources = [
        (
            Source(
                name="police_uk",
                label="police.uk recorded crime (monthly)",
                unit="month",
                periods_per_quarter=3,
                series_per_area=5,
                n_periods=months,
                max_first_judged=12,
                described=(
                    f"{len(police_counts)} real Middlesbrough series (21 areas x 5 categories), "
                    f"{months} months simulated from each one's fitted seasonal rate and "
                    f"dispersion (median phi {np.median(police_model.phi):.1f})"
                ),
            ),
            police_model,
            alerting.POLICE_SETTINGS,
        ),
        (
            Source(
                name="reports",
                label="reports to Cohesion (weekly)",
                unit="week",
                periods_per_quarter=13,
                series_per_area=3,
                n_periods=alerting.DEFAULT_SETTINGS.history_weeks,
                max_first_judged=13,
                described=(
                    f"{n_report_series} series (21 areas x hate, tension and all) simulated "
                    f"from the demo's report rates, {alerting.DEFAULT_SETTINGS.history_weeks} weeks"
                ),
            ),
            model,
            alerting.DEFAULT_SETTINGS,
        ),
    ]
    print(
        f"Alert calibration, seed {args.seed}, {replicates} replicates "
        f"({max(1, replicates // 4)} for the improved Farrington method); "
        f"setup {time.perf_counter() - started:.0f} s"
    )
    written: dict = {
        "run": (
            f"bench/bench_alert_calibration.py, seed {args.seed}, {replicates} replicates, "
            f"{dt.date.today().isoformat()}"
        ),
        "target": {"max_false_alerts_per_area_quarter": 1.0, "min_detection": 0.9},
        "sources": {},
    }
    for source, rate_model, base in sources:
        rows = calibrate_source(source, rate_model, base, replicates, args.seed)
        chosen, meets = choose(source, rows)
        print_table(source, rows, chosen, meets)
        written["sources"][source.name] = {
            "described": source.described,
            "chosen": None
            if chosen is None
            else {"method": chosen["method"], "alpha": chosen["alpha"], "meets_target": meets},
            "settings": [
                {
                    "method": r["method"],
                    "alpha": r["alpha"],
                    "first_judged": r["first_judged"],
                    "judged_series_periods": r["result"].judged,
                    "false_alarms": r["result"].false_alarms,
                    "false_alarm_rate": round(r["result"].false_alarm_rate, 5),
                    "false_alerts_per_area_quarter": round(r["result"].per_area_quarter, 3),
                    "spikes": r["result"].spikes,
                    "caught": r["result"].caught,
                    "detection": round(r["result"].detection, 4),
                    "meets_target": r["result"].meets_target(),
                }
                for r in rows
                if r["result"] is not None
            ],
            "not_calibrated": [
                {"method": r["method"], "alpha": r["alpha"], "why": r["note"]}
                for r in rows
                if r["result"] is None
            ],
        }
    before, after = real_monthly_run(police_counts)
    print(
        f"\nReal Middlesbrough monthly run ({len(police_counts)} series, {months} months): "
        f"{before} alarms (series, month, method) with the former defaults, "
        f"{after} with the new ones."
    )
    written["real_middlesbrough_monthly_run"] = {"before": before, "after": after}
    if args.write:
        args.write.write_text(json.dumps(written, indent=1) + "\n", encoding="utf-8")
        print(f"Figures written to {args.write}")
    print(f"Total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
