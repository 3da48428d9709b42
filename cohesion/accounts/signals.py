"""At sign-in, the person's own language is kept in their session (cohesion/core/languages.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from cohesion.accounts.queries import language_preference
from cohesion.core.languages import remember_staff_language


@receiver(user_logged_in)
def keep_language_in_session(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    if request is not None and hasattr(request, "session"):
        remember_staff_language(request, language_preference(user))
