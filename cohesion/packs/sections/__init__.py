"""Section builders for packs; importing this package registers every one of them.

- :mod:`.briefing`: the ward councillor briefing (``ward-*``);
- :mod:`.quarterly`: the quarterly hate-incident report (``hate-*``);
- :mod:`.scrutiny`: the scrutiny update (``scrutiny-*``);
- :mod:`cohesion.packs.case_studies`: the ``case-studies`` section, beside the case studies it shows.

Which sections each kind of pack starts with is data, in
:data:`cohesion.packs.defaults.DEFAULT_SECTIONS`.
"""

from cohesion.packs import case_studies
from cohesion.packs.contents import SectionError
from cohesion.packs.sections import briefing, quarterly, scrutiny

__all__ = ["SectionError", "briefing", "case_studies", "quarterly", "scrutiny"]
