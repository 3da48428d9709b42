"""Forms for surveys: set-up, the online questionnaire, officer entry and imports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cohesion.core.disclosure import at_least_floor, site_floor
from cohesion.core.forms import GovukForm, GovukModelForm, UserTextField
from cohesion.core.lists import ListFilterForm, Sort
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.surveys.choices import Margin, ResponseMode
from cohesion.surveys.importing import IGNORE, REFERENCE
from cohesion.surveys.models import (
    CommentTheme,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Survey,
    Wave,
)
from cohesion.surveys.models.comments import THEME_LABEL_MAX_LENGTH
from cohesion.surveys.models.responses import MAX_IMPORT_BYTES
from cohesion.surveys.public_forms import comment_field
from cohesion.surveys.specs import QuestionSpec

# A select is easier than a long list of radios (the ward question).
RADIO_LIMIT = 12


class SurveyForm(GovukModelForm):
    weight_by = forms.MultipleChoiceField(
        label=_("Weight to these population margins"),
        choices=Margin.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each is fitted separately. Choose none to leave the results unweighted."),
    )

    class Meta:
        model = Survey
        fields = [
            "council",
            "title",
            "description",
            "questionnaire",
            "weight_by",
            "trim_upper",
            "trim_lower",
            "suppression_threshold",
            "is_synthetic",
        ]
        labels = {
            "is_synthetic": _("These are made-up responses (demonstration or training)"),
            "council": _("Council"),
            "title": _("Title"),
            "description": _("Description"),
            "questionnaire": _("Questionnaire"),
            "trim_upper": _("Trim upper"),
            "trim_lower": _("Trim lower"),
            "suppression_threshold": _("Suppression threshold"),
        }

    def __init__(
        self, *args: Any, councils: Sequence[Area], questionnaires: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        council_field = self.fields["council"]
        assert isinstance(council_field, forms.ModelChoiceField)
        council_field.queryset = Area.objects.filter(pk__in=[c.pk for c in councils])
        questionnaire_field = self.fields["questionnaire"]
        assert isinstance(questionnaire_field, forms.ModelChoiceField)
        questionnaire_field.queryset = questionnaires
        questionnaire_field.required = False
        questionnaire_field.help_text = gettext(
            "Leave empty to use the model questionnaire (the model cohesion questions and the "
            "demographics needed for weighting)."
        )
        if self.instance.pk:
            council_field.disabled = True
        self.fields["suppression_threshold"].help_text = gettext(
            "Hide figures on fewer respondents than this. Leave empty for the site's "
            "threshold (%(default)s). It cannot be below %(floor)s, the lowest this site allows."
        ) % {"default": at_least_floor(None), "floor": site_floor()}

    def clean_suppression_threshold(self) -> int | None:
        """Refuse a threshold below the site floor: nobody may publish smaller groups than that."""
        threshold: int | None = self.cleaned_data.get("suppression_threshold")
        floor = site_floor()
        if threshold is not None and threshold < floor:
            raise forms.ValidationError(
                _(
                    "The threshold cannot be below %(floor)s: this site never shows figures "
                    "on fewer than %(floor)s respondents. Enter %(floor)s or more, or leave it "
                    "empty for the site's threshold."
                ),
                code="below_floor",
                params={"floor": floor},
            )
        return threshold

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        questionnaire = data.get("questionnaire")
        council = data.get("council")
        if (
            questionnaire is not None
            and council is not None
            and questionnaire.owner_id != council.pk
        ):
            self.add_error("questionnaire", gettext("Choose a questionnaire of the same council."))
        return data


def _version_label(version: QuestionnaireVersion) -> str:
    published = f"{version.published_at:%d %B %Y}" if version.published_at else ""
    return gettext("Version %(number)s, published %(date)s") % {
        "number": version.number,
        "date": published,
    }


class WaveForm(GovukModelForm):
    class Meta:
        model = Wave
        fields = [
            "name",
            "period_start",
            "period_end",
            "questionnaire_version",
            "target_wards",
            "target_sample",
            "accepting_online",
            "asks_comment",
            "ask_interpreter",
        ]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
            "target_wards": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "period_start": _("For example 2025-10-01."),
            "period_end": _("For example 2025-11-15."),
        }
        labels = {
            "name": _("Name"),
            "period_start": _("Period start"),
            "period_end": _("Period end"),
            "questionnaire_version": _("Questionnaire version"),
            "target_wards": _("Target wards"),
            "target_sample": _("Target sample"),
            "accepting_online": _("Accepting online"),
            "asks_comment": _("Ask residents for a comment at the end"),
            "ask_interpreter": _("Ask about interpreters"),
        }

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        wards = self.fields["target_wards"]
        assert isinstance(wards, forms.ModelMultipleChoiceField)
        wards.queryset = (
            Area.objects.current(Level.WARD).filter(parent=survey.council).order_by("name")
        )
        versions = self.fields["questionnaire_version"]
        assert isinstance(versions, forms.ModelChoiceField)
        versions.queryset = survey.questionnaire.published_versions()
        versions.label_from_instance = _version_label  # type: ignore[method-assign,assignment]
        if self.instance.pk and self.instance.responses.exists():
            # A wave that has responses keeps the questionnaire they answered.
            versions.disabled = True
        if not self.instance.pk:
            self.initial.setdefault("target_wards", list(wards.queryset))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", gettext("The end must be on or after the start."))
        name = data.get("name")
        if (
            name
            and Wave.objects.filter(survey=self.survey, name=name)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("name", gettext("This survey already has a wave with that name."))
        return data


class QuestionForm(GovukModelForm):
    code = forms.CharField(label=_("Short name"), max_length=60)
    source_url = forms.URLField(
        label=_("Address of the source"), required=False, assume_scheme="https"
    )
    wording_cy = forms.CharField(
        label=_("Wording in Welsh"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    wording_pl = forms.CharField(
        label=_("Wording in Polish"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    wording_ar = forms.CharField(
        label=_("Wording in Arabic"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Question
        fields = [
            "code",
            "topic",
            "wording",
            "hint",
            "scale",
            "headline",
            "polarity",
            "source",
            "source_url",
        ]
        widgets = {
            "wording": forms.Textarea(attrs={"rows": 3}),
            "hint": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "topic": _("Topic"),
            "wording": _("Wording"),
            "hint": _("Hint"),
            "scale": _("Scale"),
            "headline": _("Headline"),
            "polarity": _("Polarity"),
            "source": _("Source"),
        }

    def __init__(self, *args: Any, council: Area, scales: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.council = council
        scale = self.fields["scale"]
        assert isinstance(scale, forms.ModelChoiceField)
        scale.queryset = scales.exclude(code__in=["age_band", "sex", "ethnic_group", "tenure"])
        scale.required = True
        self.fields["code"].help_text = gettext(
            "Lower-case letters, digits and underscores. The council's code is added in front."
        )
        self.fields["source"].initial = gettext("%(council)s's own question") % {
            "council": council.name
        }

    def clean_code(self) -> str:
        raw = str(self.cleaned_data.get("code", ""))
        code = f"{self.council.code.lower()}_{slugify(raw).replace('-', '_')}"[:80]
        if Question.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise ValidationError(gettext("There is already a question with this code."))
        return code

    def save(self, commit: bool = True) -> Question:
        question: Question = super().save(commit=False)
        question.owner = self.council
        translations = dict(question.translations or {})
        for language in ("cy", "pl", "ar"):
            text = self.cleaned_data.get(f"wording_{language}", "").strip()
            if text:
                translations[language] = {"wording": text}
        question.translations = translations
        if commit:
            question.save()
        return question


class QuestionnaireForm(GovukModelForm):
    class Meta:
        model = Questionnaire
        fields = ["owner", "name", "description"]
        labels = {"owner": _("Council"), "name": _("Name"), "description": _("Description")}

    def __init__(self, *args: Any, councils: Sequence[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = Area.objects.filter(pk__in=[c.pk for c in councils])


class VersionItemsForm(GovukForm):
    """Which questions a draft version asks (the demographics weighting needs are always asked)."""

    questions = forms.MultipleChoiceField(
        label=_("Questions"), widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args: Any, available: Sequence[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.available = {q.code: q for q in available}
        field = self.fields["questions"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [
            (q.code, f"{q.wording_in('en')} ({q.code})")
            for q in available
            if not q.demographic_role
        ]

    def chosen(self) -> list[Question]:
        codes = set(self.cleaned_data["questions"])
        return [q for q in self.available.values() if q.code in codes or q.demographic_role]


def question_field(question: QuestionSpec, language: str) -> forms.ChoiceField:
    choices = question.choices(language)
    widget: type[forms.Widget] = forms.RadioSelect
    if len(choices) > RADIO_LIMIT:
        widget = forms.Select
        choices = [("", gettext("Choose an answer")), *choices]
    return forms.ChoiceField(
        label=question.wording_in(language),
        help_text=question.hint_in(language),
        choices=choices,
        required=question.required,
        widget=widget,
        error_messages={
            "required": gettext("Choose an answer to this question"),
            "invalid_choice": gettext("Choose one of the answers given"),
        },
    )


class AnswerPageForm(GovukForm):
    """One page of the online questionnaire, in the resident's language."""

    def __init__(
        self, *args: Any, questions: Sequence[QuestionSpec], language: str, **kwargs: Any
    ) -> None:
        # Declared before the form is built, so that the GOV.UK classes are applied to them.
        self.base_fields = {q.code: question_field(q, language) for q in questions}  # type: ignore[misc]
        super().__init__(*args, **kwargs)


