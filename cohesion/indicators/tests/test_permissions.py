"""Who may upload and import a council's own figures: every persona, the status each must get.

Objects: an upload made by alice for Middlesbrough Council. Officers and above of
Middlesbrough (alice, nadia, erin) may see and act on it; Middlesbrough's viewers
(amir, cllr.hussain), the police, the reporting centre and Darlington's officer
get 404 for it. Any council officer (including dave, for Darlington) may open the form.
"""

import pytest

from cohesion.accounts.models import Organisation
from cohesion.indicators.models import Upload
from cohesion.testing.matrix import ALL_PERSONAS, ANONYMOUS, Case, check_case

SIGN_IN_FIRST = {ANONYMOUS: 302}
MIDDLESBROUGH_OFFICERS = ("alice", "nadia", "erin")


def _upload_url(objects):
    return f"/indicators/import/{objects['upload'].pk}/"


CASES = [
    Case(
        "upload form",
        "/indicators/import/",
        {**SIGN_IN_FIRST, **dict.fromkeys((*MIDDLESBROUGH_OFFICERS, "dave"), 200)},
        default=403,
    ),
    Case(
        "upload preview",
        _upload_url,
        {**SIGN_IN_FIRST, **dict.fromkeys(MIDDLESBROUGH_OFFICERS, 200)},
    ),
    Case(
        "discard an upload",
        _upload_url,
        {**SIGN_IN_FIRST, **dict.fromkeys(MIDDLESBROUGH_OFFICERS, 302)},
        method="post",
        data={"decision": "discard"},
    ),
    Case(
        "import an upload",
        _upload_url,
        {**SIGN_IN_FIRST, **dict.fromkeys(MIDDLESBROUGH_OFFICERS, 302)},
        method="post",
        data={"decision": "import_all"},
    ),
]


@pytest.fixture
def objects(alice):
    upload = Upload.objects.create(
        organisation=Organisation.objects.get(name="Middlesbrough Council"),
        uploaded_by=alice,
        file_name="esol.csv",
        sha256="0" * 64,
        indicator_code="local-middlesbrough-council-esol",
        indicator_title="ESOL learners",
        unit="count",
        polarity="neutral",
        rows=[
            {
                "line": 2,
                "area_code": "E05009866",
                "area_level": "ward",
                "period_start": "2024-01-01",
                "period_end": "2024-12-31",
                "value": 12.0,
                "raw_value": "12",
                "errors": [],
            }
        ],
    )
    return {"upload": upload}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_upload_pages_answer_each_persona_as_the_matrix_says(case, persona, objects, client_for):
    from django.contrib.auth import get_user_model

    user = None if persona == ANONYMOUS else get_user_model().objects.get(username=persona)
    check_case(case, persona, client_for(user), objects)


@pytest.mark.django_db
def test_a_viewer_cannot_import_even_with_the_address(amir, objects, client_for):
    response = client_for(amir).post(_upload_url(objects), {"decision": "import_all"})
    assert response.status_code == 404
    objects["upload"].refresh_from_db()
    assert objects["upload"].status == "pending"
