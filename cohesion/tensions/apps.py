from django.apps import AppConfig


class TensionsConfig(AppConfig):
    """Incident reports and cases; tension assessments, trigger events, rumours and early warning."""

    name = "cohesion.tensions"
    label = "tensions"

    def ready(self) -> None:
        # Reports and cases: the system check on the contact key, navigation and the demo step.
        from cohesion.tensions import reports_setup

        reports_setup.register()

        # Tension assessments, the board and alerts register here.
        from cohesion.tensions import board_setup

        board_setup.register()
