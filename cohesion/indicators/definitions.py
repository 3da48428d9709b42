"""The cohesion indicator set: each measure defined once, in plain English, with its citation.

Loaders create or update these definitions when they store values, so the
meaning shown beside a number is always the one it was computed to. The set
follows the measures councils report for cohesion:

* the four that LG Inform's cohesion reporting uses (Local Government
  Association, LG Inform; following DCLG's Casey Review, "A review into
  opportunity and integration", 2016, and MHCLG's Integrated Communities
  Strategy Green Paper, 2018): English proficiency, economic inactivity,
  residential segregation (index of dissimilarity) and recent migration;
* diversity (fractionalisation and entropy), passports and household language
  from Census 2021;
* deprivation from the English Indices of Deprivation;
* crime and anti-social behaviour from police.uk, with public order offences as
  the nearest public proxy for hate-related offending (police.uk carries no
  hate flag; the Home Office's hate crime tables are by police force only);
* people supported while seeking asylum (Home Office, Asy_D11);
* loneliness, modelled from the Community Life Survey.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cohesion.indicators.choices import Polarity, Topic, Unit

CENSUS = "ONS, Census 2021"
CENSUS_CITATION = "Office for National Statistics, Census 2021 topic summary table {table} ({name}), released {released}."
LG_INFORM = (
    "One of the four cohesion measures reported in LG Inform (Local Government Association), "
    "after DCLG, The Casey Review (2016) and MHCLG, Integrated Communities Strategy Green Paper (2018)."
)
ESTIMATED_FROM_PERCENTAGES = (
    " Small-area counts are estimated as the published output-area percentage times the output "
    "area's usual residents, then summed to LSOAs, wards and councils; for tables whose base is "
    "not all residents (people aged 3 and over, 16 and over, households) this is an approximation."
)


@dataclass(frozen=True)
class IndicatorSpec:
    """What a loader needs to create or update an :class:`~cohesion.indicators.models.Indicator`."""

    code: str
    title: str
    short_title: str
    definition: str
    citation: str
    source: str
    topic: str
    unit: str
    polarity: str
    numerator: str = ""
    denominator: str = ""
    calculation: str = ""
    levels: tuple[str, ...] = ()
    counts_events: bool = False
    headline: bool = False
    display_order: int = 100
    extra: dict[str, str] = field(default_factory=dict)

    def as_fields(self) -> dict[str, object]:
        return {
            "title": self.title,
            "short_title": self.short_title,
            "definition": self.definition,
            "citation": self.citation,
            "source": self.source,
            "topic": self.topic,
            "unit": self.unit,
            "polarity": self.polarity,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "calculation": self.calculation,
            "levels": list(self.levels),
            "counts_events": self.counts_events,
            "headline": self.headline,
            "display_order": self.display_order,
        }


SMALL_AREAS = ("lsoa", "ward", "council")
ALL_LEVELS = ("lsoa", "ward", "council", "region", "country")
SHARE = "numerator / denominator x 100, from counts summed over the area's output areas."

_specs: list[IndicatorSpec] = []


def _add(spec: IndicatorSpec) -> IndicatorSpec:
    _specs.append(spec)
    return spec


# --- Census 2021 ----------------------------------------------------------------------

_add(
    IndicatorSpec(
        code="population",
        title="Usual residents (Census 2021)",
        short_title="Residents",
        definition="The number of people usually resident in the area on Census day, 21 March 2021.",
        citation=CENSUS_CITATION.format(
            table="TS001", name="Number of usual residents", released="2 November 2022"
        ),
        source=CENSUS,
        topic=Topic.POPULATION,
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        calculation="Sum of output-area usual residents.",
        levels=ALL_LEVELS,
        display_order=1,
    )
)
_add(
    IndicatorSpec(
        code="english-proficiency-low",
        title="Residents who cannot speak English well or at all",
        short_title="Low English proficiency",
        definition=(
            "The share of residents aged 3 and over whose main language is not English and who "
            "cannot speak English well or cannot speak English at all. " + LG_INFORM
        ),
        citation=CENSUS_CITATION.format(
            table="TS029", name="Proficiency in English language", released="29 November 2022"
        ),
        source=CENSUS,
        topic=Topic.LANGUAGE,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER_IS_WORSE,
        numerator="Residents who cannot speak English well or at all",
        denominator="Residents aged 3 and over",
        calculation=SHARE + ESTIMATED_FROM_PERCENTAGES,
        levels=ALL_LEVELS,
        headline=True,
        display_order=10,
    )
)
_add(
    IndicatorSpec(
        code="economic-inactivity",
        title="Residents aged 16 and over who are economically inactive",
        short_title="Economic inactivity",
        definition=(
            "The share of residents aged 16 and over who were neither in work nor looking for "
            "work in the week before the Census (retired, students, looking after home or "
            "family, long-term sick or disabled, other). " + LG_INFORM
        ),
        citation=CENSUS_CITATION.format(
            table="TS066", name="Economic activity status", released="8 December 2022"
        ),
        source=CENSUS,
        topic=Topic.ECONOMY,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER_IS_WORSE,
        numerator="Economically inactive residents aged 16 and over",
        denominator="Residents aged 16 and over",
        calculation=SHARE + ESTIMATED_FROM_PERCENTAGES,
        levels=ALL_LEVELS,
        headline=True,
        display_order=11,
    )
)
_add(
    IndicatorSpec(
        code="born-outside-uk",
        title="Residents born outside the UK",
        short_title="Born outside the UK",
        definition="The share of usual residents whose country of birth is outside the United Kingdom. "
        + LG_INFORM,
        citation=CENSUS_CITATION.format(
            table="TS004", name="Country of birth", released="2 November 2022"
        ),
        source=CENSUS,
        topic=Topic.MIGRATION,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.NEUTRAL,
        numerator="Residents born outside the UK",
        denominator="Usual residents",
        calculation=SHARE + ESTIMATED_FROM_PERCENTAGES,
        levels=ALL_LEVELS,
        headline=True,
        display_order=20,
    )
)
_add(
    IndicatorSpec(
        code="arrived-last-2-years",
        title="Residents who arrived in the UK in the last 2 years",
        short_title="Arrived in last 2 years",
        definition=(
            "The share of usual residents born outside the UK who had lived in the UK for less "
            "than 2 years on Census day (arrived after March 2019). " + LG_INFORM
        ),
        citation=CENSUS_CITATION.format(
            table="TS016", name="Length of residence", released="2 November 2022"
        ),
        source=CENSUS,
        topic=Topic.MIGRATION,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.NEUTRAL,
        numerator="Residents resident in the UK for less than 2 years",
        denominator="Usual residents",
        calculation=SHARE + ESTIMATED_FROM_PERCENTAGES,
        levels=ALL_LEVELS,
        display_order=21,
    )
)
_add(
    IndicatorSpec(
        code="arrived-last-5-years",
        title="Residents who arrived in the UK in the last 5 years",
        short_title="Arrived in last 5 years",
        definition=(
            "The share of usual residents born outside the UK who had lived in the UK for less "
            "than 5 years on Census day (arrived after March 2016). " + LG_INFORM
        ),
        citation=CENSUS_CITATION.format(
            table="TS016", name="Length of residence", released="2 November 2022"
        ),
        source=CENSUS,
        topic=Topic.MIGRATION,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.NEUTRAL,
        numerator="Residents resident in the UK for less than 5 years",
        denominator="Usual residents",
        calculation=SHARE + ESTIMATED_FROM_PERCENTAGES,
        levels=ALL_LEVELS,
        display_order=22,
    )
)
_add(
    IndicatorSpec(
        code="moved-from-abroad-last-year",
        title="Residents who lived outside the UK a year before the Census",
        short_title="Moved from abroad in the last year",
        definition="The share of usual residents whose address one year before Census day was outside the UK.",
        citation=CENSUS_CITATION.format(
            table="TS019", name="Migrant indicator", released="2 November 2022"
        ),
        source=CENSUS,
        topic=Topic.MIGRATION,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.NEUTRAL,
        numerator="Residents whose address a year earlier was outside the UK",
        denominator="Usual residents",
        calculation=SHARE + ESTIMATED_FROM_PERCENTAGES,
        levels=ALL_LEVELS,
        display_order=23,
    )
)
_add(
    IndicatorSpec(
        code="non-uk-passport",
        title="Residents holding a non-UK passport",
        short_title="Non-UK passport",
        definition="The share of usual residents who hold a passport of a country other than the UK (and no UK passport).",
        citation=CENSUS_CITATION.format(
            table="TS005", name="Passports held", released="2 November 2022"
        ),
        source=CENSUS,
        topic=Topic.MIGRATION,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.NEUTRAL,
        numerator="Residents holding a non-UK passport",
        denominator="Usual residents",
        calculation=SHARE + ESTIMATED_FROM_PERCENTAGES,
        levels=ALL_LEVELS,
        display_order=24,
    )
)
_add(
    IndicatorSpec(
        code="household-no-english",
        title="Households where no one has English as a main language",
        short_title="No one speaks English as main language",
        definition=(
            "The share of households in which no person has English (in Wales, English or "
            "Welsh) as a main language."
        ),
        citation=CENSUS_CITATION.format(
            table="TS025", name="Household language", released="29 November 2022"
        ),
        source=CENSUS,
        topic=Topic.LANGUAGE,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER_IS_WORSE,
        numerator="Households where no one has English as a main language",
        denominator="Households",
        calculation=SHARE + ESTIMATED_FROM_PERCENTAGES,
        levels=ALL_LEVELS,
        display_order=12,
    )
)
_add(
    IndicatorSpec(
        code="ethnic-minority",
        title="Residents of Asian, Black, Mixed or other ethnic groups",
        short_title="Not White",
        definition=(
            "The share of usual residents who identify with an ethnic group other than White "
            "(the five high-level groups of Census 2021; White includes White minorities)."
        ),
        citation=CENSUS_CITATION.format(
            table="TS021", name="Ethnic group", released="29 November 2022"
        ),
        source=CENSUS,
        topic=Topic.DIVERSITY,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.NEUTRAL,
        numerator="Residents of Asian, Black, Mixed or other ethnic groups",
        denominator="Usual residents",
        calculation=SHARE + ESTIMATED_FROM_PERCENTAGES,
        levels=ALL_LEVELS,
        display_order=30,
    )
)
_add(
    IndicatorSpec(
        code="diversity-fractionalisation",
        title="Ethnic diversity (fractionalisation)",
        short_title="Fractionalisation",
        definition=(
            "The chance that two residents picked at random belong to different ethnic groups "
            "(five high-level Census 2021 groups): 0 when everyone is in one group, 0.8 at most."
        ),
        citation=(
            "Alesina, Devleeschauwer, Easterly, Kurlat and Wacziarg (2003), 'Fractionalization', "
            "Journal of Economic Growth 8(2): 155-194; Census 2021 TS021 Ethnic group."
        ),
        source=CENSUS,
        topic=Topic.DIVERSITY,
        unit=Unit.INDEX,
        polarity=Polarity.NEUTRAL,
        calculation="1 - sum of squared group shares, from group counts summed over the area's output areas.",
        levels=ALL_LEVELS,
        display_order=31,
    )
)
_add(
    IndicatorSpec(
        code="diversity-entropy",
        title="Ethnic diversity (entropy)",
        short_title="Entropy",
        definition=(
            "Shannon entropy of the mix of the five high-level Census 2021 ethnic groups, divided "
            "by its maximum (ln 5): 0 when everyone is in one group, 1 when all five are equally large."
        ),
        citation=(
            "Shannon (1948), Bell System Technical Journal 27: 379-423; White (1986), Population "
            "Index 52(2): 198-221; Census 2021 TS021 Ethnic group."
        ),
        source=CENSUS,
        topic=Topic.DIVERSITY,
        unit=Unit.INDEX,
        polarity=Polarity.NEUTRAL,
        calculation="-sum p ln p / ln 5, from group counts summed over the area's output areas.",
        levels=ALL_LEVELS,
        display_order=32,
    )
)

SEGREGATION_GROUPS_2021 = {
    "asian": "Asian, Asian British or Asian Welsh",
    "black": "Black, Black British, Black Welsh, Caribbean or African",
    "mixed": "Mixed or Multiple ethnic groups",
    "white": "White",
    "other": "Other ethnic group",
}
DISSIMILARITY_CITATION = (
    "Duncan and Duncan (1955), 'A methodological analysis of segregation indexes', American "
    "Sociological Review 20(2): 210-217; Massey and Denton (1988), Social Forces 67(2): 281-315. "
)
for order, (slug, label) in enumerate(SEGREGATION_GROUPS_2021.items()):
    _add(
        IndicatorSpec(
            code=f"segregation-dissimilarity-{slug}",
            title=f"Residential segregation: {label} residents (index of dissimilarity)",
            short_title=f"Segregation ({slug})",
            definition=(
                f"The share of {label} residents who would have to move to another output area "
                "for them to be spread across the area's output areas exactly like everyone else: "
                "0 is an even spread, 1 complete separation. " + LG_INFORM
            ),
            citation=DISSIMILARITY_CITATION + "Census 2021 TS021 Ethnic group, output areas.",
            source=CENSUS,
            topic=Topic.SEGREGATION,
            unit=Unit.INDEX,
            polarity=Polarity.HIGHER_IS_WORSE,
            calculation=(
                "D = 1/2 sum_i |x_i/X - y_i/Y| over the output areas within the ward or council "
                "(x: the group, y: everyone else)." + ESTIMATED_FROM_PERCENTAGES
            ),
            levels=("ward", "council"),
            headline=slug == "asian",
            display_order=40 + order,
        )
    )
_add(
    IndicatorSpec(
        code="segregation-multigroup-dissimilarity",
        title="Residential segregation of all ethnic groups (multigroup dissimilarity)",
        short_title="Multigroup segregation",
        definition=(
            "How far the ethnic mix of the output areas differs from the mix of the whole ward or "
            "council, over all five high-level groups at once: 0 when every output area has the "
            "whole's mix, 1 when no two groups share an output area."
        ),
        citation=(
            "Sakoda (1981), Demography 18(2): 245-250; Reardon and Firebaugh (2002), "
            "Sociological Methodology 32: 33-67. Census 2021 TS021, output areas."
        ),
        source=CENSUS,
        topic=Topic.SEGREGATION,
        unit=Unit.INDEX,
        polarity=Polarity.HIGHER_IS_WORSE,
        calculation="Multigroup D over output areas within the ward or council.",
        levels=("ward", "council"),
        display_order=46,
    )
)
_add(
    IndicatorSpec(
        code="segregation-information-theory",
        title="Residential segregation of all ethnic groups (information theory index)",
        short_title="Theil's H",
        definition=(
            "The share of the area's ethnic diversity that is not found inside its output areas: "
            "0 when every output area has the whole's mix, 1 when each holds one group only."
        ),
        citation=(
            "Theil and Finizza (1971), Journal of Mathematical Sociology 1(2): 187-193; Reardon "
            "and Firebaugh (2002), Sociological Methodology 32: 33-67. Census 2021 TS021."
        ),
        source=CENSUS,
        topic=Topic.SEGREGATION,
        unit=Unit.INDEX,
        polarity=Polarity.HIGHER_IS_WORSE,
        calculation="Theil's H over output areas within the ward or council.",
        levels=("ward", "council"),
        display_order=47,
    )
)

# --- 2011 Census: the classic 14-group measures ----------------------------------------

GROUPS_2011 = {
    "Irish": "White Irish",
    "OtherWhite": "Other White",
    "Mixed": "Mixed",
    "Indian": "Indian",
    "Pakistani": "Pakistani",
    "Bangladeshi": "Bangladeshi",
    "Chinese": "Chinese",
    "OtherAsian": "Other Asian",
    "BlkAfrican": "Black African",
    "BlkCaribbean": "Black Caribbean",
    "OtherBlk": "Other Black",
    "Arab": "Arab",
    "Other": "Other ethnic group",
}
for order, (column, label) in enumerate(GROUPS_2011.items()):
    _add(
        IndicatorSpec(
            code=f"segregation-2011-{column.lower()}-vs-white-british",
            title=f"Segregation of {label} and White British residents, 2011 (index of dissimilarity)",
            short_title=f"{label} vs White British (2011)",
            definition=(
                f"The share of {label} (or of White British) residents who would have to move "
                "output area for the two groups to be spread alike across the council, from the "
                "2011 Census. 0 is an even spread, 1 complete separation."
            ),
            citation=DISSIMILARITY_CITATION
            + "Data: 2011 Census ethnic group (KS201) by output area as packaged in the MLID R "
            "package, Harris (profrichharris/MLID, data/ethnicities.rda), which reports the same "
            "pairwise index.",
            source="ONS, 2011 Census (via MLID)",
            topic=Topic.SEGREGATION,
            unit=Unit.INDEX,
            polarity=Polarity.HIGHER_IS_WORSE,
            calculation="D = 1/2 sum_i |a_i/A - b_i/B| over the council's 2011 output areas.",
            levels=("council", "country"),
            display_order=60 + order,
        )
    )

# --- Deprivation ------------------------------------------------------------------------

IMD_NOTE = (
    " Scores from different releases use different data years, methods and (2025) LSOA "
    "boundaries, so MHCLG advises comparing ranks within a release rather than scores across releases."
)
_add(
    IndicatorSpec(
        code="imd-score",
        title="Index of Multiple Deprivation: average score",
        short_title="Deprivation (IMD score)",
        definition=(
            "The population-weighted average of the Index of Multiple Deprivation scores of the "
            "area's LSOAs (neighbourhoods of about 1,500 people). Higher is more deprived."
            + IMD_NOTE
        ),
        citation=(
            "MHCLG, English Indices of Deprivation 2025 (and 2019), File 10 local authority "
            "summaries, 'average score'; Technical Report section 3.8."
        ),
        source="MHCLG, English Indices of Deprivation",
        topic=Topic.DEPRIVATION,
        unit=Unit.SCORE,
        polarity=Polarity.HIGHER_IS_WORSE,
        numerator="Sum of LSOA score x LSOA residents",
        denominator="Residents",
        calculation=(
            "Councils: MHCLG's published average score. Wards, regions and England: the same "
            "method, weighting each LSOA's score by its Census 2021 usual residents."
        ),
        levels=("lsoa", "ward", "council", "region", "country"),
        headline=True,
        display_order=70,
    )
)
_add(
    IndicatorSpec(
        code="imd-most-deprived-decile",
        title="Neighbourhoods in the most deprived 10% in England",
        short_title="LSOAs in most deprived 10%",
        definition=(
            "The share of the area's LSOAs that are among the 10% most deprived in England on the "
            "Index of Multiple Deprivation." + IMD_NOTE
        ),
        citation=(
            "MHCLG, English Indices of Deprivation 2025 (and 2019), local authority summaries, "
            "'proportion of LSOAs in most deprived 10% nationally'."
        ),
        source="MHCLG, English Indices of Deprivation",
        topic=Topic.DEPRIVATION,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER_IS_WORSE,
        numerator="LSOAs in IMD decile 1",
        denominator="LSOAs",
        calculation="Councils: MHCLG's published proportion x 100. Wards: LSOAs best-fitted to the ward.",
        levels=("ward", "council", "region", "country"),
        display_order=71,
    )
)
_add(
    IndicatorSpec(
        code="imd-income-deprivation",
        title="Residents in income deprivation",
        short_title="Income deprivation",
        definition=(
            "The share of residents living in households on low incomes (receiving means-tested "
            "benefits or tax credits, or supported while seeking asylum): the Income domain of "
            "the Index of Multiple Deprivation, which is itself a rate."
        ),
        citation="MHCLG, English Indices of Deprivation 2025, Income Deprivation Domain (File 5 scores).",
        source="MHCLG, English Indices of Deprivation",
        topic=Topic.DEPRIVATION,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER_IS_WORSE,
        numerator="Income-deprived residents (LSOA rate x residents)",
        denominator="Residents",
        calculation="LSOA income score x Census 2021 residents, summed, over residents, x 100.",
        levels=("lsoa", "ward", "council", "region", "country"),
        display_order=72,
    )
)

# --- Crime and anti-social behaviour ----------------------------------------------------

CRIME_TYPES = {
    "Anti-social behaviour": "anti-social-behaviour",
    "Bicycle theft": "bicycle-theft",
    "Burglary": "burglary",
    "Criminal damage and arson": "criminal-damage-arson",
    "Drugs": "drugs",
    "Other crime": "other-crime",
    "Other theft": "other-theft",
    "Possession of weapons": "possession-of-weapons",
    "Public order": "public-order",
    "Robbery": "robbery",
    "Shoplifting": "shoplifting",
    "Theft from the person": "theft-from-the-person",
    "Vehicle crime": "vehicle-crime",
    "Violence and sexual offences": "violence-sexual-offences",
}
POLICE_UK_CITATION = (
    "Home Office / police.uk street-level crime and anti-social behaviour data (categories as "
    "published: https://data.police.uk/about/#columns). Rate per 1,000 usual residents (Census 2021) "
    "as in the Home Office's Police recorded crime tables."
)
for order, (label, slug) in enumerate(CRIME_TYPES.items()):
    extra = ""
    if slug == "public-order":
        extra = (
            " police.uk does not say which offences were hate crimes; public order offences, which "
            "include racially or religiously aggravated harassment and threatening behaviour, are "
            "the nearest public proxy for hate-related offending."
        )
    _add(
        IndicatorSpec(
            code=f"crime-{slug}",
            title=f"{label} per 1,000 residents (12 months)",
            short_title=label,
            definition=(
                f"Police-recorded {label.lower()} at street level in the 12 months to the date "
                "shown, per 1,000 usual residents. Locations are snapped to anonymised points, so "
                "small-area counts are approximate." + extra
            ),
            citation=POLICE_UK_CITATION,
            source="police.uk (Cleveland Police)",
            topic=Topic.CRIME,
            unit=Unit.RATE_PER_1000,
            polarity=Polarity.HIGHER_IS_WORSE,
            numerator=f"{label}: records in 12 months",
            denominator="Usual residents (Census 2021)",
            calculation="Monthly counts by LSOA summed over 12 months and over the area's LSOAs; / residents x 1,000.",
            levels=SMALL_AREAS,
            counts_events=True,
            headline=slug in ("violence-sexual-offences", "anti-social-behaviour", "public-order"),
            display_order=80 + order,
        )
    )
_add(
    IndicatorSpec(
        code="crime-all",
        title="All crime and anti-social behaviour per 1,000 residents (12 months)",
        short_title="All crime and ASB",
        definition="Every police-recorded street-level crime and anti-social behaviour incident in 12 months, per 1,000 usual residents.",
        citation=POLICE_UK_CITATION,
        source="police.uk (Cleveland Police)",
        topic=Topic.CRIME,
        unit=Unit.RATE_PER_1000,
        polarity=Polarity.HIGHER_IS_WORSE,
        numerator="All records in 12 months",
        denominator="Usual residents (Census 2021)",
        calculation="As for each type, over all types.",
        levels=SMALL_AREAS,
        counts_events=True,
        display_order=79,
    )
)

# Monthly counts of the police.uk types that bear most on community tension, for the
# early warning run over police-recorded crime (cohesion.tensions.alerting) and for
# tension assessments' evidence. Public order is the nearest public proxy for
# hate-related offending (see crime-public-order).
TENSION_CRIME_TYPES = (
    "Public order",
    "Anti-social behaviour",
    "Criminal damage and arson",
    "Violence and sexual offences",
)
MONTHLY_CRIME_LEVELS = ("ward", "council")


def monthly_crime_code(crime_type: str | None) -> str:
    """The indicator code of a month's count of one police.uk type (None: every type)."""
    return "crime-month-all" if crime_type is None else f"crime-month-{CRIME_TYPES[crime_type]}"


