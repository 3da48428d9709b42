"""Residents' comments: the optional box at the end of the questionnaire, the coding frame,
coding comments with themes, and the theme counts (through disclosure control for viewers)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PROMPT = "Is there anything else you would like to tell us about your area?"


@pytest.fixture
def comment_wave(locality_survey, make_wave):
    return make_wave(locality_survey, accepting_online=True, asks_comment=True)


def _answered(client, wave):
    """A resident who has answered every page and reached "check your answers"; their token."""
    from cohesion.surveys.specs import pages_of, wave_questions

    started = client.post(f"/surveys/take/{wave.public_code}/", {"language": "en"})
    token = re.match(r"^/surveys/answer/([^/]+)/page/1/$", started["Location"]).group(1)
    for number, page in enumerate(pages_of(wave_questions(wave)), start=1):
        answers = {q.code: ("E05009866" if q.is_ward else q.options[0].code) for q in page}
        assert client.post(f"/surveys/answer/{token}/page/{number}/", answers).status_code == 302
    return token


def _comments(wave, texts):
    """Complete responses to ``wave`` carrying these comments."""
    from django.utils import timezone

    from cohesion.surveys.models import Response

    return [
        Response.objects.create(
            wave=wave, mode="paper", status="complete", submitted_at=timezone.now(), comment=text
        )
        for text in texts
    ]


def _theme(wave, label, order=1):
    from cohesion.surveys.models import CommentTheme

    return CommentTheme.objects.create(wave=wave, label=label, order=order)


def _code(response, *themes):
    from cohesion.surveys.models import CommentCoding

    for theme in themes:
        CommentCoding.objects.create(response=response, theme=theme)


# The public form ---------------------------------------------------------------------------


def test_the_check_page_offers_an_optional_comment_box_that_reads_in_either_direction(
    comment_wave,
):
    client = Client()
    token = _answered(client, comment_wave)
    page = client.get(f"/surveys/answer/{token}/check/").content.decode()
    assert PROMPT in page
    box = re.search(r"<textarea[^>]*name=\"comment\"[^>]*>", page).group(0)
    assert 'dir="auto"' in box
    assert 'maxlength="2000"' in box
    assert "(optional)" in page


def test_a_wave_that_does_not_ask_shows_no_comment_box(locality_survey, make_wave):
    wave = make_wave(locality_survey, accepting_online=True)
    client = Client()
    token = _answered(client, wave)
    assert PROMPT not in client.get(f"/surveys/answer/{token}/check/").content.decode()


def test_a_comment_is_saved_with_the_response_without_controls_or_bidi_overrides(comment_wave):
    from cohesion.surveys.models import Response

    client = Client()
    token = _answered(client, comment_wave)
    typed = "  The park\u202e is lovely\u0007 \u200fشكرا\r\nthanks  "
    sent = client.post(f"/surveys/answer/{token}/check/", {"comment": typed})
    assert sent["Location"] == f"/surveys/answer/{token}/done/"
    saved = Response.objects.get(wave=comment_wave)
    assert saved.is_complete
    # The override and the bell go; the right-to-left mark and the line break stay.
    assert saved.comment == "The park is lovely \u200fشكرا\nthanks"


def test_no_comment_is_fine(comment_wave):
    from cohesion.surveys.models import Response

    client = Client()
    token = _answered(client, comment_wave)
    assert (
        client.post(f"/surveys/answer/{token}/check/", {"comment": "  \u200b "}).status_code == 302
    )
    saved = Response.objects.get(wave=comment_wave)
    assert saved.is_complete and saved.comment == ""


def test_a_comment_too_long_is_a_clear_error_and_nothing_is_sent_or_saved(comment_wave):
    from cohesion.surveys.models import Response

    client = Client()
    token = _answered(client, comment_wave)
    page = client.post(f"/surveys/answer/{token}/check/", {"comment": "x" * 2001})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Your comment must be 2000 characters or fewer; it has 2001." in body
    assert 'href="#id_comment"' in body  # the error summary leads to the box
    assert "x" * 2001 in body  # what was typed is kept to shorten
    saved = Response.objects.get(wave=comment_wave)
    assert not saved.is_complete
    assert saved.comment == ""
    # Shortened, it goes through with the answers.
    client.post(f"/surveys/answer/{token}/check/", {"comment": "x" * 2000})
    saved.refresh_from_db()
    assert saved.is_complete and len(saved.comment) == 2000


def test_line_breaks_count_once_as_the_browser_counts_them(comment_wave):
    from cohesion.surveys.models import Response

    client = Client()
    token = _answered(client, comment_wave)
    client.post(f"/surveys/answer/{token}/check/", {"comment": "abc\r\n" * 500})
    saved = Response.objects.get(wave=comment_wave)
    assert saved.is_complete and len(saved.comment) == 1999


def test_a_comment_is_not_saved_when_the_answers_cannot_be_sent(comment_wave):
    """Nothing half-saved: a required answer missing keeps the comment out of the database too."""
    from cohesion.surveys.models import Response

    client = Client()
    token = _answered(client, comment_wave)
    saved = Response.objects.get(wave=comment_wave)
    saved.answers.pop("sex")
    saved.save()
    page = client.post(f"/surveys/answer/{token}/check/", {"comment": "Keep me"})
    assert page.status_code == 200
    assert "Keep me" in page.content.decode()  # shown again, to send once answered
    saved.refresh_from_db()
    assert not saved.is_complete and saved.comment == ""


def test_the_comment_box_speaks_welsh_polish_and_arabic(comment_wave):
    from django.utils import translation

    from cohesion.surveys.public_forms import COMMENT_PROMPT

    for language in ("cy", "pl", "ar"):
        with translation.override(language):
            assert str(COMMENT_PROMPT) != PROMPT, language
    client = Client()
    token = _answered(client, comment_wave)
    welsh = client.get(f"/surveys/answer/{token}/check/?lang=cy").content.decode()
    with translation.override("cy"):
        assert str(COMMENT_PROMPT) in welsh


def test_an_officer_types_in_the_comment_from_a_paper_form(comment_wave, client_for, alice):
    from cohesion.surveys.models import Response
    from cohesion.surveys.specs import wave_questions

    data = {"mode": "paper", "respondent_ref": "P-1", "comment": "Bins\u202e please"}
    for q in wave_questions(comment_wave):
        data[q.code] = "E05009866" if q.is_ward else q.options[0].code
    sent = client_for(alice).post(f"/surveys/waves/{comment_wave.pk}/responses/new/", data)
    assert sent.status_code == 302
    assert Response.objects.get(respondent_ref="P-1").comment == "Bins please"


def test_comments_never_leave_with_the_estimates(comment_wave, client_for, alice):
    _comments(comment_wave, ["Xylophone zebra secret"])
    for address in (
        f"/surveys/waves/{comment_wave.pk}/results.json",
        f"/surveys/waves/{comment_wave.pk}/results.csv",
        f"/surveys/waves/{comment_wave.pk}.json",
        f"/surveys/waves/{comment_wave.pk}/themes.json",
    ):
        assert "Xylophone" not in client_for(alice).get(address).content.decode(), address


# The coding frame and coding ------------------------------------------------------------------


def test_an_officer_adds_renames_and_removes_themes(comment_wave, client_for, alice):
    from cohesion.audit.models import AuditEvent
    from cohesion.surveys.models import CommentTheme

    client = client_for(alice)
    url = f"/surveys/waves/{comment_wave.pk}/themes/"
    assert (
        client.post(url, {"add": "", "new-label": "Litter", "new-description": ""}).status_code
        == 302
    )
    theme = CommentTheme.objects.get(wave=comment_wave)
    assert (theme.label, theme.order, theme.created_by) == ("Litter", 1, alice)
    renamed = client.post(
        url,
        {
            "save": "",
            "theme": theme.pk,
            f"t{theme.pk}-label": "Litter and bins",
            f"t{theme.pk}-order": "2",
        },
    )
    assert renamed.status_code == 302
    theme.refresh_from_db()
    assert (theme.label, theme.order) == ("Litter and bins", 2)
    [response] = _comments(comment_wave, ["Bins"])
    _code(response, theme)
    assert client.post(url, {"remove": "", "theme": theme.pk}).status_code == 302
    assert not CommentTheme.objects.filter(wave=comment_wave).exists()
    assert response.codings.count() == 0
    response.refresh_from_db()
    assert response.comment == "Bins"  # the comment itself is kept
    removed = AuditEvent.objects.get(action="delete", object_type="surveys.CommentTheme")
    assert removed.changes == {"label": "Litter and bins", "codings_removed": 1}


def test_a_theme_name_used_twice_is_refused_with_a_message(comment_wave, client_for, alice):
    from cohesion.surveys.models import CommentTheme

    _theme(comment_wave, "Litter")
    page = client_for(alice).post(
        f"/surveys/waves/{comment_wave.pk}/themes/", {"add": "", "new-label": "litter"}
    )
    assert page.status_code == 400
    assert "This wave already has a theme called “litter”." in page.content.decode()
    assert CommentTheme.objects.filter(wave=comment_wave).count() == 1


def test_an_officer_codes_a_comment_and_can_take_a_theme_off_again(comment_wave, client_for, alice):
    from cohesion.audit.models import AuditEvent

    litter, safety = _theme(comment_wave, "Litter"), _theme(comment_wave, "Safety", 2)
    [response] = _comments(comment_wave, ["Bins and dark lanes"])
    client = client_for(alice)
    url = f"/surveys/waves/{comment_wave.pk}/comments/?theme=uncoded&page=1"
    prefix = f"c{response.pk}"
    sent = client.post(url, {"response": response.pk, f"{prefix}-themes": [litter.pk, safety.pk]})
    assert sent["Location"].endswith(f"?theme=uncoded&page=1#comment-{response.pk}")
    assert set(response.codings.values_list("theme__label", flat=True)) == {"Litter", "Safety"}
    assert all(c.coded_by == alice for c in response.codings.all())
    client.post(url, {"response": response.pk, f"{prefix}-themes": [safety.pk]})
    assert list(response.codings.values_list("theme__label", flat=True)) == ["Safety"]
    event = (
        AuditEvent.objects.filter(action="update", object_type="surveys.Response")
        .order_by("pk")
        .last()
    )
    assert event.changes == {"themes": {"added": [], "removed": ["Litter"]}}


def test_a_theme_of_another_wave_cannot_code_a_comment(
    comment_wave, locality_survey, make_wave, client_for, alice
):
    other = _theme(make_wave(locality_survey, name="March 2022"), "Elsewhere")
    [response] = _comments(comment_wave, ["Bins"])
    client_for(alice).post(
        f"/surveys/waves/{comment_wave.pk}/comments/",
        {"response": response.pk, f"c{response.pk}-themes": [other.pk]},
    )
    assert response.codings.count() == 0


def test_the_comments_page_filters_by_theme_and_uncoded_and_pages_by_fifty(
    comment_wave, client_for, alice
):
    litter = _theme(comment_wave, "Litter")
    made = _comments(comment_wave, [f"Comment number {i}" for i in range(60)])
    for response in made[:3]:
        _code(response, litter)
    client = client_for(alice)
    url = f"/surveys/waves/{comment_wave.pk}/comments/"
    first = client.get(url).content.decode()
    assert first.count('class="govuk-summary-card"') == 50
    assert "60 found" in first
    assert client.get(url + "?page=2").content.decode().count('class="govuk-summary-card"') == 10
    coded = client.get(f"{url}?theme={litter.pk}").content.decode()
    assert "3 found" in coded and "Comment number 0" in coded
    assert "57 found" in client.get(f"{url}?theme=uncoded").content.decode()
    assert "1 found" in client.get(f"{url}?words=number+42").content.decode()


def test_the_comments_page_costs_the_same_queries_for_many_comments(
    comment_wave, client_for, alice, django_assert_max_num_queries
):
    litter = _theme(comment_wave, "Litter")
    for response in _comments(comment_wave, [f"Comment {i}" for i in range(40)]):
        _code(response, litter)
    client = client_for(alice)
    with django_assert_max_num_queries(30):
        assert client.get(f"/surveys/waves/{comment_wave.pk}/comments/").status_code == 200


def test_a_comment_of_one_long_word_wraps_instead_of_widening_the_page(
    comment_wave, client_for, alice
):
    # A pasted address or a key held down: on a phone, the page must not scroll sideways.
    (response,) = _comments(comment_wave, ["https://example.org/" + "a" * 1500])
    page = client_for(alice).get(f"/surveys/waves/{comment_wave.pk}/comments/").content.decode()
    shown = re.search(
        rf'<li id="comment-{response.pk}">.*?<div class="([^"]*)"[^>]*>https://example\.org/a+',
        page,
        re.S,
    )
    assert shown is not None
    assert "cohesion-user-text" in shown.group(1).split()


def test_viewing_the_comments_is_audited_with_the_comments_shown(comment_wave, client_for, nadia):
    from cohesion.audit.models import AuditEvent

    shown = _comments(comment_wave, ["One", "Two"])
    client_for(nadia).get(f"/surveys/waves/{comment_wave.pk}/comments/")
    event = AuditEvent.objects.get(action="view", object_type="surveys.Wave")
    assert event.actor.username == "nadia"
    assert sorted(event.changes["comments"]) == sorted(r.pk for r in shown)
    assert event.object_repr.startswith("Comments on")


# Theme counts --------------------------------------------------------------------------------


def _counted_wave(comment_wave):
    """Ten comments: six coded Litter, two Safety (one of them Litter too), two not coded."""
    litter, safety = _theme(comment_wave, "Litter"), _theme(comment_wave, "Safety", 2)
    made = _comments(comment_wave, [f"Comment {i}" for i in range(10)])
    for response in made[:6]:
        _code(response, litter)
    _code(made[5], safety)
    _code(made[6], safety)
    return comment_wave


def test_officers_see_exact_theme_counts_and_shares(comment_wave, client_for, alice):
    from cohesion.surveys.comments import theme_table

    table = theme_table(_counted_wave(comment_wave), exact=True)
    assert (table.comments, table.coded, table.uncoded) == (10, 7, 3)
    assert [(r.label, r.count, r.share) for r in table.rows] == [
        ("Litter", 6, 86),
        ("Safety", 2, 29),
    ]
    page = client_for(alice).get(f"/surveys/waves/{comment_wave.pk}/themes/").content.decode()
    assert re.search(r"Safety</th><td[^>]*>2</td><td[^>]*>29%</td>", page)


def test_a_theme_of_two_comments_is_hidden_from_a_viewer(comment_wave, client_for, amir):
    """Disclosure control: 2 is below the survey's threshold (5); 6 of 7 coded is shown."""
    wave = _counted_wave(comment_wave)
    data = client_for(amir).get(f"/surveys/waves/{wave.pk}/themes.json").json()
    rows = {t["theme"]: t for t in data["themes"]}
    assert rows["Safety"]["comments"] is None and rows["Safety"]["suppressed"]
    assert rows["Safety"]["share_of_coded_percent"] is None
    assert rows["Litter"]["comments"] == 6 and rows["Litter"]["share_of_coded_percent"] == 86
    assert data["coded"] == 7
    assert data["exact"] is False and "hidden" in data["disclosure_rule"]
    # How many are not coded yet (3) is for those who read the comments.
    assert data["uncoded"] is None and data["comments"] is None
    page = client_for(amir).get(f"/surveys/waves/{wave.pk}/themes/").content.decode()
    assert "too few to show" in page and "7 coded comments." in page
    results = client_for(amir).get(f"/surveys/waves/{wave.pk}/results/").content.decode()
    assert "Themes in residents" in results and "too few to show" in results


