from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cohesion.jobs.access import may_see_jobs
from cohesion.jobs.queries import job_statuses


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """Each scheduled job: when it runs, its last run and outcome, and its next run (site administrators)."""
    if not may_see_jobs(request.user):
        raise PermissionDenied("Only site administrators see the scheduled jobs.")
    return render(request, "jobs/job_list.html", {"statuses": job_statuses(timezone.now())})
