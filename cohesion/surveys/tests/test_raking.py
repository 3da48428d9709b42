"""Raking is pinned to R survey::rake(), weightipy, ipfn and balance on published data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from ipfn import ipfn
from weightipy import scheme_from_dict
from weightipy import weight as weightipy_weight

from cohesion.surveys.calculations.raking import (
    Margin,
    RakingError,
    encode_categories,
    kish_design_effect,
    kish_effective_sample_size,
    rake_to_margins,
    weighting_efficiency,
)

GENDER = [0.456, 0.544]
LOCALITY = [0.10, 0.15, 0.20, 0.25, 0.30]
WAVE = [0.20] * 5


@pytest.fixture(scope="module")
def raking_dir(shared_data: Path) -> Path:
    return shared_data / "reference" / "03_raking"


@pytest.fixture(scope="module")
def example_a(raking_dir: Path) -> pd.DataFrame:
    return pd.read_csv(raking_dir / "exampleA_gender_locality_wave.csv")


@pytest.fixture(scope="module")
def reference_weights(raking_dir: Path, example_a: pd.DataFrame) -> pd.DataFrame:
    r = pd.read_csv(raking_dir / "rake_weights_R_survey.csv")
    py = pd.read_csv(raking_dir / "rake_weights_python.csv")
    assert (r.unique_id.to_numpy() == example_a.unique_id.to_numpy()).all()
    assert (py.unique_id.to_numpy() == example_a.unique_id.to_numpy()).all()
    return r.merge(py, on="unique_id", validate="one_to_one")


def _scheme(d: pd.DataFrame, with_wave: bool) -> list[Margin]:
    margins = [
        Margin("gender", d.gender.to_numpy() - 1, GENDER, labels=[1, 2]),
        Margin("locality", d.locality.to_numpy() - 1, LOCALITY, labels=[1, 2, 3, 4, 5]),
    ]
    if with_wave:
        margins.append(Margin("Wave", d.Wave.to_numpy() - 1, WAVE, labels=[1, 2, 3, 4, 5]))
    return margins


def _rake_example(d: pd.DataFrame, with_wave: bool):
    return rake_to_margins(None, _scheme(d, with_wave), targets_are="proportions", tolerance=1e-13)


@pytest.mark.parametrize(
    ("scheme", "column"),
    [
        ("A", "w_A_Rsurvey"),
        ("A", "w_A_weightipy"),
        ("A", "w_A_ipfn"),
        ("A", "w_A_balance"),
        ("B", "w_B_Rsurvey"),
        ("B", "w_B_weightipy"),
        ("B", "w_B_ipfn"),
        ("B", "w_B_balance"),
    ],
)
def test_weights_match_r_survey_and_python_libraries_per_respondent(
    example_a: pd.DataFrame, reference_weights: pd.DataFrame, scheme: str, column: str
) -> None:
    result = _rake_example(example_a, with_wave=scheme == "B")
    assert result.converged
    np.testing.assert_allclose(result.weights, reference_weights[column], rtol=0, atol=1e-10)


def test_scheme_a_min_max_and_kish_efficiency_match_the_published_figures(
    example_a: pd.DataFrame,
) -> None:
    result = _rake_example(example_a, with_wave=False)
    assert result.min_weight == pytest.approx(0.258479833373, abs=1e-12)
    assert result.max_weight == pytest.approx(2.938652439233, abs=1e-12)
    assert result.efficiency_percent == pytest.approx(50.9937337868, abs=1e-10)
    assert result.design_effect == pytest.approx(100 / 50.9937337868, rel=1e-10)
    assert result.effective_sample_size == pytest.approx(8078 * 0.509937337868, rel=1e-10)
    assert result.weights.sum() == pytest.approx(8078, rel=1e-12)


def test_scheme_b_min_max_and_kish_efficiency_match_the_published_figures(
    example_a: pd.DataFrame,
) -> None:
    result = _rake_example(example_a, with_wave=True)
    assert result.min_weight == pytest.approx(0.246972043303, abs=1e-12)
    assert result.max_weight == pytest.approx(3.010260270931, abs=1e-12)
    assert result.efficiency_percent == pytest.approx(50.9647934756, abs=1e-10)


@pytest.mark.parametrize("scheme", ["A", "B"])
def test_one_weight_per_cell_matches_ipfn_on_the_cell_table(
    example_a: pd.DataFrame, raking_dir: Path, scheme: str
) -> None:
    result = _rake_example(example_a, with_wave=scheme == "B")
    cells = pd.read_csv(raking_dir / f"rake_cell_weights_scheme{scheme}_ipfn.csv")
    keys = ["gender", "locality"] + (["Wave"] if scheme == "B" else [])
    ours = (
        example_a.assign(w=result.weights)
        .groupby(keys)["w"]
        .agg(["min", "max"])
        .reset_index()
        .merge(cells, on=keys, validate="one_to_one")
    )
    assert len(ours) == len(cells)
    np.testing.assert_allclose(ours["min"], ours["max"], rtol=0, atol=1e-14)
    np.testing.assert_allclose(ours["min"], ours["weight_ipfn"], rtol=0, atol=1e-10)


def test_achieved_margins_equal_targets_and_are_reported(example_a: pd.DataFrame) -> None:
    result = _rake_example(example_a, with_wave=True)
    n = len(example_a)
    assert [m.name for m in result.margins] == ["gender", "locality", "Wave"]
    for fit, shares in zip(result.margins, [GENDER, LOCALITY, WAVE], strict=True):
        np.testing.assert_allclose(fit.target, np.array(shares) * n, rtol=1e-14)
        np.testing.assert_allclose(fit.achieved, fit.target, rtol=1e-12)
        assert fit.labels == (1, 2) or fit.labels == (1, 2, 3, 4, 5)
    assert result.max_rel_margin_error <= 1e-13
    assert result.max_abs_margin_error <= 1e-9
    assert 1 < result.iterations < 50


def test_targets_as_totals_give_the_same_weights_as_proportions(example_a: pd.DataFrame) -> None:
    n = len(example_a)
    as_totals = [
        Margin(m.name, m.codes, np.asarray(m.targets) * n) for m in _scheme(example_a, True)
    ]
    totals = rake_to_margins(None, as_totals, tolerance=1e-13)
    shares = _rake_example(example_a, with_wave=True)
    np.testing.assert_allclose(totals.weights, shares.weights, rtol=1e-12)


# --- Cross-checks with two libraries on other data -----------------------------------------


@pytest.fixture(scope="module")
def apiclus1(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_data / "reference" / "02_survey" / "data" / "apiclus1.csv")


def test_apiclus1_raked_to_the_r_survey_manual_margins_agrees_with_ipfn_and_weightipy(
    apiclus1: pd.DataFrame,
) -> None:
    # The margins of R survey's ?rake example: 4421/755/1018 schools by type and
    # 1072/5122 by whether the school-wide target was met (6,194 schools).
    d = apiclus1.copy()
    types, schwide = ["E", "H", "M"], ["No", "Yes"]
    type_totals, schwide_totals = np.array([4421.0, 755, 1018]), np.array([1072.0, 5122])
    ours = rake_to_margins(
        d.pw,
        [
            Margin("stype", encode_categories(d.stype, types, "stype"), type_totals),
            Margin(
                "sch.wide", encode_categories(d["sch.wide"], schwide, "sch.wide"), schwide_totals
            ),
        ],
        tolerance=1e-13,
    )
    d["w"] = d.pw
    ipf = ipfn.ipfn(
        d[["stype", "sch.wide", "w"]].copy(),
        [
            pd.Series(type_totals, index=pd.Index(types, name="stype")),
            pd.Series(schwide_totals, index=pd.Index(schwide, name="sch.wide")),
        ],
        [["stype"], ["sch.wide"]],
        weight_col="w",
        convergence_rate=1e-14,
        rate_tolerance=0,
        max_iteration=1000,
    ).iteration()
    np.testing.assert_allclose(ours.weights, ipf["w"].to_numpy(), rtol=1e-10)

    # weightipy starts from weights of 1 and targets in percent; apiclus1's design weight
    # is constant, so its weights are ours divided by that constant.
    scheme = scheme_from_dict(
        {
            "stype": dict(zip(types, type_totals / 6194 * 100, strict=True)),
            "sch.wide": dict(zip(schwide, schwide_totals / 6194 * 100, strict=True)),
        },
        rim_params={"convcrit": 1e-6, "max_iterations": 1000},
    )
    wi = weightipy_weight(d[["stype", "sch.wide"]].copy(), scheme).to_numpy()
    np.testing.assert_allclose(ours.weights / ours.weights.mean(), wi / wi.mean(), rtol=1e-10)


def test_synthetic_four_margin_scheme_with_unequal_seed_weights_agrees_with_ipfn() -> None:
    rng = np.random.default_rng(20240601)
    n = 3000
    d = pd.DataFrame(
        {
            "age": rng.integers(0, 6, n),
            "sex": rng.integers(0, 2, n),
            "ward": rng.integers(0, 12, n),
            "tenure": rng.choice(4, n, p=[0.5, 0.2, 0.2, 0.1]),
            "w": rng.uniform(0.5, 2.0, n),
        }
    )
    total = 50_000.0
    targets = {
        "age": rng.dirichlet(np.full(6, 5.0)) * total,
        "sex": np.array([0.49, 0.51]) * total,
        "ward": rng.dirichlet(np.full(12, 8.0)) * total,
        "tenure": np.array([0.6, 0.15, 0.17, 0.08]) * total,
    }
    ours = rake_to_margins(
        d.w, [Margin(k, d[k].to_numpy(), v) for k, v in targets.items()], tolerance=1e-12
    )
    ipf = ipfn.ipfn(
        d.copy(),
        [pd.Series(v, index=pd.Index(range(v.size), name=k)) for k, v in targets.items()],
        [[k] for k in targets],
        weight_col="w",
        convergence_rate=1e-13,
        rate_tolerance=0,
        max_iteration=2000,
    ).iteration()
    np.testing.assert_allclose(ours.weights, ipf["w"].to_numpy(), rtol=1e-9)
    assert ours.weights.sum() == pytest.approx(total, rel=1e-12)


# --- Trimming ----------------------------------------------------------------------------


def test_trimming_caps_weights_and_still_meets_the_margins() -> None:
    rng = np.random.default_rng(7)
    n = 5000
    margins = [
        Margin("age", rng.choice(6, n, p=[0.05, 0.1, 0.15, 0.2, 0.25, 0.25]), np.full(6, 1 / 6)),
        Margin("sex", rng.integers(0, 2, n), [0.49, 0.51]),
        Margin("ward", rng.integers(0, 10, n), rng.dirichlet(np.full(10, 5.0))),
    ]
    seed = rng.uniform(0.5, 2.0, n)
    untrimmed = rake_to_margins(seed, margins, targets_are="proportions", tolerance=1e-10)
    result = rake_to_margins(
        seed, margins, targets_are="proportions", tolerance=1e-10, trim_upper=5, trim_lower=0.2
    )
    mean = result.weights.mean()
    assert untrimmed.max_weight > 5 * mean and untrimmed.min_weight < 0.2 * mean
    assert result.trim_rounds >= 1
    assert result.max_weight <= 5 * mean * (1 + 1e-3)
    assert result.min_weight >= 0.2 * mean * (1 - 1e-3)
    assert result.max_rel_margin_error <= 1e-10
    assert result.efficiency_percent > untrimmed.efficiency_percent


def test_trimming_that_cannot_meet_the_margins_raises_a_raking_error(
    example_a: pd.DataFrame,
) -> None:
    # Locality 1 holds 38 % of respondents but 10 % of the population, so its weights
    # must average 0.26 times the mean: a floor of 0.3 cannot be met.
    with pytest.raises(RakingError, match="caps"):
        rake_to_margins(
            None,
            _scheme(example_a, with_wave=False),
            targets_are="proportions",
            trim_lower=0.3,
            max_trim_rounds=20,
        )


# --- Failures ----------------------------------------------------------------------------


def test_an_empty_cell_with_a_positive_target_is_refused() -> None:
    codes = np.array([0, 0, 1, 1])
    with pytest.raises(RakingError, match=r"'Stockton'.*no respondents"):
        rake_to_margins(
            None,
            [Margin("ward", codes, [10, 20, 5], labels=["Hartlepool", "Darlington", "Stockton"])],
        )


def test_margins_with_different_totals_are_refused_as_contradictory() -> None:
    codes = np.array([0, 1, 0, 1])
    with pytest.raises(RakingError, match="contradict"):
        rake_to_margins(None, [(codes, [50, 50]), (codes[::-1].copy(), [60, 50])])


def test_proportions_that_do_not_add_up_to_one_are_refused() -> None:
    codes = np.array([0, 1, 0, 1])
    with pytest.raises(RakingError, match="add up to 1"):
        rake_to_margins(None, [(codes, [45.6, 54.4])], targets_are="proportions")


def test_margins_that_cannot_be_met_together_fail_to_converge_and_return_no_weights() -> None:
    # Everyone in age band 0 is in ward 0 and vice versa, so the two margins must agree
    # but do not: IPF oscillates for ever.
    codes = np.array([0, 0, 1, 1])
    margins = [Margin("age", codes, [50, 50]), Margin("ward", codes.copy(), [30, 70])]
    with pytest.raises(RakingError, match="did not converge within 200 sweeps"):
        rake_to_margins(None, margins, max_iterations=200)
    diagnosis = rake_to_margins(None, margins, max_iterations=200, allow_nonconvergence=True)
    assert not diagnosis.converged
    assert diagnosis.iterations == 200


@pytest.mark.parametrize(
    ("targets", "message"),
    [([10.0, -1.0], "negative"), ([10.0, np.nan], "missing or infinite"), ([0.0, 0.0], "zero")],
)
def test_bad_targets_are_refused(targets: list[float], message: str) -> None:
    with pytest.raises(RakingError, match=message):
        rake_to_margins(None, [(np.array([0, 1]), targets)])


def test_bad_seed_weights_and_codes_are_refused() -> None:
    codes = np.array([0, 1, 1])
    with pytest.raises(RakingError, match="negative"):
        rake_to_margins([1.0, -1.0, 1.0], [(codes, [1, 2])])
    with pytest.raises(RakingError, match="missing"):
        rake_to_margins([1.0, np.nan, 1.0], [(codes, [1, 2])])
    with pytest.raises(RakingError, match="outside"):
        rake_to_margins(None, [(np.array([0, 1, 2]), [1, 2])])
    with pytest.raises(RakingError, match="integers"):
        rake_to_margins(None, [(np.array(["a", "b", "b"]), [1, 2])])
    with pytest.raises(RakingError, match="respondents"):
        rake_to_margins(None, [(codes, [1, 2]), (np.array([0, 1]), [1, 2])])


def test_raking_error_is_a_value_error() -> None:
    assert issubclass(RakingError, ValueError)


def test_encode_categories_refuses_a_respondent_without_a_target() -> None:
    assert encode_categories(["b", "a", "b"], ["a", "b"], "sex").tolist() == [1, 0, 1]
    with pytest.raises(RakingError, match="no target"):
        encode_categories(["a", "x", None], ["a", "b"], "sex")


def test_zero_target_category_gets_zero_weight() -> None:
    result = rake_to_margins(None, [(np.array([0, 1, 1, 2]), [3.0, 0.0, 1.0])])
    np.testing.assert_allclose(result.weights, [3.0, 0.0, 0.0, 1.0])


def test_kish_figures_on_a_hand_worked_example() -> None:
    w = [1.0, 1.0, 2.0, 2.0]  # n=4, sum 6, sum of squares 10
    assert kish_design_effect(w) == pytest.approx(4 * 10 / 36)
    assert kish_effective_sample_size(w) == pytest.approx(3.6)
    assert weighting_efficiency(w) == pytest.approx(90.0)
    with pytest.raises(ValueError, match="positive weight"):
        kish_design_effect([0.0, 0.0])
