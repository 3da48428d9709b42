"""Interpreter help asked for on the online questionnaire, counted by language.

The questionnaire's optional last step asks whether a resident would like an
interpreter's help to take part (a phone or face-to-face interview) and in which
language. Responses are anonymous, so nobody is contacted: the wave's page counts the
complete responses that asked, by language, and links each language to the programme's
interpreter booking page, so that officers can hold fieldwork sessions in it.

Languages are typed, not chosen from a list; "Polish", "polish" and " Polish " are one
language, shown as most residents spelled it.

Whoever may manage the wave sees the exact counts (they may open the responses
themselves). Everyone else who may see the wave (a viewer, a ward councillor) gets the
counts through the disclosure-control module: languages asked for by fewer people than
the survey's threshold are pooled into "Other languages" first, so that neither a small
count nor the words one resident typed reach them, and the pooled row, the languages
and their total are then protected together (primary and secondary suppression).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cohesion.surveys.choices import ResponseStatus
from cohesion.surveys.models import Wave

# Keys of the linked counts; a language is ("language", its key), so none can clash with these.
OTHER = ("other",)
TOTAL = ("total",)


@dataclass(frozen=True)
class LanguageCount:
    """One row of the table: a language (or the pooled other languages) and its count."""

    language: str
    # None when hidden by disclosure control.
    count: int | None
    other: bool = False


@dataclass(frozen=True)
class InterpreterHelp:
    """The counts a person may see for one wave, with the rule that hid any of them."""

    asked: bool
    rows: list[LanguageCount]
    total: int | None
    disclosure_controlled: bool
    rule: str = ""


def language_key(text: str) -> str:
    """The key that makes two spellings of a language one: spaces collapsed, case folded."""
    return " ".join(text.split()).casefold()


def count_languages(typed: Iterable[str]) -> list[tuple[str, int]]:
    """How many times each language was asked for, most first (then by name).

    Spellings that differ only in case and spacing count as one language, named as most
    of them spelled it (the first in alphabetical order on a tie). Blanks are ignored.
    """
    spellings: dict[str, Counter[str]] = {}
    for text in typed:
        shown = " ".join(text.split())
        if shown:
            spellings.setdefault(language_key(shown), Counter())[shown] += 1
    counted = [
        (min(found, key=lambda s: (-found[s], s)), sum(found.values()))
        for found in spellings.values()
    ]
    return sorted(counted, key=lambda item: (-item[1], item[0].casefold()))


def interpreter_help(wave: Wave, *, exact: bool) -> InterpreterHelp:
    """Complete responses of ``wave`` that asked for an interpreter, by language.

    ``exact`` for people who may manage the wave; otherwise small counts are pooled and
    the rest protected with the survey's threshold rule.
    """
    typed = wave.responses.filter(status=ResponseStatus.COMPLETE).exclude(interpreter_language="")
    counted = count_languages(typed.values_list("interpreter_language", flat=True))
    if exact:
        return InterpreterHelp(
            asked=wave.ask_interpreter,
            rows=[LanguageCount(language, count) for language, count in counted],
            total=sum(count for _language, count in counted),
            disclosure_controlled=False,
        )
    from cohesion.core.disclosure import LinkedCounts, threshold_rule

    rule = threshold_rule(wave.survey.threshold)
    named = [(language, count) for language, count in counted if not rule.is_small(count)]
    pooled = sum(count for _language, count in counted if rule.is_small(count))
    linked = LinkedCounts()
    linked.add(TOTAL, sum(count for _language, count in counted))
    for language, count in named:
        linked.add(("language", language_key(language)), count)
    parts: list[tuple[str, ...]] = [
        ("language", language_key(language)) for language, _count in named
    ]
    if pooled:
        linked.add(OTHER, pooled)
        parts.append(OTHER)
    if parts:
        linked.total(TOTAL, parts)
    disclosed = linked.protect(rule)
    rows = [
        LanguageCount(language, disclosed.value(("language", language_key(language))))
        for language, _count in named
    ]
    if pooled:
        rows.append(LanguageCount(_("Other languages"), disclosed.value(OTHER), other=True))
    return InterpreterHelp(
        asked=wave.ask_interpreter,
        rows=rows,
        total=disclosed.value(TOTAL),
        disclosure_controlled=True,
        rule=rule.describe(),
    )
