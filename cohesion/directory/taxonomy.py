"""The default taxonomy of needs: what people come to a cohesion directory for.

The list is the one Middlesbrough's scrutiny panel and refugee and asylum
plans name (ESOL and conversation cafés, refugee support, orientation, youth
provision, children's centres, holiday food, third-party reporting centres...).
Youth provision is split by age so a search by a child's age finds the right
sessions. Identifiers are UUID 5 of each code, so every installation publishes
the same Open Referral ``taxonomy_term`` ids for the same need, and a feed
imported from another Cohesion site maps onto ours without a mapping table.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

NAMESPACE = uuid.UUID("6f1c7f0e-2a35-5d2b-9a7e-0c6e5e1d3a11")
TAXONOMY_CODE = "cohesion-needs"
TAXONOMY_NAME = "Cohesion needs"
TAXONOMY_VERSION = "1"


def stable_id(code: str) -> uuid.UUID:
    """The identifier every installation gives the term (or taxonomy) ``code``."""
    return uuid.uuid5(NAMESPACE, code)


TAXONOMY_ID = stable_id(TAXONOMY_CODE)


@dataclass(frozen=True)
class Need:
    code: str
    name: Any
    description: Any
    parent: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None


NEEDS: tuple[Need, ...] = (
    Need(
        "esol",
        _("ESOL: English for speakers of other languages"),
        _("Classes that teach English to adults whose first language is another one."),
    ),
    Need(
        "pre-esol",
        _("Pre-ESOL and first steps in English"),
        _("Informal English for beginners, before or while waiting for a place on an ESOL class."),
        parent="esol",
    ),
    Need(
        "conversation-cafes",
        _("Conversation cafés"),
        _("Drop-in sessions to practise spoken English and meet neighbours."),
    ),
    Need(
        "refugee-asylum-support",
        _("Refugee and asylum support"),
        _(
            "Practical help for people seeking asylum and refugees: casework, clothing, food, housing."
        ),
    ),
    Need(
        "welcome-orientation",
        _("Welcome and orientation"),
        _(
            "Sessions for people new to the area on local services, rights, customs and getting about."
        ),
    ),
    Need(
        "advice-welfare-rights",
        _("Advice and welfare rights"),
        _("Benefits, debt, housing, employment and immigration advice."),
    ),
    Need(
        "mental-health",
        _("Mental health and wellbeing"),
        _("Support for mental health, including trauma-informed support."),
    ),
    Need(
        "drugs-alcohol",
        _("Drugs and alcohol"),
        _("Help with drug and alcohol use, for people who use them and their families."),
    ),
    Need(
        "youth",
        _("Youth provision"),
        _("Youth clubs, sessions and activities for young people."),
        minimum_age=8,
        maximum_age=19,
    ),
    Need(
        "youth-8-12",
        _("Youth provision, ages 8 to 12"),
        _("Junior youth sessions."),
        parent="youth",
        minimum_age=8,
        maximum_age=12,
    ),
    Need(
        "youth-13-16",
        _("Youth provision, ages 13 to 16"),
        _("Youth sessions for secondary school ages."),
        parent="youth",
        minimum_age=13,
        maximum_age=16,
    ),
    Need(
        "youth-17-19",
        _("Youth provision, ages 17 to 19"),
        _("Senior youth sessions (up to 25 for young people with special educational needs)."),
        parent="youth",
        minimum_age=17,
        maximum_age=19,
    ),
    Need(
        "childrens-centres-early-help",
        _("Children's centres and early help"),
        _("Family hubs, children's centres, stay and play, parenting and early help for families."),
        maximum_age=5,
    ),
    Need(
        "holiday-food-activities",
        _("Holiday food and activities"),
        _(
            "Free meals and activities in the school holidays (the Holiday Activities and Food programme)."
        ),
        minimum_age=5,
        maximum_age=16,
    ),
    Need(
        "befriending-loneliness",
        _("Befriending and loneliness"),
        _("Befriending, social groups and lunch clubs for people who are lonely or isolated."),
    ),
    Need(
        "hate-crime-support",
        _("Hate crime victim support"),
        _("Support for people affected by hate crime or hate incidents."),
    ),
    Need(
        "third-party-reporting",
        _("Third-party hate crime reporting centres"),
        _("Places where people can report a hate incident to someone other than the police."),
        parent="hate-crime-support",
    ),
    Need(
        "interpreting",
        _("Interpreting and translation"),
        _("Community interpreters and translation of letters and forms."),
    ),
    Need(
        "volunteering",
        _("Volunteering"),
        _(
            "Chances to volunteer, including for people waiting for a decision on their asylum claim."
        ),
    ),
)


def install_default_taxonomy(taxonomy_model: Any, term_model: Any) -> Any:
    """Create or update the default taxonomy and its terms; safe to run again.

    Takes the models as arguments so the data migration can pass its historical ones.
    """
    taxonomy, _created = taxonomy_model.objects.update_or_create(
        id=TAXONOMY_ID,
        defaults={
            "name": TAXONOMY_NAME,
            "description": "The needs a cohesion signposting directory meets.",
            "version": TAXONOMY_VERSION,
        },
    )
    for order, need in enumerate(NEEDS):
        term_model.objects.update_or_create(
            id=stable_id(need.code),
            defaults={
                "taxonomy_id": taxonomy.id,
                "code": need.code,
                "name": str(need.name),
                "description": str(need.description),
                "parent_id": stable_id(need.parent) if need.parent else None,
                "minimum_age": need.minimum_age,
                "maximum_age": need.maximum_age,
                "order": order,
            },
        )
    return taxonomy


def remove_default_taxonomy(taxonomy_model: Any, term_model: Any) -> None:
    term_model.objects.filter(taxonomy_id=TAXONOMY_ID, parent__isnull=False).delete()
    term_model.objects.filter(taxonomy_id=TAXONOMY_ID).delete()
    taxonomy_model.objects.filter(id=TAXONOMY_ID).delete()


def default_term(code: str) -> Any:
    """The default taxonomy's term ``code`` (raises if the data migration has not run)."""
    from cohesion.directory.models import TaxonomyTerm

    return TaxonomyTerm.objects.get(id=stable_id(code))


def term_and_narrower(
    term_ids: Iterable[uuid.UUID] = (), *, codes: Iterable[str] = ()
) -> set[uuid.UUID]:
    """The terms (by id, or by code in any taxonomy) and every narrower term beneath them.

    Youth provision covers each of its age bands, ESOL covers pre-ESOL. One query
    reads the whole tree, however deep.
    """
    from cohesion.directory.models import TaxonomyTerm

    wanted_codes = set(codes)
    children: dict[uuid.UUID, list[uuid.UUID]] = {}
    found = set(term_ids)
    for term, parent, code in TaxonomyTerm.objects.values_list("id", "parent_id", "code"):
        if parent is not None:
            children.setdefault(parent, []).append(term)
        if code in wanted_codes:
            found.add(term)
    queue = list(found)
    while queue:
        for child in children.get(queue.pop(), []):
            if child not in found:
                found.add(child)
                queue.append(child)
    return found
