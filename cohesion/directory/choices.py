"""Choice lists of the directory, with the values Open Referral (HSDS 3.0, UK profile) uses on the wire."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceStatus(models.TextChoices):
    """HSDS ``service.status``."""

    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class PublicationState(models.TextChoices):
    """Whether an entry is public yet: owners draft, a directory coordinator publishes."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReferralRoute(models.TextChoices):
    """How a person reaches the service."""

    SELF = "self", _("Self-referral: anyone can contact the service")
    PARTNER = "partner", _("Referral by a partner organisation")
    SELF_OR_PARTNER = "self_or_partner", _("Self-referral or referral by a partner")


class LocationType(models.TextChoices):
    """HSDS ``location.location_type``."""

    PHYSICAL = "physical", _("A place people visit")
    POSTAL = "postal", _("A postal address")
    VIRTUAL = "virtual", _("Online or by phone")


class AddressType(models.TextChoices):
    """HSDS ``address.address_type``."""

    PHYSICAL = "physical", _("Physical")
    POSTAL = "postal", _("Postal")
    VIRTUAL = "virtual", _("Virtual")


class Frequency(models.TextChoices):
    """iCalendar ``FREQ`` values the HSDS 3.0 schedule allows."""

    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")


class TermTime(models.TextChoices):
    """Whether a session follows the school year (England's school terms and holidays)."""

    ALL_YEAR = "", _("All year")
    TERM_TIME = "term_time", _("School term time only")
    HOLIDAYS = "holidays", _("School holidays only")


class AttendingType(models.TextChoices):
    """HSDS ``schedule.attending_type``: how people attend."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    PHONE = "phone", _("By phone")


class PhoneType(models.TextChoices):
    """HSDS ``phone.type``."""

    TEXT = "text", _("Text")
    VOICE = "voice", _("Voice")
    FAX = "fax", _("Fax")
    CELL = "cell", _("Mobile")
    VIDEO = "video", _("Video")
    PAGER = "pager", _("Pager")
    TEXTPHONE = "textphone", _("Textphone")


class EligibleGroup(models.TextChoices):
    """Who a service is for, beyond ages (the needs this field meets)."""

    EVERYONE = "everyone", _("Everyone")
    CHILDREN = "children", _("Children")
    YOUNG_PEOPLE = "young_people", _("Young people")
    FAMILIES = "families", _("Families with children")
    PARENTS = "parents", _("Parents and carers")
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    OLDER_PEOPLE = "older_people", _("Older people")
    REFUGEES = "refugees", _("Refugees")
    ASYLUM_SEEKERS = "asylum_seekers", _("People seeking asylum")
    NEW_ARRIVALS = "new_arrivals", _("People new to the area")
    SPEAKERS_OF_OTHER_LANGUAGES = (
        "speakers_of_other_languages",
        _("People whose first language is not English"),
    )
    DISABLED_PEOPLE = "disabled_people", _("Disabled people")
    VICTIMS_OF_HATE_CRIME = "victims_of_hate_crime", _("People affected by hate crime")
    CARERS = "carers", _("Carers")


class NoRecourse(models.TextChoices):
    """Whether people with no recourse to public funds (NRPF) may use the service."""

    UNKNOWN = "", _("Not stated")
    YES = "yes", _("Yes, people with no recourse to public funds can use it")
    NO = "no", _("No, only people with recourse to public funds")


class TermRelation(models.TextChoices):
    """How a term maps to a term of another taxonomy (SKOS mapping relations)."""

    EXACT = "exact", _("Same meaning")
    CLOSE = "close", _("Close meaning")
    BROADER = "broader", _("The other term is broader")
    NARROWER = "narrower", _("The other term is narrower")
    RELATED = "related", _("Related")
