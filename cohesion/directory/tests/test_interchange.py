"""Importing and exporting the directory: Open Referral UK feeds and the HSDS tabular CSV package."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from cohesion.accounts.personas import MIDDLESBROUGH
from cohesion.directory import models as m
from cohesion.directory.choices import PublicationState
from cohesion.directory.demo import create_demo_directory
from cohesion.directory.interchange import (
    SCHEMA,
    ImportFailed,
    feed_services,
    import_feed,
    import_package,
    write_feed,
    write_package,
)
from cohesion.directory.openreferral.validation import COMPILED, problems
from cohesion.testing.statistics import columns_with_statistics, planner_row_count

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationState.PUBLISHED


@pytest.fixture
def directory(db: None) -> None:
    create_demo_directory(say=lambda _message: None)


def wipe_directory() -> None:
    for model in (m.Attribute, m.ServiceAtLocation, m.Service, m.Location, m.Organisation):
        model.objects.all().delete()


def api_services(client: Client) -> dict[str, dict[str, Any]]:
    out = {}
    for service in m.Service.objects.filter(state=PUBLISHED):
        record = client.get(f"/openreferral/services/{service.id}").json()
        record.pop("last_modified", None)
        out[record["id"]] = record
    return out


def test_the_kept_schema_is_the_uk_profiles_own(shared_data: Path) -> None:
    assert json.loads(SCHEMA.read_text()) == json.loads(
        (shared_data / COMPILED / "service.json").read_text()
    )


def test_an_exported_feed_imports_back_to_the_same_services(
    client: Client, directory: None, tmp_path: Path
) -> None:
    before = api_services(client)
    feed = tmp_path / "feed.json"
    assert write_feed(MIDDLESBROUGH, feed) == len(before)
    for service in json.loads(feed.read_text()):
        assert problems("service.json", document=service) == []
    wipe_directory()
    report = import_feed(feed.read_bytes(), council_code=MIDDLESBROUGH, state=PUBLISHED)
    assert report.services == len(before)
    assert api_services(client) == before


def test_an_exported_package_imports_back_to_the_same_services(
    client: Client, directory: None, tmp_path: Path
) -> None:
    before = api_services(client)
    counts = write_package(MIDDLESBROUGH, tmp_path / "package.zip")
    assert counts["services.csv"] == len(before)
    assert counts["schedules.csv"] >= len(before)
    wipe_directory()
    import_package(tmp_path / "package.zip", council_code=MIDDLESBROUGH, state=PUBLISHED)
    assert api_services(client) == before


def test_importing_the_same_feed_twice_updates_rather_than_doubles(
    directory: None, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.ndjson"
    write_feed(MIDDLESBROUGH, feed, ndjson=True)
    counts = {model: model.objects.count() for model in (m.Service, m.Schedule, m.Location)}
    import_feed(feed.read_bytes(), council_code=MIDDLESBROUGH, state=PUBLISHED)
    assert {model: model.objects.count() for model in counts} == counts


def import_again(tmp_path: Path, kind: str) -> None:
    """Export Middlesbrough's directory as a feed or a package, empty it, and import the file."""
    if kind == "feed":
        feed = tmp_path / "feed.json"
        write_feed(MIDDLESBROUGH, feed)
        wipe_directory()
        import_feed(feed.read_bytes(), council_code=MIDDLESBROUGH, state=PUBLISHED)
    else:
        write_package(MIDDLESBROUGH, tmp_path / "package.zip")
        wipe_directory()
        import_package(tmp_path / "package.zip", council_code=MIDDLESBROUGH, state=PUBLISHED)


@pytest.mark.parametrize("kind", ["feed", "package"])
def test_after_an_import_the_database_planner_counts_the_directorys_real_rows(
    directory: None, tmp_path: Path, kind: str
) -> None:
    import_again(tmp_path, kind)
    for model in (m.Organisation, m.Service, m.Location, m.ServiceAtLocation, m.Schedule):
        assert planner_row_count(model) == model.objects.count() > 0
    if connection.vendor == "postgresql":
        assert {"service_id", "byday", "opens_at"} <= columns_with_statistics(m.Schedule)


