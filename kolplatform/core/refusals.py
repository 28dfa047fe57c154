"""Why a state change is refused, in words the user can act on.

A transition (django_fsm) is refused for one of two reasons: the object is in a status the step
does not start from, or a condition of the transition does not hold. Each condition declares its
own reason with `@refusal`, a function of the object giving the sentence to show: what is missing
and, where there is one, when the step becomes possible:

    @refusal(lambda event: _("The event has not ended yet; it can be marked held from %(when)s.")
             % {"when": local_datetime(event.ends_at)})
    def has_ended(self) -> bool: ...

`transition_refusal(obj, "mark_held")` returns the sentence for a refused transition (None when
it may run); services raise their DomainError with it. tests/core/test_refusals.py checks that
every condition of every transition of the project declares its reason.
"""

from collections.abc import Callable

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_fsm import FSMFieldMixin


def refusal(message: Callable[[object], str]):
    """Declare the reason shown when the decorated transition condition does not hold."""

    def decorate(condition):
        condition.refusal = message
        return condition

    return decorate


def local_datetime(value) -> str:
    """A moment in the active language's format and the local time zone."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def local_date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def transition_refusal(obj, name: str) -> str | None:
    """Why transition `name` of `obj` cannot run now, or None when it can."""
    meta = getattr(obj, name)._django_fsm
    state = meta.field.get_state(obj)
    transition = meta.get_transition(state) if meta.has_transition(state) else None
    if transition is None:
        return _status_refusal(obj, meta)
    for condition in transition.conditions:
        if not condition(obj):
            return condition.refusal(obj)
    return None


def _status_refusal(obj, meta) -> str:
    field = meta.field
    labels = dict(field.choices)
    allowed = [str(labels.get(source, source)) for source in meta.transitions if source in labels]
    status = labels.get(field.get_state(obj), field.get_state(obj))
    if not allowed:
        return _("This step is not possible in the status “%(status)s”.") % {"status": status}
    return _(
        "This step is not possible in the status “%(status)s”; it is possible in %(allowed)s."
    ) % {
        "allowed": ", ".join(f"“{a}”" for a in allowed),
        "status": status,
    }


def model_transitions(model):
    """Every transition of every FSM field of `model`."""
    for field in model._meta.get_fields():
        if isinstance(field, FSMFieldMixin):
            yield from field.get_all_transitions(model)
