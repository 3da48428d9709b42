"""A synthetic signposting directory for Middlesbrough, for the demo.

About sixty services of the kinds Middlesbrough's scrutiny panel and refugee
and asylum plans name: ESOL classes and conversation cafés, refugee and asylum
support, welcome and orientation sessions, youth sessions by age and day,
family hubs (children's centres), holiday food and activities, befriending, and
third-party hate incident reporting centres, among them the reporting centre
already loaded as a partner (North Ormesby Community Hub). The organisations,
venues and sessions are made up: every entry is marked ``synthetic``, its
description starts "[Synthetic]", phone numbers are in Ofcom's range for drama
(01632 960xxx) and addresses on example.org. Venues sit at real points inside
Middlesbrough's wards (May 2025 boundaries), so searches by ward and distance
behave as they would with real data. Identifiers are UUID 5 of each entry's
key, so the demo publishes the same Open Referral ids every time it is built.
Running the step again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cohesion.accounts.models import Organisation as Partner
from cohesion.accounts.personas import MIDDLESBROUGH
from cohesion.directory.choices import (
    EligibleGroup,
    Frequency,
    LocationType,
    NoRecourse,
    PhoneType,
    PublicationState,
    ReferralRoute,
    ServiceStatus,
    TermTime,
)
from cohesion.directory.locations import assign_wards
from cohesion.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Eligibility,
    Language,
    Location,
    Organisation,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from cohesion.directory.taxonomy import stable_id

NAMESPACE = uuid.UUID("0b8c2f4e-5d1a-5c7e-8f3b-2a9d6e4c1b70")
SOURCE = "Cohesion demo (synthetic)"

LANGUAGE_NAMES = {
    "en": "English",
    "ar": "Arabic",
    "ckb": "Kurdish (Sorani)",
    "fa": "Persian (Farsi)",
    "ti": "Tigrinya",
    "am": "Amharic",
    "ur": "Urdu",
    "pl": "Polish",
    "ro": "Romanian",
    "uk": "Ukrainian",
    "fr": "French",
    "so": "Somali",
}


def demo_id(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{kind}:{key}")


@dataclass(frozen=True)
class OrgSpec:
    name: str
    description: str
    partner: str = ""  # name of the partner organisation that maintains it
    parent: str = ""
    website: str = ""


@dataclass(frozen=True)
class VenueSpec:
    name: str
    lat: float
    lon: float
    street: str
    postcode: str
    accessibility: str = "Step-free entrance and an accessible toilet."
    transport: str = ""


@dataclass(frozen=True)
class Session:
    days: str
    opens: str
    closes: str
    term: str = TermTime.ALL_YEAR
    freq: str = Frequency.WEEKLY


@dataclass(frozen=True)
class ServiceSpec:
    key: str
    org: str
    name: str
    needs: tuple[str, ...]
    venues: tuple[str, ...]
    sessions: tuple[Session, ...]
    description: str
    languages: tuple[str, ...] = ("en",)
    price: str = ""  # "" is free; otherwise "3.50 per session"
    ages: tuple[int | None, int | None] = (None, None)
    groups: tuple[str, ...] = ()
    no_recourse: str = NoRecourse.UNKNOWN
    referral: str = ReferralRoute.SELF
    documents: tuple[str, ...] = ()
    wards: tuple[str, ...] = ()  # service areas narrower than the council
    checked_days_ago: int = 30
    state: str = PublicationState.PUBLISHED
    status: str = ServiceStatus.ACTIVE
    alert: str = ""
    extra: dict[str, str] = field(default_factory=dict)


ORGANISATIONS: dict[str, OrgSpec] = {
    "council": OrgSpec(
        "Middlesbrough Council",
        "The council's family hubs, youth service, welcome sessions and early help.",
        partner="Middlesbrough Council",
    ),
    "learning": OrgSpec(
        "Middlesbrough Community Learning",
        "The council's adult learning service: ESOL from pre-entry to level 2.",
        partner="Middlesbrough Council",
        parent="council",
    ),
    "hub": OrgSpec(
        "North Ormesby Community Hub",
        "A community hub and third-party hate incident reporting centre in North Ormesby.",
        partner="North Ormesby Community Hub",
    ),
    "newcomers": OrgSpec(
        "Tees Newcomers Welcome",
        "Volunteers welcoming people new to Middlesbrough: conversation cafés and English for beginners.",
    ),
    "sanctuary": OrgSpec(
        "Teesside Sanctuary Network",
        "Support for people seeking asylum and refugees: drop-ins, casework and advice.",
    ),
    "advice": OrgSpec(
        "Middlesbrough Advice Centre",
        "Free, independent advice on benefits, debt, housing and employment.",
    ),
    "wellbeing": OrgSpec(
        "Tees Wellbeing Partnership",
        "Mental health and wellbeing support, including trauma-informed groups.",
    ),
    "recovery": OrgSpec(
        "Riverside Recovery Service",
        "Help with drug and alcohol use, for people who use them and their families.",
    ),
    "youth": OrgSpec(
        "TS1 Youth Project",
        "Youth clubs and detached youth work in the town centre and Newport.",
    ),
    "befriending": OrgSpec(
        "Open Door Befriending", "Befriending, lunch clubs and groups for people who are lonely."
    ),
    "victims": OrgSpec(
        "Tees Victim Care", "Support for victims of crime, including hate crime and hate incidents."
    ),
    "interpreting": OrgSpec(
        "Teesside Interpreting Co-operative",
        "Community interpreters and translators in over thirty languages.",
    ),
    "volunteering": OrgSpec(
        "Volunteer Middlesbrough",
        "Helps people find volunteering and organisations find volunteers.",
    ),
    "holiday": OrgSpec(
        "Middlesbrough Holiday Fun and Food",
        "Free holiday activities and meals for children on benefits-related free school meals.",
    ),
}

VENUES: dict[str, VenueSpec] = {
    "hub": VenueSpec(
        "North Ormesby Community Hub", 54.57042, -1.20919, "1 Market Place", "TS3 6ZZ"
    ),
    "derwent": VenueSpec(
        "Derwent Street Community Room", 54.5712, -1.2105, "12 Derwent Street", "TS3 6ZY"
    ),
    "no_family": VenueSpec("North Ormesby Family Hub", 54.5698, -1.2085, "5 Beech Road", "TS3 6ZX"),
    "victoria": VenueSpec(
        "Victoria Square Learning Centre",
        54.5766,
        -1.2338,
        "2 Victoria Square",
        "TS1 2ZZ",
        transport="Five minutes' walk from the bus station.",
    ),
    "albert": VenueSpec(
        "Albert Road Community Centre", 54.5778, -1.2322, "40 Albert Road", "TS1 2ZY"
    ),
    "station": VenueSpec(
        "Station Quarter Family Hub", 54.5786, -1.2305, "3 Zetland Road", "TS1 1ZZ"
    ),
    "recovery": VenueSpec(
        "Riverside Recovery Centre", 54.5772, -1.2352, "18 Wilson Street", "TS1 1ZY"
    ),
    "newport_hub": VenueSpec("Newport Hub", 54.5686, -1.2518, "100 Newport Road", "TS1 5ZZ"),
    "union": VenueSpec(
        "Union Street Welcome Centre",
        54.5694,
        -1.2490,
        "22 Union Street",
        "TS1 4ZZ",
        accessibility="Ground floor only; a ramp at the side door.",
    ),
    "newport_family": VenueSpec(
        "Newport Family Hub", 54.5678, -1.2538, "7 Cannon Street", "TS1 5ZY"
    ),
    "park_church": VenueSpec(
        "Park Road Church Hall", 54.5590, -1.2398, "9 Park Road North", "TS1 3ZZ"
    ),
    "linthorpe": VenueSpec("Linthorpe Village Hall", 54.5589, -1.2542, "1 The Avenue", "TS5 6ZZ"),
    "ayresome": VenueSpec(
        "Ayresome Youth Centre", 54.5541, -1.2670, "30 Ayresome Street", "TS1 4ZY"
    ),
    "pallister": VenueSpec(
        "Pallister Park Youth Hut", 54.5605, -1.2057, "Pallister Park", "TS3 7ZZ"
    ),
    "berwick_family": VenueSpec(
        "Berwick Hills Family Hub", 54.5598, -1.2040, "2 Ormesby Road", "TS3 7ZY"
    ),
    "thorntree": VenueSpec(
        "Thorntree Community Centre", 54.5643, -1.1864, "Thorntree Road", "TS3 9ZZ"
    ),
    "hemlington": VenueSpec(
        "Hemlington Hall Youth Club", 54.5242, -1.2393, "Hemlington Hall Road", "TS8 9ZZ"
    ),
    "coulby": VenueSpec(
        "Coulby Newham Leisure and Library", 54.5204, -1.2125, "The Parkway", "TS8 0ZZ"
    ),
    "beechwood": VenueSpec("Beechwood Family Hub", 54.5550, -1.2236, "Marton Road", "TS4 3ZZ"),
    "acklam": VenueSpec("Acklam Community Library", 54.5445, -1.2472, "Acklam Road", "TS5 7ZZ"),
    "park_end": VenueSpec(
        "Park End Community Centre", 54.5520, -1.1885, "Overdale Road", "TS3 0ZZ"
    ),
}
VIRTUAL = "online"

WEEKDAYS = "MO,TU,WE,TH,FR"
REFUGEE_LANGUAGES = ("en", "ar", "fa", "ckb", "ti", "am", "fr")


def _s(days: str, opens: str, closes: str, term: str = TermTime.ALL_YEAR) -> Session:
    return Session(days, opens, closes, term)


TERM = TermTime.TERM_TIME
HOLIDAYS = TermTime.HOLIDAYS

SERVICES: tuple[ServiceSpec, ...] = (
    # ESOL and pre-ESOL
    ServiceSpec(
        "esol-entry-1-newport",
        "learning",
        "ESOL Entry 1, Newport",
        ("esol",),
        ("newport_hub",),
        (_s("MO,WE", "09:30", "12:00", TERM),),
        "English classes for adults at Entry 1, with an initial assessment before you start.",
        ages=(19, None),
        groups=(EligibleGroup.SPEAKERS_OF_OTHER_LANGUAGES,),
        referral=ReferralRoute.SELF_OR_PARTNER,
        documents=("Proof of address", "Immigration status document or ARC card"),
    ),
    ServiceSpec(
        "esol-entry-2-central",
        "learning",
        "ESOL Entry 2 and 3, town centre",
        ("esol",),
        ("victoria",),
        (_s("TU,TH", "13:00", "15:30", TERM),),
        "English classes for adults at Entry 2 and 3, leading to a Skills for Life qualification.",
        ages=(19, None),
        groups=(EligibleGroup.SPEAKERS_OF_OTHER_LANGUAGES,),
        referral=ReferralRoute.SELF_OR_PARTNER,
        documents=("Proof of address",),
    ),
    ServiceSpec(
        "esol-entry-1-north-ormesby",
        "learning",
        "ESOL Entry 1, North Ormesby",
        ("esol",),
        ("hub",),
        (_s("TU", "10:00", "12:00", TERM),),
        "English classes at Entry 1 in the community hub, with a volunteer who speaks Arabic.",
        languages=("en", "ar"),
        ages=(19, None),
        groups=(EligibleGroup.SPEAKERS_OF_OTHER_LANGUAGES,),
        no_recourse=NoRecourse.YES,
        referral=ReferralRoute.SELF_OR_PARTNER,
    ),
    ServiceSpec(
        "esol-evening-central",
        "learning",
        "ESOL evening class",
        ("esol",),
        ("victoria",),
        (_s("WE", "18:00", "20:00", TERM),),
        "An evening English class for adults who work during the day (Entry 1 to Entry 3).",
        ages=(19, None),
        price="",
    ),
    ServiceSpec(
        "esol-level-1-2",
        "learning",
        "ESOL Level 1 and 2",
        ("esol",),
        ("victoria",),
        (_s("MO,TH", "09:30", "12:00", TERM),),
        "English for adults who want to go on to college, training or work.",
        ages=(19, None),
        price="45.00 per term for people not on benefits",
    ),
    ServiceSpec(
        "esol-family-berwick",
        "learning",
        "Family ESOL",
        ("esol", "childrens-centres-early-help"),
        ("berwick_family",),
        (_s("FR", "09:15", "11:15", TERM),),
        "English for parents and carers of young children, with a crèche.",
        groups=(EligibleGroup.PARENTS,),
        ages=(19, None),
    ),
    ServiceSpec(
        "esol-online",
        "learning",
        "ESOL online",
        ("esol",),
        (VIRTUAL,),
        (_s("WE", "19:00", "20:30", TERM),),
        "English classes on video call for adults who cannot get to a class.",
        ages=(19, None),
    ),
    ServiceSpec(
        "pre-esol-women-newport",
        "newcomers",
        "English for women, beginners",
        ("pre-esol",),
        ("newport_family",),
        (_s("TH", "10:00", "12:00"),),
        "A friendly first English class for women, with childcare in the next room.",
        languages=("en", "ar", "ckb", "fa"),
        groups=(EligibleGroup.WOMEN,),
        no_recourse=NoRecourse.YES,
    ),
    ServiceSpec(
        "pre-esol-derwent",
        "newcomers",
        "First steps in English",
        ("pre-esol",),
        ("derwent",),
        (_s("TU", "13:00", "14:30"),),
        "Everyday English for beginners waiting for a place on an ESOL class.",
        languages=("en", "ar", "ti", "ur"),
        no_recourse=NoRecourse.YES,
    ),
    ServiceSpec(
        "pre-esol-thorntree",
        "newcomers",
        "Beginners' English",
        ("pre-esol",),
        ("thorntree",),
        (_s("MO", "13:00", "15:00"),),
        "English for absolute beginners, at your own pace.",
        languages=("en", "pl", "ro"),
    ),
    # Conversation cafés
    ServiceSpec(
        "conversation-cafe-union-street",
        "newcomers",
        "Friday conversation café",
        ("conversation-cafes",),
        ("union",),
        (_s("FR", "13:00", "15:00"),),
        "Tea, cake and conversation in English with local volunteers.",
        languages=("en", "ar", "fa"),
        no_recourse=NoRecourse.YES,
    ),
    ServiceSpec(
        "conversation-cafe-victoria",
        "newcomers",
        "Saturday conversation café",
        ("conversation-cafes",),
        ("victoria",),
        (_s("SA", "10:30", "12:00"),),
        "Practise your English over a hot drink.",
    ),
    ServiceSpec(
        "conversation-cafe-north-ormesby",
        "hub",
        "Conversation café at the hub",
        ("conversation-cafes",),
        ("hub",),
        (_s("WE", "14:00", "16:00"),),
        "Meet neighbours and practise English; children welcome.",
        languages=("en", "ar", "ur"),
        no_recourse=NoRecourse.YES,
    ),
    ServiceSpec(
        "conversation-cafe-linthorpe",
        "newcomers",
        "Evening conversation café",
        ("conversation-cafes",),
        ("linthorpe",),
        (_s("TH", "18:30", "20:00"),),
        "An evening conversation group for people who work in the day.",
    ),
    ServiceSpec(
        "conversation-cafe-acklam",
        "befriending",
        "Library chat café",
        ("conversation-cafes", "befriending-loneliness"),
        ("acklam",),
        (_s("TU", "14:00", "15:30"),),
        "A weekly chat over tea for anyone who would like company or to practise English.",
        price="",
    ),
    # Refugee and asylum support
    ServiceSpec(
        "asylum-drop-in",
        "sanctuary",
        "Asylum drop-in",
        ("refugee-asylum-support",),
        ("union",),
        (_s("TU,TH", "10:00", "14:00"),),
        "Help with asylum support (section 95 and 98), letters from the Home Office, and a hot meal.",
        languages=REFUGEE_LANGUAGES,
        groups=(EligibleGroup.ASYLUM_SEEKERS, EligibleGroup.REFUGEES),
        no_recourse=NoRecourse.YES,
    ),
    ServiceSpec(
        "refugee-move-on",
        "sanctuary",
        "Refugee move-on support",
        ("refugee-asylum-support", "advice-welfare-rights"),
        ("union",),
        (_s(WEEKDAYS, "09:30", "16:30"),),
        "Casework for newly recognised refugees in the 56-day move-on period: "
        "Universal Credit, housing and a bank account.",
        languages=REFUGEE_LANGUAGES,
        groups=(EligibleGroup.REFUGEES,),
        referral=ReferralRoute.SELF_OR_PARTNER,
        documents=("Biometric residence permit or eVisa share code",),
    ),
    ServiceSpec(
        "clothing-baby-bank",
        "sanctuary",
        "Clothing and baby bank",
        ("refugee-asylum-support",),
        ("park_church",),
        (_s("WE", "10:00", "12:00"),),
        "Free clothes, shoes, prams and baby things.",
        no_recourse=NoRecourse.YES,
        referral=ReferralRoute.SELF_OR_PARTNER,
    ),
    ServiceSpec(
        "hardship-fund",
        "sanctuary",
        "Food parcels and hardship fund",
        ("refugee-asylum-support",),
        ("newport_hub",),
        (_s("FR", "10:00", "12:00"),),
        "Food parcels and small grants for people with no money, including people refused asylum.",
        languages=REFUGEE_LANGUAGES,
        no_recourse=NoRecourse.YES,
        referral=ReferralRoute.PARTNER,
    ),
    ServiceSpec(
        "refugee-womens-group",
        "sanctuary",
        "Women's group",
        ("refugee-asylum-support", "befriending-loneliness"),
        ("albert",),
        (_s("MO", "10:00", "12:00"),),
        "A weekly group for women seeking asylum and refugee women: crafts, trips and support.",
        languages=("en", "ar", "fa", "ti", "so"),
        groups=(EligibleGroup.WOMEN, EligibleGroup.ASYLUM_SEEKERS, EligibleGroup.REFUGEES),
        no_recourse=NoRecourse.YES,
    ),
    # Welcome and orientation
    ServiceSpec(
        "welcome-sessions",
        "council",
        "Welcome to Middlesbrough sessions",
        ("welcome-orientation",),
        ("victoria",),
        (Session("1WE", "10:00", "13:00", freq=Frequency.MONTHLY),),
        "A morning on living in Middlesbrough: the GP, schools, bins, buses, your rights and "
        "who to ask. Interpreters for the main languages.",
        languages=("en", "ar", "fa", "ckb", "ti", "uk"),
        groups=(EligibleGroup.NEW_ARRIVALS,),
        no_recourse=NoRecourse.YES,
    ),
    ServiceSpec(
        "orientation-course-newport",
        "newcomers",
        "New in town: six-week orientation course",
        ("welcome-orientation",),
        ("newport_hub",),
        (_s("TH", "10:00", "12:00"),),
        "Six weekly sessions on life in the UK and in Middlesbrough, with trips into town.",
        languages=("en", "ar", "ti"),
        groups=(EligibleGroup.NEW_ARRIVALS,),
        extra={"course": "six weeks"},
    ),
    ServiceSpec(
        "getting-about",
        "hub",
        "Getting about: buses, GP and schools",
        ("welcome-orientation",),
        ("hub",),
        (Session("2TU", "13:30", "15:00", freq=Frequency.MONTHLY),),
        "A monthly walk-and-talk from the hub to the bus station, the GP surgery and the library.",
        languages=("en", "ar", "ur"),
        groups=(EligibleGroup.NEW_ARRIVALS,),
    ),
    # Advice and welfare rights
    ServiceSpec(
        "welfare-rights",
        "advice",
        "Benefits and welfare rights advice",
        ("advice-welfare-rights",),
        ("albert",),
        (_s("MO,WE,FR", "09:30", "16:00"),),
        "Free advice on benefits, appeals, debt and employment.",
        referral=ReferralRoute.SELF_OR_PARTNER,
    ),
    ServiceSpec(
        "immigration-advice",
        "sanctuary",
        "Immigration advice clinic",
        ("advice-welfare-rights", "refugee-asylum-support"),
        ("union",),
        (_s("WE", "13:00", "16:00"),),
        "Regulated immigration advice (OISC level 2) by appointment: family reunion, "
        "fresh claims and applications.",
        languages=REFUGEE_LANGUAGES,
        no_recourse=NoRecourse.YES,
        referral=ReferralRoute.PARTNER,
    ),
    ServiceSpec(
        "debt-advice-hub",
        "hub",
        "Money and debt advice at the hub",
        ("advice-welfare-rights",),
        ("hub",),
        (_s("TH", "10:00", "12:00"),),
        "Drop-in help with bills, debt and budgeting.",
    ),
    ServiceSpec(
        "housing-advice-line",
        "advice",
        "Housing advice line",
        ("advice-welfare-rights",),
        (VIRTUAL,),
        (_s(WEEKDAYS, "09:00", "17:00"),),
        "Phone advice on renting, repairs, eviction and homelessness.",
        checked_days_ago=240,
    ),
    # Mental health, drugs and alcohol
    ServiceSpec(
        "talking-therapies",
        "wellbeing",
        "Talking therapies",
        ("mental-health",),
        (VIRTUAL,),
        (_s(WEEKDAYS, "08:00", "20:00"),),
        "Free NHS talking therapies for anxiety, depression and stress; refer yourself online or "
        "by phone. Interpreters are arranged for appointments.",
        ages=(18, None),
    ),
    ServiceSpec(
        "trauma-wellbeing-group",
        "wellbeing",
        "Wellbeing group for refugees",
        ("mental-health", "refugee-asylum-support"),
        ("albert",),
        (_s("TH", "13:00", "15:00"),),
        "A trauma-informed group on sleep, stress and settling in, run with interpreters.",
        languages=("en", "ar", "fa"),
        groups=(EligibleGroup.REFUGEES, EligibleGroup.ASYLUM_SEEKERS),
        no_recourse=NoRecourse.YES,
        referral=ReferralRoute.SELF_OR_PARTNER,
    ),
    ServiceSpec(
        "walk-and-talk",
        "wellbeing",
        "Walk and talk",
        ("mental-health", "befriending-loneliness"),
        ("linthorpe",),
        (_s("SA", "10:00", "12:00"),),
        "A gentle walk in Albert Park and a chat; meet at the village hall.",
    ),
    ServiceSpec(
        "recovery-hub",
        "recovery",
        "Drug and alcohol recovery hub",
        ("drugs-alcohol",),
        ("recovery",),
        (_s(WEEKDAYS, "09:00", "17:00"),),
        "Assessment, treatment and recovery groups for adults; walk in or phone.",
        ages=(18, None),
    ),
    ServiceSpec(
        "families-affected",
        "recovery",
        "Support for families affected by drugs and alcohol",
        ("drugs-alcohol",),
        ("recovery",),
        (_s("TU", "18:00", "20:00"),),
        "A group for parents, partners and children of people who use drugs or alcohol.",
        groups=(EligibleGroup.FAMILIES, EligibleGroup.CARERS),
    ),
    # Youth provision by age and day
    ServiceSpec(
        "junior-youth-newport",
        "youth",
        "Junior youth club, Newport",
        ("youth-8-12",),
        ("newport_hub",),
        (_s("MO", "16:00", "17:30", TERM),),
        "Games, crafts and sport for 8 to 12 year olds.",
        ages=(8, 12),
    ),
    ServiceSpec(
        "youth-club-newport",
        "youth",
        "Youth club, Newport",
        ("youth-13-16",),
        ("newport_hub",),
        (_s("MO,WE", "18:00", "20:00", TERM),),
        "Youth club for 13 to 16 year olds: pool, music, cooking and trips.",
        ages=(13, 16),
    ),
    ServiceSpec(
        "senior-youth-central",
        "youth",
        "Senior youth night",
        ("youth-17-19",),
        ("albert",),
        (_s("TH", "18:00", "21:00"),),
        "For 17 to 19 year olds (up to 25 with special educational needs): "
        "careers help, music studio and sport.",
        ages=(17, 25),
    ),
    ServiceSpec(
        "junior-youth-north-ormesby",
        "council",
        "Junior youth club, North Ormesby",
        ("youth-8-12",),
        ("hub",),
        (_s("TU", "15:30", "17:00", TERM),),
        "After-school club for 8 to 12 year olds.",
        ages=(8, 12),
    ),
    ServiceSpec(
        "youth-club-north-ormesby",
        "council",
        "Youth club, North Ormesby",
        ("youth-13-16",),
        ("hub",),
        (_s("TU,FR", "18:00", "20:30", TERM),),
        "Youth club for 13 to 16 year olds, with a girls-only night on Fridays.",
        ages=(13, 16),
    ),
    ServiceSpec(
        "youth-club-pallister",
        "council",
        "Pallister Park youth club",
        ("youth-13-16",),
        ("pallister",),
        (_s("WE,FR", "18:30", "21:00"),),
        "Open-access youth club for 13 to 16 year olds.",
        ages=(13, 16),
    ),
    ServiceSpec(
        "junior-youth-thorntree",
        "council",
        "Junior youth club, Thorntree",
        ("youth-8-12",),
        ("thorntree",),
        (_s("TH", "16:00", "17:30", TERM),),
        "Play and sport for 8 to 12 year olds.",
        ages=(8, 12),
    ),
    ServiceSpec(
        "youth-club-hemlington",
        "council",
        "Hemlington youth club",
        ("youth-13-16", "youth-17-19"),
        ("hemlington",),
        (_s("TU,TH", "18:30", "21:00"),),
        "Youth club for 13 to 19 year olds.",
        ages=(13, 19),
    ),
    ServiceSpec(
        "youth-club-ayresome",
        "youth",
        "Ayresome youth centre",
        ("youth-13-16",),
        ("ayresome",),
        (_s("MO,WE", "18:00", "20:00"),),
        "Youth club and homework help for 13 to 16 year olds.",
        ages=(13, 16),
        checked_days_ago=400,
    ),
    ServiceSpec(
        "detached-youth-town-centre",
        "youth",
        "Detached youth work, town centre",
        ("youth-13-16", "youth-17-19"),
        ("station",),
        (_s("FR,SA", "19:00", "22:00"),),
        "Youth workers out on the streets of the town centre on Friday and Saturday evenings.",
        ages=(13, 19),
    ),
    ServiceSpec(
        "junior-sport-coulby",
        "council",
        "Saturday junior sport",
        ("youth-8-12",),
        ("coulby",),
        (_s("SA", "10:00", "12:00"),),
        "Football, dodgeball and athletics for 8 to 12 year olds.",
        ages=(8, 12),
        price="1.00 per session",
    ),
    # Children's centres and early help
    ServiceSpec(
        "family-hub-north-ormesby",
        "council",
        "Stay and play, North Ormesby Family Hub",
        ("childrens-centres-early-help",),
        ("no_family",),
        (_s("MO,WE", "09:30", "11:30"),),
        "Play sessions for babies and children under five with their parents or carers.",
        ages=(0, 5),
        groups=(EligibleGroup.PARENTS,),
        languages=("en", "ar", "ur"),
    ),
    ServiceSpec(
        "family-hub-newport",
        "council",
        "Stay and play, Newport Family Hub",
        ("childrens-centres-early-help",),
        ("newport_family",),
        (_s("TU,TH", "09:30", "11:30"),),
        "Play sessions for under-fives, baby weighing on Thursdays.",
        ages=(0, 5),
        groups=(EligibleGroup.PARENTS,),
    ),
    ServiceSpec(
        "family-hub-berwick",
        "council",
        "Berwick Hills Family Hub",
        ("childrens-centres-early-help",),
        ("berwick_family",),
        (_s(WEEKDAYS, "09:00", "17:00"),),
        "Family hub open every weekday: health visitors, parenting help and advice.",
        groups=(EligibleGroup.FAMILIES,),
    ),
    ServiceSpec(
        "family-hub-beechwood",
        "council",
        "Baby group, Beechwood Family Hub",
        ("childrens-centres-early-help",),
        ("beechwood",),
        (_s("WE", "13:00", "15:00"),),
        "A group for parents of babies under one.",
        ages=(0, 1),
        groups=(EligibleGroup.PARENTS,),
    ),
    ServiceSpec(
        "early-help",
        "council",
        "Early help for families",
        ("childrens-centres-early-help",),
        (VIRTUAL,),
        (_s(WEEKDAYS, "08:30", "17:00"),),
        "A family worker for families who need extra help, with the family's consent.",
        groups=(EligibleGroup.FAMILIES,),
        referral=ReferralRoute.SELF_OR_PARTNER,
    ),
    ServiceSpec(
        "baby-group-station",
        "council",
        "Bumps and babies, Station Quarter",
        ("childrens-centres-early-help",),
        ("station",),
        (_s("FR", "10:00", "11:30"),),
        "For parents-to-be and parents of babies; midwife on the first Friday of the month.",
        ages=(0, 1),
        groups=(EligibleGroup.PARENTS,),
        state=PublicationState.IN_REVIEW,
    ),
    # Holiday food and activities
    ServiceSpec(
        "holiday-club-newport",
        "holiday",
        "Holiday club, Newport",
        ("holiday-food-activities",),
        ("newport_hub",),
        (_s("MO,TU,WE,TH", "10:00", "14:00", HOLIDAYS),),
        "Activities and a hot lunch in the Easter, summer and Christmas holidays.",
        ages=(5, 16),
        groups=(EligibleGroup.CHILDREN,),
        referral=ReferralRoute.SELF_OR_PARTNER,
    ),
    ServiceSpec(
        "holiday-club-north-ormesby",
        "hub",
        "Holiday club at the hub",
        ("holiday-food-activities",),
        ("hub",),
        (_s("MO,TU,WE,TH", "10:00", "14:00", HOLIDAYS),),
        "Holiday activities and lunch for children at North Ormesby Community Hub.",
        ages=(5, 16),
        groups=(EligibleGroup.CHILDREN,),
    ),
    ServiceSpec(
        "holiday-club-thorntree",
        "holiday",
        "Holiday club, Thorntree",
        ("holiday-food-activities",),
        ("thorntree",),
        (_s("TU,WE,TH,FR", "09:30", "13:30", HOLIDAYS),),
        "Sport, crafts and lunch in the school holidays.",
        ages=(5, 16),
    ),
    ServiceSpec(
        "holiday-club-hemlington",
        "holiday",
        "Holiday club, Hemlington",
        ("holiday-food-activities",),
        ("hemlington",),
        (_s("MO,TU,WE,TH", "10:00", "14:00", HOLIDAYS),),
        "Holiday activities and a meal, with places for children with special educational needs.",
        ages=(5, 16),
        status=ServiceStatus.TEMPORARILY_CLOSED,
        alert="Closed while the hall is repaired; the Thorntree holiday club is open.",
    ),
    # Befriending and loneliness
    ServiceSpec(
        "telephone-befriending",
        "befriending",
        "Telephone befriending",
        ("befriending-loneliness",),
        (VIRTUAL,),
        (_s(WEEKDAYS, "10:00", "16:00"),),
        "A weekly friendly phone call from a volunteer.",
        groups=(EligibleGroup.OLDER_PEOPLE,),
        ages=(60, None),
        referral=ReferralRoute.SELF_OR_PARTNER,
    ),
    ServiceSpec(
        "lunch-club-acklam",
        "befriending",
        "Wednesday lunch club",
        ("befriending-loneliness",),
        ("acklam",),
        (_s("WE", "12:00", "14:00"),),
        "A two-course lunch and company.",
        price="3.50 per meal",
        groups=(EligibleGroup.OLDER_PEOPLE,),
    ),
    ServiceSpec(
        "knit-and-natter",
        "befriending",
        "Knit and natter",
        ("befriending-loneliness",),
        ("park_end",),
        (_s("TH", "13:30", "15:30"),),
        "Bring your knitting or learn; tea provided.",
        price="1.00 per session",
    ),
    ServiceSpec(
        "new-neighbours",
        "newcomers",
        "New neighbours befriending",
        ("befriending-loneliness", "welcome-orientation"),
        (VIRTUAL,),
        (_s(WEEKDAYS, "09:00", "17:00"),),
        "A local volunteer to meet each week for people new to Middlesbrough.",
        languages=("en", "ar", "fa", "ti", "uk"),
        groups=(EligibleGroup.NEW_ARRIVALS, EligibleGroup.REFUGEES),
        no_recourse=NoRecourse.YES,
        referral=ReferralRoute.SELF_OR_PARTNER,
    ),
    # Hate crime support and third-party reporting centres
    ServiceSpec(
        "reporting-centre-hub",
        "hub",
        "Hate incident reporting centre, North Ormesby",
        ("third-party-reporting", "hate-crime-support"),
        ("hub",),
        (_s(WEEKDAYS, "09:00", "17:00"),),
        "Report a hate incident to a trained volunteer instead of the police; we can pass it on "
        "with your consent or anonymously.",
        languages=("en", "ar", "ur"),
        groups=(EligibleGroup.VICTIMS_OF_HATE_CRIME,),
        no_recourse=NoRecourse.YES,
    ),
    ServiceSpec(
        "reporting-centre-victoria",
        "learning",
        "Hate incident reporting centre, town centre",
        ("third-party-reporting",),
        ("victoria",),
        (_s("MO,TU,WE,TH,FR,SA", "09:00", "17:00"),),
        "Staff at the learning centre can take a report of a hate incident.",
        groups=(EligibleGroup.VICTIMS_OF_HATE_CRIME,),
    ),
    ServiceSpec(
        "reporting-centre-union-street",
        "sanctuary",
        "Hate incident reporting centre, Union Street",
        ("third-party-reporting",),
        ("union",),
        (_s("TU,TH", "10:00", "14:00"),),
        "Report a hate incident during the asylum drop-in, in your own language.",
        languages=REFUGEE_LANGUAGES,
        groups=(EligibleGroup.VICTIMS_OF_HATE_CRIME,),
        no_recourse=NoRecourse.YES,
    ),
    ServiceSpec(
        "reporting-centre-thorntree",
        "council",
        "Hate incident reporting centre, Thorntree",
        ("third-party-reporting",),
        ("thorntree",),
        (_s("MO,TU,WE,TH", "09:30", "16:00"),),
        "Report a hate incident at the community centre reception.",
        groups=(EligibleGroup.VICTIMS_OF_HATE_CRIME,),
        checked_days_ago=300,
    ),
    ServiceSpec(
        "hate-crime-casework",
        "victims",
        "Hate crime victim support",
        ("hate-crime-support",),
        (VIRTUAL,),
        (_s(WEEKDAYS, "09:00", "17:00"),),
        "Emotional and practical support after a hate crime or incident, whether or not it was "
        "reported to the police.",
        groups=(EligibleGroup.VICTIMS_OF_HATE_CRIME,),
        no_recourse=NoRecourse.YES,
        referral=ReferralRoute.SELF_OR_PARTNER,
    ),
    # Interpreting and volunteering
    ServiceSpec(
        "community-interpreters",
        "interpreting",
        "Community interpreters",
        ("interpreting",),
        (VIRTUAL,),
        (_s(WEEKDAYS, "08:00", "18:00"),),
        "Face-to-face and phone interpreters for appointments; booked by the organisation.",
        languages=("ar", "fa", "ckb", "ti", "am", "ur", "pl", "ro", "uk", "so", "fr"),
        price="32.00 per hour, paid by the booking organisation",
        referral=ReferralRoute.PARTNER,
    ),
    ServiceSpec(
        "letters-and-forms",
        "interpreting",
        "Help with letters and forms",
        ("interpreting", "advice-welfare-rights"),
        ("newport_hub",),
        (_s("WE", "13:00", "15:00"),),
        "Bring a letter you do not understand; a volunteer reads it with you in your language.",
        languages=("en", "ar", "fa", "ckb", "ti", "ur", "pl", "ro"),
        no_recourse=NoRecourse.YES,
    ),
    ServiceSpec(
        "volunteer-centre",
        "volunteering",
        "Find volunteering",
        ("volunteering",),
        ("albert",),
        (_s("TU,TH", "10:00", "15:00"),),
        "Drop in to find volunteering that suits you.",
        ages=(16, None),
    ),
    ServiceSpec(
        "volunteering-asylum",
        "sanctuary",
        "Volunteering while you wait",
        ("volunteering", "refugee-asylum-support"),
        ("union",),
        (_s("TU", "14:00", "16:00"),),
        "Volunteering for people seeking asylum, who may volunteer but not work while they wait.",
        languages=REFUGEE_LANGUAGES,
        groups=(EligibleGroup.ASYLUM_SEEKERS,),
        no_recourse=NoRecourse.YES,
        state=PublicationState.DRAFT,
    ),
)


def _time(value: str) -> dt.time:
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def _price(text: str) -> tuple[Decimal | None, str]:
    if not text:
        return None, ""
    amount, _sep, option = text.partition(" ")
    return Decimal(amount), option


def create_demo_directory(say: Callable[[str], None] = print, today: dt.date | None = None) -> int:
    """Add the synthetic Middlesbrough directory; returns how many services were made (0 if present)."""
    if Service.objects.filter(synthetic=True, council_code=MIDDLESBROUGH).exists():
        say("The synthetic directory is already present; nothing added.")
        return 0
    today = today or timezone.localdate()
    partners = {p.name: p for p in Partner.objects.all()}
    with transaction.atomic():
        organisations = _create_organisations(partners, today)
        locations = _create_locations(organisations)
        for spec in SERVICES:
            _create_service(spec, organisations, locations, today)
        _create_upkeep()
    say(
        f"Directory: {len(SERVICES)} synthetic services from {len(ORGANISATIONS)} organisations "
        f"at {len(VENUES)} venues in Middlesbrough."
    )
    return len(SERVICES)


def _create_organisations(partners: dict[str, Partner], today: dt.date) -> dict[str, Organisation]:
    made: dict[str, Organisation] = {}
    for key, spec in ORGANISATIONS.items():
        org = Organisation.objects.create(
            id=demo_id("organisation", key),
            name=spec.name,
            description=f"[Synthetic] {spec.description}",
            website=f"https://example.org/{key}",
            email=f"{key}@example.org",
            partner=partners.get(spec.partner) if spec.partner else None,
            parent=made.get(spec.parent),
            council_code=MIDDLESBROUGH,
            synthetic=True,
            source=SOURCE,
            last_checked=today - dt.timedelta(days=45),
        )
        Phone.objects.create(
            id=demo_id("organisation-phone", key),
            organisation=org,
            number=f"01632 960{len(made):03d}",
            type=PhoneType.VOICE,
        )
        made[key] = org
    return made


def _venue_owner(key: str) -> str:
    """Which organisation runs a venue: the one with most services there."""
    counts: dict[str, int] = {}
    for spec in SERVICES:
        if key in spec.venues:
            counts[spec.org] = counts.get(spec.org, 0) + 1
    return max(sorted(counts), key=lambda org: counts[org])


def _create_locations(organisations: dict[str, Organisation]) -> dict[str, Location]:
    made: dict[str, Location] = {}
    for key, venue in VENUES.items():
        location = Location.objects.create(
            id=demo_id("location", key),
            organisation=organisations[_venue_owner(key)],
            name=venue.name,
            description=f"[Synthetic] {venue.name}, a community venue.",
            transportation=venue.transport,
            latitude=venue.lat,
            longitude=venue.lon,
            council_code=MIDDLESBROUGH,
            synthetic=True,
            source=SOURCE,
        )
        Address.objects.create(
            id=demo_id("address", key),
            location=location,
            address_1=venue.street,
            city="Middlesbrough",
            state_province="Middlesbrough",
            postal_code=venue.postcode,
            country="GB",
        )
        Accessibility.objects.create(
            id=demo_id("accessibility", key), location=location, description=venue.accessibility
        )
        made[key] = location
    made[VIRTUAL] = Location.objects.create(
        id=demo_id("location", VIRTUAL),
        name="Phone and online",
        description="[Synthetic] Services delivered by phone or video call.",
        location_type=LocationType.VIRTUAL,
        url="https://example.org/online",
        council_code=MIDDLESBROUGH,
        synthetic=True,
        source=SOURCE,
    )
    assign_wards(list(made.values()))
    return made


def _create_service(
    spec: ServiceSpec,
    organisations: dict[str, Organisation],
    locations: dict[str, Location],
    today: dt.date,
) -> Service:
    amount, option = _price(spec.price)
    service = Service.objects.create(
        id=demo_id("service", spec.key),
        organisation=organisations[spec.org],
        name=spec.name,
        description=f"[Synthetic] {spec.description}",
        url=f"https://example.org/services/{spec.key}",
        email=f"{spec.key}@example.org",
        status=spec.status,
        alert=spec.alert,
        fees=spec.price and f"£{amount} {option}",
        minimum_age=spec.ages[0],
        maximum_age=spec.ages[1],
        no_recourse=spec.no_recourse,
        referral_route=spec.referral,
        application_process=_application_process(spec.referral),
        council_code=MIDDLESBROUGH,
        state=spec.state,
        synthetic=True,
        source=SOURCE,
        last_checked=today - dt.timedelta(days=spec.checked_days_ago),
    )
    for need in spec.needs:
        Attribute.objects.create(
            id=demo_id("attribute", f"{spec.key}:{need}"),
            service=service,
            taxonomy_term_id=stable_id(need),
            link_type="need",
        )
    for code in spec.languages:
        Language.objects.create(
            id=demo_id("language", f"{spec.key}:{code}"),
            service=service,
            name=LANGUAGE_NAMES[code],
            code=code,
        )
    CostOption.objects.create(
        id=demo_id("cost", spec.key),
        service=service,
        option=option or "Free",
        amount=amount if amount is not None else Decimal("0.00"),
        currency="GBP",
    )
    for group in spec.groups:
        Eligibility.objects.create(
            id=demo_id("eligibility", f"{spec.key}:{group}"), service=service, group=group
        )
    for document in spec.documents:
        RequiredDocument.objects.create(
            id=demo_id("document", f"{spec.key}:{document}"), service=service, document=document
        )
    ServiceArea.objects.create(
        id=demo_id("area", spec.key),
        service=service,
        name="Middlesbrough",
        area_code=MIDDLESBROUGH,
        extent_type="gss_code",
    )
    contact = Contact.objects.create(
        id=demo_id("contact", spec.key),
        service=service,
        name="Duty worker",
        title="Service coordinator",
        email=f"{spec.key}@example.org",
    )
    Phone.objects.create(
        id=demo_id("phone", spec.key),
        service=service,
        contact=contact,
        number=f"01632 960{100 + SERVICES.index(spec):03d}",
        type=PhoneType.VOICE,
    )
    for venue in spec.venues:
        at = ServiceAtLocation.objects.create(
            id=demo_id("service-at-location", f"{spec.key}:{venue}"),
            service=service,
            location=locations[venue],
        )
        for index, session in enumerate(spec.sessions):
            Schedule.objects.create(
                id=demo_id("schedule", f"{spec.key}:{venue}:{index}"),
                service=service,
                service_at_location=at,
                freq=session.freq,
                interval=1,
                byday=session.days,
                opens_at=_time(session.opens),
                closes_at=_time(session.closes),
                term_time=session.term,
                valid_from=dt.date(today.year - 1, 9, 1),
                description=_session_words(session),
            )
    return service


def _application_process(route: str) -> str:
    return {
        ReferralRoute.SELF: "Just turn up, or phone first if you have questions.",
        ReferralRoute.PARTNER: "A partner organisation refers you, with your consent.",
        ReferralRoute.SELF_OR_PARTNER: "Contact the service yourself, or ask a worker to refer you.",
    }[ReferralRoute(route)]


DAY_NAMES = {
    "MO": "Mondays",
    "TU": "Tuesdays",
    "WE": "Wednesdays",
    "TH": "Thursdays",
    "FR": "Fridays",
    "SA": "Saturdays",
    "SU": "Sundays",
}
ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last"}


def _session_words(session: Session) -> str:
    """ "Tuesdays 10:00 to 12:00, term time only": the schedule as people say it."""
    days = []
    for day in session.days.split(","):
        if day[:-2]:
            days.append(f"the {ORDINALS[day[:-2]]} {DAY_NAMES[day[-2:]][:-1]} of the month")
        else:
            days.append(DAY_NAMES[day])
    text = f"{', '.join(days)} {session.opens} to {session.closes}"
    if session.term == TermTime.TERM_TIME:
        text += ", term time only"
    elif session.term == TermTime.HOLIDAYS:
        text += ", school holidays only"
    return text


def _create_upkeep() -> None:
    """Two changes waiting for review and one mistake reported by the public, all synthetic.

    The hub's officer (carol) proposes new times for one of its sessions; the council's
    neighbourhood manager (nadia) proposes a clearer description of a family hub session;
    a made-up resident reports that a session's start time is wrong.
    """
    from django.contrib.auth import get_user_model

    from cohesion.directory import maintaining

    people = {
        u.username: u for u in get_user_model().objects.filter(username__in=["carol", "nadia"])
    }
    proposals = (
        ("North Ormesby Community Hub", "carol", {"opens_at": "10:30", "closes_at": "12:30"}),
        ("Middlesbrough Council", "nadia", {"application_process": DEMO_APPLICATION_PROCESS}),
    )
    for partner, username, changes in proposals:
        service = (
            Service.objects.filter(synthetic=True, organisation__partner__name=partner)
            .order_by("name")
            .first()
        )
        if service is None:
            continue
        form = maintaining.form_for(
            service, service.organisation, maintaining.values_of(service) | changes
        )
        if form.is_valid():
            maintaining.propose(
                form,
                organisation=service.organisation,
                service=service,
                actor=people.get(username),
                synthetic=True,
            )
    reported = Service.objects.filter(synthetic=True).order_by("name").last()
    if reported is not None:
        maintaining.report_mistake(
            reported,
            what_is_wrong="[Synthetic] The Wednesday session now starts at 10:30, not 10:00.",
            email="resident@example.org",
        )


DEMO_APPLICATION_PROCESS = (
    "[Synthetic] Come along to any session; no need to book. Ask at reception for the family room."
)


def run_demo(data_dir: Path, say: Callable[[str], None]) -> int:
    return create_demo_directory(say)
