"""A council's own figures: every bad row is reported and nothing is imported until the officer chooses."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from cohesion.indicators.imports import AreaInfo, UploadError, check_rows, parse_period, read_table
from cohesion.indicators.models import Dataset, IndicatorValue, Upload

NEWPORT = "E05009866"
NORTH_ORMESBY = "E05009867"
ACKLAM = "E05009853"
MIDDLESBROUGH = "E06000002"
KNOWN = {
    NEWPORT: AreaInfo("ward", MIDDLESBROUGH, NEWPORT),
    NORTH_ORMESBY: AreaInfo("ward", MIDDLESBROUGH, NORTH_ORMESBY),
    "E06000005": AreaInfo("council", "E06000005", None),
}


def _check(text: str, held=None, may=lambda info: info.council == MIDDLESBROUGH):
    rows = read_table("figures.csv", text.encode())
    return check_rows(
        rows,
        area_info=lambda codes: {c: KNOWN[c] for c in codes if c in KNOWN},
        may_act_in=may,
        held_periods=held or {},
    )


def _errors(checked):
    return {row["line"]: " ".join(row["errors"]) for row in checked if row["errors"]}


def test_a_clean_file_gives_rows_with_no_errors():
    checked = _check(f"area_code,period,value\n{NEWPORT},2024,12\n{NORTH_ORMESBY},2024/25,3.5%\n")
    assert _errors(checked) == {}
    assert checked[0]["period_start"] == "2024-01-01" and checked[0]["value"] == 12.0
    assert (checked[1]["period_start"], checked[1]["period_end"]) == ("2024-04-01", "2025-03-31")
    assert checked[1]["value"] == 3.5


def test_each_kind_of_bad_row_is_reported_on_its_own_line():
    checked = _check(
        "Area Code,Period,Value\n"
        "E05999999,2024,1\n"  # line 2: unknown code
        f"{NEWPORT},2024,lots\n"  # line 3: text in a numeric column
        f"{NORTH_ORMESBY},2024-06,4\n"  # line 4: duplicate of line 5
        f"{NORTH_ORMESBY},2024-06,5\n"
        f"{NEWPORT},sometime,5\n"  # line 6: unreadable period
        "E06000005,2024,5\n"  # line 7: another council's area
        f"{NEWPORT},2023,\n",  # line 8: no value
        held={NEWPORT: [(dt.date(2023, 6, 1), dt.date(2023, 6, 30))]},
    )
    errors = _errors(checked)
    assert "Unknown area code E05999999" in errors[2]
    assert "'lots' is not a number" in errors[3]
    assert "more than once" in errors[4] and "more than once" in errors[5]
    assert "not a year, month or date" in errors[6]
    assert "outside the areas you may add figures for" in errors[7]
    assert "No value" in errors[8]
    assert "overlapping period (2023-06-01 to 2023-06-30)" in errors[8]


def test_a_period_overlapping_one_already_held_is_an_error():
    checked = _check(
        f"area_code,period_start,period_end,value\n{NEWPORT},2024-01-01,2024-03-31,1\n",
        held={NEWPORT: [(dt.date(2024, 3, 1), dt.date(2024, 3, 31))]},
    )
    assert "already held for an overlapping period" in _errors(checked)[2]


def test_a_file_without_the_needed_columns_is_refused_as_a_whole():
    with pytest.raises(UploadError, match="area code column"):
        _check("ward,year,count\nx,2024,1\n")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("figures.csv", b"", "empty"),
        ("figures.pdf", b"%PDF", "CSV"),
        ("figures.csv", b"area_code,period,value\n", "no data"),
        ("figures.xlsx", b"not a workbook", "could not be opened"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_plain_message(name, content, message):
    with pytest.raises(UploadError, match=message):
        read_table(name, content)


def test_a_spreadsheet_is_read_like_a_csv():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Area code", "Period", "Value"])
    sheet.append([NEWPORT, dt.datetime(2024, 6, 30), 7])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = read_table("figures.xlsx", buffer.getvalue())
    assert rows == [{"area code": NEWPORT, "period": "2024-06-30", "value": "7"}]


def test_periods_are_read_in_the_forms_councils_use():
    assert parse_period("2024") == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert parse_period("2023/24") == (dt.date(2023, 4, 1), dt.date(2024, 3, 31))
    assert parse_period("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert parse_period("31/03/2024") == (dt.date(2024, 3, 31), dt.date(2024, 3, 31))


# --- through the pages -------------------------------------------------------------------


def _upload(client, text: str, name: str = "esol.csv", title: str = "ESOL learners", **extra):
    from cohesion.accounts.models import Organisation

    organisation = Organisation.objects.get(name=extra.pop("organisation", "Middlesbrough Council"))
    return client.post(
        "/indicators/import/",
        {
            "organisation": organisation.pk,
            "file": SimpleUploadedFile(name, text.encode(), content_type="text/csv"),
            "title": title,
            "unit": "count",
            "polarity": "neutral",
            **extra,
        },
    )


@pytest.mark.django_db
def test_an_officer_sees_row_errors_and_nothing_is_imported_until_they_choose(alice, client_for):
    client = client_for(alice)
    response = _upload(
        client, f"area_code,period,value\n{NEWPORT},2024,12\nE05999999,2024,3\n{ACKLAM},2024,x\n"
    )
    assert response.status_code == 302
    upload = Upload.objects.get()
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Unknown area code E05999999" in page
    assert "&#x27;x&#x27; is not a number" in page
    assert not IndicatorValue.objects.filter(indicator__code__startswith="local-").exists()

    refused = client.post(upload.get_absolute_url(), {"decision": "import_all"})
    assert refused.status_code == 200
    assert "Some rows have errors" in refused.content.decode()
    assert not IndicatorValue.objects.filter(indicator__code__startswith="local-").exists()

    accepted = client.post(upload.get_absolute_url(), {"decision": "import_clean"})
    assert accepted.status_code == 302
    stored = IndicatorValue.objects.get(indicator__code="local-middlesbrough-council-esol-learners")
    assert (stored.area_code, stored.value, stored.period_start) == (
        NEWPORT,
        12.0,
        dt.date(2024, 1, 1),
    )
    upload.refresh_from_db()
    assert upload.status == "imported" and upload.imported_rows == 1
    dataset = Dataset.objects.get(kind="upload")
    assert dataset.organisation.name == "Middlesbrough Council" and dataset.values_count == 1


@pytest.mark.django_db
def test_uploading_the_same_periods_again_is_an_overlap_error(alice, client_for):
    client = client_for(alice)
    first = _upload(client, f"area_code,period,value\n{NEWPORT},2024,12\n")
    client.post(first["Location"], {"decision": "import_all"})
    second = _upload(client, f"area_code,period,value\n{NEWPORT},2024-06,4\n")
    page = client.get(second["Location"]).content.decode()
    assert "already held for an overlapping period" in page


@pytest.mark.django_db
def test_a_neighbourhood_manager_may_add_figures_only_for_her_wards(nadia, client_for):
    client = client_for(nadia)
    response = _upload(
        client,
        f"area_code,period,value\n{NEWPORT},2024,1\n{ACKLAM},2024,2\n{MIDDLESBROUGH},2024,3\n",
    )
    rows = {r["area_code"]: r["errors"] for r in Upload.objects.get().rows}
    assert rows[NEWPORT] == []
    assert "outside the areas" in rows[ACKLAM][0]
    assert "outside the areas" in rows[MIDDLESBROUGH][0]
    assert response.status_code == 302


@pytest.mark.django_db
def test_discarding_an_upload_imports_nothing(alice, client_for):
    client = client_for(alice)
    response = _upload(client, f"area_code,period,value\n{NEWPORT},2024,12\n")
    client.post(response["Location"], {"decision": "discard"})
    assert Upload.objects.get().status == "discarded"
    assert not IndicatorValue.objects.filter(indicator__code__startswith="local-").exists()


@pytest.mark.django_db
def test_a_file_of_the_wrong_kind_is_refused_on_the_form(alice, client_for):
    response = _upload(client_for(alice), "hello", name="notes.txt")
    assert response.status_code == 400  # a refused write: the form again, with 400
    assert "Upload a CSV (.csv) or Excel workbook (.xlsx)" in response.content.decode()
    assert not Upload.objects.exists()


@pytest.mark.parametrize(
    ("text", "number"),
    [("1,234", 1234.0), ("1,234,567.5", 1234567.5), ("-3.5", -3.5), ("12%", 12.0), (".5", 0.5)],
)
def test_thousands_separators_are_read_in_their_places(text, number):
    """Trust item 15: commas are thousands separators only where thousands are."""
    from cohesion.indicators.imports import parse_number

    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["1,2,3", "12,34", "1,23", "1_000", "1e5", "nan", "inf", "(5)"])
def test_a_value_with_commas_out_of_place_is_not_a_number(text):
    """Trust item 15: ``1,2,3`` was imported as 123."""
    (row,) = _check(f'area_code,period,value\n{NEWPORT},2024,"{text}"\n')
    assert row["value"] is None
    assert row["errors"] == [f"The value {text!r} is not a number."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("عدد المتطوعين", "عدد المتعلمين"),  # Arabic titles slugify to nothing
        (
            "Residents attending ESOL classes per 1,000 adults in the ward, quarterly, Q1 2024",
            "Residents attending ESOL classes per 1,000 adults in the ward, quarterly, Q2 2024",
        ),
    ],
)
def test_two_new_indicators_with_different_titles_never_share_a_code(
    alice, client_for, first, second
):
    """Trust item 15: new indicators with Arabic or long shared-prefix titles merged into one code."""
    from cohesion.indicators.models import Indicator

    client = client_for(alice)
    for title, period in ((first, "2023"), (second, "2024")):
        response = _upload(client, f"area_code,period,value\n{NEWPORT},{period},5\n", title=title)
        assert response.status_code == 302
        upload = Upload.objects.get(indicator_title=title)
        assert client.post(response["Location"], {"decision": "import_all"}).status_code == 302
    codes = {
        Upload.objects.get(indicator_title=first).indicator_code,
        Upload.objects.get(indicator_title=second).indicator_code,
    }
    assert len(codes) == 2
    assert all(len(code) <= 80 for code in codes)
    titles = set(Indicator.objects.filter(code__in=codes).values_list("title", flat=True))
    assert titles == {first, second}
    assert upload.indicator_code.startswith("local-middlesbrough-council-")


@pytest.mark.django_db
def test_a_new_indicator_never_silently_joins_another_title_with_the_same_plain_code(
    alice, client_for
):
    """Trust item 15: a title whose plain code is taken by another title gets a code of its own."""
    from cohesion.indicators.models import Indicator

    Indicator.objects.create(
        code="local-middlesbrough-council-esol-learners",
        title="ESOL learners!",
        definition="Held already.",
        unit="count",
    )
    response = _upload(client_for(alice), f"area_code,period,value\n{NEWPORT},2024,5\n")
    assert response.status_code == 302
    upload = Upload.objects.get()
    assert upload.indicator is None
    assert upload.indicator_code.startswith("local-middlesbrough-council-esol-learners-")
