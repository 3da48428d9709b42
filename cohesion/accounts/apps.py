from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, partner organisations, memberships with roles and area scopes; the one place access is decided."""

    name = "cohesion.accounts"
    label = "accounts"

    def ready(self) -> None:
        from cohesion.accounts import signals  # noqa: F401
