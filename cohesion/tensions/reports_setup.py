"""What the reports side of the tensions app adds to Cohesion when it starts.

- a system check that the contact-encryption key is present and well formed;
- navigation to the public form and to the case lists;
- the demo step that adds synthetic reports;
- the admin page for response timescales.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def check_contact_key(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """tensions.E001 when CONTACT_ENCRYPTION_KEY is malformed; tensions.W001 when it is missing.

    A missing key is a warning here so that commands that never touch contact
    details (migrations, type checks) still run; storing or reading a contact
    detail without it raises ``ContactKeyError``.
    """
    from cohesion.tensions.crypto import ContactKeyError, parse_keys

    raw = settings.CONTACT_ENCRYPTION_KEY
    if not raw.strip():
        return [
            checks.Warning(
                "CONTACT_ENCRYPTION_KEY is not set: reports with contact details will be refused.",
                hint="Set it to a Fernet key (see .env.example); `cohesion demo` makes one.",
                id="tensions.W001",
            )
        ]
    try:
        parse_keys(raw)
    except ContactKeyError as exc:
        return [checks.Error(str(exc), id="tensions.E001")]
    return []


def _may_see_cases(request: HttpRequest) -> bool:
    from cohesion.tensions.access import may_use_case_lists

    return may_use_case_lists(request.user)


def register() -> None:
    from cohesion.core import demo, navigation

    checks.register(check_contact_key, checks.Tags.security)
    from cohesion.tensions import reports_admin

    reports_admin.register()
    navigation.register(
        navigation.NavItem(_("Report an incident"), "tensions-public-report", order=10)
    )
    navigation.register(
        navigation.NavItem(_("Reports"), "tensions-report-list", order=40, visible=_may_see_cases)
    )

    def run_demo(data_dir: Any, say: Any) -> Any:
        from cohesion.tensions.demo_reports import create_demo_reports

        return create_demo_reports(say=say)

    demo.register("synthetic incident reports", 40, run_demo)
