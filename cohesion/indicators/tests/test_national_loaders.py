"""The national ward loaders refuse bad input by name: nothing is ever silently counted as zero."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from cohesion.indicators.calculations.aggregation import (
    LookupCoverageError,
    apportioned_weighted_mean,
    best_fit_weights,
)
from cohesion.indicators.loaders.base import IndicatorLoadError
from cohesion.indicators.loaders.geography import Geography
from cohesion.indicators.loaders.national import (
    CensusWardsEnglandWales,
    Deprivation2025Wards,
    national_wards,
)

TEES_WARD, TEES_COUNCIL = "E05009867", "E06000002"
WARD, COUNCIL = "E05001346", "E08000032"


def _geography(*, national: bool = True) -> Geography:
    wards = {TEES_WARD: TEES_COUNCIL, **({WARD: COUNCIL} if national else {})}
    return Geography(
        oa_population=pd.Series({"E00000001": 300.0}),
        oa_lsoa=pd.Series({"E00000001": "E01000009"}),
        lsoa_ward=pd.Series({"E01000009": TEES_WARD}),
        ward_council=pd.Series(wards),
        names={WARD: "Bradford Moor"},
        oa_ward=pd.Series({"E00000001": TEES_WARD}),
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".gz":
        with gzip.open(path, "wt") as handle:
            handle.write(text)
    else:
        path.write_text(text)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    _write(
        tmp_path / "lookups/ew_lsoa21_to_wd25_bestfit_by_pwc.csv",
        f"lsoa21cd,wd25cd\nE01000001,{WARD}\nE01000002,{WARD}\nE01000009,{TEES_WARD}\n",
    )
    _write(
        tmp_path / "census2021_ew/ew_lsoa21_census2021_pct_from_oa.csv.gz",
        "lsoa21cd,population\nE01000001,1000\nE01000002,3000\nE01000009,300\n",
    )
    return tmp_path


def _imd(data_dir: Path, rows: str) -> None:
    _write(
        data_dir / "imd/imd2025_england_lsoa21_full.csv.gz",
        "lsoa21_code,IMD_score,IMD_decile,Income_score\n" + rows,
    )


def test_best_fit_gives_each_lsoa_whole_to_its_ward_weighted_by_residents():
    weights = best_fit_weights(
        pd.Series({"L1": 1000, "L2": 3000}),
        pd.Series({"L1": "W1", "L2": "W1"}),
        pd.Index(["L1", "L2"]),
    )
    score = apportioned_weighted_mean(pd.Series({"L1": 10.0, "L2": 30.0}), weights)
    assert score.at["W1", "value"] == pytest.approx((10 * 1000 + 30 * 3000) / 4000)


def test_best_fit_names_the_lsoas_the_lookup_does_not_cover():
    with pytest.raises(LookupCoverageError, match=r"does not cover 1 LSOA.*L2"):
        best_fit_weights(
            pd.Series({"L1": 10, "L2": 5}), pd.Series({"L1": "W1"}), pd.Index(["L1", "L2"])
        )


def test_best_fit_names_the_lsoas_that_have_no_output_areas():
    with pytest.raises(LookupCoverageError, match="no output areas with residents: L2, L3"):
        best_fit_weights(
            pd.Series({"L1": 10, "L3": 0}),
            pd.Series({"L1": "W1", "L2": "W1", "L3": "W1"}),
            pd.Index(["L1", "L2", "L3"]),
        )


def test_ward_imd_is_the_resident_weighted_score_of_its_best_fit_lsoas(data_dir):
    _imd(data_dir, "E01000001,10.0,5,0.1\nE01000002,30.0,1,0.2\nE01000009,50.0,1,0.3\n")
    values = Deprivation2025Wards().compute(data_dir, _geography())
    scores = {r.area_code: r.value for r in values["imd-score"]}
    # The Tees Valley ward is built from output areas by its own loader, not here.
    assert scores == {WARD: pytest.approx(25.0)}
    deciles = {r.area_code: r.value for r in values["imd-most-deprived-decile"]}
    assert deciles == {WARD: pytest.approx(50.0)}  # one of its two LSOAs, as MHCLG counts


def test_an_imd_lsoa_missing_from_the_lookup_is_refused_by_name(data_dir):
    _imd(data_dir, "E01000001,10.0,5,0.1\nE01999999,30.0,1,0.2\n")
    with pytest.raises(IndicatorLoadError, match=r"does not cover 1 LSOA.*E01999999"):
        Deprivation2025Wards().compute(data_dir, _geography())


def test_an_imd_lsoa_with_no_output_areas_is_refused_by_name(data_dir):
    _write(
        data_dir / "census2021_ew/ew_lsoa21_census2021_pct_from_oa.csv.gz",
        "lsoa21cd,population\nE01000001,1000\nE01000009,300\n",
    )
    _imd(data_dir, "E01000001,10.0,5,0.1\nE01000002,30.0,1,0.2\n")
    with pytest.raises(IndicatorLoadError, match="no output areas with residents: E01000002"):
        Deprivation2025Wards().compute(data_dir, _geography())


def test_the_national_loaders_ask_for_the_national_wards_first():
    with pytest.raises(IndicatorLoadError, match="load-places --england-wales"):
        national_wards(_geography(national=False))


def test_a_census_table_naming_wards_not_loaded_is_refused(data_dir):
    _write(
        data_dir / "census2021_ew/ew_wd25_census2021_pct_from_oa.csv",
        f"wd25cd,population\n{WARD},100\nE05999999,50\n",
    )
    with pytest.raises(
        IndicatorLoadError, match=r"1 ward\(s\) not loaded in places, e\.g\. E05999999"
    ):
        CensusWardsEnglandWales().compute(data_dir, _geography())