for order, monthly_type in enumerate((*TENSION_CRIME_TYPES, None)):
    name = monthly_type or "All crime and anti-social behaviour"
    _add(
        IndicatorSpec(
            code=monthly_crime_code(monthly_type),
            title=f"{name}: records in the month",
            short_title=f"{name} (month)",
            definition=(
                f"Police-recorded {name.lower()} at street level in one calendar month, as "
                "published by police.uk. Counts for wards are approximate: locations are snapped "
                "to anonymised points, and each LSOA is placed in the ward that holds most of its "
                "population."
            ),
            citation=POLICE_UK_CITATION.rsplit(" Rate per", 1)[0],
            source="police.uk (Cleveland Police)",
            topic=Topic.CRIME,
            unit=Unit.COUNT,
            polarity=Polarity.HIGHER_IS_WORSE,
            numerator=f"{name}: records in the month",
            calculation="Monthly counts by LSOA summed over the area's LSOAs.",
            levels=MONTHLY_CRIME_LEVELS,
            counts_events=True,
            display_order=96 + order,
        )
    )

# --- Asylum support -----------------------------------------------------------------------

ASYLUM_CITATION = (
    "Home Office, Immigration system statistics, table Asy_D11: asylum seekers in receipt of "
    "support by local authority (sections 95, 4 and 98), at the end of each quarter."
)
_add(
    IndicatorSpec(
        code="asylum-support",
        title="People supported while seeking asylum",
        short_title="Asylum support",
        definition=(
            "The number of people receiving Home Office asylum support (accommodation, "
            "subsistence, or both) living in the council area on the last day of the quarter."
        ),
        citation=ASYLUM_CITATION,
        source="Home Office, Asy_D11",
        topic=Topic.ASYLUM,
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        calculation="Sum over support types and accommodation types.",
        levels=("council", "region", "country"),
        display_order=90,
    )
)
_add(
    IndicatorSpec(
        code="asylum-support-rate",
        title="People supported while seeking asylum per 1,000 residents",
        short_title="Asylum support per 1,000",
        definition=(
            "People receiving Home Office asylum support in the council area on the last day of "
            "the quarter, per 1,000 usual residents at Census 2021."
        ),
        citation=ASYLUM_CITATION + " Residents: ONS Census 2021.",
        source="Home Office, Asy_D11; ONS, Census 2021",
        topic=Topic.ASYLUM,
        unit=Unit.RATE_PER_1000,
        polarity=Polarity.NEUTRAL,
        numerator="People receiving asylum support",
        denominator="Usual residents (Census 2021)",
        calculation="People supported / residents x 1,000.",
        levels=("council", "region", "country"),
        headline=True,
        display_order=91,
    )
)

