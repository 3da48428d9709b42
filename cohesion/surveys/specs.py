"""A wave's questionnaire as plain objects, read from the frozen snapshot of its version.

Collection, imports and estimates all work from these, never from the live question
bank, so they always use the words, options and codes residents actually saw. The
ward question's options are the wave's target wards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import get_language

from cohesion.surveys.choices import DemographicRole

if TYPE_CHECKING:
    from cohesion.surveys.models import Wave


def _language(language: str | None) -> str:
    return (language or get_language() or "en").split("-")[0]


@dataclass(frozen=True)
class OptionSpec:
    code: str
    labels: dict[str, str]
    score: float | None = None
    positive: bool = False
    in_base: bool = True

    def label(self, language: str | None = None) -> str:
        return self.labels.get(_language(language)) or self.labels.get("en") or self.code


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    wording: str
    hint: str
    translations: dict[str, dict[str, str]]
    topic: str
    headline: str
    polarity: str
    demographic_role: str
    source: str
    page: int
    required: bool
    options: tuple[OptionSpec, ...]
    place_name: str = ""
    _by_code: dict[str, OptionSpec] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_code.update({o.code: o for o in self.options})

    def wording_in(self, language: str | None = None) -> str:
        lang = _language(language)
        text = (self.translations.get(lang) or {}).get("wording") or self.wording
        return text.replace("{council}", self.place_name or "your council area")

    def hint_in(self, language: str | None = None) -> str:
        lang = _language(language)
        return (self.translations.get(lang) or {}).get("hint") or self.hint

    def option(self, code: str) -> OptionSpec | None:
        return self._by_code.get(code)

    def choices(self, language: str | None = None) -> list[tuple[str, str]]:
        return [(o.code, o.label(language)) for o in self.options]

    @property
    def has_headline(self) -> bool:
        return any(o.positive for o in self.options)

    @property
    def has_scores(self) -> bool:
        return any(o.score is not None for o in self.options if o.in_base)

    @property
    def is_demographic(self) -> bool:
        return bool(self.demographic_role)

    @property
    def is_ward(self) -> bool:
        return self.demographic_role == DemographicRole.WARD


def question_from_snapshot(
    item: dict[str, Any], *, place_name: str = "", ward_options: list[OptionSpec] | None = None
) -> QuestionSpec:
    options = tuple(
        OptionSpec(
            code=str(o["code"]),
            labels=dict(o["label"]),
            score=o.get("score"),
            positive=bool(o.get("positive")),
            in_base=bool(o.get("in_base", True)),
        )
        for o in item.get("options", [])
    )
    if item.get("demographic_role") == DemographicRole.WARD and ward_options is not None:
        options = tuple(ward_options)
    return QuestionSpec(
        code=item["code"],
        wording=item["wording"],
        hint=item.get("hint", ""),
        translations=item.get("translations") or {},
        topic=item["topic"],
        headline=item.get("headline", ""),
        polarity=item.get("polarity", "neutral"),
        demographic_role=item.get("demographic_role", ""),
        source=item.get("source", ""),
        page=int(item.get("page", 1)),
        required=bool(item.get("required")),
        options=options,
        place_name=place_name,
    )


def wave_questions(wave: Wave) -> list[QuestionSpec]:
    """The questions of the wave's frozen questionnaire version, in order."""
    wards = [OptionSpec(code=w.code, labels={"en": w.name}) for w in wave.wards()]
    council_name = wave.survey.council.name
    return [
        question_from_snapshot(item, place_name=council_name, ward_options=wards)
        for item in wave.questionnaire_version.snapshot.get("items", [])
    ]


def pages_of(questions: list[QuestionSpec]) -> list[list[QuestionSpec]]:
    """Questions grouped into pages, in page order (pages with no questions are skipped)."""
    pages: dict[int, list[QuestionSpec]] = {}
    for question in questions:
        pages.setdefault(question.page, []).append(question)
    return [pages[number] for number in sorted(pages)]
