"""Residents' comments: listing them, coding them with themes, and the table of theme counts.

The theme table counts what residents wrote, so it is an aggregate of personal
data. Those who may manage the wave read the comments themselves and see exact
counts; everyone else who may see the wave's results (viewers, ward councillors)
sees the counts through the disclosure-control module
(:class:`cohesion.core.disclosure.LinkedCounts`) under the survey's threshold, as
the survey's estimates are: small counts are hidden, and so are enough others that
no hidden count can be worked out (all comments = coded + not yet coded; when every
coded comment carries one theme, the theme counts add up to the coded ones too).
Shares are worked out from the counts as shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from cohesion.core.disclosure import Disclosed, LinkedCounts, Rule, threshold_rule
from cohesion.surveys.calculations.precision import rounded_estimate
from cohesion.surveys.calculations.themes import ThemeTally, count_themes, share_of
from cohesion.surveys.choices import ResponseStatus
from cohesion.surveys.models import CommentCoding, CommentTheme, Response, Wave

__all__ = [
    "ThemeRow",
    "ThemeTable",
    "code_comment",
    "comments_of",
    "protect_theme_counts",
    "theme_table",
]

# The columns of the theme table's CSV download.
THEME_COLUMNS = ("theme", "description", "comments", "share_of_coded_percent", "suppressed")


def comments_of(wave: Wave) -> QuerySet[Response]:
    """The wave's complete responses that carry a comment (not yet restricted to a person)."""
    return wave.responses.filter(status=ResponseStatus.COMPLETE).exclude(comment="")


def code_comment(response: Response, theme_ids: Iterable[int], user: Any) -> dict[str, list[str]]:
    """Code ``response``'s comment with exactly these themes of its wave, in one transaction.

    Returns the labels ``added`` and ``removed``. A theme of another wave is refused
    with :class:`ValueError` and nothing is changed.
    """
    wanted = set(theme_ids)
    themes = {t.pk: t for t in CommentTheme.objects.filter(wave_id=response.wave_id)}
    if wanted - set(themes):
        raise ValueError("A theme of another wave cannot code this comment.")
    with transaction.atomic():
        # Lock the response, so that two officers coding it at once cannot interleave.
        Response.objects.select_for_update().filter(pk=response.pk).first()
        held = set(
            CommentCoding.objects.filter(response=response).values_list("theme_id", flat=True)
        )
        removed = held - wanted
        added = wanted - held
        CommentCoding.objects.filter(response=response, theme_id__in=removed).delete()
        CommentCoding.objects.bulk_create(
            [
                CommentCoding(
                    response=response,
                    theme_id=pk,
                    coded_by=user if getattr(user, "is_authenticated", False) else None,
                )
                for pk in sorted(added)
            ]
        )
    return {
        "added": sorted(themes[pk].label for pk in added),
        "removed": sorted(themes[pk].label for pk in removed),
    }


@dataclass(frozen=True)
class ThemeRow:
    id: int
    label: str
    description: str
    count: int | None  # None: hidden by disclosure control
    share: float | None  # per cent of the coded comments, as shown

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class ThemeTable:
    rows: list[ThemeRow]
    comments: int | None  # None when not exact: shown only to those who read the comments
    coded: int | None  # None: hidden by disclosure control
    uncoded: int | None  # None when not exact
    exact: bool  # True: shown as counted, to those who may read the comments
    rule: str = ""  # the small-number rule applied, in words ("" when exact)
    hidden: frozenset[Any] = field(default_factory=frozenset)

    def as_rows(self) -> list[dict[str, Any]]:
        """One row per theme, for the CSV download (and, with its id, the JSON)."""
        return [
            {
                "theme": row.label,
                "description": row.description,
                "comments": row.count,
                "share_of_coded_percent": row.share,
                "suppressed": row.suppressed,
            }
            for row in self.rows
        ]

    def as_data(self) -> dict[str, Any]:
        """The table for the JSON download."""
        return {
            "comments": self.comments,
            "coded": self.coded,
            "uncoded": self.uncoded,
            "exact": self.exact,
            "disclosure_rule": self.rule or None,
            "themes": [
                {"id": row.id, **fields}
                for row, fields in zip(self.rows, self.as_rows(), strict=True)
            ],
        }


def theme_table(wave: Wave, *, exact: bool) -> ThemeTable:
    """The wave's themes with how many coded comments carry each and their share.

    ``exact`` for those who may read the comments themselves; otherwise every count
    passes through disclosure control under the survey's threshold.
    """
    themes = list(CommentTheme.objects.filter(wave=wave).order_by("order", "label", "pk"))
    by_comment: dict[int, set[int]] = {
        pk: set() for pk in comments_of(wave).values_list("pk", flat=True)
    }
    for response_id, theme_id in CommentCoding.objects.filter(
        response_id__in=list(by_comment), theme__wave=wave
    ).values_list("response_id", "theme_id"):
        by_comment[response_id].add(theme_id)
    tally = count_themes([t.pk for t in themes], by_comment.values())

    if exact:
        shown: dict[Any, int | None] = {c.theme: c.count for c in tally.themes}
        coded: int | None = tally.coded
        rule, hidden = "", frozenset[Any]()
    else:
        survey_rule = threshold_rule(wave.survey.threshold)
        disclosed = protect_theme_counts(tally, survey_rule)
        shown = {t.pk: disclosed.value(("theme", t.pk)) for t in themes}
        coded = disclosed.value("coded")
        rule, hidden = survey_rule.describe(), disclosed.hidden
    return ThemeTable(
        rows=[
            ThemeRow(
                t.pk,
                t.label,
                t.description,
                shown[t.pk],
                # Worked out from the counts as shown, written as finely as the base allows.
                rounded_estimate(share_of(shown[t.pk], coded), coded),
            )
            for t in themes
        ],
        comments=tally.comments if exact else None,
        coded=coded,
        uncoded=tally.uncoded if exact else None,
        exact=exact,
        rule=rule,
        hidden=hidden,
    )


def protect_theme_counts(tally: ThemeTally, rule: Rule) -> Disclosed:
    """The figures of a theme table that may be shown to someone who may not read the comments.

    Keys: ``"coded"`` and ``("theme", key)`` for each theme. How many comments are not
    coded yet is never shown to them (it adds nothing to the themes, and with the coded
    count it would pin down the total).

    An attacker knows that no theme counts more comments than were coded, and that the
    themes together count at least the coded comments. With more coded comments than
    the threshold, that leaves any hidden theme a range at least as wide as the
    threshold (between 1, or the coded count less the themes shown, and the coded
    count); with exactly the threshold, it would not, so the coded count is hidden
    with it. When every coded comment carries one theme, the themes add up to the
    coded count, and that is protected as any other total.
    """
    counts = {c.theme: c.count for c in tally.themes}
    linked = LinkedCounts()
    linked.add("coded", tally.coded)
    for t in counts:
        linked.add(("theme", t), counts[t])
    if tally.single_coded and counts:
        linked.total("coded", [("theme", t) for t in counts])
    elif 0 < tally.coded <= rule.threshold:
        # Each theme plus the coded comments without it (never shown) make up the coded
        # ones: protecting that hides the coded count whenever a theme is hidden.
        for t in counts:
            linked.add(("without", t), tally.coded - counts[t], published=False)
            linked.total("coded", [("theme", t), ("without", t)])
    return linked.protect(rule)
