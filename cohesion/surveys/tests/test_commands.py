"""The command-line verbs: import a file of responses, and weight a wave."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

GOOD = (
    "serial,get_on_well_local,age_band,sex,ward,ethnic_group,tenure\n"
    "A1,Tend to agree,25-34,female,Newport,white,social_rented\n"
    "A2,1,75+,male,North Ormesby,white,owned_outright\n"
)


def test_a_file_is_imported_from_the_command_line(tmp_path, locality_survey, make_wave, capsys):
    wave = make_wave(locality_survey)
    path = tmp_path / "responses.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_survey_responses", wave.pk, str(path), "--map", "serial=respondent_ref")
    assert "Imported 2 responses" in capsys.readouterr().out
    assert wave.responses.filter(status="complete").count() == 2


def test_a_bad_file_lists_its_problems_and_imports_nothing(
    tmp_path, locality_survey, make_wave, capsys
):
    wave = make_wave(locality_survey)
    path = tmp_path / "responses.csv"
    path.write_text(GOOD.replace("Newport", "Atlantis"), encoding="utf-8")
    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "import_survey_responses", wave.pk, str(path), "--map", "serial=respondent_ref"
        )
    assert "row 1, column ward: Unknown ward" in capsys.readouterr().err
    assert not wave.responses.exists()
    assert not wave.imports.exists()


def test_weighting_from_the_command_line_reports_the_design_effect(filled_wave, capsys):
    call_command("weight_survey_wave", filled_wave.pk)
    assert "design effect" in capsys.readouterr().out
    with pytest.raises(CommandError, match="There is no wave"):
        call_command("weight_survey_wave", 999999)
