"""Who may do what with surveys: every survey view, every persona.

Middlesbrough's surveys are seen by the council's members (alice, amir, nadia,
cllr.hussain, erin) and by nobody else: the police liaison (bob), the reporting-centre
volunteer (carol) and Darlington's officer (dave) get 404. Officers and above with the
whole council in scope manage them; the neighbourhood manager (nadia, scoped to Newport
and North Ormesby) manages the locality survey of exactly her wards but only views the
council-wide one; viewers (amir, cllr.hussain) get 403 on anything that changes data.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cohesion.testing.matrix import ALL_PERSONAS, ANONYMOUS, Case, check_case

pytestmark = pytest.mark.django_db

COUNCIL_MEMBERS = ("alice", "amir", "nadia", "cllr.hussain", "erin")
MANAGERS = ("alice", "erin")
SIGN_IN = {ANONYMOUS: 302}


def see(*extra: str) -> dict[str, int]:
    """200 for every Middlesbrough member (and any extra persona), sign-in for anonymous."""
    return {**SIGN_IN, **dict.fromkeys((*COUNCIL_MEMBERS, *extra), 200)}


def manage(allowed: tuple[str, ...], status: int = 200) -> dict[str, int]:
    """``status`` for those who manage, 403 for other Middlesbrough members, sign-in for anonymous."""
    expect = {**SIGN_IN, **dict.fromkeys(COUNCIL_MEMBERS, 403)}
    expect.update(dict.fromkeys(allowed, status))
    return expect


@pytest.fixture
def objects(middlesbrough, locality_wards, questionnaire):
    from cohesion.places.models import Area, Level
    from cohesion.surveys.importing import start_batch
    from cohesion.surveys.models import Question, Survey, Wave

    version = questionnaire.published_versions().first()

    def wave(survey, wards, name="September 2021", start=dt.date(2021, 9, 1), **extra):
        made = Wave.objects.create(
            survey=survey,
            name=name,
            period_start=start,
            period_end=start + dt.timedelta(days=29),
            questionnaire_version=version,
            **extra,
        )
        made.target_wards.set(wards)
        return made

    locality = Survey.objects.create(
        council=middlesbrough, title="Locality", questionnaire=questionnaire
    )
    locality_wave = wave(
        locality, locality_wards, accepting_online=True, weighting_status="weighted"
    )
    earlier = wave(
        locality, locality_wards, "March 2021", dt.date(2021, 3, 1), weighting_status="weighted"
    )
    council = Survey.objects.create(
        council=middlesbrough, title="Residents", questionnaire=questionnaire
    )
    all_wards = list(Area.objects.current(Level.WARD).filter(parent=middlesbrough))
    council_wave = wave(council, all_wards, weighting_status="weighted")
    own = Question.objects.create(
        code="e06000002_hub",
        owner=middlesbrough,
        topic="local",
        wording="Is the hub open to all?",
        scale=Question.objects.get(code="civic_participation").scale,
        source="Middlesbrough Council",
    )
    batch = start_batch(locality_wave, "r.csv", b"ref,safe_day\nR1,1\n", mode="paper")
    from django.utils import timezone

    from cohesion.surveys.models import CommentTheme, Response

    comment = Response.objects.create(
        wave=locality_wave,
        mode="paper",
        status="complete",
        submitted_at=timezone.now(),
        comment="The lane behind Smith's shop is never swept.",
    )
    theme = CommentTheme.objects.create(wave=locality_wave, label="Litter")
    Response.objects.create(
        wave=council_wave,
        mode="paper",
        status="complete",
        submitted_at=timezone.now(),
        comment="Buses are late.",
    )
    return {
        "comment": comment,
        "theme": theme,
        "locality": locality,
        "locality_wave": locality_wave,
        "earlier": earlier,
        "council": council,
        "council_wave": council_wave,
        "questionnaire": questionnaire,
        "own_question": own,
        "model_question": Question.objects.get(code="safe_day"),
        "batch": batch,
    }


def lw(o):
    return o["locality_wave"].pk


CASES = [
    # Lists and set-up pages any council member may open.
    Case("survey list", "/surveys/", see("dave")),
    Case("survey list csv", "/surveys/list.csv", see("dave")),
    Case("question bank", "/surveys/questions/", see("dave")),
    Case("question bank json", "/surveys/questions/list.json", see("dave")),
    Case("model question", lambda o: f"/surveys/questions/{o['model_question'].pk}/", see("dave")),
    Case("council's own question", lambda o: f"/surveys/questions/{o['own_question'].pk}/", see()),
    Case("questionnaire list", "/surveys/questionnaires/", see("dave")),
    Case("questionnaire", lambda o: f"/surveys/questionnaires/{o['questionnaire'].pk}/", see()),
    # Creating needs an officer with a whole council in scope (Darlington's officer creates for Darlington).
    Case("new survey", "/surveys/new/", manage(MANAGERS) | {"dave": 200}),
    Case("new questionnaire", "/surveys/questionnaires/new/", manage(MANAGERS) | {"dave": 200}),
    Case("new question", "/surveys/questions/new/", manage(MANAGERS) | {"dave": 200}),
    Case(
        "edit questionnaire",
        lambda o: f"/surveys/questionnaires/{o['questionnaire'].pk}/edit/",
        manage(MANAGERS),
    ),
    Case(
        "publish questionnaire",
        lambda o: f"/surveys/questionnaires/{o['questionnaire'].pk}/publish/",
        manage(MANAGERS, 302),
        method="post",
    ),
    # The locality survey: nadia manages it (both its wards are hers).
    Case("locality survey", lambda o: f"/surveys/{o['locality'].pk}/", see()),
    Case("locality survey json", lambda o: f"/surveys/{o['locality'].pk}.json", see()),
    Case(
        "edit locality survey",
        lambda o: f"/surveys/{o['locality'].pk}/edit/",
        manage((*MANAGERS, "nadia")),
    ),
    Case(
        "new wave",
        lambda o: f"/surveys/{o['locality'].pk}/waves/new/",
        manage((*MANAGERS, "nadia")),
    ),
    Case("wave", lambda o: f"/surveys/waves/{lw(o)}/", see()),
    Case("wave csv", lambda o: f"/surveys/waves/{lw(o)}.csv", see()),
    Case("edit wave", lambda o: f"/surveys/waves/{lw(o)}/edit/", manage((*MANAGERS, "nadia"))),
    Case(
        "weight wave",
        lambda o: f"/surveys/waves/{lw(o)}/weight/",
        manage((*MANAGERS, "nadia"), 302),
        method="post",
    ),
    Case(
        "enter response",
        lambda o: f"/surveys/waves/{lw(o)}/responses/new/",
        manage((*MANAGERS, "nadia")),
    ),
    Case(
        "import responses",
        lambda o: f"/surveys/waves/{lw(o)}/import/",
        manage((*MANAGERS, "nadia")),
    ),
    # An import holds individual answers: only those who manage the wave know it exists.
    Case(
        "import",
        lambda o: f"/surveys/imports/{o['batch'].pk}/",
        {**SIGN_IN, "alice": 200, "erin": 200, "nadia": 200},
    ),
    Case(
        "discard import",
        lambda o: f"/surveys/imports/{o['batch'].pk}/discard/",
        {**SIGN_IN, "alice": 302, "erin": 302, "nadia": 302},
        method="post",
    ),
    Case("results", lambda o: f"/surveys/waves/{lw(o)}/results/", see()),
    Case("results csv", lambda o: f"/surveys/waves/{lw(o)}/results.csv", see()),
    Case("results json", lambda o: f"/surveys/waves/{lw(o)}/results.json", see()),
    Case("results xlsx", lambda o: f"/surveys/waves/{lw(o)}/results.xlsx", see()),
    Case("results map", lambda o: f"/surveys/waves/{lw(o)}/map.geojson", see()),
    Case(
        "change between waves",
        lambda o: f"/surveys/waves/{lw(o)}/change-since/{o['earlier'].pk}/",
        see(),
    ),
    Case(
        "change between waves csv",
        lambda o: f"/surveys/waves/{lw(o)}/change-since/{o['earlier'].pk}.csv",
        see(),
    ),
    # Residents' comments are read only by those who manage the wave; viewers get 403.
    Case("comments", lambda o: f"/surveys/waves/{lw(o)}/comments/", manage((*MANAGERS, "nadia"))),
    Case(
        "code a comment",
        lambda o: f"/surveys/waves/{lw(o)}/comments/",
        manage((*MANAGERS, "nadia"), 302),
        method="post",
        data=lambda o: {
            "response": o["comment"].pk,
            f"c{o['comment'].pk}-themes": [o["theme"].pk],
        },
    ),
    Case(
        "council wave comments",
        lambda o: f"/surveys/waves/{o['council_wave'].pk}/comments/",
        manage(MANAGERS),
    ),
    # Theme counts are an aggregate: every council member who sees the results sees them.
    Case("comment themes", lambda o: f"/surveys/waves/{lw(o)}/themes/", see()),
    Case("comment themes csv", lambda o: f"/surveys/waves/{lw(o)}/themes.csv", see()),
    Case("comment themes json", lambda o: f"/surveys/waves/{lw(o)}/themes.json", see()),
    Case(
        "add a comment theme",
        lambda o: f"/surveys/waves/{lw(o)}/themes/",
        manage((*MANAGERS, "nadia"), 302),
        method="post",
        data={"add": "", "new-label": "Parking"},
    ),
    Case(
        "publish results",
        lambda o: f"/surveys/waves/{lw(o)}/publish/",
        manage((*MANAGERS, "nadia"), 302),
        method="post",
    ),
    # The council-wide survey: nadia and the councillor see it (their wards are in it) but only coordinators manage it.
    Case("council survey", lambda o: f"/surveys/{o['council'].pk}/", see()),
    Case("edit council survey", lambda o: f"/surveys/{o['council'].pk}/edit/", manage(MANAGERS)),
    Case(
        "council wave results", lambda o: f"/surveys/waves/{o['council_wave'].pk}/results/", see()
    ),
    Case(
        "weight council wave",
        lambda o: f"/surveys/waves/{o['council_wave'].pk}/weight/",
        manage(MANAGERS, 302),
        method="post",
    ),
    # The public questionnaire is open to everyone.
    Case(
        "online questionnaire",
        lambda o: f"/surveys/take/{o['locality_wave'].public_code}/",
        dict.fromkeys(ALL_PERSONAS, 200),
    ),
]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(case, persona, objects, client_for):
    from django.contrib.auth import get_user_model

    user = None if persona == ANONYMOUS else get_user_model().objects.get(username=persona)
    check_case(case, persona, client_for(user), objects)


def test_another_councils_officer_sees_none_of_middlesbroughs_surveys(objects, client_for, dave):
    data = client_for(dave).get("/surveys/list.json").json()
    assert data["surveys"] == []
    bank = client_for(dave).get("/surveys/questions/list.json").json()["questions"]
    assert "e06000002_hub" not in {q["code"] for q in bank}


def test_the_councillor_sees_the_surveys_of_their_ward(objects, client_for, cllr_hussain):
    titles = {
        s["title"] for s in client_for(cllr_hussain).get("/surveys/list.json").json()["surveys"]
    }
    assert titles == {"Locality", "Residents"}


def test_a_ward_manager_cannot_manage_a_survey_once_it_reaches_beyond_her_wards(objects, nadia):
    from cohesion.places.models import Area, Level
    from cohesion.surveys.models import Survey

    locality = objects["locality"]
    assert Survey.objects.restrict(nadia, "manage").filter(pk=locality.pk).exists()
    central = Area.objects.current(Level.WARD).get(parent=locality.council, name="Central")
    objects["locality_wave"].target_wards.add(central)
    assert not Survey.objects.restrict(nadia, "manage").filter(pk=locality.pk).exists()
    assert Survey.objects.restrict(nadia, "view").filter(pk=locality.pk).exists()


def test_the_navigation_offers_surveys_only_to_council_members(objects, client_for, alice, bob):
    assert 'href="/surveys/"' in client_for(alice).get("/").content.decode()
    assert 'href="/surveys/"' not in client_for(bob).get("/").content.decode()
    assert 'href="/surveys/"' not in client_for(None).get("/").content.decode()


def test_only_those_who_manage_the_wave_read_a_comment_anywhere(objects, client_for):
    """The comment text is on the comments page for managers and on no page or download for others."""
    from django.contrib.auth import get_user_model

    wave = objects["locality_wave"].pk
    addresses = [
        f"/surveys/waves/{wave}/comments/",
        f"/surveys/waves/{wave}/themes/",
        f"/surveys/waves/{wave}/themes.csv",
        f"/surveys/waves/{wave}/themes.json",
        f"/surveys/waves/{wave}/results/",
        f"/surveys/waves/{wave}/results.json",
        f"/surveys/waves/{wave}/",
        f"/surveys/waves/{wave}.json",
    ]
    for persona in ALL_PERSONAS:
        user = None if persona == ANONYMOUS else get_user_model().objects.get(username=persona)
        client = client_for(user)
        seen = [a for a in addresses if "Smith" in client.get(a).content.decode()]
        expected = [addresses[0]] if persona in (*MANAGERS, "nadia") else []
        assert seen == expected, persona
