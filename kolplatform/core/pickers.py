"""Server-side pickers: a select that renders only the chosen value, with a search box (htmx)
that asks `core:picker_search` for a few matches. A page never renders every staff user or
product as an <option> (16,000 users and 2,000 products at the target scale).

    manager = forms.ModelChoiceField(picker_queryset("manager"), widget=SearchSelect("manager"))

Each source names who may be picked (the queryset the form validates against, so a value typed
into the URL is checked as with a plain select) and how a search matches.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy

from kolplatform.core.models import Product, User
from kolplatform.core.roles import STAFF_ROLES, Role

MATCHES = 20
MIN_QUERY = 2


def _users(roles) -> QuerySet:
    # EXISTS instead of a join with DISTINCT: a user with two roles is one row, and the planner
    # stops after the first matches in name order.
    through = User.groups.through
    return User.objects.filter(
        Q(pk__in=through.objects.filter(group__name__in=list(roles)).values("user_id")),
        is_active=True,
    ).order_by("last_name", "first_name", "pk")


def _user_search(qs: QuerySet, query: str) -> QuerySet:
    words = query.split()
    for word in words:
        qs = qs.filter(
            Q(last_name__istartswith=word)
            | Q(first_name__istartswith=word)
            | Q(username__istartswith=word)
        )
    return qs


@dataclass(frozen=True)
class Source:
    queryset: Callable[[], QuerySet]
    search: Callable[[QuerySet, str], QuerySet]


SOURCES: dict[str, Source] = {
    "staff": Source(lambda: _users(STAFF_ROLES), _user_search),
    "manager": Source(lambda: _users([Role.MARKETING_MANAGER, Role.FIELD_STAFF]), _user_search),
    "product": Source(
        lambda: Product.objects.order_by("name", "pk"),
        lambda qs, query: qs.filter(name__icontains=query),
    ),
}


def picker_queryset(source: str) -> QuerySet:
    """The values a field with this picker accepts."""
    return SOURCES[source].queryset()


def picker_matches(source: str, query: str, *, chosen=()) -> tuple[list, bool]:
    """Up to MATCHES values for `query` and whether there are more; none below MIN_QUERY
    characters. Values in `chosen` (ids) are left out: the caller shows them already."""
    query = " ".join(query.split())
    if len(query) < MIN_QUERY:
        return [], False
    qs = SOURCES[source].search(picker_queryset(source), query).exclude(pk__in=chosen)
    found = list(qs[: MATCHES + 1])
    return found[:MATCHES], len(found) > MATCHES


def picker_chosen(source: str, ids) -> list:
    """The chosen values of a multiple picker (ids from the request), in name order."""
    ids = [i for i in ids if str(i).isdigit()][: MATCHES * 5]
    return list(picker_queryset(source).filter(pk__in=ids)) if ids else []


class SearchSelect(forms.Select):
    """A select holding only the chosen value; the search box above it fills in the matches."""

    template_name = "core/widgets/search_select.html"

    def __init__(self, source: str, *, empty_label: str = "—", attrs=None):
        if source not in SOURCES:
            raise KeyError(source)
        super().__init__(attrs)
        self.source = source
        self.empty_label = empty_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = reverse_lazy("core:picker_search", args=[self.source])
        context["widget"]["multiple"] = self.allow_multiple_selected
        return context

    def optgroups(self, name, value, attrs=None):
        chosen = [str(v) for v in value if str(v).isdigit()]
        options = [self.create_option(name, "", self.empty_label, not chosen, 0)]
        field = getattr(self.choices, "field", None)
        label = field.label_from_instance if field is not None else str
        for i, obj in enumerate(picker_queryset(self.source).filter(pk__in=chosen), 1):
            options.append(self.create_option(name, obj.pk, label(obj), True, i))
        return [(None, options, 0)]


class SearchSelectMultiple(SearchSelect, forms.SelectMultiple):
    """The same for several values: the search sends the chosen ones along (hx-include), and the
    answer keeps them selected above the new matches."""

    allow_multiple_selected = True

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        return [(None, groups[0][1][1:], 0)]  # no empty choice in a multiple select

    def value_from_datadict(self, data, files, name):
        return forms.SelectMultiple.value_from_datadict(self, data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return False


def use_picker(field: forms.ModelChoiceField, source: str, *, empty_label: str = "—") -> None:
    """Turn a model choice field of a form into a server-side picker of `source` (a multiple
    choice field gets SearchSelectMultiple)."""
    cls = (
        SearchSelectMultiple if isinstance(field, forms.ModelMultipleChoiceField) else SearchSelect
    )
    widget = cls(source, empty_label=empty_label, attrs=field.widget.attrs)
    widget.is_required = field.required
    field.widget = widget
    field.queryset = picker_queryset(source)  # also hands the choices to the new widget
