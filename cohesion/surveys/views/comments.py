"""Residents' comments on a wave, the coding frame officers theme them with, and the theme counts.

The comments page is for those who may manage the wave (comments may hold personal
data); every visit is audited with the comments shown. The themes page shows the
theme counts to anyone who may see the wave's results, through disclosure control
for those who may not read the comments, with ``.json`` and ``.csv`` twins; those
who manage the wave add, rename and remove themes on the same page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohesion.accounts.permissions import get_for_user, may
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record, view_or_export
from cohesion.core.lists import list_context, page_of
from cohesion.core.twins import Twin, render_twin
from cohesion.surveys.comments import THEME_COLUMNS, code_comment, comments_of, theme_table
from cohesion.surveys.forms import CodingForm, CommentFilterForm, ThemeForm
from cohesion.surveys.models import CommentCoding, CommentTheme, Response, Wave
from cohesion.surveys.permissions import MANAGE, VIEW


def _wave(request: HttpRequest, pk: int, action: str) -> Wave:
    return get_for_user(
        Wave.objects.select_related("survey", "survey__council"), request.user, action, pk=pk
    )


def _themes(wave: Wave) -> list[CommentTheme]:
    return list(CommentTheme.objects.filter(wave=wave).order_by("order", "label", "pk"))


def _back(request: HttpRequest, wave: Wave, anchor: str = "") -> str:
    """The comments page as the officer was reading it (filters and page kept)."""
    query = request.GET.urlencode()
    address = reverse("surveys-wave-comments", args=[wave.pk])
    return f"{address}{'?' + query if query else ''}{'#' + anchor if anchor else ''}"


@login_required
def wave_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """The wave's comments, 50 a page, filtered by theme or words, each with its themes to tick."""
    wave = _wave(request, pk, MANAGE)
    themes = _themes(wave)
    if request.method == "POST":
        return _code(request, wave, themes)
    visible = comments_of(wave).filter(pk__in=Response.objects.restrict(request.user, VIEW))
    form = CommentFilterForm(request.GET, themes=themes)
    listed = page_of(
        request,
        form.filtered(visible, request.user)
        .select_related("ward")
        .prefetch_related(
            Prefetch("codings", queryset=CommentCoding.objects.select_related("theme"))
        ),
        None,
    )
    record(
        AuditAction.VIEW,
        wave,
        object_repr=f"Comments on {wave}"[:300],
        changes={"comments": [r.pk for r in listed.shown], "filters": form.query},
    )
    rows = [
        {
            "response": r,
            "form": CodingForm(
                initial={"themes": [str(c.theme_id) for c in r.codings.all()]},
                themes=themes,
                prefix=f"c{r.pk}",
            ),
            "themes": [c.theme for c in r.codings.all()],
        }
        for r in listed.shown
    ]
    return _render_page(
        request,
        "surveys/comments.html",
        list_context(
            form,
            listed,
            wave=wave,
            survey=wave.survey,
            rows=rows,
            themes=themes,
            comment_count=visible.count(),
        ),
    )


def _render_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    response = render(request, template, context)
    response["Cache-Control"] = "private, no-store"
    return response


def _code(request: HttpRequest, wave: Wave, themes: list[CommentTheme]) -> HttpResponse:
    """Save the themes ticked for one comment; back to the same place in the list."""
    response = get_object_or_404(
        comments_of(wave).filter(pk__in=Response.objects.restrict(request.user, MANAGE)),
        pk=request.POST.get("response") if str(request.POST.get("response", "")).isdigit() else 0,
    )
    form = CodingForm(request.POST, themes=themes, prefix=f"c{response.pk}")
    if not form.is_valid():
        messages.error(
            request,
            _("The themes were not saved: %(problem)s")
            % {"problem": " ".join(str(e) for e in form.errors.get("themes", []))},
        )
        return redirect(_back(request, wave, f"comment-{response.pk}"))
    changes = code_comment(response, form.theme_ids(), request.user)
    if changes["added"] or changes["removed"]:
        record(
            AuditAction.UPDATE,
            response,
            object_repr=f"Comment {response.pk} on {wave}"[:300],
            changes={"themes": changes},
        )
    messages.success(request, _("Themes saved for comment %(number)s.") % {"number": response.pk})
    return redirect(_back(request, wave, f"comment-{response.pk}"))


