"""Population counts moved between small-area geographies, and survey margins built from them.

Weighting a ward survey needs population counts by age band, ethnic group and tenure for
exactly the wards the survey covers. ONS publishes them for small areas (LSOAs), some
on the 2011 LSOAs (the mid-2020 age estimates) and some on the 2021 LSOAs (Census 2021
tables), and wards are built from 2021 LSOAs by the ONS best-fit lookup. These
functions carry counts along such lookups.

Apportioning weights by population, as ONS Geography does for its population-weighted
lookups: an area that is *unchanged* or *merged* into a successor (ONS change codes U
and M in the LSOA 2011 -> 2021 lookup) passes its whole count on; an area that was
*split* or redesigned (codes S and X) passes its count to its successors in proportion
to their Census 2021 populations. This assumes each characteristic is spread like the
population within the old area, the usual assumption when no finer data exist. Counts
are conserved: apart from areas with no link at all, which are reported, the total that
leaves the old geography arrives in the new one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Apportioned", "apportion", "successor_shares"]


@dataclass(frozen=True)
class Apportioned:
    """Counts on the new geography (rows are new codes), and the old codes that had no link."""

    table: pd.DataFrame
    unlinked: tuple[str, ...]


def successor_shares(
    links: pd.DataFrame, successor_population: pd.Series | None = None
) -> pd.DataFrame:
    """Share of each old area's count that goes to each of its successors.

    ``links`` has columns ``from_code`` and ``to_code``, one row per link.
    ``successor_population`` gives the population of each new area; an old area's
    share to each successor is that successor's population over the sum of its
    successors' populations. Without populations, or where every successor of an area
    has no known population, the count is split equally. Returns ``links`` with a
    ``share`` column; shares of each old area add up to 1.

    Source: population-weighted apportionment (see the module docstring).
    """
    if not {"from_code", "to_code"} <= set(links.columns):
        raise ValueError("links needs the columns from_code and to_code.")
    out = links[["from_code", "to_code"]].drop_duplicates().reset_index(drop=True)
    if successor_population is None:
        weight = pd.Series(np.ones(len(out)), index=out.index)
    else:
        population = successor_population.astype(float)
        if (population < 0).any():
            raise ValueError("Successor populations must not be negative.")
        weight = out["to_code"].map(population).fillna(0.0).astype(float)
    totals = weight.groupby(out["from_code"]).transform("sum")
    counts = out.groupby("from_code")["to_code"].transform("count").astype(float)
    out["share"] = np.where(totals > 0, weight / totals.where(totals > 0, 1.0), 1.0 / counts)
    return out


def apportion(values: pd.DataFrame, shares: pd.DataFrame) -> Apportioned:
    """Carry counts (rows indexed by old code, one column per category) to the new codes.

    ``shares`` comes from :func:`successor_shares` (or has ``share`` = 1 for a best-fit
    lookup, where each old area belongs wholly to one new area). Returns one row per new
    code that received anything, with the same columns. Old codes with no link are left
    out and listed in ``unlinked`` so the caller can decide whether that matters.
    """
    if not {"from_code", "to_code", "share"} <= set(shares.columns):
        raise ValueError("shares needs the columns from_code, to_code and share.")
    if values.index.has_duplicates:
        raise ValueError("values has the same area code on more than one row.")
    numeric = values.apply(pd.to_numeric, errors="raise").astype(float)
    linked = set(shares["from_code"])
    unlinked = tuple(sorted(str(code) for code in numeric.index if code not in linked))
    joined = shares.merge(numeric, left_on="from_code", right_index=True, how="inner")
    moved = joined[numeric.columns].multiply(joined["share"], axis=0)
    moved["to_code"] = joined["to_code"].to_numpy()
    table = moved.groupby("to_code", sort=True)[list(numeric.columns)].sum()
    table.index.name = None
    return Apportioned(table=table, unlinked=unlinked)