class ResponseEntryForm(GovukForm):
    """A paper, door-step or telephone response typed in by an officer: every question on one page."""

    mode = forms.ChoiceField(
        label=_("How was this response collected?"),
        choices=[
            (ResponseMode.PAPER, ResponseMode.PAPER.label),
            (ResponseMode.DOORSTEP, ResponseMode.DOORSTEP.label),
            (ResponseMode.TELEPHONE, ResponseMode.TELEPHONE.label),
        ],
        widget=forms.RadioSelect,
    )
    respondent_ref = forms.CharField(
        label=_("Reference on the form"),
        max_length=100,
        required=False,
        help_text=_("The serial number printed on the paper form, if there is one."),
    )

    def __init__(
        self, *args: Any, questions: Sequence[QuestionSpec], wave: Wave, **kwargs: Any
    ) -> None:
        self.base_fields = {  # type: ignore[misc]
            **type(self).base_fields,
            **{q.code: question_field(q, "en") for q in questions},
        }
        if wave.asks_comment:
            self.base_fields["comment"] = comment_field(
                _("What the resident wrote in the comment box")
            )
        super().__init__(*args, **kwargs)
        self.wave = wave

    def clean_respondent_ref(self) -> str:
        reference = str(self.cleaned_data.get("respondent_ref", "")).strip()
        if reference and self.wave.responses.filter(respondent_ref=reference).exists():
            raise ValidationError(gettext("A response with this reference is already in the wave."))
        return reference


