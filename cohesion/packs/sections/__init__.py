"""Section builders for packs; importing this package registers every one of them.

- :mod:`.briefing`: the ward councillor briefing (``ward-*``);
- :mod:`.quarterly`: the quarterly hate-incident report (``hate-*``);
- :mod:`.scrutiny`: the scrutiny update (``scrutiny-*``).

:data:`KIND_SECTIONS` gives each pack kind's default sections in order, for
the packs app to seed its editable templates from.
"""

from cohesion.packs.sections import briefing, quarterly, scrutiny
from cohesion.packs.sections.common import SectionError

__all__ = ["KIND_SECTIONS", "SectionError", "briefing", "quarterly", "scrutiny"]

KIND_SECTIONS: dict[str, list[str]] = {
    "ward_briefing": [
        "ward-tension",
        "ward-incidents",
        "ward-alerts",
        "ward-triggers",
        "ward-indicators",
        "ward-surveys",
        "ward-plans",
    ],
    "quarterly_hate": [
        "hate-strands",
        "hate-channels",
        "hate-wards",
        "hate-trend",
        "hate-timescales",
        "hate-repeats",
        "hate-referrals",
        "hate-centres",
    ],
    "scrutiny_update": [
        "scrutiny-targets",
        "scrutiny-actions",
        "scrutiny-reviews",
        "scrutiny-changes",
    ],
}
