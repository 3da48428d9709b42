"""Emails that give one person a list: reminders of what they answer for."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail


def email_list(person: Any, subject: str, intro: str, lines: Iterable[str], closing: str) -> None:
    """Email ``person`` a greeting, ``intro``, the ``lines`` and ``closing``, under the service's name."""
    body = (
        f"Hello {person.get_full_name() or person.get_username()},\n\n"
        f"{intro}\n\n" + "\n".join(lines) + f"\n\n{closing}\n"
    )
    send_mail(
        subject=f"{settings.SERVICE_NAME}: {subject}",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[person.email],
    )