def test_imported_entries_wait_for_review_by_default(directory: None, tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    write_feed(MIDDLESBROUGH, feed)
    wipe_directory()
    import_feed(feed.read_bytes(), council_code=MIDDLESBROUGH, source="Another council")
    assert set(m.Service.objects.values_list("state", flat=True)) == {PublicationState.IN_REVIEW}
    assert set(m.Service.objects.values_list("source", flat=True)) == {"Another council"}


def test_a_feed_with_a_service_without_a_name_imports_nothing_and_names_the_row(
    directory: None,
) -> None:
    services = list(feed_services(MIDDLESBROUGH))[:3]
    del services[1]["name"]
    services[2]["status"] = "open all hours"
    wipe_directory()
    with pytest.raises(ImportFailed) as failure:
        import_feed(json.dumps(services).encode(), council_code=MIDDLESBROUGH)
    errors = failure.value.errors
    assert any(e.startswith("Service 2:") and "'name' is a required property" in e for e in errors)
    assert any(e.startswith("Service 3 (") and e.split(": ")[1] == "status" for e in errors)
    assert not m.Service.objects.exists()
    assert not m.Organisation.objects.exists()


@pytest.mark.parametrize(
    "content",
    [b"not json at all {", b'{"hello": "world"}', b"[1, 2, 3]", b'{"contents": [{"id": "x"}]}'],
)
def test_a_file_that_is_not_a_feed_is_refused_in_plain_words(content: bytes) -> None:
    with pytest.raises(ImportFailed) as failure:
        import_feed(content, council_code=MIDDLESBROUGH)
    assert failure.value.errors
    assert not m.Service.objects.exists()


def _rewrite(path: Path, change: Any) -> None:
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    change(rows)
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_a_package_with_bad_rows_imports_nothing_and_names_each_row(
    directory: None, tmp_path: Path
) -> None:
    package = tmp_path / "package"
    write_package(MIDDLESBROUGH, package)

    def break_services(rows: list[dict[str, str]]) -> None:
        rows[1]["name"] = ""
        rows[3]["minimum_age"] = "eight"

    def break_schedules(rows: list[dict[str, str]]) -> None:
        rows[0]["opens_at"] = "25:99"

    _rewrite(package / "services.csv", break_services)
    _rewrite(package / "schedules.csv", break_schedules)
    wipe_directory()
    with pytest.raises(ImportFailed) as failure:
        import_package(package, council_code=MIDDLESBROUGH)
    errors = failure.value.errors
    assert any(e.startswith("services.csv row 3: name:") for e in errors)
    assert any(e.startswith("services.csv row 5: minimum_age:") for e in errors)
    assert any(e.startswith("schedules.csv row 2: opens_at:") for e in errors)
    assert not m.Service.objects.exists()
    assert not m.Schedule.objects.exists()


def test_a_package_whose_ages_are_out_of_order_imports_nothing(
    directory: None, tmp_path: Path
) -> None:
    package = tmp_path / "package"
    write_package(MIDDLESBROUGH, package)

    def reverse_ages(rows: list[dict[str, str]]) -> None:
        rows[0]["minimum_age"], rows[0]["maximum_age"] = "16", "12"

    _rewrite(package / "services.csv", reverse_ages)
    wipe_directory()
    with pytest.raises(ImportFailed) as failure:
        import_package(package, council_code=MIDDLESBROUGH)
    assert any("directory_service_ages_in_order" in e for e in failure.value.errors)
    assert not m.Service.objects.exists()


def test_exported_cells_never_run_as_spreadsheet_formulas(directory: None, tmp_path: Path) -> None:
    m.Service.objects.filter(state=PUBLISHED).update(alert='=HYPERLINK("http://example.org")')
    write_package(MIDDLESBROUGH, tmp_path / "package")
    with (tmp_path / "package/services.csv").open() as f:
        alerts = {row["alert"] for row in csv.DictReader(f)}
    assert alerts == {'\'=HYPERLINK("http://example.org")'}


def test_the_command_line_exports_and_imports_both_formats(directory: None, tmp_path: Path) -> None:
    call_command("export_directory", council=MIDDLESBROUGH, output=tmp_path / "feed.json")
    call_command(
        "export_directory", council=MIDDLESBROUGH, format="hsds-csv", output=tmp_path / "pkg.zip"
    )
    count = m.Service.objects.filter(state=PUBLISHED).count()
    wipe_directory()
    call_command("import_directory", tmp_path / "feed.json", council=MIDDLESBROUGH, publish=True)
    assert m.Service.objects.filter(state=PUBLISHED).count() == count
    wipe_directory()
    call_command("import_directory", tmp_path / "pkg.zip", council=MIDDLESBROUGH)
    assert m.Service.objects.filter(state=PublicationState.IN_REVIEW).count() == count


def test_the_command_line_lists_the_problems_and_fails(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "status": "active"}]))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_directory", bad, council=MIDDLESBROUGH)
