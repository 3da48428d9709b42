"""The online questionnaire's optional last step, "Would you like help from an interpreter to take
part? Which language?", and the counts by language on the wave's page (with disclosure control
for people who may not see the responses)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client
from django.utils import timezone

from cohesion.surveys.tests.online import answers_for, pages
from cohesion.surveys.tests.online import start as _start

pytestmark = pytest.mark.django_db


def _answer_every_page(client, wave, token):
    """Answer every page; the last page's answer (where it sends the resident next)."""
    for number, page in enumerate(pages(wave), start=1):
        last = client.post(f"/surveys/answer/{token}/page/{number}/", answers_for(page))
        assert last.status_code == 302
    return last


def _saved(wave):
    from cohesion.surveys.models import Response

    return Response.objects.get(wave=wave)


def _complete(wave, *languages):
    """Complete responses of ``wave`` that asked for these interpreter languages."""
    from cohesion.surveys.models import Response

    for language in languages:
        Response.objects.create(
            wave=wave,
            mode="online",
            status="complete",
            submitted_at=timezone.now(),
            interpreter_language=language,
        )


# The form ------------------------------------------------------------------------------------------


def test_the_interpreter_form_takes_a_language_with_or_without_the_tick():
    from cohesion.surveys.public_forms import InterpreterStepForm

    ticked = InterpreterStepForm({"needs_interpreter": "on", "interpreter_language": " Tigrinya "})
    assert ticked.is_valid() and ticked.interpreter_asked_for() == "Tigrinya"
    typed_only = InterpreterStepForm({"interpreter_language": "Polish"})
    assert typed_only.is_valid() and typed_only.interpreter_asked_for() == "Polish"
    declined = InterpreterStepForm({})
    assert declined.is_valid() and declined.interpreter_asked_for() == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"needs_interpreter": "on"}, "Write which language you need an interpreter for"),
        ({"needs_interpreter": "on", "interpreter_language": "\u202e\u2066 "}, "Write which"),
        ({"needs_interpreter": "on", "interpreter_language": "1234"}, "Write the name of a"),
        ({"interpreter_language": "P" * 61}, "in 60 characters or fewer"),
        # Counted and shown to officers as a language, with a link to book an interpreter in it.
        ({"needs_interpreter": "on", "interpreter_language": "<script>"}, "Write the name of a"),
        ({"interpreter_language": "<b>Polish</b>"}, "Write the name of a"),
        ({"interpreter_language": "Polish; DROP TABLE"}, "Write the name of a"),
        ({"interpreter_language": "Polish 2"}, "Write the name of a"),
        ({"interpreter_language": '=HYPERLINK("x")'}, "Write the name of a"),
    ],
)
def test_the_interpreter_form_refuses_a_language_it_cannot_use(data, message):
    from cohesion.surveys.public_forms import InterpreterStepForm

    form = InterpreterStepForm(data)
    assert not form.is_valid()
    assert message in " ".join(form.errors["interpreter_language"])


@pytest.mark.parametrize(
    "language",
    [
        "العربية",
        "हिन्दी",
        "Kurdish (Sorani)",
        "Dari/Farsi",
        "N’Ko",
        "Ga-Dangme",
        "Chinese, Cantonese",
    ],
)
def test_the_interpreter_form_takes_language_names_in_any_script(language):
    from cohesion.surveys.public_forms import InterpreterStepForm

    form = InterpreterStepForm({"needs_interpreter": "on", "interpreter_language": language})
    assert form.is_valid(), form.errors
    assert form.interpreter_asked_for() == language


def test_spellings_of_one_language_are_counted_together():
    from cohesion.surveys.interpreters import count_languages

    assert count_languages(
        ["Polish", "polish", " Polish  ", "Arabic", "", "Tigrinya", "arabic"]
    ) == [
        ("Polish", 3),
        ("Arabic", 2),
        ("Tigrinya", 1),
    ]


# The resident's questionnaire ---------------------------------------------------------------------


def test_a_resident_asks_for_an_interpreter_on_the_last_step_and_it_is_stored(open_wave):
    client = Client()
    token = _start(client, open_wave)
    last = _answer_every_page(client, open_wave, token)
    assert last["Location"] == f"/surveys/answer/{token}/interpreter/"
    step = client.get(last["Location"]).content.decode()
    assert "Would you like help from an interpreter to take part?" in step
    assert "Which language?" in step and "We will not contact you" in step
    assert "email" not in step.lower() and "phone number" not in step.lower()
    sent = client.post(
        f"/surveys/answer/{token}/interpreter/",
        {"needs_interpreter": "on", "interpreter_language": "Tigrinya"},
    )
    assert sent["Location"] == f"/surveys/answer/{token}/check/"
    check = client.get(sent["Location"]).content.decode()
    assert re.search(r'id="interpreter-answer".*?Tigrinya', check, re.S)
    assert client.post(f"/surveys/answer/{token}/check/")["Location"].endswith("/done/")
    saved = _saved(open_wave)
    assert saved.is_complete and saved.interpreter_language == "Tigrinya"
    assert saved.answers and saved.ward.code == "E05009866"


