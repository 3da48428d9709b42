"""The full estimate table of a survey wave: Cohesion's service layer against a direct pandas group-by.

A Tees Valley-sized wave: 40 questions (four-point agree scale plus "Don't know"), the
103 May 2025 wards, synthetic respondents with raking-like weights (log-normal), and
demographics for the group breakdowns. Cohesion's ``estimate_table``
(``cohesion/surveys/estimates.py``) builds the answer matrix from answer codes, a Taylor
design stratified by ward, and every estimate with its 95 % interval: headline, each
answer and the mean score, for the whole area, each ward, and each age band, sex,
ethnic group and tenure.

The peer is a direct pandas group-by of the same formula for the ward headlines (the
weighted share answering positively, and its Taylor-linearised standard error for a
ward that is its own stratum: ``n_h/(n_h-1) * sum (z - mean z)^2`` with
``z = w (y - p) / sum w`` over the answers in the base). Both are timed in this run, on
the ward headline table (the like-for-like comparison) and, for Cohesion, on the full
table too. The maximum absolute difference is over the ward headline percentages and
their standard errors (percentage points).

Run: ``.venv/bin/python bench/bench_estimates.py`` (``--quick`` for 10,000 respondents).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cohesion.settings")
os.environ.setdefault("COHESION_INSECURE_DEV_SECRET", "1")

import django

django.setup()

from cohesion.surveys.estimates import estimate_table  # noqa: E402
from cohesion.surveys.frames import ResponseFrame  # noqa: E402
from cohesion.surveys.specs import OptionSpec, QuestionSpec  # noqa: E402

TEES_VALLEY = ["E06000001", "E06000002", "E06000003", "E06000004", "E06000005"]
QUESTIONS = 40
OPTIONS = [
    OptionSpec("definitely_agree", {"en": "Definitely agree"}, 4, True, True),
    OptionSpec("tend_to_agree", {"en": "Tend to agree"}, 3, True, True),
    OptionSpec("tend_to_disagree", {"en": "Tend to disagree"}, 2, False, True),
    OptionSpec("definitely_disagree", {"en": "Definitely disagree"}, 1, False, True),
    OptionSpec("dont_know", {"en": "Don't know"}, None, False, False),
]


def default_data_dir() -> Path:
    configured = os.environ.get("COHESION_DATA_DIR")
    return (
        Path(configured) if configured else Path(__file__).resolve().parents[2] / "shared" / "data"
    )


def make_wave(
    n: int, data_dir: Path, seed: int = 1
) -> tuple[ResponseFrame, list[QuestionSpec], dict[str, str]]:
    wards = pd.read_csv(data_dir / "census2021_ew" / "ew_wd25_census2021_pct_from_oa.csv")
    wards = wards[wards.lad25cd.isin(TEES_VALLEY)]
    names = dict(zip(wards.wd25cd, wards.wd25nm, strict=True))
    codes = np.asarray(wards.wd25cd, dtype=object)
    rng = np.random.default_rng(seed)
    ward = codes[rng.choice(codes.size, size=n, p=wards.population / wards.population.sum())]
    questions = [
        QuestionSpec(
            code=f"q{j + 1:02d}",
            wording=f"Question {j + 1}",
            hint="",
            translations={},
            topic="cohesion",
            headline="% agree",
            polarity="higher_is_better",
            demographic_role="",
            source="benchmark",
            page=1,
            required=False,
            options=tuple(OPTIONS),
        )
        for j in range(QUESTIONS)
    ]
    option_codes = np.asarray([o.code for o in OPTIONS], dtype=object)
    ward_effect = {c: rng.normal(0, 0.5) for c in codes}
    shift = np.array([ward_effect[c] for c in ward])
    answers = {}
    for q in questions:
        p_agree = 1 / (1 + np.exp(-(rng.normal(0.5, 0.6) + shift)))
        agree = rng.random(n) < p_agree
        pick = np.where(agree, rng.integers(0, 2, n), rng.integers(2, 4, n))
        pick[rng.random(n) < 0.05] = 4
        answers[q.code] = option_codes[pick]

    def draw(categories: list[str]) -> np.ndarray:
        return np.asarray(categories, dtype=object)[rng.integers(0, len(categories), n)]

    frame = ResponseFrame(
        ids=np.arange(n, dtype=np.int64),
        ward=ward,
        age_band=draw(["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]),
        sex=draw(["female", "male"]),
        ethnic_group=draw(["asian", "black", "mixed", "white", "other"]),
        tenure=draw(["owned_outright", "owned_mortgage", "social_rented", "private_rented"]),
        answers=answers,
        weights=rng.lognormal(0.0, 0.45, n),
    )
    return frame, questions, names


def pandas_ward_headlines(frame: ResponseFrame, questions: list[QuestionSpec]) -> pd.DataFrame:
    """The peer: weighted % positive by ward and its Taylor SE, with pandas group-by."""
    positive = {o.code for o in OPTIONS if o.positive}
    in_base = {o.code for o in OPTIONS if o.in_base}
    out = []
    for q in questions:
        answers = pd.Series(frame.answers[q.code])
        df = pd.DataFrame(
            {
                "ward": frame.ward,
                "w": frame.weights,
                "m": answers.isin(in_base).to_numpy(float),
                "y": answers.isin(positive).to_numpy(float),
            }
        )
        df["wm"] = df.w * df.m
        df["wmy"] = df.wm * df.y
        g = df.groupby("ward", sort=True)
        sums = g[["wm", "wmy"]].sum()
        p = sums.wmy / sums.wm
        df["z"] = df.wm * (df.y - df.ward.map(p)) / df.ward.map(sums.wm)
        z = df.groupby("ward", sort=True)["z"]
        n_h = z.size()
        variance = n_h / (n_h - 1) * z.apply(lambda s: ((s - s.mean()) ** 2).sum())
        out.append(
            pd.DataFrame(
                {
                    "question_code": q.code,
                    "domain_code": p.index,
                    "estimate": 100 * p.to_numpy(),
                    "se": 100 * np.sqrt(variance.to_numpy()),
                }
            )
        )
    return pd.concat(out, ignore_index=True)


def timed(function, repeat: int) -> tuple[float, object]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 respondents instead of 50,000")
    parser.add_argument("--data-dir", type=Path, default=default_data_dir())
    args = parser.parse_args()
    n = 10_000 if args.quick else 50_000
    repeat = 2 if args.quick else 3
    frame, questions, names = make_wave(n, args.data_dir)
    print(f"{n:,} respondents, {QUESTIONS} questions, {len(names)} wards; best of {repeat} runs\n")

    ours_ward, table = timed(
        lambda: estimate_table(frame, questions, names, domain_kinds=["ward"]), repeat
    )
    peer_ward, peer = timed(lambda: pandas_ward_headlines(frame, questions), repeat)
    ours_full, full = timed(lambda: estimate_table(frame, questions, names), repeat)

    assert (
        isinstance(table, pd.DataFrame)
        and isinstance(peer, pd.DataFrame)
        and isinstance(full, pd.DataFrame)
    )
    headline = table[table.statistic == "headline"].merge(
        peer, on=["question_code", "domain_code"], suffixes=("", "_peer")
    )
    assert len(headline) == QUESTIONS * len(names), len(headline)
    diff_estimate = float(np.max(np.abs(headline.estimate - headline.estimate_peer)))
    diff_se = float(np.max(np.abs(headline.se - headline.se_peer)))

    rows = [
        (
            "ward headlines (40 x 103)",
            "Cohesion estimate_table",
            ours_ward,
            "pandas group-by",
            peer_ward,
        ),
    ]
    print(f"{'table':<28} {'ours (s)':>9} {'peer':<18} {'peer (s)':>9} {'peer/ours':>10}")
    for label, _ours_name, ours, peer_name, peer_time in rows:
        print(
            f"{label:<28} {ours:>9.3f} {peer_name:<18} {peer_time:>9.3f} {peer_time / ours:>10.1f}"
        )
    print(
        f"{'full table':<28} {ours_full:>9.3f} {'(no peer)':<18} {'':>9} {'':>10}"
        f"   {len(full):,} estimates with 95% intervals"
    )
    print(
        f"\nmax |difference| ward headline %: {diff_estimate:.2e} points; standard error: {diff_se:.2e} points"
    )


if __name__ == "__main__":
    main()
