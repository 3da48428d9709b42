"""Setting a password: the link emailed to a newly added person, and 'Forgotten your password?'."""

import re
import smtplib

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cohesion.accounts.choices import Role
from cohesion.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts-sign-in")
RESET = reverse("accounts-password-reset")
SENT = reverse("accounts-password-reset-sent")
NEW_PASSWORD = "a-long-harbour-lantern-42"
NEW_PERSON = {
    "email": "priya@example.org",
    "full_name": "Priya Patel",
    "role": Role.OFFICER,
}


def _link(message):
    match = re.search(r"https?://[^/\s]+(/accounts/password/set/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def _accept(message):
    """Accept an emailed invitation as a new person: the answer leads to setting a password."""
    match = re.search(r"https?://[^/\s]+(/accounts/invitations/\S+/)", message.body)
    assert match, message.body
    client = Client()
    accepted = client.post(match.group(1))
    assert accepted.status_code == 302
    return client, accepted["Location"]


def _set_password(client, link, password=NEW_PASSWORD):
    # The first visit swaps the token in the address for one kept in the session.
    landing = client.get(link, follow=True)
    assert landing.status_code == 200
    assert "Set your password" in landing.text
    return client.post(
        landing.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )


def test_the_sign_in_page_links_to_forgotten_password():
    page = Client().get(SIGN_IN)
    assert f'href="{RESET}"' in page.text
    assert "Forgotten your password?" in page.text


def test_a_newly_added_person_is_emailed_a_link_and_the_administrator_is_told(
    client_for, erin, middlesbrough, mailoutbox
):
    client = client_for(erin)
    client.post(reverse("accounts-member-add", args=[middlesbrough.pk]), NEW_PERSON)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["priya@example.org"]
    assert "Middlesbrough Council" in message.subject
    assert "Your username is: priya@example.org" in message.body
    page = client.get(reverse("accounts-organisation-detail", args=[middlesbrough.pk]))
    assert "We have emailed an invitation to priya@example.org" in page.text


def test_the_new_person_sets_a_password_with_the_link_and_signs_in(
    client_for, erin, middlesbrough, mailoutbox
):
    client_for(erin).post(reverse("accounts-member-add", args=[middlesbrough.pk]), NEW_PERSON)
    newcomer, link = _accept(mailoutbox[0])
    done = _set_password(newcomer, link)
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts-password-set-done")
    priya = get_user_model().objects.get(email="priya@example.org")
    assert priya.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(changes__event="password set with an emailed link")
    assert (event.actor_username, event.organisation_name) == (
        priya.username,
        "Middlesbrough Council",
    )
    signed_in = Client().post(SIGN_IN, {"username": priya.username, "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    # The set-password link works only once.
    again = Client().get(link, follow=True)
    assert "This link does not work" in again.text


def test_adding_an_existing_person_sends_an_invitation_not_a_password_link(
    client_for, erin, bob, middlesbrough, mailoutbox
):
    bob.email = "bob@cleveland.example"
    bob.save()
    client_for(erin).post(
        reverse("accounts-member-add", args=[middlesbrough.pk]),
        {"email": "bob@cleveland.example", "role": Role.VIEWER},
    )
    [message] = mailoutbox
    assert "/accounts/invitations/" in message.body
    assert "/accounts/password/set/" not in message.body
    assert "Your username is" not in message.body


def test_forgotten_password_emails_a_link_to_a_known_address(alice, mailoutbox):
    alice.email = "alice@middlesbrough.example"
    alice.save()
    response = Client().post(RESET, {"email": "Alice@Middlesbrough.example"})
    assert response.status_code == 302
    assert response["Location"] == SENT
    assert [m.to for m in mailoutbox] == [["alice@middlesbrough.example"]]
    done = _set_password(Client(), _link(mailoutbox[0]))
    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_forgotten_password_reaches_someone_who_never_set_one(
    client_for, erin, middlesbrough, mailoutbox
):
    client_for(erin).post(reverse("accounts-member-add", args=[middlesbrough.pk]), NEW_PERSON)
    _accept(mailoutbox[0])
    mailoutbox.clear()
    Client().post(RESET, {"email": "priya@example.org"})
    assert [m.to for m in mailoutbox] == [["priya@example.org"]]


def test_forgotten_password_does_not_reveal_whether_an_address_is_known(alice, mailoutbox):
    alice.email = "alice@middlesbrough.example"
    alice.save()
    known = Client().post(RESET, {"email": "alice@middlesbrough.example"}, follow=True)
    unknown = Client().post(RESET, {"email": "nobody@nowhere.example"}, follow=True)
    assert len(mailoutbox) == 1
    assert known.redirect_chain == unknown.redirect_chain == [(SENT, 302)]
    assert known.text == unknown.text
    assert "If that email address belongs to a Cohesion account" in unknown.text


def test_forgotten_password_asks_for_an_address_in_plain_words():
    response = Client().post(RESET, {"email": ""})
    assert response.status_code == 200
    assert "Enter your email address" in response.text
    assert "This field is required" not in response.text


def test_a_tampered_link_does_not_work():
    page = Client().get(reverse("accounts-password-set", args=["MQ", "not-a-token"]))
    assert page.status_code == 200
    assert "This link does not work" in page.text


def test_when_the_email_cannot_be_sent_the_administrator_is_told_what_to_do(
    client_for, erin, middlesbrough, monkeypatch
):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPException("mail server down")

    monkeypatch.setattr("django.contrib.auth.forms.PasswordResetForm.send_mail", refuse)
    client = client_for(erin)
    response = client.post(
        reverse("accounts-member-add", args=[middlesbrough.pk]), NEW_PERSON, follow=True
    )
    assert "We could not send the email to priya@example.org" in response.text
    assert "We have emailed" not in response.text
