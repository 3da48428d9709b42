"""What tension assessments, the board and early warning add to Cohesion when it starts.

- navigation to the tension board, for people who take part in tension monitoring;
- the demo step that records synthetic assessments, trigger events and rumours
  and runs early warning over the synthetic reports (after the reports step).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def _may_see_board(request: HttpRequest) -> bool:
    from cohesion.tensions.models.assessment import TensionAssessment

    scope = TensionAssessment.objects.scope(request.user, "view")
    return bool(scope.everywhere or scope.councils or scope.wards)


def register() -> None:
    from cohesion.core import demo, navigation

    navigation.register(
        navigation.NavItem(
            _("Tension board"), "tensions-board-index", order=45, visible=_may_see_board
        )
    )

    navigation.register(
        navigation.NavItem(
            _("Incident counts"),
            "tensions-public-index",
            order=46,
            visible=lambda request: not request.user.is_authenticated,
        )
    )

    def run_demo(data_dir: Any, say: Any) -> Any:
        from cohesion.tensions.demo_assessments import create_demo_assessments

        return create_demo_assessments(say=say)

    # After "synthetic incident reports" (order 40), whose spike early warning should catch.
    demo.register("tension assessments and early warning", 50, run_demo)
