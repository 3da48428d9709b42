"""Inviting a person to join an organisation, without saying whether they already use Cohesion.

An administrator adds a member by email address only. Whatever the address,
the administrator sees the same answer ("we have emailed an invitation") and
nothing about any account behind it: not a name, not another organisation,
not whether a username is taken. The person, not the administrator, decides:

- someone who already has an account is emailed an invitation to join; the
  membership is made only when they accept it, signed in as themselves;
- someone new gets an account with no password and the same invitation; on
  accepting, they go on to set their password (the set-password journey of
  cohesion.accounts.passwords).

An invitation is a signed link (django.core.signing) naming the person, the
organisation and the role, bound to the address it was sent to, and valid for
``PASSWORD_RESET_TIMEOUT`` like the set-password link. Nothing is stored until
it is accepted, so there is nothing for a pending invitation to reveal.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.sites.shortcuts import get_current_site
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

from cohesion.accounts.choices import Role
from cohesion.accounts.models import Membership, Organisation
from cohesion.accounts.passwords import link_lifetime_days

logger = logging.getLogger(__name__)

SALT = "cohesion.accounts.invitation"
INVITE_SUBJECT = "accounts/emails/invitation_subject.txt"
INVITE_BODY = "accounts/emails/invitation_email.txt"


@dataclass(frozen=True)
class Invitation:
    """What a valid invitation link says: who is invited, where, and in which role."""

    user: Any
    organisation: Organisation
    role: str

    @property
    def is_new_person(self) -> bool:
        """A person with no password yet sets one after accepting."""
        return not self.user.has_usable_password()


def _same_address(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def person_for_email(email: str) -> Any | None:
    """The account with this address, if any (the oldest, if several share it)."""
    field = get_user_model().get_email_field_name()
    for user in (
        get_user_model()._default_manager.filter(**{f"{field}__iexact": email}).order_by("pk")
    ):
        if _same_address(str(getattr(user, field)), email):
            return user
    return None


def _free_username(email: str) -> str:
    """A username for a new person: their address, made unique if someone already has it."""
    User = get_user_model()
    base = email.strip().lower()[:140]
    candidate, n = base, 1
    while User._default_manager.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def make_token(user: Any, organisation: Organisation, role: str) -> str:
    return signing.dumps(
        {"u": user.pk, "o": organisation.pk, "r": str(role), "e": user.email.casefold()},
        salt=SALT,
        compress=True,
    )


def read_token(token: str) -> Invitation | None:
    """The invitation a link carries, or None if it is forged, expired or no longer fits its person."""
    try:
        data = signing.loads(token, salt=SALT, max_age=int(settings.PASSWORD_RESET_TIMEOUT))
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or data.get("r") not in Role.values:
        return None
    user_pk, organisation_pk = data.get("u"), data.get("o")
    if not isinstance(user_pk, int) or not isinstance(organisation_pk, int):
        return None
    user = get_user_model()._default_manager.filter(pk=user_pk, is_active=True).first()
    organisation = Organisation.objects.filter(pk=organisation_pk, is_active=True).first()
    if user is None or organisation is None:
        return None
    if not _same_address(user.email or "", str(data.get("e", ""))):
        return None  # the address changed since: the link was for someone else
    return Invitation(user=user, organisation=organisation, role=data["r"])


def invite(
    request: HttpRequest, organisation: Organisation, *, email: str, full_name: str, role: str
) -> bool:
    """Invite whoever holds ``email`` to ``organisation`` as ``role``. True unless the email failed.

    The caller tells the administrator the same thing whatever happens here:
    the return value says only whether an email could not be sent (which can
    happen for anyone, so it discloses nothing about an account).
    """
    with transaction.atomic():
        user = person_for_email(email)
        if user is None:
            first, _sep, last = full_name.strip().partition(" ")
            user = get_user_model().objects.create_user(
                username=_free_username(email),
                email=email.strip(),
                first_name=first[:150],
                last_name=last[:150],
            )
            user.set_unusable_password()
            user.save()
    if not user.is_active:
        return True  # a switched-off account is not invited; the administrator sees no difference
    site = get_current_site(request)
    context = {
        "email": user.email,
        "domain": site.domain,
        "site_name": site.name,
        "protocol": "https" if request.is_secure() else "http",
        "user": user,
        "organisation": organisation,
        "role": Role(role).label,
        "new_person": not user.has_usable_password(),
        "url": reverse("accounts-invitation", args=[make_token(user, organisation, role)]),
        "days": link_lifetime_days(),
    }
    try:
        PasswordResetForm().send_mail(INVITE_SUBJECT, INVITE_BODY, context, None, user.email)
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not email an invitation to join %s", organisation)
        return False
    return True


def accept(invitation: Invitation) -> Membership:
    """Make the membership the invitation offers (once: accepting again changes nothing)."""
    membership, _created = Membership.objects.get_or_create(
        user=invitation.user,
        organisation=invitation.organisation,
        defaults={"role": invitation.role},
    )
    return membership
