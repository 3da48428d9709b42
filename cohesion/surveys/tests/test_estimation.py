"""Design-based estimates are pinned to R survey 4.1.1 (shared/data/reference/02_survey)."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from django.conf import settings
from scipy import stats

from cohesion.surveys.calculations.estimation import (
    ReplicateDesign,
    SurveyDesign,
    SurveyDesignError,
    SurveyEstimates,
    TaylorDesign,
    compare_waves,
    jackknife_replicates,
    make_replicate_design,
    make_taylor_design,
    normal_or_t_interval,
    proportion_interval,
    survey_mean,
    survey_ratio,
    survey_total,
)

REFERENCE = Path(settings.COHESION_DATA_DIR) / "reference" / "02_survey"


@cache
def _read(name: str) -> pd.DataFrame:
    # As R's read.csv: "NA", "NaN" and empty numeric fields are missing; "None" is a string.
    return pd.read_csv(
        REFERENCE / "data" / name, keep_default_na=False, na_values=["NA", "NaN", ""]
    )


@cache
def _replicate_file(name: str) -> pd.DataFrame:
    # "rows with NA income/sex dropped; low_income=income<40000; hh_size=id%%4+1"
    a = _read(name)
    a = a[a.income.notna() & a.sex.notna()].reset_index(drop=True)
    return a.assign(low_income=(a.income < 40000).astype(float), hh_size=a.id % 4 + 1)


def _data(design_id: str) -> pd.DataFrame:
    if design_id in ("st", "stf"):
        return _read("apistrat.csv")
    if design_id in ("cl", "clf", "sc"):
        return _read("apiclus1.csv")
    if design_id.startswith("dclus2"):
        return _read("apiclus2.csv")
    if design_id in ("A1", "B1", "B2", "B4", "C2"):
        return _read("synthetic_multistage.csv")
    if design_id == "BRR":
        return _replicate_file("fake_survey_brr_24122025.csv")
    if design_id == "JKn":
        return _replicate_file("fake_survey_jackknife_25122025.csv")
    return _read("domain_nulls_20260722.csv")


# One builder per R design call in expected_values.csv.
DESIGNS: dict[str, Callable[[pd.DataFrame], SurveyDesign]] = {
    "st": lambda d: make_taylor_design(weights=d.pw, strata=d.stype),
    "stf": lambda d: make_taylor_design(weights=d.pw, strata=d.stype, fpc=d.fpc),
    "cl": lambda d: make_taylor_design(weights=d.pw, clusters=d.dnum),
    "clf": lambda d: make_taylor_design(weights=d.pw, clusters=d.dnum, fpc=d.fpc),
    "sc": lambda d: make_taylor_design(weights=d.pw, clusters=d.dnum, strata=d.stype, nest=True),
    "dclus2_fpc": lambda d: make_taylor_design(clusters=[d.dnum, d.snum], fpc=[d.fpc1, d.fpc2]),
    "dclus2_nofpc": lambda d: make_taylor_design(weights=d.pw, clusters=[d.dnum, d.snum]),
    "A1": lambda d: make_taylor_design(weights=d.wgt, clusters=d.psu),
    "B1": lambda d: make_taylor_design(weights=d.wgt, clusters=d.psu, strata=d.stratum),
    "B2": lambda d: make_taylor_design(
        weights=d.wgt, clusters=d.psu, strata=d.stratum, fpc=d.fpc_psu
    ),
    "B4": lambda d: make_taylor_design(
        weights=d.wgt,
        clusters=[d.psu, d.ssu],
        strata=d.stratum,
        fpc=[d.fpc_psu, d.fpc_ssu],
        nest=True,
    ),
    "C2": lambda d: make_taylor_design(
        clusters=[d.psu, d.ssu, d.unit_id],
        strata=d.stratum,
        fpc=[d.fpc_psu, d.fpc_ssu, d.fpc_unit],
        nest=True,
    ),
    "BRR": lambda d: make_replicate_design(
        d.weight, d[[f"brr_{i}" for i in range(1, 9)]], type="BRR", combined_weights=True
    ),
    "JKn": lambda d: make_replicate_design(
        d.weight,
        d[[f"jk_{i}" for i in range(1, 9)]],
        type="JKn",
        scale=1,
        rscales=[0.5] * 8,
        combined_weights=True,
    ),
    "asJKn": lambda d: jackknife_replicates(
        make_taylor_design(weights=d.wgt, clusters=d.cluster, strata=d.stratum), type="JKn"
    ),
    "asJKn_mse": lambda d: jackknife_replicates(
        make_taylor_design(weights=d.wgt, clusters=d.cluster, strata=d.stratum),
        type="JKn",
        mse=True,
    ),
}


def _rows() -> list[dict[str, str]]:
    with open(REFERENCE / "expected_values.csv", newline="") as f:
        return list(csv.DictReader(f))


def _row_id(i: int, row: dict[str, str]) -> str:
    text = f"{i:02d}-{row['design_id']}-{row['statistic']}-{row['variable']}-{row['domain']}-{row['quantity']}"
    return re.sub(r"[^A-Za-z0-9_.=/-]+", "_", text)


ROWS = _rows()


def _estimate(row: dict[str, str], design: SurveyDesign, d: pd.DataFrame) -> SurveyEstimates:
    domain = row["domain"]
    kwargs: dict[str, object] = {"na_rm": "na.rm=TRUE" in domain}
    if row["quantity"].startswith("deff"):
        kwargs["deff"] = True
    by_level = None
    if match := re.fullmatch(r"subset\(([\w.]+)=='(\w+)'\)", domain):
        kwargs["subset"] = (d[match[1]] == match[2]).to_numpy()
    elif match := re.fullmatch(r"(\w+)=(\w+) \(svyby\)", domain):
        kwargs["by"] = d[match[1]]
        by_level = match[2]
    else:
        assert domain.startswith("all"), domain

    statistic, variable = row["statistic"], row["variable"]
    if statistic == "ratio":
        num, den = variable.split("/")
        result = survey_ratio(design, d[num], d[den], **kwargs)  # type: ignore[arg-type]
    elif statistic == "prop":
        column, level = variable.split("==")
        indicator = (d[column] == float(level)).astype(float)
        result = survey_mean(design, indicator, **kwargs)  # type: ignore[arg-type]
    elif statistic == "mean":
        result = survey_mean(design, d[variable], **kwargs)  # type: ignore[arg-type]
    else:
        assert statistic == "total"
        result = survey_total(design, d[variable], **kwargs)  # type: ignore[arg-type]

    if by_level is not None:
        row_index = result.domains.index(by_level)
        return SurveyEstimates(
            statistic=result.statistic,
            domains=(by_level,),
            variables=result.variables,
            estimate=result.estimate[[row_index]],
            variance=result.variance[[row_index]],
            n=result.n[[row_index]],
            degrees_of_freedom=result.degrees_of_freedom,
            deff_wor=None if result.deff_wor is None else result.deff_wor[[row_index]],
            deff_wr=None if result.deff_wr is None else result.deff_wr[[row_index]],
        )
    return result


def _quantity(row: dict[str, str], result: SurveyEstimates, design: SurveyDesign) -> float:
    quantity = row["quantity"]
    if quantity == "est":
        return float(result.estimate[0, 0])
    if quantity == "se":
        return float(result.se[0, 0])
    if quantity.startswith("deff_wor"):
        assert result.deff_wor is not None
        return float(result.deff_wor[0, 0])
    if quantity.startswith("deff_wr"):
        assert result.deff_wr is not None
        return float(result.deff_wr[0, 0])
    match = re.fullmatch(r"(lci|uci) \(t, df=(degf=)?(\d+)\)", quantity)
    assert match, quantity
    df = int(match[3])
    if match[2]:  # R used degf(design): ours must agree
        assert design.degrees_of_freedom == df
    lower, upper = result.confidence_interval(level=0.95, df=df)
    return float((lower if match[1] == "lci" else upper)[0, 0])


def test_reference_table_has_88_rows_and_every_design_is_supported() -> None:
    assert len(ROWS) == 88
    assert {row["design_id"] for row in ROWS} <= set(DESIGNS)


@pytest.mark.parametrize("row", ROWS, ids=[_row_id(i, r) for i, r in enumerate(ROWS)])
def test_estimate_matches_r_survey(row: dict[str, str]) -> None:
    d = _data(row["design_id"])
    design = DESIGNS[row["design_id"]](d)
    result = _estimate(row, design, d)
    expected = float(row["R_survey_4.1.1_recomputed"])
    assert _quantity(row, result, design) == pytest.approx(expected, rel=1e-8)


# --- Further values from recomputed_R_survey_output.txt --------------------------------------


@pytest.mark.parametrize(
    ("design_id", "expected_se"),
    [("stf", 58278.9789376329), ("clf", 898363.6444402712), ("sc", 858873.8700860601)],
)
def test_totals_of_api00_match_r_survey_for_fpc_and_stratified_cluster_designs(
    design_id: str, expected_se: float
) -> None:
    d = _data(design_id)
    total = survey_total(DESIGNS[design_id](d), d.api00)
    assert total.se[0, 0] == pytest.approx(expected_se, rel=1e-10)


def test_two_stage_total_with_missing_enrolment_matches_r_survey() -> None:
    d = _data("dclus2_fpc")
    total = survey_total(DESIGNS["dclus2_fpc"](d), d.enroll, na_rm=True)
    assert total.estimate[0, 0] == pytest.approx(2639272.93, rel=1e-12)
    assert total.se[0, 0] == pytest.approx(799637.7736483578, rel=1e-10)


def test_weights_derived_from_three_stage_fpc_reproduce_r_survey_estimate() -> None:
    d = _data("C2")
    design = DESIGNS["C2"](d)
    assert survey_mean(design, d.y).estimate[0, 0] == pytest.approx(60.4853490329, rel=1e-11)
    assert survey_total(design, d.y).estimate[0, 0] == pytest.approx(1145138.8705654761, rel=1e-12)


def test_confidence_intervals_for_two_stage_mean_without_fpc_match_r_confint() -> None:
    d = _data("dclus2_nofpc")
    design = DESIGNS["dclus2_nofpc"](d)
    mean = survey_mean(design, d.api00)
    lower, upper = mean.confidence_interval()
    assert (lower[0, 0], upper[0, 0]) == pytest.approx((610.618224643, 731.005391593), rel=1e-11)
    lower, upper = mean.confidence_interval(df=design.degrees_of_freedom)
    assert design.degrees_of_freedom == 39
    assert (lower[0, 0], upper[0, 0]) == pytest.approx((608.691781577, 732.931834659), rel=1e-11)


def test_logit_interval_for_a_proportion_matches_r_svyciprop() -> None:
    # svyciprop(~I(sch.wide=="Yes"), dclus2, method="logit") uses df = degf(design) = 39.
    d = _data("dclus2_nofpc")
    design = DESIGNS["dclus2_nofpc"](d)
    p = survey_mean(design, (d["sch.wide"] == "Yes").astype(float))
    assert p.estimate[0, 0] == pytest.approx(0.7512915129, rel=1e-9)
    assert p.se[0, 0] == pytest.approx(0.06672, abs=5e-6)
    lower, upper = proportion_interval(p.estimate, p.se, df=design.degrees_of_freedom)
    assert lower[0, 0] == pytest.approx(0.59466255, abs=5e-9)
    assert upper[0, 0] == pytest.approx(0.86149, abs=5e-6)


def test_domain_mean_with_missing_values_matches_r_survey() -> None:
    d = _data("asJKn")
    design = make_taylor_design(weights=d.wgt, clusters=d.cluster, strata=d.stratum)
    mean = survey_mean(design, d.income, subset=(d.employed == 1).to_numpy(), na_rm=True)
    assert mean.estimate[0, 0] == pytest.approx(42949.3221906951, rel=1e-12)
    assert mean.se[0, 0] == pytest.approx(1715.3639309905, rel=1e-10)


def test_replicate_degrees_of_freedom_follow_r_degf() -> None:
    design = DESIGNS["asJKn"](_data("asJKn"))
    assert isinstance(design, ReplicateDesign)
    assert design.degrees_of_freedom == 6
    assert design.replicate_weights.shape[1] == 8


# --- Identities that hold independently of R ----------------------------------------------


@pytest.mark.parametrize("design_id", ["cl", "st", "sc"])
def test_jackknife_variance_of_a_total_equals_the_linearisation_variance(design_id: str) -> None:
    # For a linear statistic the delete-one-PSU jackknife reproduces the with-replacement
    # Taylor variance exactly (Wolter 2007, section 4.5).
    d = _data(design_id)
    taylor = DESIGNS[design_id](d)
    assert isinstance(taylor, TaylorDesign)
    jack = jackknife_replicates(taylor)
    expected = survey_total(taylor, d.api00).se
    np.testing.assert_allclose(survey_total(jack, d.api00).se, expected, rtol=1e-10)


def test_by_domains_equal_one_subset_at_a_time_and_keep_the_full_design() -> None:
    d = _data("cl")
    design = DESIGNS["cl"](d)
    by = survey_mean(design, d[["api00", "api99"]], by=d.stype)
    assert by.domains == ("E", "H", "M")
    for i, level in enumerate(by.domains):
        one = survey_mean(design, d[["api00", "api99"]], subset=(d.stype == level).to_numpy())
        np.testing.assert_allclose(by.estimate[i], one.estimate[0], rtol=1e-13)
        np.testing.assert_allclose(by.se[i], one.se[0], rtol=1e-12)
        np.testing.assert_array_equal(by.n[i], [(d.stype == level).sum()] * 2)
    # Cutting the data down first and treating it as its own design gives a different
    # (wrong) standard error for a cluster sample: the domain must keep the full design.
    high = d[d.stype == "H"]
    cut = survey_mean(make_taylor_design(weights=high.pw, clusters=high.dnum), high.api00)
    assert cut.se[0, 0] != pytest.approx(by.se[1, 0], rel=1e-3)


def test_many_variables_at_once_equal_one_variable_at_a_time() -> None:
    d = _data("B4")
    design = DESIGNS["B4"](d)
    both = survey_mean(design, d[["y", "x"]], by=d.stratum)
    for j, column in enumerate(["y", "x"]):
        one = survey_mean(design, d[column], by=d.stratum)
        np.testing.assert_allclose(both.estimate[:, j], one.estimate[:, 0], rtol=1e-13)
        np.testing.assert_allclose(both.se[:, j], one.se[:, 0], rtol=1e-12)
    assert both.deff_wor is None and both.deff_wr is None  # only on request, as in R
    frame = both.to_frame()
    assert list(frame.columns[:7]) == [
        "domain",
        "variable",
        "estimate",
        "se",
        "lower",
        "upper",
        "n",
    ]
    assert len(frame) == 4


def test_korn_graubard_interval_is_clopper_pearson_when_the_design_effect_is_one() -> None:
    # With se^2 = p(1-p)/n the effective sample size is n, and with df = n - 1 the
    # t adjustment is 1, so the interval is the exact binomial (Clopper-Pearson) one.
    p = 3 / 40
    lower, upper = proportion_interval(
        p, np.sqrt(p * (1 - p) / 40), method="korn-graubard", n=40, df=39
    )
    exact = stats.binomtest(3, 40).proportion_ci(confidence_level=0.95, method="exact")
    assert lower == pytest.approx(exact.low, rel=1e-10)
    assert upper == pytest.approx(exact.high, rel=1e-10)
    # A design effect above 1 (fewer degrees of freedom) widens it.
    wide_lower, wide_upper = proportion_interval(
        p, 1.5 * np.sqrt(p * (1 - p) / 40), method="korn-graubard", n=40, df=10
    )
    assert wide_lower < lower and wide_upper > upper


def test_korn_graubard_interval_at_zero_starts_at_zero_and_logit_collapses() -> None:
    lower, upper = proportion_interval(0.0, 0.0, method="korn-graubard", n=40)
    assert lower == 0.0
    assert upper == pytest.approx(1 - 0.025 ** (1 / 40), rel=1e-10)
    assert proportion_interval(0.0, 0.0) == (0.0, 0.0)


def test_normal_interval_uses_1_96_and_t_interval_uses_the_t_quantile() -> None:
    lower, upper = normal_or_t_interval(10.0, 2.0)
    assert (lower, upper) == pytest.approx((10 - 1.959963984540054 * 2, 10 + 1.959963984540054 * 2))
    lower, _ = normal_or_t_interval(10.0, 2.0, df=7)
    assert lower == pytest.approx(10 - 2.364624251592785 * 2)


def test_change_between_waves_is_tested_two_sided_at_five_percent() -> None:
    change = compare_waves([0.50, 0.50], [0.03, 0.03], [0.60, 0.55], [0.04, 0.04])
    np.testing.assert_allclose(change.difference, [0.10, 0.05])
    np.testing.assert_allclose(change.se, [0.05, 0.05])
    np.testing.assert_allclose(change.z, [2.0, 1.0])
    np.testing.assert_allclose(change.p_value, [0.04550026389635842, 0.31731050786291404])
    np.testing.assert_array_equal(change.significant, [True, False])
    np.testing.assert_allclose(change.lower, [0.10 - 1.959963984540054 * 0.05, 0.05 - 0.0979981992])
    with pytest.raises(ValueError, match="negative"):
        compare_waves(0.5, -0.1, 0.6, 0.1)


# --- Bad input ----------------------------------------------------------------------------


def test_missing_answers_are_refused_unless_na_rm() -> None:
    d = _data("asJKn")
    design = make_taylor_design(weights=d.wgt, clusters=d.cluster, strata=d.stratum)
    with pytest.raises(SurveyDesignError, match="na_rm=True"):
        survey_mean(design, d.income)


def test_psus_that_cross_strata_need_nest() -> None:
    d = _data("sc")
    with pytest.raises(SurveyDesignError, match="nest=True"):
        make_taylor_design(weights=d.pw, clusters=d.dnum, strata=d.stype)


def test_a_stratum_with_one_psu_fails_by_default_and_can_be_removed() -> None:
    strata = ["a", "a", "b"]
    with pytest.raises(SurveyDesignError, match="only one sampled unit"):
        make_taylor_design(strata=strata)
    design = make_taylor_design(strata=strata, lonely_psu="remove")
    mean = survey_total(design, [1.0, 3.0, 5.0])
    assert mean.variance[0, 0] == pytest.approx(2 / 1 * ((1 - 2) ** 2 + (3 - 2) ** 2))


def test_fpc_implying_more_than_full_sampling_is_refused() -> None:
    with pytest.raises(SurveyDesignError, match="100 %"):
        make_taylor_design(strata=["a", "a", "a"], fpc=[2, 2, 2])


def test_design_arrays_of_different_lengths_are_refused() -> None:
    with pytest.raises(SurveyDesignError, match="different lengths"):
        make_taylor_design(weights=[1, 2, 3], strata=["a", "b"])