@login_required
def wave_themes(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    """The coding frame with how many coded comments carry each theme (and its twins)."""
    wave = _wave(request, pk, VIEW)
    can_manage = may(Wave.objects, request.user, MANAGE, wave)
    if request.method == "POST":
        wave = _wave(request, pk, MANAGE)
        return _change_frame(request, wave)
    table = theme_table(wave, exact=can_manage)
    record(
        view_or_export(fmt),
        wave,
        object_repr=f"Comment themes of {wave}"[:300],
        changes={"format": fmt or "html", "exact": can_manage},
    )
    themes = _themes(wave) if can_manage and fmt is None else []
    return render_twin(
        request,
        fmt,
        Twin(
            template="surveys/themes.html",
            context={
                "wave": wave,
                "survey": wave.survey,
                "table": table,
                "can_manage": can_manage,
                "edit_forms": [
                    (t, ThemeForm(instance=t, wave=wave, prefix=f"t{t.pk}")) for t in themes
                ],
                "new_form": ThemeForm(wave=wave, prefix="new") if can_manage else None,
            },
            data={
                "survey": {"id": wave.survey.pk, "title": wave.survey.title},
                "wave": {"id": wave.pk, "name": wave.name},
                "synthetic": wave.survey.is_synthetic,
                **table.as_data(),
            },
            rows=table.as_rows(),
            columns=THEME_COLUMNS,
            filename=f"survey-{wave.survey.pk}-wave-{wave.pk}-comment-themes",
            extra_headers={"Cache-Control": "private, no-store"},
        ),
    )


def _change_frame(request: HttpRequest, wave: Wave) -> HttpResponse:
    """Add, rename or remove a theme; a refused change shows the page again with its message."""
    themes_url = reverse("surveys-wave-themes", args=[wave.pk])
    theme_id = str(request.POST.get("theme", ""))
    theme = (
        get_object_or_404(CommentTheme.objects.filter(wave=wave), pk=int(theme_id))
        if theme_id.isdigit()
        else None
    )
    if theme is not None and "remove" in request.POST:
        coded = theme.codings.count()
        with transaction.atomic():
            record(
                AuditAction.DELETE, theme, changes={"label": theme.label, "codings_removed": coded}
            )
            theme.delete()
        messages.success(
            request,
            ngettext(
                "Removed the theme “%(label)s”; it was taken off %(count)s comment.",
                "Removed the theme “%(label)s”; it was taken off %(count)s comments.",
                coded,
            )
            % {"label": theme.label, "count": coded},
        )
        return redirect(themes_url)
    form = ThemeForm(
        request.POST, instance=theme, wave=wave, prefix=f"t{theme.pk}" if theme else "new"
    )
    if form.is_valid():
        try:
            with transaction.atomic():
                saved = form.save(commit=False)
                if theme is None and isinstance(request.user, get_user_model()):
                    saved.created_by = request.user
                saved.save()
        except IntegrityError:
            form.add_error("label", _("This wave already has a theme with that name."))
        else:
            record(
                AuditAction.UPDATE if theme else AuditAction.CREATE,
                saved,
                changes={"label": saved.label, "order": saved.order},
            )
            messages.success(request, _("Saved the theme “%(label)s”.") % {"label": saved.label})
            return redirect(themes_url)
    # Refused: the page again, with this form's errors where it was typed.
    table = theme_table(wave, exact=True)
    edit_forms = [
        (
            t,
            form
            if theme is not None and t.pk == theme.pk
            else ThemeForm(instance=t, wave=wave, prefix=f"t{t.pk}"),
        )
        for t in _themes(wave)
    ]
    response = _render_page(
        request,
        "surveys/themes.html",
        {
            "wave": wave,
            "survey": wave.survey,
            "table": table,
            "can_manage": True,
            "edit_forms": edit_forms,
            "new_form": form if theme is None else ThemeForm(wave=wave, prefix="new"),
            "refused": True,
        },
    )
    response.status_code = 400
    return response
