"""Collecting responses: the public online questionnaire (resumable, in three languages, no JavaScript) and officer entry."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cohesion.surveys.tests import online

pytestmark = pytest.mark.django_db


_answers_for = online.answers_for
_pages = online.pages
_start = online.start


def test_the_start_page_works_without_javascript_and_offers_every_site_language(open_wave):
    client = Client()
    body = client.get(f"/surveys/take/{open_wave.public_code}/").content.decode()
    assert "Start now" in body
    assert "<script" not in body.split("<main")[1].split("</main>")[0]
    for language in ("English", "Cymraeg", "Polski", "العربية"):
        assert language in body
    polish = client.get(f"/surveys/take/{open_wave.public_code}/?lang=pl").content.decode()
    assert 'lang="pl"' in polish
    assert "Zacznij teraz" in polish
    arabic = client.get(f"/surveys/take/{open_wave.public_code}/?lang=ar").content.decode()
    assert 'dir="rtl"' in arabic
    assert "ابدأ الآن" in arabic
    welsh = client.get(f"/surveys/take/{open_wave.public_code}/?lang=cy").content.decode()
    assert 'lang="cy"' in welsh and "Dechrau nawr" in welsh


def test_a_resident_answers_page_by_page_and_the_response_is_saved_complete(open_wave):
    from cohesion.surveys.models import Response

    client = Client()
    token = _start(client, open_wave)
    pages = _pages(open_wave)
    for number, page in enumerate(pages, start=1):
        response = client.post(f"/surveys/answer/{token}/page/{number}/", _answers_for(page))
        assert response.status_code == 302
    # The optional last step: no interpreter needed, so the box stays unticked.
    assert response["Location"] == f"/surveys/answer/{token}/interpreter/"
    assert (
        client.post(f"/surveys/answer/{token}/interpreter/", {"continue": "1"})["Location"]
        == f"/surveys/answer/{token}/check/"
    )
    check = client.get(f"/surveys/answer/{token}/check/").content.decode()
    assert "Definitely agree" in check
    assert "No interpreter needed" in check
    assert (
        client.post(f"/surveys/answer/{token}/check/")["Location"]
        == f"/surveys/answer/{token}/done/"
    )
    saved = Response.objects.get(wave=open_wave)
    assert saved.is_complete
    assert saved.mode == "online"
    assert saved.ward.code == "E05009866"
    assert saved.age_band == "16-24"
    assert saved.answers["safe_day"] == "very_safe"
    assert saved.interpreter_language == ""
    assert token not in saved.token_hash
    done = client.get(f"/surveys/answer/{token}/done/").content.decode()
    assert "Your answers have been sent" in done


def test_closing_the_browser_loses_nothing_and_the_private_link_resumes(open_wave):
    from cohesion.surveys.models import Response

    token = _start(Client(), open_wave)
    pages = _pages(open_wave)
    first = Client()
    first.post(f"/surveys/answer/{token}/page/1/", _answers_for(pages[0]))
    saved = first.post(
        f"/surveys/answer/{token}/page/2/", {**_answers_for(pages[1]), "save_and_leave": "1"}
    )
    assert saved["Location"] == f"/surveys/answer/{token}/saved/"
    assert f"/surveys/answer/{token}/" in first.get(saved["Location"]).content.decode()
    # Another device, no cookies: the link carries on from page 3.
    other = Client()
    assert other.get(f"/surveys/answer/{token}/")["Location"] == f"/surveys/answer/{token}/page/3/"
    page = other.get(f"/surveys/answer/{token}/page/1/").content.decode()
    first_code = pages[0][0].code
    first_answer = pages[0][0].options[0].code
    assert re.search(rf'name="{first_code}" type="radio" value="{first_answer}" checked', page)
    response = Response.objects.get(token_hash__isnull=False)
    assert response.status == "in_progress"
    assert set(response.answers) == {q.code for q in pages[0] + pages[1]}


def test_a_missing_required_answer_is_explained_and_nothing_is_sent(open_wave):
    client = Client()
    token = _start(client, open_wave)
    pages = _pages(open_wave)
    last = len(pages)
    answers = _answers_for(pages[-1])
    answers.pop("sex")
    response = client.post(f"/surveys/answer/{token}/page/{last}/", answers)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Choose an answer to this question" in body
    # Jumping to the end without the demographics still refuses to send.
    check = client.post(f"/surveys/answer/{token}/check/").content.decode()
    assert "There is a problem" in check
    from cohesion.surveys.models import Response

    assert Response.objects.get().status == "in_progress"


def test_an_answer_that_is_not_on_the_scale_is_refused(open_wave):
    client = Client()
    token = _start(client, open_wave)
    page = _pages(open_wave)[0]
    response = client.post(f"/surveys/answer/{token}/page/1/", {page[0].code: "maybe"})
    assert "Choose one of the answers given" in response.content.decode()


def test_the_questionnaire_speaks_polish_and_arabic(open_wave):
    client = Client()
    token = _start(client, open_wave, "pl")
    body = client.get(f"/surveys/answer/{token}/page/1/").content.decode()
    assert 'lang="pl"' in body
    assert "Zdecydowanie się zgadzam" in body
    assert "Dalej" in body and "Zapisz i wróć później" in body
    body = client.get(f"/surveys/answer/{token}/page/1/?lang=ar").content.decode()
    assert 'dir="rtl"' in body
    assert "أوافق تمامًا" in body
    assert "إلى أي مدى توافق أو لا توافق على أن منطقتك المحلية" in body
    from cohesion.surveys.models import Response

    assert Response.objects.get().language == "ar"


def test_a_resident_answers_the_survey_in_welsh_from_start_to_check(open_wave):
    from cohesion.surveys.models import Response

    client = Client()
    start = client.get(f"/surveys/take/{open_wave.public_code}/?lang=cy").content.decode()
    assert '<html lang="cy"' in start and "Eich preifatrwydd" in start
    token = _start(client, open_wave, "cy")
    body = client.get(f"/surveys/answer/{token}/page/1/").content.decode()
    assert '<html lang="cy"' in body
    assert "I ba raddau ydych chi’n cytuno neu’n anghytuno bod eich ardal leol" in body
    assert "Cytuno’n gryf" in body and "Ddim yn gwybod" in body
    assert "Parhau" in body and "Cadw a dod yn ôl yn nes ymlaen" in body
    assert "Definitely agree" not in body and "Continue" not in body
    first = _pages(open_wave)[0][0].code
    refused = client.post(f"/surveys/answer/{token}/page/1/", {first: "maybe"}).content.decode()
    assert "Dewiswch un o’r atebion a roddwyd" in refused and "Choose one" not in refused
    for number, page in enumerate(_pages(open_wave), start=1):
        client.post(f"/surveys/answer/{token}/page/{number}/", _answers_for(page))
    check = client.get(f"/surveys/answer/{token}/check/").content.decode()
    assert "Gwirio eich atebion" in check and "Anfon fy atebion" in check
    assert Response.objects.get().language == "cy"


def test_a_sent_response_cannot_be_changed_through_its_link(open_wave):
    from cohesion.surveys.models import Response

    client = Client()
    token = _start(client, open_wave)
    for number, page in enumerate(_pages(open_wave), start=1):
        client.post(f"/surveys/answer/{token}/page/{number}/", _answers_for(page))
    client.post(f"/surveys/answer/{token}/check/")
    before = dict(Response.objects.get().answers)
    response = client.post(
        f"/surveys/answer/{token}/page/1/", {"get_on_well_local": "definitely_disagree"}
    )
    assert response["Location"] == f"/surveys/answer/{token}/done/"
    assert Response.objects.get().answers == before


def test_a_closed_wave_and_an_unknown_link_are_not_found(locality_survey, make_wave):
    wave = make_wave(locality_survey, accepting_online=False)
    client = Client()
    assert client.get(f"/surveys/take/{wave.public_code}/").status_code == 404
    assert client.get("/surveys/answer/not-a-real-token/").status_code == 404


def test_the_honeypot_turns_away_form_filling_robots(open_wave):
    from cohesion.surveys.models import Response

    response = Client().post(f"/surveys/take/{open_wave.public_code}/", {"website": "http://spam"})
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_an_officer_types_in_a_paper_response(open_wave, client_for, alice):
    from cohesion.surveys.models import Response
    from cohesion.surveys.specs import wave_questions

    answers = {
        q.code: (q.options[0].code if not q.is_ward else "E05009867")
        for q in wave_questions(open_wave)
    }
    client = client_for(alice)
    response = client.post(
        f"/surveys/waves/{open_wave.pk}/responses/new/",
        {**answers, "mode": "paper", "respondent_ref": "P-0001"},
    )
    assert response.status_code == 302
    saved = Response.objects.get(respondent_ref="P-0001")
    assert (saved.mode, saved.status, saved.entered_by, saved.ward.code) == (
        "paper",
        "complete",
        alice,
        "E05009867",
    )
    again = client.post(
        f"/surveys/waves/{open_wave.pk}/responses/new/",
        {**answers, "mode": "paper", "respondent_ref": "P-0001"},
    )
    assert "already in the wave" in again.content.decode()
    missing = dict(answers)
    missing.pop("age_band")
    refused = client.post(
        f"/surveys/waves/{open_wave.pk}/responses/new/", {**missing, "mode": "doorstep"}
    )
    assert "There is a problem" in refused.content.decode()
    assert Response.objects.count() == 1


def test_too_many_starts_from_one_address_are_turned_away_kindly(open_wave, monkeypatch):
    from cohesion.surveys import collection
    from cohesion.surveys.models import Response

    monkeypatch.setattr(collection, "ONLINE_STARTS_PER_HOUR", 3)
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        _start(client, open_wave)
    response = client.post(f"/surveys/take/{open_wave.public_code}/", {"language": "pl"})
    assert response.status_code == 429
    assert "Spróbuj ponownie później" in response.content.decode()
    assert Response.objects.count() == 3
    assert all(
        r.started_from and "203.0.113.9" not in r.started_from for r in Response.objects.all()
    )
    # Another address is not affected.
    _start(Client(REMOTE_ADDR="198.51.100.7"), open_wave)


def test_a_finished_response_is_refused_after_the_wave_closes_and_nothing_is_lost(open_wave):
    """Trust item 15: the online survey accepted a finished response after the wave closed."""
    from cohesion.surveys.models import Response

    client = Client()
    token = _start(client, open_wave)
    pages = _pages(open_wave)
    for number, page in enumerate(pages[:-1], start=1):
        assert (
            client.post(f"/surveys/answer/{token}/page/{number}/", _answers_for(page)).status_code
            == 302
        )
    open_wave.accepting_online = False
    open_wave.save(update_fields=["accepting_online"])

    last = client.post(f"/surveys/answer/{token}/page/{len(pages)}/", _answers_for(pages[-1]))
    assert last.status_code == 410
    body = last.content.decode()
    assert "This survey has closed" in body
    assert pages[-1][0].options[0].label("en") in body  # what they typed, shown back

    sent = client.post(f"/surveys/answer/{token}/check/")
    assert sent.status_code == 410
    assert "cannot be counted" in sent.content.decode()
    assert "Definitely agree" in sent.content.decode()
    saved = Response.objects.get(wave=open_wave)
    assert not saved.is_complete
    assert saved.answers  # the pages answered before it closed are kept


def test_a_wave_closing_while_the_answers_are_sent_refuses_them(open_wave):
    """Trust item 15: the close is checked inside the transaction that completes the response."""
    from cohesion.surveys.collection import SurveyClosed, submit_online
    from cohesion.surveys.models import Response, Wave

    client = Client()
    token = _start(client, open_wave)
    for number, page in enumerate(_pages(open_wave), start=1):
        client.post(f"/surveys/answer/{token}/page/{number}/", _answers_for(page))
    response = Response.objects.get(wave=open_wave)
    Wave.objects.filter(pk=open_wave.pk).update(accepting_online=False)
    with pytest.raises(SurveyClosed):
        submit_online(response)
    assert not Response.objects.get(pk=response.pk).is_complete


def test_switching_a_survey_page_keeps_the_answers_and_saves_none(
    locality_survey, make_wave
) -> None:
    from cohesion.surveys.models import Response
    from cohesion.surveys.specs import pages_of, wave_questions

    wave = make_wave(locality_survey, accepting_online=True)
    client = Client()
    start = client.post(f"/surveys/take/{wave.public_code}/", {"language": "en"})
    token = re.search(r"/surveys/answer/([^/]+)/", start["Location"]).group(1)  # type: ignore[union-attr]
    question = next(q for q in pages_of(wave_questions(wave))[0] if not q.is_ward)
    chosen = question.options[-1].code
    response = client.post(
        f"/surveys/answer/{token}/page/1/", {question.code: chosen, "switch_language": "cy"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'lang="cy"' in re.search(r"<html [^>]*>", page).group(0)  # type: ignore[union-attr]
    assert re.search(rf'value="{chosen}"[^>]*checked|checked[^>]*value="{chosen}"', page)
    saved = Response.objects.get(wave=wave)
    assert saved.answers.get(question.code) is None
    assert saved.language == "cy"