def test_a_ward_councillor_sees_the_same_protected_table(comment_wave, client_for, cllr_hussain):
    wave = _counted_wave(comment_wave)
    data = client_for(cllr_hussain).get(f"/surveys/waves/{wave.pk}/themes.csv").content.decode()
    assert "Safety,,,,True" in data.splitlines()


def test_with_as_few_coded_comments_as_the_threshold_the_coded_count_is_hidden_too(
    comment_wave, client_for, amir
):
    from cohesion.surveys.comments import theme_table

    litter, safety = _theme(comment_wave, "Litter"), _theme(comment_wave, "Safety", 2)
    made = _comments(comment_wave, [f"Comment {i}" for i in range(5)])
    for response in made:
        _code(response, litter)
    _code(made[0], safety)
    _code(made[1], safety)
    # Shown, 5 coded would pin Safety between 1 and 5.
    table = theme_table(comment_wave, exact=False)
    assert table.coded is None
    assert table.rows[1].count is None


def test_when_each_comment_has_one_theme_a_hidden_count_cannot_be_worked_out_from_the_total(
    comment_wave,
):
    from cohesion.surveys.comments import theme_table

    litter, safety = _theme(comment_wave, "Litter"), _theme(comment_wave, "Safety", 2)
    made = _comments(comment_wave, [f"Comment {i}" for i in range(8)])
    for response in made[:6]:
        _code(response, litter)
    for response in made[6:]:
        _code(response, safety)
    table = theme_table(comment_wave, exact=False)
    # Safety (2) is small; Litter (6) would give it away as 8 - 6, so it is hidden too.
    assert table.coded == 8
    assert [(r.label, r.count) for r in table.rows] == [("Litter", None), ("Safety", None)]
    assert theme_table(comment_wave, exact=True).rows[1].count == 2


