"""Importing responses from CSV and XLSX: column matching, row-level problems, and nothing imported until all is well."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

HEADINGS = [
    "ref",
    "get_on_well_local",
    "safe_day",
    "age_band",
    "sex",
    "ward",
    "ethnic_group",
    "tenure",
]
GOOD_ROWS = [
    ["R1", "Definitely agree", "very_safe", "16-24", "female", "Newport", "white", "social_rented"],
    [
        "R2",
        "2",
        "4",
        "75+",
        "Male",
        "E05009867",
        "Asian, Asian British or Asian Welsh",
        "owned_outright",
    ],
    [
        "R3",
        "",
        "Fairly safe",
        "45-54",
        "prefer_not_to_say",
        "north ormesby",
        "white",
        "private_rented",
    ],
]


def _csv(rows, headings=HEADINGS, delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headings)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _xlsx(rows, headings=HEADINGS):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for row in rows:
        sheet.append([int(v) if v.isdigit() else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def wave(locality_survey, make_wave):
    return make_wave(locality_survey)


def _batch(wave, content, filename="responses.csv"):
    from cohesion.surveys.importing import start_batch

    return start_batch(wave, filename, content, mode="paper")


def test_columns_named_after_questions_are_matched_and_a_clean_file_imports(wave):
    from cohesion.surveys.importing import check_batch, import_batch
    from cohesion.surveys.models import Response

    batch = _batch(wave, _csv(GOOD_ROWS))
    assert batch.mapping == {h: ("respondent_ref" if h == "ref" else h) for h in HEADINGS}
    check_batch(batch)
    assert batch.status == "ready", batch.problems
    assert import_batch(batch) == 3
    saved = {r.respondent_ref: r for r in Response.objects.filter(wave=wave)}
    assert saved["R1"].answers["get_on_well_local"] == "definitely_agree"
    assert saved["R2"].answers["get_on_well_local"] == "tend_to_agree"  # "2": second on the scale
    assert saved["R2"].answers["safe_day"] == "very_unsafe"
    assert saved["R2"].ethnic_group == "asian"
    assert saved["R3"].ward.code == "E05009867"
    assert "get_on_well_local" not in saved["R3"].answers
    assert saved["R3"].sex == "prefer_not_to_say"
    assert all(r.status == "complete" and r.mode == "paper" for r in saved.values())
    batch.refresh_from_db()
    assert batch.content in (b"", memoryview(b""))  # the file is not kept once imported


def test_every_bad_row_is_listed_and_nothing_is_imported(wave):
    from cohesion.surveys.importing import check_batch, import_batch
    from cohesion.surveys.models import Response

    rows = [
        *GOOD_ROWS,
        [
            "R4",
            "Definitely agree",
            "very_safe",
            "16-24",
            "female",
            "Gotham",
            "white",
            "social_rented",
        ],
        ["R5", "8", "very_safe", "16-24", "female", "Newport", "white", "social_rented"],
        ["R6", "maybe", "very_safe", "16-24", "female", "Newport", "white", "social_rented"],
        ["R1", "Tend to agree", "very_safe", "25-34", "male", "Newport", "white", "social_rented"],
        ["R8", "Tend to agree", "very_safe", "25-34", "", "Newport", "white", "social_rented"],
        ["R9", "Tend to agree", "very_safe", "15", "male", "Newport", "white", "social_rented"],
    ]
    batch = check_batch(_batch(wave, _csv(rows)))
    assert batch.status == "has_errors"
    found = {(p["row"], p["column"]): p["message"] for p in batch.problems}
    assert found[(4, "ward")].startswith("Unknown ward")
    assert found[(5, "get_on_well_local")].startswith("Out of range")
    assert found[(6, "get_on_well_local")].startswith("Out of range")
    assert found[(7, "ref")] == "Duplicate: the same reference as row 1."
    assert found[(8, "sex")] == "Missing required demographic: What is your sex?"
    assert found[(9, "age_band")].startswith("Out of range")
    assert len(batch.problems) == 6
    assert import_batch(batch) == 0
    assert not Response.objects.filter(wave=wave).exists()


def test_a_response_already_in_the_wave_is_a_duplicate(wave):
    from cohesion.surveys.importing import check_batch, import_batch

    assert import_batch(check_batch(_batch(wave, _csv(GOOD_ROWS)))) == 3
    again = check_batch(_batch(wave, _csv(GOOD_ROWS[:1])))
    assert (
        again.problems[0]["message"]
        == "Duplicate: a response with this reference is already in the wave."
    )


def test_a_file_without_a_respondent_reference_or_a_required_question_cannot_be_checked(wave):
    from cohesion.surveys.importing import check_batch

    headings = ["get_on_well_local", "age_band", "sex", "ward", "ethnic_group"]
    batch = check_batch(_batch(wave, _csv([["1", "16-24", "male", "Newport", "white"]], headings)))
    messages = [p["message"] for p in batch.problems]
    assert any("Respondent reference" in m for m in messages)
    assert any("required question tenure" in m for m in messages)
    assert all(p["row"] == 0 for p in batch.problems)


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("responses.pdf", b"%PDF", "Upload a .csv or .xlsx file."),
        ("responses.csv", b"", "The file is empty."),
        ("responses.csv", b"ref,ref\n1,2\n", "These headings appear more than once: ref."),
        ("responses.csv", b"ref,safe_day\n", "The file has headings but no rows of responses."),
        (
            "responses.csv",
            b"ref,,safe_day\n1,2,3\n",
            "Column(s) 2 have no heading in the first row.",
        ),
        ("responses.xlsx", b"not a workbook", "could not be opened as an Excel workbook"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_plain_reason(
    wave, filename, content, message
):
    from cohesion.surveys.importing import ImportFileError

    with pytest.raises(
        ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")
    ):
        _batch(wave, content, filename)


def test_semicolon_separated_csv_from_a_spreadsheet_is_read(wave):
    from cohesion.surveys.importing import read_table

    table = read_table("r.csv", _csv(GOOD_ROWS, delimiter=";"))
    assert table.columns == HEADINGS
    assert table.rows[1][5] == "E05009867"


def test_an_officer_uploads_an_xlsx_matches_a_column_and_imports_through_the_pages(
    wave, client_for, alice
):
    from cohesion.surveys.models import ImportBatch, Response

    headings = ["Serial", "Q1 people get on", *HEADINGS[2:]]
    client = client_for(alice)
    upload = SimpleUploadedFile(
        "door-step.xlsx",
        _xlsx(GOOD_ROWS, headings),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response = client.post(
        f"/surveys/waves/{wave.pk}/import/", {"file": upload, "mode": "doorstep"}
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.mapping["Q1 people get on"] == ""
    page = client.get(response["Location"]).content.decode()
    assert "Match each column to a question" in page
    mapping = {f"column_{i}": batch.mapping[h] for i, h in enumerate(headings)}
    mapping["column_0"] = "respondent_ref"
    mapping["column_1"] = "get_on_well_local"
    client.post(response["Location"], mapping)
    batch.refresh_from_db()
    assert batch.status == "ready", batch.problems
    assert "ready to import" in client.get(response["Location"]).content.decode()
    done = client.post(response["Location"], {"import": "1"})
    assert done.status_code == 302
    assert Response.objects.filter(wave=wave, mode="doorstep").count() == 3
    assert Response.objects.get(respondent_ref="R2").answers["get_on_well_local"] == "tend_to_agree"


def test_the_problems_page_lists_rows_and_offers_no_import_button(wave, client_for, alice):
    rows = [["R1", "9", "very_safe", "16-24", "female", "Gotham", "white", "social_rented"]]
    client = client_for(alice)
    upload = SimpleUploadedFile("bad.csv", _csv(rows), content_type="text/csv")
    location = client.post(f"/surveys/waves/{wave.pk}/import/", {"file": upload, "mode": "paper"})[
        "Location"
    ]
    from cohesion.surveys.models import ImportBatch

    batch = ImportBatch.objects.get()
    client.post(location, {f"column_{i}": batch.mapping[h] for i, h in enumerate(HEADINGS)})
    body = client.get(location).content.decode()
    assert 'id="import-problems"' in body
    assert "Unknown ward" in body and "Gotham" in body
    assert 'name="import"' not in body
    refused = client.post(location, {"import": "1"})
    assert refused.status_code == 302
    from cohesion.surveys.models import Response

    assert not Response.objects.exists()


@pytest.mark.parametrize("answer", ["-1", "-2", "-3", "(1)", "1.", "+2", "2)", "#1"])
def test_punctuation_around_a_number_is_not_an_answer(wave, answer):
    """Trust item 15: ``-1``, ``-2``, ``-3``, ``(1)`` and ``1.`` were read as answers 1, 2, 3."""
    from cohesion.surveys.importing import check_batch

    row = list(GOOD_ROWS[0])
    row[1] = answer
    batch = check_batch(_batch(wave, _csv([row])))
    assert batch.status == "has_errors"
    assert [p["message"][:13] for p in batch.problems] == ["Out of range:"]
    assert batch.problems[0]["value"] == answer


def test_a_respondent_reference_longer_than_the_field_is_a_row_problem(wave):
    """Trust item 15: the reference's length was not checked, so the import failed at the database."""
    from cohesion.surveys.importing import check_batch

    row = list(GOOD_ROWS[0])
    row[0] = "R" * 101
    batch = check_batch(_batch(wave, _csv([row])))
    assert batch.status == "has_errors"
    assert "longer than 100 characters" in batch.problems[0]["message"]


