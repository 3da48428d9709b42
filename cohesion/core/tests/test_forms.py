import re

from django import forms
from django.test import RequestFactory

from cohesion.core.forms import FixedChoiceField, FixedMultipleChoiceField, GovukForm
from cohesion.core.navigation import items_for
from cohesion.core.views import server_error


class ExampleForm(GovukForm):
    name = forms.CharField(label="Your name")
    colour = forms.ChoiceField(
        label="Colour", choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect
    )
    pets = forms.MultipleChoiceField(
        label="Pets", choices=[("c", "Cat"), ("d", "Dog")], widget=forms.CheckboxSelectMultiple
    )


def _summary_links(html: str) -> list[str]:
    summary = html.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="#([^"]+)"', summary)


def test_every_error_summary_link_points_at_an_element_on_the_page():
    form = ExampleForm(data={})
    html = str(form)
    links = _summary_links(html)
    assert links == ["id_name", "id_colour_0", "id_pets_0"]
    for anchor in links:
        assert f'id="{anchor}"' in html, anchor


def test_fields_in_error_carry_the_govuk_error_state_and_message():
    html = str(ExampleForm(data={"colour": "r", "pets": ["c"]}))
    assert "govuk-form-group--error" in html
    assert "govuk-input--error" in html
    assert 'aria-describedby="id_name-error"' in html


def test_the_navigation_survives_a_request_that_failed_before_sign_in_was_checked():
    request = RequestFactory().get("/")
    assert not hasattr(request, "user")
    assert items_for(request) == []


def test_the_server_error_page_needs_neither_the_database_nor_a_signed_in_person():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_forms_share_a_fixed_choice_list_but_a_form_can_still_set_its_own() -> None:
    class Colours(forms.Form):
        one = FixedChoiceField(choices=[("r", "Red"), ("g", "Green")])
        many = FixedMultipleChoiceField(choices=[("r", "Red"), ("g", "Green")])

    first, second = Colours({"one": "g", "many": ["r"]}), Colours()
    assert first.fields["one"].choices is second.fields["one"].choices  # shared, not copied
    assert first.is_valid() and first.cleaned_data == {"one": "g", "many": ["r"]}
    second.fields["one"].choices = [("b", "Blue")]
    assert [value for value, _label in Colours().fields["one"].choices] == ["r", "g"]
    assert not Colours({"one": "b", "many": []}).is_valid()
    assert first.fields["one"].widget is not second.fields["one"].widget
