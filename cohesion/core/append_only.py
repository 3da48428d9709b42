"""Records that are only ever added to: audit entries and the histories of cases and assessments.

A model that inherits :class:`AppendOnlyModel` refuses to save over an existing
row or to delete one; its queryset, with :class:`AppendOnlyQuerySetMixin` first among its bases,
refuses bulk updates and deletes. A correction is a new row (STYLE.md, "History
is part of the model"). The audit log is also protected by database triggers.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


class AppendOnlyError(RuntimeError):
    """Something tried to change or remove a record that may only be added to."""


def _message(model: type[models.Model]) -> str:
    return str(
        getattr(
            model, "append_only_message", f"{model._meta.verbose_name} records are append-only."
        )
    )


class AppendOnlyQuerySetMixin:
    """Put first in a queryset's bases: ``class Q(AppendOnlyQuerySetMixin, SomeQuerySet)``."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(_message(self.model))  # type: ignore[attr-defined]

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(_message(self.model))  # type: ignore[attr-defined]


class AppendOnlyModel(models.Model):
    append_only_message: ClassVar[str] = "This record is append-only."

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(self.append_only_message)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(self.append_only_message)
