"""Request checks that hold for every view."""

from django.shortcuts import render
from django.utils.translation import gettext as _


class RejectNulInQueryMiddleware:
    """A NUL byte in the query string is refused with 400 and a message.

    PostgreSQL cannot store or compare text holding NUL, so a `%00` in a search box reached the
    database as an error (500). No page of the platform takes NUL in a query parameter, so the
    request is answered here, before any view or filter sees it. (Form fields already refuse NUL
    in POSTed text with a form error: Django's ProhibitNullCharactersValidator.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            message = _(
                "The address holds a character that is not allowed (a NUL byte). "
                "Remove it from the search text and try again."
            )
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
