"""Administrators add members and change roles and areas; nobody else can."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cohesion.accounts.choices import Role
from cohesion.accounts.models import Membership
from cohesion.places.choices import Level
from cohesion.places.models import Area

pytestmark = pytest.mark.django_db

NEWPORT = "E05009866"
NORTH_ORMESBY = "E05009867"


def _add_url(organisation):
    return reverse("accounts-member-add", args=[organisation.pk])


def _edit_url(membership):
    return reverse("accounts-membership-edit", args=[membership.pk])


def _ward(code):
    return Area.objects.current(Level.WARD).get(code=code)


NEW_PERSON = {
    "email": "priya@example.org",
    "full_name": "Priya Patel",
    "role": Role.OFFICER,
}


def _invitation_link(message):
    match = re.search(r"https?://[^/\s]+(/accounts/invitations/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_administrator_invites_a_new_person_who_joins_on_accepting(
    client_for, erin, middlesbrough, mailoutbox
):
    response = client_for(erin).post(_add_url(middlesbrough), NEW_PERSON)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts-organisation-detail", args=[middlesbrough.pk])
    priya = get_user_model().objects.get(email="priya@example.org")
    assert (priya.first_name, priya.last_name) == ("Priya", "Patel")
    # They set a password themselves, never one chosen for them; and they are
    # not a member until they accept.
    assert not priya.has_usable_password()
    assert not Membership.objects.filter(user=priya).exists()
    [message] = mailoutbox
    assert message.to == ["priya@example.org"]
    link = _invitation_link(message)
    newcomer = Client()
    page = newcomer.get(link)
    assert page.status_code == 200
    assert "Join Middlesbrough Council" in page.text
    accepted = newcomer.post(link)
    assert accepted.status_code == 302
    assert "/accounts/password/set/" in accepted["Location"]
    membership = Membership.objects.get(user=priya)
    assert (membership.organisation, membership.role) == (middlesbrough, Role.OFFICER)


def test_the_new_member_is_listed_on_the_organisation_page_once_they_accept(
    client_for, erin, middlesbrough, mailoutbox
):
    client = client_for(erin)
    client.post(_add_url(middlesbrough), NEW_PERSON)
    page = client.get(reverse("accounts-organisation-detail", args=[middlesbrough.pk]))
    assert "We have emailed an invitation to priya@example.org" in page.text
    assert "Priya Patel" not in page.text
    Client().post(_invitation_link(mailoutbox[0]))
    page = client.get(reverse("accounts-organisation-detail", args=[middlesbrough.pk]))
    assert "Priya Patel" in page.text


def test_inviting_someone_who_is_already_a_member_changes_nothing(
    client_for, erin, amir, middlesbrough, mailoutbox
):
    amir.email = "amir@middlesbrough.example"
    amir.save()
    before = Membership.objects.count()
    response = client_for(erin).post(
        _add_url(middlesbrough),
        {"email": "amir@middlesbrough.example", "role": Role.ADMINISTRATOR},
        follow=True,
    )
    assert "We have emailed an invitation to amir@middlesbrough.example" in response.text
    Client().post(_invitation_link(mailoutbox[0]))  # not signed in as amir: nothing happens
    assert Membership.objects.count() == before
    assert Membership.objects.get(user=amir).role == Role.VIEWER


def test_an_invitation_needs_an_email_address_and_nothing_is_saved_without_one(
    client_for, erin, middlesbrough, mailoutbox
):
    users = get_user_model().objects.count()
    response = client_for(erin).post(_add_url(middlesbrough), {**NEW_PERSON, "email": ""})
    assert response.status_code == 400
    assert "Enter the person&#x27;s email address" in response.text
    assert get_user_model().objects.count() == users
    assert mailoutbox == []


def test_the_administrator_changes_a_role_and_narrows_the_areas(client_for, erin, membership_of):
    amir = membership_of("amir")
    response = client_for(erin).post(
        _edit_url(amir),
        {"role": Role.OFFICER, "areas": [_ward(NEWPORT).pk], "is_active": "on"},
    )
    assert response.status_code == 302
    amir.refresh_from_db()
    assert amir.role == Role.OFFICER
    assert set(amir.areas.values_list("code", flat=True)) == {NEWPORT}
    assert amir.is_active


def test_the_administrator_widens_nadias_areas_back_to_all_of_middlesbrough(
    client_for, erin, membership_of
):
    nadia = membership_of("nadia")
    assert nadia.areas.count() == 2
    response = client_for(erin).post(_edit_url(nadia), {"role": Role.OFFICER, "is_active": "on"})
    assert response.status_code == 302
    assert nadia.areas.count() == 0


def test_the_administrator_switches_a_membership_off(client_for, erin, membership_of):
    amir = membership_of("amir")
    response = client_for(erin).post(_edit_url(amir), {"role": Role.VIEWER})
    assert response.status_code == 302
    amir.refresh_from_db()
    assert not amir.is_active


def test_areas_outside_the_organisation_cannot_be_given(client_for, erin, membership_of):
    amir = membership_of("amir")
    darlington_ward = Area.objects.current(Level.WARD).filter(parent__code="E06000005").first()
    response = client_for(erin).post(
        _edit_url(amir), {"role": Role.VIEWER, "areas": [darlington_ward.pk], "is_active": "on"}
    )
    assert response.status_code == 400
    assert "Choose areas the organisation works in" in response.text
    assert amir.areas.count() == 0


def test_the_change_form_offers_the_council_and_its_twenty_wards(client_for, erin, membership_of):
    response = client_for(erin).get(_edit_url(membership_of("amir")))
    assert response.status_code == 200
    choices = list(response.context["form"].fields["areas"].queryset)
    assert len(choices) == 21
    assert len(set(choices)) == 21
    assert {a.level for a in choices} == {Level.COUNCIL, Level.WARD}


def test_a_coordinator_who_is_not_an_administrator_cannot_add_members(
    client_for, alice, middlesbrough
):
    client = client_for(alice)
    assert client.get(_add_url(middlesbrough)).status_code == 403
    assert client.post(_add_url(middlesbrough), NEW_PERSON).status_code == 403
    assert not get_user_model().objects.filter(email="priya@example.org").exists()


def test_a_coordinator_cannot_promote_herself(client_for, alice, membership_of):
    own = membership_of("alice")
    response = client_for(alice).post(
        _edit_url(own), {"role": Role.ADMINISTRATOR, "is_active": "on"}
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.role == Role.COORDINATOR


def test_a_coordinator_cannot_see_a_colleagues_membership(client_for, alice, membership_of):
    amir = membership_of("amir")
    response = client_for(alice).post(_edit_url(amir), {"role": Role.ADMINISTRATOR})
    assert response.status_code == 404
    amir.refresh_from_db()
    assert amir.role == Role.VIEWER


def test_another_councils_officer_finds_no_such_organisation_or_membership(
    client_for, dave, middlesbrough, membership_of
):
    client = client_for(dave)
    assert client.get(_add_url(middlesbrough)).status_code == 404
    assert client.post(_add_url(middlesbrough), NEW_PERSON).status_code == 404
    assert (
        client.post(_edit_url(membership_of("amir")), {"role": "administrator"}).status_code == 404
    )
    assert not get_user_model().objects.filter(email="priya@example.org").exists()
    assert membership_of("amir").role == Role.VIEWER


def test_darlingtons_own_page_does_not_list_middlesbrough_people(client_for, dave, darlington):
    page = client_for(dave).get(reverse("accounts-organisation-detail", args=[darlington.pk]))
    assert page.status_code == 200
    assert "Dave Dodd" in page.text
    assert "Alice Ahmed" not in page.text


def test_the_only_administrator_cannot_demote_herself(client_for, erin, membership_of):
    own = membership_of("erin")
    response = client_for(erin).post(_edit_url(own), {"role": Role.VIEWER, "is_active": "on"})
    assert response.status_code == 400
    assert "must keep at least one active administrator" in response.text
    assert "govuk-error-summary" in response.text
    own.refresh_from_db()
    assert own.role == Role.ADMINISTRATOR


def test_the_only_administrator_cannot_switch_herself_off(client_for, erin, membership_of):
    own = membership_of("erin")
    response = client_for(erin).post(_edit_url(own), {"role": Role.ADMINISTRATOR})
    assert response.status_code == 400
    assert "must keep at least one active administrator" in response.text
    own.refresh_from_db()
    assert own.is_active


def test_a_superuser_cannot_demote_the_last_administrator_of_an_organisation(
    client_for, superuser, membership_of
):
    erin = membership_of("erin")
    response = client_for(superuser).post(_edit_url(erin), {"role": Role.OFFICER})
    assert response.status_code == 400
    assert "must keep at least one active administrator" in response.text
    erin.refresh_from_db()
    assert (erin.role, erin.is_active) == (Role.ADMINISTRATOR, True)


def test_an_administrator_may_step_down_once_another_is_active(client_for, erin, membership_of):
    amir = membership_of("amir")
    amir.role = Role.ADMINISTRATOR
    amir.save()
    own = membership_of("erin")
    response = client_for(erin).post(_edit_url(own), {"role": Role.VIEWER, "is_active": "on"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.role == Role.VIEWER


def test_a_switched_off_second_administrator_does_not_count(client_for, erin, membership_of):
    amir = membership_of("amir")
    amir.role = Role.ADMINISTRATOR
    amir.is_active = False
    amir.save()
    own = membership_of("erin")
    response = client_for(erin).post(_edit_url(own), {"role": Role.VIEWER, "is_active": "on"})
    assert response.status_code == 400
    own.refresh_from_db()
    assert own.role == Role.ADMINISTRATOR


def test_adding_a_member_discloses_nothing_about_an_existing_person(
    client_for, erin, dave, middlesbrough, mailoutbox
):
    """Trust item 5: an administrator learns nothing about another organisation's person.

    Naming Dave (Darlington) by email answers exactly as an unknown address
    does: no name, no email beyond what was typed, no memberships, no
    confirmation step; Dave is emailed an invitation and joins only by
    accepting it, signed in as himself.
    """
    dave.email = "dave.dodd@darlington.example"
    dave.save()
    client = client_for(erin)
    form = client.get(_add_url(middlesbrough)).text
    assert 'name="username"' not in form
    known = client.post(
        _add_url(middlesbrough),
        {"email": "dave.dodd@darlington.example", "role": Role.OFFICER},
        follow=True,
    )
    unknown = client.post(
        _add_url(middlesbrough),
        {"email": "nobody@nowhere.example", "role": Role.OFFICER},
        follow=True,
    )
    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200

    def page(response, address):
        text = response.text.replace(address, "ADDRESS")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)

    assert page(known, "dave.dodd@darlington.example") == page(unknown, "nobody@nowhere.example")
    for disclosed in ("Dave Dodd", "Darlington Borough Council", ">dave<"):
        assert disclosed not in known.text
    assert not Membership.objects.filter(user=dave, organisation=middlesbrough).exists()

    to_dave = next(m for m in mailoutbox if m.to == ["dave.dodd@darlington.example"])
    link = _invitation_link(to_dave)
    # Anyone else holding the link cannot use it; Dave must sign in as himself.
    assert Client().get(link).status_code == 302
    assert client_for(erin).post(link).status_code == 404
    assert not Membership.objects.filter(user=dave, organisation=middlesbrough).exists()
    accepted = client_for(dave).post(link)
    assert accepted.status_code == 302
    membership = Membership.objects.get(user=dave, organisation=middlesbrough)
    assert membership.role == Role.OFFICER


def test_a_tampered_invitation_does_not_work(client_for, dave):
    page = client_for(dave).get(reverse("accounts-invitation", args=["not-a-real-invitation"]))
    assert page.status_code == 404
    assert "This invitation cannot be used" in page.text


def test_an_invitation_stops_working_when_it_expires(
    client_for, erin, dave, middlesbrough, mailoutbox, settings
):
    dave.email = "dave.dodd@darlington.example"
    dave.save()
    client_for(erin).post(_add_url(middlesbrough), {"email": dave.email, "role": Role.VIEWER})
    link = _invitation_link(mailoutbox[0])
    settings.PASSWORD_RESET_TIMEOUT = -1
    response = client_for(dave).post(link)
    assert response.status_code == 404
    assert not Membership.objects.filter(user=dave, organisation=middlesbrough).exists()


def test_an_empty_add_member_form_says_what_to_enter(client_for, erin, middlesbrough):
    response = client_for(erin).post(_add_url(middlesbrough), {})
    assert response.status_code == 400
    assert "Enter the person&#x27;s email address" in response.text
    assert "Select the person&#x27;s role" in response.text
    assert "This field is required" not in response.text


def test_a_malformed_email_address_gets_an_example(client_for, erin, middlesbrough):
    response = client_for(erin).post(_add_url(middlesbrough), {**NEW_PERSON, "email": "priya@"})
    assert "Enter an email address in the correct format, like name@example.org" in response.text


def test_a_membership_change_without_a_role_asks_for_one(client_for, erin, membership_of):
    response = client_for(erin).post(_edit_url(membership_of("amir")), {"is_active": "on"})
    assert response.status_code == 400
    assert "Select the person&#x27;s role" in response.text
    assert "This field is required" not in response.text


def test_the_areas_field_is_labelled_areas_with_its_explanation_as_a_hint(
    client_for, erin, membership_of
):
    page = client_for(erin).get(_edit_url(membership_of("amir"))).text
    assert "leave empty for all" not in page
    legend = re.search(r"<legend[^>]*>\s*Areas\s*<span[^>]*>\(optional\)</span>\s*</legend>", page)
    assert legend, page
    assert re.search(r'class="govuk-hint">Leave empty to act in all the organisation', page)


@pytest.mark.parametrize("url", ["add", "edit"])
def test_the_role_radios_explain_each_role(client_for, erin, middlesbrough, membership_of, url):
    target = _add_url(middlesbrough) if url == "add" else _edit_url(membership_of("amir"))
    page = client_for(erin).get(target).text
    hint = re.search(r'id="id_role-hint" class="govuk-hint">([^<]*)<', page)
    assert hint, page
    text = hint.group(1)
    for words in (
        "A viewer sees dashboards",
        "An officer also handles cases in their areas",
        "A coordinator also oversees",
        "An administrator also manages the organisation",
    ):
        assert words in text
