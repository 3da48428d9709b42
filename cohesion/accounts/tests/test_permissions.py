"""Who may see and manage which organisations and memberships, and the areas each person acts in."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.accounts.models import Membership, Organisation
from cohesion.accounts.permissions import AreaScope, memberships_with, user_scope
from cohesion.accounts.personas import CLEVELAND_COUNCILS, DARLINGTON, MIDDLESBROUGH
from cohesion.places.choices import Level
from cohesion.places.models import Area

pytestmark = pytest.mark.django_db

NEWPORT = "E05009866"
NORTH_ORMESBY = "E05009867"
MIDDLESBROUGH_COUNCIL = "Middlesbrough Council"
MIDDLESBROUGH_STAFF = {"alice", "amir", "nadia", "cllr.hussain", "erin"}

# Organisations each persona may view (as members of them).
VIEWABLE_ORGANISATIONS = {
    "alice": {MIDDLESBROUGH_COUNCIL},
    "amir": {MIDDLESBROUGH_COUNCIL},
    "nadia": {MIDDLESBROUGH_COUNCIL},
    "cllr.hussain": {MIDDLESBROUGH_COUNCIL},
    "erin": {MIDDLESBROUGH_COUNCIL},
    "bob": {"Cleveland Police"},
    "carol": {"North Ormesby Community Hub"},
    "dave": {"Darlington Borough Council"},
}


def _user(username):
    return get_user_model().objects.get(username=username)


def _names(queryset):
    return set(queryset.values_list("name", flat=True))


def _usernames(queryset):
    return set(queryset.values_list("user__username", flat=True))


@pytest.mark.parametrize("username", sorted(VIEWABLE_ORGANISATIONS))
def test_each_persona_sees_only_the_organisations_they_belong_to(username):
    user = _user(username)
    assert _names(Organisation.objects.restrict(user, "view")) == VIEWABLE_ORGANISATIONS[username]


@pytest.mark.parametrize("action", ["manage", "change"])
@pytest.mark.parametrize("username", sorted(VIEWABLE_ORGANISATIONS))
def test_only_the_administrator_manages_her_organisation(username, action):
    expected = {MIDDLESBROUGH_COUNCIL} if username == "erin" else set()
    assert _names(Organisation.objects.restrict(_user(username), action)) == expected


def test_an_unknown_action_on_organisations_is_allowed_to_nobody(erin):
    assert not Organisation.objects.restrict(erin, "delete").exists()
    assert not Organisation.objects.restrict(erin, "publish").exists()


def test_anonymous_visitors_see_no_organisations_and_superusers_see_them_all(superuser):
    assert not Organisation.objects.restrict(AnonymousUser(), "view").exists()
    everything = set(Organisation.objects.values_list("name", flat=True))
    assert len(everything) >= 4
    assert _names(Organisation.objects.restrict(superuser, "view")) == everything
    assert _names(Organisation.objects.restrict(superuser, "manage")) == everything


@pytest.mark.parametrize("username", sorted(set(VIEWABLE_ORGANISATIONS) - {"erin"}))
def test_a_member_who_is_not_an_administrator_sees_only_their_own_membership(username):
    user = _user(username)
    assert _usernames(Membership.objects.restrict(user, "view")) == {username}
    for action in ("add", "change", "delete"):
        assert not Membership.objects.restrict(user, action).exists(), action


def test_the_administrator_sees_and_changes_every_membership_of_her_organisation_only(erin):
    assert _usernames(Membership.objects.restrict(erin, "view")) == MIDDLESBROUGH_STAFF
    for action in ("add", "change", "delete"):
        assert _usernames(Membership.objects.restrict(erin, action)) == MIDDLESBROUGH_STAFF
    assert not Membership.objects.restrict(erin, "refer").exists()


def test_anonymous_visitors_see_no_memberships_and_superusers_see_them_all(superuser):
    assert not Membership.objects.restrict(AnonymousUser(), "view").exists()
    assert Membership.objects.restrict(superuser, "change").count() == Membership.objects.count()
    assert Membership.objects.count() >= 8


def test_a_switched_off_membership_gives_no_access(erin, membership_of, fresh):
    membership = membership_of("erin")
    membership.is_active = False
    membership.save()
    erin = fresh(erin)
    assert not Organisation.objects.restrict(erin, "view").exists()
    assert not Membership.objects.restrict(erin, "change").exists()
    assert user_scope(erin) == AreaScope()


def test_a_switched_off_organisation_gives_its_members_no_access(alice, middlesbrough, fresh):
    middlesbrough.is_active = False
    middlesbrough.save()
    assert not Organisation.objects.restrict(fresh(alice), "view").exists()
    assert user_scope(fresh(alice)) == AreaScope()


# --- area scopes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "councils", "wards"),
    [
        ("alice", {MIDDLESBROUGH}, set()),
        ("amir", {MIDDLESBROUGH}, set()),
        ("erin", {MIDDLESBROUGH}, set()),
        ("carol", {MIDDLESBROUGH}, set()),
        ("nadia", set(), {NEWPORT, NORTH_ORMESBY}),
        ("cllr.hussain", set(), {NORTH_ORMESBY}),
        ("bob", set(CLEVELAND_COUNCILS), set()),
        ("dave", {DARLINGTON}, set()),
    ],
)
def test_each_persona_acts_in_the_areas_of_their_membership(username, councils, wards):
    scope = user_scope(_user(username))
    assert scope == AreaScope(frozenset(councils), frozenset(wards), everywhere=False)


def test_nadia_covers_her_two_wards_but_not_the_rest_of_middlesbrough(nadia):
    scope = user_scope(nadia)
    assert scope.covers(MIDDLESBROUGH, NEWPORT)
    assert scope.covers(MIDDLESBROUGH, NORTH_ORMESBY)
    other_ward = (
        Area.objects.current(Level.WARD)
        .filter(parent__code=MIDDLESBROUGH)
        .exclude(code__in=[NEWPORT, NORTH_ORMESBY])
        .first()
    )
    assert not scope.covers(MIDDLESBROUGH, other_ward.code)
    assert not scope.covers(MIDDLESBROUGH)


def test_bob_covers_the_four_cleveland_councils_and_dave_only_darlington(bob, dave):
    for council in CLEVELAND_COUNCILS:
        assert user_scope(bob).covers(council)
    assert not user_scope(bob).covers(DARLINGTON)
    assert user_scope(dave).covers(DARLINGTON)
    assert not user_scope(dave).covers(MIDDLESBROUGH, NORTH_ORMESBY)


def test_a_scope_filters_wards_by_council_and_by_ward(nadia, alice, dave):
    wards = Area.objects.filter(generation__code="WD25")

    def codes(user):
        return set(
            wards.filter(user_scope(user).q("parent__code", "code")).values_list("code", flat=True)
        )

    assert codes(nadia) == {NEWPORT, NORTH_ORMESBY}
    assert len(codes(alice)) == 20
    assert codes(alice) == set(
        wards.filter(parent__code=MIDDLESBROUGH).values_list("code", flat=True)
    )
    assert codes(dave) == set(wards.filter(parent__code=DARLINGTON).values_list("code", flat=True))
    assert codes(dave).isdisjoint(codes(alice))


def test_an_empty_scope_matches_nothing_and_everywhere_matches_everything(superuser):
    wards = Area.objects.filter(generation__code="WD25")
    assert not wards.filter(AreaScope().q("parent__code", "code")).exists()
    assert not wards.filter(user_scope(AnonymousUser()).q("parent__code")).exists()
    assert user_scope(superuser).everywhere
    assert wards.filter(user_scope(superuser).q("parent__code", "code")).count() == 103


def test_scope_can_be_limited_to_a_minimum_role_and_kinds_of_organisation(amir, bob, carol, nadia):
    assert user_scope(amir, min_role=Role.OFFICER) == AreaScope()
    assert user_scope(nadia, min_role=Role.OFFICER).wards == {NEWPORT, NORTH_ORMESBY}
    assert user_scope(nadia, min_role=Role.COORDINATOR) == AreaScope()
    assert user_scope(bob, kinds=(OrganisationKind.COUNCIL,)) == AreaScope()
    assert user_scope(bob, kinds=(OrganisationKind.POLICE,)).councils == set(CLEVELAND_COUNCILS)
    assert user_scope(carol, kinds=(OrganisationKind.REPORTING_CENTRE,)).councils == {MIDDLESBROUGH}


def test_a_person_in_two_organisations_acts_in_both_and_roles_count_per_membership(
    middlesbrough, darlington
):
    user = get_user_model().objects.create_user("priya", "priya@example.org")
    Membership.objects.create(user=user, organisation=middlesbrough, role=Role.VIEWER)
    Membership.objects.create(user=user, organisation=darlington, role=Role.OFFICER)
    assert user_scope(user).councils == {MIDDLESBROUGH, DARLINGTON}
    assert user_scope(user, min_role=Role.OFFICER).councils == {DARLINGTON}
    assert [m.organisation for m in memberships_with(user, min_role=Role.OFFICER)] == [darlington]


def test_an_organisation_working_in_a_police_force_area_covers_the_councils_within_it():
    force = Area.objects.get(generation__code="PFA24", name="Cleveland")
    organisation = Organisation.objects.create(
        name="Cleveland Fire", kind=OrganisationKind.VOLUNTARY
    )
    organisation.areas.set([force])
    user = get_user_model().objects.create_user("fiona", "fiona@example.org")
    Membership.objects.create(user=user, organisation=organisation, role=Role.OFFICER)
    assert user_scope(user).councils == set(CLEVELAND_COUNCILS)
