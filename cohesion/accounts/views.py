from __future__ import annotations

import logging
import smtplib
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohesion.accounts.choices import Role
from cohesion.accounts.forms import AddMemberForm, MembershipForm, SignInForm
from cohesion.accounts.models import Membership, Organisation
from cohesion.accounts.passwords import (
    RESET_BODY,
    RESET_SUBJECT,
    ForgottenPasswordForm,
    NewPasswordForm,
    link_lifetime_days,
    send_set_password_email,
)
from cohesion.accounts.permissions import active_memberships, get_for_user
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record

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
        request, "accounts/profile.html", {"memberships": active_memberships(request.user)}
    )


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
    organisation = get_for_user(Organisation.objects.all(), request.user, "manage", pk=pk)
    form = AddMemberForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        if form.needs_confirmation:
            person = form.cleaned_data["user"]
            return render(
                request,
                "accounts/member_confirm.html",
                {
                    "form": form,
                    "organisation": organisation,
                    "person": person,
                    "role": Role(form.cleaned_data["role"]).label,
                    "memberships": person.memberships.select_related("organisation")
                    .prefetch_related("areas")
                    .order_by("organisation__name"),
                },
            )
        with transaction.atomic():
            user = form.cleaned_data["user"]
            created = user is None
            if user is None:
                first, _sep, last = form.cleaned_data["full_name"].partition(" ")
                user = get_user_model().objects.create_user(
                    username=form.cleaned_data["username"].strip(),
                    email=form.cleaned_data["email"],
                    first_name=first,
                    last_name=last,
                )
                user.set_unusable_password()
                user.save()
            Membership.objects.create(
                user=user, organisation=organisation, role=form.cleaned_data["role"]
            )
        messages.success(
            request, _("%(user)s is now a member of %(org)s.") % {"user": user, "org": organisation}
        )
        if created and user.email:
            try:
                send_set_password_email(request, user, organisation)
            except (OSError, smtplib.SMTPException):
                logger.exception("Could not email a set-password link to a new member")
                messages.warning(
                    request,
                    _(
                        "We could not send the email to %(email)s. Ask them to use "
                        "‘Forgotten your password?’ on the sign-in page to set a password."
                    )
                    % {"email": user.email},
                )
                return redirect("accounts-organisation-detail", pk=organisation.pk)
            messages.info(
                request,
                _(
                    "We have emailed %(email)s a link to set their password. "
                    "The link works once and expires after %(days)s days; if it expires, "
                    "they can use ‘Forgotten your password?’ on the sign-in page."
                )
                % {"email": user.email, "days": link_lifetime_days()},
            )
        return redirect("accounts-organisation-detail", pk=organisation.pk)
    return render(
        request,
        "accounts/member_form.html",
        {"form": form, "organisation": organisation, "adding": True},
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