class ImportUploadForm(GovukForm):
    file = forms.FileField(
        label=_("File of responses"),
        help_text=_("A .csv or .xlsx file with a heading row, one response per row."),
    )
    mode = forms.ChoiceField(
        label=_("How were these responses collected?"),
        choices=[
            (ResponseMode.PAPER, ResponseMode.PAPER.label),
            (ResponseMode.DOORSTEP, ResponseMode.DOORSTEP.label),
            (ResponseMode.TELEPHONE, ResponseMode.TELEPHONE.label),
            (ResponseMode.IMPORT, _("Another system (online or mixed)")),
        ],
        widget=forms.RadioSelect,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(gettext("The file must be smaller than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise ValidationError(gettext("Upload a .csv or .xlsx file."))
        return upload


class ImportMappingForm(GovukForm):
    """Which question each column of the file answers."""

    def __init__(
        self, *args: Any, columns: Sequence[str], questions: Sequence[QuestionSpec], **kwargs: Any
    ) -> None:
        choices = [
            (IGNORE, gettext("Do not import this column")),
            (REFERENCE, gettext("Respondent reference")),
        ]
        choices += [(q.code, f"{q.code}: {q.wording_in('en')[:70]}") for q in questions]
        self.columns = list(columns)
        self.base_fields = {  # type: ignore[misc]
            f"column_{i}": forms.ChoiceField(label=column, choices=choices, required=False)
            for i, column in enumerate(columns)
        }
        super().__init__(*args, **kwargs)

    def mapping(self) -> dict[str, str]:
        return {
            column: self.cleaned_data.get(f"column_{i}", "") or ""
            for i, column in enumerate(self.columns)
        }


# Comments and their coding frame ------------------------------------------------------------


class ThemeForm(GovukModelForm):
    """Add or rename a theme of a wave's coding frame."""

    label = UserTextField(
        label=_("Theme"),
        max_length=THEME_LABEL_MAX_LENGTH,
        help_text=_("A few words, for example “Litter and fly-tipping”."),
        error_messages={
            "required": _("Name the theme."),
            "max_length": _("Name the theme in %(limit_value)s characters or fewer."),
        },
    )
    description = UserTextField(
        label=_("What belongs under it (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": _("Describe the theme in %(limit_value)s characters or fewer.")
        },
    )

    class Meta:
        model = CommentTheme
        fields = ["label", "description", "order"]
        labels = {"order": _("Position in the list")}
        widgets = {"order": forms.NumberInput(attrs={"class": "govuk-input--width-3"})}

    def __init__(self, *args: Any, wave: Wave, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wave = wave
        self.fields["order"].required = False

    def clean_label(self) -> str:
        label = str(self.cleaned_data.get("label") or "")
        taken = CommentTheme.objects.filter(wave=self.wave, label__iexact=label).exclude(
            pk=self.instance.pk
        )
        if label and taken.exists():
            raise ValidationError(
                gettext("This wave already has a theme called “%(label)s”.") % {"label": label}
            )
        return label

    def clean_order(self) -> int:
        order = self.cleaned_data.get("order")
        if order is None:
            last = CommentTheme.objects.filter(wave=self.wave).order_by("-order").first()
            return (last.order + 1) if last else 1
        return int(order)

    def save(self, commit: bool = True) -> CommentTheme:
        theme: CommentTheme = super().save(commit=False)
        theme.wave = self.wave
        if commit:
            theme.save()
        return theme


class CodingForm(GovukForm):
    """The themes one comment is coded with (all may be left unticked)."""

    themes = forms.MultipleChoiceField(
        label=_("Themes in this comment"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the wave's themes.")},
    )

    def __init__(self, *args: Any, themes: Sequence[CommentTheme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["themes"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(t.pk), t.label) for t in themes]

    def theme_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("themes", [])]


UNCODED = "uncoded"


class CommentFilterForm(ListFilterForm):
    """Filters of a wave's comments: by theme (or not yet coded) and by words."""

    theme = forms.ChoiceField(label=_("Theme"), required=False)
    words = forms.CharField(label=_("Words"), required=False, max_length=100)
    sorts = (
        Sort("newest", _("Newest first"), ("-submitted_at", "-pk")),
        Sort("oldest", _("Oldest first"), ("submitted_at", "pk")),
    )

    def __init__(self, data: Any, *, themes: Sequence[CommentTheme], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.offer(
            theme=[(UNCODED, gettext("Not coded yet")), *[(str(t.pk), t.label) for t in themes]]
        )

    def narrow(self, records: Any, data: dict[str, Any], user: Any) -> Any:
        theme = data.get("theme")
        if theme == UNCODED:
            records = records.filter(codings__isnull=True)
        elif theme:
            records = records.filter(codings__theme_id=int(theme))
        words = (data.get("words") or "").strip()
        if words:
            records = records.filter(comment__icontains=words)
        return records
