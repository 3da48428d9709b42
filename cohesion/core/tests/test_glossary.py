"""The glossary: every term has a plain meaning, pages link to it, and the page lists them all."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from cohesion.core.glossary import TERMS

pytestmark = pytest.mark.django_db


def test_the_glossary_page_lists_every_term_with_its_anchor(client):
    body = client.get("/glossary/").content.decode()
    for term in TERMS:
        assert f'id="{term.slug}"' in body
        assert str(term.name) in body
    assert len({t.slug for t in TERMS}) == len(TERMS)


def test_a_term_links_to_its_entry_with_its_meaning_and_a_name_for_screen_readers():
    html = Template('{% load core_glossary %}{% term "design-effect" %}').render(Context())
    assert 'href="/glossary/#design-effect"' in html
    assert "effective sample size" in html  # the meaning, as the link's title
    assert '<span class="govuk-visually-hidden"> Design effect</span>' in html


def test_an_unknown_term_is_a_template_error_not_a_silent_gap():
    with pytest.raises(KeyError):
        Template('{% load core_glossary %}{% term "no-such-term" %}').render(Context())
