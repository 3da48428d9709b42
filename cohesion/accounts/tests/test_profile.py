"""The account page."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_profile_table_scrolls_inside_its_own_box_on_a_narrow_screen(client_for, alice):
    page = client_for(alice).get(reverse("accounts-profile")).text
    assert re.search(
        r'<div class="cohesion-table-scroll" tabindex="0" role="region" aria-label="Your organisations">'
        r'\s*<table class="govuk-table">',
        page,
    )
    assert re.search(r"</table>\s*</div>", page)
