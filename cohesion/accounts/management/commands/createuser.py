from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from cohesion.accounts.choices import Role
from cohesion.accounts.models import Membership, Organisation


class Command(BaseCommand):
    help = "Create a person who can sign in, optionally as a member of an organisation with a role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="", help="Full name.")
        parser.add_argument("--organisation", help="Name of an existing organisation to join.")
        parser.add_argument("--role", choices=Role.values, default=Role.VIEWER)
        parser.add_argument(
            "--superuser", action="store_true", help="Can do everything, everywhere."
        )
        parser.add_argument("--password", help="Prefer the prompt; this is for scripts.")

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        username = options["username"].strip()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A person with the username {username!r} already exists.")
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(name=options["organisation"]).first()
            if organisation is None:
                names = ", ".join(Organisation.objects.values_list("name", flat=True)) or "none yet"
                raise CommandError(
                    f"No organisation is called {options['organisation']!r}. Known: {names}."
                )
        password = options["password"]
        if password is None:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords did not match.")
        first, _sep, last = options["name"].partition(" ")
        user = User(username=username, email=options["email"], first_name=first, last_name=last)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        with transaction.atomic():
            user.set_password(password)
            user.is_superuser = user.is_staff = options["superuser"]
            user.save()
            if organisation is not None:
                Membership.objects.create(
                    user=user, organisation=organisation, role=options["role"]
                )
        self.stdout.write(self.style.SUCCESS(f"Created {username}."))
