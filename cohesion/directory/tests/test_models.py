"""The directory's records: the default taxonomy, and who may see and change what."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from cohesion.accounts.models import Organisation as Partner
from cohesion.directory.choices import PublicationState
from cohesion.directory.models import Attribute, Schedule, Service, TaxonomyTerm
from cohesion.directory.taxonomy import NEEDS, TAXONOMY_ID, default_term, stable_id
from cohesion.directory.tests.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_default_taxonomy_holds_every_need_with_a_stable_identifier() -> None:
    terms = TaxonomyTerm.objects.filter(taxonomy_id=TAXONOMY_ID)
    assert terms.count() == len(NEEDS)
    assert default_term("esol").id == stable_id("esol")
    assert default_term("pre-esol").parent == default_term("esol")
    assert default_term("third-party-reporting").parent == default_term("hate-crime-support")


def test_youth_provision_is_split_by_age() -> None:
    youth = default_term("youth")
    ages = sorted((t.minimum_age, t.maximum_age) for t in youth.children.all())
    assert ages == [(8, 12), (13, 16), (17, 19)]


def test_anyone_sees_published_services_but_not_drafts(alice: object) -> None:
    published = ServiceFactory()
    draft = ServiceFactory(state=PublicationState.DRAFT)
    visible = set(Service.objects.restrict(AnonymousUser(), "view"))
    assert published in visible
    assert draft not in visible
    assert draft in set(Service.objects.restrict(alice, "view"))


def test_a_partner_maintains_its_own_entries_and_no_one_elses(carol: object) -> None:
    hub = Partner.objects.get(name="North Ormesby Community Hub")
    own = ServiceFactory(organisation=OrganisationFactory(partner=hub), state="draft")
    other = ServiceFactory(state="draft")
    assert set(Service.objects.restrict(carol, "change")) == {own}
    assert other not in set(Service.objects.restrict(carol, "view"))
    assert not Service.objects.restrict(carol, "review").exists()


def test_the_councils_directory_coordinator_reviews_its_entries(
    alice: object, dave: object
) -> None:
    service = ServiceFactory(state=PublicationState.IN_REVIEW)
    assert service in set(Service.objects.restrict(alice, "review"))
    assert service not in set(Service.objects.restrict(dave, "review"))
    assert service not in set(Service.objects.restrict(dave, "view"))


def test_a_read_only_member_cannot_change_entries(amir: object, cllr_hussain: object) -> None:
    ServiceFactory()
    assert not Service.objects.restrict(amir, "change").exists()
    assert not Service.objects.restrict(cllr_hussain, "change").exists()


def test_a_schedule_must_belong_to_a_service() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Schedule.objects.create(byday="MO")


def test_an_attribute_links_exactly_one_record() -> None:
    service = ServiceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attribute.objects.create(
            taxonomy_term=default_term("esol"), service=service, organisation=service.organisation
        )


def test_a_service_cannot_have_a_maximum_age_below_its_minimum() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceFactory(minimum_age=16, maximum_age=12)
