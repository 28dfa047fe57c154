"""How a view runs a service: a refusal by the rules (a DomainError) becomes an error message
for the user, success a success message; anything else is a defect and propagates (500).

    if run_service(request, lambda: payout_approve(payout=payout, actor=request.user),
                   success=_("The payout is approved.")):
        return redirect(...)
"""

from collections.abc import Callable

from django.contrib import messages

from kolplatform.core.errors import DomainError


def run_service(request, action: Callable[[], object], *, success: str | None = None) -> bool:
    """Call `action()`; True when it ran (and `success`, if given, is shown), False when a
    DomainError refused it (its message is shown)."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    if success:
        messages.success(request, success)
    return True