def test_an_invalid_language_is_explained_and_nothing_is_saved(open_wave):
    client = Client()
    token = _start(client, open_wave)
    _answer_every_page(client, open_wave, token)
    client.post(f"/surveys/answer/{token}/interpreter/", {"interpreter_language": "Urdu"})
    before = _saved(open_wave)
    for data in (
        {"needs_interpreter": "on", "interpreter_language": ""},
        {"needs_interpreter": "on", "interpreter_language": "42"},
        {"needs_interpreter": "on", "interpreter_language": "x" * 61},
    ):
        refused = client.post(f"/surveys/answer/{token}/interpreter/", data)
        body = refused.content.decode()
        assert refused.status_code == 200
        assert "There is a problem" in body and "Error:" in body
        after = _saved(open_wave)
        assert after.interpreter_language == "Urdu"
        assert (after.status, after.answers, after.updated_at) == (
            "in_progress",
            before.answers,
            before.updated_at,
        )


def test_a_wave_that_does_not_ask_goes_straight_to_check_and_stores_no_language(
    locality_survey, make_wave
):
    wave = make_wave(locality_survey, accepting_online=True, ask_interpreter=False)
    client = Client()
    token = _start(client, wave)
    last = _answer_every_page(client, wave, token)
    assert last["Location"] == f"/surveys/answer/{token}/check/"
    assert client.get(f"/surveys/answer/{token}/interpreter/").status_code == 404
    assert (
        client.post(
            f"/surveys/answer/{token}/interpreter/", {"interpreter_language": "Polish"}
        ).status_code
        == 404
    )
    check = client.get(f"/surveys/answer/{token}/check/").content.decode()
    assert "interpreter" not in check.lower()
    client.post(f"/surveys/answer/{token}/check/")
    saved = _saved(wave)
    assert saved.is_complete and saved.interpreter_language == ""


def test_a_sent_response_keeps_its_language_and_sending_again_changes_nothing(open_wave):
    from cohesion.surveys.models import Response

    client = Client()
    token = _start(client, open_wave)
    _answer_every_page(client, open_wave, token)
    client.post(f"/surveys/answer/{token}/interpreter/", {"interpreter_language": "Polish"})
    assert client.post(f"/surveys/answer/{token}/check/")["Location"].endswith("/done/")
    first = _saved(open_wave)
    # A second click, the back button, or the link opened again: still one response, as sent.
    assert client.post(f"/surveys/answer/{token}/check/")["Location"].endswith("/done/")
    changed = client.post(
        f"/surveys/answer/{token}/interpreter/", {"interpreter_language": "Arabic"}
    )
    assert changed["Location"] == f"/surveys/answer/{token}/done/"
    assert Response.objects.filter(wave=open_wave).count() == 1
    again = _saved(open_wave)
    assert (again.interpreter_language, again.submitted_at) == ("Polish", first.submitted_at)


def test_a_sent_response_is_not_rewritten_by_its_saved_page(open_wave):
    client = Client()
    token = _start(client, open_wave)
    _answer_every_page(client, open_wave, token)
    assert client.post(f"/surveys/answer/{token}/check/")["Location"].endswith("/done/")
    sent = _saved(open_wave)
    # The "saved for later" page opened afterwards, in another language: the sent answers stay.
    page = client.get(f"/surveys/answer/{token}/saved/?lang=pl")
    assert page.status_code == 302 and page["Location"] == f"/surveys/answer/{token}/done/"
    again = _saved(open_wave)
    assert (again.language, again.updated_at) == (sent.language, sent.updated_at)


def test_the_step_is_refused_once_the_wave_has_closed_and_nothing_is_saved(open_wave):
    client = Client()
    token = _start(client, open_wave)
    _answer_every_page(client, open_wave, token)
    open_wave.accepting_online = False
    open_wave.save(update_fields=["accepting_online"])
    closed = client.post(
        f"/surveys/answer/{token}/interpreter/", {"interpreter_language": "Polish"}
    )
    assert closed.status_code == 410
    assert _saved(open_wave).interpreter_language == ""


@pytest.mark.parametrize(
    ("language", "heading", "label"),
    [
        ("cy", "Hoffech chi gael help gan gyfieithydd i gymryd rhan?", "Hoffwn gael cyfieithydd"),
        (
            "pl",
            "Czy chcesz skorzystać z pomocy tłumacza, aby wziąć udział?",
            "Chcę skorzystać z pomocy tłumacza",
        ),
        ("ar", "هل ترغب في مساعدة مترجم للمشاركة؟", "أرغب في الحصول على مترجم"),
    ],
)
def test_the_interpreter_step_speaks_the_residents_language(open_wave, language, heading, label):
    client = Client()
    token = _start(client, open_wave, language)
    _answer_every_page(client, open_wave, token)
    body = client.get(f"/surveys/answer/{token}/interpreter/").content.decode()
    assert f'lang="{language}"' in body
    assert heading in body and label in body
    assert "Would you like help" not in body and "I would like an interpreter" not in body
    refused = client.post(
        f"/surveys/answer/{token}/interpreter/", {"needs_interpreter": "on"}
    ).content.decode()
    assert "Write which language" not in refused
    check = client.get(f"/surveys/answer/{token}/check/").content.decode()
    assert heading in check


