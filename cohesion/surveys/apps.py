from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def _may_see_surveys(request: HttpRequest) -> bool:
    from cohesion.surveys.permissions import can_use_surveys

    return can_use_surveys(request.user)


def _run_demo(data_dir, say):  # type: ignore[no-untyped-def]
    from cohesion.surveys.demo import run

    return run(data_dir, say)


class SurveysConfig(AppConfig):
    """Resident perception surveys: questionnaires, waves, responses, weighting, estimates."""

    name = "cohesion.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from cohesion.core import demo, navigation

        navigation.register(
            navigation.NavItem(
                _("Surveys"), "surveys-survey-list", order=50, visible=_may_see_surveys
            )
        )
        demo.register("surveys", 50, _run_demo)