def test_the_theme_twins_carry_the_same_table(comment_wave, client_for, alice):
    wave = _counted_wave(comment_wave)
    client = client_for(alice)
    csv = client.get(f"/surveys/waves/{wave.pk}/themes.csv")
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert lines[0] == "theme,description,comments,share_of_coded_percent,suppressed"
    assert lines[1:] == ["Litter,,6,86,False", "Safety,,2,29,False"]
    data = client.get(f"/surveys/waves/{wave.pk}/themes.json").json()
    assert data["wave"]["id"] == wave.pk
    assert [(t["theme"], t["comments"]) for t in data["themes"]] == [("Litter", 6), ("Safety", 2)]
    assert (
        client.get(f"/surveys/waves/{wave.pk}/results.json").json()["comment_themes"]["coded"] == 7
    )


def test_the_results_page_shows_the_theme_table(comment_wave, client_for, alice):
    wave = _counted_wave(comment_wave)
    page = client_for(alice).get(f"/surveys/waves/{wave.pk}/results/").content.decode()
    assert 'id="results-theme-table"' in page
    assert "cohesion-table-scroll" in page.split('id="comment-themes"')[1]


# The demo --------------------------------------------------------------------------------------


def test_synthetic_comments_are_labelled_and_partly_coded(filled_wave):
    import numpy as np

    from cohesion.surveys.comments import theme_table
    from cohesion.surveys.synthetic import SYNTHETIC_COMMENT_LABEL, add_synthetic_comments

    added = add_synthetic_comments(filled_wave, np.random.default_rng(3))
    filled_wave.refresh_from_db()
    assert filled_wave.asks_comment
    assert 10 <= added <= 45  # about 15% of 160
    comments = filled_wave.responses.exclude(comment="")
    assert comments.count() == added
    assert all(
        c.startswith(SYNTHETIC_COMMENT_LABEL) for c in comments.values_list("comment", flat=True)
    )
    table = theme_table(filled_wave, exact=True)
    assert len(table.rows) == 5
    assert 0 < table.coded < added
    assert add_synthetic_comments(filled_wave, np.random.default_rng(3)) == 0  # once only