def test_new_waves_ask_and_an_officer_can_turn_the_question_off(
    client_for, alice, locality_survey, make_wave
):
    from cohesion.surveys.models import Wave

    form = client_for(alice).get(f"/surveys/{locality_survey.pk}/waves/new/").content.decode()
    assert re.search(r'name="ask_interpreter"[^>]*checked', form)
    wave = make_wave(locality_survey, accepting_online=True)
    assert wave.ask_interpreter
    Wave.objects.filter(pk=wave.pk).update(ask_interpreter=False)
    page = client_for(alice).get(f"/surveys/waves/{wave.pk}/").content.decode()
    assert "does not ask whether residents would like help from an interpreter" in page


# The wave's page ------------------------------------------------------------------------------------

LANGUAGES = ["Polish"] * 6 + ["polish"] + ["Arabic"] * 6 + ["Tigrinya"] * 2 + ["Urdu"]


def _rows(page):
    table = re.search(
        r'<table class="govuk-table" id="interpreter-languages">.*?</table>', page, re.S
    )
    assert table, "no interpreter table"
    return table.group(0)


def test_a_manager_sees_every_language_asked_for_with_a_link_to_book_an_interpreter(
    client_for, alice, open_wave
):
    _complete(open_wave, *LANGUAGES)
    _complete(open_wave, "")  # a response that did not ask
    page = client_for(alice).get(f"/surveys/waves/{open_wave.pk}/").content.decode()
    rows = _rows(page)
    for language, count in (("Polish", 7), ("Arabic", 6), ("Tigrinya", 2), ("Urdu", 1)):
        assert re.search(rf'data-language="{language}".*?>{count}<', rows, re.S), language
    assert re.search(r'id="interpreter-total">16<', rows)
    assert "/programme/interpreters/new/?language=Tigrinya" in rows
    assert "Other languages" not in rows and "interpreter-disclosure" not in page


def test_a_viewer_sees_small_counts_pooled_and_hidden_so_none_can_be_worked_out(
    client_for, amir, alice, open_wave
):
    _complete(open_wave, *LANGUAGES)
    page = client_for(amir).get(f"/surveys/waves/{open_wave.pk}/").content.decode()
    rows = _rows(page)
    # Two residents' language, and one's, never reach a viewer, not even by name.
    assert "Tigrinya" not in page and "Urdu" not in page
    assert "Other languages" in rows and "interpreter-disclosure" in page
    assert "/programme/interpreters/new/" not in rows
    data = client_for(amir).get(f"/surveys/waves/{open_wave.pk}.json").json()["interpreter_help"]
    assert data["disclosure_controlled"] is True
    counts = {row["language"]: row["count"] for row in data["languages"]}
    assert set(counts) == {"Polish", "Arabic", "Other languages"}
    assert counts["Other languages"] is None
    hidden = [language for language, count in counts.items() if count is None]
    shown = sum(count for count in counts.values() if count is not None)
    # With the total shown, one hidden count would be the total minus the rest.
    assert data["total"] is None or len(hidden) >= 2
    if data["total"] is not None:
        assert data["total"] - shown >= 5  # at least the threshold between the hidden ones
    # The manager's twin has the exact figures.
    exact = client_for(alice).get(f"/surveys/waves/{open_wave.pk}.json").json()["interpreter_help"]
    assert exact["disclosure_controlled"] is False and exact["total"] == 16


def test_the_counts_download_as_csv_and_json_under_the_same_control(
    client_for, amir, alice, open_wave
):
    _complete(open_wave, *LANGUAGES)
    managed = client_for(alice).get(f"/surveys/waves/{open_wave.pk}/interpreters.csv")
    assert managed["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(managed.content.decode())))
    assert [(r["language"], r["count"]) for r in rows] == [
        ("Polish", "7"),
        ("Arabic", "6"),
        ("Tigrinya", "2"),
        ("Urdu", "1"),
    ]
    viewed = client_for(amir).get(f"/surveys/waves/{open_wave.pk}/interpreters.json").json()
    assert viewed["disclosure_controlled"] is True
    assert {r["language"] for r in viewed["languages"]} == {"Polish", "Arabic", "Other languages"}
    page = client_for(amir).get(f"/surveys/waves/{open_wave.pk}.json").json()
    assert viewed["languages"] == page["interpreter_help"]["languages"]


def test_no_one_outside_the_council_opens_the_counts(client_for, dave, bob, open_wave):
    _complete(open_wave, *LANGUAGES)
    for user in (dave, bob):
        assert (
            client_for(user).get(f"/surveys/waves/{open_wave.pk}/interpreters.json").status_code
            == 404
        )
    assert Client().get(f"/surveys/waves/{open_wave.pk}/interpreters.csv").status_code == 302
