from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from cohesion.accounts.choices import Role
from cohesion.accounts.models import Membership, Organisation
from cohesion.accounts.permissions import offer_only
from cohesion.core.forms import GovukForm, GovukFormMixin, GovukModelForm
from cohesion.core.languages import language_name, site_languages
from cohesion.places.choices import Level
from cohesion.places.models import Area

ROLE_HINT = _(
    "A viewer sees dashboards and figures for the areas. "
    "An officer also handles cases in their areas. "
    "A coordinator also oversees and changes everyone's cases and assessments in their areas, "
    "and is reminded of cases falling due. "
    "An administrator also manages the organisation's members."
)


class SignInForm(GovukFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Enter a correct username and password. Both are case-sensitive."),
        "inactive": _("This account has been switched off. Ask your administrator."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        self.fields["username"].error_messages["required"] = _("Enter your username")
        self.fields["password"].error_messages["required"] = _("Enter your password")


def scope_choices(organisation: Organisation) -> Any:
    """Areas a membership may be narrowed to: the organisation's areas and the wards within them."""
    own = list(organisation.areas.all())
    councils = [a.pk for a in own if a.level == Level.COUNCIL]
    return Area.objects.filter(pk__in=[a.pk for a in own]) | Area.objects.current(
        Level.WARD
    ).filter(parent__in=councils)


class MembershipForm(GovukModelForm):
    class Meta:
        model = Membership
        fields = ["role", "areas", "is_active"]
        widgets = {"role": forms.RadioSelect, "areas": forms.CheckboxSelectMultiple}
        labels = {"is_active": _("Membership is active"), "role": _("Role"), "areas": _("Areas")}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = self.fields["areas"]
        assert isinstance(areas, forms.ModelMultipleChoiceField)
        offer_only(
            areas,
            scope_choices(organisation).order_by("level", "name"),
            _("Choose areas the organisation works in, from the list."),
        )
        areas.required = False
        areas.label = _("Areas")
        areas.help_text = _("Leave empty to act in all the organisation's areas.")
        self.fields["role"].help_text = ROLE_HINT
        self.fields["role"].error_messages.update(
            {
                "required": _("Select the person's role"),
                "invalid_choice": _("Select one of the roles listed"),
            }
        )
        self.organisation = organisation

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._keep_an_administrator(data)
        return data

    def _keep_an_administrator(self, data: dict[str, Any]) -> None:
        """Refuse a change that would leave an active organisation with no active administrator."""
        membership = self.instance
        if membership.pk is None or not self.organisation.is_active:
            return
        was_admin = (
            membership.role == Role.ADMINISTRATOR
            and membership.is_active
            and membership.user.is_active
        )
        if not was_admin:
            return
        stays_admin = data.get("role", membership.role) == Role.ADMINISTRATOR and data.get(
            "is_active", False
        )
        if stays_admin:
            return
        others = (
            Membership.objects.active()
            .filter(organisation=self.organisation, role=Role.ADMINISTRATOR)
            .exclude(pk=membership.pk)
        )
        if others.exists():
            return
        message = _(
            "%(org)s must keep at least one active administrator. "
            "Make someone else an administrator first."
        ) % {"org": self.organisation}
        field = "role" if data.get("role", membership.role) != Role.ADMINISTRATOR else "is_active"
        self.add_error(field, message)


class AddMemberForm(GovukFormMixin, forms.Form):
    """Invite someone by email address; the answer is the same whether or not they have an account."""

    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "We email an invitation to this address. They become a member when they accept it."
        ),
        error_messages={
            "required": _("Enter the person's email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        help_text=_("Used only if they do not use Cohesion yet."),
        error_messages={"max_length": _("Full name must be 150 characters or fewer")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        initial=Role.VIEWER,
        help_text=ROLE_HINT,
        error_messages={
            "required": _("Select the person's role"),
            "invalid_choice": _("Select one of the roles listed"),
        },
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["email"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})


class AcceptInvitationForm(GovukFormMixin, forms.Form):
    """Accepting an invitation is a button: nothing to fill in."""


class LanguagePreferenceForm(GovukForm):
    """The language a signed-in person reads every page in, from those the council offers."""

    language = forms.ChoiceField(
        label=_("Language"),
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Pages you open while signed in are shown in this language."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [
            ("", _("The site's default language")),
            *((code, language_name(code)) for code in site_languages()),
        ]
