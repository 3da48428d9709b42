"""What other apps may ask of accounts about organisations, without reading its tables themselves."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from cohesion.accounts.models import Organisation, Profile


def organisations_working_in(council_code: str) -> QuerySet[Organisation]:
    """Active organisations working in a council: their areas are the council or one of its wards.

    The one answer to "which partners work here", for every list that offers them.
    """
    return (
        Organisation.objects.filter(is_active=True)
        .filter(Q(areas__code=council_code) | Q(areas__parent__code=council_code))
        .distinct()
        .order_by("name")
    )


def language_preference(user: Any) -> str:
    """The language a signed-in person chose on their account page ("" for the site's default)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return Profile.objects.filter(user_id=user.pk).values_list("language", flat=True).first() or ""


def set_language_preference(user: Any, language: str) -> None:
    """Keep a person's own language ("" for the site's default)."""
    Profile.objects.update_or_create(user_id=user.pk, defaults={"language": language})
