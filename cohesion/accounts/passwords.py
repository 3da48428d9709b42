"""Setting a password: the first time (after an administrator adds someone) and after forgetting it.

Both journeys use Django's password-reset machinery: a one-time link carrying
the person's id and a token that stops working once the password changes or
after ``PASSWORD_RESET_TIMEOUT`` seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from cohesion.core.forms import GovukFormMixin

WELCOME_SUBJECT = "accounts/emails/set_password_subject.txt"
WELCOME_BODY = "accounts/emails/set_password_email.txt"
RESET_SUBJECT = "accounts/emails/password_reset_subject.txt"
RESET_BODY = "accounts/emails/password_reset_email.txt"


def link_lifetime_days() -> int:
    return max(1, int(settings.PASSWORD_RESET_TIMEOUT) // 86400)


class ForgottenPasswordForm(GovukFormMixin, PasswordResetForm):
    """Asks for an email address; the page that follows says the same whether or not it is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = _("Email address")
        email.error_messages["required"] = _("Enter your email address")
        email.error_messages["invalid"] = _(
            "Enter an email address in the correct format, like name@example.org"
        )
        email.widget.attrs.update({"spellcheck": "false"})

    def get_users(self, email: str) -> Iterator[Any]:
        """Active people with this address, including those who have never set a password.

        Django leaves out people without a usable password; in Cohesion that is
        everyone an administrator has added who has not yet set one, and this
        form is how they recover an expired first link.
        """
        field = get_user_model().get_email_field_name()
        users = get_user_model()._default_manager.filter(
            **{f"{field}__iexact": email, "is_active": True}
        )
        return (u for u in users if str(getattr(u, field)).casefold() == email.casefold())


class NewPasswordForm(GovukFormMixin, SetPasswordForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].error_messages["required"] = _("Enter a new password")
        self.fields["new_password2"].label = _("Confirm new password")
        self.fields["new_password2"].error_messages["required"] = _("Enter the new password again")


def send_set_password_email(request: HttpRequest, user: Any, organisation: Any) -> None:
    """Email a newly added person a link to set their first password."""
    site = get_current_site(request)
    context = {
        "email": user.email,
        "domain": site.domain,
        "site_name": site.name,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
        "organisation": organisation,
        "days": link_lifetime_days(),
    }
    PasswordResetForm().send_mail(WELCOME_SUBJECT, WELCOME_BODY, context, None, user.email)
