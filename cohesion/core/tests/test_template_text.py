"""No template shows a person English that a translator cannot reach.

Every word on a page, staff or public, goes through ``{% translate %}`` or
``{% blocktranslate %}`` so the page can be read in Welsh (the Welsh Language
Standards), Polish and Arabic. The reading is done by cohesion/testing/template_text.py.
"""

from __future__ import annotations

from cohesion.testing.template_text import (
    bare_english,
    project_templates,
    untranslated_template_text,
)


def test_no_template_shows_english_outside_a_translation_tag() -> None:
    found = untranslated_template_text()
    listing = "\n".join(
        f"{template}: {passage!r}" for template, passages in found.items() for passage in passages
    )
    assert found == {}, f"English outside a translation tag in {len(found)} templates:\n{listing}"


def test_every_template_is_read_html_pages_and_plain_text_emails() -> None:
    names = {path.name for path in project_templates()}
    assert {"base.html", "500.html", "invitation_email.txt"} <= names
    assert len(names) > 150


def test_the_check_finds_bare_english_in_text_and_in_the_attributes_people_read() -> None:
    template = """{% load i18n %}<h1>{% translate "Case queue" %}</h1>
    <p>Reports waiting for triage: {{ count }}</p>
    <a href="/x" title="Open the report">{% translate "Open" %}</a>
    <img src="a.png" alt="Map of the ward">
    <input type="search" placeholder="Search cases">
    <nav aria-label="Pages"></nav>
    <input type="submit" value="Save and continue">
    <button type="submit">{% translate "Save" %}</button>
    <dd>{{ report.owner|default:"Nobody yet" }}</dd>"""
    assert bare_english(template) == [
        "Reports waiting for triage: …",
        'title="Open the report"',
        'alt="Map of the ward"',
        'placeholder="Search cases"',
        'aria-label="Pages"',
        'value="Save and continue"',
        "|…:'Nobody yet'",
    ]


def test_the_check_passes_translated_text_code_and_names_that_are_not_language() -> None:
    template = """{% load i18n %}{# a comment for developers #}{% comment %}Also for developers{% endcomment %}
    <title>{% block title %}{% translate "Ward profile" %}{% endblock %} – Cohesion</title>
    <p>{% blocktranslate trimmed with name=ward.name %}Profile of {{ name }}{% endblocktranslate %}</p>
    <a href="?format=csv" aria-label="{% translate 'Download' %} CSV">CSV</a> · <a href="x.json">JSON</a> (iCal, ORUK, GOV.UK)
    <p><code>GET /api/v1/areas/</code> 42 &ndash; 7% &amp; {{ value|default:"–" }} {{ owner|default:_("Nobody yet") }}</p>
    <script>const label = "Not shown as words";</script><style>.x::after { content: "none"; }</style>
    <input type="hidden" name="next" value="somewhere">
    <option value="open">{% translate "Open" %}</option>"""
    assert bare_english(template) == []
