"""`cohesion createuser`: a person who can sign in, optionally joining an organisation."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from cohesion.accounts.choices import Role
from cohesion.accounts.models import Membership

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-pass-phrase-2025"


def _create(*args):
    out = StringIO()
    call_command("createuser", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_createuser_creates_a_person_who_joins_an_organisation_with_a_role():
    output = _create(
        "priya",
        "--email=priya@example.org",
        "--name=Priya Patel",
        "--organisation=Middlesbrough Council",
        "--role=officer",
        f"--password={PASSWORD}",
    )
    assert "Created priya." in output
    user = get_user_model().objects.get(username="priya")
    assert (user.email, user.first_name, user.last_name) == ("priya@example.org", "Priya", "Patel")
    assert user.check_password(PASSWORD)
    assert not user.is_superuser
    membership = Membership.objects.get(user=user)
    assert (membership.organisation.name, membership.role) == (
        "Middlesbrough Council",
        Role.OFFICER,
    )


def test_createuser_without_an_organisation_makes_a_person_with_no_membership():
    _create("sam", f"--password={PASSWORD}")
    assert not Membership.objects.filter(user__username="sam").exists()


def test_createuser_makes_a_superuser_on_request():
    _create("root2", "--superuser", f"--password={PASSWORD}")
    user = get_user_model().objects.get(username="root2")
    assert user.is_superuser and user.is_staff


def test_an_unknown_organisation_is_refused_by_name_and_nothing_is_saved():
    with pytest.raises(CommandError) as refused:
        _create("priya", "--organisation=Nowhere Council", f"--password={PASSWORD}")
    message = str(refused.value)
    assert "No organisation is called 'Nowhere Council'" in message
    assert "Middlesbrough Council" in message  # the known names are listed
    assert not get_user_model().objects.filter(username="priya").exists()


def test_an_existing_username_is_refused():
    with pytest.raises(CommandError, match="'alice' already exists"):
        _create("alice", f"--password={PASSWORD}")


def test_a_weak_password_is_refused_and_nothing_is_saved():
    with pytest.raises(CommandError, match="too short"):
        _create("priya", "--organisation=Middlesbrough Council", "--password=short")
    assert not get_user_model().objects.filter(username="priya").exists()


def test_an_unknown_role_is_refused():
    with pytest.raises(CommandError, match="invalid choice"):
        _create("priya", "--role=emperor", f"--password={PASSWORD}")
    assert not get_user_model().objects.filter(username="priya").exists()


def test_passwords_typed_at_the_prompt_must_match(monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="did not match"):
        _create("priya")
    assert not get_user_model().objects.filter(username="priya").exists()


def test_the_password_can_be_typed_at_the_prompt(monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt: PASSWORD)
    _create("priya")
    assert get_user_model().objects.get(username="priya").check_password(PASSWORD)
