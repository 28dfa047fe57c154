from kolplatform.core.navigation import nav_for_user
from kolplatform.core.two_factor import OK, STATE_KEY


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    if getattr(request, "session", {}).get(STATE_KEY, OK) != OK:
        # Before the second factor, the menu would only lead back to the code or setup page.
        return {"nav_items": []}
    return {"nav_items": nav_for_user(user, request.path)}
