"""Classic 14-group segregation from the 2011 Census, for every council of England and Wales."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from cohesion.indicators.calculations.segregation import segregation_by_parent
from cohesion.indicators.choices import Aggregation
from cohesion.indicators.definitions import GROUPS_2011
from cohesion.indicators.loaders.base import Loader
from cohesion.indicators.loaders.geography import COUNCIL, COUNTRY, Geography
from cohesion.indicators.store import ValueRow

ENGLAND_AND_WALES = "K04000001"
REFERENCE = "WhiteBrit"
GROUP_COLUMNS = [REFERENCE, *GROUPS_2011]


def council_codes_by_2011_name(codes: pd.DataFrame) -> dict[str, str]:
    """2011 council names to today's codes, for councils whose area is unchanged since 2011.

    A council merged since 2011 (Aylesbury Vale into Buckinghamshire) has no
    code today for the same area, so it is left out; one that only changed its
    code (Northumberland, E06000048 to E06000057) keeps its values.
    """
    same = codes[codes["LADNM"] == codes["LADNM_ACTIVE"]]
    return dict(zip(same["LADNM"], same["LADCD_ACTIVE"], strict=True))


class Segregation2011(Loader):
    """Pairwise dissimilarity of 13 ethnic groups with White British residents, by council, from 2011 output areas."""

    key = "census2011_segregation_mlid"
    title = "2011 Census ethnic group by output area, England and Wales (MLID package)"
    publisher = "Office for National Statistics (packaged by R. Harris, MLID)"
    upstream = "profrichharris/MLID @ 9acf64c, data/ethnicities.rda"
    release_date = dt.date(2013, 1, 30)
    geography_level = "output_area"
    generation_code = "OA11"
    files = ("reference/04_segregation/mlid_ethnicities_2011_OA.csv.gz", "la_all_codes_drkane.csv")

    def compute(self, data_dir: Path, geography: Geography) -> dict[str, list[ValueRow]]:
        table = self.read_csv(data_dir / self.files[0], usecols=["LAD", *GROUP_COLUMNS])
        codes = self.read_csv(
            data_dir / self.files[1], usecols=["LADNM", "LADNM_ACTIVE", "LADCD_ACTIVE"]
        )
        code_of = council_codes_by_2011_name(codes)
        table["council"] = table["LAD"].map(code_of)
        unmatched = sorted(set(table.loc[table["council"].isna(), "LAD"]))
        if unmatched:
            self.warn(f"{len(unmatched)} councils of 2011 have been merged since and are left out.")
        table["nation"] = ENGLAND_AND_WALES
        day = dt.date(2011, 3, 27)
        out: dict[str, list[ValueRow]] = {}
        for parent, level, frame in (
            ("council", COUNCIL, table.dropna(subset=["council"])),
            ("nation", COUNTRY, table),
        ):
            indices = segregation_by_parent(frame, parent, GROUP_COLUMNS, reference=REFERENCE)
            for group in GROUPS_2011:
                column = indices[f"dissimilarity_{group}_vs_{REFERENCE}"]
                out.setdefault(f"segregation-2011-{group.lower()}-vs-white-british", []).extend(
                    ValueRow(
                        str(code),
                        level,
                        day,
                        day,
                        value=float(value),
                        aggregation=Aggregation.OUTPUT_AREAS,
                    )
                    for code, value in column.items()
                    if np.isfinite(value)
                )
        return out