@pytest.mark.parametrize(
    ("reference", "lookalike"),
    [
        ("R1", "r1"),  # case
        ("R1", " R1 "),  # spaces
        ("R1", "R\u200b1"),  # a zero-width space
        ("R1", "\uff321"),  # a full-width R
        ("P-0042", "\u0420-0042"),  # Cyrillic Er, drawn as P
        ("ABC-7", "\u0410\u0412\u0421-7"),  # Cyrillic A, Ve and Es
        ("KO-1", "\u039a\u039f-1"),  # Greek Kappa and Omicron
    ],
)
def test_references_that_look_the_same_are_the_same_respondent(wave, reference, lookalike):
    """Trust item 15: look-alike references were treated as different people."""
    from cohesion.surveys.importing import check_batch, import_batch

    first = [reference, *GOOD_ROWS[0][1:]]
    row = [lookalike, *GOOD_ROWS[1][1:]]
    in_file = check_batch(_batch(wave, _csv([first, row])))
    assert [p["message"] for p in in_file.problems] == ["Duplicate: the same reference as row 1."]

    assert import_batch(check_batch(_batch(wave, _csv([first])))) == 1
    again = check_batch(_batch(wave, _csv([row])))
    assert [p["message"] for p in again.problems] == [
        "Duplicate: a response with this reference is already in the wave."
    ]


def test_a_small_workbook_declaring_a_huge_sheet_is_refused_on_the_survey_import_page(
    wave, client_for, alice
):
    """Trust item 14: the survey import reads through the same limits as every import."""
    from cohesion.core.tests.test_tables import SHEET_HEAD, _wide_rows, _workbook_with_sheet_xml
    from cohesion.surveys.models import ImportBatch

    sheet = (
        SHEET_HEAD
        + '<dimension ref="A1:XFD3000"/><sheetData>'
        + _wide_rows(2, 16_384)
        + "</sheetData></worksheet>"
    )
    upload = SimpleUploadedFile("responses.xlsx", _workbook_with_sheet_xml(sheet))
    response = client_for(alice).post(
        f"/surveys/waves/{wave.pk}/import/", {"file": upload, "mode": "paper"}
    )
    assert response.status_code == 400
    assert "16,384 columns" in response.content.decode()
    assert not ImportBatch.objects.exists()
