"""The methods note of a wave, written from its stored weighting report.

The same paragraphs appear on the results page, in the spreadsheet download and in the
JSON twin, so a reader of any of them learns how the figures were made.
"""

from __future__ import annotations

from typing import Any

from cohesion.surveys.models import Wave


def _pct(value: float) -> str:
    return f"{value:.1f}%"


def methods_note(wave: Wave) -> list[str]:
    """Plain-English paragraphs describing sampling, weighting, estimation and disclosure control."""
    survey = wave.survey
    report: dict[str, Any] = wave.weighting_report or {}
    wards = wave.wards()
    paragraphs = []
    if survey.is_synthetic:
        paragraphs.append(
            "These results are SYNTHETIC: every response was made up for demonstration or "
            "training. They are not the views of any resident."
        )
    paragraphs.append(
        f"{survey.title}, {wave.name}: fieldwork from {wave.period_start:%-d %B %Y} to "
        f"{wave.period_end:%-d %B %Y} in {len(wards)} ward{'s' if len(wards) != 1 else ''} "
        f"of {survey.council.name}, using version {wave.questionnaire_version.number} of the "
        f"questionnaire “{wave.questionnaire_version.questionnaire.name}”."
    )
    if not report:
        if wave.weighting_message:
            paragraphs.append(f"The responses could not be weighted: {wave.weighting_message}")
        else:
            paragraphs.append(
                "The responses have not been weighted yet, so no estimates are shown."
            )
        return paragraphs
    n = int(report.get("n", 0))
    if report.get("method") == "unweighted":
        paragraphs.append(
            f"The {n:,} complete responses are not weighted: every response counts equally."
        )
    else:
        margins = report.get("margins", [])
        listing = "; ".join(f"{m['label']} ({m['source']})" for m in margins)
        paragraphs.append(
            f"The {n:,} complete responses were weighted by raking (iterative proportional "
            f"fitting, Deming and Stephan 1940) so that together they match {len(margins)} "
            f"separate population margins of residents aged 16 and over in the wards "
            f"surveyed: {listing}. Each margin is fitted on its own because small-area counts "
            "by age and sex and ward together are not published."
        )
        not_stated = [
            m["label"].split(" (")[0].lower()
            for m in margins
            if any(c["code"] == "not_stated" for c in m["categories"])
        ]
        if not_stated:
            paragraphs.append(
                "Respondents who preferred not to give their "
                + ", ".join(not_stated)
                + " were kept, in a “not stated” category weighted to its share of the sample."
            )
        trim = []
        if report.get("trim_upper"):
            trim.append(f"capped at {report['trim_upper']:g} times")
        if report.get("trim_lower"):
            trim.append(f"floored at {report['trim_lower']:g} times")
        if trim:
            paragraphs.append(
                "To stop a few respondents dominating, weights were "
                + " and ".join(trim)
                + f" the mean weight and the margins re-fitted ({report.get('trim_rounds', 0)} "
                "round(s) of trimming)."
            )
        paragraphs.append(
            f"Raking converged after {report.get('iterations')} sweeps; the largest gap "
            f"between an achieved and a target margin is {100 * report.get('max_rel_margin_error', 0):.4f}% "
            f"of the target. Weights range from {report.get('min_weight_ratio', 0):.2f} to "
            f"{report.get('max_weight_ratio', 0):.2f} times the mean."
        )
    paragraphs.append(
        f"The design effect due to weighting (Kish) is {report.get('design_effect', 1):.2f}, so "
        f"the {n:,} responses carry about as much information as "
        f"{report.get('effective_sample_size', n):,.0f} unweighted ones (the effective sample "
        f"size; weighting efficiency {_pct(report.get('efficiency_percent', 100))})."
    )
    paragraphs.append(
        "Percentages are weighted and exclude “Don't know” and other answers outside the "
        "question's base; the base shown is the unweighted number of respondents behind each "
        "figure. 95% confidence intervals come from Taylor-linearised standard errors for a "
        "design stratified by ward (R survey's method), using the logit interval for "
        "percentages. Groups (wards, age bands, ...) are estimated as domains of the whole "
        "survey. A change between waves is called significant when its 95% interval excludes "
        "zero (independent samples)."
    )
    paragraphs.append(
        f"Figures based on fewer than {survey.threshold} respondents are not shown "
        "(disclosure control and reliability), nor are their bases; where a hidden group "
        "could otherwise be worked out as the total minus the other groups, another group "
        "is hidden with it."
    )
    return paragraphs
