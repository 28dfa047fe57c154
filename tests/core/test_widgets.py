"""PlainSelect writes the HTML Django's select templates write (whitespace between tags aside):
options, groups, the selected one, attributes, and escaped labels and values."""

import re

import pytest
from django import forms

from kolplatform.core.widgets import PlainSelect

CHOICES = [
    ("", "—"),
    ("1", "Москва & область"),
    ("Группа <b>", [("2", '"Кавычки"'), ("3", "<script>x</script>")]),
    ("4'", "апостроф"),
]


def django_html(widget, value, attrs) -> str:
    html = forms.Select.render(widget, "region", value, attrs)
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("value", [None, "", "1", "3", "4'", "missing"])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_region", "class": "form-select", "required": True, "x": False}]
)
def test_the_html_is_djangos(value, attrs):
    widget = PlainSelect(choices=CHOICES)
    assert str(widget.render("region", value, attrs)) == django_html(widget, value, attrs)


def test_labels_and_values_are_escaped():
    html = str(PlainSelect(choices=CHOICES).render("region", "3"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'label="Группа &lt;b&gt;"' in html
    assert '<option value="3" selected>' in html
