"""The tensions app's models, one module per area of work, all importable from here.

- ``reports``: incident reports and the cases worked on them (reports, contact
  details, referrals, notes, links, history, response timescales).
- ``assessment``, ``events``, ``alerts``: tension assessments, trigger events,
  rumours, community impact assessments and early-warning alerts (re-exported
  below when present).
"""

import importlib

from cohesion.tensions.models.reports import (
    AppendOnlyError,
    CaseNote,
    Referral,
    Report,
    ReporterContact,
    ReportEvent,
    ReportLink,
    ResponseTimescale,
    SenderWindow,
    new_reference,
)

__all__ = [
    "AppendOnlyError",
    "CaseNote",
    "Referral",
    "Report",
    "ReportEvent",
    "ReportLink",
    "ReporterContact",
    "ResponseTimescale",
    "SenderWindow",
    "new_reference",
]

# Tension assessments, trigger events, rumours, community impact assessments and
# alerts live in their own modules beside this one; importing them here
# registers their models, and their public names are re-exported (a module's
# ``__all__`` if it has one, otherwise every public name it defines).
for _module_name in ("assessment", "events", "alerts", "releases"):
    _full_name = f"{__name__}.{_module_name}"
    try:
        _module = importlib.import_module(_full_name)
    except ModuleNotFoundError as exc:  # only that module missing, never an error inside it
        if exc.name != _full_name:
            raise
        continue
    _names = getattr(_module, "__all__", None) or [
        name
        for name, value in vars(_module).items()
        if not name.startswith("_") and getattr(value, "__module__", None) == _full_name
    ]
    for _name in _names:
        globals()[_name] = getattr(_module, _name)
        if _name not in __all__:
            __all__.append(_name)
