"""The question bank, answer scales and versioned questionnaires.

A **question** has one exact wording, a source and an answer scale. The bank holds the
model cohesion questions (owner empty: the Community Life Survey, the Place Survey and
the Citizenship Survey wordings, loaded by migration 0002) and each council's own
questions (owner = the council). A question that a published questionnaire uses is
frozen: changing its wording would silently change what past answers mean, so a new
wording is a new question.

A **questionnaire** is a council's list of questions; it changes over time through
**versions**. A draft version can be edited; publishing it freezes it and stores a
snapshot of every question, wording, translation and answer option. A survey wave
names the version it used, so results are always read against the exact words people
answered, however the bank changes later.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.permissions import RestrictedQuerySet
from cohesion.places.models import Area
from cohesion.surveys.choices import (
    TOPIC_ORDER,
    DemographicRole,
    Polarity,
    Topic,
    VersionStatus,
)
from cohesion.surveys.permissions import VIEW, WRITE_ACTIONS, councils_touched, survey_scope


class FrozenError(ValueError):
    """Something tried to change a published questionnaire version or a question it uses."""


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def translated(texts: dict[str, str] | None, english: str, language: str | None = None) -> str:
    """``texts[language]`` when a translation is held, else the English."""
    language = language or _language()
    if language != "en" and texts and texts.get(language):
        return texts[language]
    return english


class CouncilOwnedQuerySet(RestrictedQuerySet[Any]):
    """Bank content: model items (no owner) and each council's own.

    Viewing: members of any council organisation see the model items and their own
    councils' items. Adding or changing: officers and above with a whole-council scope,
    for their councils' items only; model items are changed by migrations, never in
    the app.
    """

    owner_field = "owner"

    def restrict(self, user: Any, action: str = VIEW) -> CouncilOwnedQuerySet:
        scope = survey_scope(user)
        if action == VIEW:
            area = scope.view
            if area.everywhere:
                return self
            if not (area.councils or area.wards):
                return self.none()
            councils = councils_touched(area)
            return self.filter(
                Q(**{f"{self.owner_field}__isnull": True})
                | Q(**{f"{self.owner_field}__code__in": councils})
            )
        if action in WRITE_ACTIONS:
            area = scope.manage
            if area.everywhere:
                return self.filter(**{f"{self.owner_field}__isnull": False})
            return self.filter(**{f"{self.owner_field}__code__in": list(area.councils)})
        return self.none()


class AnswerScaleQuerySet(CouncilOwnedQuerySet):
    pass


class AnswerScale(models.Model):
    """A list of answer options shared by several questions ("Definitely agree" ... "Don't know").

    ``options`` is a list of objects with:

    - ``code``: the stored answer, stable across languages (``definitely_agree``);
    - ``label``: the words shown, by language (``{"en": "Definitely agree", "pl": ..., "ar": ...}``);
    - ``score``: a number for means (1 = most negative), or null;
    - ``positive``: counts towards the headline percentage ("agree", "safe");
    - ``in_base``: counts in the base of percentages. "Don't know" and "Prefer not to
      say" are outside the base, as in the Community Life Survey's published tables.
    """

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The council that made this scale; empty for the model scales."),
    )
    options = models.JSONField()

    objects = AnswerScaleQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def options_in(self, language: str | None = None) -> list[tuple[str, str]]:
        """(code, label) pairs in ``language`` (English when no translation is held)."""
        language = language or _language()
        return [(o["code"], o["label"].get(language) or o["label"]["en"]) for o in self.options]


class QuestionQuerySet(CouncilOwnedQuerySet):
    def model_questions(self) -> QuestionQuerySet:
        return self.filter(owner__isnull=True)


class Question(models.Model):
    """One question with its exact wording, where the wording comes from, and its answers.

    ``translations`` holds the wording and hint in other languages
    (``{"pl": {"wording": ..., "hint": ...}, "ar": {...}}``). ``headline`` names the
    headline statistic ("% who agree"), which is the share of in-base answers whose
    option is ``positive``. A question with a demographic role feeds weighting; the ward
    question takes its options from the wave's wards rather than a scale.
    """

    code = models.SlugField(
        max_length=80,
        unique=True,
        help_text=_("A short stable name used in downloads and imports, e.g. get_on_well_local."),
    )
    owner = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The council that added this question; empty for model questions."),
    )
    topic = models.CharField(max_length=20, choices=Topic.choices)
    wording = models.TextField(help_text=_("The exact words asked, in English."))
    hint = models.TextField(blank=True)
    translations = models.JSONField(default=dict, blank=True)
    scale = models.ForeignKey(
        AnswerScale, null=True, blank=True, on_delete=models.PROTECT, related_name="questions"
    )
    headline = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("What the headline percentage counts, e.g. “% who agree”."),
    )
    polarity = models.CharField(
        max_length=20, choices=Polarity.choices, default=Polarity.HIGHER_IS_BETTER
    )
    demographic_role = models.CharField(
        max_length=20, choices=DemographicRole.choices, blank=True, default=""
    )
    source = models.CharField(max_length=300, help_text=_("Where the wording comes from."))
    source_url = models.URLField(blank=True)
    note = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale__isnull=False) | Q(demographic_role=DemographicRole.WARD),
                name="surveys_question_has_scale_unless_ward",
            ),
            models.UniqueConstraint(
                fields=["demographic_role"],
                condition=Q(owner__isnull=True) & ~Q(demographic_role=""),
                name="surveys_question_one_model_question_per_demographic",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            before = Question.objects.filter(pk=self.pk).values("wording", "scale_id").first()
            if (
                before
                and (before["wording"], before["scale_id"]) != (self.wording, self.scale_id)
                and self.is_frozen()
            ):
                raise FrozenError(
                    f"Question {self.code} is used by a published questionnaire, so its wording "
                    "and answers cannot change. Add a new question with the new wording."
                )
        super().save(*args, **kwargs)

    @property
    def is_model(self) -> bool:
        return self.owner_id is None

    def wording_in(self, language: str | None = None) -> str:
        texts = {k: v.get("wording", "") for k, v in (self.translations or {}).items()}
        return translated(texts, self.wording, language)

    def hint_in(self, language: str | None = None) -> str:
        texts = {k: v.get("hint", "") for k, v in (self.translations or {}).items()}
        return translated(texts, self.hint, language)

    def is_frozen(self) -> bool:
        """Used by a published questionnaire version, so its wording may no longer change."""
        return self.items.filter(version__status=VersionStatus.PUBLISHED).exists()


class QuestionnaireQuerySet(CouncilOwnedQuerySet):
    pass


class Questionnaire(models.Model):
    """A council's questionnaire, which changes over time through numbered versions."""

    owner = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["owner__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "name"], name="surveys_questionnaire_unique_name_per_council"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def latest_version(self) -> QuestionnaireVersion | None:
        return self.versions.order_by("-number").first()

    def published_versions(self) -> models.QuerySet[QuestionnaireVersion]:
        return self.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number")

    @transaction.atomic
    def new_draft(self) -> QuestionnaireVersion:
        """A draft version: the open draft if there is one, else a copy of the latest version."""
        draft = self.versions.filter(status=VersionStatus.DRAFT).first()
        if draft is not None:
            return draft
        latest = self.latest_version()
        draft = QuestionnaireVersion.objects.create(
            questionnaire=self, number=(latest.number + 1) if latest else 1
        )
        if latest is not None:
            QuestionnaireItem.objects.bulk_create(
                QuestionnaireItem(
                    version=draft,
                    question_id=item.question_id,
                    position=item.position,
                    page=item.page,
                    required=item.required,
                )
                for item in latest.items.all()
            )
        return draft


class QuestionnaireVersionQuerySet(CouncilOwnedQuerySet):
    owner_field = "questionnaire__owner"


class QuestionnaireVersion(models.Model):
    """One version of a questionnaire. Published versions are frozen, with a snapshot.

    ``snapshot`` (written on publishing) is the complete questionnaire as answered:
    ``{"items": [{"code", "wording", "hint", "translations", "topic", "headline",
    "polarity", "demographic_role", "source", "page", "required", "options": [...]}]}``.
    Collection, imports and estimates read the snapshot, never the live bank.
    """

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    note = models.CharField(max_length=300, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = QuestionnaireVersionQuerySet.as_manager()

    class Meta:
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="surveys_version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["questionnaire"],
                condition=Q(status=VersionStatus.DRAFT),
                name="surveys_version_one_draft_per_questionnaire",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} – version {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and self.status == VersionStatus.PUBLISHED:
            before = QuestionnaireVersion.objects.filter(pk=self.pk).values("status").first()
            if before and before["status"] == VersionStatus.PUBLISHED:
                raise FrozenError(f"{self} is published and cannot change; start a new version.")
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    def ordered_items(self) -> models.QuerySet[QuestionnaireItem]:
        return self.items.select_related("question", "question__scale").order_by("position")

    @transaction.atomic
    def set_questions(self, questions: list[Question], required_codes: set[str]) -> None:
        """Replace a draft's items: in topic order (then the order they joined the bank), one topic per page."""
        if self.is_published:
            raise FrozenError(f"{self} is published and cannot change; start a new version.")
        self.items.all().delete()
        ordered = sorted(questions, key=lambda q: (TOPIC_ORDER[Topic(q.topic)], q.pk))
        pages: dict[str, int] = {}
        items = []
        for position, question in enumerate(ordered, start=1):
            page = pages.setdefault(question.topic, len(pages) + 1)
            items.append(
                QuestionnaireItem(
                    version=self,
                    question=question,
                    position=position,
                    page=page,
                    required=question.code in required_codes,
                )
            )
        QuestionnaireItem.objects.bulk_create(items)

    @transaction.atomic
    def publish(self) -> None:
        """Freeze this version and store the snapshot that waves will read."""
        if self.is_published:
            return
        items = list(self.ordered_items())
        if not items:
            raise FrozenError("A questionnaire version needs at least one question.")
        self.snapshot = {"items": [item.snapshot() for item in items]}
        self.status = VersionStatus.PUBLISHED
        self.published_at = timezone.now()
        super().save()


class QuestionnaireItem(models.Model):
    """A question's place in a questionnaire version: its order, page and whether it must be answered."""

    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="items"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveIntegerField()
    page = models.PositiveIntegerField(default=1)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "question"], name="surveys_item_question_once_per_version"
            ),
            models.UniqueConstraint(
                fields=["version", "position"], name="surveys_item_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.position}. {self.question.code}"

    def snapshot(self) -> dict[str, Any]:
        question = self.question
        return {
            "code": question.code,
            "wording": question.wording,
            "hint": question.hint,
            "translations": question.translations or {},
            "topic": question.topic,
            "headline": question.headline,
            "polarity": question.polarity,
            "demographic_role": question.demographic_role,
            "source": question.source,
            "page": self.page,
            "required": self.required,
            "options": list(question.scale.options) if question.scale else [],
        }
