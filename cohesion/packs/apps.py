from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PacksConfig(AppConfig):
    """Packs for ward councillors, scrutiny panels, cabinet and committees, frozen when issued."""

    name = "cohesion.packs"
    label = "packs"
    verbose_name = "Packs"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate, post_save

        from cohesion.core import demo, navigation
        from cohesion.packs import demo as packs_demo

        # After the plans' reviews (90): the packs read everything the other steps made.
        demo.register("packs", 95, packs_demo.run)

        # Every council has its templates before any page lists them, so a GET never writes.
        post_save.connect(_seed_council, sender="accounts.Organisation", dispatch_uid="packs-seed")
        post_migrate.connect(_seed_after_migrate, sender=self, dispatch_uid="packs-seed-all")

        def council_member(request: object) -> bool:
            from cohesion.accounts.choices import OrganisationKind
            from cohesion.accounts.permissions import active_memberships

            if not navigation.signed_in(request):  # type: ignore[arg-type]
                return False
            user = getattr(request, "user", None)
            return bool(getattr(user, "is_superuser", False)) or any(
                m.organisation.kind == OrganisationKind.COUNCIL for m in active_memberships(user)
            )

        navigation.register(
            navigation.NavItem(_("Packs"), "packs-pack-list", order=60, visible=council_member)
        )


def _seed_council(sender: object, instance: object, raw: bool = False, **kwargs: object) -> None:
    from cohesion.packs.making import seed_templates

    if not raw:
        seed_templates(instance)  # type: ignore[arg-type]


def _seed_after_migrate(sender: object, **kwargs: object) -> None:
    from cohesion.packs.making import seed_all_templates

    seed_all_templates()
