from __future__ import annotations

import logging
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cohesion.accounts import invitations
from cohesion.accounts.choices import Role
from cohesion.accounts.forms import (
    AcceptInvitationForm,
    AddMemberForm,
    LanguagePreferenceForm,
    MembershipForm,
    SignInForm,
)
from cohesion.accounts.models import Membership, Organisation
from cohesion.accounts.passwords import (
    RESET_BODY,
    RESET_SUBJECT,
    ForgottenPasswordForm,
    NewPasswordForm,
    link_lifetime_days,
)
from cohesion.accounts.permissions import active_memberships, get_for_user
from cohesion.accounts.queries import language_preference, set_language_preference
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.core.languages import (
    default_language,
    language_name,
    offered,
    remember_staff_language,
)

logger = logging.getLogger(__name__)


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class ForgottenPasswordView(auth_views.PasswordResetView):
    """Ask for an email address and send a link; never say whether the address is known."""

    template_name = "accounts/password_reset_form.html"
    form_class = ForgottenPasswordForm
    email_template_name = RESET_BODY
    subject_template_name = RESET_SUBJECT
    success_url = reverse_lazy("accounts-password-reset-sent")
    extra_email_context = {"days": link_lifetime_days}


class PasswordLinkSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_set.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts-password-set-done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record(
            AuditAction.UPDATE,
            form.user,
            actor=form.user,
            object_repr=form.user.get_username(),
            changes={"event": "password set with an emailed link"},
        )
        return response


class PasswordSetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_set_done.html"


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": active_memberships(request.user),
            "language": language_name(language_preference(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_language(request: HttpRequest) -> HttpResponse:
    """The person chooses the language of every page they open while signed in."""
    form = LanguagePreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"language": language_preference(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["language"]
        set_language_preference(request.user, code)
        remember_staff_language(request, code)
        translation.activate(offered(code) or default_language())
        messages.success(request, _("Your language has been changed."))
        return redirect("accounts-profile")
    return render(request, "accounts/profile_language.html", {"form": form})


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.restrict(request.user, "view").prefetch_related("areas")
    manageable = set(
        Organisation.objects.restrict(request.user, "manage").values_list("pk", flat=True)
    )
    return render(
        request,
        "accounts/organisation_list.html",
        {"organisations": organisations, "manageable": manageable},
    )


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_for_user(
        Organisation.objects.prefetch_related("areas"), request.user, "view", pk=pk
    )
    members = (
        Membership.objects.restrict(request.user, "view")
        .filter(organisation=organisation)
        .select_related("user")
        .prefetch_related("areas")
    )
    can_manage = Organisation.objects.restrict(request.user, "manage").filter(pk=pk).exists()
    record(AuditAction.VIEW, organisation, changes={"members shown": len(members)})
    return render(
        request,
        "accounts/organisation_detail.html",
        {"organisation": organisation, "members": members, "can_manage": can_manage},
    )


@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite a person by email. The page says the same whether or not they already use Cohesion."""
    organisation = get_for_user(Organisation.objects.all(), request.user, "manage", pk=pk)
    form = AddMemberForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        sent = invitations.invite(
            request,
            organisation,
            email=email,
            full_name=form.cleaned_data.get("full_name", ""),
            role=form.cleaned_data["role"],
        )
        record(
            AuditAction.MEMBERSHIP,
            actor=request.user,
            organisation=organisation,
            object_repr=f"invitation to join {organisation}",
            changes={"event": "invited", "email": email, "role": form.cleaned_data["role"]},
        )
        if sent:
            messages.success(
                request,
                _(
                    "We have emailed an invitation to %(email)s. They become a member of "
                    "%(org)s when they accept it. The link expires after %(days)s days."
                )
                % {"email": email, "org": organisation, "days": link_lifetime_days()},
            )
        else:
            messages.warning(
                request,
                _("We could not send the email to %(email)s. Try again later.") % {"email": email},
            )
        return redirect("accounts-organisation-detail", pk=organisation.pk)
    return render(
        request,
        "accounts/member_form.html",
        {"form": form, "organisation": organisation, "adding": True},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Join an organisation from an emailed invitation.

    A person who already has a password accepts signed in as themselves; a
    new person (no password yet) accepts with the link alone, which only their
    mailbox holds, and then sets their password.
    """
    invitation = invitations.read_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if not invitation.is_new_person:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts-sign-in"))
        if request.user.pk != invitation.user.pk:
            return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # The new membership is audited where every membership change is
            # (cohesion.audit.signals), with the invited person as the actor.
            invitations.accept(invitation)
        if invitation.is_new_person:
            return redirect(
                "accounts-password-set",
                uidb64=urlsafe_base64_encode(force_bytes(invitation.user.pk)),
                token=default_token_generator.make_token(invitation.user),
            )
        messages.success(
            request, _("You are a member of %(org)s.") % {"org": invitation.organisation}
        )
        return redirect("accounts-profile")
    return render(
        request,
        "accounts/invitation_accept.html",
        {
            "form": form,
            "organisation": invitation.organisation,
            "role": Role(invitation.role).label,
            "new_person": invitation.is_new_person,
        },
    )


@login_required
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_for_user(
        Membership.objects.select_related("organisation", "user"), request.user, "change", pk=pk
    )
    form = MembershipForm(
        request.POST if request.method == "POST" else None,
        instance=membership,
        organisation=membership.organisation,
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Membership saved."))
        return redirect("accounts-organisation-detail", pk=membership.organisation_id)
    can_unlock = Membership.objects.restrict(request.user, "unlock").filter(pk=pk).exists()
    if request.method != "POST":
        record(AuditAction.VIEW, membership)
    return render(
        request,
        "accounts/member_form.html",
        {
            "form": form,
            "organisation": membership.organisation,
            "membership": membership,
            "adding": False,
            "can_unlock": can_unlock,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "failed_sign_ins": failed_sign_ins(membership.user.get_username()) if can_unlock else 0,
        },
        status=400 if request.method == "POST" else 200,
    )


def failed_sign_ins(username: str) -> int:
    """The most failed sign-ins counted against ``username`` from any one address.

    Sign-in is locked once this reaches ``AXES_FAILURE_LIMIT``.
    """
    most = AccessAttempt.objects.filter(username=username).aggregate(n=Max("failures_since_start"))[
        "n"
    ]
    return int(most or 0)


@login_required
@require_POST
def membership_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    """Clear the lockout after repeated failed sign-ins, so the member can sign in again now."""
    membership = get_for_user(
        Membership.objects.select_related("organisation", "user"), request.user, "unlock", pk=pk
    )
    username = membership.user.get_username()
    cleared = axes_reset(username=username)
    record(
        AuditAction.UNLOCKED,
        membership.user,
        organisation=membership.organisation,
        object_repr=username,
        changes={"event": "sign-in unlocked", "failed sign-ins cleared": cleared},
    )
    messages.success(request, _("%(user)s can sign in again now.") % {"user": username})
    return redirect("accounts-membership-edit", pk=membership.pk)
