from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Scheduled background jobs: when each runs, each run's outcome, and who may see them."""

    name = "cohesion.jobs"
    label = "jobs"
    verbose_name = "Scheduled jobs"

    def ready(self) -> None:
        from cohesion.core import navigation
        from cohesion.jobs.access import may_see_jobs
        from cohesion.jobs.queries import configured_schedule

        # An unknown job or an unreadable cadence stops start-up, naming it.
        configured_schedule()

        navigation.register(
            navigation.NavItem(
                _("Jobs"),
                "jobs-list",
                order=95,
                visible=lambda request: may_see_jobs(getattr(request, "user", None)),
            )
        )