# --- Wellbeing ---------------------------------------------------------------------------

_add(
    IndicatorSpec(
        code="loneliness",
        title="Adults who feel lonely often or always (modelled)",
        short_title="Loneliness",
        definition=(
            "The estimated share of adults who feel lonely often or always, modelled for small "
            "areas from the Community Life Survey 2020/21. A model estimate, not a count."
        ),
        citation=(
            "DCMS, Community Life Survey 2020/21; small-area model published by the humaniverse "
            "'loneliness' R package (humaniverse/loneliness, inst/extdata/england_cls_loneliness_lsoa.csv)."
        ),
        source="DCMS Community Life Survey (modelled)",
        topic=Topic.WELLBEING,
        unit=Unit.PERCENTAGE,
        polarity=Polarity.HIGHER_IS_WORSE,
        numerator="Estimated lonely adults (LSOA share x residents)",
        denominator="Residents",
        calculation="LSOA estimates weighted by Census 2021 residents.",
        levels=("lsoa", "ward", "council", "region", "country"),
        display_order=100,
    )
)

INDICATORS: dict[str, IndicatorSpec] = {spec.code: spec for spec in _specs}


def spec(code: str) -> IndicatorSpec:
    """The definition of a built-in indicator; KeyError names the unknown code."""
    try:
        return INDICATORS[code]
    except KeyError:
        raise KeyError(f"No built-in indicator has the code {code!r}.") from None
